/**
 * One parser per top-level key of `.github/berth.yml`. Each reads its key's node
 * into the config, which starts from the defaults, and reports every problem
 * through the reader at the offending node's file:line.
 */

import { isAbsolute, win32 } from 'node:path';
import { isScalar, isSeq } from 'yaml';
import { MAX_APPLY_PARALLELISM } from '../apply/types.ts';
import { parseClusterRef } from '../cluster/ref.ts';
import { DEFAULT_ROLES, ROLES, type RoleRequirements } from '../github/permission.ts';
import type { ScoringStrategy } from '../model/simulation.ts';
import type { FieldPath } from '../model/types.ts';
import type { ConfigReader, YamlNode } from './reader.ts';
import { parseRender } from './render-key.ts';
import {
  type BerthConfig,
  type ClusterConfig,
  COMMENT_MODES,
  type CostRates,
  LIMIT_KEYS,
  type ManifestLimitKey,
  type Reservation,
  type TimelinePolicy,
} from './types.ts';

/** Reads one top-level key: its value node (null when empty) and its key node, for positions. */
type KeyParser = (read: ConfigReader, value: YamlNode | null, keyNode: YamlNode, config: BerthConfig) => void;

/** A GitHub environment name as berth accepts it. */
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,99}$/;
/** A kubeconfig context name, or `in-cluster`. */
const CREDENTIALS = /^[A-Za-z0-9][A-Za-z0-9._@:/-]{0,252}$/;
const DURATION = /^(\d+(\.\d+)?(h|m|s))+$/;

const STRATEGIES: ScoringStrategy[] = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];
const POLICIES: TimelinePolicy[] = ['fifo', 'edf', 'critical-path'];

function parseVersion(read: ConfigReader, value: YamlNode | null): void {
  if (!(isScalar(value) && value.value === 1)) read.error(value, 'version must be 1');
}

/** One cluster of the `clusters` list: a name and exactly one source. */
function parseCluster(read: ConfigReader, item: YamlNode, names: Set<string>): ClusterConfig {
  const cluster: ClusterConfig = { name: '', manifests: [] };
  const sources: [string, YamlNode][] = [];
  for (const [k, v, keyAt] of read.entries(item, 'a cluster', [
    'name',
    'snapshot',
    'fleet',
    'live',
    'manifests',
    'branch',
    'environment',
    'credentials',
  ])) {
    if (k === 'snapshot' || k === 'fleet' || k === 'live') sources.push([k, keyAt]);
    if (k === 'name') cluster.name = read.str(v, 'clusters[].name') ?? '';
    else if (k === 'snapshot' || k === 'fleet') {
      const file = read.str(v, `clusters[].${k}`);
      // The file comes from the repository: an absolute path names something else on the runner.
      if (file && (isAbsolute(file) || win32.isAbsolute(file))) {
        read.error(
          v,
          `clusters[].${k} must be a path inside the repository, relative to the working directory`,
        );
        cluster.file = '';
      } else if (file) cluster.file = file;
    } else if (k === 'live') {
      const live = read.str(v, 'clusters[].live');
      const parsed = live ? parseClusterRef(live) : undefined;
      if (parsed && (!parsed.ok || parsed.ref.kind !== 'live'))
        read.error(
          v,
          `clusters[].live must be "live" or "context:<name>"${parsed.ok ? '' : `: ${parsed.message}`}`,
        );
      else if (live) cluster.live = live;
    } else if (k === 'manifests') cluster.manifests = read.strings(v, 'clusters[].manifests');
    else if (k === 'branch') {
      const branch = read.str(v, 'clusters[].branch');
      if (branch) cluster.branch = branch;
    } else if (k === 'environment') {
      const environment = read.str(v, 'clusters[].environment');
      // GitHub allows up to 255 characters; berth keeps to a plain, printable name.
      if (environment && !ENVIRONMENT.test(environment))
        read.error(
          v,
          'clusters[].environment must be a GitHub environment name: letters, digits, space, . _ - /',
        );
      else if (environment) cluster.environment = environment;
    } else if (k === 'credentials') {
      const credentials = read.str(v, 'clusters[].credentials');
      if (credentials && !CREDENTIALS.test(credentials))
        read.error(v, 'clusters[].credentials must be a kubeconfig context name or in-cluster');
      else if (credentials) cluster.credentials = credentials;
    }
  }
  if (!cluster.name) read.error(item, 'every cluster needs a name');
  else if (names.has(cluster.name)) read.error(item, `cluster "${cluster.name}" is defined twice`);
  names.add(cluster.name);
  // Two sources would leave berth to pick one behind the user's back.
  if (sources.length > 1)
    read.error(
      sources[1]![1],
      `cluster "${cluster.name}" names ${sources.length} sources (${sources.map(([k]) => k).join(', ')}): give exactly one of snapshot, fleet or live`,
    );
  else if (cluster.file === undefined && !cluster.live)
    read.error(item, `cluster "${cluster.name}" needs one of snapshot, fleet or live`);
  return cluster;
}

