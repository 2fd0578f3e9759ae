/**
 * berth's scheduling loop: pods taken one at a time in queue order, each through
 * PreFilter, Filter on every node, PostFilter (preemption) when nothing fits,
 * PreScore/Score on every feasible node, and Reserve on the chosen one.
 *
 * Pure: the cluster and pods in, a SimulationResult out; the input is never mutated.
 * Deterministic: every feasible node is scored (no sampling), and among nodes with
 * the same total score the one whose name sorts first wins (upstream picks at random).
 */

import type {
  Eviction,
  NodeUsage,
  PlacementResult,
  SimulationOptions,
  SimulationResult,
} from '../model/simulation.ts';
import type { ClusterState, Pod, ResourceList } from '../model/types.ts';
import { GroupTournaments, type Partition, partitionNodes } from './framework/domain-groups.ts';
import { fitErrorMessage } from './framework/fit-error.ts';
import {
  type DomainStructured,
  type FilterPlugin,
  isDomainStructured,
  isNodeLocal,
  isNodeStatic,
  MAX_NODE_SCORE,
  type NodeInfo,
  type PluginFactory,
  type Profile,
  type QueuedPodInfo,
  type ScorePlugin,
  type Status,
  staticFilterKey,
} from './framework/interfaces.ts';
import {
  absentNodesStatus,
  Framework,
  NodeStatusMap,
  type PreFilterOutcome,
  type WeightedScorePlugin,
} from './framework/runtime.ts';
import { ClusterSnapshot } from './framework/snapshot.ts';
import { Tournament } from './framework/tournament.ts';
import { kubeletAdmit } from './kubelet.ts';
import * as names from './names.ts';
import { defaultProfile } from './profile.ts';
import { registry as defaultRegistry } from './registry.ts';

export interface SimulateConfig {
  profile?: Profile;
  registry?: Readonly<Record<string, PluginFactory>>;
  /**
   * Reuse results across identical pods (default true): node-local filter and score
   * results per node until the node changes, the best node in a tournament tree, and
   * the reasons of an identical pod that fit nowhere while no node changed. Off, every
   * plugin runs on every node for every pod: the reference the fast path must equal.
   */
  equivalenceCache?: boolean;
  /** Counts, when given, how many cycles chose their node by each path (for tests and benchmarks). */
  paths?: CyclePaths;
}

/** Cycles that reached a node choice, by how the node was chosen. */
export interface CyclePaths {
  /** Every plugin on every candidate node (the cache off, or PreFilter narrowed the nodes). */
  everyNode: number;
  /** Only node-local plugins: one tournament per class. */
  tournament: number;
  /** By domain group: the non-local plugins once per group and per special node. */
  grouped: number;
  /** Every feasible node scored, node-local scores cached. */
  scored: number;
}

/** Queue order: the profile's QueueSort plugin, falling back to priority then arrival. */
function queueComparator(framework: Framework): (a: QueuedPodInfo, b: QueuedPodInfo) => number {
  const sort = framework.queueSort;
  return (a, b) => {
    if (sort) return sort.less(a, b) ? -1 : sort.less(b, a) ? 1 : a.order - b.order;
    return b.pod.priority - a.pod.priority || a.order - b.order;
  };
}

/** `more` (any order) merged into the sorted `queue` from position `from` on, in queue order. */
function requeue(
  queue: QueuedPodInfo[],
  from: number,
  more: QueuedPodInfo[],
  compare: (a: QueuedPodInfo, b: QueuedPodInfo) => number,
): QueuedPodInfo[] {
  const added = more.slice().sort(compare);
  const merged = queue.slice(0, from);
  let i = from;
  let j = 0;
  while (i < queue.length || j < added.length) {
    if (
      j >= added.length ||
      (i < queue.length && compare(queue[i] as QueuedPodInfo, added[j] as QueuedPodInfo) <= 0)
    )
      merged.push(queue[i++] as QueuedPodInfo);
    else merged.push(added[j++] as QueuedPodInfo);
  }
  return merged;
}

function nodeReasons(names: readonly string[], statuses: NodeStatusMap): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of names) {
    const status = statuses.get(name);
    if (status) out[name] = [...status.reasons];
  }
  return out;
}

function usage(info: NodeInfo): NodeUsage {
  const requested: ResourceList = { ...info.requested, pods: info.pods.length };
  return {
    name: info.node.name,
    allocatable: { ...info.node.allocatable },
    requested,
    limits: { ...info.limits },
    pods: info.pods.map((p) => p.key),
  };
}

/** Index of the best total; ties go to the node whose name sorts first. */
function selectHost(nodes: readonly NodeInfo[], totals: Float64Array): number {
  let best = 0;
  for (let i = 1; i < nodes.length; i++) {
    const t = totals[i] as number;
    const b = totals[best] as number;
    if (t > b || (t === b && (nodes[i] as NodeInfo).node.name < (nodes[best] as NodeInfo).node.name))
      best = i;
  }
  return best;
}

type CycleState = ReturnType<Framework['newCycleState']>;

type CycleOutcome =
  | { kind: 'scheduled'; node: NodeInfo; state: CycleState }
  | { kind: 'error'; message: string }
  | {
      kind: 'unschedulable';
      statuses: NodeStatusMap;
      preFilterMsg?: string;
      state: ReturnType<Framework['newCycleState']>;
    };

