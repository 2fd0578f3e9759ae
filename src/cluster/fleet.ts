/**
 * A Fleet: a cluster described by its node pools, to plan without a cluster at all
 * (a fork's pull request, a demo, capacity planning for a cluster not yet built).
 *
 *   apiVersion: berth.dev/v1alpha1
 *   kind: Fleet
 *   region: eu-west-1                  # optional: topology.kubernetes.io/region of every node
 *   pools:
 *     - name: general                  # required, unique, a DNS label; nodes are general-1 .. general-3
 *       count: 3                       # required, a positive integer
 *       allocatable:                   # required: what each node offers the scheduler
 *         cpu: "4"
 *         memory: 16Gi
 *         pods: 110                    # optional, 110 when left out
 *         nvidia.com/gpu: 1            # extended resources as counts
 *       labels: { node.kubernetes.io/instance-type: m6i.xlarge }
 *       taints: [{ key: dedicated, value: gpu, effect: NoSchedule }]
 *       zones: [eu-west-1a, eu-west-1b, eu-west-1c]   # nodes spread round-robin
 *       region: eu-west-1              # optional, overrides the fleet's region
 *       unschedulable: false           # optional: cordoned nodes
 *   pods: []                           # optional: pods already running (Pod objects; spec.nodeName binds them)
 *   priorityClasses: []                # optional: PriorityClass objects
 *   runtimeClasses: []                 # optional: RuntimeClass objects
 *   resourceQuotas: []                 # optional: ResourceQuota objects
 *   limitRanges: []                    # optional: LimitRange objects
 *   podDisruptionBudgets: []           # optional: PodDisruptionBudget objects
 *   namespaces: []                     # optional: Namespace objects (for their labels)
 *
 * Objects in the lists may leave out `apiVersion` and `kind`: the list says what they are.
 * Every node is labelled kubernetes.io/hostname=<node>, kubernetes.io/os=linux (unless the
 * pool says otherwise), berth.dev/pool=<pool>, and topology.kubernetes.io/zone (and region)
 * when the pool has zones (and a region). Unknown keys are warnings, so a typo does not go
 * unnoticed; a fleet of more than 10,000 nodes is refused.
 *
 * Over ~400 lines because the format above is checked key by key, each with a diagnostic
 * at the key's line, and the header documents the very format the code checks.
 */

import { type Document, isMap, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import { type Diagnostic, diagnostic, type SourcePosition } from '../model/diagnostics.ts';
import type { Taint } from '../model/k8s.ts';
import type { ClusterLoadResult, FieldPath, ManifestObject, Node, ResourceList } from '../model/types.ts';
import { parseResourceMap } from '../quantity/quantity.ts';
import { closest } from '../schema/validate.ts';
import { containerResourceNameProblems } from '../workloads/validate.ts';
import { addObjects, DEFAULT_NODE_PODS, emptyCluster } from './snapshot.ts';

export const FLEET_API_VERSION = 'berth.dev/v1alpha1';
export const MAX_FLEET_NODES = 10_000;

const FLEET_KEYS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'region',
  'pools',
  'pods',
  'priorityClasses',
  'runtimeClasses',
  'resourceQuotas',
  'limitRanges',
  'podDisruptionBudgets',
  'namespaces',
]);
const POOL_KEYS = new Set([
  'name',
  'count',
  'allocatable',
  'labels',
  'taints',
  'zones',
  'region',
  'unschedulable',
]);
const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** Fleet lists of plain objects and the kind (and apiVersion) their items have. */
const OBJECT_LISTS: Record<string, { kind: string; apiVersion: string }> = {
  priorityClasses: { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1' },
  runtimeClasses: { kind: 'RuntimeClass', apiVersion: 'node.k8s.io/v1' },
  namespaces: { kind: 'Namespace', apiVersion: 'v1' },
  resourceQuotas: { kind: 'ResourceQuota', apiVersion: 'v1' },
  limitRanges: { kind: 'LimitRange', apiVersion: 'v1' },
  podDisruptionBudgets: { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1' },
  pods: { kind: 'Pod', apiVersion: 'v1' },
};

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface FleetContext {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  diagnostics: Diagnostic[];
}

/** The position of the deepest written part of `path` (the key itself when it is written). */
function locate(ctx: FleetContext, path: FieldPath): SourcePosition {
  let node: unknown = ctx.doc.contents;
  let offset = (ctx.doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      const keyNode = pair.key as YamlNode | null;
      offset = keyNode?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const { line, col } = ctx.lines.linePos(offset);
  return { file: ctx.file, line, column: col };
}

function report(ctx: FleetContext, path: FieldPath, severity: Diagnostic['severity'], message: string): void {
  ctx.diagnostics.push(diagnostic(locate(ctx, path), severity, 'invalid-cluster', message));
}

function warnUnknownKeys(ctx: FleetContext, value: Plain, known: Set<string>, path: FieldPath, what: string) {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      report(
        ctx,
        [...path, key],
        'warning',
        `unknown key ${JSON.stringify(key)} in ${what} is ignored (known: ${[...known].join(', ')})`,
      );
    }
  }
}

function stringList(ctx: FleetContext, value: unknown, path: FieldPath, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(ctx, path, 'error', `${what} must be a list of strings`);
    return [];
  }
  const out: string[] = [];
  value.forEach((v, i) => {
    if (typeof v === 'string' && v !== '') out.push(v);
    else report(ctx, [...path, i], 'error', `${what} must be a list of strings, found ${JSON.stringify(v)}`);
  });
  return out;
}

