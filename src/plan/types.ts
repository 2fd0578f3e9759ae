/**
 * The plan: everything berth concluded about a change, before any rendering.
 * The JSON report is this object (see `src/report/json.ts`), so fields here are a
 * public, versioned contract: add, never rename.
 */

import type { Diagnostic } from '../model/diagnostics.ts';
import type { ResourceList } from '../model/types.ts';
import type { TimelineResult } from '../timeline/types.ts';
import type { PlanAdvice } from './advice.ts';
import type { ObjectChange } from './diff.ts';
import type { PolicyReport } from './policy.ts';
import type { ResourceReport } from './resources.ts';

export const PLAN_SCHEMA_VERSION = 1;

/**
 * `waiting`: a batch pod (Job, JobSet, training job, Kueue workload) that does not fit now
 * but fits the cluster when it is empty: it waits for capacity on the batch timeline.
 */
export type PlacementStatus = 'scheduled' | 'unschedulable' | 'gated' | 'rejected' | 'waiting';

export interface PlacementEntry {
  namespace: string;
  /** `Kind/name` of the owning workload (`Pod/name` for a bare pod). */
  workload: string;
  pod: string;
  node: string | null;
  reason: string | null;
  status: PlacementStatus;
  /** Pods this pod would evict (`namespace/name`), when it preempts. */
  victims?: string[];
  /** Node -> why the pod cannot go there (unplaced pods only). */
  nodeReasons?: Record<string, string[]>;
  /** Where the workload is written. */
  source?: { file: string; line: number };
  requests: ResourceList;
}

export interface NodeEntry {
  name: string;
  pool: string | null;
  allocatable: ResourceList;
  requested: { before: ResourceList; after: ResourceList };
  limits: { before: ResourceList; after: ResourceList };
  pods: { before: number; after: number };
}

export type ChangeKind = 'added' | 'removed' | 'changed' | 'unchanged';

/**
 * One workload the manifests define, and its share of the cluster's figures
 * (`resources.cluster`). `pods`, `requests` and `limits` count pods on the cluster's
 * nodes only: before, the workload's running pods that the change replaces (none for
 * an unchanged workload, whose pods stay as they are); after, its pods that get a node
 * in the plan. So the rows add up: summed over all workloads, after minus before, less
 * what preemption evicts (`resources.cluster.preempted`), is the cluster's change.
 * What the manifests declare is `replicas`.
 */
export interface WorkloadChange {
  kind: string;
  namespace: string;
  name: string;
  change: ChangeKind;
  /** Pods the manifests declare, base and head (0 where the workload is absent). */
  replicas: { before: number; after: number };
  /** Pods on the cluster's nodes, as `requests` counts them. */
  pods: { before: number; after: number };
  requests: { before: ResourceList; after: ResourceList };
  limits: { before: ResourceList; after: ResourceList };
  /** Its pods run on the batch timeline (`berth.dev/expected-duration`), so none gets a node in the plan. */
  timeline?: true;
  source?: { file: string; line: number };
}

export interface UnsimulatedEntry {
  /** `group/Kind`. */
  kind: string;
  namespace: string;
  name: string;
  reason: string;
  source: { file: string; line: number };
}

export interface PlanSummary {
  pods: number;
  scheduled: number;
  unschedulable: number;
  gated: number;
  rejected: number;
  /** Batch pods waiting for capacity (they fit the cluster when it is empty): on the timeline, not failures. */
  waiting?: number;
  /** Running pods the change would evict. */
  preempted: number;
}

export interface Plan {
  version: typeof PLAN_SCHEMA_VERSION;
  cluster: { source: string; nodes: number; pods: number };
  summary: PlanSummary;
  /** The policy verdict: false fails the check (see `policy.results` for why). */
  passed: boolean;
  workloads: WorkloadChange[];
  placements: PlacementEntry[];
  nodes: NodeEntry[];
  /** Every object the change adds, removes or changes (Secrets by key names and sizes only). */
  diff: ObjectChange[];
  /** Requests and limits before -> after per namespace, pool and cluster. */
  resources: ResourceReport;
  /** Fixes for pods that do not fit, headroom, rollout surge and N+1 (absent when skipped). */
  advice?: PlanAdvice;
  policy: PolicyReport;
  /**
   * Objects with a pod template whose pods berth did not plan (an unknown workload kind, a
   * Rollout whose template is elsewhere): what they would run is not in the figures.
   */
  unsimulated?: UnsimulatedEntry[];
  /** The batch timeline, when the change has Jobs or CronJobs with `berth.dev/expected-duration`. */
  timeline?: TimelineResult;
  diagnostics: Diagnostic[];
}
