/** Plan-aware wording shared by the renderers: advice, unplaced groups, workload figures. */

import { exact, plural } from '../format/amounts.ts';
import type { AdviceSkipped, FixAdvice } from '../plan/advice.ts';
import type { PlacementEntry, Plan, WorkloadChange } from '../plan/types.ts';

/**
 * The fixes advice found for a workload, each one enough on its own:
 * `4 replicas`, `cpu request ≤ 666m`, `2 more nodes of pool general`. Requests
 * are exact (a rounded-up amount might not fit); a node count is the plan's, for
 * all the unschedulable pods the pool can take. `safe` makes names safe for
 * the output format.
 */
export function fixOptions(fix: FixAdvice, safe: (s: string) => string, le = '≤'): string[] {
  const options: string[] = [];
  if (fix.fitReplicas !== undefined && fix.fitReplicas > 0) options.push(plural(fix.fitReplicas, 'replica'));
  for (const [r, v] of Object.entries(fix.smallerRequest ?? {}))
    options.push(`${safe(r)} request ${le} ${exact(r, v)}`);
  if (fix.addNodes) {
    // The count is for every unschedulable pod of the plan the pool can take, together.
    const shared =
      fix.addNodes.pods > fix.unplaced ? ` (places ${fix.addNodes.pods} unschedulable pods together)` : '';
    options.push(`${plural(fix.addNodes.count, 'more node')} of pool ${safe(fix.addNodes.pool)}${shared}`);
  }
  return options;
}

/**
 * What advice left unanswered when its work budget ran out, or undefined:
 * `advice stopped at its work budget: no headroom for 12 workloads, N+1 not tried on 40 nodes`.
 */
export function skippedText(skipped: AdviceSkipped | undefined): string | undefined {
  if (!skipped) return undefined;
  const parts: string[] = [];
  if (skipped.pools) parts.push(`no node count for ${plural(skipped.pools, 'pool')}`);
  if (skipped.fixes) parts.push(`no smaller request searched for ${plural(skipped.fixes, 'workload')}`);
  if (skipped.surge) parts.push(`no rollout surge for ${plural(skipped.surge, 'workload')}`);
  if (skipped.headroom) parts.push(`no headroom for ${plural(skipped.headroom, 'workload')}`);
  if (skipped.nPlusOne) parts.push(`N+1 not tried on ${plural(skipped.nPlusOne, 'node')}`);
  return parts.length > 0 ? `advice stopped at its work budget: ${parts.join(', ')}` : undefined;
}

/**
 * The fixes for a pod admission refused: as many replicas as were admitted, or a
 * larger quota (named when the API server's message names it).
 */
export function admissionFixOptions(
  plan: Plan,
  rejected: PlacementEntry,
  safe: (s: string) => string,
): string[] {
  const admitted = plan.placements.filter(
    (p) => p.namespace === rejected.namespace && p.workload === rejected.workload && p.status !== 'rejected',
  ).length;
  // Refused by validation (`Pod "x" is invalid: ...`): no quota makes it valid.
  if (/^Pod "[^"]*" is invalid: /.test(rejected.reason ?? '')) return ['a pod spec the API server accepts'];
  const quota = /^exceeded quota: ([^,]+),/.exec(rejected.reason ?? '');
  const raise = quota ? `a larger quota ${safe(quota[1]!)}` : 'a larger quota or LimitRange';
  return admitted > 0 ? [plural(admitted, 'replica'), raise] : [raise];
}

/** Unplaced pods of one workload that failed for the same reason. */
export interface UnplacedGroup {
  first: PlacementEntry;
  pods: string[];
}

export function groupUnplaced(unplaced: PlacementEntry[]): UnplacedGroup[] {
  const groups = new Map<string, UnplacedGroup>();
  for (const p of unplaced) {
    const key = [p.namespace, p.workload, p.status, p.reason ?? ''].join('\u0000');
    const g = groups.get(key);
    if (g) g.pods.push(p.pod);
    else groups.set(key, { first: p, pods: [p.pod] });
  }
  return [...groups.values()];
}

/**
 * The Pods cell of a workload row: its pods on the cluster's nodes before → after (the
 * pods its requests count), and the declared pods that get no node in the plan.
 */
export function workloadPods(w: WorkloadChange, arrow: string): string {
  const count =
    w.pods.before === w.pods.after ? String(w.pods.after) : `${w.pods.before} ${arrow} ${w.pods.after}`;
  const without = w.replicas.after - w.pods.after;
  if (without <= 0) return count;
  return `${count} (${without} ${w.timeline ? 'on the batch timeline' : 'not scheduled'})`;
}

/**
 * What the figures count, for the legend of every format: the cluster's requests and
 * the workload rows that add up to their change.
 */
export function figuresLegend(arrow: string): string {
  return `cluster requests sum the pods on the cluster's nodes; a workload's row is its share, its running pods the change replaces ${arrow} its pods that get a node, so the rows (with the pods preemption evicts) add up to the cluster's change`;
}
