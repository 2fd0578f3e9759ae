import { labelSelectorMatches } from '../../k8s/labels.ts';
import type { Pod, PodDisruptionBudget } from '../../model/types.ts';
import { type Diagnosis, fitErrorMessage } from '../framework/fit-error.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';

export const ERR_REASON_NOT_ELIGIBLE_NEVER = 'not eligible due to preemptionPolicy=Never.';
export const ERR_REASON_NO_VICTIMS = 'No preemption victims found for incoming pod';
export const ERR_REASON_NOT_HELPFUL = 'Preemption is not helpful for scheduling';

/** A node where evicting `victims` (most important first) lets the pod fit. */
export interface Candidate {
  node: string;
  victims: Pod[];
  numPDBViolations: number;
}

/** Upstream's 1<<31: added to each priority so sums of negative priorities still order correctly. */
const PRIORITY_OFFSET = 2 ** 31;

/** When a pod started, for ordering victims; a pod not started yet counts as starting now (latest). */
function startTime(pod: Pod): number {
  return pod.createdAt ?? Number.POSITIVE_INFINITY;
}

/** Upstream's MoreImportantPod: higher priority, then the one running longer. */
export function moreImportant(a: Pod, b: Pod): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a) < startTime(b);
}

function byImportance(a: Pod, b: Pod): number {
  if (moreImportant(a, b)) return -1;
  if (moreImportant(b, a)) return 1;
  return 0;
}

/** The pod's preemption policy: its own, else its PriorityClass's, else PreemptLowerPriority. */
export function preemptionPolicy(pod: Pod, handle: Pick<fwk.Handle, 'cluster'>): string {
  if (pod.spec.preemptionPolicy) return pod.spec.preemptionPolicy;
  const className = pod.spec.priorityClassName;
  const pc = className
    ? handle.cluster.priorityClasses.find((c) => c.name === className)
    : handle.cluster.priorityClasses.find((c) => c.globalDefault);
  return pc?.preemptionPolicy ?? 'PreemptLowerPriority';
}

