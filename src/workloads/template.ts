/**
 * Reading a workload's pod template: FieldReader checks each field berth and the scheduler
 * read, with a diagnostic at the field's line, and readTemplate turns a template (wherever
 * the kind keeps it) into the labels, annotations and spec the pods are built from. Shared
 * by the built-in kinds (expand.ts) and the custom-resource readers (kinds.ts).
 */

import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { PodSpec, PodTemplateSpec } from '../model/k8s.ts';
import type { FieldPath, ManifestObject } from '../model/types.ts';

/**
 * How many pods berth plans. One field (`replicas: 1000000000`) would otherwise
 * make a pull request cost the runner gigabytes and hours; a workload past a bound
 * is an error at that field's line and takes no part in the plan, and nothing is
 * allocated for it. The defaults are far above real clusters (Kubernetes is tested
 * up to 150,000 pods in a cluster).
 */
export interface PodLimits {
  /** Pods of all workloads of one set of manifests together. */
  maxPods: number;
  /** Pods of one workload. */
  maxPodsPerWorkload: number;
}

export const DEFAULT_POD_LIMITS: Readonly<PodLimits> = Object.freeze({
  maxPods: 200_000,
  maxPodsPerWorkload: 100_000,
});

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

export function getPath(raw: unknown, path: FieldPath): unknown {
  let current = raw;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (!isPlainObject(current)) return undefined;
      current = current[key];
    }
  }
  return current;
}

