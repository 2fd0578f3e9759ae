/**
 * Batch work that waits instead of failing: a Job's pods (or a JobSet's, a training
 * job's, a Kueue workload's) that do not fit the cluster now but fit it when it is empty
 * will run once capacity frees up, as Kubernetes (or Kueue) keeps them pending until
 * then. Only work that could never fit, even alone on the cluster, is unschedulable.
 */

import type { PlacementResult, SimulationOptions } from '../model/simulation.ts';
import type { ClusterState, Pod } from '../model/types.ts';
import { simulate } from '../scheduler/simulate.ts';
import type { Workload } from '../workloads/expand.ts';

export interface WaitingResult {
  /** Keys (`Kind/namespace/name`) of the batch workloads that wait for capacity. */
  workloads: Set<string>;
  /** Why each waits, for its pods' placement entries. */
  reasons: Map<string, string>;
  /**
   * Gangs (Volcano's minAvailable) that could never start, even on the empty cluster: none
   * of their pods runs, so none may hold capacity in the plan. Key -> why.
   */
  neverStart: Map<string, string>;
}

/**
 * Whether the pods fit the cluster with nothing running on it: the `gang` pods a gang needs
 * together, other work pod by pod (the pods of one template are alike, so one of each is tried).
 */
function fitsWhenEmpty(
  pods: readonly Pod[],
  gang: number | undefined,
  cluster: ClusterState,
  options: SimulationOptions,
): boolean {
  const empty: ClusterState = { ...cluster, pods: [], pendingPods: [] };
  const tries: Pod[][] = [];
  if (gang !== undefined) tries.push(pods.slice(0, gang));
  else {
    const seen = new Set<unknown>();
    for (const pod of pods) {
      if (seen.has(pod.spec)) continue;
      seen.add(pod.spec);
      tries.push([pod]);
    }
  }
  return tries.every((set) =>
    simulate(empty, set, options).placements.every((p) => p.status === 'scheduled'),
  );
}

/** The batch workloads among the unschedulable pods of `placements` that fit the empty cluster. */
export function waitingForCapacity(
  placements: readonly PlacementResult[],
  workloadOf: (pod: Pod) => Workload | undefined,
  cluster: ClusterState,
  options: SimulationOptions,
): WaitingResult {
  const out: WaitingResult = { workloads: new Set(), reasons: new Map(), neverStart: new Map() };
  const tried = new Set<string>();
  for (const p of placements) {
    if (p.status !== 'unschedulable') continue;
    const w = workloadOf(p.pod);
    if (!w?.batch || tried.has(w.key)) continue;
    tried.add(w.key);
    if (!fitsWhenEmpty(w.pods, w.gang, cluster, options)) {
      if (w.gang !== undefined)
        out.neverStart.set(
          w.key,
          `its gang of ${w.gang} pods (minAvailable) never fits together, even on the empty cluster, so none of its pods starts: ${p.reason ?? 'no node has room'}`,
        );
      continue;
    }
    out.workloads.add(w.key);
    out.reasons.set(
      w.key,
      `waiting for capacity: it does not fit now (${p.reason ?? 'no node has room'}), but it fits the cluster when it is empty, so it runs when running work frees room; see the batch timeline`,
    );
  }
  return out;
}