/**
 * What one equivalence class of pods (identical namespace, labels, spec, requests and
 * priority) remembers between its pods. Scheduling 10,000 replicas of one Deployment
 * on 5,000 nodes would otherwise filter and score 50 million node/pod pairs; with the
 * class cache only the nodes that changed since the class last ran (found in the
 * snapshot's change log) are evaluated again, and the result is the same as
 * evaluating every node.
 *
 * Filter plugins run in profile order and a node's status is the first rejection, so
 * the cache holds the result of the longest run of node-local plugins at the start of
 * the order (the prefix, plugins [0, cut)); plugins from `cut` on run for every pod.
 */
interface ClassCache {
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
  /** The node choice kept up to date for the active score plugins it was built for. */
  choice: Choice | undefined;
  /** Bumped whenever the prefix results are all recomputed, so the grouped choice knows to follow. */
  prefixEpoch: number;
  /** The node choice by domain group, when non-local plugins take part (see scheduleGrouped). */
  grouped: Grouped | undefined;
  /**
   * Weighted sum of the raw scores of the active node-local plugins that do not
   * normalise, per node, and the generation it holds for: one pass adds them all.
   */
  localMask: number;
  localSum: Float64Array | undefined;
  localGen: Float64Array | undefined;
}

/**
 * The incremental node choice of one class for one set of active score plugins (all
 * node-local): raw scores per plugin and node, the maximum of each normalising
 * plugin's raw scores over the feasible nodes, and a tournament of weighted totals.
 */
/** Active node-local score plugins of a class, with their raw scores per node. */
interface LocalScores {
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

interface Choice extends LocalScores {
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

const MAX_CLASSES = 16;

/**
 * A class's node choice when plugins that are not node-local take part: nodes grouped
 * by the topology domains those plugins read (domain-groups.ts). The node-local part of
 * every node's total is kept in one tournament per group; the non-local plugins are run
 * on one node per group and on the few special nodes they name. The best node of a
 * group is its best by the node-local part, since the rest is the same for the group.
 */
interface Grouped {
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
interface GroupScores extends LocalScores {
  mask: number;
  /** Per normalising plugin, its raw scores of the nodes in the trees (-Infinity elsewhere). */
  maxTrees: (GroupTournaments | undefined)[];
  totals: GroupTournaments;
}

/**
 * Everything a plugin reads from a pod: two pods with the same key get the same answer
 * from every Filter, Score and PostFilter given the same nodes. The owner counts too:
 * PodTopologySpread's default constraints apply only to owned pods.
 */
function equivalenceKey(pod: Pod): string {
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
    localMask: 0,
    localSum: undefined,
    localGen: undefined,
    prefixEpoch: 0,
    grouped: undefined,
  };
}

/** Upstream's DefaultNormalizeScore for one node, given the maximum raw score over the feasible nodes. */
function normalizeOne(raw: number, max: number, reverse: boolean): number {
  if (max === 0) return reverse ? MAX_NODE_SCORE : raw;
  const score = Math.trunc((MAX_NODE_SCORE * raw) / max);
  return reverse ? MAX_NODE_SCORE - score : score;
}

class Scheduler {
  private readonly classes = new Map<string, ClassCache>();
  /** Static filter results by skipped plugins and staticFilterKey(), shared by classes. */
  private readonly staticResults = new Map<string, (Status | null)[]>();
  private readonly totals: Float64Array;
  private readonly scores: Float64Array;
  /** Marks nodes already collected from the change log in one pass. */
  private readonly seen: Int32Array;
  private seenStamp = 0;
  private readonly changed: Int32Array;
  /** Snapshot indices of the nodes being scored, filled by score() and read by selectHost(). */
  private readonly indexBuf: Int32Array;
  /** Per node, the status of the filter plugins after the prefix, for the pod being scheduled. */
  private readonly restStatus: (Status | null)[];
  private readonly useCache: boolean;
  private readonly framework: Framework;
  private readonly snapshot: ClusterSnapshot;
  private readonly nodeCount: number;
  /** Partitions of the nodes by key set (node labels never change). */
  private readonly partitions = new Map<string, Partition>();
  /** The plugins that are not node-local, each once, when all of them can be grouped. */
  private readonly structured: (DomainStructured & { name: string })[] = [];
  /** Whether the grouped choice may be used at all with this profile. */
  private readonly groupable: boolean;
  /** Some score plugin is not node-local. */
  private readonly nonLocalScore: boolean;
  private readonly groupTotals: Float64Array;
  private readonly paths: CyclePaths | undefined;

  constructor(framework: Framework, snapshot: ClusterSnapshot, useCache: boolean, paths?: CyclePaths) {
    this.paths = paths;
    this.framework = framework;
    this.snapshot = snapshot;
    this.nodeCount = snapshot.nodeInfos.length;
    const n = Math.max(1, this.nodeCount);
    this.totals = new Float64Array(n);
    this.scores = new Float64Array(n);
    this.seen = new Int32Array(n);
    this.changed = new Int32Array(n);
    this.indexBuf = new Int32Array(n);
    this.restStatus = new Array(n).fill(null);
    this.useCache = useCache;
    this.groupTotals = new Float64Array(n);
    let groupable = framework.scorePlugins.length <= 31;
    const structured = new Set<DomainStructured & { name: string }>();
    for (const { plugin } of framework.scorePlugins) {
      if (isNodeLocal(plugin)) {
        if (plugin.normalizeScore && !plugin.defaultNormalize) groupable = false;
      } else if (isDomainStructured(plugin)) structured.add(plugin);
      else groupable = false;
    }
    for (const plugin of framework.filterPlugins) {
      if (!isNodeLocal(plugin) && isDomainStructured(plugin)) structured.add(plugin);
    }
    this.structured = [...structured];
    this.groupable = groupable;
    this.nonLocalScore = framework.scorePlugins.some(({ plugin }) => !isNodeLocal(plugin));
  }

