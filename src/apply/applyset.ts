/**
 * The inventory as a Kubernetes ApplySet (KEP-3659), readable by
 * `kubectl apply --prune --applyset`: a parent Secret carries the set's id
 * label and annotations naming the group-kinds and namespaces its members live
 * in; every member carries the `part-of` label with the id. The id is computed
 * exactly as kubectl computes it (k8s.io/kubectl pkg/cmd/apply/applyset.go).
 */

import { createHash } from 'node:crypto';
import type { GroupKind } from './types.ts';

export const LABEL_ID = 'applyset.kubernetes.io/id';
export const LABEL_PART_OF = 'applyset.kubernetes.io/part-of';
export const ANNOTATION_TOOLING = 'applyset.kubernetes.io/tooling';
export const ANNOTATION_GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds';
export const ANNOTATION_NAMESPACES = 'applyset.kubernetes.io/additional-namespaces';

/** Objects annotated so are never pruned. */
export const PRUNE_ANNOTATION = 'berth.dev/prune';

export interface ApplySetParent {
  name: string;
  namespace: string;
}

/**
 * `applyset-<base64url(sha256("<name>.<namespace>.<kind>.<group>"))>-v1`, no padding.
 * The parent is a Secret (core group): `web.berth-system.Secret.` is hashed.
 */
export function applySetId(parent: ApplySetParent, kind = 'Secret', group = ''): string {
  const digest = createHash('sha256')
    .update([parent.name, parent.namespace, kind, group].join('.'))
    .digest('base64url');
  return `applyset-${digest}-v1`;
}

/** `Kind` for the core group, `Kind.group` otherwise, as `schema.GroupKind.String()`. */
export function groupKindString(gk: GroupKind): string {
  return gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
}

export function parseGroupKind(text: string): GroupKind {
  const dot = text.indexOf('.');
  return dot < 0 ? { kind: text, group: '' } : { kind: text.slice(0, dot), group: text.slice(dot + 1) };
}

/** The parent's annotations as the set stands: group-kinds and the namespaces besides the parent's, sorted. */
export function parentAnnotations(
  members: readonly (GroupKind & { namespace: string })[],
  parent: ApplySetParent,
  tooling: string,
): Record<string, string> {
  const kinds = [...new Set(members.map(groupKindString))].sort();
  const namespaces = [
    ...new Set(members.map((m) => m.namespace).filter((ns) => ns !== '' && ns !== parent.namespace)),
  ].sort();
  return {
    [ANNOTATION_TOOLING]: tooling,
    [ANNOTATION_GROUP_KINDS]: kinds.join(','),
    [ANNOTATION_NAMESPACES]: namespaces.join(','),
  };
}

/** The parent Secret as berth applies it (server-side apply: only these fields are berth's). */
export function parentBody(
  parent: ApplySetParent,
  id: string,
  annotations: Record<string, string>,
  fingerprints: Record<string, string> = {},
): Record<string, unknown> {
  const entries = Object.keys(fingerprints).length;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: parent.name, namespace: parent.namespace, labels: { [LABEL_ID]: id }, annotations },
    type: 'Opaque',
    // Kept well under a Secret's 1 MiB: a very large set simply does without the shortcut.
    ...(entries > 0 && entries <= MAX_FINGERPRINTS
      ? { data: { [FINGERPRINTS_KEY]: Buffer.from(JSON.stringify(fingerprints)).toString('base64') } }
      : {}),
  };
}

/**
 * The parent's record of what berth last confirmed on each member: member key ->
 * digest of berth's managed fields (see \`ownershipDigest\`). Written at the end of
 * a run that got that far, dropped at the start of every run that writes.
 */
export const FINGERPRINTS_KEY = 'berth.dev-fingerprints';
export const MAX_FINGERPRINTS = 10_000;

export function readFingerprints(secret: Record<string, unknown> | undefined): Record<string, string> {
  const value = (secret?.data as Record<string, unknown> | undefined)?.[FINGERPRINTS_KEY];
  if (typeof value !== 'string') return {};
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}

export interface ParentState {
  groupKinds: GroupKind[];
  namespaces: string[];
  tooling?: string;
  id?: string;
}

/** What a parent read from the cluster says about its members (empty when it does not exist yet). */
export function readParent(secret: Record<string, unknown> | undefined, parent: ApplySetParent): ParentState {
  const metadata = (secret?.metadata ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  const annotations = metadata.annotations ?? {};
  const split = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    groupKinds: split(annotations[ANNOTATION_GROUP_KINDS]).map(parseGroupKind),
    namespaces: [...new Set([parent.namespace, ...split(annotations[ANNOTATION_NAMESPACES])])],
    ...(annotations[ANNOTATION_TOOLING] ? { tooling: annotations[ANNOTATION_TOOLING] } : {}),
    ...(metadata.labels?.[LABEL_ID] ? { id: metadata.labels[LABEL_ID] } : {}),
  };
}

/** The tooling annotation's value: `berth/<version>`. */
export function tooling(version: string): string {
  return `berth/${version}`;
}

/** Whether a parent written by another tool may be taken over: never, as kubectl refuses it too. */
export function toolingConflict(state: ParentState): string | undefined {
  if (!state.tooling) return undefined;
  const [name] = state.tooling.split('/');
  if (name === 'berth') return undefined;
  return `the ApplySet parent is managed by ${state.tooling}, not berth; choose another --applyset name`;
}

/** berth's release, as package.json names it (a unit test keeps them equal). */
export const BERTH_VERSION = '0.1.0';
