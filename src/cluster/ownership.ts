/**
 * Which pods already running in the cluster belong to a workload that the manifests
 * define, so a plan replaces them with the workload's new pods instead of counting
 * them twice.
 *
 * Controllers name what they create after themselves, and the pods point back with
 * owner references:
 *   Deployment `web`  -> ReplicaSet `web-<pod-template-hash>` -> Pod
 *   CronJob `backup`  -> Job `backup-<scheduled time in minutes>` -> Pod
 *   StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job -> Pod directly
 * A pod without owner references (created by hand, or a snapshot that dropped them)
 * is matched by the workload's selector in the same namespace instead.
 */

import { labelSelectorMatches } from '../k8s/labels.ts';
import type { LabelSelector, OwnerReference } from '../model/k8s.ts';
import type { ClusterState, Pod, WorkloadRef } from '../model/types.ts';

export interface WorkloadIdentity {
  kind: string;
  namespace: string;
  name: string;
  /** The workload's pod selector; used only for pods that carry no owner references. */
  selector?: LabelSelector;
}

/** The suffix a ReplicaSet controller appends: the pod-template-hash (safe-encoded, no dashes). */
const TEMPLATE_HASH = /^[a-z0-9]+$/;
/** The suffix a CronJob controller appends to its Jobs: the scheduled time in minutes. */
const SCHEDULED_MINUTES = /^[0-9]+$/;
/** A shard number (the prometheus-operator names shard StatefulSets `<name>-shard-<n>`). */
const DIGITS = /^[0-9]+$/;

function childOf(childName: string, parentName: string, suffix: RegExp): boolean {
  if (!childName.startsWith(`${parentName}-`)) return false;
  return suffix.test(childName.slice(parentName.length + 1));
}

/** The references that identify the pod's owner: the controller one when marked, else all. */
function controllerRefs(refs: readonly OwnerReference[]): readonly OwnerReference[] {
  const controllers = refs.filter((r) => r.controller === true);
  return controllers.length > 0 ? controllers : refs;
}

function ownedByReference(pod: Pod, workload: WorkloadIdentity): boolean {
  for (const ref of controllerRefs(pod.ownerReferences ?? [])) {
    const name = ref.name ?? '';
    switch (workload.kind) {
      case 'Deployment': {
        if (ref.kind !== 'ReplicaSet') break;
        const hash = pod.labels['pod-template-hash'];
        if (
          hash !== undefined
            ? name === `${workload.name}-${hash}`
            : childOf(name, workload.name, TEMPLATE_HASH)
        )
          return true;
        break;
      }
      case 'CronJob':
        if (ref.kind === 'Job' && childOf(name, workload.name, SCHEDULED_MINUTES)) return true;
        break;
      case 'ReplicaSet':
      case 'StatefulSet':
      case 'DaemonSet':
      case 'Job':
      case 'ReplicationController':
        if (ref.kind === workload.kind && name === workload.name) return true;
        break;
      default:
        if (ownedByCustomResource(pod, ref, workload)) return true;
        break;
    }
  }
  return false;
}

/**
 * Pods of the custom resources src/workloads/kinds.ts reads (`Rollout.argoproj.io`):
 * through the object their controller creates (a Rollout's ReplicaSet
 * `<name>-<rollouts-pod-template-hash>`, a JobSet's Jobs, the operator's StatefulSets),
 * told by the labels the controllers set, or owned by the resource itself.
 */
function ownedByCustomResource(pod: Pod, ref: OwnerReference, workload: WorkloadIdentity): boolean {
  const dot = workload.kind.indexOf('.');
  if (dot === -1) return false;
  const kind = workload.kind.slice(0, dot);
  const group = workload.kind.slice(dot + 1);
  const name = ref.name ?? '';
  const refGroup = (ref.apiVersion ?? '').includes('/') ? (ref.apiVersion ?? '').replace(/\/[^/]*$/, '') : '';
  if (ref.kind === kind && refGroup === group) return name === workload.name;
  const label = (key: string) => pod.labels[key];
  switch (workload.kind) {
    case 'Rollout.argoproj.io': {
      const hash = label('rollouts-pod-template-hash');
      return ref.kind === 'ReplicaSet' && hash !== undefined && name === `${workload.name}-${hash}`;
    }
    case 'JobSet.jobset.x-k8s.io':
      return ref.kind === 'Job' && label('jobset.sigs.k8s.io/jobset-name') === workload.name;
    case 'ScaledJob.keda.sh':
      return ref.kind === 'Job' && label('scaledjob.keda.sh/name') === workload.name;
    case 'Prometheus.monitoring.coreos.com':
    case 'Alertmanager.monitoring.coreos.com':
    case 'ThanosRuler.monitoring.coreos.com': {
      const prefix = { Prometheus: 'prometheus', Alertmanager: 'alertmanager', ThanosRuler: 'thanos-ruler' }[
        kind
      ];
      const base = `${prefix}-${workload.name}`;
      return ref.kind === 'StatefulSet' && (name === base || childOf(name, `${base}-shard`, DIGITS));
    }
    default:
      return false;
  }
}

function owns(pod: Pod, workload: WorkloadIdentity): boolean {
  if (pod.namespace !== workload.namespace) return false;
  if (workload.kind === 'Pod') return pod.name === workload.name;
  if (pod.ownerReferences && pod.ownerReferences.length > 0) return ownedByReference(pod, workload);
  return workload.selector !== undefined && labelSelectorMatches(workload.selector, pod.labels);
}

/**
 * The cluster's pods (bound first, then pending) that belong to the workload.
 * A bare Pod in the manifests owns the cluster pod of the same namespace and name.
 */
export function podsOwnedBy(cluster: ClusterState, workload: WorkloadIdentity): Pod[] {
  const owned: Pod[] = [];
  for (const pod of cluster.pods) if (owns(pod, workload)) owned.push(pod);
  for (const pod of cluster.pendingPods) if (owns(pod, workload)) owned.push(pod);
  return owned;
}

/**
 * The workload a cluster pod belongs to, read from its owner references: a pod of
 * ReplicaSet `web-5d4f8c7b9` with `pod-template-hash: 5d4f8c7b9` belongs to
 * Deployment `web`; a pod of Job `backup-28391040` to CronJob `backup`.
 */
export function workloadOfPod(
  labels: Readonly<Record<string, string>>,
  refs: readonly OwnerReference[] | undefined,
): WorkloadRef | undefined {
  const ref = controllerRefs(refs ?? [])[0];
  if (!ref?.kind || !ref.name) return undefined;
  if (ref.kind === 'ReplicaSet') {
    const hash = labels['pod-template-hash'];
    if (hash !== undefined && ref.name.endsWith(`-${hash}`)) {
      return { kind: 'Deployment', name: ref.name.slice(0, -(hash.length + 1)) };
    }
    return { kind: 'ReplicaSet', name: ref.name };
  }
  if (ref.kind === 'Job') {
    const dash = ref.name.lastIndexOf('-');
    // Minutes since the epoch have had 8 digits since 1989; a shorter number is more
    // likely part of a plain Job's own name (`migrate-2024`).
    if (dash > 0 && /^[0-9]{8,}$/.test(ref.name.slice(dash + 1))) {
      return { kind: 'CronJob', name: ref.name.slice(0, dash) };
    }
    return { kind: 'Job', name: ref.name };
  }
  return { kind: ref.kind, name: ref.name };
}