  private classFor(key: string): ClassCache {
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
  private prefixCut(state: CycleState): number {
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
  private changedSince(from: number): number {
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
  private syncPrefix(cls: ClassCache, state: CycleState, pod: Pod, cut: number): void {
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

  /** One scheduling cycle up to the choice of node: PreFilter, Filter, PreScore, Score. */
  /** `key` is the pod's equivalence key (used only when the cache is on). */
  scheduleOne(pod: Pod, key: string): CycleOutcome {
    const framework = this.framework;
    const state = framework.newCycleState();
    const pre = framework.runPreFilterPlugins(state, pod);
    if (pre.status) {
      const statuses = new NodeStatusMap();
      statuses.absentStatus = pre.status;
      return { kind: 'unschedulable', statuses, preFilterMsg: pre.status.message(), state };
    }
    if (!this.useCache || pre.nodeNames) return this.scheduleEveryNode(pod, state, pre);

    const cls = this.classFor(key);
    const cut = this.prefixCut(state);
    this.syncPrefix(cls, state, pod, cut);
    const restActive = cut < framework.filterPlugins.length;
    if (this.groupable && (restActive || this.nonLocalScore)) {
      const outcome = this.scheduleGrouped(state, pod, cls, cut, restActive);
      if (outcome) return outcome;
    }
    const infos = this.snapshot.nodeInfos;
    let feasible: NodeInfo[];
    if (!restActive) {
      feasible = cls.passNodes;
    } else {
      feasible = cls.passNodes.slice();
      framework.runFilterPluginsOnNodes(
        state,
        pod,
        feasible,
        cut,
        framework.filterPlugins.length,
        this.restStatus,
      );
    }
    if (feasible.length === 0) {
      // Every node's reason, for the message and for preemption: the prefix's, or the rest's.
      const statuses = new NodeStatusMap();
      for (let k = 0; k < this.nodeCount; k++) {
        const status = cls.pass[k] === 1 ? this.restStatus[k] : cls.status[k];
        if (status) statuses.statuses.set((infos[k] as NodeInfo).node.name, status);
      }
      return { kind: 'unschedulable', statuses, state };
    }
    // Upstream skips scoring when only one node is feasible.
    if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0] as NodeInfo, state };
    const preScore = framework.runPreScorePlugins(state, pod, feasible);
    if (preScore)
      return {
        kind: 'error',
        message: `running PreScore plugin "${preScore.plugin}": ${preScore.message()}`,
      };
    if (!restActive && this.incrementalEligible(state)) {
      if (this.paths) this.paths.tournament++;
      return { kind: 'scheduled', node: this.selectByTournament(state, pod, cls), state };
    }
    const scoreStatus = this.score(state, pod, feasible, cls);
    if (scoreStatus)
      return {
        kind: 'error',
        message: `running Score plugin "${scoreStatus.plugin}": ${scoreStatus.message()}`,
      };
    if (this.paths) this.paths.scored++;
    return { kind: 'scheduled', node: feasible[this.selectHost(feasible)] as NodeInfo, state };
  }

  private partitionFor(keys: readonly string[], partKey: string): Partition {
    let part = this.partitions.get(partKey);
    if (!part) {
      if (this.partitions.size >= MAX_CLASSES) this.partitions.clear();
      part = partitionNodes(this.snapshot.nodeInfos, keys, this.snapshot.nameRank);
      this.partitions.set(partKey, part);
    }
    return part;
  }

  /**
   * The cycle from Filter on, by domain group (see Grouped): returns undefined, having
   * changed nothing the other paths read, when this pod is better served by them (no
   * plugin reads a domain, too many groups) or when at most one node is feasible (the
   * every-node path then gives each node's reason, or takes the one node unscored).
   */
  private scheduleGrouped(
    state: CycleState,
    pod: Pod,
    cls: ClassCache,
    cut: number,
    restActive: boolean,
  ): CycleOutcome | undefined {
    const framework = this.framework;
    const filters = framework.filterPlugins;
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
    const groupCount = part.members.length;
    if (groupCount > Math.max(16, this.nodeCount / 4)) return undefined;

    const n = this.nodeCount;
    let g = cls.grouped;
    if (!g || g.partKey !== partKey || g.epoch !== cls.prefixEpoch) {
      g = {
        partKey,
        part,
        epoch: cls.prefixEpoch,
        inTree: new Uint8Array(n),
        count: new Int32Array(groupCount),
        special: new Uint8Array(n),
        specialList: [],
        synced: -1,
        scores: undefined,
      };
      cls.grouped = g;
    }

    // Nodes whose membership or scores may have changed: changed since the last sync,
    // or special now or before.
    let count = this.changedSince(g.synced);
    const dirty = this.changed;
    if (count >= 0) {
      const stamp = this.seenStamp;
      const seen = this.seen;
      for (const list of [g.specialList, specials]) {
        for (const k of list) {
          if (seen[k] === stamp) continue;
          seen[k] = stamp;
          dirty[count++] = k;
        }
      }
    }
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
    }
    const { groupOf } = part;
    const follow = (k: number): void => {
      const inTree = cls.pass[k] === 1 && g.special[k] === 0 ? 1 : 0;
      if (g.inTree[k] === inTree) return;
      g.inTree[k] = inTree;
      const group = groupOf[k] as number;
      g.count[group] = (g.count[group] as number) + (inTree === 1 ? 1 : -1);
    };
    if (full) for (let k = 0; k < n; k++) follow(k);
    else for (let i = 0; i < count; i++) follow(dirty[i] as number);
    g.synced = this.snapshot.changes.length;

    // The rest of the filters on one node per group and on each special node.
    const infos = this.snapshot.nodeInfos;
    const vnodes: NodeInfo[] = [];
    const vgroup: number[] = [];
    const weights: number[] = [];
    const end = filters.length;
    for (let group = 0; group < groupCount; group++) {
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
      vnodes.push(info);
      vgroup.push(group);
      weights.push(size);
    }
    for (const k of specialList) {
      if (cls.pass[k] !== 1) continue;
      const info = infos[k] as NodeInfo;
      if (restActive && framework.runFilterPluginsRange(state, pod, info, cut, end) !== null) continue;
      vnodes.push(info);
      vgroup.push(-1);
      weights.push(1);
    }
    let feasible = 0;
    for (const w of weights) feasible += w;
    if (feasible <= 1) {
      // The scores were not brought up to date with the dirty nodes.
      g.scores = undefined;
      return undefined;
    }

    const preScore = framework.runPreScorePlugins(state, pod, vnodes, Int32Array.from(weights));
    if (preScore) {
      g.scores = undefined;
      return {
        kind: 'error',
        message: `running PreScore plugin "${preScore.plugin}": ${preScore.message()}`,
      };
    }

    // The node-local part, kept per group.
    const scorePlugins = framework.scorePlugins;
    let mask = 0;
    for (let p = 0; p < scorePlugins.length; p++) {
      const { plugin } = scorePlugins[p] as WeightedScorePlugin;
      if (isNodeLocal(plugin) && !state.skipScorePlugins.has(plugin.name)) mask |= 1 << p;
    }
    let sc = g.scores;
    const rebuild = full || !sc || sc.mask !== mask;
    if (rebuild || !sc) {
      const local = this.localScores(cls, mask);
      sc = {
        ...local,
        mask,
        maxTrees: Array.from(local.norm, (kind) => (kind === 0 ? undefined : new GroupTournaments(part))),
        totals: new GroupTournaments(part),
      };
      g.scores = sc;
      for (let k = 0; k < n; k++) this.refreshGroupedRaw(state, pod, cls, g, sc, k, false);
      for (const maxTree of sc.maxTrees) maxTree?.rebuild();
    } else {
      for (let i = 0; i < count; i++)
        this.refreshGroupedRaw(state, pod, cls, g, sc, dirty[i] as number, true);
    }
    for (let v = 0; v < vnodes.length; v++) {
      if (vgroup[v] !== -1) continue;
      this.refreshGroupedRaw(state, pod, cls, g, sc, (vnodes[v] as NodeInfo).index, true);
    }
    // DefaultNormalizeScore's maximum over the feasible nodes: the feasible groups' and special nodes'.
    let maxChanged = false;
    for (let a = 0; a < sc.plugins.length; a++) {
      const maxTree = sc.maxTrees[a];
      if (!maxTree) continue;
      const raw = sc.raw[a] as Float64Array;
      let max = 0;
      for (let v = 0; v < vnodes.length; v++) {
        const group = vgroup[v] as number;
        const value = group >= 0 ? maxTree.bestValue(group) : (raw[(vnodes[v] as NodeInfo).index] as number);
        if (value > max) max = value;
      }
      if (sc.maxes[a] !== max) {
        sc.maxes[a] = max;
        maxChanged = true;
      }
    }
    if (rebuild || maxChanged) {
      for (let k = 0; k < n; k++)
        sc.totals.write(k, g.inTree[k] === 1 ? this.localTotal(sc, k) : Number.NEGATIVE_INFINITY);
      sc.totals.rebuild();
    } else {
      for (let i = 0; i < count; i++) {
        const k = dirty[i] as number;
        sc.totals.set(k, g.inTree[k] === 1 ? this.localTotal(sc, k) : Number.NEGATIVE_INFINITY);
      }
    }

    // The non-local plugins on one node per group and on the special nodes.
    const totals = this.groupTotals;
    totals.fill(0, 0, vnodes.length);
    const scores = this.scores.subarray(0, vnodes.length);
    for (const { plugin, weight } of scorePlugins) {
      if (isNodeLocal(plugin) || state.skipScorePlugins.has(plugin.name)) continue;
      if (plugin.scoreNodes) plugin.scoreNodes(state, pod, vnodes, scores);
      else
        for (let v = 0; v < vnodes.length; v++) scores[v] = plugin.score(state, pod, vnodes[v] as NodeInfo);
      if (plugin.normalizeScore) {
        const status = plugin.normalizeScore(state, pod, scores, vnodes);
        if (status && !status.isSuccess()) {
          const failed = status.withPlugin(plugin.name);
          return {
            kind: 'error',
            message: `running Score plugin "${failed.plugin}": ${failed.message()}`,
          };
        }
      }
      for (let v = 0; v < vnodes.length; v++)
        totals[v] = (totals[v] as number) + (scores[v] as number) * weight;
    }

    const rank = this.snapshot.nameRank;
    let best = -1;
    let bestTotal = Number.NEGATIVE_INFINITY;
    let bestRank = 0;
    for (let v = 0; v < vnodes.length; v++) {
      const group = vgroup[v] as number;
      let k: number;
      let total: number;
      if (group >= 0) {
        k = sc.totals.best(group);
        total = sc.totals.bestValue(group) + (totals[v] as number);
      } else {
        k = (vnodes[v] as NodeInfo).index;
        total = this.localTotal(sc, k) + (totals[v] as number);
      }
      if (k < 0) continue;
      const r = rank[k] as number;
      if (best < 0 || total > bestTotal || (total === bestTotal && r < bestRank)) {
        best = k;
        bestTotal = total;
        bestRank = r;
      }
    }
    if (best < 0) return undefined;
    if (this.paths) this.paths.grouped++;
    return { kind: 'scheduled', node: infos[best] as NodeInfo, state };
  }

  /** Node k's raw node-local scores, when the prefix accepts it; `replay` keeps the maximum trees current. */
  private refreshGroupedRaw(
    state: CycleState,
    pod: Pod,
    cls: ClassCache,
    g: Grouped,
    sc: GroupScores,
    k: number,
    replay: boolean,
  ): void {
    if (cls.pass[k] === 1) this.refreshScores(state, pod, sc, k);
    for (let a = 0; a < sc.plugins.length; a++) {
      const maxTree = sc.maxTrees[a];
      if (!maxTree) continue;
      const value = g.inTree[k] === 1 ? ((sc.raw[a] as Float64Array)[k] as number) : Number.NEGATIVE_INFINITY;
      if (replay) maxTree.set(k, value);
      else maxTree.write(k, value);
    }
  }

  /** The score plugins in `mask` (bit p: framework.scorePlugins[p]) with the class's raw score arrays. */
  private localScores(cls: ClassCache, mask: number): LocalScores & { active: number[] } {
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
  private refreshScores(state: CycleState, pod: Pod, sc: LocalScores, k: number): void {
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

  /** Node k's node-local plugins' weighted scores, normalised with the maxima in `sc`. */
  private localTotal(sc: LocalScores, k: number): number {
    let sum = 0;
    for (let a = 0; a < sc.plugins.length; a++) {
      let score = (sc.raw[a] as Float64Array)[k] as number;
      const norm = sc.norm[a] as number;
      if (norm !== 0) score = normalizeOne(score, sc.maxes[a] as number, norm === 2);
      sum += score * (sc.weights[a] as number);
    }
    return sum;
  }

  /** The reference cycle: every plugin on every candidate node, nothing remembered. */
  private scheduleEveryNode(pod: Pod, state: CycleState, pre: PreFilterOutcome): CycleOutcome {
    const framework = this.framework;
    const statuses = new NodeStatusMap();
    let candidates: readonly NodeInfo[] = this.snapshot.nodeInfos;
    if (pre.nodeNames) {
      candidates = this.snapshot.nodeInfos.filter((n) => pre.nodeNames?.has(n.node.name));
      statuses.absentStatus = absentNodesStatus(pre.narrowingPlugins);
    }
    const feasible: NodeInfo[] = [];
    for (const info of candidates) {
      const status = framework.runFilterPlugins(state, pod, info);
      if (status === null) feasible.push(info);
      else statuses.statuses.set(info.node.name, status);
    }
    if (feasible.length === 0) return { kind: 'unschedulable', statuses, state };
    if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0] as NodeInfo, state };
    const preScore = framework.runPreScorePlugins(state, pod, feasible);
    if (preScore)
      return {
        kind: 'error',
        message: `running PreScore plugin "${preScore.plugin}": ${preScore.message()}`,
      };
    if (this.paths) this.paths.everyNode++;
    const scoreStatus = framework.runScorePlugins(state, pod, feasible, this.totals);
    if (scoreStatus)
      return {
        kind: 'error',
        message: `running Score plugin "${scoreStatus.plugin}": ${scoreStatus.message()}`,
      };
    return { kind: 'scheduled', node: feasible[selectHost(feasible, this.totals)] as NodeInfo, state };
  }

  /** Index in `nodes` of the best of `this.totals`; ties go to the node whose name sorts first. */
  private selectHost(nodes: readonly NodeInfo[]): number {
    const totals = this.totals;
    const rank = this.snapshot.nameRank;
    const idx = this.indexBuf;
    let best = 0;
    let bestTotal = totals[0] as number;
    let bestRank = rank[idx[0] as number] as number;
    for (let i = 1; i < nodes.length; i++) {
      const t = totals[i] as number;
      if (t < bestTotal) continue;
      const r = rank[idx[i] as number] as number;
      if (t > bestTotal || r < bestRank) {
        best = i;
        bestTotal = t;
        bestRank = r;
      }
    }
    return best;
  }

  /** Every active score plugin is node-local and normalises (if at all) the default way. */
  private incrementalEligible(state: CycleState): boolean {
    // The active plugins are remembered as bits of a 32-bit mask.
    if (this.framework.scorePlugins.length > 31) return false;
    for (const { plugin } of this.framework.scorePlugins) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      if (!isNodeLocal(plugin)) return false;
      if (plugin.normalizeScore && !plugin.defaultNormalize) return false;
    }
    return true;
  }

