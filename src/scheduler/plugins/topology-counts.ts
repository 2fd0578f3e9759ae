/**
 * Incremental pod counts per node and per topology domain, shared by the plugins that
 * count matching pods every cycle (PodTopologySpread, InterPodAffinity), with what those
 * plugins do alike around the counts: PreFilter extensions and the batch Filter.
 *
 * Upstream recounts every pod on every node in each PreFilter/PreScore, in parallel.
 * berth schedules thousands of pods in one process, so a count is kept per matcher
 * (a selector, an affinity term) and refreshed only on nodes whose pods changed since
 * the last cycle: NodeInfo bumps `generation` on every add and remove, so a cycle costs
 * one integer comparison per node plus a recount of the one or two nodes that changed.
 * The results are the same as a full recount, by construction.
 *
 * Over ~400 lines because the four counters (pods by label, per node, per domain, and
 * the cache of them) are one invariant: each refreshes from the one before it.
 */

import type { LabelSelector } from '../../model/k8s.ts';
import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';

export type PodMatcher = (pod: Pod) => boolean;

/** Caches never hold more than this many entries; past it they start again empty. */
const MAX_CACHE_ENTRIES = 512;

/**
 * Calls `recount(i)` for every node whose generation differs from `seen[i]`, then
 * records it. With the snapshot's generations array the scan reads two typed arrays
 * and never touches an unchanged NodeInfo.
 */
export function forEachChangedNode(
  nodeInfos: readonly fwk.NodeInfo[],
  generations: Float64Array | undefined,
  seen: Float64Array,
  recount: (i: number, nodeInfo: fwk.NodeInfo) => void,
  log?: fwk.ChangeLog,
  cursor?: ChangeCursor,
): void {
  const gens = generations && generations.length === nodeInfos.length ? generations : undefined;
  if (gens && log && cursor) {
    // Only the nodes the snapshot's change log names since the last sync can differ.
    const from = cursor.position;
    cursor.position = log.length;
    if (from >= 0 && log.length - from <= nodeInfos.length) {
      for (let j = from; j < log.length; j++) {
        const i = log.at(j);
        const gen = gens[i] as number;
        if (seen[i] === gen) continue;
        recount(i, nodeInfos[i] as fwk.NodeInfo);
        seen[i] = gen;
      }
      return;
    }
  }
  for (let i = 0; i < nodeInfos.length; i++) {
    // With the snapshot's generations, an unchanged NodeInfo is never read.
    const gen = gens ? (gens[i] as number) : (nodeInfos[i] as fwk.NodeInfo).generation;
    if (seen[i] === gen) continue;
    recount(i, nodeInfos[i] as fwk.NodeInfo);
    seen[i] = gen;
  }
}

/**
 * The PreFilter extensions of a plugin whose PreFilter state holds such counts:
 * `update` applies a pod arriving on (+1) or leaving (-1) a node to the state under
 * `key`, so preemption's dry runs see victims leave. A missing state is an error.
 */
export function countingExtensions<S extends fwk.StateData>(
  key: string,
  update: (data: S, pod: Pod, podToSchedule: Pod, nodeInfo: fwk.NodeInfo, delta: 1 | -1) => void,
): fwk.PreFilterExtensions {
  const apply = (
    state: fwk.CycleState,
    podToSchedule: Pod,
    pod: Pod,
    nodeInfo: fwk.NodeInfo,
    delta: 1 | -1,
  ) => {
    const data = fwk.readState<S>(state, key);
    if (data instanceof fwk.Status) return data;
    update(data, pod, podToSchedule, nodeInfo, delta);
    return null;
  };
  return {
    addPod: (state, podToSchedule, podToAdd, nodeInfo): fwk.MaybeStatus =>
      apply(state, podToSchedule, podToAdd, nodeInfo, 1),
    removePod: (state, podToSchedule, podToRemove, nodeInfo): fwk.MaybeStatus =>
      apply(state, podToSchedule, podToRemove, nodeInfo, -1),
  };
}

