/**
 * `.github/berth.yml`: clusters, policy, scheduler profile, reservations, cost
 * rates, comment mode and timeline settings. Every problem is a diagnostic at
 * file:line; unknown keys are warnings (a typo must not silently disable a rule).
 */

import { isAbsolute, win32 } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { type ReadScope, readContained } from '../files/contained.ts';
import { decodeText } from '../manifests/text.ts';
import { BerthError, type Diagnostic, diagnostic, type SourcePosition } from '../model/diagnostics.ts';
import type { ScoringStrategy } from '../model/simulation.ts';
import type { ResourceList } from '../model/types.ts';
import { parseResourceAmount } from '../quantity/quantity.ts';

export type CommentMode = 'update' | 'new' | 'hide-and-new' | 'off';
export type TimelinePolicy = 'fifo' | 'edf' | 'critical-path';

export interface ClusterConfig {
  name: string;
  /** Snapshot or fleet file, relative to the repository root. */
  file?: string;
  /** `live` (current context) or `context:<name>`. */
  live?: string;
  /** Manifest globs that belong to this cluster. */
  manifests: string[];
  /** Branch whose merges apply to this cluster. */
  branch?: string;
}

export interface PolicyConfig {
  /** Fail when a pod cannot be scheduled (default true). */
  unschedulable: boolean;
  /** Fail when admission (ResourceQuota, LimitRange) rejects a pod (default true). */
  quotaExceeded: boolean;
  /** Fail when the change preempts running pods at or above this priority (off when undefined). */
  preemptionAtOrAbovePriority?: number;
  /** Fail when a node's requested share of a resource goes over this percentage (resource -> percent). */
  utilizationPercent?: Record<string, number>;
  /** Fail when the pods of the node whose loss hurts most cannot be placed elsewhere. */
  nPlusOne: boolean;
  /** Fail when a batch job misses its deadline on the timeline. */
  missedDeadlines: boolean;
}

export interface Reservation {
  /** Capacity held back on every node of a pool (system-reserved style). */
  pool?: string;
  /** Capacity guaranteed to a namespace: other namespaces may not use it. */
  namespace?: string;
  resources: ResourceList;
  source: SourcePosition;
}

export interface CostRates {
  cpuHour?: number;
  memoryGiBHour?: number;
  gpuHour?: number;
  currency: string;
}

export interface BerthConfig {
  clusters: ClusterConfig[];
  policy: PolicyConfig;
  scheduler: {
    scoringStrategy: ScoringStrategy;
    pluginWeights: Record<string, number>;
    disabledPlugins: string[];
  };
  reservations: Reservation[];
  cost?: CostRates;
  comment: { mode: CommentMode };
  timeline: { policy: TimelinePolicy; horizon: string };
  /**
   * Manifest reading limits (see src/manifests/limits.ts for the defaults) and pod
   * limits (`maxPods`, `maxPodsPerWorkload`: see src/workloads/expand.ts).
   */
  limits: Partial<Record<ManifestLimitKey, number>>;
  apply: ApplyConfig;
}

/** `berth apply`: where the inventory lives and what may be applied and pruned. */
export interface ApplyConfig {
  /** Name of the ApplySet parent Secret. */
  applySet: string;
  /** Namespace of the parent Secret. */
  inventoryNamespace: string;
  /** Namespace for namespaced objects that name none. */
  namespace: string;
  /** Guarded kinds that may be applied (ClusterRoleBinding to cluster-admin, webhook configurations, APIService). */
  allowKinds: string[];
  /** Kinds kept from pruning by default that may be pruned (Namespace, PersistentVolumeClaim, CustomResourceDefinition). */
  pruneKinds: string[];
  /** More deletions than this in one run need --prune-confirm. */
  maxPrune: number;
}

const LIMIT_KEYS = [
  'maxFileBytes',
  'maxDocuments',
  'maxDepth',
  'maxAliasCount',
  'maxNodes',
  'maxObjectBytes',
  'maxPods',
  'maxPodsPerWorkload',
] as const;
export type ManifestLimitKey = (typeof LIMIT_KEYS)[number];

export function defaultConfig(): BerthConfig {
  return {
    clusters: [],
    policy: { unschedulable: true, quotaExceeded: true, nPlusOne: false, missedDeadlines: false },
    scheduler: { scoringStrategy: 'LeastAllocated', pluginWeights: {}, disabledPlugins: [] },
    reservations: [],
    comment: { mode: 'update' },
    timeline: { policy: 'edf', horizon: '24h' },
    limits: {},
    apply: {
      applySet: 'berth',
      inventoryNamespace: 'berth-system',
      namespace: 'default',
      allowKinds: [],
      pruneKinds: [],
      maxPrune: 10,
    },
  };
}

