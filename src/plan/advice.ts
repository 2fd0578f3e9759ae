/**
 * Capacity advice: for pods that do not fit, the smallest change that would
 * make them fit; how many more replicas of each changed workload fit; the extra
 * capacity a RollingUpdate needs at its surge peak; and whether the pods of the
 * node whose loss hurts most could be placed elsewhere (N+1).
 *
 * Every answer comes from running the same scheduler on a modified cluster, so
 * advice can never disagree with the plan about what fits.
 */

import type { SimulationOptions, SimulationResult } from '../model/simulation.ts';
import type { ClusterState, Node, Pod, ResourceList } from '../model/types.ts';

export type SimulateFn = (
  cluster: ClusterState,
  pods: Pod[],
  options?: SimulationOptions,
) => SimulationResult;

export interface FixAdvice {
  namespace: string;
  workload: string;
  unplaced: number;
  /** Replicas that do fit, when fewer replicas is a fix. */
  fitReplicas?: number;
  /** Largest request per resource that would let every unplaced pod fit (blocking resources only). */
  smallerRequest?: ResourceList;
  /** The fewest extra nodes of one pool that make every unplaced pod fit. */
  addNodes?: { pool: string; count: number };
}

export interface HeadroomAdvice {
  namespace: string;
  workload: string;
  /** How many more replicas fit on the cluster after the change. */
  more: number;
  /** True when the count stopped at the search cap (at least this many fit). */
  capped: boolean;
}

export interface SurgeAdvice {
  namespace: string;
  workload: string;
  /** Extra pods at the RollingUpdate peak (maxSurge). */
  extraPods: number;
  extra: ResourceList;
  fits: boolean;
}

export interface NPlusOneAdvice {
  /** The node whose loss leaves the most pods without a home (null when no node has pods). */
  worstNode: string | null;
  pods: number;
  unplaced: number;
  /** How many nodes were tried. */
  checked: number;
}

export interface PlanAdvice {
  fixes: FixAdvice[];
  headroom: HeadroomAdvice[];
  surge: SurgeAdvice[];
  nPlusOne: NPlusOneAdvice;
}

export interface ChangedWorkload {
  kind: string;
  namespace: string;
  name: string;
  /** The workload's pods in the head, in order (the first is the template for more replicas). */
  pods: Pod[];
  /** The raw object (read for the RollingUpdate strategy). */
  raw: Record<string, unknown>;
  /** True when the pod template changed (a rollout happens). */
  templateChanged: boolean;
}

export interface AdviceInput {
  /** The cluster after the change: remaining pods plus placed incoming pods, bound. */
  after: ClusterState;
  /** Incoming pods that could not be placed. */
  unplaced: Pod[];
  changed: ChangedWorkload[];
  simulate: SimulateFn;
  options?: SimulationOptions;
  /** Search caps keep advice cheap on big clusters. */
  limits?: { headroom?: number; addNodes?: number; nPlusOneNodes?: number };
}

function clonePod(pod: Pod, suffix: string): Pod {
  return { ...pod, name: `${pod.name}${suffix}`, key: `${pod.namespace}/${pod.name}${suffix}` };
}

function workloadName(pod: Pod): string {
  return pod.workload ? `${pod.workload.kind}/${pod.workload.name}` : `Pod/${pod.name}`;
}

/** Free amount of each resource per node after the change. */
function freeByNode(state: ClusterState): Map<string, ResourceList> {
  const free = new Map<string, ResourceList>();
  for (const node of state.nodes) free.set(node.name, { ...node.allocatable });
  for (const pod of state.pods) {
    const f = pod.nodeName ? free.get(pod.nodeName) : undefined;
    if (!f) continue;
    for (const [r, v] of Object.entries(pod.requests)) f[r] = (f[r] ?? 0) - v;
    f.pods = (f.pods ?? 0) - 1;
  }
  return free;
}

function poolTemplates(nodes: Node[]): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const node of nodes) {
    const pool = node.pool ?? node.name;
    if (!out.has(pool)) out.set(pool, node);
  }
  return out;
}

function newNodesOf(template: Node, pool: string, count: number): Node[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `${pool}-new-${i + 1}`;
    return {
      ...template,
      name,
      labels: { ...template.labels, 'kubernetes.io/hostname': name },
      unschedulable: false,
    };
  });
}

function fixes(input: AdviceInput): FixAdvice[] {
  const { after, unplaced, simulate, options } = input;
  const maxNodes = input.limits?.addNodes ?? 20;
  const groups = new Map<string, Pod[]>();
  for (const pod of unplaced) {
    const key = `${pod.namespace}\u0000${workloadName(pod)}`;
    groups.set(key, [...(groups.get(key) ?? []), pod]);
  }
  const free = freeByNode(after);
  const out: FixAdvice[] = [];
  for (const pods of groups.values()) {
    const first = pods[0]!;
    const advice: FixAdvice = {
      namespace: first.namespace,
      workload: workloadName(first),
      unplaced: pods.length,
    };
    const changed = input.changed.find(
      (w) => w.namespace === first.namespace && `${w.kind}/${w.name}` === advice.workload,
    );
    if (changed && changed.kind !== 'DaemonSet' && changed.kind !== 'Pod') {
      advice.fitReplicas = changed.pods.length - pods.length;
    }
    // A smaller request: the largest free amount of each resource the pod asks
    // for, on the node with the most of it. Only meaningful when some node
    // passes every other filter, so it is checked by simulating the shrunk pod.
    const shrunk: ResourceList = {};
    for (const [resource, amount] of Object.entries(first.requests)) {
      let best = 0;
      for (const f of free.values()) best = Math.max(best, f[resource] ?? 0);
      if (best < amount) shrunk[resource] = Math.max(0, best);
    }
    if (Object.keys(shrunk).length > 0) {
      const trial = { ...first, requests: { ...first.requests, ...shrunk } };
      const result = simulate(after, [clonePod(trial, '-shrunk')], options);
      if (result.placements[0]?.node && Object.values(shrunk).every((v) => v > 0))
        advice.smallerRequest = shrunk;
    }
    // N more nodes of pool P: the fewest copies of one pool's node that place every unplaced pod.
    let bestAdd: { pool: string; count: number } | undefined;
    for (const [pool, template] of poolTemplates(after.nodes)) {
      for (let count = 1; count <= maxNodes; count++) {
        if (bestAdd && count >= bestAdd.count) break;
        const grown: ClusterState = {
          ...after,
          nodes: [...after.nodes, ...newNodesOf(template, pool, count)],
        };
        const result = simulate(grown, pods, options);
        if (result.placements.every((p) => p.node !== null)) {
          bestAdd = { pool, count };
          break;
        }
      }
    }
    if (bestAdd) advice.addNodes = bestAdd;
    out.push(advice);
  }
  return out;
}

