import { findUntoleratedTaint, scheduleBlockingTaint, tolerationsTolerate } from '../../k8s/taints.ts';
import type { Toleration } from '../../model/k8s.ts';
import type { Pod } from '../../model/types.ts';
import {
  type CycleState,
  type FilterPlugin,
  MAX_NODE_SCORE,
  type MaybeStatus,
  type NodeInfo,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  unresolvable,
} from '../framework/interfaces.ts';
import * as names from '../names.ts';
import { defaultNormalizeScore } from './normalize.ts';

interface PreScoreState extends StateData {
  tolerationsPreferNoSchedule: Toleration[];
}

/**
 * Filter: a node with a NoSchedule or NoExecute taint the pod does not tolerate is out,
 * reported as `node(s) had untolerated taint(s)`, kube-scheduler v1.37's words (it no
 * longer names the taint, so nodes with different taints count as one reason).
 * Score: the fewer PreferNoSchedule taints the pod does not tolerate, the higher.
 */
export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = names.TaintToleration;
  readonly locality = 'node-static';
  readonly defaultNormalize = { reverse: true };

  filter(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): MaybeStatus {
    const taint = findUntoleratedTaint(nodeInfo.node.taints, pod.spec.tolerations, scheduleBlockingTaint);
    if (!taint) return null;
    return unresolvable('node(s) had untolerated taint(s)');
  }

  preScore(state: CycleState, pod: Pod): MaybeStatus {
    // Tolerations with no effect apply to every effect, PreferNoSchedule included.
    const tolerations = (pod.spec.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === 'PreferNoSchedule',
    );
    const data: PreScoreState = { tolerationsPreferNoSchedule: tolerations };
    state.write(this.name, data);
    return null;
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
    const tolerations = state.read<PreScoreState>(this.name)?.tolerationsPreferNoSchedule ?? [];
    let intolerable = 0;
    for (const taint of nodeInfo.node.taints) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerate(tolerations, taint)) intolerable++;
    }
    return intolerable;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: Float64Array): MaybeStatus {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return null;
  }
}
