import type { Pod } from '../../model/types.ts';
import {
  type CycleState,
  type FilterPlugin,
  type MaybeStatus,
  type NodeInfo,
  unresolvable,
} from '../framework/interfaces.ts';
import * as names from '../names.ts';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

/** A pod that names its node (`spec.nodeName`) fits only that node. */
export class NodeName implements FilterPlugin {
  readonly name = names.NodeName;
  readonly locality = 'node-static';

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): MaybeStatus {
    const wanted = pod.spec.nodeName;
    if (!wanted || wanted === nodeInfo.node.name) return null;
    return unresolvable(ERR_REASON_NODE_NAME);
  }
}