export interface ConfigResult {
  config: BerthConfig;
  diagnostics: Diagnostic[];
}

export interface ConfigFileOptions {
  /** Where the config may be (default: inside the working directory); see src/files/contained.ts. */
  scope?: ReadScope;
  /** Filled with the config's text by its path, for code frames. */
  sources?: Map<string, string>;
}

export async function loadConfigFile(path: string, options: ConfigFileOptions = {}): Promise<ConfigResult> {
  const read = await readContained(path, options.scope ?? { root: process.cwd() });
  if (!read.ok) {
    const why =
      read.code === 'missing' ? 'no such file' : read.code === 'too-large' ? 'too large' : read.message;
    throw new BerthError('io', `cannot read config ${path}: ${why}`);
  }
  const decoded = decodeText(read.bytes);
  if (!decoded.ok) throw new BerthError('io', `cannot read config ${path}: ${decoded.why}`);
  options.sources?.set(path, decoded.text);
  return parseConfig(decoded.text, path);
}

const STRATEGIES: ScoringStrategy[] = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];
const MODES: CommentMode[] = ['update', 'new', 'hide-and-new', 'off'];
const POLICIES: TimelinePolicy[] = ['fifo', 'edf', 'critical-path'];

export function parseConfig(text: string, file: string): ConfigResult {
  const config = defaultConfig();
  const diagnostics: Diagnostic[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const at = (node: YamlNode | null | undefined): SourcePosition => {
    const offset = node?.range?.[0] ?? 0;
    const pos = lines.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const error = (node: YamlNode | null | undefined, message: string) =>
    diagnostics.push(diagnostic(at(node), 'error', 'invalid-config', message));
  const warn = (node: YamlNode | null | undefined, message: string) =>
    diagnostics.push(diagnostic(at(node), 'warning', 'invalid-config', message));

  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    diagnostics.push(
      diagnostic(
        { file, line: pos.line, column: pos.col },
        'error',
        'invalid-config',
        e.message.split('\n')[0]!,
      ),
    );
  }
  if (doc.errors.length > 0) return { config, diagnostics };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { config, diagnostics };
  if (!isMap(root)) {
    error(root, 'the config must be a mapping of settings');
    return { config, diagnostics };
  }

  /** The entries of a mapping node, warning about keys not in `known`. */
  const entries = (node: YamlNode, where: string, known: string[]): [string, YamlNode | null, YamlNode][] => {
    if (!isMap(node)) {
      error(node, `${where} must be a mapping`);
      return [];
    }
    const out: [string, YamlNode | null, YamlNode][] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      if (!known.includes(key)) {
        warn(keyNode, `unknown key "${key}" in ${where} (known: ${known.join(', ')})`);
        continue;
      }
      out.push([key, pair.value as YamlNode | null, keyNode]);
    }
    return out;
  };
  const str = (node: YamlNode | null, where: string): string | undefined => {
    if (isScalar(node) && typeof node.value === 'string' && node.value !== '') return node.value;
    error(node, `${where} must be a non-empty string`);
    return undefined;
  };
  const bool = (node: YamlNode | null, where: string): boolean | undefined => {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    error(node, `${where} must be true or false`);
    return undefined;
  };
  const num = (node: YamlNode | null, where: string, min: number, max: number): number | undefined => {
    if (isScalar(node) && typeof node.value === 'number' && node.value >= min && node.value <= max)
      return node.value;
    error(node, `${where} must be a number from ${min} to ${max}`);
    return undefined;
  };
  const oneOf = <T extends string>(node: YamlNode | null, where: string, allowed: T[]): T | undefined => {
    if (isScalar(node) && allowed.includes(node.value as T)) return node.value as T;
    error(node, `${where} must be one of ${allowed.join(', ')}`);
    return undefined;
  };
  const strings = (node: YamlNode | null, where: string): string[] => {
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) {
      error(node, `${where} must be a list of strings`);
      return [];
    }
    return node.items.flatMap((item) => {
      const s = str(item as YamlNode, where);
      return s === undefined ? [] : [s];
    });
  };
  const resources = (node: YamlNode | null, where: string): ResourceList => {
    const out: ResourceList = {};
    if (!isMap(node)) {
      error(node, `${where} must be a mapping of resource to quantity, e.g. { cpu: 500m, memory: 1Gi }`);
      return out;
    }
    for (const pair of node.items) {
      const key = String((pair.key as YamlNode & { value?: unknown }).value ?? '');
      const valueNode = pair.value as YamlNode | null;
      const raw = isScalar(valueNode) ? valueNode.value : undefined;
      const parsed = parseResourceAmount(key, raw);
      if (parsed.ok) out[key] = parsed.value;
      else error(valueNode, `${where}.${key}: ${parsed.error}`);
    }
    return out;
  };

  for (const [key, value, keyNode] of entries(root, 'the config', [
    'version',
    'clusters',
    'policy',
    'scheduler',
    'reservations',
    'cost',
    'comment',
    'timeline',
    'limits',
    'apply',
  ])) {
    switch (key) {
      case 'version':
        if (!(isScalar(value) && value.value === 1)) error(value, 'version must be 1');
        break;
      case 'clusters': {
        if (!isSeq(value)) {
          error(value ?? keyNode, 'clusters must be a list');
          break;
        }
        const names = new Set<string>();
        for (const item of value.items) {
          const cluster: ClusterConfig = { name: '', manifests: [] };
          const sources: [string, YamlNode][] = [];
          for (const [k, v, keyAt] of entries(item as YamlNode, 'a cluster', [
            'name',
            'snapshot',
            'fleet',
            'live',
            'manifests',
            'branch',
          ])) {
            if (k === 'snapshot' || k === 'fleet' || k === 'live') sources.push([k, keyAt]);
            if (k === 'name') cluster.name = str(v, 'clusters[].name') ?? '';
            else if (k === 'snapshot' || k === 'fleet') {
              const file = str(v, `clusters[].${k}`);
              // The file comes from the repository: an absolute path names something else on the runner.
              if (file && (isAbsolute(file) || win32.isAbsolute(file))) {
                error(
                  v,
                  `clusters[].${k} must be a path inside the repository, relative to the working directory`,
                );
                cluster.file = '';
              } else if (file) cluster.file = file;
            } else if (k === 'live') {
              const live = str(v, 'clusters[].live');
              if (live && live !== 'live' && !live.startsWith('context:'))
                error(v, 'clusters[].live must be "live" or "context:<name>"');
              else if (live) cluster.live = live;
            } else if (k === 'manifests') cluster.manifests = strings(v, 'clusters[].manifests');
            else if (k === 'branch') {
              const branch = str(v, 'clusters[].branch');
              if (branch) cluster.branch = branch;
            }
          }
          if (!cluster.name) error(item as YamlNode, 'every cluster needs a name');
          else if (names.has(cluster.name))
            error(item as YamlNode, `cluster "${cluster.name}" is defined twice`);
          names.add(cluster.name);
          // Two sources would leave berth to pick one behind the user's back.
          if (sources.length > 1)
            error(
              sources[1]![1],
              `cluster "${cluster.name}" names ${sources.length} sources (${sources.map(([k]) => k).join(', ')}): give exactly one of snapshot, fleet or live`,
            );
          else if (cluster.file === undefined && !cluster.live)
            error(item as YamlNode, `cluster "${cluster.name}" needs one of snapshot, fleet or live`);
          config.clusters.push(cluster);
        }
        break;
      }
      case 'policy':
        for (const [k, v] of entries(value ?? keyNode, 'policy', [
          'unschedulable',
          'quotaExceeded',
          'preemptionAtOrAbovePriority',
          'utilizationPercent',
          'nPlusOne',
          'missedDeadlines',
        ])) {
          if (k === 'unschedulable' || k === 'quotaExceeded' || k === 'nPlusOne' || k === 'missedDeadlines') {
            const b = bool(v, `policy.${k}`);
            if (b !== undefined) config.policy[k] = b;
          } else if (k === 'preemptionAtOrAbovePriority') {
            const n = num(v, 'policy.preemptionAtOrAbovePriority', -2147483648, 2000001000);
            if (n !== undefined) config.policy.preemptionAtOrAbovePriority = n;
          } else if (k === 'utilizationPercent') {
            const limits: Record<string, number> = {};
            if (!isMap(v))
              error(v, 'policy.utilizationPercent must map a resource to a percentage, e.g. { cpu: 85 }');
            else
              for (const pair of v.items) {
                const resource = String((pair.key as YamlNode & { value?: unknown }).value ?? '');
                const pct = num(pair.value as YamlNode, `policy.utilizationPercent.${resource}`, 1, 100);
                if (pct !== undefined) limits[resource] = pct;
              }
            config.policy.utilizationPercent = limits;
          }
        }
        break;
      case 'scheduler':
        for (const [k, v] of entries(value ?? keyNode, 'scheduler', [
          'scoringStrategy',
          'pluginWeights',
          'disabledPlugins',
        ])) {
          if (k === 'scoringStrategy') {
            const s = oneOf(v, 'scheduler.scoringStrategy', STRATEGIES);
            if (s) config.scheduler.scoringStrategy = s;
          } else if (k === 'disabledPlugins')
            config.scheduler.disabledPlugins = strings(v, 'scheduler.disabledPlugins');
          else if (k === 'pluginWeights') {
            if (!isMap(v)) error(v, 'scheduler.pluginWeights must map a plugin name to a weight');
            else
              for (const pair of v.items) {
                const plugin = String((pair.key as YamlNode & { value?: unknown }).value ?? '');
                const w = num(pair.value as YamlNode, `scheduler.pluginWeights.${plugin}`, 0, 100);
                if (w !== undefined) config.scheduler.pluginWeights[plugin] = w;
              }
          }
        }
        break;
      case 'reservations':
        if (!isSeq(value)) {
          error(value ?? keyNode, 'reservations must be a list');
          break;
        }
        for (const item of value.items) {
          const r: Reservation = { resources: {}, source: at(item as YamlNode) };
          for (const [k, v] of entries(item as YamlNode, 'a reservation', [
            'pool',
            'namespace',
            'resources',
          ])) {
            if (k === 'pool' || k === 'namespace') {
              const s = str(v, `reservations[].${k}`);
              if (s) r[k] = s;
            } else r.resources = resources(v, 'reservations[].resources');
          }
          if ((r.pool === undefined) === (r.namespace === undefined))
            error(item as YamlNode, 'a reservation names exactly one of pool or namespace');
          config.reservations.push(r);
        }
        break;
      case 'cost': {
        const cost: CostRates = { currency: 'USD' };
        for (const [k, v] of entries(value ?? keyNode, 'cost', [
          'cpuHour',
          'memoryGiBHour',
          'gpuHour',
          'currency',
        ])) {
          if (k === 'currency') cost.currency = str(v, 'cost.currency') ?? 'USD';
          else {
            const n = num(v, `cost.${k}`, 0, 1_000_000);
            if (n !== undefined) cost[k as 'cpuHour' | 'memoryGiBHour' | 'gpuHour'] = n;
          }
        }
        config.cost = cost;
        break;
      }
      case 'comment':
        for (const [k, v] of entries(value ?? keyNode, 'comment', ['mode'])) {
          if (k === 'mode') {
            const m = oneOf(v, 'comment.mode', MODES);
            if (m) config.comment.mode = m;
          }
        }
        break;
      case 'limits':
        for (const [k, v] of entries(value ?? keyNode, 'limits', [...LIMIT_KEYS])) {
          const n = num(v, `limits.${k}`, 1, 1_073_741_824);
          if (n !== undefined) config.limits[k as ManifestLimitKey] = Math.floor(n);
        }
        break;
      case 'apply':
        for (const [k, v] of entries(value ?? keyNode, 'apply', [
          'applySet',
          'inventoryNamespace',
          'namespace',
          'allowKinds',
          'pruneKinds',
          'maxPrune',
        ])) {
          if (k === 'applySet' || k === 'inventoryNamespace' || k === 'namespace') {
            const name = str(v, `apply.${k}`);
            if (name && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
              error(v, `apply.${k} must be a lowercase RFC 1123 label, e.g. berth-system`);
            else if (name) config.apply[k] = name;
          } else if (k === 'allowKinds' || k === 'pruneKinds') config.apply[k] = strings(v, `apply.${k}`);
          else if (k === 'maxPrune') {
            const n = num(v, 'apply.maxPrune', 0, 100_000);
            if (n !== undefined) config.apply.maxPrune = Math.floor(n);
          }
        }
        break;
      case 'timeline':
        for (const [k, v] of entries(value ?? keyNode, 'timeline', ['policy', 'horizon'])) {
          if (k === 'policy') {
            const p = oneOf(v, 'timeline.policy', POLICIES);
            if (p) config.timeline.policy = p;
          } else if (k === 'horizon') {
            const h = str(v, 'timeline.horizon');
            if (h && !/^(\d+(\.\d+)?(h|m|s))+$/.test(h))
              error(v, 'timeline.horizon must be a duration such as 24h or 90m');
            else if (h) config.timeline.horizon = h;
          }
        }
        break;
    }
  }
  return { config, diagnostics };
}
