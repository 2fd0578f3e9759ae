import type { ScoringStrategy, SimulationOptions } from '../../model/simulation.ts';
import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';

/** One resource the pod asks for, with its amount, computed once per pod in PreFilter. */
export interface RequestEntry {
  name: string;
  amount: number;
  /** The reason string when it does not fit: `Insufficient cpu`. */
  reason: string;
}

interface PreFilterState extends fwk.StateData {
  entries: RequestEntry[];
}

interface PreScoreState extends fwk.StateData {
  /** The pod's request per scored resource (non-zero defaults for cpu and memory). */
  podRequests: number[];
}

export interface InsufficientResource {
  resource: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The pod asks for more than the whole node has: evicting pods cannot help. */
  unresolvable: boolean;
}

const PRE_FILTER_KEY = fwk.preFilterStateKey(names.NodeResourcesFit);
const PRE_SCORE_KEY = fwk.preScoreStateKey(names.NodeResourcesFit);

/** Upstream's scoring resources when none are configured. */
export const DEFAULT_SCORING_RESOURCES = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

const DEFAULT_SHAPE = [
  { utilization: 0, score: 0 },
  { utilization: 100, score: 10 },
];

/** The highest score a RequestedToCapacityRatio shape point may give (upstream's MaxCustomPriorityScore). */
const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

export function requestEntries(pod: Pod): RequestEntry[] {
  const entries: RequestEntry[] = [];
  for (const name in pod.requests) {
    const amount = pod.requests[name] as number;
    if (name === 'pods' || amount <= 0) continue;
    entries.push({ name, amount, reason: `Insufficient ${name}` });
  }
  // Upstream checks cpu, memory and ephemeral-storage first, then the others: keep that order.
  const rank = (n: string) => (n === 'cpu' ? 0 : n === 'memory' ? 1 : n === 'ephemeral-storage' ? 2 : 3);
  entries.sort((a, b) => rank(a.name) - rank(b.name));
  return entries;
}

/**
 * What the pod lacks on the node, as upstream's fitsRequest: one more pod than
 * allocatable `pods` is `Too many pods`; each requested resource beyond what is
 * left is `Insufficient <name>`.
 */
export function fitsRequest(
  entries: readonly RequestEntry[],
  nodeInfo: fwk.NodeInfo,
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const allowed = nodeInfo.allowedPodNumber;
  if (nodeInfo.pods.length + 1 > allowed) {
    out.push({
      resource: 'pods',
      reason: 'Too many pods',
      requested: 1,
      used: nodeInfo.pods.length,
      capacity: allowed,
      unresolvable: false,
    });
  }
  const allocatable = nodeInfo.node.allocatable;
  for (const e of entries) {
    const capacity = allocatable[e.name] ?? 0;
    const used = nodeInfo.requested[e.name] ?? 0;
    if (e.amount > capacity - used) {
      out.push({
        resource: e.name,
        reason: e.reason,
        requested: e.amount,
        used,
        capacity,
        unresolvable: e.amount > capacity,
      });
    }
  }
  return out;
}

/** Go's integer division of non-negative numbers. */
const div = (a: number, b: number) => Math.trunc(a / b);

function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return div((capacity - requested) * fwk.MAX_NODE_SCORE, capacity);
}

function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  // A node already over-committed scores as full, not above it.
  return div(Math.min(requested, capacity) * fwk.MAX_NODE_SCORE, capacity);
}

/**
 * A piecewise linear function through the shape points (upstream's
 * BuildBrokenLinearFunction): flat before the first point and after the last.
 */
export function brokenLinear(
  shape: readonly { utilization: number; score: number }[],
): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const point = shape[i] as { utilization: number; score: number };
      if (p <= point.utilization) {
        if (i === 0) return point.score;
        const prev = shape[i - 1] as { utilization: number; score: number };
        return (
          prev.score +
          Math.trunc(
            ((point.score - prev.score) * (p - prev.utilization)) / (point.utilization - prev.utilization),
          )
        );
      }
    }
    return (shape[shape.length - 1] as { score: number }).score;
  };
}

type Scorer = (requested: Float64Array, allocatable: Float64Array) => number;

/**
 * The weighted mean of the resources' scores over the resources the node has: integer
 * division for Least/MostAllocated; RequestedToCapacityRatio leaves out resources
 * scoring 0 and rounds to nearest.
 */
function weightedScorer(
  weights: readonly number[],
  resourceScore: (requested: number, capacity: number) => number,
  ratio = false,
): Scorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const weight = weights[i] as number;
      const score = resourceScore(requested[i] as number, allocatable[i] as number);
      if (ratio && !(score > 0)) continue;
      nodeScore += score * weight;
      weightSum += weight;
    }
    if (weightSum === 0) return 0;
    return ratio ? Math.round(nodeScore / weightSum) : div(nodeScore, weightSum);
  };
}

/**
 * RequestedToCapacityRatio as upstream: each shape score (0-10) is scaled to 0-100,
 * a resource's score is the shape at its utilisation percentage, resources scoring 0
 * are left out of the weighted mean, and the mean is rounded to nearest.
 *
 * Worked example, default shape {0:0, 100:10}, cpu 3000/4000 and memory 1Gi/4Gi:
 * utilisations 75 and 25 -> scores 75 and 25 -> (75 + 25) / 2 = 50.
 */
