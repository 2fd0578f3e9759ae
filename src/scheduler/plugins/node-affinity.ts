import { mapSubsetOf } from '../../k8s/labels.ts';
import {
  NODE_NAME_FIELD,
  nodeSelectorTermMatches,
  podMatchesRequiredNodeAffinity,
} from '../../k8s/node-affinity.ts';
import type { PreferredSchedulingTerm } from '../../model/k8s.ts';
import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';
import { defaultNormalizeScore } from './normalize.ts';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const PRE_SCORE_KEY = fwk.preScoreStateKey(names.NodeAffinity);

interface PreScoreState extends fwk.StateData {
  preferred: PreferredSchedulingTerm[];
}

function preScoreState(pod: Pod): PreScoreState {
  const terms = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return { preferred: terms.filter((t) => t.weight !== 0) };
}

/**
 * The node names every required term pins the pod to with `matchFields metadata.name In`
 * (DaemonSet pods), or undefined when some term allows any node. Terms are ORed, so the
 * result is the union over terms of each term's intersection.
 */
export function preFilterNodeNames(pod: Pod): Set<string> | undefined {
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  const union = new Set<string>();
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const req of term.matchFields ?? []) {
      if (req.key !== NODE_NAME_FIELD || req.operator !== 'In') continue;
      const values = new Set(req.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => values.has(n))) : values;
    }
    if (!termNames) return undefined;
    for (const n of termNames) union.add(n);
  }
  return union;
}

/**
 * `nodeSelector` and required node affinity (both must hold) as a filter; preferred
 * terms as a score: the sum of the weights of matching terms, normalised so the
 * best node gets 100.
 */
export class NodeAffinity
  implements fwk.PreFilterPlugin, fwk.FilterPlugin, fwk.PreScorePlugin, fwk.ScorePlugin
{
  readonly name = names.NodeAffinity;
  readonly locality = 'node-static';
  readonly defaultNormalize = { reverse: false };

  preFilter(_state: fwk.CycleState, pod: Pod): { result?: fwk.PreFilterResult; status: fwk.MaybeStatus } {
    const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !pod.spec.nodeSelector) return { status: fwk.skip() };
    const nodeNames = preFilterNodeNames(pod);
    if (nodeNames === undefined) return { status: null };
    if (nodeNames.size === 0) return { status: fwk.unresolvable(ERR_REASON_CONFLICT) };
    return { result: { nodeNames }, status: null };
  }

  filter(_state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): fwk.MaybeStatus {
    const node = nodeInfo.node;
    if (mapSubsetOf(pod.spec.nodeSelector, node.labels) && podMatchesRequiredNodeAffinity(pod.spec, node))
      return null;
    return fwk.unresolvable(ERR_REASON_POD);
  }

  preScore(state: fwk.CycleState, pod: Pod): fwk.MaybeStatus {
    const data = preScoreState(pod);
    if (data.preferred.length === 0) return fwk.skip();
    state.write(PRE_SCORE_KEY, data);
    return null;
  }

  score(state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): number {
    const { preferred } = fwk.readScoreState(state, PRE_SCORE_KEY, pod, preScoreState);
    let total = 0;
    for (const term of preferred) {
      if (nodeSelectorTermMatches(term.preference, nodeInfo.node)) total += term.weight;
    }
    return total;
  }

  normalizeScore(_state: fwk.CycleState, _pod: Pod, scores: Float64Array): fwk.MaybeStatus {
    defaultNormalizeScore(fwk.MAX_NODE_SCORE, false, scores);
    return null;
  }
}