/** A plugin's batch Filter, `filterNodes`. */
export type FilterNodes = NonNullable<fwk.FilterPlugin['filterNodes']>;

/**
 * The batch Filter (`filterNodes`) of a plugin whose PreFilter state holds such counts.
 * The state under `key` is read once (when it is missing, every node gets the error);
 * `prepare` turns it, once per cycle, into tables by domain and returns the check of a
 * snapshot node by its index, which must equal the plugin's `filter` there. A node copied
 * outside the snapshot (index -1, in preemption's dry runs) goes through `filter` itself.
 */
export function filterNodesByIndex<S extends fwk.StateData>(
  key: string,
  plugin: fwk.FilterPlugin,
  prepare: (data: S) => (k: number) => fwk.MaybeStatus,
): FilterNodes {
  return (state, pod, nodes, count, statuses) => {
    const data = fwk.readState<S>(state, key);
    if (data instanceof fwk.Status) {
      statuses.fill(data, 0, count);
      return;
    }
    const check = prepare(data);
    for (let i = 0; i < count; i++) {
      const nodeInfo = nodes[i] as fwk.NodeInfo;
      const k = nodeInfo.index;
      statuses[i] = k < 0 ? plugin.filter(state, pod, nodeInfo) : check(k);
    }
  };
}

/** How far a cache has read the snapshot's change log; -1 until its first full scan. */
export interface ChangeCursor {
  position: number;
}

/** The snapshot's generations by node index, when it keeps them (ClusterSnapshot does). */
export function snapshotGenerations(snapshot: object): Float64Array | undefined {
  const generations = (snapshot as { generations?: unknown }).generations;
  return generations instanceof Float64Array ? generations : undefined;
}

/**
 * Every pod in the snapshot by label pair (`key\u0000value`), with the node index of
 * each placement, kept up to date from the change log. A new counter whose matcher
 * only selects pods carrying some pair visits those pods instead of every pod.
 */
export class PodsByLabel {
  private readonly byPair = new Map<string, Map<Pod, number[]>>();
  private position = -1;

  /** Brings the index up to the log's end; false when there is no log to follow. */
  sync(nodeInfos: readonly fwk.NodeInfo[], log: fwk.ChangeLog | undefined): boolean {
    if (!log) return false;
    if (this.position < 0) {
      for (let i = 0; i < nodeInfos.length; i++)
        for (const pod of (nodeInfos[i] as fwk.NodeInfo).pods) this.add(pod, i);
    } else {
      for (let j = this.position; j < log.length; j++) {
        if (log.signAt(j) > 0) this.add(log.podAt(j), log.at(j));
        else this.remove(log.podAt(j), log.at(j));
      }
    }
    this.position = log.length;
    return true;
  }

  private add(pod: Pod, node: number): void {
    for (const key in pod.labels) {
      const pair = `${key}\u0000${pod.labels[key]}`;
      let pods = this.byPair.get(pair);
      if (!pods) {
        pods = new Map();
        this.byPair.set(pair, pods);
      }
      const nodes = pods.get(pod);
      if (nodes) nodes.push(node);
      else pods.set(pod, [node]);
    }
  }

  private remove(pod: Pod, node: number): void {
    for (const key in pod.labels) {
      const pods = this.byPair.get(`${key}\u0000${pod.labels[key]}`);
      const nodes = pods?.get(pod);
      if (!pods || !nodes) continue;
      const at = nodes.indexOf(node);
      if (at >= 0) nodes.splice(at, 1);
      if (nodes.length === 0) pods.delete(pod);
    }
  }

  /** Pods carrying `key: value`, each with the nodes it is on. */
  pods(key: string, value: string): ReadonlyMap<Pod, number[]> | undefined {
    return this.byPair.get(`${key}\u0000${value}`);
  }
}

/** A label pair every pod the selector selects must carry, if it names one. */
function requiredPair(selector: LabelSelector | null | undefined): [string, string] | undefined {
  const matchLabels = selector?.matchLabels;
  if (!matchLabels) return undefined;
  for (const key in matchLabels) return [key, matchLabels[key] as string];
  return undefined;
}