export function dotted(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Reads fields of one object, collecting a diagnostic at the line of each bad one. */
export class FieldReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly object: ManifestObject;

  constructor(object: ManifestObject) {
    this.object = object;
  }

  get(path: FieldPath): unknown {
    return getPath(this.object.raw, path);
  }

  invalid(path: FieldPath, message: string): void {
    this.diagnostics.push(diagnostic(this.object.locate(path), 'error', 'invalid-field', message));
  }

  missing(path: FieldPath, message: string): void {
    this.diagnostics.push(diagnostic(this.object.locate(path), 'error', 'missing-field', message));
  }

  tooMany(path: FieldPath, message: string): void {
    this.diagnostics.push(diagnostic(this.object.locate(path), 'error', 'too-many-pods', message));
  }

  /** A non-negative int32, or the default when absent (or null, as the API reads null). */
  count(path: FieldPath, fallback: number): number | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.invalid(path, `${dotted(path)} must be an integer, not ${describe(v)}`);
      return undefined;
    }
    if (v < 0) {
      this.invalid(path, `${dotted(path)}: must be greater than or equal to 0`);
      return undefined;
    }
    if (v > 2 ** 31 - 1) {
      this.invalid(path, `${dotted(path)} must fit in 32 bits`);
      return undefined;
    }
    return v;
  }

  integer(path: FieldPath): number | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.invalid(path, `${dotted(path)} must be an integer, not ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  bool(path: FieldPath): boolean | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.invalid(path, `${dotted(path)} must be true or false, not ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  string(path: FieldPath): string | undefined {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.invalid(path, `${dotted(path)} must be a string, not ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  /** A mapping of strings (labels, annotations, nodeSelector); false when malformed. */
  stringMap(path: FieldPath): Record<string, string> | undefined | false {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (!isPlainObject(v)) {
      this.invalid(path, `${dotted(path)} must be a mapping, not ${describe(v)}`);
      return false;
    }
    let ok = true;
    for (const [key, value] of Object.entries(v)) {
      if (typeof value !== 'string') {
        this.invalid([...path, key], `${dotted([...path, key])} must be a string, not ${describe(value)}`);
        ok = false;
      }
    }
    return ok ? (v as Record<string, string>) : false;
  }

  /** A list of mappings; false when malformed. */
  objectList(path: FieldPath): Record<string, unknown>[] | undefined | false {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      this.invalid(path, `${dotted(path)} must be a list, not ${describe(v)}`);
      return false;
    }
    let ok = true;
    v.forEach((item, i) => {
      if (!isPlainObject(item)) {
        this.invalid([...path, i], `${dotted([...path, i])} must be a mapping, not ${describe(item)}`);
        ok = false;
      }
    });
    return ok ? (v as Record<string, unknown>[]) : false;
  }

  stringList(path: FieldPath): void {
    const v = this.get(path);
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) {
      this.invalid(path, `${dotted(path)} must be a list, not ${describe(v)}`);
      return;
    }
    v.forEach((item, i) => {
      if (typeof item !== 'string')
        this.invalid([...path, i], `${dotted([...path, i])} must be a string, not ${describe(item)}`);
    });
  }

  mapping(path: FieldPath): Record<string, unknown> | undefined | false {
    const v = this.get(path);
    if (v === undefined || v === null) return undefined;
    if (!isPlainObject(v)) {
      this.invalid(path, `${dotted(path)} must be a mapping, not ${describe(v)}`);
      return false;
    }
    return v;
  }
}

/** Each list item of `path` that is a mapping, with its path. */
function items(reader: FieldReader, path: FieldPath): FieldPath[] {
  const list = reader.objectList(path);
  return list ? list.map((_, i) => [...path, i]) : [];
}

function checkRequirements(reader: FieldReader, path: FieldPath): void {
  for (const at of items(reader, path)) {
    if (reader.string([...at, 'key']) === undefined)
      reader.missing([...at, 'key'], `${dotted([...at, 'key'])} is required`);
    if (reader.string([...at, 'operator']) === undefined) {
      reader.missing([...at, 'operator'], `${dotted([...at, 'operator'])} is required`);
    }
    reader.stringList([...at, 'values']);
  }
}

function checkLabelSelector(reader: FieldReader, path: FieldPath): void {
  if (!reader.mapping(path)) return;
  reader.stringMap([...path, 'matchLabels']);
  checkRequirements(reader, [...path, 'matchExpressions']);
}

function checkNodeSelectorTerm(reader: FieldReader, path: FieldPath): void {
  if (!reader.mapping(path)) return;
  checkRequirements(reader, [...path, 'matchExpressions']);
  checkRequirements(reader, [...path, 'matchFields']);
}

function checkPodAffinityTerm(reader: FieldReader, path: FieldPath): void {
  if (!reader.mapping(path)) return;
  if (reader.string([...path, 'topologyKey']) === undefined) {
    reader.missing([...path, 'topologyKey'], `${dotted([...path, 'topologyKey'])} is required`);
  }
  checkLabelSelector(reader, [...path, 'labelSelector']);
  checkLabelSelector(reader, [...path, 'namespaceSelector']);
  reader.stringList([...path, 'namespaces']);
  reader.stringList([...path, 'matchLabelKeys']);
  reader.stringList([...path, 'mismatchLabelKeys']);
}

/** The affinity shapes the scheduler walks, so a malformed one is caught here, at its line. */
export function checkAffinity(reader: FieldReader, path: FieldPath): void {
  if (!reader.mapping(path)) return;
  const nodeAffinity = [...path, 'nodeAffinity'];
  if (reader.mapping(nodeAffinity)) {
    const required = [...nodeAffinity, 'requiredDuringSchedulingIgnoredDuringExecution'];
    if (reader.mapping(required)) {
      for (const term of items(reader, [...required, 'nodeSelectorTerms']))
        checkNodeSelectorTerm(reader, term);
    }
    for (const at of items(reader, [...nodeAffinity, 'preferredDuringSchedulingIgnoredDuringExecution'])) {
      reader.integer([...at, 'weight']);
      checkNodeSelectorTerm(reader, [...at, 'preference']);
    }
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const at = [...path, kind];
    if (!reader.mapping(at)) continue;
    for (const term of items(reader, [...at, 'requiredDuringSchedulingIgnoredDuringExecution'])) {
      checkPodAffinityTerm(reader, term);
    }
    for (const weighted of items(reader, [...at, 'preferredDuringSchedulingIgnoredDuringExecution'])) {
      reader.integer([...weighted, 'weight']);
      checkPodAffinityTerm(reader, [...weighted, 'podAffinityTerm']);
    }
  }
}

export function checkTolerations(reader: FieldReader, path: FieldPath): void {
  for (const at of items(reader, path)) {
    for (const field of ['key', 'operator', 'value', 'effect']) reader.string([...at, field]);
    reader.integer([...at, 'tolerationSeconds']);
  }
}

export function checkSpreadConstraints(reader: FieldReader, path: FieldPath): void {
  for (const at of items(reader, path)) {
    reader.integer([...at, 'maxSkew']);
    reader.integer([...at, 'minDomains']);
    reader.string([...at, 'topologyKey']);
    reader.string([...at, 'whenUnsatisfiable']);
    checkLabelSelector(reader, [...at, 'labelSelector']);
    reader.stringList([...at, 'matchLabelKeys']);
  }
}

export interface Template {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: PodSpec;
  template: PodTemplateSpec;
}

/**
 * Checks the shape of the pod template's fields berth and the scheduler read; undefined
 * (with diagnostics) when the API server would reject it.
 */
export function readTemplate(reader: FieldReader, at: FieldPath): Template | undefined {
  const before = reader.diagnostics.length;
  const templatePath = at;
  if (at.length > 0) {
    const found = reader.mapping(templatePath);
    if (found === false) return undefined;
    if (found === undefined) {
      reader.missing(templatePath, `${dotted(templatePath)} is required`);
      return undefined;
    }
  }
  const specPath = [...at, 'spec'];
  const spec = reader.mapping(specPath);
  if (spec === undefined) {
    reader.missing(specPath, `${dotted(specPath)} is required`);
    return undefined;
  }
  const labels = reader.stringMap([...at, 'metadata', 'labels']);
  const annotations = reader.stringMap([...at, 'metadata', 'annotations']);
  if (spec === false) return undefined;

  const containers = reader.objectList([...specPath, 'containers']);
  if (containers === undefined || (containers && containers.length === 0)) {
    reader.missing(
      [...specPath, 'containers'],
      `${dotted([...specPath, 'containers'])}: at least one container is required`,
    );
  }
  reader.objectList([...specPath, 'initContainers']);
  for (const list of ['containers', 'initContainers']) {
    const items = reader.get([...specPath, list]);
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      if (isPlainObject(item)) {
        reader.mapping([...specPath, list, i, 'resources']);
        reader.string([...specPath, list, i, 'restartPolicy']);
      }
    });
  }
  reader.stringMap([...specPath, 'nodeSelector']);
  checkTolerations(reader, [...specPath, 'tolerations']);
  checkSpreadConstraints(reader, [...specPath, 'topologySpreadConstraints']);
  reader.objectList([...specPath, 'schedulingGates']);
  checkAffinity(reader, [...specPath, 'affinity']);
  reader.mapping([...specPath, 'resources']);
  reader.mapping([...specPath, 'overhead']);
  reader.string([...specPath, 'nodeName']);
  reader.string([...specPath, 'priorityClassName']);
  reader.string([...specPath, 'schedulerName']);
  reader.bool([...specPath, 'hostNetwork']);
  if (reader.diagnostics.length > before) return undefined;

  const metadata = reader.mapping([...at, 'metadata']);
  const template: PodTemplateSpec = {
    ...(metadata ? { metadata: metadata as PodTemplateSpec['metadata'] } : {}),
    spec: spec as PodSpec,
  };
  return { labels: labels || {}, annotations: annotations || {}, spec: spec as PodSpec, template };
}

export interface PodPlan {
  name: string;
  spec: PodSpec;
  labels?: Record<string, string>;
}

/**
 * Whether `count` pods of the workload stay within the limits, `planned` pods of
 * earlier workloads counted; when not, an error at `path`, the field that asks for them.
 */
export type PodBudget = (path: FieldPath, count: number) => boolean;

export function podBudget(reader: FieldReader, limits: PodLimits, planned: number): PodBudget {
  return (path, count) => {
    const field = dotted(path);
    if (count > limits.maxPodsPerWorkload) {
      reader.tooMany(
        path,
        `${field}: ${count} pods is more than berth plans for one workload (limits.maxPodsPerWorkload: ${limits.maxPodsPerWorkload}); the workload is left out of the plan`,
      );
      return false;
    }
    if (planned + count > limits.maxPods) {
      reader.tooMany(
        path,
        `${field}: ${count} more pods would take the plan past limits.maxPods (${limits.maxPods}, ${planned} planned before this workload); the workload is left out of the plan`,
      );
      return false;
    }
    return true;
  };
}
