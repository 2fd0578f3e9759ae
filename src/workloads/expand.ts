/**
 * Workloads to pods: the pods each controller would create for a manifest, built with
 * `buildPod` so their requests, limits and priority are those the cluster would admit.
 *
 * Pod names are deterministic, because a plan must read the same on every run:
 * - Pod: its own name;
 * - StatefulSet: `name-<ordinal>`, ordinals from `spec.ordinals.start` (default 0), as upstream;
 * - DaemonSet: `name-<nodeName>`, one per node it would run on;
 * - Deployment, ReplicaSet, ReplicationController, Job, CronJob: `name-1`, `name-2`, ...
 *   (upstream adds random suffixes; berth numbers them from 1).
 *
 * Counts: `replicas` defaults to 1 and `0` gives none; a Job runs `parallelism`
 * (default 1) pods at once, capped by `completions` when set, and none while
 * `suspend` is true; a CronJob gives the pods of one run of its jobTemplate (none while
 * suspended). A DaemonSet gets one pod per node whose labels its nodeSelector and required
 * node affinity allow and whose NoSchedule/NoExecute taints it tolerates, counting the
 * tolerations the DaemonSet controller adds to every daemon pod; each pod is pinned to
 * its node by required node affinity on `metadata.name`, as the controller pins it, so
 * the scheduler still checks that it fits.
 *
 * PriorityClass, RuntimeClass and LimitRange objects among the manifests join the
 * cluster's: a LimitRange in the change applies to its namespace's pods, a PriorityClass
 * or RuntimeClass may be used by the workloads next to it. Each new pod goes through the
 * RuntimeClass admission plugin (src/admission/runtime-class.ts): its class's overhead,
 * nodeSelector and tolerations are in the pod the scheduler sees.
 *
 * Over ~400 lines because reading a workload's template (FieldReader and its checks,
 * with diagnostics at the template's lines) and turning it into pods by the per-kind
 * rules above are one pass over each workload.
 */

import { parseRuntimeClass } from '../cluster/snapshot.ts';
import { NODE_NAME_FIELD, podMatchesNodeSelectorAndAffinity } from '../k8s/node-affinity.ts';
import { findUntoleratedTaint, scheduleBlockingTaint } from '../k8s/taints.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { Affinity, LabelSelector, PodSpec, PodTemplateSpec, Toleration } from '../model/k8s.ts';
import type {
  FieldPath,
  LimitRange,
  ManifestObject,
  Node,
  Pod,
  PriorityClass,
  RuntimeClass,
} from '../model/types.ts';
import { parseLimitRange } from './limit-range.ts';
import { buildPod, type PodContext } from './pod.ts';

export interface Workload {
  kind: string;
  namespace: string;
  name: string;
  /** `Kind/namespace/name`. */
  key: string;
  object: ManifestObject;
  /** Pods the controller keeps running (for a DaemonSet, the nodes it runs on). */
  replicas: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  pods: Pod[];
}

export interface ExpandContext {
  nodes: readonly Node[];
  limitRanges: readonly LimitRange[];
  priorityClasses: readonly PriorityClass[];
  /** The cluster's RuntimeClasses (none when absent). */
  runtimeClasses?: readonly RuntimeClass[];
  /** Bounds on the pods one expansion makes (defaults: `DEFAULT_POD_LIMITS`). */
  limits?: Partial<PodLimits>;
}

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

export interface ExpandResult {
  workloads: Workload[];
  pods: Pod[];
  diagnostics: Diagnostic[];
  /**
   * Objects the API server would refuse (an error at their line): they make no pods and
   * take no part in the plan (a workload past the pod limits among them); what the cluster runs for them stays as it is.
   */
  rejected: ManifestObject[];
}

/** Kinds that make pods, and where their pod template sits. */
const TEMPLATE_PATHS: Readonly<Record<string, FieldPath>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Tolerations the DaemonSet controller gives every daemon pod
 * (AddOrUpdateDaemonPodTolerations), so node problems never evict or block it.
 */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const tolerations: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) {
    tolerations.push({
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
      effect: 'NoSchedule',
    });
  }
  return tolerations;
}

/** AddOrUpdateTolerationInPodSpec: a toleration equal in key, operator, value and effect is replaced. */
function addOrUpdateToleration(tolerations: readonly Toleration[], add: Toleration): Toleration[] {
  const same = (t: Toleration) =>
    (t.key ?? '') === (add.key ?? '') &&
    (t.operator ?? 'Equal') === (add.operator ?? 'Equal') &&
    (t.value ?? '') === (add.value ?? '') &&
    (t.effect ?? '') === (add.effect ?? '');
  let replaced = false;
  const out = tolerations.map((t) => {
    if (!same(t)) return t;
    replaced = true;
    return add;
  });
  if (!replaced) out.push(add);
  return out;
}

