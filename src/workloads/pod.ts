/**
 * One pod as the API server would admit it and the scheduler would see it: quantities
 * validated (each bad one a diagnostic at its line), resources defaulted (API defaulting,
 * then LimitRange defaults), effective requests and limits computed, priority resolved.
 *
 * Its input is independent of manifests so the cluster loader can build pods read from
 * a snapshot with the same code; such pods were admitted already (`admitted: true`).
 */

import { admitRuntimeClass, type RuntimeClassAdmission } from '../admission/runtime-class.ts';
import { type Diagnostic, diagnostic, type SourcePosition } from '../model/diagnostics.ts';
import type { Container, ObjectMeta, PodSpec, ResourceMap } from '../model/k8s.ts';
import type {
  FieldPath,
  LimitRange,
  ManifestObject,
  Pod,
  PriorityClass,
  RuntimeClass,
  WorkloadRef,
} from '../model/types.ts';
import { containerDefaultsFor } from './limit-range.ts';
import {
  applyApiDefaults,
  applyContainerDefaults,
  type ContainerDefaults,
  type ContainerResources,
  type MilliList,
  nonZeroDefaults,
  podLimits,
  podRequests,
  readMilliMap,
  readPodResources,
} from './requests.ts';
import { type SpecFields, validatePodSpec, validateRequestsAgainstLimits } from './validate.ts';

export interface PodInput {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  spec: PodSpec;
  workload?: WorkloadRef;
  source?: ManifestObject['source'];
  ownerReferences?: ObjectMeta['ownerReferences'];
  nodeName?: string;
  createdAt?: number;
  /**
   * The object the spec is written in, for messages worded as the API server's:
   * `head` opens them (`The Deployment "web" is invalid: `), `prefix` is the spec's field
   * path (`spec.template.spec`). Default: no head, `spec`.
   */
  object?: { head: string; prefix: string };
  /** Where a field is written, by a path relative to the pod spec (`['containers', 0, 'resources']`). */
  locate?: (path: FieldPath) => SourcePosition;
  /**
   * The pod was admitted already (read from a cluster): LimitRange defaults are not
   * applied again, and a priority in `spec.priority` is taken as resolved.
   */
  admitted?: boolean;
}

export interface PodContext {
  limitRanges: readonly LimitRange[];
  priorityClasses: readonly PriorityClass[];
  /** RuntimeClasses whose admission plugin new pods go through (none when absent). */
  runtimeClasses?: readonly RuntimeClass[];
}

export interface BuildPodResult {
  pod: Pod;
  diagnostics: Diagnostic[];
  /**
   * API validation refuses the spec (an error among `diagnostics`): such a pod is never
   * created. A pod that admission refuses (an unknown PriorityClass) is still valid.
   */
  invalid: boolean;
}

/** Classes every cluster has (the API server creates them); a cluster file may omit them. */
export const BUILTIN_PRIORITY_CLASSES: readonly PriorityClass[] = [
  {
    name: 'system-node-critical',
    value: 2000001000,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
  },
  {
    name: 'system-cluster-critical',
    value: 2000000000,
    globalDefault: false,
    preemptionPolicy: 'PreemptLowerPriority',
  },
];

export interface ResolvedPriority {
  priority: number;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
  /** Set when the class named does not exist; upstream's Priority admission rejects the pod. */
  error?: string;
  /** The global default class a pod without a class gets; the plugin writes its name into the spec. */
  defaultClass?: string;
}

/**
 * The Priority admission plugin: the named class's value; without a name, the global
 * default class (the lowest value if several claim it, as upstream picks); else 0.
 */
