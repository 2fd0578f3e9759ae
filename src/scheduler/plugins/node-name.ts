import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

/** A pod that names its node (`spec.nodeName`) fits only that node. */
export class NodeName implements fwk.FilterPlugin {
  readonly name = names.NodeName;
  readonly locality = 'node-static';

  filter(_state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): fwk.MaybeStatus {
    const wanted = pod.spec.nodeName;
    if (!wanted || wanted === nodeInfo.node.name) return null;
    return fwk.unresolvable(ERR_REASON_NODE_NAME);
  }
}