/** The daemon pod's spec before it is pinned: the template plus the controller's tolerations. */
export function daemonPodSpec(template: PodSpec): PodSpec {
  let tolerations = Array.isArray(template.tolerations) ? [...template.tolerations] : [];
  for (const t of daemonPodTolerations(template.hostNetwork === true))
    tolerations = addOrUpdateToleration(tolerations, t);
  return { ...template, tolerations };
}

/** Whether the DaemonSet controller would run the pod on the node (nodeShouldRunDaemonPod). */
export function daemonPodFitsNode(spec: PodSpec, node: Node): boolean {
  if (spec.nodeName && spec.nodeName !== node.name) return false;
  if (!podMatchesNodeSelectorAndAffinity(spec, node)) return false;
  return findUntoleratedTaint(node.taints, spec.tolerations, scheduleBlockingTaint) === undefined;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the required node terms become "this node". */
export function pinToNode(spec: PodSpec, nodeName: string): PodSpec {
  const nodeSelector = {
    nodeSelectorTerms: [
      { matchFields: [{ key: NODE_NAME_FIELD, operator: 'In' as const, values: [nodeName] }] },
    ],
  };
  const affinity: Affinity = { ...(spec.affinity ?? {}) };
  affinity.nodeAffinity = {
    ...(affinity.nodeAffinity ?? {}),
    requiredDuringSchedulingIgnoredDuringExecution: nodeSelector,
  };
  return { ...spec, affinity };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function getPath(raw: unknown, path: FieldPath): unknown {
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

function dotted(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Reads fields of one object, collecting a diagnostic at the line of each bad one. */
class FieldReader {
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
function checkAffinity(reader: FieldReader, path: FieldPath): void {
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

function checkTolerations(reader: FieldReader, path: FieldPath): void {
  for (const at of items(reader, path)) {
    for (const field of ['key', 'operator', 'value', 'effect']) reader.string([...at, field]);
    reader.integer([...at, 'tolerationSeconds']);
  }
}

function checkSpreadConstraints(reader: FieldReader, path: FieldPath): void {
  for (const at of items(reader, path)) {
    reader.integer([...at, 'maxSkew']);
    reader.integer([...at, 'minDomains']);
    reader.string([...at, 'topologyKey']);
    reader.string([...at, 'whenUnsatisfiable']);
    checkLabelSelector(reader, [...at, 'labelSelector']);
    reader.stringList([...at, 'matchLabelKeys']);
  }
}

interface Template {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: PodSpec;
  template: PodTemplateSpec;
}

/**
 * Checks the shape of the pod template's fields berth and the scheduler read; undefined
 * (with diagnostics) when the API server would reject it.
 */
function readTemplate(reader: FieldReader, at: FieldPath): Template | undefined {
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

function parsePriorityClass(object: ManifestObject): {
  priorityClass?: PriorityClass;
  diagnostics: Diagnostic[];
} {
  const reader = new FieldReader(object);
  const value = reader.integer(['value']);
  if (value === undefined && reader.diagnostics.length === 0) reader.missing(['value'], 'value is required');
  const globalDefault = reader.bool(['globalDefault']) ?? false;
  const policy = reader.string(['preemptionPolicy']) ?? 'PreemptLowerPriority';
  if (policy !== 'PreemptLowerPriority' && policy !== 'Never') {
    reader.invalid(
      ['preemptionPolicy'],
      `preemptionPolicy must be PreemptLowerPriority or Never, not ${JSON.stringify(policy)}`,
    );
  }
  if (reader.diagnostics.length > 0 || value === undefined) return { diagnostics: reader.diagnostics };
  return {
    priorityClass: {
      name: object.metadata.name,
      value,
      globalDefault,
      preemptionPolicy: policy as PriorityClass['preemptionPolicy'],
    },
    diagnostics: [],
  };
}

/** The manifests' PriorityClasses, RuntimeClasses and LimitRanges joined with the cluster's (the manifests win by name). */
function contextWithManifests(
  objects: readonly ManifestObject[],
  ctx: ExpandContext,
  diagnostics: Diagnostic[],
  rejected: ManifestObject[],
): PodContext {
  const classes = new Map(ctx.priorityClasses.map((c) => [c.name, c]));
  const ranges = new Map(ctx.limitRanges.map((r) => [`${r.namespace}/${r.name}`, r]));
  const runtimeClasses = new Map((ctx.runtimeClasses ?? []).map((c) => [c.name, c]));
  for (const object of objects) {
    if (object.kind === 'RuntimeClass') {
      const { runtimeClass, diagnostics: found } = parseRuntimeClass(object);
      diagnostics.push(...found);
      if (runtimeClass) runtimeClasses.set(runtimeClass.name, runtimeClass);
    } else if (object.kind === 'PriorityClass') {
      const { priorityClass, diagnostics: found } = parsePriorityClass(object);
      diagnostics.push(...found);
      if (priorityClass) classes.set(priorityClass.name, priorityClass);
      if (hasError(found)) rejected.push(object);
    } else if (object.kind === 'LimitRange') {
      const { limitRange, diagnostics: found } = parseLimitRange(object);
      diagnostics.push(...found);
      if (limitRange) ranges.set(`${limitRange.namespace}/${limitRange.name}`, limitRange);
      if (hasError(found)) rejected.push(object);
    }
  }
  return {
    priorityClasses: [...classes.values()],
    limitRanges: [...ranges.values()],
    runtimeClasses: [...runtimeClasses.values()],
  };
}

interface PodPlan {
  name: string;
  spec: PodSpec;
  labels?: Record<string, string>;
}

/**
 * Whether `count` pods of the workload stay within the limits, `planned` pods of
 * earlier workloads counted; when not, an error at `path`, the field that asks for them.
 */
type PodBudget = (path: FieldPath, count: number) => boolean;

function podBudget(reader: FieldReader, limits: PodLimits, planned: number): PodBudget {
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

/** How many pods, with which names and specs, the object's controller creates. */
function podPlans(
  reader: FieldReader,
  kind: string,
  name: string,
  template: Template,
  nodes: readonly Node[],
  within: PodBudget,
) {
  // Counted before anything is allocated: an array of a billion plans is the harm.
  const numbered = (count: number): PodPlan[] =>
    Array.from({ length: count }, (_, i) => ({ name: `${name}-${i + 1}`, spec: template.spec }));

  switch (kind) {
    case 'Pod':
      return { replicas: 1, plans: [{ name, spec: template.spec }] };
    case 'Deployment':
    case 'ReplicaSet':
    case 'ReplicationController': {
      const replicas = reader.count(['spec', 'replicas'], 1);
      if (replicas === undefined || !within(['spec', 'replicas'], replicas)) return undefined;
      return { replicas, plans: numbered(replicas) };
    }
    case 'StatefulSet': {
      const replicas = reader.count(['spec', 'replicas'], 1);
      const start = reader.count(['spec', 'ordinals', 'start'], 0);
      if (replicas === undefined || start === undefined || !within(['spec', 'replicas'], replicas))
        return undefined;
      const plans = Array.from({ length: replicas }, (_, i) => {
        const podName = `${name}-${start + i}`;
        // The StatefulSet controller labels each pod with its name and ordinal.
        const labels = {
          ...template.labels,
          'statefulset.kubernetes.io/pod-name': podName,
          'apps.kubernetes.io/pod-index': String(start + i),
        };
        return { name: podName, spec: template.spec, labels };
      });
      return { replicas, plans };
    }
    case 'Job':
    case 'CronJob': {
      const jobPath: FieldPath = kind === 'Job' ? ['spec'] : ['spec', 'jobTemplate', 'spec'];
      const parallelism = reader.count([...jobPath, 'parallelism'], 1);
      const completions = reader.count([...jobPath, 'completions'], Number.POSITIVE_INFINITY);
      const suspended = reader.bool([...jobPath, 'suspend']) === true;
      const cronSuspended = kind === 'CronJob' && reader.bool(['spec', 'suspend']) === true;
      if (parallelism === undefined || completions === undefined) return undefined;
      const replicas = suspended || cronSuspended ? 0 : Math.min(parallelism, completions);
      // The smaller of the two asks for the pods: point at it.
      const field = parallelism <= completions ? 'parallelism' : 'completions';
      if (!within([...jobPath, field], replicas)) return undefined;
      return { replicas, plans: numbered(replicas) };
    }
    case 'DaemonSet': {
      const daemonSpec = daemonPodSpec(template.spec);
      const eligible = [...nodes]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .filter((node) => daemonPodFitsNode(daemonSpec, node));
      if (!within(['spec', 'template'], eligible.length)) return undefined;
      const plans = eligible.map((node) => ({
        name: `${name}-${node.name}`,
        spec: pinToNode(daemonSpec, node.name),
      }));
      return { replicas: plans.length, plans };
    }
    default:
      return undefined;
  }
}

function selectorOf(reader: FieldReader, kind: string, template: Template): LabelSelector | undefined {
  if (kind === 'Pod' || kind === 'CronJob') return undefined;
  if (kind === 'ReplicationController') {
    // A ReplicationController's selector is a plain map, defaulting to the template's labels.
    const map = reader.stringMap(['spec', 'selector']);
    return { matchLabels: map || template.labels };
  }
  const selector = reader.get(['spec', 'selector']);
  return isPlainObject(selector) ? (selector as LabelSelector) : undefined;
}

function hasError(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function expandWorkloads(objects: readonly ManifestObject[], ctx: ExpandContext): ExpandResult {
  const diagnostics: Diagnostic[] = [];
  const rejected: ManifestObject[] = [];
  const podContext = contextWithManifests(objects, ctx, diagnostics, rejected);
  const workloads: Workload[] = [];
  const pods: Pod[] = [];
  const limits: PodLimits = { ...DEFAULT_POD_LIMITS };
  for (const key of ['maxPods', 'maxPodsPerWorkload'] as const) {
    const value = ctx.limits?.[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) limits[key] = value;
  }

  for (const object of objects) {
    const templatePath = TEMPLATE_PATHS[object.kind];
    if (templatePath === undefined) continue;
    const reader = new FieldReader(object);
    const namespace = object.metadata.namespace || 'default';
    const name = object.metadata.name;
    const template = readTemplate(reader, templatePath);
    const budget = podBudget(reader, limits, pods.length);
    const planned = template ? podPlans(reader, object.kind, name, template, ctx.nodes, budget) : undefined;
    diagnostics.push(...reader.diagnostics);
    if (!template || !planned) {
      rejected.push(object);
      continue;
    }

    const workloadPods: Pod[] = [];
    const specPath: FieldPath = [...templatePath, 'spec'];
    // Messages as the API server words them: `The Deployment "web" is invalid: spec.template.spec...`.
    const fields = {
      head: `The ${object.kind} "${name}" is invalid: `,
      prefix: specPath.join('.'),
    };
    let refused = false;
    // Replicas of one template differ only in name (and StatefulSet labels), so the pod
    // is built once and copied; DaemonSet pods differ in their pinned affinity too.
    let first: Pod | undefined;
    for (const plan of planned.plans) {
      const labels = plan.labels ?? template.labels;
      if (first && plan.spec === template.spec) {
        workloadPods.push({
          ...first,
          name: plan.name,
          key: `${namespace}/${plan.name}`,
          labels: { ...labels },
          requests: { ...first.requests },
          limits: { ...first.limits },
        });
        continue;
      }
      const built = buildPod(
        {
          namespace,
          name: plan.name,
          labels,
          annotations: template.annotations,
          spec: plan.spec,
          ...(object.kind === 'Pod' ? {} : { workload: { kind: object.kind, name } }),
          source: object.source,
          object: fields,
          locate: (path) => object.locate([...specPath, ...path]),
        },
        podContext,
      );
      workloadPods.push(built.pod);
      // Every replica repeats the template's problems; report them once per workload.
      if (!first) {
        diagnostics.push(...built.diagnostics);
        refused = built.invalid;
      }
      first ??= built.pod;
      if (refused) break;
    }
    if (planned.plans.length === 0) {
      // No pods, but the template still deserves checking.
      const checked = buildPod(
        {
          namespace,
          name,
          spec: template.spec,
          source: object.source,
          object: fields,
          locate: (path) => object.locate([...specPath, ...path]),
        },
        podContext,
      );
      diagnostics.push(...checked.diagnostics);
      refused = checked.invalid;
    }
    if (refused) {
      rejected.push(object);
      continue;
    }

    const workload: Workload = {
      kind: object.kind,
      namespace,
      name,
      key: `${object.kind}/${namespace}/${name}`,
      object,
      replicas: planned.replicas,
      template: template.template,
      pods: workloadPods,
    };
    const selector = selectorOf(reader, object.kind, template);
    if (selector) workload.selector = selector;
    workloads.push(workload);
    // One at a time: spreading a huge array into push overflows the call stack.
    for (const pod of workloadPods) pods.push(pod);
  }
  return { workloads, pods, diagnostics, rejected };
}
