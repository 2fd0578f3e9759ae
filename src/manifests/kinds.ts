/**
 * Which kinds berth knows: those built into Kubernetes, and those a
 * CustomResourceDefinition among the manifests defines. Anything else is most often a
 * custom resource whose definition lives elsewhere, so it is a warning, not an error:
 * berth neither validates nor simulates it.
 */

import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { ManifestObject } from '../model/types.ts';
import { describeObject } from './duplicates.ts';

/** The kinds the API server serves itself (every built-in group), by name. */
const BUILTIN_KINDS: ReadonlySet<string> = new Set([
  // core/v1
  'Binding',
  'ComponentStatus',
  'ConfigMap',
  'Endpoints',
  'Event',
  'LimitRange',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'ResourceQuota',
  'Secret',
  'Service',
  'ServiceAccount',
  // apps, batch, autoscaling, policy
  'ControllerRevision',
  'DaemonSet',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'CronJob',
  'Job',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  // networking, discovery
  'Ingress',
  'IngressClass',
  'IPAddress',
  'NetworkPolicy',
  'ServiceCIDR',
  'EndpointSlice',
  // rbac, authentication, authorization, certificates
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'TokenRequest',
  'TokenReview',
  'SelfSubjectReview',
  'LocalSubjectAccessReview',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'SubjectAccessReview',
  'CertificateSigningRequest',
  'ClusterTrustBundle',
  'PodCertificateRequest',
  // storage, scheduling, node, coordination
  'CSIDriver',
  'CSINode',
  'CSIStorageCapacity',
  'StorageClass',
  'VolumeAttachment',
  'VolumeAttributesClass',
  'StorageVersionMigration',
  'PriorityClass',
  'RuntimeClass',
  'Lease',
  'LeaseCandidate',
  // admission, extensions, aggregation, flow control, internal
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'CustomResourceDefinition',
  'APIService',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'StorageVersion',
  // resource.k8s.io (dynamic resource allocation)
  'DeviceClass',
  'DeviceTaintRule',
  'ResourceClaim',
  'ResourceClaimTemplate',
  'ResourceSlice',
]);

/**
 * The API groups Kubernetes serves itself: a kind of the list above in another group
 * (Volcano's `batch.volcano.sh` Job) is a custom resource.
 */
const BUILTIN_GROUP = /^(|apps|batch|autoscaling|policy|extensions|[a-z0-9.-]*\.k8s\.io)$/;

export function isBuiltinKind(kind: string, group?: string): boolean {
  return BUILTIN_KINDS.has(kind) && (group === undefined || BUILTIN_GROUP.test(group));
}

/** `group/kind` of every kind the CustomResourceDefinitions among `objects` define. */
function definedKinds(
  objects: readonly ManifestObject[],
  clusterDefinitions: readonly Record<string, unknown>[],
): Set<string> {
  const defined = new Set<string>();
  const raws = [
    ...objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.raw),
    ...clusterDefinitions,
  ];
  for (const raw of raws) {
    const spec = raw.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
    if (typeof spec?.group === 'string' && typeof spec.names?.kind === 'string')
      defined.add(`${spec.group}/${spec.names.kind}`);
  }
  return defined;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/**
 * A warning at each object of `objects` whose kind is neither built in nor defined by a
 * CustomResourceDefinition in `definitions` (the manifests on both sides of the change)
 * or in `clusterDefinitions` (the cluster's, raw).
 */
export function unknownKindWarnings(
  objects: readonly ManifestObject[],
  definitions: readonly ManifestObject[],
  reported: ReadonlySet<ManifestObject> = new Set(),
  clusterDefinitions: readonly Record<string, unknown>[] = [],
): Diagnostic[] {
  const defined = definedKinds(definitions, clusterDefinitions);
  const warnings: Diagnostic[] = [];
  for (const o of objects) {
    const group = groupOf(o.apiVersion);
    if (reported.has(o) || isBuiltinKind(o.kind, group) || defined.has(`${group}/${o.kind}`)) continue;
    warnings.push(
      diagnostic(
        o.source,
        'warning',
        'unsupported-kind',
        `${describeObject(o.kind, o.metadata.name)}: unknown kind ${o.kind} (${o.apiVersion}), not validated or simulated: it is not built into Kubernetes and no CustomResourceDefinition among the manifests or in the cluster defines it`,
      ),
    );
  }
  return warnings;
}
