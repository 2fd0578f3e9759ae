/**
 * berth's internal model: what the loaders produce and the scheduler consumes.
 * Kept apart from the raw API shapes in `k8s.ts` so the scheduler never has to
 * re-validate user input.
 */

import type { Diagnostic, SourcePosition } from './diagnostics.ts';
import type { ObjectMeta, PodSpec, ResourceMap, Taint, Toleration } from './k8s.ts';

/**
 * Resource amounts as exact integers: `cpu` in millicores, `memory` and
 * `ephemeral-storage` in bytes, `pods` and extended resources (`nvidia.com/gpu`)
 * as counts. Absent means zero.
 */
export type ResourceList = Record<string, number>;

/** A path into a document, e.g. `['spec', 'template', 'spec', 'containers', 0, 'resources']`. */
export type FieldPath = readonly (string | number)[];

/** One Kubernetes object read from a manifest, with where it came from. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string };
  /** The whole parsed object (plain JSON data: no YAML nodes, no prototypes). */
  raw: Record<string, unknown>;
  /** Where the object starts: file, line and column of its first key. */
  source: SourcePosition & { document: number };
  /**
   * Where a field inside the object is written, for diagnostics that point at a line
   * (an invalid quantity, an unknown dependency). Falls back to the nearest written
   * ancestor, and to `source` when nothing of the path is written.
   */
  locate(path: FieldPath): SourcePosition;
}

export interface LoadResult {
  objects: ManifestObject[];
  diagnostics: Diagnostic[];
}

/** `Kind/name` of the object that owns a pod in berth's plan, e.g. `Deployment/web`. */
export interface WorkloadRef {
  kind: string;
  name: string;
}

/**
 * A pod as the scheduler sees it: identity, labels, the spec fields the plugins read,
 * and the effective requests computed once.
 */
export interface Pod {
  namespace: string;
  name: string;
  /** Stable identity, `namespace/name`. */
  key: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The workload that owns the pod; undefined for a bare Pod. */
  workload?: WorkloadRef;
  spec: PodSpec;
  /**
   * Effective request as kube-scheduler computes it (init containers, sidecars,
   * overhead, LimitRange defaults applied). Never includes `pods`: the scheduler
   * counts each pod as one.
   */
  requests: ResourceList;
  /** Effective limits, computed the same way (used for quotas and overcommit). */
  limits: ResourceList;
  /**
   * What upstream's non-zero stand-ins add to `requests` when scoring (never when
   * fitting): 100m cpu for each container that requests no cpu and 200Mi memory for
   * each that requests no memory, worked out container by container (init containers
   * and sidecars as PodRequests combines them) when the pod is built. Added to
   * `requests`, so a pod whose requests are later changed keeps its containers'
   * stand-ins. Unset for a pod built without its containers: the stand-ins then apply
   * to the pod as a whole.
   */
  nonZeroDefaults?: { cpu: number; memory: number };
  /** Resolved priority (from priorityClassName, globalDefault, or 0). */
  priority: number;
  /** Set for pods already bound to a node in the cluster. */
  nodeName?: string;
  /**
   * Why the API server's Priority admission plugin refuses this new pod (its class does
   * not exist, or `spec.priority` / `spec.preemptionPolicy` contradict it); admission
   * reports it before LimitRange or quota checks. Unset when the plugin admits the pod.
   */
  admissionError?: string;
  /**
   * Why a validating admission plugin that runs after LimitRanger's checks and before
   * ResourceQuota refuses the pod (RuntimeClass: an overhead no class defines).
   */
  admissionValidationError?: string;
  /** Where the pod's template is written, when it comes from a manifest. */
  source?: ManifestObject['source'];
  /** Owner references as the cluster reports them (for matching cluster pods to workloads). */
  ownerReferences?: ObjectMeta['ownerReferences'];
  /**
   * When the pod started (`status.startTime`, else its creation time), in ms since epoch,
   * when known: upstream's preemption orders pods of equal priority by start time.
   */
  createdAt?: number;
}

export interface Node {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  /** Allocatable including `pods` (default 110 when the node does not say). */
  allocatable: ResourceList;
  unschedulable: boolean;
  /** Node pool name when the source knows it (fleet pools, common pool labels). */
  pool?: string;
}

export interface ResourceQuota {
  namespace: string;
  name: string;
  /** Raw `spec.hard` keys mapped to parsed amounts (`requests.cpu` -> millicores, `count/pods` -> count). */
  hard: ResourceList;
  scopes: string[];
  scopeSelector?: { scopeName: string; operator: string; values?: string[] }[];
  /**
   * `spec.hard` as written (`1Gi`, `2`), so admission messages print each limit the
   * way the API server does (a Quantity prints in the format it was written in).
   */
  hardText?: Record<string, string>;
}

export interface LimitRangeItem {
  type: 'Container' | 'Pod' | 'PersistentVolumeClaim' | string;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  min?: ResourceList;
  max?: ResourceList;
  /** Thousandths of the ratio for every resource (`1.5` -> 1500), whatever its unit. */
  maxLimitRequestRatio?: ResourceList;
  /** The same five maps as written, so messages print quantities as the API server does. */
  text?: Partial<
    Record<'default' | 'defaultRequest' | 'min' | 'max' | 'maxLimitRequestRatio', Record<string, string>>
  >;
}

export interface LimitRange {
  namespace: string;
  name: string;
  limits: LimitRangeItem[];
}

export interface PriorityClass {
  name: string;
  value: number;
  globalDefault: boolean;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

/** A RuntimeClass (node.k8s.io/v1): what its admission plugin adds to the pods that name it. */
export interface RuntimeClass {
  name: string;
  handler: string;
  /** `overhead.podFixed` as written (`{}` when the class has an overhead without podFixed); absent: no overhead. */
  overhead?: ResourceMap;
  /** `scheduling`; absent when the class has none. */
  scheduling?: { nodeSelector?: Record<string, string>; tolerations?: Toleration[] };
}

export interface PodDisruptionBudget {
  namespace: string;
  name: string;
  selector?: import('./k8s.ts').LabelSelector;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

/** The target cluster as berth models it. */
export interface ClusterState {
  nodes: Node[];
  /** Pods bound to nodes (spec.nodeName set, not Succeeded/Failed). */
  pods: Pod[];
  /** Pods in the cluster that are not bound yet. */
  pendingPods: Pod[];
  quotas: ResourceQuota[];
  limitRanges: LimitRange[];
  priorityClasses: PriorityClass[];
  /** RuntimeClasses (none when absent). */
  runtimeClasses?: RuntimeClass[];
  pdbs: PodDisruptionBudget[];
  /** Namespace name -> labels (for namespaceSelector). */
  namespaces: Record<string, Record<string, string>>;
  /** Kueue ClusterQueues and LocalQueues as the snapshot holds them (their quotas gate Kueue's jobs on the timeline). */
  kueueQueues?: ManifestObject[];
  /** CustomResourceDefinitions as read (raw), for validating custom resources against their schemas. */
  customResourceDefinitions?: Record<string, unknown>[];
}

export interface ClusterLoadResult {
  cluster: ClusterState;
  diagnostics: Diagnostic[];
}
