/**
 * What the scheduler remembers between pods, as upstream's internal/cache remembers
 * nodes: per equivalence class of pods (identical namespace, labels, spec, requests and
 * priority), the node-local filter results and raw scores per node, each tagged with the
 * node generation it holds for. Scheduling 10,000 replicas of one Deployment on 5,000
 * nodes would otherwise filter and score 50 million node/pod pairs; with the cache only
 * the nodes that changed since the class last ran (found in the snapshot's change log)
 * are evaluated again, and the result is the same as evaluating every node.
 *
 * Filter plugins run in profile order and a node's status is the first rejection, so a
 * class holds the result of the longest run of node-local plugins at the start of the
 * order (the prefix, plugins [0, cut)); plugins from `cut` on run for every pod.
 *
 * Just over ~400 lines: the shapes of everything a class caches are here, beside the
 * code that keeps them current, so the choices in tournament-choice.ts and
 * grouped-choice.ts import from one place and not from each other.
 */

import type { Pod } from '../model/types.ts';
import type { GroupTournaments, Partition } from './framework/domain-groups.ts';
import {
  type CycleState,
  type FilterPlugin,
  isNodeLocal,
  isNodeStatic,
  MAX_NODE_SCORE,
  type NodeInfo,
  type ScorePlugin,
  type Status,
  staticFilterKey,
} from './framework/interfaces.ts';
import type { Framework, WeightedScorePlugin } from './framework/runtime.ts';
import type { ClusterSnapshot } from './framework/snapshot.ts';
import type { Tournament } from './framework/tournament.ts';

/** Classes (and static results, and partitions) kept at once; the least recently used goes first. */
export const MAX_CLASSES = 16;

/**
 * Everything a plugin reads from a pod: two pods with the same key get the same answer
 * from every Filter, Score and PostFilter given the same nodes. The owner counts too:
 * PodTopologySpread's default constraints apply only to owned pods.
 */
export function equivalenceKey(pod: Pod): string {
  return JSON.stringify([
    pod.namespace,
    pod.labels,
    pod.spec,
    pod.requests,
    pod.priority,
    pod.workload?.kind,
    pod.ownerReferences,
  ]);
}

/** What one equivalence class remembers between its pods. */
export interface ClassCache {
  /** End of the cached prefix of filter plugins; -1 before the first pod. */
  cut: number;
  /** The static plugins' status per node (shared with other classes), or undefined when none lead the order. */
  staticStatus: readonly (Status | null)[] | undefined;
  /** Filter plugins [0, staticEnd) are static; the prefix runs [staticEnd, cut) itself. */
  staticEnd: number;
  /** Change-log position the prefix results reflect; -1 when they must all be recomputed. */
  synced: number;
  /** Generation of the node each prefix status was computed at. */
  statusGen: Float64Array;
  status: (Status | null)[];
  /** 1 where the prefix accepts the node. */
  pass: Uint8Array;
  passCount: number;
  /** The accepted nodes in cluster order (first passCount entries), rebuilt when `pass` changes. */
  passList: Int32Array;
  passNodes: NodeInfo[];
  passDirty: boolean;
  /** Per score plugin (by index in framework.scorePlugins): raw scores and the generation they hold for. */
  raw: (Float64Array | undefined)[];
  rawGen: (Float64Array | undefined)[];
  /** The node choice kept up to date for the active score plugins it was built for (tournament-choice.ts). */
  choice: Choice | undefined;
  /** Bumped whenever the prefix results are all recomputed, so the grouped choice knows to follow. */
  prefixEpoch: number;
  /** The node choice by domain group, when non-local plugins take part (grouped-choice.ts). */
  grouped: Grouped | undefined;
}

/** Active node-local score plugins of a class, with their raw scores per node. */
export interface LocalScores {
  plugins: ScorePlugin[];
  weights: Float64Array;
  /** 0: not normalised; 1: DefaultNormalizeScore; 2: DefaultNormalizeScore reversed. */
  norm: Int8Array;
  raw: Float64Array[];
  /** The node generation each raw score holds for. */
  rawGen: Float64Array[];
  /** The maxima the totals were computed with. */
  maxes: Float64Array;
}

