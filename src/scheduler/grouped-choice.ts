/**
 * A class's node choice when plugins that are not node-local take part (PodTopologySpread,
 * InterPodAffinity): nodes grouped by the topology domains those plugins read
 * (domain-groups.ts). The node-local part of every node's total is kept in one tournament
 * per group; the non-local plugins run on one node per group and on the few special nodes
 * they name. The best node of a group is its best by the node-local part, since the rest
 * is the same for the whole group.
 */

import type { Pod } from '../model/types.ts';
import {
  type ClassCache,
  type ClassCaches,
  type Grouped,
  type GroupScores,
  localTotal,
  MAX_CLASSES,
} from './class-cache.ts';
import { GroupTournaments, type Partition, partitionNodes } from './framework/domain-groups.ts';
import {
  type CycleState,
  type DomainStructured,
  type FilterPlugin,
  isDomainStructured,
  isNodeLocal,
  type NodeInfo,
  type ScorePlugin,
} from './framework/interfaces.ts';
import type { WeightedScorePlugin } from './framework/runtime.ts';
import { type CycleOutcome, preScoreError, scoreError } from './outcome.ts';

/** The domains this cycle's non-local plugins read, and the nodes they single out. */
interface Structure {
  partKey: string;
  part: Partition;
  specials: number[];
}

/** One pod's grouped cycle: what every step after the grouping works on. */
interface Cycle {
  state: CycleState;
  pod: Pod;
  cls: ClassCache;
  /** The class's groups by the domains this cycle's non-local plugins read. */
  g: Grouped;
}

/** The nodes the non-local plugins are run on: one per group with feasible nodes, and the special nodes. */
interface Candidates {
  nodes: NodeInfo[];
  /** The group each stands for, or -1 for a special node. */
  group: number[];
  /** How many feasible nodes each stands for. */
  weights: number[];
}

export class GroupedChoice {
  private readonly caches: ClassCaches;
  /** Partitions of the nodes by key set (node labels never change). */
  private readonly partitions = new Map<string, Partition>();
  /** The plugins that are not node-local, each once. */
  private readonly structured: (DomainStructured & { name: string })[];
  /** Whether the grouped choice may be used at all with this profile. */
  readonly usable: boolean;
  /** Some score plugin is not node-local. */
  readonly nonLocalScore: boolean;
  private readonly totals: Float64Array;
  private readonly scores: Float64Array;

  constructor(caches: ClassCaches) {
    this.caches = caches;
    const framework = caches.framework;
    const n = Math.max(1, caches.nodeCount);
    this.totals = new Float64Array(n);
    this.scores = new Float64Array(n);
    let usable = framework.scorePlugins.length <= 31;
    const structured = new Set<DomainStructured & { name: string }>();
    for (const { plugin } of framework.scorePlugins) {
      if (isNodeLocal(plugin)) {
        if (plugin.normalizeScore && !plugin.defaultNormalize) usable = false;
      } else if (isDomainStructured(plugin)) structured.add(plugin);
      else usable = false;
    }
    for (const plugin of framework.filterPlugins) {
      if (!isNodeLocal(plugin) && isDomainStructured(plugin)) structured.add(plugin);
    }
    this.structured = [...structured];
    this.usable = usable;
    this.nonLocalScore = framework.scorePlugins.some(({ plugin }) => !isNodeLocal(plugin));
  }

  /**
   * The cycle from Filter on, by domain group: returns undefined, having changed nothing
   * the other paths read, when this pod is better served by them (no plugin reads a
   * domain, too many groups) or when at most one node is feasible (the every-node path
   * then gives each node's reason, or takes the one node unscored).
   */
  choose(
    state: CycleState,
    pod: Pod,
    cls: ClassCache,
    cut: number,
    restActive: boolean,
  ): CycleOutcome | undefined {
    const structure = this.structure(state, pod, cut, restActive);
    if (!structure) return undefined;
    const { g, count, full } = this.follow(cls, structure);
    const cycle: Cycle = { state, pod, cls, g };
    const candidates = this.candidates(cycle, structure.part, cut, restActive);
    let feasible = 0;
    for (const w of candidates.weights) feasible += w;
    if (feasible <= 1) {
      // The scores were not brought up to date with the dirty nodes.
      g.scores = undefined;
      return undefined;
    }
    const framework = this.caches.framework;
    const preScore = framework.runPreScorePlugins(
      state,
      pod,
      candidates.nodes,
      Int32Array.from(candidates.weights),
    );
    if (preScore) {
      g.scores = undefined;
      return preScoreError(preScore);
    }
    const sc = this.localPart(cycle, count, full, candidates);
    // The non-local plugins on the candidates; the node-local part is in `sc`.
    const status = framework.runScorePlugins(
      state,
      pod,
      candidates.nodes,
      this.totals,
      this.nonLocal(state, pod),
      this.scores,
    );
    if (status) return scoreError(status);
    const best = this.best(sc, candidates);
    if (best < 0) return undefined;
    return { kind: 'scheduled', node: this.caches.snapshot.nodeInfos[best] as NodeInfo, state };
  }