const parseClusters: KeyParser = (read, value, keyNode, config) => {
  if (!isSeq(value)) {
    read.error(value ?? keyNode, 'clusters must be a list');
    return;
  }
  const names = new Set<string>();
  for (const item of value.items) config.clusters.push(parseCluster(read, item as YamlNode, names));
};

const parsePolicy: KeyParser = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, 'policy', [
    'unschedulable',
    'quotaExceeded',
    'preemptionAtOrAbovePriority',
    'utilizationPercent',
    'nPlusOne',
    'missedDeadlines',
    'requireRequests',
  ])) {
    if (
      k === 'unschedulable' ||
      k === 'quotaExceeded' ||
      k === 'nPlusOne' ||
      k === 'missedDeadlines' ||
      k === 'requireRequests'
    ) {
      const b = read.bool(v, `policy.${k}`);
      if (b !== undefined) config.policy[k] = b;
    } else if (k === 'preemptionAtOrAbovePriority') {
      const n = read.num(v, 'policy.preemptionAtOrAbovePriority', -2147483648, 2000001000);
      if (n !== undefined) config.policy.preemptionAtOrAbovePriority = n;
    } else if (k === 'utilizationPercent') {
      config.policy.utilizationPercent =
        read.numbers(
          v,
          'policy.utilizationPercent',
          1,
          100,
          'policy.utilizationPercent must map a resource to a percentage, e.g. { cpu: 85 }',
        ) ?? {};
    }
  }
};

const parseScheduler: KeyParser = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, 'scheduler', [
    'scoringStrategy',
    'pluginWeights',
    'disabledPlugins',
  ])) {
    if (k === 'scoringStrategy') {
      const s = read.oneOf(v, 'scheduler.scoringStrategy', STRATEGIES);
      if (s) config.scheduler.scoringStrategy = s;
    } else if (k === 'disabledPlugins')
      config.scheduler.disabledPlugins = read.strings(v, 'scheduler.disabledPlugins');
    else if (k === 'pluginWeights') {
      const weights = read.numbers(
        v,
        'scheduler.pluginWeights',
        0,
        100,
        'scheduler.pluginWeights must map a plugin name to a weight',
      );
      Object.assign(config.scheduler.pluginWeights, weights);
    }
  }
};

const parseReservations: KeyParser = (read, value, keyNode, config) => {
  if (!isSeq(value)) {
    read.error(value ?? keyNode, 'reservations must be a list');
    return;
  }
  for (const item of value.items) {
    const r: Reservation = { resources: {}, source: read.at(item as YamlNode) };
    for (const [k, v] of read.entries(item as YamlNode, 'a reservation', [
      'pool',
      'namespace',
      'resources',
    ])) {
      if (k === 'pool' || k === 'namespace') {
        const s = read.str(v, `reservations[].${k}`);
        if (s) r[k] = s;
      } else r.resources = read.resources(v, 'reservations[].resources');
    }
    if ((r.pool === undefined) === (r.namespace === undefined))
      read.error(item as YamlNode, 'a reservation names exactly one of pool or namespace');
    config.reservations.push(r);
  }
};

