/**
 * Health in kstatus's terms (sigs.k8s.io/cli-utils pkg/kstatus/status): is an
 * object `Current` (what was asked for is running), still `InProgress`, or
 * `Failed`? The checks and messages follow kstatus's, kind by kind. One
 * deliberate difference: a Job counts as Current only once it completed (kstatus
 * calls a running Job Current); a rollout that starts a Job waits for it.
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
}

function deployment(obj: Obj): Health {
  let progressing = false;
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
  if (field(obj, 'status.startTime') === undefined) return progress('Job not started');
  return progress(`Job in progress. success: ${succeeded}, active: ${active}, failed: ${failedPods}`);
}

function crd(obj: Obj): Health {
  const names = condition(obj, 'NamesAccepted');
  if (names?.status === 'False') return failed(`Names not accepted: ${names.message ?? names.reason ?? ''}`);
  if (condition(obj, 'Established')?.status === 'True') return current('CRD is established');
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

function pod(obj: Obj): Health {
  const phase = field(obj, 'status.phase');
  if (phase === 'Succeeded') return current('Pod has completed successfully');
  if (phase === 'Failed') return failed('Pod has completed, but not successfully');
  if (phase === 'Running' && condition(obj, 'Ready')?.status === 'True') return current('Pod is Ready');
  const scheduled = condition(obj, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.message) return progress(scheduled.message);
  return progress(`Pod phase: ${typeof phase === 'string' ? phase : 'unknown'}`);
}

/**
 * The health of an object as the API server returned it. Kinds without a
 * notion of readiness (ConfigMap, Service, most custom resources) are Current
 * once they exist, unless they report `Stalled` or `Reconciling` conditions or a
 * generation their controller has not observed yet, as kstatus reads them.
 */
export function healthOf(obj: Obj | undefined, ctx: HealthContext = {}): Health {
  if (!obj) return { status: 'NotFound', message: 'not found' };
  if (field(obj, 'metadata.deletionTimestamp') !== undefined)
    return progress('Resource scheduled for deletion');
  const generation = field(obj, 'metadata.generation');
  const observed = field(obj, 'status.observedGeneration');
  if (typeof generation === 'number' && typeof observed === 'number' && observed < generation) {
    return progress(
      `${String(obj.kind)} generation is ${generation}, but latest observed generation is ${observed}`,
    );
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
  if (group === '' && kind === 'Pod') return pod(obj);
  const stalled = condition(obj, 'Stalled');
  if (stalled?.status === 'True') return failed(stalled.message ?? 'Stalled');
  const reconciling = condition(obj, 'Reconciling');
  if (reconciling?.status === 'True') return progress(reconciling.message ?? 'Reconciling');
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
