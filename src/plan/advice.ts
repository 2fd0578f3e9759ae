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
  /**
   * Per resource, the largest request that lets every pod of the workload fit when
   * only that resource shrinks; each entry is a fix on its own.
   */
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

/**
 * When the surge does not fit, the controller can still take down maxUnavailable
 * old pods first (its scale-down allowance is replicas + surge - minAvailable -
 * the pending new pods, which comes to maxUnavailable), so only a rollout with
 * maxUnavailable 0 stalls.
 */
export interface SurgeAdvice {
  namespace: string;
  workload: string;
  /** Extra pods at the RollingUpdate peak (maxSurge). */
  extraPods: number;
  /** Pods the rollout may take down at once (maxUnavailable, resolved as the controller does). */
  maxUnavailable: number;
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
  limits?: { headroom?: number; addNodes?: number; nPlusOneNodes?: number; fixes?: number };
}

const REPLICATED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** Every pod placed without evicting anything: advice never counts on preemption. */
function placesAll(result: SimulationResult): boolean {
  return result.placements.every((p) => p.node !== null && (p.victims ?? []).length === 0);
}

/** Round an advised request down to an amount people write: whole millicores, whole MiB. */
function roundDown(resource: string, amount: number): number {
  if (resource === 'memory' || resource === 'ephemeral-storage') {
    const mib = 1024 ** 2;
    return amount >= mib ? Math.floor(amount / mib) * mib : Math.floor(amount);
  }
  return Math.floor(amount);
}

function clonePod(pod: Pod, suffix: string): Pod {
  return { ...pod, name: `${pod.name}${suffix}`, key: `${pod.namespace}/${pod.name}${suffix}` };
}

function workloadName(pod: Pod): string {
  return pod.workload ? `${pod.workload.kind}/${pod.workload.name}` : `Pod/${pod.name}`;
}

function poolTemplates(nodes: Node[]): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const node of nodes) {
    const pool = node.pool ?? node.name;
    if (!out.has(pool)) out.set(pool, node);
  }
  return out;
}

/**
 * `count` new nodes shaped like the pool's `template`, each with the DaemonSet pods
 * the template runs: a node joins with its daemons, and they take room too.
 */