function labelMap(ctx: FleetContext, value: unknown, path: FieldPath, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (!isPlain(value)) {
    report(ctx, path, 'error', `${what} must be a mapping of strings`);
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') {
      report(ctx, [...path, k], 'error', `${what} ${k} must be a string; quote it: "${String(v)}"`);
    } else report(ctx, [...path, k], 'error', `${what} ${k} must be a string`);
  }
  return out;
}

function taintList(ctx: FleetContext, value: unknown, path: FieldPath, pool: string): Taint[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    report(ctx, path, 'error', `pool ${pool}: taints must be a list`);
    return [];
  }
  const taints: Taint[] = [];
  value.forEach((t, i) => {
    const at = [...path, i];
    if (!isPlain(t) || typeof t.key !== 'string' || t.key === '') {
      report(ctx, at, 'error', `pool ${pool}: a taint needs a key and an effect`);
      return;
    }
    if (typeof t.effect !== 'string' || !TAINT_EFFECTS.has(t.effect)) {
      report(
        ctx,
        [...at, 'effect'],
        'error',
        `pool ${pool}: taint ${t.key} has effect ${JSON.stringify(t.effect ?? null)}; it must be one of NoSchedule, PreferNoSchedule, NoExecute`,
      );
      return;
    }
    if (t.value !== undefined && t.value !== null && typeof t.value !== 'string') {
      report(ctx, [...at, 'value'], 'error', `pool ${pool}: taint ${t.key} value must be a string`);
      return;
    }
    const taint: Taint = { key: t.key, effect: t.effect as Taint['effect'] };
    if (typeof t.value === 'string' && t.value !== '') taint.value = t.value;
    taints.push(taint);
  });
  return taints;
}

interface Pool {
  name: string;
  count: number;
  allocatable: ResourceList;
  labels: Record<string, string>;
  taints: Taint[];
  zones: string[];
  region?: string;
  unschedulable: boolean;
  path: FieldPath;
}

const NODE_RESOURCES = ['cpu', 'memory', 'ephemeral-storage', 'pods'];

/**
 * A resource a node can offer to pods: `pods`, or a name a container may request
 * (ValidateContainerResourceName: cpu, memory, ephemeral-storage, hugepages-<size>, or an
 * extended resource with a domain). Anything else (`memroy`) could never be requested.
 */
function nodeResourceName(resource: string): boolean {
  return resource === 'pods' || containerResourceNameProblems(resource).length === 0;
}

