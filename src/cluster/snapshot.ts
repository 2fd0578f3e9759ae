/**
 * A cluster snapshot to berth's ClusterState: what
 * `kubectl get nodes,pods,resourcequotas,limitranges,priorityclasses,runtimeclasses,poddisruptionbudgets,namespaces -A -o yaml`
 * prints (a `List`), or plain multi-document Node/Pod/... YAML.
 *
 * Objects are read as the API server holds them, with its defaulting applied where a
 * hand-written file may leave it out:
 * - a node without `status.allocatable` has its capacity as allocatable;
 * - a node that states no `pods` allocatable gets the kubelet's default of 110;
 * - a container with a limit but no request requests its limit;
 * - a LimitRange's Container item fills `default` from `max`, then `defaultRequest`
 *   from `default` and `min`, as SetDefaults_LimitRangeItem does;
 * - a pod's priority is its `spec.priority` when the API server already resolved it,
 *   else its class's value, else the global default class's, else 0 (buildPod);
 * - namespaces carry `kubernetes.io/metadata.name`, as every namespace does since 1.21.
 * Every problem is a diagnostic at the line that causes it; the rest still loads.
 *
 * Over ~400 lines because it holds one short reader per kind, which between them apply
 * the defaulting listed above through the one Reporter, so the list stays next to the
 * code it describes.
 */

import type { Diagnostic, DiagnosticCode, Severity } from '../model/diagnostics.ts';
import { diagnostic } from '../model/diagnostics.ts';
import type { LabelSelector, ObjectMeta, PodSpec, Taint, TaintEffect, Toleration } from '../model/k8s.ts';
import type {
  ClusterLoadResult,
  ClusterState,
  FieldPath,
  ManifestObject,
  Node,
  Pod,
  PodDisruptionBudget,
  PriorityClass,
  ResourceList,
  ResourceQuota,
  RuntimeClass,
} from '../model/types.ts';
import { parseResourceMap } from '../quantity/quantity.ts';
import { parseLimitRange } from '../workloads/limit-range.ts';
import { buildPod, type PodInput } from '../workloads/pod.ts';
import { workloadOfPod } from './ownership.ts';

/** Labels that name a node's pool, most specific first; instance type is a last resort. */
export const POOL_LABELS = [
  'berth.dev/pool',
  'eks.amazonaws.com/nodegroup',
  'cloud.google.com/gke-nodepool',
  'kubernetes.azure.com/agentpool',
  'karpenter.sh/nodepool',
  'node.kubernetes.io/instance-type',
] as const;

export const DEFAULT_NODE_PODS = 110;

const TAINT_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const QUOTA_SCOPES = [
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
];
const SCOPE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function get(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isPlain(current) && typeof key === 'string') current = current[key];
    else return undefined;
  }
  return current;
}

/** Collects diagnostics about one object at the lines its fields are written on. */
class Reporter {
  readonly diagnostics: Diagnostic[];
  readonly object: ManifestObject;
  constructor(object: ManifestObject, diagnostics: Diagnostic[]) {
    this.object = object;
    this.diagnostics = diagnostics;
  }
  get label(): string {
    const ns = this.object.metadata.namespace;
    return `${this.object.kind} ${ns ? `${ns}/` : ''}${this.object.metadata.name}`;
  }
  add(path: FieldPath, severity: Severity, code: DiagnosticCode, message: string): void {
    this.diagnostics.push(diagnostic(this.object.locate(path), severity, code, message));
  }
  error(path: FieldPath, message: string, code: DiagnosticCode = 'invalid-field'): void {
    this.add(path, 'error', code, `${this.label}: ${message}`);
  }
  warn(path: FieldPath, message: string, code: DiagnosticCode = 'invalid-field'): void {
    this.add(path, 'warning', code, `${this.label}: ${message}`);
  }
  resources(path: FieldPath): ResourceList {
    const { list, diagnostics } = parseResourceMap(get(this.object.raw, path), (key) =>
      this.object.locate(key === '' ? path : [...path, key]),
    );
    for (const d of diagnostics) this.diagnostics.push({ ...d, message: `${this.label}: ${d.message}` });
    return list;
  }
}