const parseCost: KeyParser = (read, value, keyNode, config) => {
  const cost: CostRates = { currency: 'USD' };
  for (const [k, v] of read.entries(value ?? keyNode, 'cost', [
    'cpuHour',
    'memoryGiBHour',
    'gpuHour',
    'currency',
  ])) {
    if (k === 'currency') cost.currency = read.str(v, 'cost.currency') ?? 'USD';
    else {
      const n = read.num(v, `cost.${k}`, 0, 1_000_000);
      if (n !== undefined) cost[k as 'cpuHour' | 'memoryGiBHour' | 'gpuHour'] = n;
    }
  }
  config.cost = cost;
};

const parseComment: KeyParser = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, 'comment', ['mode'])) {
    if (k === 'mode') {
      const m = read.oneOf(v, 'comment.mode', COMMENT_MODES);
      if (m) config.comment.mode = m;
    }
  }
};

const parseTimeline: KeyParser = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, 'timeline', ['policy', 'horizon', 'defaultDuration'])) {
    if (k === 'defaultDuration') {
      const d = read.str(v, 'timeline.defaultDuration');
      if (d && !/^(\d+(\.\d+)?(h|m|s))+$/.test(d))
        read.error(v, 'timeline.defaultDuration must be a duration such as 1h or 45m');
      else if (d) config.timeline.defaultDuration = d;
    } else if (k === 'policy') {
      const p = read.oneOf(v, 'timeline.policy', POLICIES);
      if (p) config.timeline.policy = p;
    } else if (k === 'horizon') {
      const h = read.str(v, 'timeline.horizon');
      if (h && !/^(\d+(\.\d+)?(h|m|s))+$/.test(h))
        read.error(v, 'timeline.horizon must be a duration such as 24h or 90m');
      else if (h) config.timeline.horizon = h;
    }
  }
};

const parseLimits: KeyParser = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, 'limits', LIMIT_KEYS)) {
    const n = read.num(v, `limits.${k}`, 1, 1_073_741_824);
    if (n !== undefined) config.limits[k as ManifestLimitKey] = Math.floor(n);
  }
};

