import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { ManifestObject } from '../model/types.ts';

/** Identity as `kubectl apply` sees it: two objects with the same key overwrite each other. */
export function objectKey(object: ManifestObject): string {
  return `${object.kind}\u0000${object.metadata.namespace ?? ''}\u0000${object.metadata.name}`;
}

export function describeObject(kind: string, name: string | undefined, namespace?: string): string {
  const named = name === undefined ? kind : `${kind} "${name}"`;
  return namespace ? `${named} in namespace "${namespace}"` : named;
}

/**
 * Keeps the first definition of each object and reports every later one at its own
 * line. Objects named only by `generateName` are never duplicates: each one creates
 * a new object.
 */
export function dropDuplicates(
  objects: ManifestObject[],
  diagnostics: Diagnostic[],
  seen: Map<string, ManifestObject> = new Map(),
): ManifestObject[] {
  const kept: ManifestObject[] = [];
  for (const object of objects) {
    const written = (object.raw.metadata as { name?: unknown } | undefined)?.name;
    if (written === undefined) {
      kept.push(object);
      continue;
    }
    const key = objectKey(object);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, object);
      kept.push(object);
      continue;
    }
    const where = `${first.source.file}:${first.source.line}:${first.source.column}`;
    diagnostics.push(
      diagnostic(
        object.source,
        'error',
        'duplicate-object',
        `${describeObject(object.kind, object.metadata.name, object.metadata.namespace)} is defined twice; the first definition (${where}) is used and this one is ignored`,
      ),
    );
  }
  return kept;
}