/**
 * The incremental node choice of one class for one set of active score plugins (all
 * node-local): the maximum of each normalising plugin's raw scores over the feasible
 * nodes, and a tournament of weighted totals.
 */
export interface Choice extends LocalScores {
  /** Bit p set when score plugin p is active. */
  mask: number;
  /** Indices in framework.scorePlugins of the active plugins, in order. */
  active: number[];
  /** Per normalising plugin, its raw scores of feasible nodes (-Infinity elsewhere). */
  maxTrees: (Tournament | undefined)[];
  totals: Tournament;
  /** Change-log position the totals reflect; -1 when they must all be recomputed. */
  synced: number;
}

/**
 * A class's node choice when plugins that are not node-local take part: nodes grouped
 * by the topology domains those plugins read (domain-groups.ts).
 */
export interface Grouped {
  partKey: string;
  part: Partition;
  /** The class's prefixEpoch this was built at. */
  epoch: number;
  /** 1 where the node is in its group's trees: the prefix accepts it and it is not special. */
  inTree: Uint8Array;
  /** Per group, how many nodes are in the trees. */
  count: Int32Array;
  /** 1 for the nodes special in the last cycle, which are listed in `specialList`. */
  special: Uint8Array;
  specialList: number[];
  /** Change-log position `inTree` reflects; -1 when it must all be recomputed. */
  synced: number;
  scores: GroupScores | undefined;
}

/** The node-local score plugins' part of each node's total, by group, for one set of active plugins. */
export interface GroupScores extends LocalScores {
  mask: number;
  /** Per normalising plugin, its raw scores of the nodes in the trees (-Infinity elsewhere). */
  maxTrees: (GroupTournaments | undefined)[];
  totals: GroupTournaments;
}

function newClassCache(nodeCount: number, scorePlugins: number): ClassCache {
  return {
    cut: -1,
    staticStatus: undefined,
    staticEnd: 0,
    synced: -1,
    statusGen: new Float64Array(nodeCount).fill(-1),
    status: new Array(nodeCount).fill(null),
    pass: new Uint8Array(nodeCount),
    passCount: 0,
    passList: new Int32Array(nodeCount),
    passNodes: [],
    passDirty: true,
    raw: new Array(scorePlugins).fill(undefined),
    rawGen: new Array(scorePlugins).fill(undefined),
    choice: undefined,
    prefixEpoch: 0,
    grouped: undefined,
  };
}

/** Upstream's DefaultNormalizeScore for one node, given the maximum raw score over the feasible nodes. */
export function normalizeOne(raw: number, max: number, reverse: boolean): number {
  if (max === 0) return reverse ? MAX_NODE_SCORE : raw;
  const score = Math.trunc((MAX_NODE_SCORE * raw) / max);
  return reverse ? MAX_NODE_SCORE - score : score;
}

/** Node k's node-local plugins' weighted scores, normalised with the maxima in `sc`. */
export function localTotal(sc: LocalScores, k: number): number {
  let sum = 0;
  for (let a = 0; a < sc.plugins.length; a++) {
    let score = (sc.raw[a] as Float64Array)[k] as number;
    const norm = sc.norm[a] as number;
    if (norm !== 0) score = normalizeOne(score, sc.maxes[a] as number, norm === 2);
    sum += score * (sc.weights[a] as number);
  }
  return sum;
}

/** The classes, the static filter results they share, and which nodes changed since a log position. */
export class ClassCaches {
  readonly framework: Framework;
  readonly snapshot: ClusterSnapshot;
  readonly nodeCount: number;
  private readonly classes = new Map<string, ClassCache>();
  /** Static filter results by skipped plugins and staticFilterKey(), shared by classes. */
  private readonly staticResults = new Map<string, (Status | null)[]>();
  /** Marks nodes already collected from the change log in one pass. */
  private readonly seen: Int32Array;
  private seenStamp = 0;
  /** The nodes changedSince() collected, then any addChanged() added. */
  readonly changed: Int32Array;

  constructor(framework: Framework, snapshot: ClusterSnapshot) {
    this.framework = framework;
    this.snapshot = snapshot;
    this.nodeCount = snapshot.nodeInfos.length;
    const n = Math.max(1, this.nodeCount);
    this.seen = new Int32Array(n);
    this.changed = new Int32Array(n);
  }

