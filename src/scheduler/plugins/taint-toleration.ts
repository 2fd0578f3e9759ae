import { findUntoleratedTaint, scheduleBlockingTaint, tolerationsTolerate } from '../../k8s/taints.ts';
import type { Toleration } from '../../model/k8s.ts';
import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';
import { defaultNormalizeScore } from './normalize.ts';

const PRE_SCORE_KEY = fwk.preScoreStateKey(names.TaintToleration);

interface PreScoreState extends fwk.StateData {
  tolerationsPreferNoSchedule: Toleration[];
}

function preScoreState(pod: Pod): PreScoreState {
  // Tolerations with no effect apply to every effect, PreferNoSchedule included.
  const tolerations = (pod.spec.tolerations ?? []).filter(
    (t) => !t.effect || t.effect === 'PreferNoSchedule',
  );
  return { tolerationsPreferNoSchedule: tolerations };
}

/** Upstream's reason, word for word. */
export const ERR_REASON_NOT_MATCH = 'node(s) had untolerated taint(s)';

/**
 * Filter: a node with a NoSchedule or NoExecute taint the pod does not tolerate is out,
 * reported as `node(s) had untolerated taint(s)`, kube-scheduler v1.37's words (it no
 * longer names the taint, so nodes with different taints count as one reason).
 * Score: the fewer PreferNoSchedule taints the pod does not tolerate, the higher.
 */
export class TaintToleration implements fwk.FilterPlugin, fwk.PreScorePlugin, fwk.ScorePlugin {
  readonly name = names.TaintToleration;
  readonly locality = 'node-static';
  readonly defaultNormalize = { reverse: true };

  filter(_state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): fwk.MaybeStatus {
    const taint = findUntoleratedTaint(nodeInfo.node.taints, pod.spec.tolerations, scheduleBlockingTaint);
    if (!taint) return null;
    return fwk.unresolvable(ERR_REASON_NOT_MATCH);
  }

  preScore(state: fwk.CycleState, pod: Pod): fwk.MaybeStatus {
    state.write(PRE_SCORE_KEY, preScoreState(pod));
    return null;
  }

  score(state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): number {
    const tolerations = fwk.readScoreState(
      state,
      PRE_SCORE_KEY,
      pod,
      preScoreState,
    ).tolerationsPreferNoSchedule;
    let intolerable = 0;
    for (const taint of nodeInfo.node.taints) {
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerate(tolerations, taint)) intolerable++;
    }
    return intolerable;
  }

  normalizeScore(_state: fwk.CycleState, _pod: Pod, scores: Float64Array): fwk.MaybeStatus {
    defaultNormalizeScore(fwk.MAX_NODE_SCORE, true, scores);
    return null;
  }
}
