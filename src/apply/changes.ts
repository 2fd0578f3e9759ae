/**
 * What an apply changes, from the live object and the server's dry-run answer:
 * the field paths that differ, with the fields the server manages itself
 * (managedFields, resourceVersion, status, ...) left out. Values never leave this
 * module for Secrets and ConfigMaps: their `data`, `stringData` and `binaryData`
 * become key names and sizes, and any text the API server sends back about a
 * Secret has the Secret's values taken out before anyone sees it.
 */

import { createHash } from 'node:crypto';
import type { FieldConflict, ObjectResult } from './types.ts';

type Obj = Record<string, unknown>;

/** Metadata the API server writes, which says nothing about what the manifest changes. */
const SERVER_METADATA = new Set([
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
  'selfLink',
]);

const VALUE_FIELDS = new Set(['data', 'stringData', 'binaryData']);

/** Kinds whose values are never shown (ConfigMaps hold configuration that is often as sensitive). */
export function hidesValues(kind: string, group: string): boolean {
  return group === '' && (kind === 'Secret' || kind === 'ConfigMap');
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `spec.template.spec.containers[name=web].image`; list items with a name are addressed by it. */
function diffPaths(a: unknown, b: unknown, path: string, out: string[], limit: number): void {
  if (out.length >= limit) return;
  if (isObj(a) && isObj(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      diffPaths(a[k], b[k], path ? `${path}.${k}` : k, out, limit);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (list: unknown[]) =>
      list.every((x) => isObj(x) && typeof x.name === 'string') &&
      new Set(list.map((x) => (x as Obj).name)).size === list.length;
    if (named(a) && named(b)) {
      const byName = (list: unknown[]) => new Map(list.map((x) => [(x as Obj).name as string, x]));
      const ma = byName(a);
      const mb = byName(b);
      for (const name of [...new Set([...ma.keys(), ...mb.keys()])]) {
        diffPaths(ma.get(name), mb.get(name), `${path}[name=${name}]`, out, limit);
      }
      return;
    }
    if (a.length !== b.length) {
      out.push(path);
      return;
    }
    for (let i = 0; i < a.length; i++) diffPaths(a[i], b[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(path);
}

function comparable(obj: Obj): Obj {
  const { status: _status, metadata, ...rest } = obj;
  const meta: Obj = {};
  for (const [k, v] of Object.entries(isObj(metadata) ? metadata : {})) {
    if (!SERVER_METADATA.has(k)) meta[k] = v;
  }
  return { ...rest, metadata: meta };
}

/** Bytes of a value as stored: `data` and `binaryData` are base64, `stringData` is plain text. */
function sizeOf(field: string, value: unknown): number {
  if (typeof value !== 'string') return 0;
  return field === 'stringData' ? Buffer.byteLength(value) : Buffer.from(value, 'base64').length;
}

export interface ChangeSummary {
  outcome: 'created' | 'configured' | 'unchanged';
  fields: string[];
  keys?: ObjectResult['keys'];
}

/** The field manager entry of berth, without its timestamp, to tell whether applying changes ownership. */
function ownership(obj: Obj | undefined, manager: string): string {
  const managed = isObj(obj?.metadata) ? (obj.metadata as Obj).managedFields : undefined;
  if (!Array.isArray(managed)) return '';
  const mine = managed.filter((m) => isObj(m) && m.manager === manager && m.operation === 'Apply');
  return JSON.stringify(mine.map((m) => (m as Obj).fieldsV1));
}

/** A short digest of the fields berth's field manager owns on an object (empty when it owns none). */
export function ownershipDigest(obj: Obj | undefined, manager: string): string {
  const owned = ownership(obj, manager);
  return owned === '[]' || owned === ''
    ? ''
    : createHash('sha256').update(owned).digest('base64url').slice(0, 22);
}

/**
 * Whether every value the manifest writes is already live, as written: the live
 * object projected onto the manifest's shape equals the manifest. Fields the
 * server or controllers add (defaults, status, annotations of others) do not
 * count; a value the server would normalise (\`0.1\` CPU read back as \`100m\`) does,
 * so doubt always falls back to a dry-run.
 */
export function matchesManifest(live: unknown, manifest: unknown): boolean {
  if (isObj(manifest)) {
    if (!isObj(live)) return false;
    return Object.entries(manifest).every(([k, v]) => k === 'status' || matchesManifest(live[k], v));
  }
  if (Array.isArray(manifest)) {
    return (
      Array.isArray(live) &&
      live.length === manifest.length &&
      manifest.every((v, i) => matchesManifest(live[i], v))
    );
  }
  return live === manifest;
}

/**
 * Compares the live object with the dry-run result of applying the manifest.
 * `unchanged` also requires berth's managed fields to stay as they are, so an
 * object created by another tool is still applied once to take ownership.
 */
export function summarizeChange(
  live: Obj | undefined,
  dryRun: Obj,
  kind: string,
  group: string,
  manager: string,
): ChangeSummary {
  if (!live) return { outcome: 'created', fields: [] };
  const before = comparable(live);
  const after = comparable(dryRun);
  const fields: string[] = [];
  diffPaths(before, after, '', fields, 200);
  let keys: ChangeSummary['keys'];
  if (hidesValues(kind, group)) {
    keys = [];
    for (const field of VALUE_FIELDS) {
      const a = isObj(before[field]) ? (before[field] as Obj) : {};
      const b = isObj(after[field]) ? (after[field] as Obj) : {};
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (!(k in a)) keys.push({ key: k, change: 'added', size: sizeOf(field, b[k]) });
        else if (!(k in b)) keys.push({ key: k, change: 'removed' });
        else if (a[k] !== b[k]) keys.push({ key: k, change: 'changed', size: sizeOf(field, b[k]) });
      }
    }
  }
  const owned = ownership(live, manager) === ownership(dryRun, manager);
  if (fields.length === 0 && owned) return { outcome: 'unchanged', fields };
  return { outcome: 'configured', fields, ...(keys && keys.length > 0 ? { keys } : {}) };
}

/** Every value of a Secret or ConfigMap, as written and decoded, to take out of messages. */
export function valuesOf(body: Obj): string[] {
  const out: string[] = [];
  for (const field of VALUE_FIELDS) {
    const map = body[field];
    if (!isObj(map)) continue;
    for (const value of Object.values(map)) {
      if (typeof value !== 'string' || value.length === 0) continue;
      out.push(value);
      // The server stores stringData base64-encoded in data, and may echo either form.
      if (field === 'stringData') out.push(Buffer.from(value, 'utf8').toString('base64'));
      else {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        if (decoded) out.push(decoded);
      }
    }
  }
  // Longest first, so a value that contains another is removed whole.
  return out.sort((a, b) => b.length - a.length);
}

/** A message from the API server about an object, with the object's values replaced. */
export function maskValues(message: string, body: Obj): string {
  let out = message;
  for (const value of valuesOf(body)) {
    // Single characters would shred the message; they reveal little on their own.
    if (value.length >= 2) out = out.split(value).join('[redacted]');
    // JSON-escaped forms (newlines, quotes) appear in echoed bodies.
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value && escaped.length >= 2) out = out.split(escaped).join('[redacted]');
  }
  return out;
}

/** Advice for conflicts berth recognises. */
function conflictHint(field: string, manager: string): string | undefined {
  if (field === '.spec.replicas') {
    return `${manager} scales this object (a HorizontalPodAutoscaler or a scale call through the scale subresource): drop replicas from the manifest so berth stops owning it`;
  }
  return undefined;
}

/**
 * The conflicts in an API server 409 answer to a server-side apply:
 * `status.details.causes` of type FieldManagerConflict, whose messages read
 * `conflict with "kube-controller-manager" using apps/v1` (or `with "x":`).
 */
export function parseConflicts(status: unknown): FieldConflict[] {
  const causes = isObj(status) && isObj(status.details) ? (status.details as Obj).causes : undefined;
  if (!Array.isArray(causes)) return [];
  const out: FieldConflict[] = [];
  for (const cause of causes) {
    if (!isObj(cause) || cause.reason !== 'FieldManagerConflict') continue;
    const field = typeof cause.field === 'string' ? cause.field : '';
    const message = typeof cause.message === 'string' ? cause.message : '';
    const manager = /conflict with "([^"]*)"/.exec(message)?.[1] ?? 'another field manager';
    const hint = conflictHint(field, manager);
    out.push({ field, manager, ...(hint ? { hint } : {}) });
  }
  return out;
}