function stringMap(r: Reporter, path: FieldPath): Record<string, string> {
  const value = get(r.object.raw, path);
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (!isPlain(value)) {
    r.error(path, `${path.join('.')} must be a mapping of strings`);
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
    else r.error([...path, key], `${path.join('.')}.${key} must be a string, found ${JSON.stringify(v)}`);
  }
  return out;
}

/** Reads `spec.taints`-shaped lists; invalid entries are reported and left out. */
export function readTaints(r: Reporter, path: FieldPath): Taint[] {
  const value = get(r.object.raw, path);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.error(path, 'taints must be a list');
    return [];
  }
  const taints: Taint[] = [];
  value.forEach((item, i) => {
    const at = [...path, i];
    if (!isPlain(item)) {
      r.error(at, 'a taint must be a mapping with key and effect');
      return;
    }
    if (typeof item.key !== 'string' || item.key === '') {
      r.error(at, 'a taint needs a key');
      return;
    }
    if (!TAINT_EFFECTS.includes(item.effect as TaintEffect)) {
      r.error(
        [...at, 'effect'],
        `taint ${item.key} has effect ${JSON.stringify(item.effect ?? null)}; it must be one of NoSchedule, PreferNoSchedule, NoExecute`,
      );
      return;
    }
    if (item.value !== undefined && item.value !== null && typeof item.value !== 'string') {
      r.error([...at, 'value'], `taint ${item.key} value must be a string`);
      return;
    }
    const taint: Taint = { key: item.key, effect: item.effect as TaintEffect };
    if (typeof item.value === 'string' && item.value !== '') taint.value = item.value;
    taints.push(taint);
  });
  return taints;
}

export function poolOf(labels: Readonly<Record<string, string>>): string | undefined {
  for (const key of POOL_LABELS) {
    const value = labels[key];
    if (value) return value;
  }
  return undefined;
}

function readNode(r: Reporter): Node {
  const raw = r.object.raw;
  const labels = stringMap(r, ['metadata', 'labels']);
  const status = get(raw, ['status']);
  const hasAllocatable = isPlain(status) && status.allocatable !== undefined && status.allocatable !== null;
  const hasCapacity = isPlain(status) && status.capacity !== undefined && status.capacity !== null;
  let allocatable: ResourceList = {};
  if (hasAllocatable) allocatable = r.resources(['status', 'allocatable']);
  // The API server's defaulting: no allocatable at all means allocatable = capacity.
  else if (hasCapacity) allocatable = r.resources(['status', 'capacity']);
  else {
    r.warn(
      isPlain(status) ? ['status'] : [],
      'node has no allocatable resources (no status.allocatable or status.capacity); nothing but pods fits on it',
    );
  }
  if (allocatable.pods === undefined) {
    const capacityPods = hasAllocatable && hasCapacity ? r.resources(['status', 'capacity']).pods : undefined;
    allocatable.pods = capacityPods ?? DEFAULT_NODE_PODS;
  }
  const node: Node = {
    name: r.object.metadata.name,
    labels,
    taints: readTaints(r, ['spec', 'taints']),
    allocatable,
    unschedulable: get(raw, ['spec', 'unschedulable']) === true,
  };
  const pool = poolOf(labels);
  if (pool) node.pool = pool;
  return node;
}

