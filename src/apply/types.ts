/**
 * The apply engine's shapes: an object ready to send, what happened to it, and
 * the whole result as the versioned JSON schema `berth apply --format json`
 * prints (documented in README.md beside the plan's).
 */

export const APPLY_SCHEMA_VERSION = 1;

/** berth's field manager: every server-side apply and every prune decision keys on it. */
export const FIELD_MANAGER = 'berth';

/**
 * Requests in flight at most while applying. Server-side apply of a new object waits on the
 * API server's storage more than on its CPU, so more requests in flight finish a large set
 * sooner; the API server's own priority and fairness queues what it cannot take at once.
 */
export const DEFAULT_APPLY_PARALLELISM = 32;
/** The most `apply.parallelism` and `--parallel` accept. */
export const MAX_APPLY_PARALLELISM = 256;

/** A group and kind, as the API server names a type (`apps`, `Deployment`; core group is ``). */
export interface GroupKind {
  group: string;
  kind: string;
}

/** Where the object is written. */
export interface SourceRef {
  file: string;
  line: number;
}

/** An object that passed validation, with its namespace settled, ready to send as written. */
export interface ApplyTarget {
  /** `group/Kind/namespace/name`, unique in the set. */
  key: string;
  apiVersion: string;
  group: string;
  version: string;
  kind: string;
  /** Empty for cluster-scoped objects. */
  namespace: string;
  name: string;
  /** The object as written, with `metadata.namespace` defaulted and the ApplySet `part-of` label added. */
  body: Record<string, unknown>;
  source: SourceRef;
  /** Index into the staging order (see stages.ts). */
  stage: number;
}

export type ObjectOutcome = 'created' | 'configured' | 'unchanged' | 'pruned' | 'failed' | 'skipped';

/** A field another manager owns, from the API server's conflict answer. */
export interface FieldConflict {
  field: string;
  manager: string;
  /** What usually causes it and how to fix it, when berth knows. */
  hint?: string;
}

export type HealthStatus = 'Current' | 'InProgress' | 'Failed' | 'NotFound' | 'Unknown';

export interface Health {
  status: HealthStatus;
  message: string;
}

export interface ObjectResult {
  kind: string;
  group: string;
  namespace: string;
  name: string;
  outcome: ObjectOutcome;
  /** For `configured`: the field paths that change (for Secrets and ConfigMaps: key names, never values). */
  fields?: string[];
  /** Secret and ConfigMap keys that change, with sizes in bytes (never values). */
  keys?: { key: string; change: 'added' | 'removed' | 'changed'; size?: number }[];
  /** Why it failed or was skipped, safe to show. */
  message?: string;
  conflicts?: FieldConflict[];
  /** What the API server warned about when it was sent (a deprecated API, an unknown field), safe to show. */
  warnings?: string[];
  health?: Health;
  source?: SourceRef;
  stage?: string;
}

export interface PruneCandidate {
  kind: string;
  group: string;
  namespace: string;
  name: string;
}

export type ApplyPhase = 'validation' | 'dry-run' | 'apply' | 'wait' | 'prune' | 'done';

export interface ApplyResult {
  version: typeof APPLY_SCHEMA_VERSION;
  /** `live` cluster's host and context, safe to show. */
  cluster: { host: string; context: string };
  applySet: { id: string; parent: string; namespace: string; tooling: string };
  dryRun: boolean;
  forceConflicts: boolean;
  /** Whether everything that was asked for was applied and (when waited for) healthy. */
  success: boolean;
  /** The phase that stopped the run, `done` when it ran to the end. */
  stoppedAt: ApplyPhase;
  summary: Record<ObjectOutcome, number> & { unhealthy: number; notAttempted: number };
  stages: { name: string; objects: number; outcome: 'applied' | 'failed' | 'not attempted' | 'dry-run' }[];
  objects: ObjectResult[];
  prune: { enabled: boolean; refused?: string; candidates: number };
  /** Problems that are not about one object (the inventory, the wait), safe to show. */
  messages: string[];
  durationMs: number;
}
