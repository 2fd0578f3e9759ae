/**
 * Checks every object before anything is sent, and settles what the API server
 * would otherwise guess: apiVersion, kind and a valid name present; a namespace
 * for namespaced objects (the one the command or config names, default
 * `default`); no namespace on cluster-wide ones; kinds the server serves or a
 * CustomResourceDefinition of the same set defines; and no kind the config does
 * not allow (by default a ClusterRoleBinding to cluster-admin, admission webhook
 * configurations and APIServices, which can take over or break a cluster).
 * One error anywhere and nothing is applied.
 */

import { dns1123Label, nameRule } from '../manifests/names.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { ManifestObject } from '../model/types.ts';
import { LABEL_PART_OF } from './applyset.ts';
import { stageOf } from './stages.ts';
import type { ApplyTarget } from './types.ts';

/** Kinds refused unless `apply.allowKinds` lists them. */
export const GUARDED_KINDS = [
  'ClusterRoleBinding',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
] as const;

export type Scope = 'Namespaced' | 'Cluster';

export interface ValidateOptions {
  /** Namespace for namespaced objects that name none (default `default`). */
  namespace?: string;
  /** Guarded kinds the config allows. */
  allowKinds?: readonly string[];
  /** Whether the API server serves this type, and at which scope; undefined when it does not. */
  scopeOf(group: string, version: string, kind: string): Scope | undefined;
  /** The ApplySet id every member is labelled with. */
  applySetId: string;
}

export interface ValidateResult {
  targets: ApplyTarget[];
  diagnostics: Diagnostic[];
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

interface CrdType {
  group: string;
  kind: string;
  versions: Set<string>;
  scope: Scope;
}

/** Types that CustomResourceDefinitions in the set will define, so their objects can be applied after them. */
function typesDefinedBy(objects: readonly ManifestObject[]): CrdType[] {
  const out: CrdType[] = [];
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition' || !o.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = o.raw.spec as
      | {
          group?: unknown;
          names?: { kind?: unknown };
          scope?: unknown;
          versions?: { name?: unknown; served?: unknown }[];
        }
      | undefined;
    if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string') continue;
    const versions = new Set(
      (Array.isArray(spec.versions) ? spec.versions : [])
        .filter((v) => v.served !== false && typeof v.name === 'string')
        .map((v) => v.name as string),
    );
    out.push({
      group: spec.group,
      kind: spec.names.kind,
      versions,
      scope: spec.scope === 'Cluster' ? 'Cluster' : 'Namespaced',
    });
  }
  return out;
}

/** Why a guarded kind is refused, or undefined when it may be applied. */
function refusal(o: ManifestObject, allow: readonly string[]): string | undefined {
  if (allow.includes(o.kind)) return undefined;
  if (o.kind === 'ClusterRoleBinding') {
    const roleRef = o.raw.roleRef as { kind?: unknown; name?: unknown } | undefined;
    if (roleRef?.kind === 'ClusterRole' && roleRef.name === 'cluster-admin') {
      return 'a ClusterRoleBinding to cluster-admin is refused: it grants full control of the cluster (list ClusterRoleBinding in apply.allowKinds to allow it)';
    }
    return undefined;
  }
  if ((GUARDED_KINDS as readonly string[]).includes(o.kind)) {
    return `${o.kind} is refused: it can intercept or break every request to the cluster (list ${o.kind} in apply.allowKinds to allow it)`;
  }
  return undefined;
}

export function validateForApply(
  objects: readonly ManifestObject[],
  options: ValidateOptions,
): ValidateResult {
  const diagnostics: Diagnostic[] = [];
  const targets: ApplyTarget[] = [];
  const defaultNamespace = options.namespace ?? 'default';
  const allow = options.allowKinds ?? [];
  const defined = typesDefinedBy(objects);
  const seen = new Map<string, ManifestObject>();
  const error = (o: ManifestObject, path: (string | number)[], message: string) =>
    diagnostics.push(diagnostic(o.locate(path), 'error', 'invalid-field', message));

  for (const o of objects) {
    if (typeof o.apiVersion !== 'string' || o.apiVersion === '') {
      error(o, ['apiVersion'], 'apiVersion is required');
      continue;
    }
    if (typeof o.kind !== 'string' || o.kind === '') {
      error(o, ['kind'], 'kind is required');
      continue;
    }
    // The loader stands generateName in for a missing name, for planning; apply needs the real one.
    const name = (o.raw.metadata as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string' || name === '') {
      error(o, ['metadata'], `${o.kind}: metadata.name is required (generateName cannot be applied)`);
      continue;
    }
    const nameErrors = nameRule(o.kind)(name);
    if (nameErrors.length > 0) {
      error(
        o,
        ['metadata', 'name'],
        `${o.kind} "${name}": metadata.name: Invalid value: ${nameErrors.join('; ')}`,
      );
      continue;
    }
    const refused = refusal(o, allow);
    if (refused) {
      error(o, ['kind'], `${o.kind} "${name}": ${refused}`);
      continue;
    }
    const { group, version } = splitApiVersion(o.apiVersion);
    const crd = defined.find((t) => t.group === group && t.kind === o.kind && t.versions.has(version));
    const scope = options.scopeOf(group, version, o.kind) ?? crd?.scope;
    if (!scope) {
      error(
        o,
        ['kind'],
        `${o.kind} "${name}": the API server does not serve ${o.kind} in ${o.apiVersion}, and no CustomResourceDefinition in the manifests defines it`,
      );
      continue;
    }
    const written = o.metadata.namespace;
    let namespace = '';
    if (scope === 'Namespaced') {
      namespace = typeof written === 'string' && written !== '' ? written : defaultNamespace;
      const nsErrors = dns1123Label(namespace);
      if (nsErrors.length > 0) {
        error(
          o,
          ['metadata', 'namespace'],
          `${o.kind} "${name}": metadata.namespace: Invalid value: ${nsErrors.join('; ')}`,
        );
        continue;
      }
    } else if (typeof written === 'string' && written !== '') {
      error(
        o,
        ['metadata', 'namespace'],
        `${o.kind} "${name}" is cluster-scoped: remove metadata.namespace "${written}"`,
      );
      continue;
    }
    const key = `${group}/${o.kind}/${namespace}/${name}`;
    const previous = seen.get(key);
    if (previous) {
      error(
        o,
        ['metadata', 'name'],
        `${o.kind} "${namespace ? `${namespace}/` : ''}${name}" is also defined at ${previous.source.file}:${previous.source.line}`,
      );
      continue;
    }
    seen.set(key, o);
    const body = structuredClone(o.raw);
    const metadata = { ...(body.metadata as Record<string, unknown>) };
    if (namespace) metadata.namespace = namespace;
    const labels = { ...((metadata.labels as Record<string, string> | undefined) ?? {}) };
    labels[LABEL_PART_OF] = options.applySetId;
    metadata.labels = labels;
    body.metadata = metadata;
    targets.push({
      key,
      apiVersion: o.apiVersion,
      group,
      version,
      kind: o.kind,
      namespace,
      name,
      body,
      source: { file: o.source.file, line: o.source.line },
      stage: stageOf({ group, kind: o.kind }),
    });
  }
  return { targets: diagnostics.some((d) => d.severity === 'error') ? [] : targets, diagnostics };
}
