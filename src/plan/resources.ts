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

/** Running pods that preemption evicts: their requests and limits leave the cluster. */
export interface PreemptedResources {
  pods: number;
  requests: ResourceList;
  limits: ResourceList;
}

/**
 * Every figure here counts the pods on the cluster's nodes (`podsOnNodes`): pods bound
 * to a node the cluster does not have, and pods without a node, take no capacity.
 * Before is the cluster as it runs; after is the cluster once the change is placed.
 * Nodes, pools and namespaces each add up to `cluster`.
 */
export interface ResourceReport {
  namespaces: NamespaceResources[];
  pools: PoolResources[];
  cluster: {
    allocatable: ResourceList;
    requests: BeforeAfter;
    limits: BeforeAfter;
    /** Part of the change: what the workloads' rows do not hold (see `WorkloadChange`). */
    preempted: PreemptedResources;
  };
  overcommit: OvercommitEntry[];
  cost?: CostDiff;
}

/** Whether a pod holds capacity: it is bound to one of these nodes. */
export function onNodes(nodes: readonly { name: string }[]): (pod: Pod) => boolean {
  const names = new Set(nodes.map((n) => n.name));
  return (pod) => pod.nodeName !== undefined && names.has(pod.nodeName);
}

/** The pods that hold capacity: bound to a node the cluster has. */
export function podsOnNodes(state: ClusterState): Pod[] {
  return state.pods.filter(onNodes(state.nodes));
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

export function resourceReport(
  beforeState: ClusterState,
  afterState: ClusterState,
  preempted: PreemptedResources,
  rates?: CostRates,
): ResourceReport {
  const before = { ...beforeState, pods: podsOnNodes(beforeState) };
  const after = { ...afterState, pods: podsOnNodes(afterState) };
  const nsBefore = usageBy(before.pods, (p) => p.namespace);
  const nsAfter = usageBy(after.pods, (p) => p.namespace);
  // A quota is charged for every pod of its namespace, with a node or not, as the API server charges it.
  const nsCharged = usageBy([...afterState.pods, ...afterState.pendingPods], (p) => p.namespace);
  const namespaces: NamespaceResources[] = [...new Set([...nsBefore.keys(), ...nsAfter.keys()])]
    .sort()
    .map((namespace) => {
      const b = nsBefore.get(namespace);
      const a = nsAfter.get(namespace);
      const charged = nsCharged.get(namespace);
      const quotas = after.quotas
        .filter((q) => q.namespace === namespace)
        .map((q) => {
          const used: ResourceList = {};
          const headroom: ResourceList = {};
          for (const [key, hard] of Object.entries(q.hard)) {
            const u = quotaUsage(key, charged?.requests ?? {}, charged?.limits ?? {}, charged?.count ?? 0);
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
    for (const p of pods) addInto(out, p[field]);
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
      preempted: {
        pods: preempted.pods,
        requests: compact(preempted.requests),
        limits: compact(preempted.limits),
      },
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