  private partitionFor(keys: readonly string[], partKey: string): Partition {
    let part = this.partitions.get(partKey);
    if (!part) {
      if (this.partitions.size >= MAX_CLASSES) this.partitions.clear();
      const snapshot = this.caches.snapshot;
      part = partitionNodes(snapshot.nodeInfos, keys, snapshot.nameRank);
      this.partitions.set(partKey, part);
    }
    return part;
  }

  /** The partition by the domains the non-local plugins read for this pod, or undefined when grouping does not serve. */
  private structure(state: CycleState, pod: Pod, cut: number, restActive: boolean): Structure | undefined {
    const filters = this.caches.framework.filterPlugins;
    for (let i = cut; i < filters.length; i++) {
      const plugin = filters[i] as FilterPlugin;
      if (state.skipFilterPlugins.has(plugin.name)) continue;
      if (isNodeLocal(plugin) || !isDomainStructured(plugin)) return undefined;
    }
    const keySet = new Set<string>();
    const specials: number[] = [];
    for (const plugin of this.structured) {
      const structure = plugin.domainStructure(state, pod);
      if (!structure) return undefined;
      for (const key of structure.keys) keySet.add(key);
      for (const k of structure.special) specials.push(k);
    }
    if (!restActive && keySet.size === 0 && specials.length === 0) return undefined;
    const keys = [...keySet].sort();
    const partKey = keys.join('\u0000');
    const part = this.partitionFor(keys, partKey);
    if (part.members.length > Math.max(16, this.caches.nodeCount / 4)) return undefined;
    return { partKey, part, specials };
  }

  /**
   * Brings the class's group membership up to date: which nodes the prefix accepts and
   * are not special. Returns the nodes whose membership or scores may have changed
   * (changed since the last sync, or special now or before) in `caches.changed`, and
   * how many (`full` when every node must be looked at).
   */
  private follow(
    cls: ClassCache,
    { partKey, part, specials }: Structure,
  ): { g: Grouped; count: number; full: boolean } {
    const caches = this.caches;
    const n = caches.nodeCount;
    let g = cls.grouped;
    if (!g || g.partKey !== partKey || g.epoch !== cls.prefixEpoch) {
      g = {
        partKey,
        part,
        epoch: cls.prefixEpoch,
        inTree: new Uint8Array(n),
        count: new Int32Array(part.members.length),
        special: new Uint8Array(n),
        specialList: [],
        synced: -1,
        scores: undefined,
      };
      cls.grouped = g;
    }
    let count = caches.changedSince(g.synced);
    if (count >= 0) count = caches.addChanged(caches.addChanged(count, g.specialList), specials);
    // This cycle's special nodes, each once, replace the last cycle's.
    for (const k of g.specialList) g.special[k] = 0;
    const specialList: number[] = [];
    for (const k of specials) {
      if (g.special[k] === 1) continue;
      g.special[k] = 1;
      specialList.push(k);
    }
    g.specialList = specialList;
    const full = count < 0;
    if (full) {
      g.inTree.fill(0);
      g.count.fill(0);
      for (let k = 0; k < n; k++) follow(cls, g, k);
    } else for (let i = 0; i < count; i++) follow(cls, g, caches.changed[i] as number);
    g.synced = caches.snapshot.changes.length;
    return { g, count, full };
  }

  /** The rest of the filters on one node per group and on each special node. */
  private candidates(cycle: Cycle, part: Partition, cut: number, restActive: boolean): Candidates {
    const { state, pod, cls, g } = cycle;
    const framework = this.caches.framework;
    const infos = this.caches.snapshot.nodeInfos;
    const end = framework.filterPlugins.length;
    const out: Candidates = { nodes: [], group: [], weights: [] };
    for (let group = 0; group < part.members.length; group++) {
      const size = g.count[group] as number;
      if (size === 0) continue;
      const members = part.members[group] as Int32Array;
      let rep = -1;
      for (let j = 0; j < members.length; j++) {
        if (g.special[members[j] as number] === 0) {
          rep = members[j] as number;
          break;
        }
      }
      const info = infos[rep] as NodeInfo;
      if (restActive && framework.runFilterPluginsRange(state, pod, info, cut, end) !== null) continue;
      out.nodes.push(info);
      out.group.push(group);
      out.weights.push(size);
    }
    for (const k of g.specialList) {
      if (cls.pass[k] !== 1) continue;
      const info = infos[k] as NodeInfo;
      if (restActive && framework.runFilterPluginsRange(state, pod, info, cut, end) !== null) continue;
      out.nodes.push(info);
      out.group.push(-1);
      out.weights.push(1);
    }
    return out;
  }