function resolveIntOrPercent(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** A PDB selects nothing when its selector is absent or empty (upstream preemption's rule). */
function pdbSelects(pdb: PodDisruptionBudget, pod: Pod): boolean {
  if (pdb.namespace !== pod.namespace) return false;
  const sel = pdb.selector;
  if (!sel) return false;
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0)
    return false;
  return labelSelectorMatches(sel, pod.labels);
}

/**
 * How many more pods each PDB allows to be disrupted, as the disruption controller
 * computes `status.disruptionsAllowed`: healthy pods minus desired healthy pods,
 * where every bound matching pod counts as healthy and the expected count is the
 * number of matching pods.
 */
export function disruptionsAllowed(
  pdbs: readonly PodDisruptionBudget[],
  nodeInfos: readonly fwk.NodeInfo[],
): number[] {
  return pdbs.map((pdb) => {
    let healthy = 0;
    for (const info of nodeInfos) for (const p of info.pods) if (pdbSelects(pdb, p)) healthy++;
    let desired: number;
    if (pdb.minAvailable !== undefined) desired = resolveIntOrPercent(pdb.minAvailable, healthy);
    else if (pdb.maxUnavailable !== undefined)
      desired = healthy - resolveIntOrPercent(pdb.maxUnavailable, healthy);
    else desired = healthy;
    return Math.max(0, healthy - desired);
  });
}

/**
 * Splits pods (most important first) into those whose eviction would break a PDB and
 * the rest, spending each PDB's budget in order, as upstream's filterPodsWithPDBViolation.
 */
export function splitByPDBViolation(
  pods: readonly Pod[],
  pdbs: readonly PodDisruptionBudget[],
  allowed: readonly number[],
): { violating: Pod[]; nonViolating: Pod[] } {
  const budget = allowed.slice();
  const violating: Pod[] = [];
  const nonViolating: Pod[] = [];
  for (const pod of pods) {
    let violated = false;
    if (Object.keys(pod.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (!pdbSelects(pdb, pod)) return;
        budget[i] = (budget[i] as number) - 1;
        if ((budget[i] as number) < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

/**
 * Picks the candidate as upstream's pickOneNodeForPreemption: fewest PDB violations,
 * then the lowest highest-priority victim, then the smallest sum of priorities, then
 * the fewest victims, then the latest start among the highest-priority victims.
 * Upstream takes the first remaining node of a randomly offset list; berth takes the
 * first by node name, so the same input always gives the same plan.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  let remaining = [...candidates].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -(c.victims[0]?.priority ?? 0),
    (c) => -c.victims.reduce((sum, p) => sum + p.priority + PRIORITY_OFFSET, 0),
    (c) => -c.victims.length,
    (c) => {
      // The earliest start among the victims sharing the highest priority; later is better.
      const top = c.victims[0]?.priority;
      let earliest = Number.POSITIVE_INFINITY;
      for (const p of c.victims) if (p.priority === top) earliest = Math.min(earliest, startTime(p));
      return earliest;
    },
  ];
  for (const f of scoreFuncs) {
    let best = Number.NEGATIVE_INFINITY;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const s = f(c);
      if (s > best) {
        best = s;
        selected = [c];
      } else if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}

function hasLowerPriorityPod(nodeInfo: fwk.NodeInfo, priority: number): boolean {
  for (const p of nodeInfo.pods) if (p.priority < priority) return true;
  return false;
}

class NodeStatuses implements fwk.NodeToStatus {
  readonly statuses = new Map<string, fwk.Status>();
  readonly absentStatus = fwk.unresolvable(ERR_REASON_NOT_HELPFUL);
  get(nodeName: string): fwk.Status | undefined {
    return this.statuses.get(nodeName) ?? this.absentStatus;
  }
}

/**
 * PostFilter preemption as upstream's DefaultPreemption: on every node where the pod
 * failed for a reason eviction could fix (status Unschedulable, not Unresolvable),
 * remove all lower-priority pods, check the pod fits, then put back as many as
 * possible (PDB-protected ones first, most important first); the victims are those
 * that could not be put back. berth dry-runs every such node (upstream samples a
 * random subset of at least 100 nodes), then picks one node.
 */
export class DefaultPreemption implements fwk.PostFilterPlugin {
  readonly name = names.DefaultPreemption;
  private readonly handle: fwk.Handle;

  constructor(handle: fwk.Handle) {
    this.handle = handle;
  }

  postFilter(
    state: fwk.CycleState,
    pod: Pod,
    filtered: fwk.NodeToStatus,
  ): { result?: fwk.PostFilterResult; status: fwk.MaybeStatus } {
    if (preemptionPolicy(pod, this.handle) === 'Never') {
      return { status: fwk.unschedulable(`preemption: ${ERR_REASON_NOT_ELIGIBLE_NEVER}`) };
    }
    const allNodes = this.handle.snapshot.nodeInfos;
    const nodeNames = allNodes.map((n) => n.node.name);
    const statuses = new NodeStatuses();
    const potential = allNodes.filter((n) => filtered.get(n.node.name)?.code === 'Unschedulable');
    const candidates: Candidate[] = [];
    if (potential.length > 0) {
      const pdbs = this.handle.cluster.pdbs ?? [];
      const allowed = pdbs.length > 0 ? disruptionsAllowed(pdbs, allNodes) : [];
      for (const nodeInfo of potential) {
        // A node with no lower-priority pod has no victims: say so without a dry run.
        if (!hasLowerPriorityPod(nodeInfo, pod.priority)) {
          statuses.statuses.set(nodeInfo.node.name, fwk.unresolvable(ERR_REASON_NO_VICTIMS));
          continue;
        }
        const outcome = this.selectVictimsOnNode(state.clone(), pod, nodeInfo.clone(), pdbs, allowed);
        if ('victims' in outcome) {
          candidates.push({ node: nodeInfo.node.name, ...outcome });
        } else {
          statuses.statuses.set(nodeInfo.node.name, outcome.status);
        }
      }
    }
    const best = pickOneNodeForPreemption(candidates);
    if (!best) {
      const diagnosis: Diagnosis = { nodeToStatus: statuses };
      return { status: fwk.unschedulable(`preemption: ${fitErrorMessage(nodeNames, diagnosis)}`) };
    }
    return { result: { nominatedNodeName: best.node, victims: best.victims }, status: null };
  }

  /**
   * The fewest pods to evict from the node so the pod fits, or why none will do.
   * `nodeInfo` and `state` are copies: the dry run changes them freely.
   */
  selectVictimsOnNode(
    state: fwk.CycleState,
    pod: Pod,
    nodeInfo: fwk.NodeInfo,
    pdbs: readonly PodDisruptionBudget[],
    allowed: readonly number[],
  ): { victims: Pod[]; numPDBViolations: number } | { status: fwk.Status } {
    const handle = this.handle;
    const potential: Pod[] = [];
    for (const p of nodeInfo.pods.slice()) {
      if (p.priority < pod.priority) {
        potential.push(p);
        nodeInfo.removePod(p);
        const s = handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
        if (s && !s.isSuccess()) return { status: s };
      }
    }
    if (potential.length === 0) return { status: fwk.unresolvable(ERR_REASON_NO_VICTIMS) };
    const fits = handle.runFilterPlugins(state, pod, nodeInfo);
    if (fits !== null && !fits.isSuccess()) return { status: fits };

    potential.sort(byImportance);
    const { violating, nonViolating } = splitByPDBViolation(potential, pdbs, allowed);
    const victims: Pod[] = [];
    let numPDBViolations = 0;
    const reprieve = (p: Pod): boolean => {
      nodeInfo.addPod(p);
      handle.runPreFilterExtensionAddPod(state, pod, p, nodeInfo);
      const s = handle.runFilterPlugins(state, pod, nodeInfo);
      if (s === null || s.isSuccess()) return true;
      nodeInfo.removePod(p);
      handle.runPreFilterExtensionRemovePod(state, pod, p, nodeInfo);
      victims.push(p);
      return false;
    };
    for (const p of violating) if (!reprieve(p)) numPDBViolations++;
    for (const p of nonViolating) reprieve(p);
    if (violating.length > 0 && nonViolating.length > 0) victims.sort(byImportance);
    if (victims.length === 0) {
      return { status: fwk.errorStatus(`expected at least one victim pod on node "${nodeInfo.node.name}"`) };
    }
    return { victims, numPDBViolations };
  }
}