function requestedToCapacityRatioScorer(
  weights: readonly number[],
  shape: readonly { utilization: number; score: number }[],
): Scorer {
  const scaled = shape.map((p) => ({
    utilization: p.utilization,
    score: p.score * (fwk.MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE),
  }));
  const raw = brokenLinear(scaled);
  const resourceScore = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity
      ? raw(MAX_UTILIZATION)
      : raw(div(requested * MAX_UTILIZATION, capacity));
  return weightedScorer(weights, resourceScore, true);
}

function buildScorer(
  strategy: ScoringStrategy,
  weights: readonly number[],
  shape: SimulationOptions['requestedToCapacityRatioShape'],
): Scorer {
  switch (strategy) {
    case 'MostAllocated':
      return weightedScorer(weights, mostRequestedScore);
    case 'RequestedToCapacityRatio':
      return requestedToCapacityRatioScorer(weights, shape && shape.length > 0 ? shape : DEFAULT_SHAPE);
    default:
      return weightedScorer(weights, leastRequestedScore);
  }
}

/**
 * Filter: the pod fits only where every resource it requests is left, and one more pod
 * is allowed. Score: by the configured strategy (LeastAllocated by default, spreading;
 * MostAllocated packs; RequestedToCapacityRatio follows a shape), computed over the
 * node's requests including this pod, with upstream's non-zero defaults for cpu and memory.
 */
export class NodeResourcesFit
  implements fwk.PreFilterPlugin, fwk.FilterPlugin, fwk.PreScorePlugin, fwk.ScorePlugin
{
  readonly name = names.NodeResourcesFit;
  readonly locality = 'node';
  private readonly resources: readonly { name: string; weight: number }[];
  private readonly scorer: Scorer;
  // Reused for every node scored: the score loop allocates nothing.
  private readonly requestedBuf: Float64Array;
  private readonly allocatableBuf: Float64Array;

  constructor(options: SimulationOptions = {}) {
    this.resources =
      options.scoringResources && options.scoringResources.length > 0
        ? options.scoringResources
        : DEFAULT_SCORING_RESOURCES;
    const weights = this.resources.map((r) => r.weight);
    this.scorer = buildScorer(
      options.scoringStrategy ?? 'LeastAllocated',
      weights,
      options.requestedToCapacityRatioShape,
    );
    this.requestedBuf = new Float64Array(this.resources.length);
    this.allocatableBuf = new Float64Array(this.resources.length);
  }

  preFilter(state: fwk.CycleState, pod: Pod): { status: fwk.MaybeStatus } {
    const data: PreFilterState = { entries: requestEntries(pod) };
    state.write(PRE_FILTER_KEY, data);
    return { status: null };
  }

  filter(state: fwk.CycleState, _pod: Pod, nodeInfo: fwk.NodeInfo): fwk.MaybeStatus {
    const data = fwk.readState<PreFilterState>(state, PRE_FILTER_KEY);
    if (data instanceof fwk.Status) return data;
    const { entries } = data;
    // Fast path: nothing lacking, nothing allocated.
    const allocatable = nodeInfo.node.allocatable;
    let fits = nodeInfo.pods.length + 1 <= nodeInfo.allowedPodNumber;
    for (let i = 0; fits && i < entries.length; i++) {
      const e = entries[i] as RequestEntry;
      if (e.amount > (allocatable[e.name] ?? 0) - (nodeInfo.requested[e.name] ?? 0)) fits = false;
    }
    if (fits) return null;
    const insufficient = fitsRequest(entries, nodeInfo);
    const code = insufficient.some((r) => r.unresolvable) ? 'UnschedulableAndUnresolvable' : 'Unschedulable';
    return new fwk.Status(code, ...insufficient.map((r) => r.reason));
  }

  private readonly preScoreState = (pod: Pod): PreScoreState => {
    const nz = fwk.nonZeroRequest(pod);
    const podRequests = this.resources.map((r) =>
      r.name === 'cpu' ? nz.cpu : r.name === 'memory' ? nz.memory : (pod.requests[r.name] ?? 0),
    );
    return { podRequests };
  };

  preScore(state: fwk.CycleState, pod: Pod): fwk.MaybeStatus {
    state.write(PRE_SCORE_KEY, this.preScoreState(pod));
    return null;
  }

  score(state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): number {
    const { podRequests } = fwk.readScoreState(state, PRE_SCORE_KEY, pod, this.preScoreState);
    const allocatable = nodeInfo.node.allocatable;
    const requested = this.requestedBuf;
    const alloc = this.allocatableBuf;
    for (let i = 0; i < this.resources.length; i++) {
      const name = (this.resources[i] as { name: string }).name;
      const podRequest = podRequests[i] as number;
      requested[i] = 0;
      alloc[i] = 0;
      let nodeRequested: number;
      if (name === 'cpu') nodeRequested = nodeInfo.nonZeroCpu;
      else if (name === 'memory') nodeRequested = nodeInfo.nonZeroMemory;
      else if (name === 'ephemeral-storage') nodeRequested = nodeInfo.requested[name] ?? 0;
      else {
        // An extended resource the pod does not ask for is left out of its score.
        if (podRequest === 0) continue;
        if (!Object.hasOwn(allocatable, name)) continue;
        nodeRequested = nodeInfo.requested[name] ?? 0;
      }
      const capacity = allocatable[name] ?? 0;
      if (capacity === 0) continue;
      alloc[i] = capacity;
      requested[i] = nodeRequested + podRequest;
    }
    return this.scorer(requested, alloc);
  }
}
