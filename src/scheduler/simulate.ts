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
import { fitErrorMessage } from './framework/fit-error.ts';
import {
  MAX_NODE_SCORE,
  type NodeInfo,
  type PluginFactory,
  type Profile,
  type QueuedPodInfo,
  type Status,
} from './framework/interfaces.ts';
import { absentNodesStatus, Framework, NodeStatusMap } from './framework/runtime.ts';
import { ClusterSnapshot } from './framework/snapshot.ts';
import * as names from './names.ts';
import { defaultProfile } from './profile.ts';
import { registry as defaultRegistry } from './registry.ts';

export interface SimulateConfig {
  profile?: Profile;
  registry?: Readonly<Record<string, PluginFactory>>;
  /**
   * Reuse node-local filter and score results across identical pods (default true).
   * Off, every node is evaluated for every pod: the reference the cache must equal.
   */
  equivalenceCache?: boolean;
}

/** Queue order: the profile's QueueSort plugin, falling back to priority then arrival. */
function queueOrder(framework: Framework, pods: readonly Pod[]): Pod[] {
  const queued: QueuedPodInfo[] = pods.map((pod, order) => ({ pod, order }));
  const sort = framework.queueSort;
  queued.sort((a, b) => {
    if (sort) return sort.less(a, b) ? -1 : sort.less(b, a) ? 1 : a.order - b.order;
    return b.pod.priority - a.pod.priority || a.order - b.order;
  });
  return queued.map((q) => q.pod);
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
 * Plugins whose Filter result and raw Score for a node depend only on the pod and
 * that node (never on other nodes), by upstream's definition of them. For such
 * plugins an identical pod gets the same answer on a node until the node changes.
 */
const NODE_LOCAL_PLUGINS: ReadonlySet<string> = new Set([
  names.NodeUnschedulable,
  names.NodeName,
  names.TaintToleration,
  names.NodeAffinity,
  names.NodePorts,
  names.NodeResourcesFit,
  names.NodeResourcesBalancedAllocation,
]);

/**
 * Per-node results remembered for one equivalence class of pods (identical namespace,
 * labels, spec, requests and priority). Scheduling 10,000 replicas of one Deployment
 * on 5,000 nodes would otherwise filter and score 50 million node/pod pairs; with the
 * class cache only the node that changed (the one the previous replica went to) is
 * evaluated again, and the result is the same as evaluating every node.
 */
interface ClassCache {
  /** NodeInfo.generation each entry was computed at (-1: never). */
  filterGen: Float64Array;
  status: (Status | null)[];
  /** Per score plugin (by index in framework.scorePlugins): raw scores and their generation. */
  raw: Float64Array[];
  rawGen: Float64Array[];
  /** Weighted total per node, valid while its generation and every normalising maximum hold. */
  total: Float64Array;
  totalGen: Float64Array;
  /** Per score plugin: the maximum raw score over the feasible nodes when totals were computed. */
  maxes: Float64Array;
}

const MAX_CLASSES = 16;

function equivalenceKey(pod: Pod): string {
  return JSON.stringify([pod.namespace, pod.labels, pod.spec, pod.requests, pod.priority]);
}

function newClassCache(nodeCount: number, scorePlugins: number): ClassCache {
  return {
    filterGen: new Float64Array(nodeCount).fill(-1),
    status: new Array(nodeCount).fill(null),
    raw: Array.from({ length: scorePlugins }, () => new Float64Array(nodeCount)),
    rawGen: Array.from({ length: scorePlugins }, () => new Float64Array(nodeCount).fill(-1)),
    total: new Float64Array(nodeCount),
    totalGen: new Float64Array(nodeCount).fill(-1),
    maxes: new Float64Array(scorePlugins).fill(Number.NaN),
  };
}

class Scheduler {
  private readonly classes = new Map<string, ClassCache>();
  private readonly totals: Float64Array;
  private readonly scores: Float64Array;
  private readonly indexBuf: Int32Array;
  private readonly useCache: boolean;
  private readonly framework: Framework;
  private readonly snapshot: ClusterSnapshot;

  constructor(framework: Framework, snapshot: ClusterSnapshot, useCache: boolean) {
    this.framework = framework;
    this.snapshot = snapshot;
    const n = Math.max(1, snapshot.nodeInfos.length);
    this.totals = new Float64Array(n);
    this.scores = new Float64Array(n);
    this.indexBuf = new Int32Array(n);
    this.useCache = useCache;
  }

  private classFor(pod: Pod, state: CycleState): ClassCache | undefined {
    if (!this.useCache) return undefined;
    for (const pl of this.framework.filterPlugins) {
      if (!NODE_LOCAL_PLUGINS.has(pl.name) && !state.skipFilterPlugins.has(pl.name)) return undefined;
    }
    const key = equivalenceKey(pod);
    let cls = this.classes.get(key);
    if (!cls) {
      if (this.classes.size >= MAX_CLASSES) {
        const oldest = this.classes.keys().next().value;
        if (oldest !== undefined) this.classes.delete(oldest);
      }
      cls = newClassCache(this.snapshot.nodeInfos.length, this.framework.scorePlugins.length);
      this.classes.set(key, cls);
    }
    return cls;
  }

  /** One scheduling cycle up to the choice of node: PreFilter, Filter, PreScore, Score. */
  scheduleOne(pod: Pod): CycleOutcome {
    const framework = this.framework;
    const state = framework.newCycleState();
    const statuses = new NodeStatusMap();
    const pre = framework.runPreFilterPlugins(state, pod);
    if (pre.status) {
      statuses.absentStatus = pre.status;
      return { kind: 'unschedulable', statuses, preFilterMsg: pre.status.message(), state };
    }
    let candidates: readonly NodeInfo[] = this.snapshot.nodeInfos;
    if (pre.nodeNames) {
      candidates = this.snapshot.nodeInfos.filter((n) => pre.nodeNames?.has(n.node.name));
      statuses.absentStatus = absentNodesStatus(pre.narrowingPlugins);
    }
    const cls = this.classFor(pod, state);
    const gens = this.snapshot.generations;
    const feasible: NodeInfo[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const info = candidates[i] as NodeInfo;
      let status: Status | null;
      if (cls) {
        const k = info.index;
        const gen = gens[k] as number;
        if (cls.filterGen[k] !== gen) {
          cls.status[k] = framework.runFilterPlugins(state, pod, info);
          cls.filterGen[k] = gen;
        }
        status = cls.status[k] as Status | null;
      } else {
        status = framework.runFilterPlugins(state, pod, info);
      }
      if (status === null) feasible.push(info);
      else statuses.statuses.set(info.node.name, status);
    }
    if (feasible.length === 0) return { kind: 'unschedulable', statuses, state };
    // Upstream skips scoring when only one node is feasible.
    if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0] as NodeInfo, state };
    const preScore = framework.runPreScorePlugins(state, pod, feasible);
    if (preScore)
      return {
        kind: 'error',
        message: `running PreScore plugin "${preScore.plugin}": ${preScore.message()}`,
      };
    if (cls && this.incrementalEligible(state)) {
      return { kind: 'scheduled', node: this.selectIncrementally(state, pod, feasible, cls), state };
    }
    const scoreStatus = this.score(state, pod, feasible, cls);
    if (scoreStatus)
      return {
        kind: 'error',
        message: `running Score plugin "${scoreStatus.plugin}": ${scoreStatus.message()}`,
      };
    return { kind: 'scheduled', node: feasible[selectHost(feasible, this.totals)] as NodeInfo, state };
  }

  /** Every active score plugin is node-local and normalises (if at all) the default way. */
  private incrementalEligible(state: CycleState): boolean {
    for (const { plugin } of this.framework.scorePlugins) {
      if (state.skipScorePlugins.has(plugin.name)) continue;
      if (!NODE_LOCAL_PLUGINS.has(plugin.name)) return false;
      if (plugin.normalizeScore && !plugin.defaultNormalize) return false;
    }
    return true;
  }

  /**
   * The same choice as scoring every feasible node, computed from cached per-node
   * totals: a node's total changes only when the node changes or when the maximum
   * raw score a normalising plugin divides by changes (then every total is redone).
   */
  private selectIncrementally(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    cls: ClassCache,
  ): NodeInfo {
    const plugins = this.framework.scorePlugins;
    const gens = this.snapshot.generations;
    const rank = this.snapshot.nameRank;
    // Node indices in a typed array: the passes below never touch a NodeInfo that did not change.
    const idx = this.indexBuf;
    for (let i = 0; i < nodes.length; i++) idx[i] = (nodes[i] as NodeInfo).index;
    let maxesChanged = false;
    for (let p = 0; p < plugins.length; p++) {
      const { plugin } = plugins[p] as (typeof plugins)[number];
      if (state.skipScorePlugins.has(plugin.name)) continue;
      const raw = cls.raw[p] as Float64Array;
      const rawGen = cls.rawGen[p] as Float64Array;
      let max = 0;
      for (let i = 0; i < nodes.length; i++) {
        const k = idx[i] as number;
        const gen = gens[k] as number;
        if (rawGen[k] !== gen) {
          raw[k] = plugin.score(state, pod, nodes[i] as NodeInfo);
          rawGen[k] = gen;
        }
        const r = raw[k] as number;
        if (r > max) max = r;
      }
      if (plugin.defaultNormalize && cls.maxes[p] !== max) {
        cls.maxes[p] = max;
        maxesChanged = true;
      }
    }
    if (maxesChanged) cls.totalGen.fill(-1);
    let best = 0;
    let bestTotal = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < nodes.length; i++) {
      const k = idx[i] as number;
      const gen = gens[k] as number;
      if (cls.totalGen[k] !== gen) {
        let total = 0;
        for (let p = 0; p < plugins.length; p++) {
          const { plugin, weight } = plugins[p] as (typeof plugins)[number];
          if (state.skipScorePlugins.has(plugin.name)) continue;
          let score = (cls.raw[p] as Float64Array)[k] as number;
          const norm = plugin.defaultNormalize;
          if (norm) {
            const max = cls.maxes[p] as number;
            if (max === 0) score = norm.reverse ? MAX_NODE_SCORE : 0;
            else {
              score = Math.trunc((MAX_NODE_SCORE * score) / max);
              if (norm.reverse) score = MAX_NODE_SCORE - score;
            }
          }
          total += score * weight;
        }
        cls.total[k] = total;
        cls.totalGen[k] = gen;
      }
      const t = cls.total[k] as number;
      if (t > bestTotal || (t === bestTotal && (rank[k] as number) < (rank[idx[best] as number] as number))) {
        best = i;
        bestTotal = t;
      }
    }
    return nodes[best] as NodeInfo;
  }

  /** As Framework.runScorePlugins, reading node-local raw scores from the class cache. */
  private score(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    cls: ClassCache | undefined,
  ): Status | null {
    const totals = this.totals;
    const scores = this.scores.subarray(0, nodes.length);
    totals.fill(0, 0, nodes.length);
    const plugins = this.framework.scorePlugins;
    for (let p = 0; p < plugins.length; p++) {
      const { plugin, weight } = plugins[p] as (typeof plugins)[number];
      if (state.skipScorePlugins.has(plugin.name)) continue;
      if (cls && NODE_LOCAL_PLUGINS.has(plugin.name)) {
        const raw = cls.raw[p] as Float64Array;
        const rawGen = cls.rawGen[p] as Float64Array;
        for (let i = 0; i < nodes.length; i++) {
          const info = nodes[i] as NodeInfo;
          const k = info.index;
          if (rawGen[k] !== info.generation) {
            raw[k] = plugin.score(state, pod, info);
            rawGen[k] = info.generation;
          }
          scores[i] = raw[k] as number;
        }
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
  const scheduler = new Scheduler(framework, snapshot, config.equivalenceCache ?? true);
  const placements: PlacementResult[] = [];
  const evictions: Eviction[] = [];

  for (const pod of queueOrder(framework, pods)) {
    if (options.admit) {
      const verdict = options.admit(pod);
      if (!verdict.allowed) {
        placements.push({
          pod,
          node: null,
          reason: verdict.reason ?? 'rejected by admission',
          status: 'rejected',
        });
        continue;
      }
    }
    const gate = framework.runPreEnqueuePlugins(pod);
    if (gate) {
      placements.push({ pod, node: null, reason: gate.message(), status: 'gated' });
      continue;
    }

    const outcome = scheduler.scheduleOne(pod);
    if (outcome.kind === 'scheduled') {
      const error = bind(framework, outcome.state, outcome.node, pod);
      placements.push(
        error
          ? { pod, node: null, reason: error, status: 'unschedulable' }
          : { pod, node: outcome.node.node.name, reason: null, status: 'scheduled' },
      );
      continue;
    }
    if (outcome.kind === 'error') {
      placements.push({ pod, node: null, reason: outcome.message, status: 'unschedulable' });
      continue;
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
        placements.push({
          pod,
          node: target.node.name,
          reason: null,
          status: 'scheduled',
          victims: victims.map((v) => v.key),
        });
        continue;
      }
    }
    const postFilterMsg = post.status.isSuccess() ? undefined : post.status.message();
    placements.push({
      pod,
      node: null,
      reason: fitErrorMessage(nodeNames, { ...diagnosis, postFilterMsg }),
      nodeReasons: nodeReasons(nodeNames, outcome.statuses),
      status: 'unschedulable',
    });
  }

  return { placements, evictions, nodes: snapshot.nodeInfos.map(usage) };
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