  classFor(key: string): ClassCache {
    let cls = this.classes.get(key);
    if (cls) {
      // Least recently used goes first: move this one to the end.
      this.classes.delete(key);
    } else {
      if (this.classes.size >= MAX_CLASSES) {
        const oldest = this.classes.keys().next().value;
        if (oldest !== undefined) this.classes.delete(oldest);
      }
      cls = newClassCache(this.nodeCount, this.framework.scorePlugins.length);
    }
    this.classes.set(key, cls);
    return cls;
  }

  /** Position of the first filter plugin that runs for this pod and is not node-local. */
  prefixCut(state: CycleState): number {
    const plugins = this.framework.filterPlugins;
    for (let i = 0; i < plugins.length; i++) {
      const plugin = plugins[i] as FilterPlugin;
      if (!isNodeLocal(plugin) && !state.skipFilterPlugins.has(plugin.name)) return i;
    }
    return plugins.length;
  }

  /**
   * Indices of the nodes changed since log position `from`, each once, into `this.changed`;
   * returns how many, or -1 when so many changed that looking at every node is cheaper.
   */
  changedSince(from: number): number {
    const log = this.snapshot.changes;
    if (from < 0 || log.length - from > this.nodeCount) return -1;
    const stamp = ++this.seenStamp;
    const seen = this.seen;
    let count = 0;
    for (let i = from; i < log.length; i++) {
      const k = log.at(i);
      if (seen[k] === stamp) continue;
      seen[k] = stamp;
      this.changed[count++] = k;
    }
    return count;
  }

  /** Adds the nodes of `list` the last changedSince() did not collect to `this.changed`, after `count`; returns the new count. */
  addChanged(count: number, list: readonly number[]): number {
    const stamp = this.seenStamp;
    const seen = this.seen;
    for (const k of list) {
      if (seen[k] === stamp) continue;
      seen[k] = stamp;
      this.changed[count++] = k;
    }
    return count;
  }

  /**
   * The leading static filter plugins' status on every node, for pods whose static key
   * and skipped plugins are this pod's: the first of [0, end) that rejects, as
   * runFilterPluginsRange gives.
   */
  private staticStatuses(state: CycleState, pod: Pod, end: number): (Status | null)[] {
    const plugins = this.framework.filterPlugins;
    let skips = '';
    for (let i = 0; i < end; i++)
      skips += state.skipFilterPlugins.has((plugins[i] as FilterPlugin).name) ? 1 : 0;
    const key = `${skips}\u0000${staticFilterKey(pod)}`;
    let statuses = this.staticResults.get(key);
    if (!statuses) {
      if (this.staticResults.size >= MAX_CLASSES) this.staticResults.clear();
      const infos = this.snapshot.nodeInfos;
      statuses = new Array<Status | null>(this.nodeCount);
      for (let k = 0; k < this.nodeCount; k++)
        statuses[k] = this.framework.runFilterPluginsRange(state, pod, infos[k] as NodeInfo, 0, end);
      this.staticResults.set(key, statuses);
    }
    return statuses;
  }

  private evalPrefix(cls: ClassCache, state: CycleState, pod: Pod, k: number): void {
    const staticStatus = cls.staticStatus?.[k] ?? null;
    const status =
      staticStatus ??
      this.framework.runFilterPluginsRange(
        state,
        pod,
        this.snapshot.nodeInfos[k] as NodeInfo,
        cls.staticEnd,
        cls.cut,
      );
    cls.status[k] = status;
    cls.statusGen[k] = this.snapshot.generations[k] as number;
    const pass = status === null ? 1 : 0;
    if (cls.pass[k] !== pass) {
      cls.pass[k] = pass;
      cls.passCount += pass === 1 ? 1 : -1;
      cls.passDirty = true;
    }
  }

