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
import type { NodeInfo, PluginFactory, Profile, QueuedPodInfo, Status } from './framework/interfaces.ts';
import { absentNodesStatus, Framework, NodeStatusMap } from './framework/runtime.ts';
import { ClusterSnapshot } from './framework/snapshot.ts';
import { defaultProfile } from './profile.ts';
import { registry as defaultRegistry } from './registry.ts';

export interface SimulateConfig {
  profile?: Profile;
  registry?: Readonly<Record<string, PluginFactory>>;
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

/** One scheduling cycle up to the choice of node: PreFilter, Filter, PreScore, Score. */
function scheduleOne(
  framework: Framework,
  snapshot: ClusterSnapshot,
  pod: Pod,
  totals: Float64Array,
): CycleOutcome {
  const state = framework.newCycleState();
  const statuses = new NodeStatusMap();
  const pre = framework.runPreFilterPlugins(state, pod);
  if (pre.status) {
    statuses.absentStatus = pre.status;
    return { kind: 'unschedulable', statuses, preFilterMsg: pre.status.message(), state };
  }
  let candidates: readonly NodeInfo[] = snapshot.nodeInfos;
  if (pre.nodeNames) {
    candidates = snapshot.nodeInfos.filter((n) => pre.nodeNames?.has(n.node.name));
    statuses.absentStatus = absentNodesStatus(pre.narrowingPlugins);
  }
  const feasible: NodeInfo[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const info = candidates[i] as NodeInfo;
    const status = framework.runFilterPlugins(state, pod, info);
    if (status === null) feasible.push(info);
    else statuses.statuses.set(info.node.name, status);
  }
  if (feasible.length === 0) return { kind: 'unschedulable', statuses, state };
  // Upstream skips scoring when only one node is feasible.
  if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0] as NodeInfo, state };
  const preScore = framework.runPreScorePlugins(state, pod, feasible);
  if (preScore)
    return { kind: 'error', message: `running PreScore plugin "${preScore.plugin}": ${preScore.message()}` };
  const scoreStatus = framework.runScorePlugins(state, pod, feasible, totals);
  if (scoreStatus)
    return {
      kind: 'error',
      message: `running Score plugin "${scoreStatus.plugin}": ${scoreStatus.message()}`,
    };
  return { kind: 'scheduled', node: feasible[selectHost(feasible, totals)] as NodeInfo, state };
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
  const totals = new Float64Array(Math.max(1, snapshot.nodeInfos.length));
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

    const outcome = scheduleOne(framework, snapshot, pod, totals);
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
