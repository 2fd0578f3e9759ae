/**
 * What happens to a pod that names its node in `spec.nodeName`. kube-scheduler never
 * sees such a pod: the API server stores it bound, and the kubelet of that node admits
 * it or rejects it (phase Failed, the pod never runs). The kubelet checks what upstream's
 * kubelet checks before it starts a pod (pkg/kubelet/lifecycle, "GeneralPredicates"):
 * resources, then required node affinity and nodeSelector, then host ports, then
 * NoExecute taints. It ignores cordons and NoSchedule taints, and a request for an
 * extended resource the node does not have at all. Only the first failure is reported.
 */

import { podMatchesNodeSelectorAndAffinity } from '../k8s/node-affinity.ts';
import { findUntoleratedTaint, taintEffectIn } from '../k8s/taints.ts';
import type { Pod } from '../model/types.ts';
import { isExtendedResourceName } from '../quantity/quantity.ts';
import type { NodeInfo } from './framework/interfaces.ts';
import { ERR_REASON_POD } from './plugins/node-affinity.ts';
import { ERR_REASON_NODE_PORTS, podFitsPorts } from './plugins/node-ports.ts';
import { fitsRequest, requestEntries } from './plugins/node-resources-fit.ts';

export interface KubeletVerdict {
  admitted: boolean;
  /** The pod status reason the kubelet sets: `OutOfcpu`, `NodeAffinity`, ... */
  reason?: string;
  /** The pod status message: `Pod was rejected: ...`. */
  message?: string;
}

const rejected = (reason: string, message: string): KubeletVerdict => ({
  admitted: false,
  reason,
  message: `Pod was rejected: ${message}`,
});

export function kubeletAdmit(pod: Pod, nodeInfo: NodeInfo): KubeletVerdict {
  const node = nodeInfo.node;
  const entries = requestEntries(pod).filter(
    (e) => !isExtendedResourceName(e.name) || Object.hasOwn(node.allocatable, e.name),
  );
  const [short] = fitsRequest(entries, nodeInfo);
  if (short) {
    return rejected(
      `OutOf${short.resource}`,
      `Node didn't have enough resource: ${short.resource}, requested: ${short.requested}, used: ${short.used}, capacity: ${short.capacity}`,
    );
  }
  if (!podMatchesNodeSelectorAndAffinity(pod.spec, node)) {
    return rejected('NodeAffinity', `Predicate NodeAffinity failed: ${ERR_REASON_POD}`);
  }
  if (!podFitsPorts(pod, nodeInfo)) {
    return rejected('NodePorts', `Predicate NodePorts failed: ${ERR_REASON_NODE_PORTS}`);
  }
  if (findUntoleratedTaint(node.taints, pod.spec.tolerations, taintEffectIn('NoExecute'))) {
    return rejected('TaintToleration', 'Predicate TaintToleration failed: node(s) had untolerated taint(s)');
  }
  return { admitted: true };
}