  /** The node-local part of every node's total, kept per group for the active node-local plugins. */
  private localPart(cycle: Cycle, count: number, full: boolean, candidates: Candidates): GroupScores {
    const { state, cls, g } = cycle;
    const caches = this.caches;
    const n = caches.nodeCount;
    const dirty = caches.changed;
    const scorePlugins = caches.framework.scorePlugins;
    let mask = 0;
    for (let p = 0; p < scorePlugins.length; p++) {
      const { plugin } = scorePlugins[p] as WeightedScorePlugin;
      if (isNodeLocal(plugin) && !state.skipScorePlugins.has(plugin.name)) mask |= 1 << p;
    }
    let sc = g.scores;
    const rebuild = full || !sc || sc.mask !== mask;
    if (rebuild || !sc) {
      const local = caches.localScores(cls, mask);
      sc = {
        ...local,
        mask,
        maxTrees: Array.from(local.norm, (kind) => (kind === 0 ? undefined : new GroupTournaments(g.part))),
        totals: new GroupTournaments(g.part),
      };
      g.scores = sc;
      for (let k = 0; k < n; k++) this.refreshRaw(cycle, sc, k, false);
      for (const maxTree of sc.maxTrees) maxTree?.rebuild();
    } else {
      for (let i = 0; i < count; i++) this.refreshRaw(cycle, sc, dirty[i] as number, true);
    }
    const { nodes, group } = candidates;
    for (let v = 0; v < nodes.length; v++) {
      if (group[v] !== -1) continue;
      this.refreshRaw(cycle, sc, (nodes[v] as NodeInfo).index, true);
    }
    // DefaultNormalizeScore's maximum over the feasible nodes: the feasible groups' and special nodes'.
    let maxChanged = false;
    for (let a = 0; a < sc.plugins.length; a++) {
      const maxTree = sc.maxTrees[a];
      if (!maxTree) continue;
      const raw = sc.raw[a] as Float64Array;
      let max = 0;
      for (let v = 0; v < nodes.length; v++) {
        const gr = group[v] as number;
        const value = gr >= 0 ? maxTree.bestValue(gr) : (raw[(nodes[v] as NodeInfo).index] as number);
        if (value > max) max = value;
      }
      if (sc.maxes[a] !== max) {
        sc.maxes[a] = max;
        maxChanged = true;
      }
    }
    if (rebuild || maxChanged) {
      for (let k = 0; k < n; k++)
        sc.totals.write(k, g.inTree[k] === 1 ? localTotal(sc, k) : Number.NEGATIVE_INFINITY);
      sc.totals.rebuild();
    } else {
      for (let i = 0; i < count; i++) {
        const k = dirty[i] as number;
        sc.totals.set(k, g.inTree[k] === 1 ? localTotal(sc, k) : Number.NEGATIVE_INFINITY);
      }
    }
    return sc;
  }

  /** Node k's raw node-local scores, when the prefix accepts it; `replay` keeps the maximum trees current. */
  private refreshRaw({ state, pod, cls, g }: Cycle, sc: GroupScores, k: number, replay: boolean): void {
    if (cls.pass[k] === 1) this.caches.refreshScores(state, pod, sc, k);
    for (let a = 0; a < sc.plugins.length; a++) {
      const maxTree = sc.maxTrees[a];
      if (!maxTree) continue;
      const value = g.inTree[k] === 1 ? ((sc.raw[a] as Float64Array)[k] as number) : Number.NEGATIVE_INFINITY;
      if (replay) maxTree.set(k, value);
      else maxTree.write(k, value);
    }
  }

  /** Raw scores for runScorePlugins: the non-local plugins only (batch form when they have one). */
  private nonLocal(state: CycleState, pod: Pod) {
    return (_p: number, plugin: ScorePlugin, nodes: readonly NodeInfo[], scores: Float64Array): boolean => {
      if (isNodeLocal(plugin)) return false;
      if (plugin.scoreNodes) plugin.scoreNodes(state, pod, nodes, scores);
      else for (let v = 0; v < nodes.length; v++) scores[v] = plugin.score(state, pod, nodes[v] as NodeInfo);
      return true;
    };
  }

  /** The best node: each group's best by the node-local part, plus the group's non-local part; ties by name. */
  private best(sc: GroupScores, { nodes, group }: Candidates): number {
    const rank = this.caches.snapshot.nameRank;
    const totals = this.totals;
    let best = -1;
    let bestTotal = Number.NEGATIVE_INFINITY;
    let bestRank = 0;
    for (let v = 0; v < nodes.length; v++) {
      const gr = group[v] as number;
      let k: number;
      let total: number;
      if (gr >= 0) {
        k = sc.totals.best(gr);
        total = sc.totals.bestValue(gr) + (totals[v] as number);
      } else {
        k = (nodes[v] as NodeInfo).index;
        total = localTotal(sc, k) + (totals[v] as number);
      }
      if (k < 0) continue;
      const r = rank[k] as number;
      if (best < 0 || total > bestTotal || (total === bestTotal && r < bestRank)) {
        best = k;
        bestTotal = total;
        bestRank = r;
      }
    }
    return best;
  }
}

/** Puts node k in its group's trees or takes it out, as the prefix and the special nodes say. */
function follow(cls: ClassCache, g: Grouped, k: number): void {
  const inTree = cls.pass[k] === 1 && g.special[k] === 0 ? 1 : 0;
  if (g.inTree[k] === inTree) return;
  g.inTree[k] = inTree;
  const group = g.part.groupOf[k] as number;
  g.count[group] = (g.count[group] as number) + (inTree === 1 ? 1 : -1);
}
