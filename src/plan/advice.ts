/**
 * Capacity advice: for pods that do not fit, the smallest change that would
 * make them fit; how many more replicas of each changed workload fit; the extra
 * capacity a RollingUpdate needs at its surge peak; and whether the pods of the
 * node whose loss hurts most could be placed elsewhere (N+1).
 *
 * Every answer comes from running the same scheduler on a modified cluster, so
 * advice can never disagree with the plan about what fits.
 *
 * Over ~400 lines because every kind of advice above shares one simulation budget
 * (Budget) and the helpers that build the modified clusters it simulates; each kind is
 * its own short function, in the order adviseCapacity calls them.
 */

import { podMatchesNodeSelectorAndAffinity } from '../k8s/node-affinity.ts';
import { findUntoleratedTaint, scheduleBlockingTaint } from '../k8s/taints.ts';
import type { SimulationOptions, SimulationResult } from '../model/simulation.ts';
import type { ClusterState, Node, Pod, ResourceList } from '../model/types.ts';
import type { simulate as schedulerSimulate } from '../scheduler/simulate.ts';

/** The scheduler's entry point, passed in so advice runs the very scheduler the plan ran. */
type SimulateFn = typeof schedulerSimulate;

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
  /**
   * The fewest extra nodes of one pool after which every unschedulable pod of the
   * plan that the pool can take fits, all together (see `PlanAdvice.addNodes`).
   */
  addNodes?: { pool: string; count: number; pods: number };
}

/**
 * N more nodes of pool P, for the plan as a whole: with `count` new nodes of the
 * pool, the `pods` unschedulable pods of the plan that such a node can take (by
 * taints, node selector, affinity and size) all fit together; with `count - 1` they
 * do not. Both are scheduler runs, not estimates (0 more nodes is the plan itself).
 */
export interface AddNodesAdvice {
  pool: string;
  count: number;
  /** Unschedulable pods of the plan these nodes place (all of them, when `pods` equals the plan's). */
  pods: number;
}

/**
 * What advice left out because its work budget ran out (see `AdviceLimits.work`):
 * counts of questions not answered. Absent when every question was answered.
 */
export interface AdviceSkipped {
  /** Unschedulable workloads without a smaller-request search. */
  fixes?: number;
  /** Pools whose N-more-nodes search did not finish. */
  pools?: number;
  headroom?: number;
  surge?: number;
  /** Nodes not tried for N+1. */
  nPlusOne?: number;
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
  /** Per pool that can take unschedulable pods, the fewest new nodes that place them all. */
  addNodes: AddNodesAdvice[];
  headroom: HeadroomAdvice[];
  surge: SurgeAdvice[];
  nPlusOne: NPlusOneAdvice;
  skipped?: AdviceSkipped;
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
  limits?: AdviceLimits;
}

export interface AdviceLimits {
  /** Most more replicas counted per workload (default 200). */
  headroom?: number;
  /** Most new nodes of one pool searched (default 1,000). */
  addNodes?: number;
  /** Most pools searched for new nodes (default 10). */
  pools?: number;
  /** Most nodes tried for N+1 (default 50). */
  nPlusOneNodes?: number;
  /** Most unschedulable workloads given a smaller-request search (default 25). */
  fixes?: number;
  /** Total work of all advice, in the units of `simulationCost` (default `adviceWork`). */
  work?: number;
}

/**
 * Every answer is a scheduler run, and a plan can ask many questions (one per
 * changed workload for headroom, one per node for N+1): a work budget keeps the
 * sum near-linear in the plan's size, whatever its shape. A run costs three units
 * per object its snapshot holds (building it and preparing the plugins) plus, per
 * pod it places, a scheduling cycle (measured at about as many units as the
 * cluster has nodes, up to 400: past that, identical pods and domain groups keep
 * a cycle's cost flat). The budget is the larger of `MIN_ADVICE_WORK` and thirty
 * units per object of the cluster after the change: about ten runs' worth of
 * snapshots on a large cluster. Questions are answered in order of use, each kind with a share of what
 * is left (plan-wide new nodes 40%, smaller requests half the rest, then surge a
 * third, headroom half, N+1 all that remains), so one kind cannot starve the
 * others; a search is only started when its share can finish it. What is left
 * out is counted in `PlanAdvice.skipped`, never guessed.
 */
