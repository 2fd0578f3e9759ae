/**
 * How a scheduling cycle ends before Reserve, and the words of its errors, written once
 * for every path that reaches a node choice (schedule-one.ts, grouped-choice.ts).
 */

import type { CycleState, NodeInfo, Status } from './framework/interfaces.ts';
import type { NodeStatusMap } from './framework/runtime.ts';

export type CycleOutcome =
  | { kind: 'scheduled'; node: NodeInfo; state: CycleState }
  | { kind: 'error'; message: string }
  | { kind: 'unschedulable'; statuses: NodeStatusMap; preFilterMsg?: string; state: CycleState };

/** A PreScore plugin failed: the cycle ends with upstream's `running PreScore plugin` error. */
export function preScoreError(status: Status): CycleOutcome {
  return { kind: 'error', message: `running PreScore plugin "${status.plugin}": ${status.message()}` };
}

/** A Score (or NormalizeScore) plugin failed: the cycle ends with upstream's `running Score plugin` error. */
export function scoreError(status: Status): CycleOutcome {
  return { kind: 'error', message: `running Score plugin "${status.plugin}": ${status.message()}` };
}

/** Index in `nodes` of the highest total; ties go to the node whose name sorts first (`rank`, by node index). */
export function selectHost(nodes: readonly NodeInfo[], totals: Float64Array, rank: Int32Array): number {
  let best = 0;
  let bestTotal = totals[0] as number;
  let bestRank = rank[(nodes[0] as NodeInfo).index] as number;
  for (let i = 1; i < nodes.length; i++) {
    const t = totals[i] as number;
    if (t < bestTotal) continue;
    const r = rank[(nodes[i] as NodeInfo).index] as number;
    if (t > bestTotal || r < bestRank) {
      best = i;
      bestTotal = t;
      bestRank = r;
    }
  }
  return best;
}
