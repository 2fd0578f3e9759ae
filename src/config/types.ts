/**
 * The shape of `.github/berth.yml` once read: what each setting means. The
 * reading is in config.ts (the document) and keys.ts (one parser per key).
 */

import type { RoleRequirements } from '../github/permission.ts';
import type { SourcePosition } from '../model/diagnostics.ts';
import type { ScoringStrategy } from '../model/simulation.ts';
import type { ResourceList } from '../model/types.ts';
import type { RenderFolderSettings } from '../render/render.ts';
import type { DeclaredWorkloadKind } from '../workloads/kinds.ts';

/** How the plan is commented; the list is the one place the modes are named. */
export const COMMENT_MODES = ['update', 'new', 'hide-and-new', 'off'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** Where the CLI and the Action look for the config when none is named. */
export const DEFAULT_CONFIG_PATH = '.github/berth.yml';
export type TimelinePolicy = 'fifo' | 'edf' | 'critical-path';

export interface ClusterConfig {
  name: string;
  /** Snapshot or fleet file, relative to the repository root. */
  file?: string;
  /** `live` (current context) or `context:<name>`. */
  live?: string;
  /** Manifest globs that belong to this cluster. */
  manifests: string[];
  /** Branch whose merges apply to this cluster. */
  branch?: string;
  /** The GitHub environment the App records its Deployments in (default: the cluster's name). */
  environment?: string;
  /**
   * Which of the App's credentials reach this cluster: a kubeconfig context name or
   * `in-cluster` (the App's service account). The App's operator decides which exist.
   */
  credentials?: string;
}

export interface PolicyConfig {
  /** Fail when a pod cannot be scheduled (default true). */
  unschedulable: boolean;
  /** Fail when admission (ResourceQuota, LimitRange) rejects a pod (default true). */
  quotaExceeded: boolean;
  /** Fail when the change preempts running pods at or above this priority (off when undefined). */
  preemptionAtOrAbovePriority?: number;
  /** Fail when a node's requested share of a resource goes over this percentage (resource -> percent). */
  utilizationPercent?: Record<string, number>;
  /** Fail when the pods of the node whose loss hurts most cannot be placed elsewhere. */
  nPlusOne: boolean;
  /** Fail when a batch job misses its deadline on the timeline. */
  missedDeadlines: boolean;
  /** Fail when a workload's pods request neither CPU nor memory (default false: a warning only). */
  requireRequests: boolean;
}

export interface Reservation {
  /** Capacity held back on every node of a pool (system-reserved style). */
  pool?: string;
  /** Capacity guaranteed to a namespace: other namespaces may not use it. */
  namespace?: string;
  resources: ResourceList;
  source: SourcePosition;
}

export interface CostRates {
  cpuHour?: number;
  memoryGiBHour?: number;
  gpuHour?: number;
  currency: string;
}

export interface BerthConfig {
  clusters: ClusterConfig[];
  policy: PolicyConfig;
  scheduler: {
    scoringStrategy: ScoringStrategy;
    pluginWeights: Record<string, number>;
    disabledPlugins: string[];
  };
  reservations: Reservation[];
  cost?: CostRates;
  comment: { mode: CommentMode };
  timeline: {
    policy: TimelinePolicy;
    horizon: string;
    /** Expected duration of a batch workload waiting for capacity that has no `berth.dev/expected-duration` (default 1h). */
    defaultDuration: string;
  };
  /** Workload kinds of the user's own: where their replicas and pod template live. */
  workloads: DeclaredWorkloadKind[];
  /**
   * Manifest reading limits (see src/manifests/limits.ts for the defaults) and pod
   * limits (`maxPods`, `maxPodsPerWorkload`: see src/workloads/expand.ts).
   */
  limits: Partial<Record<ManifestLimitKey, number>>;
  apply: ApplyConfig;
  /** Chart and kustomization folders (relative to the repository root) and how they are rendered. */
  render: Record<string, RenderFolderSettings>;
}

/** `berth apply`: where the inventory lives and what may be applied and pruned. */
export interface ApplyConfig {
  /** Name of the ApplySet parent Secret. */
  applySet: string;
  /** Namespace of the parent Secret. */
  inventoryNamespace: string;
  /** Namespace for namespaced objects that name none. */
  namespace: string;
  /** Guarded kinds that may be applied (ClusterRoleBinding to cluster-admin, webhook configurations, APIService). */
  allowKinds: string[];
  /** Kinds kept from pruning by default that may be pruned (Namespace, PersistentVolumeClaim, CustomResourceDefinition). */
  pruneKinds: string[];
  /** More deletions than this in one run need --prune-confirm. */
  maxPrune: number;
  /** Requests in flight at most while applying (default 32). */
  parallelism: number;
  /** The App applies a merge into a cluster's branch (default true). */
  onMerge: boolean;
  /** The App prunes what left the manifests when it applies a merge (default false). */
  prune: boolean;
  /** How long the App waits for health after applying, in ms (default 5 minutes; 0 does not wait). */
  waitMs: number;
  /** `/berth apply` on an open, approved, up-to-date pull request (default false). */
  applyBeforeMerge: boolean;
  /** The repository role each chat-ops command needs (see src/github/permission.ts). */
  roles: RoleRequirements;
}

export const LIMIT_KEYS = [
  'maxFileBytes',
  'maxDocuments',
  'maxDepth',
  'maxAliasCount',
  'maxNodes',
  'maxObjectBytes',
  'maxPods',
  'maxPodsPerWorkload',
] as const;
export type ManifestLimitKey = (typeof LIMIT_KEYS)[number];
