/**
 * `-n/--namespace`, as `kubectl apply -n` treats it: namespaced objects that name no
 * namespace get it; an object that names another one is an error (kubectl: "the
 * namespace from the provided object ... does not match the namespace ..."), and
 * cluster-wide objects are left alone. Whether a kind has a namespace comes from the
 * Kubernetes schemas for built-in kinds and from `spec.scope` of a
 * CustomResourceDefinition for custom ones; a kind known to neither is taken as
 * namespaced, as most custom resources are.
 */

import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { ManifestObject } from '../model/types.ts';
import { builtinClusterScoped } from '../schema/validate.ts';

function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** `group/Kind` of the custom kinds the definitions declare cluster-wide. */
function clusterScopedCustomKinds(definitions: Iterable<Record<string, unknown>>): Set<string> {
  const found = new Set<string>();
  for (const crd of definitions) {
    const spec = crd.spec as { group?: unknown; scope?: unknown; names?: { kind?: unknown } } | undefined;
    if (spec?.scope === 'Cluster' && typeof spec.group === 'string' && typeof spec.names?.kind === 'string')
      found.add(`${spec.group}/${spec.names.kind}`);
  }
  return found;
}

/**
 * Sets `namespace` on the namespaced objects of `objects` that name none (in place:
 * `metadata` and `raw.metadata`), and reports those that name another.
 */
export function applyNamespace(
  objects: readonly ManifestObject[],
  namespace: string,
  definitions: Iterable<Record<string, unknown>>,
): Diagnostic[] {
  const clusterWideCustom = clusterScopedCustomKinds(definitions);
  const diagnostics: Diagnostic[] = [];
  for (const o of objects) {
    const builtin = builtinClusterScoped(o.apiVersion, o.kind);
    if (
      builtin === true ||
      (builtin === undefined && clusterWideCustom.has(`${groupOf(o.apiVersion)}/${o.kind}`))
    )
      continue;
    const written = o.metadata.namespace;
    if (written === undefined || written === '') {
      o.metadata.namespace = namespace;
      const raw = o.raw.metadata;
      if (raw && typeof raw === 'object' && !Array.isArray(raw))
        (raw as Record<string, unknown>).namespace = namespace;
    } else if (written !== namespace) {
      diagnostics.push(
        diagnostic(
          o.locate(['metadata', 'namespace']),
          'error',
          'invalid-field',
          `${o.kind} "${o.metadata.name}": the namespace from the provided object "${written}" does not match the namespace "${namespace}": pass --namespace ${written} or remove the object's namespace`,
        ),
      );
    }
  }
  return diagnostics;
}