function readPod(r: Reporter, priorityClasses: readonly PriorityClass[]): Pod | undefined {
  const rawSpec = get(r.object.raw, ['spec']);
  if (!isPlain(rawSpec)) {
    r.error([], 'pod has no spec', 'missing-field');
    return undefined;
  }
  const meta: ObjectMeta = r.object.metadata;
  const namespace = meta.namespace || 'default';
  const input: PodInput = {
    namespace,
    name: r.object.metadata.name,
    labels: stringMap(r, ['metadata', 'labels']),
    annotations: stringMap(r, ['metadata', 'annotations']),
    spec: rawSpec as PodSpec,
    source: r.object.source,
    locate: (path) => r.object.locate(['spec', ...path]),
    // Existing pods were mutated when created: no LimitRange defaults again, and
    // spec.priority is what the Priority plugin resolved then.
    admitted: true,
  };
  // Only well-formed references name an owner; anything else in the list is ignored.
  const refs = Array.isArray(meta.ownerReferences)
    ? meta.ownerReferences.filter(
        (ref) => isPlain(ref) && typeof ref.kind === 'string' && typeof ref.name === 'string',
      )
    : [];
  if (refs.length > 0) {
    input.ownerReferences = refs;
    const workload = workloadOfPod(input.labels ?? {}, refs);
    if (workload) input.workload = workload;
  }
  // Preemption orders victims of equal priority by when they started (upstream's
  // GetPodStartTime reads status.startTime); a hand-written pod without a status
  // falls back to when it was created.
  for (const stamp of [get(r.object.raw, ['status', 'startTime']), meta.creationTimestamp]) {
    const t = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
    if (Number.isNaN(t)) continue;
    input.createdAt = t;
    break;
  }
  const { pod, diagnostics } = buildPod(input, { limitRanges: [], priorityClasses });
  for (const d of diagnostics) r.diagnostics.push({ ...d, message: `${r.label}: ${d.message}` });
  return pod;
}

function readQuota(r: Reporter): ResourceQuota {
  const hardRaw = get(r.object.raw, ['spec', 'hard']);
  const hardText: Record<string, string> = {};
  if (isPlain(hardRaw)) {
    for (const [k, v] of Object.entries(hardRaw))
      if (typeof v === 'string' || typeof v === 'number') hardText[k] = String(v);
  }
  const quota: ResourceQuota = {
    namespace: r.object.metadata.namespace ?? 'default',
    name: r.object.metadata.name,
    hard: r.resources(['spec', 'hard']),
    scopes: [],
    hardText,
  };
  const scopes = get(r.object.raw, ['spec', 'scopes']);
  if (Array.isArray(scopes)) {
    scopes.forEach((s, i) => {
      if (typeof s === 'string' && QUOTA_SCOPES.includes(s)) quota.scopes.push(s);
      else
        r.error(
          ['spec', 'scopes', i],
          `unknown quota scope ${JSON.stringify(s)}; known scopes are ${QUOTA_SCOPES.join(', ')}`,
        );
    });
  } else if (scopes !== undefined && scopes !== null)
    r.error(['spec', 'scopes'], 'spec.scopes must be a list');
  const expressions = get(r.object.raw, ['spec', 'scopeSelector', 'matchExpressions']);
  if (Array.isArray(expressions)) {
    const selector: NonNullable<ResourceQuota['scopeSelector']> = [];
    expressions.forEach((e, i) => {
      const at = ['spec', 'scopeSelector', 'matchExpressions', i];
      if (!isPlain(e) || typeof e.scopeName !== 'string' || !QUOTA_SCOPES.includes(e.scopeName)) {
        r.error(at, `scope selector needs a scopeName, one of ${QUOTA_SCOPES.join(', ')}`);
        return;
      }
      if (typeof e.operator !== 'string' || !SCOPE_OPERATORS.includes(e.operator)) {
        r.error([...at, 'operator'], `scope selector operator must be one of ${SCOPE_OPERATORS.join(', ')}`);
        return;
      }
      const values = Array.isArray(e.values)
        ? e.values.filter((v): v is string => typeof v === 'string')
        : undefined;
      selector.push({ scopeName: e.scopeName, operator: e.operator, ...(values ? { values } : {}) });
    });
    quota.scopeSelector = selector;
  }
  return quota;
}