export function resolvePriority(
  priorityClassName: string | undefined,
  classes: readonly PriorityClass[],
): ResolvedPriority {
  const find = (name: string) =>
    classes.find((c) => c.name === name) ?? BUILTIN_PRIORITY_CLASSES.find((c) => c.name === name);
  if (priorityClassName) {
    const found = find(priorityClassName);
    if (!found) {
      return {
        priority: 0,
        preemptionPolicy: 'PreemptLowerPriority',
        error: `no PriorityClass with name ${priorityClassName} was found`,
      };
    }
    return { priority: found.value, preemptionPolicy: found.preemptionPolicy };
  }
  let globalDefault: PriorityClass | undefined;
  for (const c of classes) {
    if (c.globalDefault && (globalDefault === undefined || c.value < globalDefault.value)) globalDefault = c;
  }
  if (globalDefault)
    return {
      priority: globalDefault.value,
      preemptionPolicy: globalDefault.preemptionPolicy,
      defaultClass: globalDefault.name,
    };
  return { priority: 0, preemptionPolicy: 'PreemptLowerPriority' };
}

/**
 * Why the Priority admission plugin refuses a new pod, in its words, or undefined when
 * it admits it: the class must exist, and a pod may state `priority` or
 * `preemptionPolicy` only as the plugin computes them from the class (without a class,
 * from the global default, else 0 and PreemptLowerPriority).
 */
export function priorityAdmissionError(spec: PodSpec, resolved: ResolvedPriority): string | undefined {
  if (resolved.error) return resolved.error;
  if (typeof spec.priority === 'number' && spec.priority !== resolved.priority) {
    return `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${resolved.priority} from the given PriorityClass name`;
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== resolved.preemptionPolicy) {
    return `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${resolved.preemptionPolicy} from the given PriorityClass name`;
  }
  return undefined;
}

/** A thousandths amount written back as a quantity the API server would accept. */
function quantityText(milli: bigint): string {
  return milli % 1000n === 0n ? `${milli / 1000n}` : `${milli}m`;
}

/**
 * The written map with the entries defaulting added; written entries keep their text.
 * A defaulted entry is written as its source writes it (`textOf`), because the API
 * server copies the Quantity: a request defaulted from a `1Gi` limit, or a LimitRange
 * default of `900Mi`, prints as `1Gi` or `900Mi` in admission messages, not in bytes.
 */
function mergedMap(
  written: ResourceMap | undefined,
  effective: MilliList,
  textOf: (name: string, milli: bigint) => string | undefined = () => undefined,
): ResourceMap | undefined {
  if (effective.size === 0 && written === undefined) return undefined;
  const out: ResourceMap = { ...(written ?? {}) };
  for (const [name, milli] of effective) {
    if (!(name in out)) out[name] = textOf(name, milli) ?? quantityText(milli);
  }
  return out;
}

/** Texts of defaulted requests: API defaulting copies the written limit first, LimitRanger fills the rest. */
function requestTextOf(
  writtenLimits: ResourceMap | undefined,
  defaults: ContainerDefaults['text'] | undefined,
): (name: string, milli: bigint) => string | undefined {
  const limits = readMilliMap(writtenLimits);
  return (name, milli) => {
    const limit = writtenLimits?.[name];
    if (limit !== undefined && limits.get(name) === milli) return String(limit);
    return defaults?.requests.get(name);
  };
}

function withResources(
  container: Container,
  effective: ContainerResources | undefined,
  defaults: ContainerDefaults['text'] | undefined,
): Container {
  if (!effective) return container;
  const written = container.resources;
  const requests = mergedMap(written?.requests, effective.requests, requestTextOf(written?.limits, defaults));
  const limits = mergedMap(written?.limits, effective.limits, (name) => defaults?.limits.get(name));
  if (!requests && !limits) return container;
  const resources: Container['resources'] = {};
  if (requests) resources.requests = requests;
  if (limits) resources.limits = limits;
  return { ...container, resources };
}

