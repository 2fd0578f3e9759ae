/**
 * The timeline's node checks are the scheduler's: a Framework of the default profile
 * (or the config's, with its disabled plugins) over the cluster the static plan leaves,
 * so a node is ruled out for a batch pod exactly as the placement plan would rule it out,
 * with the same reason: cordons, node names, taints, node affinity, host ports, pod
 * (anti-)affinity and topology spread against the long-running pods. NodeResourcesFit is
 * the one plugin left out here: the timeline accounts for resources itself, as runs start
 * and finish, and words what is short with `resourceReasons` below, which is that plugin's.
 *
 * What the filters cannot see is the timeline's own pods: runs that hold a node while a
 * job starts are counted as resources only.
 */

import type { SimulationOptions } from '../model/simulation.ts';
import type { ClusterState, Node, Pod, ResourceList } from '../model/types.ts';
import { fitErrorMessage } from '../scheduler/framework/fit-error.ts';
import { CycleState, NodeInfo, podHostPorts, unschedulable } from '../scheduler/framework/interfaces.ts';
import { absentNodesStatus, Framework, NodeStatusMap } from '../scheduler/framework/runtime.ts';
import { ClusterSnapshot } from '../scheduler/framework/snapshot.ts';
import { names } from '../scheduler/names.ts';
import { fitsRequest, requestEntries } from '../scheduler/plugins/node-resources-fit.ts';
import { defaultProfile } from '../scheduler/profile.ts';
import { registry } from '../scheduler/registry.ts';
import type { Fitter } from './types.ts';

/** Why a node is ruled out, or null when it passes; the same for every pod of one cycle. */
interface Cycle {
  state: CycleState;
  /** PreFilter turned the pod away from every node: its reasons. */
  rejected: readonly string[] | null;
  /** PreFilter narrowed the nodes: the others' reasons. */
  narrowed: { nodes: ReadonlySet<string>; reasons: readonly string[] } | null;
}

/**
 * A Fitter over `cluster` (its nodes, with the pods bound to them) made of the
 * scheduler's Filter plugins, NodeResourcesFit aside.
 */
export function schedulerFitter(cluster: ClusterState, options: SimulationOptions = {}): Fitter {
  const framework = new Framework(defaultProfile, registry, new ClusterSnapshot(cluster), cluster, {
    ...options,
    disabledPlugins: [...(options.disabledPlugins ?? []), names.NodeResourcesFit],
  });
  // PreFilter runs once per pod, as in a scheduling cycle.
  const cycles = new WeakMap<Pod, Cycle>();
  const cycleFor = (pod: Pod): Cycle => {
    let cycle = cycles.get(pod);
    if (cycle) return cycle;
    const state = new CycleState();
    const pre = framework.runPreFilterPlugins(state, pod);
    cycle = {
      state,
      rejected: pre.status && !pre.status.isSuccess() ? pre.status.reasons : null,
      narrowed: pre.nodeNames
        ? { nodes: pre.nodeNames, reasons: absentNodesStatus(pre.narrowingPlugins).reasons }
        : null,
    };
    cycles.set(pod, cycle);
    return cycle;
  };
  // A pod's labels matter to the filters only through pod (anti-)affinity and topology
  // spread: its own terms, or a running pod's required anti-affinity that may select it.
  const runningAntiAffinity = framework.snapshot.havePodsWithRequiredAntiAffinity().length > 0;
  return {
    key(pod: Pod): string {
      const spec = pod.spec;
      const selfSelecting =
        runningAntiAffinity ||
        spec.affinity?.podAffinity !== undefined ||
        spec.affinity?.podAntiAffinity !== undefined ||
        (spec.topologySpreadConstraints?.length ?? 0) > 0;
      return JSON.stringify([
        pod.namespace,
        selfSelecting ? pod.labels : null,
        spec.nodeName,
        spec.nodeSelector,
        spec.affinity,
        spec.tolerations,
        spec.topologySpreadConstraints,
        podHostPorts(pod),
      ]);
    },
    staticReasons(pod: Pod, node: Node): string[] {
      const cycle = cycleFor(pod);
      if (cycle.rejected) return [...cycle.rejected];
      if (cycle.narrowed && !cycle.narrowed.nodes.has(node.name)) return [...cycle.narrowed.reasons];
      const info = framework.snapshot.get(node.name) ?? new NodeInfo(node);
      const status = framework.runFilterPlugins(cycle.state, pod, info);
      return status ? [...status.reasons] : [];
    },
  };
}

/** A cluster of these nodes with nothing bound to them, for capacity given as numbers. */
export function bareCluster(nodes: Node[]): ClusterState {
  return {
    nodes,
    pods: [],
    pendingPods: [],
    quotas: [],
    limitRanges: [],
    priorityClasses: [],
    pdbs: [],
    namespaces: {},
  };
}

/**
 * NodeResourcesFit's reasons for a pod on a node that has `free` left (`pods` counted):
 * `Too many pods`, then `Insufficient cpu`, memory, ephemeral-storage and the others.
 */
export function resourceReasons(pod: Pod, free: Readonly<ResourceList>): string[] {
  const node: Node = { name: '', labels: {}, taints: [], allocatable: { ...free }, unschedulable: false };
  return fitsRequest(requestEntries(pod), new NodeInfo(node)).map((r) => r.reason);
}

/**
 * `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s).`:
 * the scheduler's FitError message, from each node's reasons.
 */
export function fitErrorFromReasons(nodes: readonly Node[], perNode: readonly (readonly string[])[]): string {
  const statuses = new NodeStatusMap();
  nodes.forEach((node, i) => {
    const reasons = perNode[i] ?? [];
    if (reasons.length > 0) statuses.statuses.set(node.name, unschedulable(...reasons));
  });
  return fitErrorMessage(
    nodes.map((n) => n.name),
    { nodeToStatus: statuses },
  );
}