  private rawArrays(cls: ClassCache, p: number): [Float64Array, Float64Array] {
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

  /** The class's choice for the score plugins active in this cycle, new when they differ from the last. */
  private choiceFor(state: CycleState, cls: ClassCache): Choice {
    const scorePlugins = this.framework.scorePlugins;
    let mask = 0;
    for (let p = 0; p < scorePlugins.length; p++) {
      if (!state.skipScorePlugins.has((scorePlugins[p] as WeightedScorePlugin).plugin.name)) mask |= 1 << p;
    }
    if (cls.choice && cls.choice.mask === mask) return cls.choice;
    const n = this.nodeCount;
    const local = this.localScores(cls, mask);
    const choice: Choice = {
      ...local,
      mask,
      maxTrees: Array.from(local.norm, (kind) =>
        kind === 0 ? undefined : new Tournament(n, this.snapshot.nameRank),
      ),
      totals: new Tournament(n, this.snapshot.nameRank),
      synced: -1,
    };
    cls.choice = choice;
    return choice;
  }

  /** Brings node k's raw scores up to date; `replay` updates the maximum trees as it goes. */
  private refreshRaw(
    state: CycleState,
    pod: Pod,
    cls: ClassCache,
    choice: Choice,
    k: number,
    replay: boolean,
  ): void {
    const feasible = cls.pass[k] === 1;
    if (feasible) this.refreshScores(state, pod, choice, k);
    for (let a = 0; a < choice.active.length; a++) {
      const maxTree = choice.maxTrees[a];
      if (!maxTree) continue;
      const value = feasible ? ((choice.raw[a] as Float64Array)[k] as number) : Number.NEGATIVE_INFINITY;
      if (!replay) maxTree.values[k] = value;
      else if (maxTree.values[k] !== value) maxTree.set(k, value);
    }
  }

  /** Node k's weighted total as runScorePlugins adds it up (-Infinity for an infeasible node). */
  private totalOf(cls: ClassCache, choice: Choice, k: number): number {
    return cls.pass[k] === 0 ? Number.NEGATIVE_INFINITY : this.localTotal(choice, k);
  }

  /** Takes the maxima from the trees; true when one differs from what the totals used. */
  private takeMaxes(choice: Choice): boolean {
    let changed = false;
    for (let a = 0; a < choice.active.length; a++) {
      const maxTree = choice.maxTrees[a];
      if (!maxTree) continue;
      // DefaultNormalizeScore starts its maximum at 0.
      const max = Math.max(0, maxTree.bestValue());
      if (choice.maxes[a] !== max) {
        choice.maxes[a] = max;
        changed = true;
      }
    }
    return changed;
  }

  private rebuildTotals(cls: ClassCache, choice: Choice): void {
    const values = choice.totals.values;
    for (let k = 0; k < this.nodeCount; k++) values[k] = this.totalOf(cls, choice, k);
    choice.totals.rebuild();
  }

  /**
   * The node scoring every feasible node would choose, kept in a tournament tree: a
   * node's total changes only when the node changes or when the maximum raw score a
   * normalising plugin divides by changes (then every total is recomputed from the
   * cached raw scores).
   */
  private selectByTournament(state: CycleState, pod: Pod, cls: ClassCache): NodeInfo {
    const choice = this.choiceFor(state, cls);
    const count = this.changedSince(choice.synced);
    if (count < 0) {
      for (let k = 0; k < this.nodeCount; k++) this.refreshRaw(state, pod, cls, choice, k, false);
      for (const maxTree of choice.maxTrees) maxTree?.rebuild();
      this.takeMaxes(choice);
      this.rebuildTotals(cls, choice);
    } else {
      const changed = this.changed;
      for (let i = 0; i < count; i++) this.refreshRaw(state, pod, cls, choice, changed[i] as number, true);
      if (this.takeMaxes(choice)) this.rebuildTotals(cls, choice);
      else
        for (let i = 0; i < count; i++) {
          const k = changed[i] as number;
          const total = this.totalOf(cls, choice, k);
          if (choice.totals.values[k] !== total) choice.totals.set(k, total);
        }
    }
    choice.synced = this.snapshot.changes.length;
    return this.snapshot.nodeInfos[choice.totals.best()] as NodeInfo;
  }

  /** As Framework.runScorePlugins into `this.totals`, reading node-local raw scores from the class cache. */
  private score(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], cls: ClassCache): Status | null {
    const totals = this.totals;
    const scores = this.scores.subarray(0, nodes.length);
    const gens = this.snapshot.generations;
    totals.fill(0, 0, nodes.length);
    // Node indices in a typed array: the passes below touch a NodeInfo only to score it.
    const idx = this.indexBuf;
    for (let i = 0; i < nodes.length; i++) idx[i] = (nodes[i] as NodeInfo).index;
    const plugins = this.framework.scorePlugins;
    // Scores are integers, so adding the unnormalised node-local ones first gives the
    // same totals as adding them in profile order.
    const sumPlugins: ScorePlugin[] = [];
    const sumWeights: number[] = [];
    let mask = 0;
    for (let p = 0; p < plugins.length; p++) {
      const { plugin, weight } = plugins[p] as WeightedScorePlugin;
      if (plugin.normalizeScore || !isNodeLocal(plugin)) continue;
      if (state.skipScorePlugins.has(plugin.name)) continue;
      sumPlugins.push(plugin);
      sumWeights.push(weight);
      mask |= 2 ** p;
    }
    if (sumPlugins.length > 0) {
      let sum = cls.localSum;
      let sumGen = cls.localGen;
      if (!sum || !sumGen || cls.localMask !== mask) {
        sum = new Float64Array(this.nodeCount);
        sumGen = new Float64Array(this.nodeCount).fill(-1);
        cls.localSum = sum;
        cls.localGen = sumGen;
        cls.localMask = mask;
      }
      for (let i = 0; i < nodes.length; i++) {
        const k = idx[i] as number;
        const gen = gens[k] as number;
        if (sumGen[k] !== gen) {
          let s = 0;
          for (let a = 0; a < sumPlugins.length; a++)
            s +=
              (sumPlugins[a] as ScorePlugin).score(state, pod, nodes[i] as NodeInfo) *
              (sumWeights[a] as number);
          sum[k] = s;
          sumGen[k] = gen;
        }
        totals[i] = sum[k] as number;
      }
    }
    for (let p = 0; p < plugins.length; p++) {
      const { plugin, weight } = plugins[p] as WeightedScorePlugin;
      if (state.skipScorePlugins.has(plugin.name)) continue;
      const local = isNodeLocal(plugin);
      if (local && !plugin.normalizeScore) continue;
      if (local && plugin.defaultNormalize) {
        // Cached raw scores added straight into the totals; a default normalisation is
        // applied per node from the maximum, as DefaultNormalizeScore computes it.
        const [raw, rawGen] = this.rawArrays(cls, p);
        const norm = plugin.normalizeScore ? plugin.defaultNormalize : undefined;
        let max = 0;
        for (let i = 0; i < nodes.length; i++) {
          const k = idx[i] as number;
          const gen = gens[k] as number;
          if (rawGen[k] !== gen) {
            raw[k] = plugin.score(state, pod, nodes[i] as NodeInfo);
            rawGen[k] = gen;
          }
          const r = raw[k] as number;
          if (!norm) totals[i] = (totals[i] as number) + r * weight;
          else if (r > max) max = r;
        }
        if (norm && max === 0 && norm.reverse) {
          // Every node normalises to the maximum (normalizeOne with max 0): one constant.
          const add = MAX_NODE_SCORE * weight;
          for (let i = 0; i < nodes.length; i++) totals[i] = (totals[i] as number) + add;
        } else if (norm) {
          for (let i = 0; i < nodes.length; i++) {
            const score = normalizeOne(raw[idx[i] as number] as number, max, norm.reverse);
            totals[i] = (totals[i] as number) + score * weight;
          }
        }
        continue;
      }
      if (local) {
        const [raw, rawGen] = this.rawArrays(cls, p);
        for (let i = 0; i < nodes.length; i++) {
          const k = idx[i] as number;
          const gen = gens[k] as number;
          if (rawGen[k] !== gen) {
            raw[k] = plugin.score(state, pod, nodes[i] as NodeInfo);
            rawGen[k] = gen;
          }
          scores[i] = raw[k] as number;
        }
      } else if (plugin.scoreNodes) {
        plugin.scoreNodes(state, pod, nodes, scores);
      } else {
        for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i] as NodeInfo);
      }
      if (plugin.normalizeScore) {
        const status = plugin.normalizeScore(state, pod, scores, nodes);
        if (status && !status.isSuccess()) return status.withPlugin(plugin.name);
      }
      for (let i = 0; i < nodes.length; i++)
        totals[i] = (totals[i] as number) + (scores[i] as number) * weight;
    }
    return null;
  }
}