export function buildPod(input: PodInput, ctx: PodContext): BuildPodResult {
  const fallback: SourcePosition = input.source ?? {
    file: `pod ${input.namespace}/${input.name}`,
    line: 1,
    column: 1,
  };
  const at = (path: FieldPath): SourcePosition => (input.locate ? input.locate(path) : fallback);
  // The RuntimeClass plugin adds its class's overhead and scheduling before the scheduler
  // sees the pod; a pod read from a cluster went through it when it was created.
  const runtime: RuntimeClassAdmission = input.admitted
    ? { spec: input.spec }
    : admitRuntimeClass(input.spec, ctx.runtimeClasses ?? []);
  const spec = runtime.spec;
  const fields: SpecFields = { head: input.object?.head ?? '', prefix: input.object?.prefix ?? 'spec', at };
  // What the manifest says is validated, not what the RuntimeClass added to it.
  const diagnostics = validatePodSpec(input.spec, fields, !input.admitted);
  if (runtime.missing) {
    diagnostics.push(
      diagnostic(
        at(['runtimeClassName']),
        'warning',
        'invalid-field',
        `RuntimeClass ${runtime.missing} is in neither the cluster nor the change: the API server rejects the pod`,
      ),
    );
  }

  let resources = applyApiDefaults(readPodResources(spec));
  let defaultsText: ContainerDefaults['text'];
  if (!input.admitted) {
    const defaults = containerDefaultsFor(ctx.limitRanges, input.namespace);
    if (defaults) resources = applyContainerDefaults(resources, defaults);
    defaultsText = defaults?.text;
  }
  diagnostics.push(...validateRequestsAgainstLimits(resources, fields));
  const invalid = diagnostics.some((d) => d.severity === 'error');

  const effectiveSpec: PodSpec = { ...spec };
  if (Array.isArray(spec.containers)) {
    effectiveSpec.containers = spec.containers.map((c, i) =>
      withResources(c, resources.containers[i], defaultsText),
    );
  }
  if (Array.isArray(spec.initContainers)) {
    effectiveSpec.initContainers = spec.initContainers.map((c, i) =>
      withResources(c, resources.initContainers[i], defaultsText),
    );
  }
  if (resources.pod) {
    const requests = mergedMap(spec.resources?.requests, resources.pod.requests);
    const limits = mergedMap(spec.resources?.limits, resources.pod.limits);
    effectiveSpec.resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
  }

  let priority: number;
  let admissionError: string | undefined;
  if (input.admitted && typeof spec.priority === 'number' && Number.isFinite(spec.priority)) {
    priority = spec.priority;
  } else {
    const resolved = resolvePriority(
      typeof spec.priorityClassName === 'string' ? spec.priorityClassName : undefined,
      ctx.priorityClasses,
    );
    priority = resolved.priority;
    if (!input.admitted) admissionError = priorityAdmissionError(spec, resolved);
    // The Priority plugin writes what it computed, whatever the spec said.
    effectiveSpec.priority = resolved.priority;
    effectiveSpec.preemptionPolicy = resolved.preemptionPolicy;
    // So a quota scoped to the default class counts the pod, even when the class comes with the change.
    if (!input.admitted && resolved.defaultClass) effectiveSpec.priorityClassName = resolved.defaultClass;
    if (resolved.error) {
      diagnostics.push(diagnostic(at(['priorityClassName']), 'error', 'invalid-field', resolved.error));
    }
  }

  // spec.nodeName stays in the spec for the NodeName filter; only a pod the cluster
  // reports as bound carries `nodeName`.
  const nodeName = input.nodeName;
  const pod: Pod = {
    namespace: input.namespace,
    name: input.name,
    key: `${input.namespace}/${input.name}`,
    labels: { ...(input.labels ?? {}) },
    annotations: { ...(input.annotations ?? {}) },
    spec: effectiveSpec,
    requests: podRequests(resources),
    limits: podLimits(resources),
    nonZeroDefaults: nonZeroDefaults(resources),
    priority,
  };
  // Priority admission runs before RuntimeClass admission: its refusal is the one reported.
  const refusal = admissionError ?? runtime.error;
  if (refusal) pod.admissionError = refusal;
  if (runtime.validationError) pod.admissionValidationError = runtime.validationError;
  if (input.workload) pod.workload = input.workload;
  if (nodeName) pod.nodeName = nodeName;
  if (input.source) pod.source = input.source;
  if (input.ownerReferences) pod.ownerReferences = input.ownerReferences;
  if (input.createdAt !== undefined) pod.createdAt = input.createdAt;
  return { pod, diagnostics, invalid };
}
