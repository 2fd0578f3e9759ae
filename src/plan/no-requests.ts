/**
 * Workloads whose pods request neither CPU nor memory: the scheduler counts them as
 * taking nothing, so a plan where they all "fit" says nothing about whether they can
 * run. Each is a warning at the workload's line, and the opt-in `requireRequests`
 * policy rule fails the plan for them.
 */

import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { Workload } from '../workloads/expand.ts';

/** Whether the pod's effective requests (LimitRange defaults and pod-level resources applied) ask for no CPU and no memory. */
function requestsNothing(requests: Readonly<Record<string, number>>): boolean {
  return !(requests.cpu ?? 0) && !(requests.memory ?? 0);
}

export interface NoRequestsResult {
  /** `namespace/Kind/name` of each workload that requests nothing. */
  workloads: string[];
  diagnostics: Diagnostic[];
}

/** The workloads of `workloads` (those the change adds or changes) whose pods request no CPU or memory. */
export function findNoRequests(workloads: readonly Workload[]): NoRequestsResult {
  const out: NoRequestsResult = { workloads: [], diagnostics: [] };
  for (const w of workloads) {
    const pod = w.pods[0];
    if (!pod || !requestsNothing(pod.requests)) continue;
    out.workloads.push(`${w.namespace}/${w.kind}/${w.name}`);
    out.diagnostics.push(
      diagnostic(
        w.object.source,
        'warning',
        'no-requests',
        `${w.kind} ${w.namespace}/${w.name}: its containers request no CPU or memory, so the scheduler counts its ${w.pods.length === 1 ? 'pod' : `${w.pods.length} pods`} as taking nothing and this plan cannot tell whether ${w.pods.length === 1 ? 'it fits' : 'they fit'}; set resources.requests on its containers (policy.requireRequests makes this fail the check)`,
      ),
    );
  }
  return out;
}