const parseApply: KeyParser = (read, value, keyNode, config) => {
  for (const [k, v] of read.entries(value ?? keyNode, 'apply', [
    'applySet',
    'inventoryNamespace',
    'namespace',
    'allowKinds',
    'pruneKinds',
    'maxPrune',
    'parallelism',
    'onMerge',
    'prune',
    'wait',
    'applyBeforeMerge',
    'roles',
  ])) {
    if (k === 'applySet' || k === 'inventoryNamespace' || k === 'namespace') {
      const name = read.str(v, `apply.${k}`);
      if (name && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
        read.error(v, `apply.${k} must be a lowercase RFC 1123 label, e.g. berth-system`);
      else if (name) config.apply[k] = name;
    } else if (k === 'allowKinds' || k === 'pruneKinds') config.apply[k] = read.strings(v, `apply.${k}`);
    else if (k === 'maxPrune') {
      const n = read.num(v, 'apply.maxPrune', 0, 100_000);
      if (n !== undefined) config.apply.maxPrune = Math.floor(n);
    } else if (k === 'parallelism') {
      const n = read.num(v, 'apply.parallelism', 1, MAX_APPLY_PARALLELISM);
      if (n !== undefined) config.apply.parallelism = Math.floor(n);
    } else if (k === 'onMerge' || k === 'prune' || k === 'applyBeforeMerge') {
      const b = read.bool(v, `apply.${k}`);
      if (b !== undefined) config.apply[k] = b;
    } else if (k === 'wait') {
      if (isScalar(v) && v.value === 0) {
        config.apply.waitMs = 0;
        continue;
      }
      const w = read.str(v, 'apply.wait');
      if (w === 'none') config.apply.waitMs = 0;
      else if (w && !DURATION.test(w))
        read.error(v, 'apply.wait must be a duration such as 5m or 90s, or none');
      else if (w) config.apply.waitMs = durationMs(w);
    } else if (k === 'roles') parseRoles(read, v ?? keyNode, config);
  }
};

/** At most this many declared kinds, each path at most this long: the config cannot make reading unbounded. */
const MAX_DECLARED_KINDS = 50;
const MAX_POINTER_SEGMENTS = 16;
const MAX_POINTER_LENGTH = 256;

/**
 * A JSON pointer (`/spec/template`, RFC 6901: `~1` is `/`, `~0` is `~`) as a field path;
 * a segment of digits is a list index. Undefined (reported) when it is not one.
 */
function parsePointer(read: ConfigReader, node: YamlNode | null, where: string): FieldPath | undefined {
  const text = read.str(node, where);
  if (text === undefined) return undefined;
  const segments = text.split('/').slice(1);
  if (
    !text.startsWith('/') ||
    text.length > MAX_POINTER_LENGTH ||
    segments.length > MAX_POINTER_SEGMENTS ||
    segments.some((s) => s === '' || /~[^01]|~$/.test(s))
  ) {
    read.error(
      node,
      `${where} must be a JSON pointer such as /spec/template (at most ${MAX_POINTER_SEGMENTS} parts, ${MAX_POINTER_LENGTH} characters)`,
    );
    return undefined;
  }
  return segments.map((s) =>
    /^(0|[1-9][0-9]{0,8})$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~'),
  );
}

/** `workloads`: the user's own kinds, each a group, a kind, and where its replicas and pod template are. */
const parseWorkloads: KeyParser = (read, value, keyNode, config) => {
  if (!isSeq(value)) {
    read.error(value ?? keyNode, 'workloads must be a list of { group, kind, template, replicas, batch }');
    return;
  }
  if (value.items.length > MAX_DECLARED_KINDS) {
    read.error(value, `workloads declares ${value.items.length} kinds: at most ${MAX_DECLARED_KINDS}`);
    return;
  }
  const seen = new Set<string>();
  for (const item of value.items) {
    const node = item as YamlNode;
    let group: string | undefined;
    let kind: string | undefined;
    let template: FieldPath | undefined;
    let replicas: FieldPath | undefined;
    let batch = false;
    let invalid = false;
    for (const [k, v] of read.entries(node, 'a workload kind', [
      'group',
      'kind',
      'template',
      'replicas',
      'batch',
    ])) {
      if (k === 'group') {
        // The core group is written as an empty string.
        if (isScalar(v) && v.value === '') group = '';
        else group = read.str(v, 'workloads[].group');
      } else if (k === 'kind') kind = read.str(v, 'workloads[].kind');
      else if (k === 'template') {
        template = parsePointer(read, v, 'workloads[].template');
        invalid ||= template === undefined;
      } else if (k === 'replicas') {
        replicas = parsePointer(read, v, 'workloads[].replicas');
        invalid ||= replicas === undefined;
      } else if (k === 'batch') batch = read.bool(v, 'workloads[].batch') ?? false;
    }
    if (invalid) continue;
    if (group === undefined || kind === undefined || template === undefined) {
      read.error(node, 'a workload kind needs group, kind and template (a JSON pointer to its pod template)');
      continue;
    }
    const key = `${group}/${kind}`;
    if (seen.has(key)) {
      read.error(node, `workload kind ${key} is declared twice`);
      continue;
    }
    seen.add(key);
    config.workloads.push({
      group,
      kind,
      template,
      ...(replicas ? { replicas } : {}),
      batch,
      source: read.at(node),
    });
  }
};

function durationMs(text: string): number {
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g))
    ms += Number(n) * { s: 1000, m: 60_000, h: 3_600_000 }[unit as 'h' | 'm' | 's'];
  return ms;
}

/** `apply.roles`: the repository role each chat-ops command needs. */
function parseRoles(read: ConfigReader, node: YamlNode, config: BerthConfig): void {
  for (const [k, v] of read.entries(node, 'apply.roles', Object.keys(DEFAULT_ROLES))) {
    const role = read.oneOf(v, `apply.roles.${k}`, ROLES);
    if (role) config.apply.roles[k as keyof RoleRequirements] = role;
  }
}

/** The top-level keys, in the order the unknown-key warning lists them, each with its parser. */
export const KEY_PARSERS: Record<string, KeyParser> = {
  version: parseVersion,
  clusters: parseClusters,
  policy: parsePolicy,
  scheduler: parseScheduler,
  reservations: parseReservations,
  cost: parseCost,
  comment: parseComment,
  timeline: parseTimeline,
  limits: parseLimits,
  apply: parseApply,
  render: parseRender,
  workloads: parseWorkloads,
};
