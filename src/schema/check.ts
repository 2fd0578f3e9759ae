/**
 * Strict field validation of manifests, as diagnostics at the line of each field:
 * an unknown field is a warning (the API server drops it and warns, as with kubectl's
 * default `fieldValidation=Warn`), a value of the wrong type is an error and the object
 * takes no part in the plan (the API server refuses it).
 */

import { describeObject } from '../manifests/duplicates.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { ManifestObject } from '../model/types.ts';
import { crdSchemas, hasBuiltinSchema, validateObject } from './validate.ts';

export interface SchemaCheck {
  diagnostics: Diagnostic[];
  /** Objects the API server would refuse for a value of the wrong type. */
  refused: Set<ManifestObject>;
}

/**
 * Checks `objects` against the built-in schemas and the CustomResourceDefinitions in
 * `definitions` (raw CRD objects: the manifests' and the cluster's; the first
 * definition of a kind wins, so pass the manifests' first).
 */
export function checkSchemas(
  objects: readonly ManifestObject[],
  definitions: Iterable<Record<string, unknown>>,
): SchemaCheck {
  const custom = crdSchemas(definitions);
  const diagnostics: Diagnostic[] = [];
  const refused = new Set<ManifestObject>();
  for (const o of objects) {
    const result = validateObject(o.raw, custom);
    if (result.checked === 'none') continue;
    const label = describeObject(o.kind, o.metadata.name);
    if (result.refused) refused.add(o);
    for (const issue of result.issues) {
      const error = issue.kind === 'type';
      diagnostics.push(
        diagnostic(
          o.locate(issue.path),
          error ? 'error' : 'warning',
          error ? 'invalid-type' : 'unknown-field',
          `${label}: ${issue.message}${error ? ': the API server refuses the object' : ''}`,
        ),
      );
    }
    if (result.more > 0) {
      // The object is refused: an error says so even when its type error is among those not listed.
      const unlisted = result.refused && !result.issues.some((i) => i.kind === 'type');
      diagnostics.push(
        diagnostic(
          o.source,
          unlisted ? 'error' : 'warning',
          unlisted ? 'invalid-type' : 'unknown-field',
          `${label}: ${result.more} more schema problems not listed${unlisted ? ', among them a value of the wrong type: the API server refuses the object' : ''}`,
        ),
      );
    }
  }
  return { diagnostics, refused };
}

/** The raw CustomResourceDefinitions among `objects`. */
export function definitionsIn(objects: readonly ManifestObject[]): Record<string, unknown>[] {
  return objects
    .filter((o) => o.kind === 'CustomResourceDefinition' && o.apiVersion === 'apiextensions.k8s.io/v1')
    .map((o) => o.raw);
}

/**
 * Whether some object is of a kind berth has no schema for: neither built in nor
 * defined by a CustomResourceDefinition among `objects` (so the cluster's definitions
 * are worth reading).
 */
export function needsDefinitions(objects: readonly ManifestObject[]): boolean {
  const defined = new Set<string>();
  for (const raw of definitionsIn(objects)) {
    const spec = raw.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
    if (typeof spec?.group === 'string' && typeof spec.names?.kind === 'string')
      defined.add(`${spec.group}/${spec.names.kind}`);
  }
  return objects.some((o) => {
    if (hasBuiltinSchema(o.apiVersion, o.kind)) return false;
    const slash = o.apiVersion.lastIndexOf('/');
    return !defined.has(`${slash === -1 ? '' : o.apiVersion.slice(0, slash)}/${o.kind}`);
  });
}