function readPriorityClass(r: Reporter): PriorityClass | undefined {
  const value = get(r.object.raw, ['value']);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    r.error(
      ['value'],
      'priority class needs an integer value',
      value === undefined ? 'missing-field' : 'invalid-field',
    );
    return undefined;
  }
  const policy = get(r.object.raw, ['preemptionPolicy']);
  if (policy !== undefined && policy !== 'Never' && policy !== 'PreemptLowerPriority') {
    r.error(['preemptionPolicy'], 'preemptionPolicy must be PreemptLowerPriority or Never');
  }
  return {
    name: r.object.metadata.name,
    value,
    globalDefault: get(r.object.raw, ['globalDefault']) === true,
    preemptionPolicy: policy === 'Never' ? 'Never' : 'PreemptLowerPriority',
  };
}

const TOLERATION_OPERATORS = ['Exists', 'Equal', 'Lt', 'Gt'];

/** Reads `tolerations`-shaped lists; invalid entries are reported and left out. */
function readTolerations(r: Reporter, path: FieldPath): Toleration[] {
  const value = get(r.object.raw, path);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.error(path, `${path.join('.')} must be a list`);
    return [];
  }
  const out: Toleration[] = [];
  value.forEach((item, i) => {
    const at = [...path, i];
    if (!isPlain(item)) {
      r.error(at, 'a toleration must be a mapping');
      return;
    }
    for (const field of ['key', 'operator', 'value', 'effect']) {
      const v = item[field];
      if (v !== undefined && v !== null && typeof v !== 'string') {
        r.error([...at, field], `toleration ${field} must be a string`);
        return;
      }
    }
    if (typeof item.operator === 'string' && !TOLERATION_OPERATORS.includes(item.operator)) {
      r.error([...at, 'operator'], `toleration operator must be one of ${TOLERATION_OPERATORS.join(', ')}`);
      return;
    }
    if (
      typeof item.effect === 'string' &&
      item.effect !== '' &&
      !TAINT_EFFECTS.includes(item.effect as TaintEffect)
    ) {
      r.error([...at, 'effect'], 'toleration effect must be NoSchedule, PreferNoSchedule or NoExecute');
      return;
    }
    const seconds = item.tolerationSeconds;
    if (
      seconds !== undefined &&
      seconds !== null &&
      (typeof seconds !== 'number' || !Number.isInteger(seconds))
    ) {
      r.error([...at, 'tolerationSeconds'], 'tolerationSeconds must be an integer');
      return;
    }
    const toleration: Toleration = {};
    if (typeof item.key === 'string') toleration.key = item.key;
    if (typeof item.operator === 'string') toleration.operator = item.operator as Toleration['operator'];
    if (typeof item.value === 'string') toleration.value = item.value;
    if (typeof item.effect === 'string') toleration.effect = item.effect as Toleration['effect'];
    if (typeof seconds === 'number') toleration.tolerationSeconds = seconds;
    out.push(toleration);
  });
  return out;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A RuntimeClass as the API server validates it: a handler that is a DNS label, an
 * overhead of valid quantities, a scheduling nodeSelector of strings and valid
 * tolerations. A class with an error is left out (the API server would not hold it).
 */