/** Per node (by index in the snapshot), how many of its pods a matcher selects. */
export class NodeMatchCounts {
  readonly counts: Int32Array;
  /** Sum of `counts`. */
  total = 0;
  /** Nodes whose count is not zero. */
  readonly nonzero = new Set<number>();
  /**
   * Nodes whose count changed after seeding, in order (repeats allowed), so domain sums
   * built on this counter visit only those.
   */
  readonly changed: number[] = [];
  private readonly matcher: PodMatcher;
  /** Generation each node was counted at; -1 (never) at first. */
  private readonly seen: Float64Array;
  private readonly cursor: ChangeCursor = { position: -1 };

  constructor(matcher: PodMatcher, size: number) {
    this.matcher = matcher;
    this.counts = new Int32Array(size);
    this.seen = new Float64Array(size).fill(-1);
  }

  /**
   * Counts from scratch over `pods` only (every pod the matcher could select), as of
   * the log's current end, instead of over every pod on every node.
   */
  seed(pods: ReadonlyMap<Pod, number[]> | undefined, generations: Float64Array, log: fwk.ChangeLog): void {
    const { counts, matcher } = this;
    if (pods) {
      for (const [pod, nodes] of pods) {
        if (!matcher(pod)) continue;
        for (const i of nodes) {
          counts[i] = (counts[i] as number) + 1;
          this.nonzero.add(i);
        }
        this.total += nodes.length;
      }
    }
    this.seen.set(generations);
    this.cursor.position = log.length;
  }

  /** Recounts the nodes whose pods changed since the last sync. */
  sync(nodeInfos: readonly fwk.NodeInfo[], generations: Float64Array | undefined, log?: fwk.ChangeLog): void {
    const { counts, matcher } = this;
    const from = this.cursor.position;
    if (generations && generations.length === nodeInfos.length && log && from >= 0) {
      if (log.length - from <= nodeInfos.length) {
        // Every change since the last sync is one pod added or removed: apply each
        // alone instead of recounting the whole node it landed on.
        const seen = this.seen;
        for (let j = from; j < log.length; j++) {
          const i = log.at(j);
          if (matcher(log.podAt(j))) {
            const sign = log.signAt(j);
            const count = (counts[i] as number) + sign;
            counts[i] = count;
            this.total += sign;
            this.changed.push(i);
            if (count !== 0) this.nonzero.add(i);
            else this.nonzero.delete(i);
          }
          seen[i] = generations[i] as number;
        }
        this.cursor.position = log.length;
        return;
      }
    }
    forEachChangedNode(
      nodeInfos,
      generations,
      this.seen,
      (i, nodeInfo) => {
        let count = 0;
        for (const pod of nodeInfo.pods) if (matcher(pod)) count++;
        this.total += count - (counts[i] as number);
        if (counts[i] !== count) this.changed.push(i);
        counts[i] = count;
        if (count !== 0) this.nonzero.add(i);
        else this.nonzero.delete(i);
      },
      log,
      this.cursor,
    );
  }
}

/**
 * Matching pods summed per topology value over a fixed set of nodes: the nodes that
 * carry the topology key and pass an eligibility test (spread constraints' inclusion
 * policies). Every eligible domain has an entry, zero included, because
 * PodTopologySpread counts domains.
 */
export class DomainCounts {
  readonly byValue = new Map<string, number>();
  /** Sum over every domain. */
  total = 0;
  /** The values whose count is not zero. */
  readonly nonzero = new Set<string>();
  readonly counter: NodeMatchCounts;
  private readonly eligible: Int32Array;
  private readonly values: readonly (string | undefined)[];
  private readonly applied: Int32Array;