function readPool(
  ctx: FleetContext,
  value: unknown,
  index: number,
  region: string | undefined,
): Pool | undefined {
  const path: FieldPath = ['pools', index];
  if (!isPlain(value)) {
    report(ctx, path, 'error', 'a pool must be a mapping with name, count and allocatable');
    return undefined;
  }
  warnUnknownKeys(ctx, value, POOL_KEYS, path, 'a pool');
  const name = value.name;
  if (typeof name !== 'string' || name === '') {
    report(ctx, path, 'error', 'a pool needs a name');
    return undefined;
  }
  if (!DNS_LABEL.test(name) || name.length > 56) {
    report(
      ctx,
      [...path, 'name'],
      'error',
      `pool name ${JSON.stringify(name)} must be lower case letters, digits and '-', start and end with a letter or digit, at most 56 characters (node names are <pool>-<n>)`,
    );
    return undefined;
  }
  let ok = true;
  const count = value.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    report(
      ctx,
      count === undefined ? path : [...path, 'count'],
      'error',
      `pool ${name}: count must be a positive integer, found ${count === undefined ? 'nothing' : JSON.stringify(count)}`,
    );
    ok = false;
  }
  let allocatable: ResourceList = {};
  if (value.allocatable === undefined || value.allocatable === null) {
    report(
      ctx,
      path,
      'error',
      `pool ${name}: allocatable is required (cpu, memory and any other resource a node offers)`,
    );
    ok = false;
  } else {
    const parsed = parseResourceMap(value.allocatable, (key) =>
      locate(ctx, key === '' ? [...path, 'allocatable'] : [...path, 'allocatable', key]),
    );
    for (const d of parsed.diagnostics) ctx.diagnostics.push({ ...d, message: `pool ${name}: ${d.message}` });
    if (parsed.diagnostics.some((d) => d.severity === 'error')) ok = false;
    allocatable = parsed.list;
    for (const resource of Object.keys(allocatable)) {
      if (nodeResourceName(resource)) continue;
      const meant = closest(resource, NODE_RESOURCES);
      report(
        ctx,
        [...path, 'allocatable', resource],
        'error',
        `pool ${name}: allocatable ${JSON.stringify(resource)} is not a resource a node offers or a pod can request: Kubernetes takes cpu, memory, ephemeral-storage, pods, hugepages-<size> and domain-qualified extended resources (example.com/gpu)${meant ? `; did you mean ${JSON.stringify(meant)}?` : ''}`,
      );
      ok = false;
    }
  }
  allocatable.pods ??= DEFAULT_NODE_PODS;
  const before = ctx.diagnostics.length;
  const labels = labelMap(ctx, value.labels, [...path, 'labels'], `pool ${name}: label`);
  const taints = taintList(ctx, value.taints, [...path, 'taints'], name);
  const zones = stringList(ctx, value.zones, [...path, 'zones'], `pool ${name}: zones`);
  let poolRegion = region;
  if (value.region !== undefined) {
    if (typeof value.region === 'string' && value.region !== '') poolRegion = value.region;
    else report(ctx, [...path, 'region'], 'error', `pool ${name}: region must be a string`);
  }
  if (value.unschedulable !== undefined && typeof value.unschedulable !== 'boolean') {
    report(ctx, [...path, 'unschedulable'], 'error', `pool ${name}: unschedulable must be true or false`);
  }
  if (ctx.diagnostics.slice(before).some((d) => d.severity === 'error')) ok = false;
  if (!ok) return undefined;
  const pool: Pool = {
    name,
    count: count as number,
    allocatable,
    labels,
    taints,
    zones,
    unschedulable: value.unschedulable === true,
    path,
  };
  if (poolRegion) pool.region = poolRegion;
  return pool;
}

function nodesOf(pool: Pool): Node[] {
  const nodes: Node[] = [];
  for (let n = 1; n <= pool.count; n++) {
    const name = `${pool.name}-${n}`;
    const labels: Record<string, string> = {
      'kubernetes.io/os': 'linux',
      ...pool.labels,
      'kubernetes.io/hostname': name,
      'berth.dev/pool': pool.name,
    };
    const zone = pool.zones.length > 0 ? pool.zones[(n - 1) % pool.zones.length] : undefined;
    if (zone) labels['topology.kubernetes.io/zone'] = zone;
    if (pool.region) labels['topology.kubernetes.io/region'] = pool.region;
    nodes.push({
      name,
      labels,
      taints: pool.taints.map((t) => ({ ...t })),
      allocatable: { ...pool.allocatable },
      unschedulable: pool.unschedulable,
      pool: pool.name,
    });
  }
  return nodes;
}