function readRuntimeClass(r: Reporter): RuntimeClass | undefined {
  const before = r.diagnostics.length;
  const handler = get(r.object.raw, ['handler']);
  if (typeof handler !== 'string' || !DNS_LABEL.test(handler)) {
    r.error(
      ['handler'],
      handler === undefined
        ? 'runtime class needs a handler'
        : 'handler must be a lowercase DNS label (a-z, 0-9 and -, at most 63 characters)',
      handler === undefined ? 'missing-field' : 'invalid-field',
    );
  }
  const runtimeClass: RuntimeClass = { name: r.object.metadata.name, handler: String(handler) };
  const overhead = get(r.object.raw, ['overhead']);
  if (overhead !== undefined && overhead !== null) {
    if (!isPlain(overhead)) r.error(['overhead'], 'overhead must be a mapping with podFixed');
    else {
      const podFixed = get(r.object.raw, ['overhead', 'podFixed']);
      r.resources(['overhead', 'podFixed']);
      const text: Record<string, string> = {};
      if (isPlain(podFixed)) {
        for (const [name, v] of Object.entries(podFixed))
          if (typeof v === 'string' || typeof v === 'number') text[name] = String(v);
      }
      runtimeClass.overhead = text;
    }
  }
  const scheduling = get(r.object.raw, ['scheduling']);
  if (scheduling !== undefined && scheduling !== null) {
    if (!isPlain(scheduling)) r.error(['scheduling'], 'scheduling must be a mapping');
    else {
      const nodeSelector = stringMap(r, ['scheduling', 'nodeSelector']);
      const tolerations = readTolerations(r, ['scheduling', 'tolerations']);
      runtimeClass.scheduling = {
        ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
        ...(tolerations.length > 0 ? { tolerations } : {}),
      };
    }
  }
  return r.diagnostics.length > before ? undefined : runtimeClass;
}

/** A RuntimeClass among a change's manifests, read as a snapshot's is. */
export function parseRuntimeClass(object: ManifestObject): {
  runtimeClass?: RuntimeClass;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const runtimeClass = readRuntimeClass(new Reporter(object, diagnostics));
  return runtimeClass ? { runtimeClass, diagnostics } : { diagnostics };
}

function readPdb(r: Reporter): PodDisruptionBudget {
  const pdb: PodDisruptionBudget = {
    namespace: r.object.metadata.namespace ?? 'default',
    name: r.object.metadata.name,
  };
  const selector = get(r.object.raw, ['spec', 'selector']);
  if (isPlain(selector)) pdb.selector = selector as LabelSelector;
  for (const key of ['minAvailable', 'maxUnavailable'] as const) {
    const v = get(r.object.raw, ['spec', key]);
    if (typeof v === 'number' || (typeof v === 'string' && /^[0-9]+%?$/.test(v))) pdb[key] = v;
    else if (v !== undefined && v !== null) r.error(['spec', key], `${key} must be a number or a percentage`);
  }
  return pdb;
}

/** Kinds a snapshot holds; anything else is skipped with a warning. */
const SNAPSHOT_KINDS = new Set([
  'Node',
  'Pod',
  'ResourceQuota',
  'LimitRange',
  'PriorityClass',
  'RuntimeClass',
  'PodDisruptionBudget',
  'Namespace',
  'ClusterQueue',
  'LocalQueue',
  'CustomResourceDefinition',
]);

export function emptyCluster(): ClusterState {
  return {
    nodes: [],
    pods: [],
    pendingPods: [],
    quotas: [],
    limitRanges: [],
    priorityClasses: [],
    runtimeClasses: [],
    pdbs: [],
    namespaces: {},
  };
}

/**
 * Adds snapshot objects to `cluster`. Priority classes are read first so pods resolve
 * their priority whatever the order of the file. Pods bound to nodes that are not in
 * the cluster are reported once all nodes are known.
 */
