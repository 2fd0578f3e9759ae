/**
 * Which members of the ApplySet to delete: those no longer in the manifests,
 * behind guards that make the dangerous cases explicit. An empty manifest set
 * never prunes (Argo CD's allowEmpty: an empty directory or a bad glob must not
 * delete everything); more deletions than `maxPrune` need confirmation;
 * Namespaces, PersistentVolumeClaims and CRDs (whose deletion takes data with
 * them) are kept unless their kind is allowed; `berth.dev/prune: disabled` keeps
 * an object; and only objects berth's field manager applied are candidates, so
 * an object someone else labelled into the set is never deleted by berth.
 */

import { PRUNE_ANNOTATION } from './applyset.ts';
import { FIELD_MANAGER, type PruneCandidate } from './types.ts';

/** Kinds whose deletion loses data or everything inside them. */
export const PROTECTED_KINDS = ['Namespace', 'PersistentVolumeClaim', 'CustomResourceDefinition'] as const;

export interface PruneOptions {
  maxPrune: number;
  /** `--prune-confirm`: deleting more than maxPrune is intended. */
  confirmed: boolean;
  /** Protected kinds the config allows pruning. */
  allowKinds: readonly string[];
}

export interface LiveMember extends PruneCandidate {
  object: Record<string, unknown>;
}

export interface PrunePlan {
  /** Members to delete, in reverse staging order (workloads before their namespace). */
  delete: PruneCandidate[];
  /** Members no longer in the manifests that stay, with why. */
  kept: (PruneCandidate & { reason: string })[];
  /** Set when pruning is refused as a whole; nothing is deleted then. */
  refused?: string;
}

function key(o: PruneCandidate): string {
  return `${o.group}/${o.kind}/${o.namespace}/${o.name}`;
}

/** Whether berth's field manager has applied this object (managedFields, operation Apply). */
export function appliedByBerth(object: Record<string, unknown>): boolean {
  const managed = (object.metadata as { managedFields?: unknown } | undefined)?.managedFields;
  if (!Array.isArray(managed)) return false;
  return managed.some(
    (entry) =>
      entry &&
      typeof entry === 'object' &&
      (entry as { manager?: unknown }).manager === FIELD_MANAGER &&
      (entry as { operation?: unknown }).operation === 'Apply',
  );
}

export function planPrune(
  members: readonly LiveMember[],
  desired: readonly PruneCandidate[],
  options: PruneOptions,
): PrunePlan {
  const wanted = new Set(desired.map(key));
  const gone = members.filter((m) => !wanted.has(key(m)));
  const kept: PrunePlan['kept'] = [];
  const candidates: PruneCandidate[] = [];
  for (const m of gone) {
    const { object, ...ref } = m;
    const annotations = (object.metadata as { annotations?: Record<string, string> } | undefined)
      ?.annotations;
    if (annotations?.[PRUNE_ANNOTATION] === 'disabled') {
      kept.push({ ...ref, reason: `annotated ${PRUNE_ANNOTATION}: disabled` });
    } else if (
      (PROTECTED_KINDS as readonly string[]).includes(m.kind) &&
      !options.allowKinds.includes(m.kind)
    ) {
      kept.push({ ...ref, reason: `${m.kind}s are kept unless apply.pruneKinds lists ${m.kind}` });
    } else if (!appliedByBerth(object)) {
      kept.push({ ...ref, reason: `not applied by field manager ${FIELD_MANAGER}` });
    } else {
      candidates.push(ref);
    }
  }
  if (candidates.length > 0 && desired.length === 0) {
    return {
      delete: [],
      kept,
      refused: `the manifests are empty: pruning would delete all ${candidates.length} members of the set; refusing`,
    };
  }
  if (candidates.length > options.maxPrune && !options.confirmed) {
    return {
      delete: [],
      kept,
      refused: `${candidates.length} objects would be pruned, more than apply.maxPrune (${options.maxPrune}); run again with --prune-confirm to delete them`,
    };
  }
  // Namespaced objects before cluster-wide ones, so a namespace or CRD goes last.
  candidates.sort(
    (a, b) => Number(a.namespace === '') - Number(b.namespace === '') || key(a).localeCompare(key(b)),
  );
  return { delete: candidates, kept };
}
