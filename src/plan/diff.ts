/**
 * Base vs head by object identity (kind, namespace, name): added, removed,
 * changed. For workloads, what changed in words a reviewer cares about; for
 * everything else, the changed field paths. Secret values never leave this
 * module: a changed Secret reports key names and sizes only.
 */

import { createHash } from 'node:crypto';
import type { ManifestObject } from '../model/types.ts';
import { builtinWorkloadKind } from '../workloads/kinds.ts';

export type ObjectChangeKind = 'added' | 'removed' | 'changed';

export interface SecretKeyChange {
  key: string;
  change: ObjectChangeKind;
  /** Size in bytes of the decoded value (data is base64, stringData is plain). */
  sizeBefore?: number;
  sizeAfter?: number;
}

export interface ImageChange {
  container: string;
  before: string | null;
  after: string | null;
}

export interface ObjectChange {
  kind: string;
  namespace: string;
  name: string;
  change: ObjectChangeKind;
  /** Changed field paths, e.g. `spec.template.spec.containers[server].image` (never values). */
  fields: string[];
  /** Workload-level summary of what changed. */
  workload?: {
    replicas?: { before: number | null; after: number | null };
    images?: ImageChange[];
    resources?: boolean;
    scheduling?: string[];
    priorityClassName?: { before: string | null; after: string | null };
  };
  secret?: SecretKeyChange[];
  source: { file: string; line: number };
}

/** Kinds without a namespace: their identity has none. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
  'IngressClass',
  'RuntimeClass',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'APIService',
  'CSIDriver',
  'VolumeAttachment',
]);

export function objectIdentity(obj: Pick<ManifestObject, 'kind' | 'metadata'>): {
  kind: string;
  namespace: string;
  name: string;
  key: string;
} {
  const namespace = CLUSTER_SCOPED.has(obj.kind) ? '' : (obj.metadata.namespace ?? 'default');
  return {
    kind: obj.kind,
    namespace,
    name: obj.metadata.name,
    key: `${obj.kind}/${namespace}/${obj.metadata.name}`,
  };
}

const POD_TEMPLATE_PATH: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const SCHEDULING_FIELDS = [
  'nodeSelector',
  'affinity',
  'tolerations',
  'topologySpreadConstraints',
  'nodeName',
  'schedulingGates',
  'priority',
  'preemptionPolicy',
  'runtimeClassName',
  'overhead',
];

/** Never report where these live in an object: they can carry secret data. */
const HIDDEN_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

function get(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Lists of named items (containers, env, ports) compare by name, so a reorder is not a change. */
function itemLabel(item: unknown, index: number): string {
  if (isRecord(item) && typeof item.name === 'string') return item.name;
  return String(index);
}

function changedPaths(before: unknown, after: unknown, prefix: string, out: string[], depth = 0): void {
  if (out.length > 200) return;
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (
    depth > 12 ||
    (!isRecord(before) && !Array.isArray(before)) ||
    (!isRecord(after) && !Array.isArray(after))
  ) {
    out.push(prefix || '(root)');
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const named = [...before, ...after].every((i) => isRecord(i) && typeof i.name === 'string');
    if (named) {
      const b = new Map(before.map((item, i) => [itemLabel(item, i), item]));
      const a = new Map(after.map((item, i) => [itemLabel(item, i), item]));
      for (const name of new Set([...b.keys(), ...a.keys()])) {
        changedPaths(b.get(name), a.get(name), `${prefix}[${name}]`, out, depth + 1);
      }
      return;
    }
    out.push(prefix);
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      if (key === 'status' && depth === 0) continue;
      if (key === HIDDEN_ANNOTATION) {
        if (before[key] !== after[key]) out.push(`${prefix}[last-applied-configuration]`);
        continue;
      }
      const path = prefix ? `${prefix}.${key}` : key;
      changedPaths(before[key], after[key], path, out, depth + 1);
    }
    return;
  }
  out.push(prefix);
}

function decodedSize(value: unknown, base64: boolean): number {
  if (typeof value !== 'string') return 0;
  return base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value, 'utf8');
}

function secretEntries(raw: Record<string, unknown>): Map<string, { size: number; digest: string }> {
  const out = new Map<string, { size: number; digest: string }>();
  for (const [field, base64] of [
    ['data', true],
    ['stringData', false],
  ] as const) {
    const map = raw[field];
    if (!isRecord(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      const bytes =
        typeof value === 'string' ? (base64 ? Buffer.from(value, 'base64') : Buffer.from(value)) : null;
      // stringData overrides data on the server, as here.
      out.set(key, {
        size: decodedSize(value, base64),
        digest: bytes ? createHash('sha256').update(bytes).digest('hex') : '',
      });
    }
  }
  return out;
}

function secretChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const b = before ? secretEntries(before) : new Map();
  const a = after ? secretEntries(after) : new Map();
  const out: SecretKeyChange[] = [];
  for (const key of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(key);
    const y = a.get(key);
    if (x && !y) out.push({ key, change: 'removed', sizeBefore: x.size });
    else if (!x && y) out.push({ key, change: 'added', sizeAfter: y.size });
    else if (x && y && x.digest !== y.digest)
      out.push({ key, change: 'changed', sizeBefore: x.size, sizeAfter: y.size });
  }
  return out;
}