/** An object written inside a fleet list, shaped as the manifest loader shapes objects. */
function embeddedObject(
  ctx: FleetContext,
  value: unknown,
  path: FieldPath,
  list: string,
  defaults: { kind: string; apiVersion: string },
): ManifestObject | undefined {
  if (!isPlain(value)) {
    report(ctx, path, 'error', `${list} items must be ${defaults.kind} objects`);
    return undefined;
  }
  const kind = value.kind ?? defaults.kind;
  if (kind !== defaults.kind) {
    report(ctx, [...path, 'kind'], 'error', `${list} holds ${defaults.kind} objects, not ${String(kind)}`);
    return undefined;
  }
  const metadata = value.metadata;
  if (!isPlain(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    report(ctx, path, 'error', `a ${defaults.kind} in ${list} needs metadata.name`);
    return undefined;
  }
  const raw = { ...value, kind, apiVersion: value.apiVersion ?? defaults.apiVersion };
  const start = locate(ctx, path);
  return {
    apiVersion: String(raw.apiVersion),
    kind,
    metadata: metadata as unknown as ManifestObject['metadata'],
    raw,
    source: { ...start, document: 0 },
    locate: (sub: FieldPath) => locate(ctx, [...path, ...sub]),
  };
}

/** A cluster from a Fleet file's text. */
export function parseFleet(text: string, file: string): ClusterLoadResult {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, schema: 'core', uniqueKeys: true, merge: true });
  const cluster = emptyCluster();
  const diagnostics: Diagnostic[] = [];
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  if (!doc) {
    diagnostics.push(
      diagnostic({ file, line: 1, column: 1 }, 'error', 'invalid-cluster', 'fleet file is empty'),
    );
    return { cluster, diagnostics };
  }
  const ctx: FleetContext = { file, doc, lines, diagnostics };
  for (const [i, extra] of list.entries()) {
    if (i === 0) continue;
    const { line, col } = lines.linePos(extra.range[0]);
    diagnostics.push(
      diagnostic(
        { file, line, column: col },
        'warning',
        'invalid-cluster',
        'a fleet file holds one Fleet document; this document is ignored',
      ),
    );
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = lines.linePos(e.pos[0]);
      const code = e.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : 'yaml-syntax';
      diagnostics.push(
        diagnostic({ file, line, column: col }, 'error', code, e.message.split('\n')[0] ?? e.code),
      );
    }
    return { cluster, diagnostics };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    diagnostics.push(
      diagnostic(locate(ctx, []), 'error', 'yaml-alias-limit', `fleet could not be read: ${message}`),
    );
    return { cluster, diagnostics };
  }
  if (!isPlain(value)) {
    report(ctx, [], 'error', 'a fleet must be a mapping');
    return { cluster, diagnostics };
  }
  if (value.apiVersion !== FLEET_API_VERSION) {
    report(
      ctx,
      ['apiVersion'],
      'error',
      `fleet apiVersion must be ${FLEET_API_VERSION}, found ${JSON.stringify(value.apiVersion)}`,
    );
  }
  warnUnknownKeys(ctx, value, FLEET_KEYS, [], 'the fleet');

  let region: string | undefined;
  if (value.region !== undefined) {
    if (typeof value.region === 'string' && value.region !== '') region = value.region;
    else report(ctx, ['region'], 'error', 'region must be a string');
  }

  const pools = value.pools;
  if (!Array.isArray(pools) || pools.length === 0) {
    report(
      ctx,
      pools === undefined ? [] : ['pools'],
      'error',
      'a fleet needs pools: a list of node pools with name, count and allocatable',
    );
  } else {
    const seen = new Map<string, number>();
    let total = 0;
    let overLimit = false;
    pools.forEach((raw, i) => {
      const pool = readPool(ctx, raw, i, region);
      if (!pool) return;
      const first = seen.get(pool.name);
      if (first !== undefined) {
        report(
          ctx,
          [...pool.path, 'name'],
          'error',
          `pool name ${pool.name} is used twice (first at pools[${first}]); pool names must be unique`,
        );
        return;
      }
      seen.set(pool.name, i);
      total += pool.count;
      if (total > MAX_FLEET_NODES) {
        if (!overLimit) {
          report(
            ctx,
            [...pool.path, 'count'],
            'error',
            `fleet has ${total.toLocaleString('en-US')} nodes up to pool ${pool.name}, over the limit of ${MAX_FLEET_NODES.toLocaleString('en-US')}; this pool and the ones after it are left out`,
          );
        }
        overLimit = true;
        return;
      }
      cluster.nodes.push(...nodesOf(pool));
    });
  }

  const objects: ManifestObject[] = [];
  for (const [key, defaults] of Object.entries(OBJECT_LISTS)) {
    const items = value[key];
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) {
      report(ctx, [key], 'error', `${key} must be a list of ${defaults.kind} objects`);
      continue;
    }
    items.forEach((item, i) => {
      const object = embeddedObject(ctx, item, [key, i], key, defaults);
      if (object) objects.push(object);
    });
  }
  addObjects(cluster, objects, diagnostics);
  return { cluster, diagnostics };
}