export function addObjects(
  cluster: ClusterState,
  objects: readonly ManifestObject[],
  diagnostics: Diagnostic[],
): void {
  const ordered = [...objects].sort((a, b) => rank(a.kind) - rank(b.kind));
  const nodeNames = new Set(cluster.nodes.map((n) => n.name));
  const boundTo: { pod: Pod; r: Reporter }[] = [];
  for (const object of ordered) {
    const r = new Reporter(object, diagnostics);
    switch (object.kind) {
      case 'Node': {
        if (nodeNames.has(object.metadata.name)) {
          r.error(
            ['metadata', 'name'],
            'a node of this name is already in the cluster; this one is ignored',
            'duplicate-object',
          );
          break;
        }
        const node = readNode(r);
        nodeNames.add(node.name);
        cluster.nodes.push(node);
        break;
      }
      case 'PriorityClass': {
        const pc = readPriorityClass(r);
        if (pc) cluster.priorityClasses.push(pc);
        break;
      }
      case 'RuntimeClass': {
        const rc = readRuntimeClass(r);
        if (rc) {
          cluster.runtimeClasses ??= [];
          cluster.runtimeClasses.push(rc);
        }
        break;
      }
      case 'Namespace': {
        const labels = stringMap(r, ['metadata', 'labels']);
        cluster.namespaces[object.metadata.name] = {
          ...labels,
          'kubernetes.io/metadata.name': object.metadata.name,
        };
        break;
      }
      case 'ResourceQuota':
        cluster.quotas.push(readQuota(r));
        break;
      case 'LimitRange': {
        const { limitRange, diagnostics: found } = parseLimitRange(object);
        for (const d of found) diagnostics.push({ ...d, message: `${r.label}: ${d.message}` });
        if (limitRange) cluster.limitRanges.push(limitRange);
        break;
      }
      case 'PodDisruptionBudget':
        cluster.pdbs.push(readPdb(r));
        break;
      case 'CustomResourceDefinition':
        // Kept as written: custom resources in the manifests are validated against its schema.
        if (object.apiVersion === 'apiextensions.k8s.io/v1') {
          cluster.customResourceDefinitions ??= [];
          cluster.customResourceDefinitions.push(object.raw);
        }
        break;
      case 'Pod': {
        const phase = get(object.raw, ['status', 'phase']);
        // Finished pods hold no resources on their node and are not charged to quotas.
        if (phase === 'Succeeded' || phase === 'Failed') break;
        const pod = readPod(r, cluster.priorityClasses);
        if (!pod) break;
        const nodeName = get(object.raw, ['spec', 'nodeName']);
        if (typeof nodeName === 'string' && nodeName !== '') {
          pod.nodeName = nodeName;
          cluster.pods.push(pod);
          boundTo.push({ pod, r });
        } else cluster.pendingPods.push(pod);
        break;
      }
      case 'ClusterQueue':
      case 'LocalQueue':
        // Kueue's queues: their quotas decide when the jobs Kueue manages start on the timeline.
        if (object.apiVersion.startsWith('kueue.x-k8s.io/')) {
          cluster.kueueQueues ??= [];
          cluster.kueueQueues.push(object);
          break;
        }
        r.add(
          [],
          'warning',
          'unsupported-kind',
          `${r.label}: a cluster snapshot holds ${[...SNAPSHOT_KINDS].join(', ')}; this ${object.kind} is ignored`,
        );
        break;
      default:
        r.add(
          [],
          'warning',
          'unsupported-kind',
          `${r.label}: a cluster snapshot holds ${[...SNAPSHOT_KINDS].join(', ')}; this ${object.kind} is ignored`,
        );
    }
  }
  for (const { pod, r } of boundTo) {
    if (!nodeNames.has(pod.nodeName!)) {
      r.warn(['spec', 'nodeName'], `pod is bound to node ${pod.nodeName}, which is not in the cluster`);
    }
  }
  for (const pod of [...cluster.pods, ...cluster.pendingPods]) {
    cluster.namespaces[pod.namespace] ??= { 'kubernetes.io/metadata.name': pod.namespace };
  }
}

function rank(kind: string): number {
  switch (kind) {
    case 'PriorityClass':
      return 0;
    case 'Node':
      return 1;
    case 'Pod':
      return 3;
    default:
      return 2;
  }
}

/** A cluster from already parsed snapshot objects. */
export function clusterFromObjects(objects: readonly ManifestObject[]): ClusterLoadResult {
  const cluster = emptyCluster();
  const diagnostics: Diagnostic[] = [];
  addObjects(cluster, objects, diagnostics);
  return { cluster, diagnostics };
}