export const MIN_ADVICE_WORK = 300_000;

export function adviceWork(after: ClusterState): number {
  return Math.max(MIN_ADVICE_WORK, 30 * (after.nodes.length + after.pods.length));
}

export function simulationCost(cluster: ClusterState, pods: number): number {
  const perCycle = Math.min(400, Math.max(16, cluster.nodes.length));
  return 3 * (cluster.nodes.length + cluster.pods.length) + pods * perCycle;
}

class Budget {
  private used = 0;
  /** The end of the current section's share (see `section`). */
  private sectionLimit: number;
  readonly skipped: AdviceSkipped = {};
  private readonly limit: number;
  private readonly simulate: SimulateFn;
  private readonly options: SimulationOptions | undefined;

  constructor(limit: number, simulate: SimulateFn, options: SimulationOptions | undefined) {
    this.limit = limit;
    this.sectionLimit = limit;
    this.simulate = simulate;
    this.options = options;
  }

  /**
   * Starts a section that may spend `share` of what is left, so one kind of question
   * cannot starve the others; what a section leaves unspent passes to the next.
   */
  section(share: number): void {
    this.sectionLimit = this.used + share * (this.limit - this.used);
  }

  /** Whether `runs` runs of `pods` pods on `cluster` still fit in the section. */
  affords(cluster: ClusterState, pods: number, runs = 1): boolean {
    return this.used + runs * simulationCost(cluster, pods) <= this.sectionLimit;
  }

  /** The scheduler's answer, or undefined when the budget cannot pay for the run. */
  run(cluster: ClusterState, pods: () => Pod[], count: number): SimulationResult | undefined {
    if (!this.affords(cluster, count)) return undefined;
    this.used += simulationCost(cluster, count);
    return this.simulate(cluster, pods(), this.options);
  }