/**
 * Schedules `pods` onto `cluster` as kube-scheduler would, one by one, each seeing
 * the placements (and evictions) of the pods before it. Pending pods already in
 * the cluster are not scheduled unless passed in `pods`.
 */
export function simulate(
  cluster: ClusterState,
  pods: Pod[],
  options: SimulationOptions = {},
  config: SimulateConfig = {},
): SimulationResult {
  const snapshot = new ClusterSnapshot(cluster);
  const framework = new Framework(
    config.profile ?? defaultProfile,
    config.registry ?? defaultRegistry,
    snapshot,
    cluster,
    options,
  );
  const nodeNames = snapshot.nodeInfos.map((n) => n.node.name);
  const useCache = config.equivalenceCache ?? true;
  const scheduler = new Scheduler(framework, snapshot, useCache, config.paths);
  let lastFailure:
    | { key: string; position: number; reason: string; nodeReasons: Record<string, string[]> }
    | undefined;
  const placements: PlacementResult[] = [];
  const evictions: Eviction[] = [];
  const compare = queueComparator(framework);
  let queue: QueuedPodInfo[] = pods.map((pod, order) => ({ pod, order })).sort(compare);
  /** Where each pod's placement is, so a pod tried again replaces its own entry. */
  const slot = new Map<QueuedPodInfo, number>();
  const place = (queued: QueuedPodInfo, placement: PlacementResult): void => {
    const at = slot.get(queued);
    if (at === undefined) {
      slot.set(queued, placements.length);
      placements.push(placement);
    } else placements[at] = placement;
  };
  /**
   * Pods no node could take. As upstream moves unschedulable pods back to its active
   * queue when a pod is deleted, an eviction puts them back in the queue, in queue
   * order among the pods still waiting, to try the room it made.
   */
  let waiting: QueuedPodInfo[] = [];

  for (let q = 0; q < queue.length; q++) {
    const queued = queue[q] as QueuedPodInfo;
    const evictedBefore = evictions.length;
    schedulePod(queued);
    if (evictions.length > evictedBefore && waiting.some((w) => w !== queued)) {
      const retry = waiting.filter((w) => w !== queued);
      waiting = waiting.filter((w) => w === queued);
      queue = requeue(queue, q + 1, retry, compare);
    }
  }

  return { placements, evictions, nodes: snapshot.nodeInfos.map(usage) };

  function schedulePod(queued: QueuedPodInfo): void {
    const pod = queued.pod;
    // Admission and gates decided the pod's fate when it was first queued.
    if (slot.has(queued)) {
      scheduleAdmitted(queued);
      return;
    }
    // The API server's validation refuses it before admission: it can never be created.
    if (pod.spec.nodeName && (pod.spec.schedulingGates ?? []).length > 0) {
      place(queued, {
        pod,
        node: null,
        reason: `Pod "${pod.name}" is invalid: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared`,
        status: 'rejected',
      });
      return;
    }
    if (options.admit) {
      const verdict = options.admit(pod);
      if (!verdict.allowed) {
        place(queued, {
          pod,
          node: null,
          reason: verdict.reason ?? 'rejected by admission',
          status: 'rejected',
        });
        return;
      }
    }
    const gate = framework.runPreEnqueuePlugins(pod);
    if (gate) {
      place(queued, { pod, node: null, reason: gatedReason(pod, gate), status: 'gated' });
      return;
    }

    scheduleAdmitted(queued);
  }

  function scheduleAdmitted(queued: QueuedPodInfo): void {
    const pod = queued.pod;
    if (pod.spec.nodeName) {
      bindNamed(queued, pod.spec.nodeName);
      return;
    }
    // An identical pod that found no node, with no node changed since, finds none either:
    // every step of its cycle (preemption included) depends only on the class and the nodes.
    const key = useCache ? equivalenceKey(pod) : '';
    if (lastFailure && lastFailure.key === key && lastFailure.position === snapshot.changes.length) {
      place(queued, {
        pod,
        node: null,
        reason: lastFailure.reason,
        // Shared with the identical pods before it: placements are read, never changed.
        nodeReasons: lastFailure.nodeReasons,
        status: 'unschedulable',
      });
      waiting.push(queued);
      return;
    }
    lastFailure = undefined;
    const outcome = scheduler.scheduleOne(pod, key);
    if (outcome.kind === 'scheduled') {
      const error = bind(framework, outcome.state, outcome.node, pod);
      place(
        queued,
        error
          ? { pod, node: null, reason: error, status: 'unschedulable' }
          : { pod, node: outcome.node.node.name, reason: null, status: 'scheduled' },
      );
      return;
    }
    if (outcome.kind === 'error') {
      place(queued, { pod, node: null, reason: outcome.message, status: 'unschedulable' });
      return;
    }

    const diagnosis = { nodeToStatus: outcome.statuses, preFilterMsg: outcome.preFilterMsg };
    const post = framework.runPostFilterPlugins(outcome.state, pod, outcome.statuses);
    const nominated = post.status.isSuccess() ? post.result?.nominatedNodeName : undefined;
    const target = nominated ? snapshot.get(nominated) : undefined;
    if (target) {
      const victims = post.result?.victims ?? [];
      for (const victim of victims) {
        target.removePod(victim);
        evictions.push({ pod: victim.key, node: target.node.name, preemptor: pod.key });
      }
      // The next cycle tries the nominated node first and takes it when it fits.
      const state = framework.newCycleState();
      const pre = framework.runPreFilterPlugins(state, pod);
      const fits = pre.status === null && (!pre.nodeNames || pre.nodeNames.has(target.node.name));
      if (
        fits &&
        framework.runFilterPlugins(state, pod, target) === null &&
        !bind(framework, state, target, pod)
      ) {
        place(queued, {
          pod,
          node: target.node.name,
          reason: null,
          status: 'scheduled',
          victims: victims.map((v) => v.key),
        });
        return;
      }
    }
    const postFilterMsg = post.status.isSuccess() ? undefined : post.status.message();
    const reason = fitErrorMessage(nodeNames, { ...diagnosis, postFilterMsg });
    const reasons = nodeReasons(nodeNames, outcome.statuses);
    place(queued, { pod, node: null, reason, nodeReasons: reasons, status: 'unschedulable' });
    waiting.push(queued);
    if (useCache && !target) {
      lastFailure = { key, position: snapshot.changes.length, reason, nodeReasons: reasons };
    }
  }

  /**
   * A pod that names its node never reaches kube-scheduler: it is bound as created, and
   * the node's kubelet admits it or rejects it (kubelet.ts). A node the cluster does
   * not have never runs it, and the pod garbage collector deletes it.
   */
  function bindNamed(queued: QueuedPodInfo, nodeName: string): void {
    const pod = queued.pod;
    const info = snapshot.get(nodeName);
    if (!info) {
      place(queued, {
        pod,
        node: null,
        reason: `spec.nodeName is "${nodeName}", a node the cluster does not have: the pod never starts and is deleted by the pod garbage collector (PodGC: node no longer exists)`,
        status: 'unschedulable',
      });
      return;
    }
    const verdict = kubeletAdmit(pod, info);
    if (!verdict.admitted) {
      place(queued, {
        pod,
        node: null,
        reason: `${verdict.reason}: ${verdict.message}`,
        status: 'unschedulable',
      });
      return;
    }
    const error = bind(framework, framework.newCycleState(), info, pod);
    place(
      queued,
      error
        ? { pod, node: null, reason: error, status: 'unschedulable' }
        : { pod, node: nodeName, reason: null, status: 'scheduled' },
    );
  }
}

/**
 * What `kubectl describe` shows for a gated pod: the PodScheduled condition the API
 * server sets (reason SchedulingGated, with its message), followed by the gates.
 */
function gatedReason(pod: Pod, gate: Status): string {
  if (gate.plugin !== names.SchedulingGates) return gate.message();
  const gates = (pod.spec.schedulingGates ?? []).map((g) => g.name);
  return `SchedulingGated: Scheduling is blocked due to non-empty scheduling gates (${gates.join(', ')})`;
}

/** Assumes the pod onto the node and runs Reserve; returns why it failed, if it did. */
function bind(framework: Framework, state: CycleState, info: NodeInfo, pod: Pod): string | undefined {
  const bound: Pod = { ...pod, nodeName: info.node.name };
  info.addPod(bound);
  const status: Status | null = framework.runReservePlugins(state, bound, info.node.name);
  if (!status) return undefined;
  info.removePod(bound);
  return `running Reserve plugin "${status.plugin}": ${status.message()}`;
}
