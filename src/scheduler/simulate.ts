/**
 * berth's scheduling loop, as upstream's scheduleOne around its cycle: pods taken one at
 * a time in queue order (queue.ts); the API server's validation, admission and
 * scheduling gates decide first whether a pod may be queued at all; a pod naming its
 * node goes to that node's kubelet (kubelet.ts); every other pod goes through one cycle
 * (schedule-one.ts), PostFilter (preemption) when nothing fits, and Reserve on the
 * chosen node.
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
import { equivalenceKey } from './class-cache.ts';
import { fitErrorMessage } from './framework/fit-error.ts';
import type {
  CycleState,
  NodeInfo,
  PluginFactory,
  Profile,
  QueuedPodInfo,
  Status,
} from './framework/interfaces.ts';
import { Framework, type NodeStatusMap } from './framework/runtime.ts';
import { ClusterSnapshot } from './framework/snapshot.ts';
import { kubeletAdmit } from './kubelet.ts';
import { names } from './names.ts';
import { defaultProfile } from './profile.ts';
import { SchedulingQueue } from './queue.ts';
import { registry as defaultRegistry } from './registry.ts';
import { type CyclePaths, Scheduler } from './schedule-one.ts';

export type { CyclePaths };

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
  return new Simulation(cluster, options, config).run(pods);
}

/** An identical pod's failure, kept while no node changes. */
interface LastFailure {
  key: string;
  position: number;
  reason: string;
  nodeReasons: Record<string, string[]>;
}

class Simulation {
  private readonly options: SimulationOptions;
  private readonly snapshot: ClusterSnapshot;
  private readonly framework: Framework;
  private readonly nodeNames: string[];
  private readonly useCache: boolean;
  private readonly scheduler: Scheduler;
  private readonly placements: PlacementResult[] = [];
  private readonly evictions: Eviction[] = [];
  /** Where each pod's placement is, so a pod tried again replaces its own entry. */
  private readonly slot = new Map<QueuedPodInfo, number>();
  private lastFailure: LastFailure | undefined;
  private queue: SchedulingQueue | undefined;

  constructor(cluster: ClusterState, options: SimulationOptions, config: SimulateConfig) {
    this.options = options;
    this.snapshot = new ClusterSnapshot(cluster);
    this.framework = new Framework(
      config.profile ?? defaultProfile,
      config.registry ?? defaultRegistry,
      this.snapshot,
      cluster,
      options,
    );
    this.nodeNames = this.snapshot.nodeInfos.map((n) => n.node.name);
    this.useCache = config.equivalenceCache ?? true;
    this.scheduler = new Scheduler(this.framework, this.snapshot, this.useCache, config.paths);
  }

  run(pods: Pod[]): SimulationResult {
    const queue = new SchedulingQueue(this.framework, pods);
    this.queue = queue;
    for (let queued = queue.pop(); queued; queued = queue.pop()) {
      const evictedBefore = this.evictions.length;
      this.schedulePod(queued);
      if (this.evictions.length > evictedBefore) queue.moveAllToActive(queued);
    }
    return {
      placements: this.placements,
      evictions: this.evictions,
      nodes: this.snapshot.nodeInfos.map(usage),
    };
  }

  private place(queued: QueuedPodInfo, placement: PlacementResult): void {
    const at = this.slot.get(queued);
    if (at === undefined) {
      this.slot.set(queued, this.placements.length);
      this.placements.push(placement);
    } else this.placements[at] = placement;
  }

  private unschedulable(queued: QueuedPodInfo, placement: PlacementResult): void {
    this.place(queued, placement);
    this.queue?.addUnschedulable(queued);
  }

  /** The API server's validation, admission and the scheduling gates, the first time a pod is queued. */
  private schedulePod(queued: QueuedPodInfo): void {
    const pod = queued.pod;
    // Admission and gates decided the pod's fate when it was first queued.
    if (this.slot.has(queued)) {
      this.scheduleAdmitted(queued);
      return;
    }
    // The API server's validation refuses it before admission: it can never be created.
    if (pod.spec.nodeName && (pod.spec.schedulingGates ?? []).length > 0) {
      this.place(queued, {
        pod,
        node: null,
        reason: `Pod "${pod.name}" is invalid: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared`,
        status: 'rejected',
      });
      return;
    }
    if (this.options.admit) {
      const verdict = this.options.admit(pod);
      if (!verdict.allowed) {
        const reason = verdict.reason ?? 'rejected by admission';
        this.place(queued, { pod, node: null, reason, status: 'rejected' });
        return;
      }
    }
    const gate = this.framework.runPreEnqueuePlugins(pod);
    if (gate) {
      this.place(queued, { pod, node: null, reason: gatedReason(pod, gate), status: 'gated' });
      return;
    }
    this.scheduleAdmitted(queued);
  }

