/** Human formatting of resource amounts shared by the renderers. */

import type { ResourceList } from '../model/types.ts';
import type { AdviceSkipped, FixAdvice } from '../plan/advice.ts';
import type { PlacementEntry, Plan, WorkloadChange } from '../plan/types.ts';
import { resourceUnit } from '../quantity/quantity.ts';

const BINARY = [
  ['Ti', 1024 ** 4],
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024],
] as const;

function trim(n: number, digits: number): string {
  const text = n.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * For people, not for the API: `450m`, `1.8` cores, `42.1Gi`, `454Mi`. Rounded to
 * three significant figures at most, so columns stay readable; exact values are
 * in the JSON report.
 */
export function fmt(resource: string, amount: number | undefined): string {
  const n = amount ?? 0;
  if (n === 0) return '0';
  const unit = resourceUnit(resource);
  if (unit === 'millicores') {
    if (Math.abs(n) < 1000) return `${n}m`;
    return trim(n / 1000, Math.abs(n) >= 100_000 ? 0 : 2);
  }
  if (unit === 'bytes') {
    for (const [suffix, size] of BINARY) {
      if (Math.abs(n) >= size) {
        const v = n / size;
        return `${trim(v, Math.abs(v) >= 100 ? 0 : 1)}${suffix}`;
      }
    }
    return String(n);
  }
  return String(n);
}

/**
 * Exact, in the units people write in a manifest: `1450m`, `2`, `1499Mi`, `3Gi`.
 * For advice a reader copies into a manifest, where rounding up would not fit.
 */
export function exact(resource: string, amount: number | undefined): string {
  const n = amount ?? 0;
  const unit = resourceUnit(resource);
  if (unit === 'millicores') return n % 1000 === 0 ? String(n / 1000) : `${n}m`;
  if (unit === 'bytes' && n !== 0) {
    for (const [suffix, size] of BINARY) if (n % size === 0) return `${n / size}${suffix}`;
  }
  return String(n);
}

/** `1.5/4 (38%)`: requested over allocatable with the share, for one resource. */
export function usage(resource: string, requested: ResourceList, allocatable: ResourceList): string {
  const req = requested[resource] ?? 0;
  const alloc = allocatable[resource] ?? 0;
  if (req === 0 && alloc === 0) return '-';
  return `${fmt(resource, req)}/${fmt(resource, alloc)} (${percent(req, alloc)})`;
}

export function percent(part: number, whole: number): string {
  if (whole <= 0) return part > 0 ? 'over' : '0%';
  return `${Math.round((part / whole) * 100)}%`;
}

/** Signed change, e.g. `+1.5`, `-512Mi`, `0`. */
export function delta(resource: string, before: number | undefined, after: number | undefined): string {
  const d = (after ?? 0) - (before ?? 0);
  if (d === 0) return '0';
  return d > 0 ? `+${fmt(resource, d)}` : `-${fmt(resource, -d)}`;
}

/** Resources worth a column: cpu and memory always, extended ones when anything requests them. */
export function resourceColumns(lists: ResourceList[]): string[] {
  const extra = new Set<string>();
  for (const list of lists) {
    for (const [name, value] of Object.entries(list)) {
      if (value && name !== 'cpu' && name !== 'memory' && name !== 'pods' && name !== 'ephemeral-storage') {
        extra.add(name);
      }
    }
  }
  return ['cpu', 'memory', ...[...extra].sort()];
}

/** `1 pod`, `3 pods`; `plural(2, 'more node')` is `2 more nodes`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

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
