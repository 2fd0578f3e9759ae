/**
 * Health in kstatus's terms (sigs.k8s.io/cli-utils pkg/kstatus/status): is an
 * object `Current` (what was asked for is running), still `InProgress`, or
 * `Failed`? The checks and messages follow kstatus's, kind by kind, after its
 * generic checks (deletion, an unobserved generation, `Reconciling` and `Stalled`
 * conditions), which come first for every kind. Deliberate differences, each
 * because berth waits on the result before it reports an apply done:
 * - a Job counts as Current only once it completed (kstatus calls a running Job
 *   Current); a rollout that starts a Job waits for it;
 * - a StatefulSet rolled out with the default `partition: 0` must also have its
 *   current revision equal its update revision (kstatus stops at the partition);
 * - a Pod in phase Failed has Failed (kstatus calls a finished Pod Current);
 * - a PVC waiting for its first consumer (WaitForFirstConsumer) is Current, and
 *   one that lost its volume has Failed (kstatus: InProgress until Bound).
 */

import type { Health } from './types.ts';

type Obj = Record<string, unknown>;

function field(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Obj)[key];
  }
  return cur;
}

function int(obj: unknown, path: string, fallback: number): number {
  const v = field(obj, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

function conditions(obj: unknown): Condition[] {
  const list = field(obj, 'status.conditions');
  return Array.isArray(list) ? (list.filter((c) => c && typeof c === 'object') as Condition[]) : [];
}

function condition(obj: unknown, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

const current = (message: string): Health => ({ status: 'Current', message });
const progress = (message: string): Health => ({ status: 'InProgress', message });
const failed = (message: string): Health => ({ status: 'Failed', message });

export interface HealthContext {
  /** `volumeBindingMode` of a StorageClass, for PVCs that wait for their first pod. */
  bindingModeOf?: (storageClass: string) => string | undefined;
  /** The clock, in ms (default Date.now), for how long a pod has been unschedulable. */
  now?: () => number;
}

/** What the deployment controller reads as "no progress deadline": it then never sets `Progressing`. */
const NO_DEADLINE = 2_147_483_647;

function deployment(obj: Obj): Health {
  let progressing = int(obj, 'spec.progressDeadlineSeconds', NO_DEADLINE) === NO_DEADLINE;
  let available = false;
  for (const c of conditions(obj)) {
    if (c.type === 'Progressing') {
      // upstream: pkg/controller/deployment/progress.go sets this reason after progressDeadlineSeconds.
      if (c.reason === 'ProgressDeadlineExceeded') return failed('Progress deadline exceeded');
      if (c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    } else if (c.type === 'Available' && c.status === 'True') available = true;
  }
  const spec = int(obj, 'spec.replicas', 1);
  const replicas = int(obj, 'status.replicas', 0);
  const updated = int(obj, 'status.updatedReplicas', 0);
  const ready = int(obj, 'status.readyReplicas', 0);
  const avail = int(obj, 'status.availableReplicas', 0);
  if (spec > replicas) return progress(`Replicas: ${replicas}/${spec}`);
  if (spec > updated) return progress(`Updated: ${updated}/${spec}`);
  if (replicas > spec) return progress(`Pending termination: ${replicas - spec}`);
  if (updated > avail) return progress(`Available: ${avail}/${updated}`);
  if (spec > ready) return progress(`Ready: ${ready}/${spec}`);
  if (!progressing) return progress('ReplicaSet not Available');
  if (!available) return progress('Deployment not Available');
  return current(`Deployment is available. Replicas: ${replicas}`);
}

function statefulSet(obj: Obj): Health {
  if (field(obj, 'spec.updateStrategy.type') === 'OnDelete')
    return current('StatefulSet is using the ondelete update strategy');
  const spec = int(obj, 'spec.replicas', 1);
  const replicas = int(obj, 'status.replicas', 0);
  const ready = int(obj, 'status.readyReplicas', 0);
  const currentReplicas = int(obj, 'status.currentReplicas', 0);
  const updated = int(obj, 'status.updatedReplicas', 0);
  if (spec > replicas) return progress(`Replicas: ${replicas}/${spec}`);
  if (spec > ready) return progress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return progress(`Pending termination: ${replicas - spec}`);
  const partition = int(obj, 'spec.updateStrategy.rollingUpdate.partition', 0);
  if (partition > 0) {
    if (updated < spec - partition) return progress(`updated: ${updated}/${spec - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > currentReplicas) return progress(`current: ${currentReplicas}/${spec}`);
  if (field(obj, 'status.currentRevision') !== field(obj, 'status.updateRevision'))
    return progress('Waiting for updated revision to match current');
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}

function daemonSet(obj: Obj): Health {
  // Once the controller has acted on a DaemonSet both are set: their absence means it has not yet.
  if (typeof field(obj, 'metadata.generation') !== 'number')
    return progress('DaemonSet metadata.generation not found');
  if (typeof field(obj, 'status.observedGeneration') !== 'number')
    return progress('DaemonSet status.observedGeneration not found');
  const desired = int(obj, 'status.desiredNumberScheduled', -1);
  if (desired === -1) return progress('Missing .status.desiredNumberScheduled');
  const scheduled = int(obj, 'status.currentNumberScheduled', 0);
  const updated = int(obj, 'status.updatedNumberScheduled', 0);
  const available = int(obj, 'status.numberAvailable', 0);
  const ready = int(obj, 'status.numberReady', 0);
  if (desired > scheduled) return progress(`Current: ${scheduled}/${desired}`);
  if (desired > updated) return progress(`Updated: ${updated}/${desired}`);
  if (desired > available) return progress(`Available: ${available}/${desired}`);
  if (desired > ready) return progress(`Ready: ${ready}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function job(obj: Obj): Health {
  const parallelism = int(obj, 'spec.parallelism', 1);
  const completions = int(obj, 'spec.completions', parallelism);
  const succeeded = int(obj, 'status.succeeded', 0);
  const failedPods = int(obj, 'status.failed', 0);
  const active = int(obj, 'status.active', 0);
  if (condition(obj, 'Complete')?.status === 'True')
    return current(`Job Completed. succeeded: ${succeeded}/${completions}`);
  if (condition(obj, 'Failed')?.status === 'True') {
    const why = condition(obj, 'Failed')?.message;
    return failed(`Job Failed. failed: ${failedPods}/${completions}${why ? `: ${why}` : ''}`);
  }
  if (condition(obj, 'Suspended')?.status === 'True') return current('Job is suspended');
  if (field(obj, 'status.startTime') === undefined) return progress('Job not started');
  return progress(`Job in progress. success: ${succeeded}, active: ${active}, failed: ${failedPods}`);
}

function crd(obj: Obj): Health {
  const names = condition(obj, 'NamesAccepted');
  if (names?.status === 'False') return failed(`Names not accepted: ${names.message ?? names.reason ?? ''}`);
  const established = condition(obj, 'Established');
  if (established?.status === 'True') return current('CRD is established');
  if (established?.status === 'False' && established.reason !== 'Installing')
    return failed(`CRD is not established: ${established.message ?? established.reason ?? ''}`);
  return progress('CRD is not established yet');
}

function pvc(obj: Obj, ctx: HealthContext): Health {
  const phase = field(obj, 'status.phase');
  if (phase === 'Bound') return current('PVC is Bound');
  const storageClass = field(obj, 'spec.storageClassName');
  if (phase === 'Pending' && typeof storageClass === 'string') {
    if (ctx.bindingModeOf?.(storageClass) === 'WaitForFirstConsumer')
      return current('PVC is waiting for its first consumer (WaitForFirstConsumer)');
  }
  if (phase === 'Lost') return failed('PVC lost its volume');
  return progress(`PVC is not Bound. phase: ${typeof phase === 'string' ? phase : 'unknown'}`);
}

/** How long a pod may stay unschedulable before kstatus calls it Failed (its ScheduleWindow). */
const SCHEDULE_WINDOW_MS = 15_000;

function crashLooping(obj: Obj): string[] {
  const statuses = field(obj, 'status.containerStatuses');
  if (!Array.isArray(statuses)) return [];
  return statuses
    .filter((s) => field(s, 'state.waiting.reason') === 'CrashLoopBackOff')
    .map((s) => String(field(s, 'name') ?? ''));
}

function pod(obj: Obj, ctx: HealthContext): Health {
  const phase = field(obj, 'status.phase');
  if (phase === 'Succeeded') return current('Pod has completed successfully');
  if (phase === 'Failed') return failed('Pod has completed, but not successfully');
  if (phase === 'Running') {
    if (condition(obj, 'Ready')?.status === 'True') return current('Pod is Ready');
    const looping = crashLooping(obj);
    if (looping.length > 0) return failed(`Containers in CrashLoop state: ${looping.join(',')}`);
    return progress('Pod is running but is not Ready');
  }
  if (phase === 'Pending') {
    const scheduled = condition(obj, 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
      const why = scheduled.message ? `: ${scheduled.message}` : '';
      const created = Date.parse(String(field(obj, 'metadata.creationTimestamp') ?? ''));
      const now = ctx.now?.() ?? Date.now();
      if (Number.isFinite(created) && now - created < SCHEDULE_WINDOW_MS)
        return progress(`Pod has not been scheduled${why}`);
      return failed(`Pod could not be scheduled${why}`);
    }
    return progress('Pod is in the Pending phase');
  }
  return progress(typeof phase === 'string' ? `Pod phase: ${phase}` : 'Pod phase not available');
}

/**
 * The health of an object as the API server returned it. kstatus's generic checks
 * come first for every kind; kinds without a notion of readiness (ConfigMap,
 * Service, most custom resources) are then Current once they exist.
 */
export function healthOf(obj: Obj | undefined, ctx: HealthContext = {}): Health {
  if (!obj) return { status: 'NotFound', message: 'not found' };
  if (field(obj, 'metadata.deletionTimestamp') !== undefined)
    return progress('Resource scheduled for deletion');
  const generation = field(obj, 'metadata.generation');
  const observed = field(obj, 'status.observedGeneration');
  if (typeof generation === 'number' && typeof observed === 'number' && observed !== generation) {
    return progress(
      `${String(obj.kind)} generation is ${generation}, but latest observed generation is ${observed}`,
    );
  }
  // kstatus's standard conditions decide for any kind that sets them, the first one listed winning.
  for (const c of conditions(obj)) {
    if (c.type === 'Reconciling' && c.status === 'True') return progress(c.message ?? 'Reconciling');
    if (c.type === 'Stalled' && c.status === 'True') return failed(c.message ?? 'Stalled');
  }
  const kind = String(obj.kind ?? '');
  const group = String(obj.apiVersion ?? '').includes('/') ? String(obj.apiVersion).split('/')[0] : '';
  if (group === 'apps' && kind === 'Deployment') return deployment(obj);
  if (group === 'apps' && kind === 'StatefulSet') return statefulSet(obj);
  if (group === 'apps' && kind === 'DaemonSet') return daemonSet(obj);
  if (group === 'batch' && kind === 'Job') return job(obj);
  if (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') return crd(obj);
  if (group === '' && kind === 'Namespace') {
    return field(obj, 'status.phase') === 'Active'
      ? current('Namespace is Active')
      : progress('Namespace is not Active');
  }
  if (group === '' && kind === 'PersistentVolumeClaim') return pvc(obj, ctx);
  if (group === '' && kind === 'Pod') return pod(obj, ctx);
  return current('Resource is current');
}

/** Whether berth waits for this kind at all (the rest are Current once they exist). */
export function isWaitedFor(kind: string, group: string): boolean {
  return (
    (group === 'apps' && (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet')) ||
    (group === 'batch' && kind === 'Job') ||
    (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition') ||
    (group === '' && (kind === 'Namespace' || kind === 'PersistentVolumeClaim' || kind === 'Pod'))
  );
}