  /**
   * @param eligible indices of the nodes that count
   * @param values the topology value of every node (by index); '' stands for a missing label
   */
  constructor(counter: NodeMatchCounts, eligible: Int32Array, values: readonly (string | undefined)[]) {
    this.counter = counter;
    this.eligible = eligible;
    this.values = values;
    this.applied = new Int32Array(values.length);
    for (const i of eligible) this.byValue.set(values[i] ?? '', 0);
  }

  /** Applies the changes of the counter (synced first by the caller) to the domain sums. */
  sync(): void {
    const counts = this.counter.counts;
    const { eligible, applied, values } = this;
    const changed = this.counter.changed;
    if (this.position >= 0) {
      // Only nodes the counter changed since the last sync can differ from `applied`.
      const isEligible = this.isEligible as Uint8Array;
      for (let j = this.position; j < changed.length; j++) {
        const i = changed[j] as number;
        if (isEligible[i] === 0) continue;
        const delta = (counts[i] as number) - (applied[i] as number);
        if (delta === 0) continue;
        this.apply(values[i] ?? '', delta);
        applied[i] = counts[i] as number;
      }
      this.position = changed.length;
      return;
    }
    for (let k = 0; k < eligible.length; k++) {
      const i = eligible[k] as number;
      const delta = (counts[i] as number) - (applied[i] as number);
      if (delta === 0) continue;
      this.apply(values[i] ?? '', delta);
      applied[i] = counts[i] as number;
    }
    this.isEligible = new Uint8Array(values.length);
    for (const i of eligible) this.isEligible[i] = 1;
    this.position = changed.length;
  }

  private apply(value: string, delta: number): void {
    const count = (this.byValue.get(value) as number) + delta;
    this.byValue.set(value, count);
    this.total += delta;
    if (count !== 0) this.nonzero.add(value);
    else this.nonzero.delete(value);
  }

  /** How far `counter.changed` has been applied; -1 before the first full pass. */
  private position = -1;
  private isEligible: Uint8Array | undefined;
}

/**
 * A topology key's domains numbered once per snapshot: `ids[i]` is node i's domain
 * number, -1 when the node lacks the key, so batch filters and scores index typed
 * arrays by domain instead of looking labels up in maps node by node.
 */
export interface KeyDomains {
  readonly ids: Int32Array;
  /** Topology value -> domain number. */
  readonly idOf: ReadonlyMap<string, number>;
  /** Every domain is one node (as hostname is): a domain's count is that node's alone. */
  readonly perNode: boolean;
  /** When `perNode`, the node index of each domain number. */
  readonly nodeOf: Int32Array;
}

/** Numbers the domains of `key` over `nodeInfos` (node labels never change). */
export function keyDomains(nodeInfos: readonly fwk.NodeInfo[], key: string): KeyDomains {
  const ids = new Int32Array(nodeInfos.length);
  const idOf = new Map<string, number>();
  const first: number[] = [];
  let perNode = true;
  for (let i = 0; i < nodeInfos.length; i++) {
    const labels = (nodeInfos[i] as fwk.NodeInfo).node.labels;
    if (!Object.hasOwn(labels, key)) {
      ids[i] = -1;
      continue;
    }
    const value = labels[key] as string;
    let id = idOf.get(value);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(value, id);
      first.push(i);
    } else perNode = false;
    ids[i] = id;
  }
  return { ids, idOf, perNode, nodeOf: perNode ? Int32Array.from(first) : new Int32Array(0) };
}

/**
 * The caches one plugin keeps for one simulation: counters by matcher signature,
 * domain sums by (matcher, nodes, topology key), topology values by key.
 */
export class TopologyCounts {
  private nodeInfos: readonly fwk.NodeInfo[] = [];
  private generations: Float64Array | undefined;
  private log: fwk.ChangeLog | undefined;
  private readonly counters = new Map<string, NodeMatchCounts>();
  private readonly domains = new Map<string, DomainCounts>();
  private readonly valuesByKey = new Map<string, (string | undefined)[]>();
  private readonly eligibleSets = new Map<string, Int32Array>();
  private readonly keyDomains = new Map<string, KeyDomains>();
  private podsByLabel = new PodsByLabel();

