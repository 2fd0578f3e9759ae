/**
 * The API server's validation of the pod spec fields berth reads (pkg/apis/core/validation:
 * validateContainers, ValidateContainerResourceName, validateResourceRequirements), in its
 * words: `spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater
 * than or equal to 0`. A pod with any of these errors is never created, so a workload
 * whose template has one takes no part in the plan.
 */

import { dns1123Label, qualifiedName } from '../manifests/names.ts';
import {
  type Diagnostic,
  type DiagnosticCode,
  diagnostic,
  type SourcePosition,
} from '../model/diagnostics.ts';
import type { PodSpec } from '../model/k8s.ts';
import type { FieldPath } from '../model/types.ts';
import { formatQuantity, parseResourceAmount } from '../quantity/quantity.ts';
import { type PodResources, toResourceList } from './requests.ts';

export interface SpecFields {
  /** `The Deployment "web" is invalid: ` as the API server starts its message; '' for none. */
  head: string;
  /** The pod spec's field path in its object: `spec` for a Pod, `spec.template.spec` for a Deployment. */
  prefix: string;
  at: (path: FieldPath) => SourcePosition;
}

const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'quotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** IsNativeResource: no domain, or a kubernetes.io one. */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** IsExtendedResourceName, upstream's strict form: also a qualified name once `requests.` is prefixed. */
function isExtended(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return qualifiedName(`requests.${name}`).length === 0;
}

/** IsOvercommitAllowed: requests may stay below limits only for native resources other than hugepages. */
function overcommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

/** ValidateContainerResourceName's messages for `name` (none when it is valid). */
export function containerResourceNameProblems(name: string): string[] {
  const problems = qualifiedName(name);
  const plain = !name.includes('/');
  if (problems.length === 0 && plain && !STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
    problems.push('must be a standard resource type or fully qualified');
  }
  if (plain) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(name) && !isHugePages(name))
      problems.push('must be a standard resource for containers');
  } else if (!isNative(name) && !isExtended(name)) {
    problems.push("doesn't follow extended resource name standard");
  }
  return problems;
}

/** A value as field.Invalid prints it: JSON, with Go's escaping of <, > and &. */
function goQuoted(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shownValue(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : String(raw);
}

/**
 * Container names (a DNS-1123 label, unique across containers and init containers) and
 * every requests, limits and overhead entry: a valid resource name and a quantity the API
 * server accepts and kube-scheduler can count. `names`: check container names too (pods
 * read from a cluster were admitted already, and hand-written snapshots often leave them out).
 */
export function validatePodSpec(spec: PodSpec, fields: SpecFields, names: boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const error = (path: FieldPath, field: string, body: string, code: DiagnosticCode = 'invalid-field') =>
    diagnostics.push(
      diagnostic(fields.at(path), 'error', code, `${fields.head}${fields.prefix}.${field}: ${body}`),
    );

  const checkMap = (map: unknown, path: FieldPath, field: string, containerNames: boolean) => {
    if (map === undefined || map === null) return;
    if (!isPlainObject(map)) {
      error(
        path,
        field,
        `Invalid value: ${goQuoted(shownValue(map))}: must be a mapping of resource to quantity`,
      );
      return;
    }
    for (const [name, raw] of Object.entries(map)) {
      const at = [...path, name];
      const where = `${field}[${name}]`;
      if (containerNames)
        for (const problem of containerResourceNameProblems(name))
          error(at, where, `Invalid value: ${goQuoted(name)}: ${problem}`);
      const amount = parseResourceAmount(name, raw);
      if (!amount.ok)
        error(at, where, `Invalid value: ${goQuoted(shownValue(raw))}: ${amount.detail}`, 'invalid-quantity');
    }
  };

  const seen = new Set<string>();
  for (const list of ['containers', 'initContainers'] as const) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container, i) => {
      if (!isPlainObject(container)) return;
      const field = `${list}[${i}]`;
      if (names) {
        const name = container.name;
        if (name === undefined || name === null || name === '')
          error([list, i], `${field}.name`, 'Required value');
        else if (typeof name !== 'string')
          error(
            [list, i, 'name'],
            `${field}.name`,
            `Invalid value: ${goQuoted(String(name))}: must be a string`,
          );
        else {
          const problems = dns1123Label(name);
          for (const problem of problems)
            error([list, i, 'name'], `${field}.name`, `Invalid value: ${goQuoted(name)}: ${problem}`);
          if (seen.has(name)) error([list, i, 'name'], `${field}.name`, `Duplicate value: ${goQuoted(name)}`);
          seen.add(name);
        }
      }
      const resources = container.resources;
      if (resources === undefined || resources === null) return;
      if (!isPlainObject(resources)) {
        error([list, i, 'resources'], `${field}.resources`, 'Invalid value: must be a mapping');
        return;
      }
      checkMap(resources.requests, [list, i, 'resources', 'requests'], `${field}.resources.requests`, true);
      checkMap(resources.limits, [list, i, 'resources', 'limits'], `${field}.resources.limits`, true);
    });
  }
  checkMap(spec.overhead, ['overhead'], 'overhead', false);
  const podLevel: unknown = spec.resources;
  if (isPlainObject(podLevel)) {
    checkMap(podLevel.requests, ['resources', 'requests'], 'resources.requests', false);
    checkMap(podLevel.limits, ['resources', 'limits'], 'resources.limits', false);
  }
  return diagnostics;
}

/**
 * Requests against limits, after defaulting (LimitRange defaults count), as
 * validateResourceRequirements checks them: a request may not exceed its limit, and a
 * resource that cannot be overcommitted (extended resources, hugepages) needs a limit
 * equal to its request.
 */
export function validateRequestsAgainstLimits(res: PodResources, fields: SpecFields): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const shown = (name: string, milli: bigint) =>
    formatQuantity(name, toResourceList(new Map([[name, milli]]))[name] ?? 0);
  const lists = [
    ['containers', res.containers],
    ['initContainers', res.initContainers],
  ] as const;
  for (const [list, containers] of lists) {
    containers.forEach((c, i) => {
      const field = `${fields.prefix}.${list}[${i}].resources`;
      for (const [name, request] of c.requests) {
        const limit = c.limits.get(name);
        // Found only when there is something to report: finding a field may cost a re-read.
        const at = () => fields.at([list, i, 'resources', 'requests', name]);
        const invalid = (detail: string) =>
          diagnostics.push(
            diagnostic(
              at(),
              'error',
              'invalid-field',
              `${fields.head}${field}.requests: Invalid value: ${goQuoted(shown(name, request))}: ${detail}`,
            ),
          );
        if (limit === undefined) {
          if (!overcommitAllowed(name))
            diagnostics.push(
              diagnostic(
                at(),
                'error',
                'invalid-field',
                `${fields.head}${field}.limits: Required value: Limit must be set for non overcommitable resources`,
              ),
            );
        } else if (request !== limit && !overcommitAllowed(name)) {
          invalid(`must be equal to ${name} limit of ${shown(name, limit)}`);
        } else if (request > limit) {
          invalid(`must be less than or equal to ${name} limit of ${shown(name, limit)}`);
        }
      }
    });
  }
  return diagnostics;
}