function headroom(input: AdviceInput): HeadroomAdvice[] {
  const cap = input.limits?.headroom ?? 200;
  const out: HeadroomAdvice[] = [];
  for (const w of input.changed) {
    if (w.kind === 'DaemonSet' || w.pods.length === 0) continue;
    const template = w.pods[0]!;
    const extra = Array.from({ length: cap }, (_, i) => clonePod(template, `-headroom-${i + 1}`));
    const result = input.simulate(input.after, extra, input.options);
    const firstMiss = result.placements.findIndex((p) => p.node === null);
    const more = firstMiss === -1 ? cap : firstMiss;
    out.push({ namespace: w.namespace, workload: `${w.kind}/${w.name}`, more, capped: firstMiss === -1 });
  }
  return out;
}

/** `25%` of `replicas`, rounded as the Deployment controller rounds (surge up, unavailable down). */
export function scaledValue(value: unknown, replicas: number, roundUp: boolean, fallback: string): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) return Number.parseInt(String(v), 10) || 0;
  const exact = (Number(m[1]) * replicas) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

function surge(input: AdviceInput): SurgeAdvice[] {
  const out: SurgeAdvice[] = [];
  for (const w of input.changed) {
    if (w.kind !== 'Deployment' || !w.templateChanged || w.pods.length === 0) continue;
    const strategy = (w.raw.spec as { strategy?: { type?: string; rollingUpdate?: Record<string, unknown> } })
      ?.strategy;
    if (strategy?.type === 'Recreate') continue;
    const replicas = w.pods.length;
    let maxSurge = scaledValue(strategy?.rollingUpdate?.maxSurge, replicas, true, '25%');
    const maxUnavailable = scaledValue(strategy?.rollingUpdate?.maxUnavailable, replicas, false, '25%');
    // The controller forces progress when both round to zero.
    if (maxSurge === 0 && maxUnavailable === 0) maxSurge = 1;
    if (maxSurge === 0) continue;
    const template = w.pods[0]!;
    const extraPods = Array.from({ length: maxSurge }, (_, i) => clonePod(template, `-surge-${i + 1}`));
    const result = input.simulate(input.after, extraPods, input.options);
    const extra: ResourceList = {};
    for (const [r, v] of Object.entries(template.requests)) extra[r] = v * maxSurge;
    out.push({
      namespace: w.namespace,
      workload: `${w.kind}/${w.name}`,
      extraPods: maxSurge,
      extra,
      fits: result.placements.every((p) => p.node !== null),
    });
  }
  return out;
}

function nPlusOne(input: AdviceInput): NPlusOneAdvice {
  const { after } = input;
  const byNode = new Map<string, Pod[]>();
  for (const pod of after.pods) {
    if (!pod.nodeName) continue;
    byNode.set(pod.nodeName, [...(byNode.get(pod.nodeName) ?? []), pod]);
  }
  // DaemonSet pods die with their node and need no new home.
  const movable = (pods: Pod[]) => pods.filter((p) => p.workload?.kind !== 'DaemonSet');
  const limit = input.limits?.nPlusOneNodes ?? 50;
  const candidates = [...byNode.entries()]
    .map(([node, pods]) => ({ node, pods: movable(pods) }))
    .filter((c) => c.pods.length > 0)
    .sort(
      (a, b) =>
        b.pods.reduce((s, p) => s + (p.requests.cpu ?? 0), 0) -
          a.pods.reduce((s, p) => s + (p.requests.cpu ?? 0), 0) || a.node.localeCompare(b.node),
    )
    .slice(0, limit);
  let worst: NPlusOneAdvice = { worstNode: null, pods: 0, unplaced: 0, checked: candidates.length };
  for (const { node, pods } of candidates) {
    const without: ClusterState = {
      ...after,
      nodes: after.nodes.filter((n) => n.name !== node),
      pods: after.pods.filter((p) => p.nodeName !== node),
    };
    const homeless = pods.map((p) => {
      const { nodeName: _n, ...rest } = p;
      return { ...rest, spec: { ...p.spec, nodeName: undefined } } as Pod;
    });
    const result = input.simulate(without, homeless, input.options);
    const unplaced = result.placements.filter((p) => p.node === null).length;
    if (worst.worstNode === null || unplaced > worst.unplaced) {
      worst = { worstNode: node, pods: pods.length, unplaced, checked: candidates.length };
    }
  }
  return worst;
}

export function adviseCapacity(input: AdviceInput): PlanAdvice {
  return { fixes: fixes(input), headroom: headroom(input), surge: surge(input), nPlusOne: nPlusOne(input) };
}