  skip(what: keyof AdviceSkipped, n = 1): void {
    if (n > 0) this.skipped[what] = (this.skipped[what] ?? 0) + n;
  }
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

/** A pool as new nodes would join it: shaped like its first node, with the daemons that node runs. */
interface PoolShape {
  pool: string;
  template: Node;
  daemons: Pod[];
  /** What a new node has left once its daemons run. */
  room: ResourceList;
  /** Pod slots left once its daemons run. */
  slots: number;
}

function poolShapes(after: ClusterState): PoolShape[] {
  const daemonsOf = new Map<string, Pod[]>();
  for (const pod of after.pods) {
    if (!pod.nodeName || pod.workload?.kind !== 'DaemonSet') continue;
    const list = daemonsOf.get(pod.nodeName);
    if (list) list.push(pod);
    else daemonsOf.set(pod.nodeName, [pod]);
  }
  return [...poolTemplates(after.nodes)].map(([pool, template]) => {
    const daemons = daemonsOf.get(template.name) ?? [];
    const room: ResourceList = { ...template.allocatable };
    for (const d of daemons) for (const [r, v] of Object.entries(d.requests)) room[r] = (room[r] ?? 0) - v;
    const slots = (template.allocatable.pods ?? Number.POSITIVE_INFINITY) - daemons.length;
    return { pool, template: newNode(template, `${pool}-new-1`), daemons, room, slots };
  });
}

function newNode(template: Node, name: string): Node {
  return {
    ...template,
    name,
    labels: { ...template.labels, 'kubernetes.io/hostname': name },
    unschedulable: false,
  };
}

/**
 * `count` new nodes shaped like the pool's template, each with the DaemonSet pods
 * the template runs: a node joins with its daemons, and they take room too.
 */
function grownCluster(after: ClusterState, shape: PoolShape, count: number): ClusterState {
  const nodes = after.nodes.slice();
  const pods = after.pods.slice();
  for (let i = 1; i <= count; i++) {
    const name = `${shape.pool}-new-${i}`;
    nodes.push(newNode(shape.template, name));
    for (const d of shape.daemons) pods.push({ ...clonePod(d, `-${name}`), nodeName: name });
  }
  return { ...after, nodes, pods };
}

/**
 * Whether a new node of the pool could ever hold the pod: its taints tolerated, its
 * labels matching the pod's node selector and required affinity, room for one such
 * pod after the daemons. Spread and pod affinity are left to the scheduler runs.
 */
function canTake(shape: PoolShape, pod: Pod): boolean {
  if (shape.slots < 1) return false;
  for (const [r, v] of Object.entries(pod.requests)) if (v > 0 && (shape.room[r] ?? 0) < v) return false;
  if (findUntoleratedTaint(shape.template.taints, pod.spec.tolerations, scheduleBlockingTaint)) return false;
  return podMatchesNodeSelectorAndAffinity(pod.spec, shape.template);
}

/**
 * The fewest new nodes that could hold `pods` by resources and pod slots alone: a
 * lower bound, since spread, affinity and bin packing can only raise it.
 */
function nodesLowerBound(shape: PoolShape, pods: Pod[]): number {
  const total: ResourceList = {};
  for (const pod of pods) for (const [r, v] of Object.entries(pod.requests)) total[r] = (total[r] ?? 0) + v;
  let bound = Math.ceil(pods.length / shape.slots);
  for (const [r, v] of Object.entries(total)) {
    const room = shape.room[r] ?? 0;
    if (v > 0 && room > 0) bound = Math.max(bound, Math.ceil(v / room));
  }
  return Math.max(1, bound);
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
 * help are left out. Undefined when the budget runs out before the answer is known.
 */
function smallerRequests(
  input: AdviceInput,
  budget: Budget,
  namespace: string,
  workload: string,
  pods: Pod[],
): { found: ResourceList | undefined } | undefined {
  const { after } = input;
  // Without the workload's own placed pods: a smaller template shrinks every replica.
  const without: ClusterState = {
    ...after,
    pods: after.pods.filter((p) => !ownedBy(p, namespace, workload)),
  };
  const template = pods[0]!;
  // A search cut short answers nothing: start only one the budget can finish.
  let runs = 1;
  for (const [resource, amount] of Object.entries(template.requests)) {
    if (amount > 0) runs += 1 + Math.ceil(Math.log2(Math.max(2, amount / resourceStep(resource))));
  }
  if (!budget.affords(without, pods.length, runs)) return undefined;
  const run = (requests: (p: Pod) => ResourceList, suffix: string) => {
    const result = budget.run(
      without,
      () => pods.map((p) => clonePod({ ...p, requests: requests(p) }, suffix)),
      pods.length,
    );
    return result && placesAll(result);
  };
  const fits = (resource: string, amount: number) =>
    run((p) => ({ ...p.requests, [resource]: amount }), '-smaller');
  // When the workload fits as written once its own pods are gone, its pods lost a
  // race with other incoming pods: no request is too big, so none is advised.
  const asIs = run((p) => p.requests, '-asis');
  if (asIs === undefined) return undefined;
  if (asIs) return { found: undefined };
  const out: ResourceList = {};
  for (const [resource, amount] of Object.entries(template.requests)) {
    if (!amount || amount <= 0) continue;
    const atZero = fits(resource, 0);
    if (atZero === undefined) return undefined;
    if (!atZero) continue;
    // Largest `low` that fits, smallest `high` that does not (the current amount does not).
    let low = 0;
    let high = amount;
    const step = resourceStep(resource);
    while (high - low > step) {
      const mid = roundDown(resource, (low + high) / 2);
      if (mid <= low || mid >= high) break;
      const ok = fits(resource, mid);
      if (ok === undefined) return undefined;
      if (ok) low = mid;
      else high = mid;
    }
    if (low > 0) out[resource] = low;
  }
  return { found: Object.keys(out).length > 0 ? out : undefined };
}

/** The finest amount worth advising: 1 millicore, 1 MiB, one device. */
function resourceStep(resource: string): number {
  return resource === 'memory' || resource === 'ephemeral-storage' ? 1024 ** 2 : 1;
}

/**
 * For one pool, the fewest new nodes that place all of `pods` together: from the
 * resource lower bound, doubling until a count fits, then bisecting, each step a
 * scheduler run. The answer `n` is checked both ways: `n` nodes place every pod
 * and `n - 1` do not (0 is the plan itself, where they did not fit). Undefined
 * when no count up to `max` fits or the budget runs out first.
 */
function fewestNodes(
  input: AdviceInput,
  budget: Budget,
  shape: PoolShape,
  pods: Pod[],
  max: number,
): number | undefined | 'budget' {
  const fits = (count: number): boolean | undefined => {
    const grown = grownCluster(input.after, shape, count);
    const result = budget.run(grown, () => pods, pods.length);
    return result && placesAll(result);
  };
  // `low` never fits (0 is the plan); `high` does.
  let low = 0;
  let high = Math.min(max, nodesLowerBound(shape, pods));
  for (;;) {
    const ok = fits(high);
    if (ok === undefined) return 'budget';
    if (ok) break;
    low = high;
    if (high >= max) return undefined;
    high = Math.min(max, high * 2);
  }
  // The lower bound is usually the answer: try one less first, then bisect.
  let first = low === 0;
  while (high - low > 1) {
    const mid = first ? high - 1 : Math.floor((low + high) / 2);
    first = false;
    const ok = fits(mid);
    if (ok === undefined) return 'budget';
    if (ok) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * N more nodes of pool P for the whole plan: per pool, the unschedulable pods a new
 * node of the pool could take, and the fewest such nodes that place them all at
 * once. Pools that can take the most pods are searched first.
 */
function addNodes(input: AdviceInput, budget: Budget): { advice: AddNodesAdvice; pods: Set<Pod> }[] {
  if (input.unplaced.length === 0) return [];
  const max = input.limits?.addNodes ?? 1000;
  const candidates = poolShapes(input.after)
    .map((shape) => ({ shape, pods: input.unplaced.filter((p) => canTake(shape, p)) }))
    .filter((c) => c.pods.length > 0)
    .sort((a, b) => b.pods.length - a.pods.length || (a.shape.pool < b.shape.pool ? -1 : 1));
  const searched = candidates.slice(0, input.limits?.pools ?? 10);
  const out: { advice: AddNodesAdvice; pods: Set<Pod> }[] = [];
  for (const { shape, pods } of searched) {
    const count = fewestNodes(input, budget, shape, pods, max);
    if (count === 'budget') budget.skip('pools');
    else if (count !== undefined)
      out.push({ advice: { pool: shape.pool, count, pods: pods.length }, pods: new Set(pods) });
  }
  return out;
}

function fixes(input: AdviceInput, budget: Budget): { fixes: FixAdvice[]; addNodes: AddNodesAdvice[] } {
  const { unplaced } = input;
  const groups = new Map<string, Pod[]>();
  for (const pod of unplaced) {
    const key = `${pod.namespace}\u0000${workloadName(pod)}`;
    const list = groups.get(key);
    if (list) list.push(pod);
    else groups.set(key, [pod]);
  }
  budget.section(0.4);
  const byPool = addNodes(input, budget);
  budget.section(0.5);
  const out: FixAdvice[] = [];
  const searchLimit = input.limits?.fixes ?? 25;
  const changedByName = new Map(input.changed.map((w) => [`${w.namespace}\u0000${w.kind}/${w.name}`, w]));
  let searched = 0;
  for (const pods of groups.values()) {
    const first = pods[0]!;
    const advice: FixAdvice = {
      namespace: first.namespace,
      workload: workloadName(first),
      unplaced: pods.length,
    };
    const changed = changedByName.get(`${first.namespace}\u0000${advice.workload}`);
    // Only kinds with `spec.replicas`: a Job's parallelism or a DaemonSet's node count is another fix.
    if (changed && REPLICATED.has(changed.kind) && changed.pods.length > pods.length) {
      advice.fitReplicas = changed.pods.length - pods.length;
    }
    // Each smaller-request search re-runs the scheduler many times: the first workloads only.
    if (searched < searchLimit) {
      searched++;
      const smaller = smallerRequests(input, budget, first.namespace, advice.workload, changed?.pods ?? pods);
      if (smaller === undefined) budget.skip('fixes');
      else if (smaller.found) advice.smallerRequest = smaller.found;
    }
    // The plan-wide count of the pool that takes every pod of this workload with the
    // fewest nodes (then the one that places the most pods of the plan).
    const best = byPool
      .filter((p) => pods.every((pod) => p.pods.has(pod)))
      .sort((a, b) => a.advice.count - b.advice.count || b.advice.pods - a.advice.pods)[0];
    if (best) advice.addNodes = { ...best.advice };
    out.push(advice);
  }
  return { fixes: out, addNodes: byPool.map((p) => p.advice) };
}

function headroom(input: AdviceInput, budget: Budget): HeadroomAdvice[] {
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
    const result = budget.run(
      input.after,
      () => Array.from({ length: bound }, (_, i) => clonePod(template, `-headroom-${i + 1}`)),
      bound,
    );
    if (!result) {
      budget.skip('headroom');
      continue;
    }
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

function surge(input: AdviceInput, budget: Budget): SurgeAdvice[] {
  const out: SurgeAdvice[] = [];
  for (const w of input.changed) {
    if (w.kind !== 'Deployment' || !w.templateChanged || w.pods.length === 0) continue;
    const strategy = (w.raw.spec as { strategy?: { type?: string; rollingUpdate?: Record<string, unknown> } })
      ?.strategy;
    if (strategy?.type === 'Recreate') continue;
    const { maxSurge, maxUnavailable } = rolloutFenceposts(strategy?.rollingUpdate, w.pods.length);
    if (maxSurge === 0) continue;
    const template = w.pods[0]!;
    const result = budget.run(
      input.after,
      () => Array.from({ length: maxSurge }, (_, i) => clonePod(template, `-surge-${i + 1}`)),
      maxSurge,
    );
    if (!result) {
      budget.skip('surge');
      continue;
    }
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

function nPlusOne(input: AdviceInput, budget: Budget): NPlusOneAdvice {
  const { after } = input;
  // DaemonSet pods die with their node and need no new home.
  const byNode = new Map<string, { pods: Pod[]; cpu: number }>();
  for (const pod of after.pods) {
    if (!pod.nodeName || pod.workload?.kind === 'DaemonSet') continue;
    const entry = byNode.get(pod.nodeName);
    if (entry) {
      entry.pods.push(pod);
      entry.cpu += pod.requests.cpu ?? 0;
    } else byNode.set(pod.nodeName, { pods: [pod], cpu: pod.requests.cpu ?? 0 });
  }
  const limit = input.limits?.nPlusOneNodes ?? 50;
  const candidates = [...byNode.entries()]
    .map(([node, { pods, cpu }]) => ({ node, pods, cpu }))
    .sort((a, b) => b.cpu - a.cpu || a.node.localeCompare(b.node))
    .slice(0, limit);
  let worst: NPlusOneAdvice = { worstNode: null, pods: 0, unplaced: 0, checked: 0 };
  let checked = 0;
  for (const [i, { node, pods }] of candidates.entries()) {
    // Checked before the cluster without the node is built: that alone reads every pod.
    if (!budget.affords(after, pods.length)) {
      budget.skip('nPlusOne', candidates.length - i);
      break;
    }
    const without: ClusterState = {
      ...after,
      nodes: after.nodes.filter((n) => n.name !== node),
      pods: after.pods.filter((p) => p.nodeName !== node),
    };
    const result = budget.run(
      without,
      () =>
        pods.map((p) => {
          const { nodeName: _n, ...rest } = p;
          return { ...rest, spec: { ...p.spec, nodeName: undefined } } as Pod;
        }),
      pods.length,
    );
    if (!result) {
      budget.skip('nPlusOne', candidates.length - i);
      break;
    }
    checked++;
    const unplaced = result.placements.filter((p) => p.node === null).length;
    if (worst.worstNode === null || unplaced > worst.unplaced) {
      worst = { worstNode: node, pods: pods.length, unplaced, checked: 0 };
    }
  }
  return { ...worst, checked };
}

export function adviseCapacity(input: AdviceInput): PlanAdvice {
  const budget = new Budget(input.limits?.work ?? adviceWork(input.after), input.simulate, input.options);
  // Shares of what is left: new nodes and smaller requests first, N+1 takes the rest.
  const found = fixes(input, budget);
  budget.section(1 / 3);
  const surgeAdvice = surge(input, budget);
  budget.section(1 / 2);
  const headroomAdvice = headroom(input, budget);
  budget.section(1);
  const advice: PlanAdvice = {
    fixes: found.fixes,
    addNodes: found.addNodes,
    headroom: headroomAdvice,
    surge: surgeAdvice,
    nPlusOne: nPlusOne(input, budget),
  };
  if (Object.keys(budget.skipped).length > 0) advice.skipped = { ...budget.skipped };
  return advice;
}
