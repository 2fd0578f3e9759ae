import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';

/** Upstream's default resources for this plugin (NodeResourcesBalancedAllocationArgs). */
export const BALANCED_RESOURCES: readonly string[] = ['cpu', 'memory'];

const PRE_SCORE_KEY = fwk.preScoreStateKey(names.NodeResourcesBalancedAllocation);

interface PreScoreState extends fwk.StateData {
  /** The pod's requests, in the order of BALANCED_RESOURCES. */
  podRequests: number[];
}

function preScoreState(pod: Pod): PreScoreState {
  return { podRequests: BALANCED_RESOURCES.map((r) => pod.requests[r] ?? 0) };
}

/**
 * Upstream's balancedResourceScorer: the closer the fractions of allocatable the
 * node's resources would be used, the higher the score. Fractions above 1 count as 1.
 * score = trunc((1 - std) * 100), where std is the standard deviation of the fractions;
 * with the usual two resources that is |f_cpu - f_mem| / 2.
 *
 * Worked example: a node with 4000m CPU and 10 GiB memory, 3000m and 5 GiB requested
 * (the incoming pod included): fractions 0.75 and 0.5, std 0.125, score trunc(87.5) = 87.
 */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  // Fractions go into a reused scratch array: this runs for every feasible node of every pod.
  if (scratch.length < requested.length) scratch = new Float64Array(requested.length);
  let n = 0;
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    const alloc = allocatable[i] as number;
    if (alloc === 0) continue;
    const fraction = Math.min((requested[i] as number) / alloc, 1);
    total += fraction;
    scratch[n++] = fraction;
  }
  let std = 0;
  if (n === 2) {
    std = Math.abs(((scratch[0] as number) - (scratch[1] as number)) / 2);
  } else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += ((scratch[i] as number) - mean) * ((scratch[i] as number) - mean);
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * fwk.MAX_NODE_SCORE);
}

let scratch = new Float64Array(4);

/**
 * NodeResourcesBalancedAllocation: favours nodes whose CPU and memory would be used
 * in similar proportions. As upstream, it uses the actual requests (not the non-zero
 * defaults) and skips pods that request neither CPU nor memory, so best-effort pods do
 * not all pile onto one node (kubernetes/kubernetes#129138).
 */
export class NodeResourcesBalancedAllocation implements fwk.PreScorePlugin, fwk.ScorePlugin {
  readonly name = names.NodeResourcesBalancedAllocation;
  readonly locality = 'node';
  private readonly requested = new Array<number>(BALANCED_RESOURCES.length).fill(0);
  private readonly allocatable = new Array<number>(BALANCED_RESOURCES.length).fill(0);

  preScore(state: fwk.CycleState, pod: Pod): fwk.MaybeStatus {
    const data = preScoreState(pod);
    if (data.podRequests.every((r) => r === 0)) return fwk.skip();
    state.write(PRE_SCORE_KEY, data);
    return null;
  }

  score(state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): number {
    const { podRequests } = fwk.readScoreState(state, PRE_SCORE_KEY, pod, preScoreState);
    const { requested, allocatable } = this;
    const nodeAllocatable = nodeInfo.node.allocatable;
    for (let i = 0; i < BALANCED_RESOURCES.length; i++) {
      const resource = BALANCED_RESOURCES[i] as string;
      const alloc = nodeAllocatable[resource] ?? 0;
      allocatable[i] = alloc;
      requested[i] = alloc === 0 ? 0 : (nodeInfo.requested[resource] ?? 0) + (podRequests[i] as number);
    }
    return balancedResourceScore(requested, allocatable);
  }
}
