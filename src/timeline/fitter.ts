/**
 * The default static checks, in the order kube-scheduler's default profile runs its
 * Filter plugins (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity). A node
 * reports only the first plugin that rejects it, as the framework stops there.
 */

import { podMatchesNodeSelectorAndAffinity } from '../k8s/node-affinity.ts';
import { findUntoleratedTaint, scheduleBlockingTaint, tolerationsTolerate } from '../k8s/taints.ts';
import type { Node, Pod } from '../model/types.ts';
import type { Fitter } from './types.ts';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };

export const defaultFitter: Fitter = {
  staticReasons(pod: Pod, node: Node): string[] {
    if (node.unschedulable && !tolerationsTolerate(pod.spec.tolerations, UNSCHEDULABLE_TAINT)) {
      return ['node(s) were unschedulable'];
    }
    if (pod.spec.nodeName && pod.spec.nodeName !== node.name) {
      return ["node(s) didn't match the requested node name"];
    }
    const taint = findUntoleratedTaint(node.taints, pod.spec.tolerations, scheduleBlockingTaint);
    if (taint) return ['node(s) had untolerated taint(s)'];
    if (!podMatchesNodeSelectorAndAffinity(pod.spec, node)) {
      return ["node(s) didn't match Pod's node affinity/selector"];
    }
    return [];
  },
};

/** NodeResourcesFit's reasons for one pod against what a node has free, in upstream's order. */
export function insufficientResources(
  requests: Readonly<Record<string, number>>,
  free: Readonly<Record<string, number>>,
): string[] {
  const reasons: string[] = [];
  if ((free.pods ?? 0) < 1) reasons.push('Too many pods');
  const named = ['cpu', 'memory', 'ephemeral-storage'];
  const others = Object.keys(requests)
    .filter((r) => r !== 'pods' && !named.includes(r))
    .sort();
  for (const resource of [...named, ...others]) {
    const want = requests[resource] ?? 0;
    if (want > 0 && want > (free[resource] ?? 0)) reasons.push(`Insufficient ${resource}`);
  }
  return reasons;
}

/**
 * `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s).`
 * Reasons are counted over nodes and sorted as strings, exactly as upstream's FitError.
 */
export function fitErrorMessage(nodeCount: number, perNode: readonly string[][]): string {
  const counts = new Map<string, number>();
  for (const reasons of perNode) {
    for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const parts = [...counts].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${nodeCount} nodes are available: ${parts.join(', ')}.`;
}
