/**
 * Batch work that waits instead of failing: a Job's pods (or a JobSet's, a training
 * job's, a Kueue workload's) that do not fit the cluster now but fit it when it is empty
 * will run once capacity frees up, as Kubernetes (or Kueue) keeps them pending until
 * then. Only work that could never fit, even alone on the cluster, is unschedulable.
 * "Fit" is the timeline's: the pods that must run together (all of a Job's parallelism,
 * a gang's minAvailable) fit at once.
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
 * Whether the pods that must run together fit the cluster with nothing running on it: a
 * gang's `gang` pods, any other batch workload's pods all at once, as the timeline starts
 * them (a Job's parallelism is started whole there).
 */
function fitsWhenEmpty(
  pods: readonly Pod[],
  gang: number | undefined,
  cluster: ClusterState,
  options: SimulationOptions,
): boolean {
  const empty: ClusterState = { ...cluster, pods: [], pendingPods: [] };
  const together = pods.slice(0, gang ?? pods.length);
  return simulate(empty, together, options).placements.every((p) => p.status === 'scheduled');
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
