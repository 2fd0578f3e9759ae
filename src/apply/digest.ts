/**
 * The digests a Deployment records of an apply, so anyone can tell later what was
 * applied and whether two applies were the same: `sha256:<hex>` of canonical JSON
 * (object keys sorted at every depth, no whitespace, arrays in order).
 *
 * - The manifest digest covers the applied manifest set: every object's whole parsed
 *   content, in a fixed order (by apiVersion, kind, namespace, name), so the same
 *   objects give the same digest whatever files or documents they came from.
 * - The plan digest covers what berth is to do with that set on one cluster: the
 *   cluster, the commit, the ApplySet, the apply options (prune, its limit and kinds,
 *   the kinds allowed, conflicts forced, the wait), and each object's identity with
 *   the digest of its content. The same commit asked the same way gives the same
 *   digest.
 *
 * Only digests leave this module, never the content: a Secret's data goes into the
 * hash and nowhere else.
 */

import { createHash } from 'node:crypto';
import type { ManifestObject } from '../model/types.ts';

/** JSON with object keys sorted at every depth: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Digest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function identity(o: ManifestObject): [string, string, string, string] {
  return [o.apiVersion, o.kind, o.metadata.namespace ?? '', o.metadata.name];
}

function ordered(objects: readonly ManifestObject[]): ManifestObject[] {
  return [...objects].sort((a, b) => {
    const x = identity(a).join('\u0000');
    const y = identity(b).join('\u0000');
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** `sha256:<hex>` of the manifest set. */
export function manifestDigest(objects: readonly ManifestObject[]): string {
  return sha256Digest(canonicalJson(ordered(objects).map((o) => o.raw)));
}

export interface PlanInput {
  cluster: string;
  sha: string;
  applySetId: string;
  kind: 'apply' | 'rollback';
  prune: boolean;
  maxPrune: number;
  pruneKinds: readonly string[];
  allowKinds: readonly string[];
  forceConflicts: boolean;
  waitMs: number;
  objects: readonly ManifestObject[];
}

/** `sha256:<hex>` of the apply plan: options and each object's identity and content digest. */
export function planDigest(input: PlanInput): string {
  return sha256Digest(
    canonicalJson({
      cluster: input.cluster,
      sha: input.sha,
      applySetId: input.applySetId,
      kind: input.kind,
      prune: input.prune,
      maxPrune: input.maxPrune,
      pruneKinds: [...input.pruneKinds].sort(),
      allowKinds: [...input.allowKinds].sort(),
      forceConflicts: input.forceConflicts,
      waitMs: input.waitMs,
      objects: ordered(input.objects).map((o) => ({
        id: identity(o),
        digest: sha256Digest(canonicalJson(o.raw)),
      })),
    }),
  );
}
