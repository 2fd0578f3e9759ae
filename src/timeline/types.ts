/**
 * The timeline's contracts: what it reads, what it returns. The JSON `timeline` of the
 * report is `TimelineResult` as is, so fields are a public contract: add, never rename.
 */

import type { SimulationResult } from '../model/simulation.ts';
import type { ClusterState, ManifestObject, Node, Pod, ResourceList } from '../model/types.ts';

export const TIMELINE_POLICIES = ['fifo', 'edf', 'critical-path'] as const;
export type TimelinePolicy = (typeof TIMELINE_POLICIES)[number];

export const ANNOTATION_DURATION = 'berth.dev/expected-duration';
export const ANNOTATION_DEADLINE = 'berth.dev/deadline';
export const ANNOTATION_AFTER = 'berth.dev/after';

/**
 * Decides whether a node could take a pod, whatever resources are free there: the
 * scheduler's Filter plugins but NodeResourcesFit (`schedulerFitter`). Resources are
 * accounted by the timeline itself, incrementally, because they change at every event.
 */
export interface Fitter {
  /**
   * Why the node is ruled out for the pod, as upstream words it
   * (`node(s) had untolerated taint(s)`); empty when it passes.
   */
  staticReasons(pod: Pod, node: Node): string[];
  /**
   * What of the pod the checks read: pods with the same key get the same reasons on
   * every node, so they are checked once. Without it every pod is checked.
   */
  key?(pod: Pod): string;
}

/** A workload as src/workloads expands it; only what the timeline reads. */
export interface TimelineWorkload {
  kind: string;
  namespace: string;
  name: string;
  pods: Pod[];
  /** The manifest it comes from (for custom batch kinds, which have no Job spec the timeline reads). */
  object?: ManifestObject;
  /** Its pods run to completion (a Job, JobSet, training job). */
  batch?: boolean;
  /** Pods that must all run at once (Volcano's minAvailable). */
  gang?: number;
}

/** The capacity batch work can use: nodes and what the long-running pods already hold. */
export type TimelineCapacity =
  | {
      nodes: Node[];
      /** Node name -> requests already placed there by the static plan (`pods` counted too). */
      used?: Record<string, ResourceList>;
    }
  | {
      cluster: ClusterState;
      /** The static plan's result; its node usage is what the long-running pods leave. */
      simulation?: SimulationResult;
    };

export interface TimelineInput {
  /** Manifest objects of the change; Jobs and CronJobs with an expected duration go on the timeline. */
  objects: ManifestObject[];
  /** Expanded workloads, to find each Job's pod (effective requests, scheduling constraints). */
  workloads?: TimelineWorkload[];
  /**
   * Batch workloads (`Kind/namespace/name`) on the timeline because some batch work of the
   * change waits for capacity: they go on it even without `berth.dev/expected-duration`,
   * taking `defaultDurationMs`.
   */
  waiting?: ReadonlySet<string>;
  /** The expected duration of a waiting workload that has no annotation (default 1h). */
  defaultDurationMs?: number;
  /** Kueue ClusterQueues and LocalQueues of the cluster; those among `objects` win by name. */
  kueueQueues?: ManifestObject[];
  capacity: TimelineCapacity;
}

export interface TimelineOptions {
  /** Ordering of ready jobs whose result the report leads with (default `edf`). */
  policy?: TimelinePolicy;
  /** The timeline's time zero (default: now). */
  start?: Date;
  /** How far ahead CronJob runs are generated, in ms (default 24h). */
  horizonMs?: number;
  /**
   * Static node checks; default: the scheduler's Filter plugins but NodeResourcesFit
   * (`schedulerFitter`) over the capacity's cluster.
   */
  fitter?: Fitter;
}

/** Why a job has the outcome it has. */
export type TimelineJobStatus =
  /** Ran to completion. */
  | 'completed'
  /** Killed by the next run of its CronJob (concurrencyPolicy Replace). */
  | 'replaced'
  /** Not created: its CronJob's previous run was still active (Forbid), or it started too late. */
  | 'skipped'
  /** Never started: its pods never fit together, or a dependency never finished. */
  | 'not-started';

export interface TimelineJobEntry {
  namespace: string;
  name: string;
  /** `Job`, `CronJob`, or a batch custom resource (`JobSet.jobset.x-k8s.io`). */
  kind: string;
  /** 1-based run number within the horizon for CronJobs; null for Jobs. */
  run: number | null;
  /** Seconds from the timeline's start, as everywhere below. */
  release: number;
  start: number | null;
  finish: number | null;
  duration: number;
  deadline: number | null;
  /** A job finishing exactly at its deadline meets it; one that never finishes misses it. */
  missed: boolean;
  /** Pods that must run together (parallelism). */
  pods: number;
  status: TimelineJobStatus;
  /** Why a job did not run, or was late to start; null when there is nothing to say. */
  reason: string | null;
  /** `namespace/name` (`#run` for CronJob runs) of the runs it waited for. */
  after: string[];
  critical: boolean;
  /** It has no `berth.dev/expected-duration`: it waits for capacity, and `duration` is `timeline.defaultDuration`. */
  durationAssumed?: true;
}

export interface PolicySummary {
  missed: number;
  makespan: number;
}

export interface SuggestedPriorityClass {
  namespace: string;
  /** The Job or CronJob whose pod template should name the class. */
  name: string;
  kind: string;
  priorityClassName: string;
  value: number;
}

/**
 * The runs of one CronJob inside the horizon, counted: a minutely CronJob has 1,440 runs
 * a day, which the report shows as this one line (and `jobs` lists run by run).
 */
export interface CronJobRuns {
  namespace: string;
  name: string;
  runs: number;
  /** Release of the first and of the last run, in seconds from the timeline's start. */
  first: number;
  last: number;
  /** Runs by status (see `TimelineJobStatus`). */
  completed: number;
  replaced: number;
  skipped: number;
  notStarted: number;
  /** Runs that missed their deadline. */
  missed: number;
  /** Runs that started later than they were ready, for want of capacity. */
  waited: number;
}

export interface TimelineResult {
  policy: TimelinePolicy;
  /** RFC 3339. */
  start: string;
  horizon: number;
  jobs: TimelineJobEntry[];
  makespan: number;
  lowerBound: number;
  /** Runs on the longest dependency chain, `namespace/name` (`#run` for CronJob runs). */
  criticalPath: string[];
  missed: number;
  /** Each CronJob's runs counted, in the order of their first run. */
  cronJobs: CronJobRuns[];
  compare: Record<TimelinePolicy, PolicySummary>;
  /**
   * When EDF or critical-path misses fewer deadlines than FIFO: the PriorityClass values
   * that make kube-scheduler's queue (priority first) follow that order. Null otherwise.
   */
  priorities: { policy: TimelinePolicy; classes: SuggestedPriorityClass[] } | null;
}
