import { tolerationsTolerate } from '../../k8s/taints.ts';
import type { Taint } from '../../model/k8s.ts';
import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

/** The taint a cordoned node carries; a pod tolerating it may still land there. */
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Cordoned nodes (`spec.unschedulable`) take no new pods unless the pod tolerates the cordon taint. */
export class NodeUnschedulable implements fwk.FilterPlugin {
  readonly name = names.NodeUnschedulable;
  readonly locality = 'node-static';

  filter(_state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): fwk.MaybeStatus {
    if (!nodeInfo.node.unschedulable) return null;
    if (tolerationsTolerate(pod.spec.tolerations, UNSCHEDULABLE_TAINT)) return null;
    return fwk.unresolvable(ERR_REASON_UNSCHEDULABLE);
  }
}
