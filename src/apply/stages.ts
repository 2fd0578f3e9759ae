/**
 * The order objects are applied in, as Flux's staged apply does it
 * (fluxcd/pkg ssa `ApplyAllStaged`): cluster-wide definitions first, so a
 * custom resource or an object in a new namespace finds its type and namespace
 * served; then `*Class` kinds, which other objects name; then everything else
 * in kubectl's kind order (Helm's install order: ServiceAccounts, Secrets and
 * ConfigMaps before the workloads that mount them); admission configuration
 * last, so a webhook or policy in the set cannot block the rest of it.
 */

import type { GroupKind } from './types.ts';

export const STAGE_NAMES = ['definitions', 'classes', 'resources', 'admission'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

const DEFINITIONS = new Set(['CustomResourceDefinition', 'Namespace', 'ClusterRole']);

const ADMISSION = new Set([
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
]);

/** kubectl's and Helm's install order; kinds not listed come after, by name. */
const KIND_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];
const KIND_RANK = new Map(KIND_ORDER.map((kind, i) => [kind, i]));

/** The stage index (into STAGE_NAMES) an object of this type is applied in. */
export function stageOf(type: GroupKind): number {
  if (DEFINITIONS.has(type.kind) && (type.group === '' || type.group.endsWith('k8s.io'))) return 0;
  if (ADMISSION.has(type.kind)) return 3;
  if (type.kind.endsWith('Class')) return 1;
  return 2;
}

/** Orders objects within a stage: kind order, then namespace and name, so runs are reproducible. */
export function compareForApply(
  a: GroupKind & { namespace: string; name: string },
  b: GroupKind & { namespace: string; name: string },
): number {
  const rank = (kind: string) => KIND_RANK.get(kind) ?? KIND_ORDER.length;
  return (
    rank(a.kind) - rank(b.kind) ||
    a.kind.localeCompare(b.kind) ||
    a.group.localeCompare(b.group) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name)
  );
}

/** Objects grouped into their stages, each sorted; empty stages are left out. */
export function planStages<T extends GroupKind & { namespace: string; name: string; stage: number }>(
  objects: readonly T[],
): { name: StageName; objects: T[] }[] {
  return STAGE_NAMES.map((name, index) => ({
    name,
    objects: objects.filter((o) => o.stage === index).sort(compareForApply),
  })).filter((stage) => stage.objects.length > 0);
}