  private scheduleAdmitted(queued: QueuedPodInfo): void {
    const pod = queued.pod;
    if (pod.spec.nodeName) {
      this.bindNamed(queued, pod.spec.nodeName);
      return;
    }
    // An identical pod that found no node, with no node changed since, finds none either:
    // every step of its cycle (preemption included) depends only on the class and the nodes.
    const key = this.useCache ? equivalenceKey(pod) : '';
    const last = this.lastFailure;
    if (last && last.key === key && last.position === this.snapshot.changes.length) {
      // nodeReasons is shared with the identical pods before it: placements are read, never changed.
      const { reason, nodeReasons } = last;
      this.unschedulable(queued, { pod, node: null, reason, nodeReasons, status: 'unschedulable' });
      return;
    }
    this.lastFailure = undefined;
    const outcome = this.scheduler.scheduleOne(pod, key);
    if (outcome.kind === 'scheduled') {
      const error = bind(this.framework, outcome.state, outcome.node, pod);
      this.place(
        queued,
        error
          ? { pod, node: null, reason: error, status: 'unschedulable' }
          : { pod, node: outcome.node.node.name, reason: null, status: 'scheduled' },
      );
      return;
    }
    if (outcome.kind === 'error') {
      this.place(queued, { pod, node: null, reason: outcome.message, status: 'unschedulable' });
      return;
    }
    this.postFilter(queued, key, outcome.state, outcome.statuses, outcome.preFilterMsg);
  }

  /**
   * No node fits: PostFilter (preemption) may evict pods from one node, and the next cycle
   * tries that nominated node first and takes it when the pod fits there now.
   */
  private postFilter(
    queued: QueuedPodInfo,
    key: string,
    state: CycleState,
    statuses: NodeStatusMap,
    preFilterMsg: string | undefined,
  ): void {
    const { framework, snapshot } = this;
    const pod = queued.pod;
    const post = framework.runPostFilterPlugins(state, pod, statuses);
    const nominated = post.status.isSuccess() ? post.result?.nominatedNodeName : undefined;
    const target = nominated ? snapshot.get(nominated) : undefined;
    if (target) {
      const victims = post.result?.victims ?? [];
      for (const victim of victims) {
        target.removePod(victim);
        this.evictions.push({ pod: victim.key, node: target.node.name, preemptor: pod.key });
      }
      const next = framework.newCycleState();
      const pre = framework.runPreFilterPlugins(next, pod);
      const fits = pre.status === null && (!pre.nodeNames || pre.nodeNames.has(target.node.name));
      if (
        fits &&
        framework.runFilterPlugins(next, pod, target) === null &&
        !bind(framework, next, target, pod)
      ) {
        const node = target.node.name;
        this.place(queued, {
          pod,
          node,
          reason: null,
          status: 'scheduled',
          victims: victims.map((v) => v.key),
        });
        return;
      }
    }
    const postFilterMsg = post.status.isSuccess() ? undefined : post.status.message();
    const reason = fitErrorMessage(this.nodeNames, { nodeToStatus: statuses, preFilterMsg, postFilterMsg });
    const reasons = nodeReasons(this.nodeNames, statuses);
    this.unschedulable(queued, { pod, node: null, reason, nodeReasons: reasons, status: 'unschedulable' });
    if (this.useCache && !target) {
      this.lastFailure = { key, position: snapshot.changes.length, reason, nodeReasons: reasons };
    }
  }

  /**
   * A pod that names its node never reaches kube-scheduler: it is bound as created, and
   * the node's kubelet admits it or rejects it (kubelet.ts). A node the cluster does
   * not have never runs it, and the pod garbage collector deletes it.
   */
  private bindNamed(queued: QueuedPodInfo, nodeName: string): void {
    const pod = queued.pod;
    const info = this.snapshot.get(nodeName);
    if (!info) {
      this.place(queued, {
        pod,
        node: null,
        reason: `spec.nodeName is "${nodeName}", a node the cluster does not have: the pod never starts and is deleted by the pod garbage collector (PodGC: node no longer exists)`,
        status: 'unschedulable',
      });
      return;
    }
    const verdict = kubeletAdmit(pod, info);
    if (!verdict.admitted) {
      const reason = `${verdict.reason}: ${verdict.message}`;
      this.place(queued, { pod, node: null, reason, status: 'unschedulable' });
      return;
    }
    const error = bind(this.framework, this.framework.newCycleState(), info, pod);
    this.place(
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