  /**
   * Starts afresh when the node list is not the one the caches were built for.
   * `generations` is the snapshot's generations array when it has one.
   */
  use(nodeInfos: readonly fwk.NodeInfo[], generations?: Float64Array, log?: fwk.ChangeLog): void {
    if (nodeInfos === this.nodeInfos) return;
    this.nodeInfos = nodeInfos;
    this.generations = generations;
    this.log = log;
    this.counters.clear();
    this.domains.clear();
    this.valuesByKey.clear();
    this.eligibleSets.clear();
    this.keyDomains.clear();
    this.podsByLabel = new PodsByLabel();
  }

  /** The key's domains numbered over the current node list (node labels never change). */
  domainsOfKey(key: string): KeyDomains {
    let domains = this.keyDomains.get(key);
    if (!domains) {
      domains = keyDomains(this.nodeInfos, key);
      this.keyDomains.set(key, domains);
    }
    return domains;
  }

  get nodes(): readonly fwk.NodeInfo[] {
    return this.nodeInfos;
  }

  /**
   * The counter for `signature`, synced; `matcher` is used only to build a new one.
   * `selects`, when given, is a selector every pod the matcher accepts satisfies: a new
   * counter then starts from the pods carrying one of its labels.
   */
  counter(signature: string, matcher: PodMatcher, selects?: LabelSelector | null): NodeMatchCounts {
    let counter = this.counters.get(signature);
    if (!counter) {
      if (this.counters.size >= MAX_CACHE_ENTRIES) {
        this.counters.clear();
        this.domains.clear();
      }
      counter = new NodeMatchCounts(matcher, this.nodeInfos.length);
      this.counters.set(signature, counter);
      const pair = requiredPair(selects);
      const { generations, log } = this;
      if (
        pair &&
        generations &&
        generations.length === this.nodeInfos.length &&
        log &&
        this.podsByLabel.sync(this.nodeInfos, log)
      ) {
        counter.seed(this.podsByLabel.pods(pair[0], pair[1]), generations, log);
      }
    }
    counter.sync(this.nodeInfos, this.generations, this.log);
    return counter;
  }

  /** Topology values of every node for `key` (undefined where the label is missing). */
  values(key: string): readonly (string | undefined)[] {
    let values = this.valuesByKey.get(key);
    if (!values) {
      values = this.nodeInfos.map((n) =>
        Object.hasOwn(n.node.labels, key) ? n.node.labels[key] : undefined,
      );
      this.valuesByKey.set(key, values);
    }
    return values;
  }

  /** Indices of the nodes passing `test`, computed once per signature (node labels never change). */
  eligible(signature: string, test: (nodeInfo: fwk.NodeInfo) => boolean): Int32Array {
    let set = this.eligibleSets.get(signature);
    if (!set) {
      if (this.eligibleSets.size >= MAX_CACHE_ENTRIES) this.eligibleSets.clear();
      const indices: number[] = [];
      for (let i = 0; i < this.nodeInfos.length; i++)
        if (test(this.nodeInfos[i] as fwk.NodeInfo)) indices.push(i);
      set = Int32Array.from(indices);
      this.eligibleSets.set(signature, set);
    }
    return set;
  }

  /** Matching pods per topology value over the eligible nodes, synced. */
  domainCounts(
    counterSignature: string,
    matcher: PodMatcher,
    eligibleSignature: string,
    eligible: Int32Array,
    topologyKey: string,
    selects?: LabelSelector | null,
  ): DomainCounts {
    const counter = this.counter(counterSignature, matcher, selects);
    const key = `${counterSignature}\u0000${eligibleSignature}\u0000${topologyKey}`;
    let domains = this.domains.get(key);
    if (!domains || domains.counter !== counter) {
      if (this.domains.size >= MAX_CACHE_ENTRIES) this.domains.clear();
      domains = new DomainCounts(counter, eligible, this.values(topologyKey));
      this.domains.set(key, domains);
    }
    domains.sync();
    return domains;
  }
}