function containersOf(spec: unknown): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const field of ['initContainers', 'containers']) {
    const list = get(spec, [field]);
    if (!Array.isArray(list)) continue;
    list.forEach((c, i) => {
      out.set(itemLabel(c, i), isRecord(c) && typeof c.image === 'string' ? c.image : null);
    });
  }
  return out;
}

function workloadSummary(kind: string, before: Record<string, unknown>, after: Record<string, unknown>) {
  const specPath = POD_TEMPLATE_PATH[kind];
  if (!specPath) return undefined;
  const summary: NonNullable<ObjectChange['workload']> = {};
  if (kind !== 'Pod' && kind !== 'DaemonSet') {
    const field = kind === 'Job' ? ['spec', 'parallelism'] : kind === 'CronJob' ? null : ['spec', 'replicas'];
    if (field) {
      const b = get(before, field);
      const a = get(after, field);
      if (b !== a) {
        summary.replicas = {
          before: typeof b === 'number' ? b : b === undefined ? 1 : null,
          after: typeof a === 'number' ? a : a === undefined ? 1 : null,
        };
        if (summary.replicas.before === summary.replicas.after) delete summary.replicas;
      }
    }
  }
  const bSpec = get(before, specPath);
  const aSpec = get(after, specPath);
  const bImages = containersOf(bSpec);
  const aImages = containersOf(aSpec);
  const images: ImageChange[] = [];
  for (const name of new Set([...bImages.keys(), ...aImages.keys()])) {
    const b = bImages.get(name) ?? null;
    const a = aImages.get(name) ?? null;
    if (b !== a) images.push({ container: name, before: b, after: a });
  }
  if (images.length > 0) summary.images = images;
  const resources = (spec: unknown) =>
    JSON.stringify(
      ['initContainers', 'containers'].map((f) => {
        const list = get(spec, [f]);
        return Array.isArray(list) ? list.map((c) => [itemLabel(c, 0), get(c, ['resources']) ?? null]) : [];
      }),
    ) + JSON.stringify(get(spec, ['resources']) ?? null);
  if (resources(bSpec) !== resources(aSpec)) summary.resources = true;
  const scheduling = SCHEDULING_FIELDS.filter(
    (f) => JSON.stringify(get(bSpec, [f]) ?? null) !== JSON.stringify(get(aSpec, [f]) ?? null),
  );
  if (scheduling.length > 0) summary.scheduling = scheduling;
  const bp = get(bSpec, ['priorityClassName']);
  const ap = get(aSpec, ['priorityClassName']);
  if (bp !== ap)
    summary.priorityClassName = {
      before: typeof bp === 'string' ? bp : null,
      after: typeof ap === 'string' ? ap : null,
    };
  return Object.keys(summary).length > 0 ? summary : undefined;
}

export function diffObjects(base: ManifestObject[], head: ManifestObject[]): ObjectChange[] {
  const baseByKey = new Map(base.map((o) => [objectIdentity(o).key, o]));
  const headByKey = new Map(head.map((o) => [objectIdentity(o).key, o]));
  const out: ObjectChange[] = [];
  const make = (obj: ManifestObject, change: ObjectChangeKind): ObjectChange => {
    const id = objectIdentity(obj);
    return {
      kind: id.kind,
      namespace: id.namespace,
      name: id.name,
      change,
      fields: [],
      source: { file: obj.source.file, line: obj.source.line },
    };
  };
  for (const [key, after] of headByKey) {
    const before = baseByKey.get(key);
    if (!before) {
      const c = make(after, 'added');
      if (after.kind === 'Secret') c.secret = secretChanges(null, after.raw);
      out.push(c);
      continue;
    }
    const fields: string[] = [];
    if (after.kind === 'Secret') {
      const secret = secretChanges(before.raw, after.raw);
      const rest = (raw: Record<string, unknown>) => {
        const { data: _d, stringData: _s, ...others } = raw;
        return others;
      };
      changedPaths(rest(before.raw), rest(after.raw), '', fields);
      if (secret.length === 0 && fields.length === 0) continue;
      const c = make(after, 'changed');
      c.fields = fields;
      c.secret = secret;
      out.push(c);
      continue;
    }
    changedPaths(before.raw, after.raw, '', fields);
    if (fields.length === 0) continue;
    const c = make(after, 'changed');
    c.fields = fields;
    // By group and kind: Volcano's batch.volcano.sh Job has no batch/v1 Job's fields.
    const builtin = builtinWorkloadKind(after);
    const workload = builtin ? workloadSummary(builtin, before.raw, after.raw) : undefined;
    if (workload) c.workload = workload;
    out.push(c);
  }
  for (const [key, before] of baseByKey) {
    if (headByKey.has(key)) continue;
    const c = make(before, 'removed');
    if (before.kind === 'Secret') c.secret = secretChanges(before.raw, null);
    out.push(c);
  }
  const order = { removed: 0, changed: 1, added: 2 };
  return out.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name) ||
      order[a.change] - order[b.change],
  );
}
