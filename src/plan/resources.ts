/**
 * The resource diff: requests and limits before -> after per namespace (with
 * ResourceQuota headroom), per node pool and for the cluster, limit overcommit
 * per node, and optionally what the change costs per month.
 */

import type { CostRates } from '../config/config.ts';
import { addInto, compact, usageBy } from '../model/resources.ts';
import type { ClusterState, Pod, ResourceList } from '../model/types.ts';

export interface BeforeAfter {
  before: ResourceList;
  after: ResourceList;
}

export interface NamespaceResources {
  namespace: string;
  requests: BeforeAfter;
  limits: BeforeAfter;
  pods: { before: number; after: number };
  /** Per quota on the namespace: hard limits and what is left after the change. */
  quotas: { name: string; hard: ResourceList; used: ResourceList; headroom: ResourceList }[];
}

export interface PoolResources {
  pool: string;
  nodes: number;
  allocatable: ResourceList;
  requests: BeforeAfter;
}

export interface OvercommitEntry {
  node: string;
  resource: string;
  limits: number;
  allocatable: number;
  /** limits / allocatable, e.g. 1.5 for 150 %. */
  ratio: number;
}

export interface CostDiff {
  currency: string;
  /** Per month (730 hours), before and after, of the requested resources of the pods considered. */
  monthlyBefore: number;
  monthlyAfter: number;
  monthlyDelta: number;
}

export interface ResourceReport {
  namespaces: NamespaceResources[];
  pools: PoolResources[];
  cluster: { allocatable: ResourceList; requests: BeforeAfter; limits: BeforeAfter };
  overcommit: OvercommitEntry[];
  cost?: CostDiff;
}

const HOURS_PER_MONTH = 730;

/** Quota keys that count requests of a resource, mapped to the pod field. */
function quotaUsage(
  key: string,
  requests: ResourceList,
  limits: ResourceList,
  pods: number,
): number | undefined {
  if (key === 'pods' || key === 'count/pods') return pods;
  if (key.startsWith('requests.')) return requests[key.slice('requests.'.length)] ?? 0;
  if (key.startsWith('limits.')) return limits[key.slice('limits.'.length)] ?? 0;
  if (key === 'cpu' || key === 'memory' || key === 'ephemeral-storage') return requests[key] ?? 0;
  return undefined;
}

export function costOf(requests: ResourceList, rates: CostRates): number {
  const cores = (requests.cpu ?? 0) / 1000;
  const gib = (requests.memory ?? 0) / 1024 ** 3;
  const gpus = Object.entries(requests)
    .filter(([name]) => name.endsWith('/gpu'))
    .reduce((n, [, v]) => n + v, 0);
  const hourly =
    cores * (rates.cpuHour ?? 0) + gib * (rates.memoryGiBHour ?? 0) + gpus * (rates.gpuHour ?? 0);
  return Math.round(hourly * HOURS_PER_MONTH * 100) / 100;
}

export function resourceReport(before: ClusterState, after: ClusterState, rates?: CostRates): ResourceReport {
  const nsBefore = usageBy(before.pods, (p) => p.namespace);
  const nsAfter = usageBy(after.pods, (p) => p.namespace);
  const namespaces: NamespaceResources[] = [...new Set([...nsBefore.keys(), ...nsAfter.keys()])]
    .sort()
    .map((namespace) => {
      const b = nsBefore.get(namespace);
      const a = nsAfter.get(namespace);
      const quotas = after.quotas
        .filter((q) => q.namespace === namespace)
        .map((q) => {
          const used: ResourceList = {};
          const headroom: ResourceList = {};
          for (const [key, hard] of Object.entries(q.hard)) {
            const u = quotaUsage(key, a?.requests ?? {}, a?.limits ?? {}, a?.count ?? 0);
            if (u === undefined) continue;
            used[key] = u;
            headroom[key] = hard - u;
          }
          return { name: q.name, hard: q.hard, used, headroom };
        });
      return {
        namespace,
        requests: { before: compact(b?.requests ?? {}), after: compact(a?.requests ?? {}) },
        limits: { before: compact(b?.limits ?? {}), after: compact(a?.limits ?? {}) },
        pods: { before: b?.count ?? 0, after: a?.count ?? 0 },
        quotas,
      };
    })
    .filter(
      (n) =>
        JSON.stringify(n.requests.before) !== JSON.stringify(n.requests.after) ||
        n.pods.before !== n.pods.after ||
        n.quotas.length > 0,
    );

  const poolOf = new Map(after.nodes.map((n) => [n.name, n.pool ?? n.name]));
  const poolBefore = usageBy(before.pods, (p) => (p.nodeName ? poolOf.get(p.nodeName) : undefined));
  const poolAfter = usageBy(after.pods, (p) => (p.nodeName ? poolOf.get(p.nodeName) : undefined));
  const poolNodes = new Map<string, { count: number; allocatable: ResourceList }>();
  for (const node of after.nodes) {
    const pool = node.pool ?? node.name;
    const entry = poolNodes.get(pool) ?? { count: 0, allocatable: {} };
    entry.count++;
    addInto(entry.allocatable, node.allocatable);
    poolNodes.set(pool, entry);
  }
  const pools: PoolResources[] = [...poolNodes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([pool, { count, allocatable }]) => ({
      pool,
      nodes: count,
      allocatable: compact(allocatable),
      requests: {
        before: compact(poolBefore.get(pool)?.requests ?? {}),
        after: compact(poolAfter.get(pool)?.requests ?? {}),
      },
    }));

  const total = (pods: Pod[], field: 'requests' | 'limits') => {
    const out: ResourceList = {};
    for (const p of pods) if (p.nodeName) addInto(out, p[field]);
    return compact(out);
  };
  const allocatable: ResourceList = {};
  for (const node of after.nodes) addInto(allocatable, node.allocatable);

  const overcommit: OvercommitEntry[] = [];
  const limitsByNode = usageBy(after.pods, (p) => p.nodeName);
  for (const node of after.nodes) {
    const limits = limitsByNode.get(node.name)?.limits ?? {};
    for (const resource of ['cpu', 'memory']) {
      const alloc = node.allocatable[resource] ?? 0;
      const lim = limits[resource] ?? 0;
      if (alloc > 0 && lim > alloc) {
        overcommit.push({ node: node.name, resource, limits: lim, allocatable: alloc, ratio: lim / alloc });
      }
    }
  }

  const report: ResourceReport = {
    namespaces,
    pools,
    cluster: {
      allocatable: compact(allocatable),
      requests: { before: total(before.pods, 'requests'), after: total(after.pods, 'requests') },
      limits: { before: total(before.pods, 'limits'), after: total(after.pods, 'limits') },
    },
    overcommit,
  };
  if (rates) {
    const monthlyBefore = costOf(report.cluster.requests.before, rates);
    const monthlyAfter = costOf(report.cluster.requests.after, rates);
    report.cost = {
      currency: rates.currency,
      monthlyBefore,
      monthlyAfter,
      monthlyDelta: Math.round((monthlyAfter - monthlyBefore) * 100) / 100,
    };
  }
  return report;
}