function grownCluster(after: ClusterState, template: Node, pool: string, count: number): ClusterState {
  const daemons = after.pods.filter((p) => p.nodeName === template.name && p.workload?.kind === 'DaemonSet');
  const nodes: Node[] = [];
  const pods: Pod[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${pool}-new-${i}`;
    nodes.push({
      ...template,
      name,
      labels: { ...template.labels, 'kubernetes.io/hostname': name },
      unschedulable: false,
    });
    for (const d of daemons) pods.push({ ...clonePod(d, `-${name}`), nodeName: name });
  }
  return { ...after, nodes: [...after.nodes, ...nodes], pods: [...after.pods, ...pods] };
}

/**
 * How many pods shaped like `pod` one new node of the pool can hold, by resources
 * alone, after the pool's daemons: an upper bound, since spread and affinity can
 * only lower it.
 */
function podsPerNewNode(after: ClusterState, template: Node, pod: Pod): number {
  const room: ResourceList = { ...template.allocatable };
  let daemons = 0;
  for (const d of after.pods) {
    if (d.nodeName !== template.name || d.workload?.kind !== 'DaemonSet') continue;
    daemons++;
    for (const [r, v] of Object.entries(d.requests)) room[r] = (room[r] ?? 0) - v;
  }
  let fit = (template.allocatable.pods ?? Number.POSITIVE_INFINITY) - daemons;
  for (const [r, v] of Object.entries(pod.requests)) {
    if (v > 0) fit = Math.min(fit, Math.floor((room[r] ?? 0) / v));
  }
  return Math.max(0, fit);
}

/** Whether a pod belongs to the workload `namespace` + `Kind/name`. */
function ownedBy(pod: Pod, namespace: string, workload: string): boolean {
  return pod.namespace === namespace && pod.workload !== undefined && workloadName(pod) === workload;
}

/**
 * Per resource the pod requests, the largest request that lets every pod of the
 * workload fit when the template asks for that much and nothing else changes
 * (binary search over the amount, each step a full simulation, so taints,
 * affinity and spread stay in force). Resources whose shrinking alone cannot
 * help are left out.
 */
function smallerRequests(
  input: AdviceInput,
  namespace: string,
  workload: string,
  pods: Pod[],
): ResourceList | undefined {
  const { after, simulate, options } = input;
  // Without the workload's own placed pods: a smaller template shrinks every replica.
  const without: ClusterState = {
    ...after,
    pods: after.pods.filter((p) => !ownedBy(p, namespace, workload)),
  };
  const template = pods[0]!;
  const fits = (resource: string, amount: number) =>
    placesAll(
      simulate(
        without,
        pods.map((p) => clonePod({ ...p, requests: { ...p.requests, [resource]: amount } }, '-smaller')),
        options,
      ),
    );
  // When the workload fits as written once its own pods are gone, its pods lost a
  // race with other incoming pods: no request is too big, so none is advised.
  if (
    placesAll(
      simulate(
        without,
        pods.map((p) => clonePod(p, '-asis')),
        options,
      ),
    )
  )
    return undefined;
  const out: ResourceList = {};
  for (const [resource, amount] of Object.entries(template.requests)) {
    if (!amount || amount <= 0) continue;
    if (!fits(resource, 0)) continue;
    // Largest `low` that fits, smallest `high` that does not (the current amount does not).
    let low = 0;
    let high = amount;
    const step = resourceStep(resource);
    while (high - low > step) {
      const mid = roundDown(resource, (low + high) / 2);
      if (mid <= low || mid >= high) break;
      if (fits(resource, mid)) low = mid;
      else high = mid;
    }
    if (low > 0) out[resource] = low;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The finest amount worth advising: 1 millicore, 1 MiB, one device. */
function resourceStep(resource: string): number {
  return resource === 'memory' || resource === 'ephemeral-storage' ? 1024 ** 2 : 1;
}

function fixes(input: AdviceInput): FixAdvice[] {
  const { after, unplaced, simulate, options } = input;
  const maxNodes = input.limits?.addNodes ?? 20;
  const groups = new Map<string, Pod[]>();
  for (const pod of unplaced) {
    const key = `${pod.namespace}\u0000${workloadName(pod)}`;
    groups.set(key, [...(groups.get(key) ?? []), pod]);
  }
  const out: FixAdvice[] = [];
  // Each fix re-runs the scheduler many times: advise the first workloads only.
  for (const pods of [...groups.values()].slice(0, input.limits?.fixes ?? 25)) {
    const first = pods[0]!;
    const advice: FixAdvice = {
      namespace: first.namespace,
      workload: workloadName(first),
      unplaced: pods.length,
    };
    const changed = input.changed.find(
      (w) => w.namespace === first.namespace && `${w.kind}/${w.name}` === advice.workload,
    );
    // Only kinds with `spec.replicas`: a Job's parallelism or a DaemonSet's node count is another fix.
    if (changed && REPLICATED.has(changed.kind) && changed.pods.length > pods.length) {
      advice.fitReplicas = changed.pods.length - pods.length;
    }
    const smaller = smallerRequests(input, first.namespace, advice.workload, changed?.pods ?? pods);
    if (smaller) advice.smallerRequest = smaller;
    // N more nodes of pool P: the fewest copies of one pool's node that place every
    // unplaced pod. The scheduler does the bin packing, so the count is what it
    // would really take, daemons on the new nodes included.
    let bestAdd: { pool: string; count: number } | undefined;
    for (const [pool, template] of poolTemplates(after.nodes)) {
      const perNode = podsPerNewNode(after, template, first);
      if (perNode === 0) continue;
      // Existing nodes already refused these pods, so new nodes must hold them all.
      let low = Math.ceil(pods.length / perNode);
      let high = Math.min(maxNodes, bestAdd ? bestAdd.count - 1 : maxNodes);
      if (low > high) continue;
      const fits = (count: number) =>
        placesAll(simulate(grownCluster(after, template, pool, count), pods, options));
      if (!fits(high)) continue;
      // More nodes never make a pod fit less, so the fewest is found by bisection.
      while (low < high) {
        const mid = Math.floor((low + high) / 2);
        if (fits(mid)) high = mid;
        else low = mid + 1;
      }
      bestAdd = { pool, count: high };
    }
    if (bestAdd) advice.addNodes = bestAdd;
    out.push(advice);
  }
  return out;
}

function headroom(input: AdviceInput): HeadroomAdvice[] {
  const cap = input.limits?.headroom ?? 200;
  // Free capacity on nodes that take new pods (cordoned nodes and their pods do not count).
  const free: ResourceList = {};
  const open = new Set<string>();
  for (const node of input.after.nodes) {
    if (node.unschedulable) continue;
    open.add(node.name);
    for (const [r, v] of Object.entries(node.allocatable)) free[r] = (free[r] ?? 0) + v;
  }
  for (const pod of input.after.pods) {
    if (!pod.nodeName || !open.has(pod.nodeName)) continue;
    for (const [r, v] of Object.entries(pod.requests)) free[r] = (free[r] ?? 0) - v;
  }
  const out: HeadroomAdvice[] = [];
  for (const w of input.changed) {
    // More replicas is a question only for kinds with `spec.replicas`.
    if (!REPLICATED.has(w.kind) || w.pods.length === 0) continue;
    const template = w.pods[0]!;
    // No more replicas fit than the cluster's free total allows: simulate one past that at most.
    let bound = cap;
    for (const [r, v] of Object.entries(template.requests)) {
      if (v > 0) bound = Math.min(bound, Math.floor(Math.max(0, free[r] ?? 0) / v) + 1);
    }
    const extra = Array.from({ length: bound }, (_, i) => clonePod(template, `-headroom-${i + 1}`));
    const result = input.simulate(input.after, extra, input.options);
    const firstMiss = result.placements.findIndex((p) => p.node === null || (p.victims ?? []).length > 0);
    const more = firstMiss === -1 ? bound : firstMiss;
    out.push({
      namespace: w.namespace,
      workload: `${w.kind}/${w.name}`,
      more,
      capped: firstMiss === -1 && bound === cap,
    });
  }
  return out;
}

/**
 * An IntOrString of `replicas` as the Deployment controller resolves it: a number
 * as is, a percentage scaled and rounded up (maxSurge) or down (maxUnavailable).
 * 25% of 10 replicas is 2.5: maxSurge 3, maxUnavailable 2.
 */
export function scaledValue(value: unknown, replicas: number, roundUp: boolean, fallback: string): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) return Number.parseInt(String(v), 10) || 0;
  const exact = (Number(m[1]) * replicas) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * maxSurge and maxUnavailable of a Deployment's RollingUpdate, both defaulting to
 * 25%. When both resolve to zero (maxUnavailable rounds down), the controller sets
 * maxUnavailable to 1 rather than surging, so such a rollout needs no extra room.
 */
export function rolloutFenceposts(
  rollingUpdate: Record<string, unknown> | undefined,
  replicas: number,
): { maxSurge: number; maxUnavailable: number } {
  const maxSurge = scaledValue(rollingUpdate?.maxSurge, replicas, true, '25%');
  let maxUnavailable = scaledValue(rollingUpdate?.maxUnavailable, replicas, false, '25%');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

function surge(input: AdviceInput): SurgeAdvice[] {
  const out: SurgeAdvice[] = [];
  for (const w of input.changed) {
    if (w.kind !== 'Deployment' || !w.templateChanged || w.pods.length === 0) continue;
    const strategy = (w.raw.spec as { strategy?: { type?: string; rollingUpdate?: Record<string, unknown> } })
      ?.strategy;
    if (strategy?.type === 'Recreate') continue;
    const { maxSurge, maxUnavailable } = rolloutFenceposts(strategy?.rollingUpdate, w.pods.length);
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
      maxUnavailable,
      extra,
      fits: placesAll(result),
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
