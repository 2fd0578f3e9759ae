/**
 * Nodes grouped by their topology domains, so that plugins which are not node-local
 * (PodTopologySpread, InterPodAffinity) are evaluated once per group instead of once
 * per node. Two nodes are in the same group when they have the same value (or the same
 * absence) of every key that several nodes share (zone, region) and the same presence
 * of every key each node has its own value of (hostname). Such a plugin gives every
 * node of a group the same answer except on the few nodes it names as special (see
 * DomainStructure), which the scheduler evaluates one by one.
 */

import { keyDomains } from '../plugins/topology-counts.ts';
import type { NodeInfo } from './interfaces.ts';
import { Tournament } from './tournament.ts';

export interface Partition {
  /** The group of each node, by node index. */
  readonly groupOf: Int32Array;
  /** Each node's position among its group's members. */
  readonly pos: Int32Array;
  /** The members of each group, node indices in ascending order. */
  readonly members: readonly Int32Array[];
  /** The members' positions in name order, group by group, for the tournaments' ties. */
  readonly ranks: readonly Int32Array[];
}

/** Groups `nodeInfos` by their domains of `keys` (labels never change, so once per key set). */
export function partitionNodes(
  nodeInfos: readonly NodeInfo[],
  keys: readonly string[],
  nameRank: Int32Array,
): Partition {
  const n = nodeInfos.length;
  let groupOf = new Int32Array(n);
  let groups = n > 0 ? 1 : 0;
  for (const key of keys) {
    const domains = keyDomains(nodeInfos, key);
    const next = new Int32Array(n);
    const ids = new Map<number, number>();
    const width = domains.perNode ? 2 : domains.idOf.size + 1;
    for (let k = 0; k < n; k++) {
      const id = domains.ids[k] as number;
      // -1 (no label) becomes 0; a per-node key keeps only whether the label is there.
      const value = domains.perNode ? (id >= 0 ? 1 : 0) : id + 1;
      const combined = (groupOf[k] as number) * width + value;
      let group = ids.get(combined);
      if (group === undefined) {
        group = ids.size;
        ids.set(combined, group);
      }
      next[k] = group;
    }
    groupOf = next;
    groups = ids.size;
  }
  const sizes = new Int32Array(groups);
  for (let k = 0; k < n; k++) {
    const g = groupOf[k] as number;
    sizes[g] = (sizes[g] as number) + 1;
  }
  const members = Array.from(sizes, (size) => new Int32Array(size));
  const fill = new Int32Array(groups);
  const pos = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const g = groupOf[k] as number;
    const at = fill[g] as number;
    (members[g] as Int32Array)[at] = k;
    pos[k] = at;
    fill[g] = at + 1;
  }
  const ranks = members.map((list) => list.map((k) => nameRank[k] as number));
  return { groupOf, pos, members, ranks };
}

/**
 * One tournament per group over its members (ties to the name that sorts first), read
 * and written by node index.
 */
export class GroupTournaments {
  readonly trees: Tournament[];
  private readonly part: Partition;

  constructor(part: Partition) {
    this.part = part;
    this.trees = part.ranks.map((ranks) => new Tournament(ranks.length, ranks));
  }

  /** Writes node k's value without replaying (call rebuild() after writing many). */
  write(k: number, value: number): void {
    const tree = this.trees[this.part.groupOf[k] as number] as Tournament;
    tree.values[this.part.pos[k] as number] = value;
  }

  value(k: number): number {
    const tree = this.trees[this.part.groupOf[k] as number] as Tournament;
    return tree.values[this.part.pos[k] as number] as number;
  }

  set(k: number, value: number): void {
    const tree = this.trees[this.part.groupOf[k] as number] as Tournament;
    const at = this.part.pos[k] as number;
    if (tree.values[at] !== value) tree.set(at, value);
  }

  rebuild(): void {
    for (const tree of this.trees) tree.rebuild();
  }

  /** The best node of group g, or -1 when every value there is -Infinity. */
  best(g: number): number {
    const at = (this.trees[g] as Tournament).best();
    return at < 0 ? -1 : ((this.part.members[g] as Int32Array)[at] as number);
  }

  bestValue(g: number): number {
    return (this.trees[g] as Tournament).bestValue();
  }
}