  /** Brings the class's prefix results up to date with the nodes as they are now. */
  syncPrefix(cls: ClassCache, state: CycleState, pod: Pod, cut: number): void {
    if (cls.cut !== cut) {
      const plugins = this.framework.filterPlugins;
      let end = 0;
      while (end < cut && isNodeStatic(plugins[end] as FilterPlugin)) end++;
      cls.staticEnd = end;
      cls.staticStatus = end > 0 ? this.staticStatuses(state, pod, end) : undefined;
      cls.cut = cut;
      cls.synced = -1;
      cls.choice = undefined;
      cls.prefixEpoch++;
    }
    const count = this.changedSince(cls.synced);
    if (count < 0) {
      for (let k = 0; k < this.nodeCount; k++) this.evalPrefix(cls, state, pod, k);
    } else {
      const gens = this.snapshot.generations;
      for (let i = 0; i < count; i++) {
        const k = this.changed[i] as number;
        if (cls.statusGen[k] !== gens[k]) this.evalPrefix(cls, state, pod, k);
      }
    }
    cls.synced = this.snapshot.changes.length;
    if (cls.passDirty) {
      const infos = this.snapshot.nodeInfos;
      let j = 0;
      for (let k = 0; k < this.nodeCount; k++) {
        if (cls.pass[k] === 0) continue;
        cls.passList[j] = k;
        cls.passNodes[j] = infos[k] as NodeInfo;
        j++;
      }
      cls.passNodes.length = j;
      cls.passDirty = false;
    }
  }

  /** The class's raw scores of score plugin `p`, and the generation each holds for. */
  rawArrays(cls: ClassCache, p: number): [Float64Array, Float64Array] {
    let raw = cls.raw[p];
    let rawGen = cls.rawGen[p];
    if (!raw || !rawGen) {
      raw = new Float64Array(this.nodeCount);
      rawGen = new Float64Array(this.nodeCount).fill(-1);
      cls.raw[p] = raw;
      cls.rawGen[p] = rawGen;
    }
    return [raw, rawGen];
  }

  /** The score plugins in `mask` (bit p: framework.scorePlugins[p]) with the class's raw score arrays. */
  localScores(cls: ClassCache, mask: number): LocalScores & { active: number[] } {
    const scorePlugins = this.framework.scorePlugins;
    const active: number[] = [];
    for (let p = 0; p < scorePlugins.length; p++) if (mask & (1 << p)) active.push(p);
    const plugins = active.map((p) => (scorePlugins[p] as WeightedScorePlugin).plugin);
    return {
      active,
      plugins,
      weights: Float64Array.from(active, (p) => (scorePlugins[p] as WeightedScorePlugin).weight),
      norm: Int8Array.from(plugins, (pl) =>
        pl.normalizeScore && pl.defaultNormalize ? (pl.defaultNormalize.reverse ? 2 : 1) : 0,
      ),
      raw: active.map((p) => this.rawArrays(cls, p)[0]),
      rawGen: active.map((p) => this.rawArrays(cls, p)[1]),
      maxes: new Float64Array(active.length).fill(Number.NaN),
    };
  }

  /** Brings node k's raw scores up to date with the node. */
  refreshScores(state: CycleState, pod: Pod, sc: LocalScores, k: number): void {
    const gen = this.snapshot.generations[k] as number;
    for (let a = 0; a < sc.plugins.length; a++) {
      const rawGen = sc.rawGen[a] as Float64Array;
      if (rawGen[k] === gen) continue;
      (sc.raw[a] as Float64Array)[k] = (sc.plugins[a] as ScorePlugin).score(
        state,
        pod,
        this.snapshot.nodeInfos[k] as NodeInfo,
      );
      rawGen[k] = gen;
    }
  }

  /**
   * Score plugin `p`'s raw scores of `nodes` into `scores`, from the class's cache:
   * only nodes changed since the class last scored them are scored again.
   */
  cachedScores(
    cls: ClassCache,
    state: CycleState,
    pod: Pod,
    p: number,
    nodes: readonly NodeInfo[],
    scores: Float64Array,
  ): void {
    const [raw, rawGen] = this.rawArrays(cls, p);
    const plugin = (this.framework.scorePlugins[p] as WeightedScorePlugin).plugin;
    const gens = this.snapshot.generations;
    for (let i = 0; i < nodes.length; i++) {
      const info = nodes[i] as NodeInfo;
      const k = info.index;
      const gen = gens[k] as number;
      if (rawGen[k] !== gen) {
        raw[k] = plugin.score(state, pod, info);
        rawGen[k] = gen;
      }
      scores[i] = raw[k] as number;
    }
  }
}
