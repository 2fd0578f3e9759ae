/**
 * PodTopologySpread, as upstream's podtopologyspread plugin: hard constraints
 * (DoNotSchedule) in Filter, soft ones (ScheduleAnyway, and the system defaults for
 * owned pods) in Score, with PreFilter extensions for preemption's dry runs.
 *
 * Longer than ~400 lines because upstream's filtering.go, scoring.go and common.go share
 * one constraint model and one set of incremental counts, and the batch forms
 * (filterNodes, scoreNodes) must stay beside the per-node ones they must equal.
 */
import { labelSelectorIsEmpty, labelSelectorMatches, mergeLabelKeys } from '../../k8s/labels.ts';
import { podMatchesNodeSelectorAndAffinity } from '../../k8s/node-affinity.ts';
import { findUntoleratedTaint, scheduleBlockingTaint } from '../../k8s/taints.ts';
import type { LabelSelector, TopologySpreadConstraint } from '../../model/k8s.ts';
import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';
import {
  countingExtensions,
  type DomainCounts,
  type FilterNodes,
  filterNodesByIndex,
  snapshotGenerations,
  TopologyCounts,
} from './topology-counts.ts';

/** Upstream's reasons, word for word. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export const LabelHostname = 'kubernetes.io/hostname';
export const LabelTopologyZone = 'topology.kubernetes.io/zone';

/**
 * The cluster-level defaults kube-scheduler applies (defaultingType: System) to a pod
 * that declares no constraints of its own and belongs to a Service, ReplicaSet,
 * StatefulSet or ReplicationController. They only ever affect scoring.
 */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LabelHostname, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LabelTopologyZone, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/** Owners whose pods get the default constraints (upstream finds them through listers). */
const SPREAD_OWNER_KINDS = new Set(['ReplicaSet', 'StatefulSet', 'ReplicationController', 'Deployment']);

/**
 * Labels the controllers set per pod, not per workload: a selector made of them would
 * single out one pod instead of its siblings.
 */
const PER_POD_LABELS = new Set([
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-revision-hash',
]);

/** A spread constraint with its selector resolved (matchLabelKeys merged) and defaults applied. */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  /** null selects nothing, as a missing labelSelector does upstream. */
  selector: LabelSelector | null;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

function resolveConstraints(
  constraints: readonly TopologySpreadConstraint[],
  labels: Readonly<Record<string, string>>,
  action: 'DoNotSchedule' | 'ScheduleAnyway',
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: mergeLabelKeys(c.labelSelector, labels, c.matchLabelKeys),
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

/**
 * The selector the system defaults use. Upstream ORs in the selectors of the Services,
 * ReplicaSets, StatefulSets and ReplicationControllers that own or select the pod.
 * berth sees workloads, not their Services, so a pod owned by a Deployment, ReplicaSet,
 * StatefulSet or ReplicationController is spread among the pods that carry all of its
 * own labels (those controllers set per pod left out). A workload's selector is a subset
 * of its template labels, so this selects the same siblings in every ordinary cluster;
 * bare pods, Jobs and DaemonSets get no default spreading, as upstream unless a Service
 * selects them.
 */
export function defaultSpreadSelector(pod: Pod): LabelSelector | null {
  const owned =
    (pod.workload !== undefined && SPREAD_OWNER_KINDS.has(pod.workload.kind)) ||
    (pod.ownerReferences ?? []).some((o) => o.controller === true && SPREAD_OWNER_KINDS.has(o.kind ?? ''));
  if (!owned) return null;
  const matchLabels: Record<string, string> = {};
  let any = false;
  for (const key in pod.labels) {
    if (PER_POD_LABELS.has(key)) continue;
    matchLabels[key] = pod.labels[key] as string;
    any = true;
  }
  return any ? { matchLabels } : null;
}

/** The pod's constraints for one action: its own, or the system defaults when it declares none. */
export function spreadConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  const own = pod.spec.topologySpreadConstraints ?? [];
  if (own.length > 0) return resolveConstraints(own, pod.labels, action);
  const constraints = resolveConstraints(SYSTEM_DEFAULT_CONSTRAINTS, pod.labels, action);
  if (constraints.length === 0) return [];
  const selector = defaultSpreadSelector(pod);
  if (!selector) return [];
  for (const c of constraints) c.selector = selector;
  return constraints;
}

function hasAllKeys(
  labels: Readonly<Record<string, string>>,
  constraints: readonly SpreadConstraint[],
): boolean {
  for (const c of constraints) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}

/** nodeAffinityPolicy / nodeTaintsPolicy: whether the node's pods count for this constraint. */
function includesNode(c: SpreadConstraint, pod: Pod, nodeInfo: fwk.NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !podMatchesNodeSelectorAndAffinity(pod.spec, nodeInfo.node))
    return false;
  if (
    c.nodeTaintsPolicy === 'Honor' &&
    findUntoleratedTaint(nodeInfo.node.taints, pod.spec.tolerations, scheduleBlockingTaint)
  ) {
    return false;
  }
  return true;
}

interface ConstraintCounts {
  constraint: SpreadConstraint;
  /** Matching pods per eligible domain (zero entries included). */
  counts: Map<string, number>;
  /** The global minimum, 0 when fewer domains than minDomains are eligible. */
  min: number;
  selfMatch: number;
  /** The values of `counts` that are not zero, while `counts` is the cache's own map. */
  nonzero: ReadonlySet<string> | undefined;
}

function minMatch(counts: ReadonlyMap<string, number>, minDomains: number): number {
  if (counts.size < minDomains) return 0;
  let min = 2 ** 31 - 1;
  for (const n of counts.values()) if (n < min) min = n;
  return min;
}

const PRE_FILTER_KEY = fwk.preFilterStateKey(names.PodTopologySpread);
const PRE_SCORE_KEY = fwk.preScoreStateKey(names.PodTopologySpread);
/** Score's state when PreScore did not run: no constraint to score by, every node scores 0 (see readScoreState). */
const nothingToScore = (): PreScoreState => ({ constraints: [], spread: [], requireAllTopologies: false });

/**
 * PreFilter state. The counts maps are shared with the plugin's caches until a
 * preemption dry run changes them, when they are copied first.
 */
class PreFilterState implements fwk.StateData {
  readonly constraints: ConstraintCounts[];
  private owned: boolean;

  constructor(constraints: ConstraintCounts[], owned: boolean) {
    this.constraints = constraints;
    this.owned = owned;
  }

  clone(): PreFilterState {
    this.owned = false;
    return new PreFilterState(
      this.constraints.map((c) => ({ ...c })),
      false,
    );
  }

  update(updated: Pod, preemptor: Pod, nodeInfo: fwk.NodeInfo, delta: number): void {
    if (updated.namespace !== preemptor.namespace) return;
    const labels = nodeInfo.node.labels;
    if (
      !hasAllKeys(
        labels,
        this.constraints.map((c) => c.constraint),
      )
    )
      return;
    if (!this.owned) {
      for (const c of this.constraints) {
        c.counts = new Map(c.counts);
        c.nonzero = undefined;
      }
      this.owned = true;
    }
    for (const c of this.constraints) {
      const constraint = c.constraint;
      if (!labelSelectorMatches(constraint.selector, updated.labels)) continue;
      if (!includesNode(constraint, preemptor, nodeInfo)) continue;
      const value = labels[constraint.topologyKey] as string;
      c.counts.set(value, (c.counts.get(value) ?? 0) + delta);
      c.min = minMatch(c.counts, constraint.minDomains);
    }
  }
}

interface ScoreConstraint {
  constraint: SpreadConstraint;
  weight: number;
  /** Per domain counts (non-hostname keys). */
  domains?: DomainCounts;
  /** Per node counts (hostname key), by snapshot index. */
  perNode?: Int32Array;
}

interface PreScoreState extends fwk.StateData {
  constraints: ScoreConstraint[];
  /** The same constraints, unwrapped, for the every-key check. */
  spread: SpreadConstraint[];
  requireAllTopologies: boolean;
}

/**
 * PodTopologySpread: keeps matching pods spread across topology domains.
 *
 * Filter (DoNotSchedule): placing the pod in a domain must keep
 * `matching pods there + (1 if the pod matches itself) - global minimum <= maxSkew`.
 * Worked example: zones a/b/c hold 2/1/0 matching pods and maxSkew is 1, so the
 * minimum is 0; a -> 2+1-0 = 3 (no), b -> 2 (no), c -> 1 (yes).
 *
 * Score (ScheduleAnyway and the system defaults): fewer matching pods in the node's
 * domains score higher; each count is weighted by log(number of domains + 2) so a key
 * with many small domains (hostname) does not drown one with a few (zone).
 */
export class PodTopologySpread
  implements fwk.PreFilterPlugin, fwk.FilterPlugin, fwk.PreScorePlugin, fwk.ScorePlugin, fwk.DomainStructured
{
  readonly name = names.PodTopologySpread;
  private readonly handle: fwk.Handle;
  private readonly cache = new TopologyCounts();
  private indexByName = new Map<string, number>();

  constructor(handle: fwk.Handle) {
    this.handle = handle;
  }

  private keyIds = new Map<string, { has: Uint8Array; ids: Int32Array; values: string[] }>();
  private stamp = new Int32Array(0);
  private stampValue = 0;

  private idsOf(key: string) {
    let entry = this.keyIds.get(key);
    if (!entry) {
      const nodeInfos = this.handle.snapshot.nodeInfos;
      const has = new Uint8Array(nodeInfos.length);
      const ids = new Int32Array(nodeInfos.length);
      const values: string[] = [];
      const byValue = new Map<string, number>();
      nodeInfos.forEach((n, k) => {
        const labels = n.node.labels;
        has[k] = Object.hasOwn(labels, key) ? 1 : 0;
        const v = labels[key] ?? '';
        let id = byValue.get(v);
        if (id === undefined) {
          id = values.length;
          values.push(v);
          byValue.set(v, id);
        }
        ids[k] = id;
      });
      entry = { has, ids, values };
      this.keyIds.set(key, entry);
      if (this.stamp.length < nodeInfos.length + 1) this.stamp = new Int32Array(nodeInfos.length + 1);
    }
    return entry;
  }

  private useSnapshot(): readonly fwk.NodeInfo[] {
    const nodeInfos = this.handle.snapshot.nodeInfos;
    if (nodeInfos !== this.cache.nodes) {
      this.keyIds.clear();
      this.cache.use(nodeInfos, snapshotGenerations(this.handle.snapshot), this.handle.snapshot.changes);
      this.indexByName = new Map(nodeInfos.map((n, i) => [n.name, i]));
    }
    return nodeInfos;
  }

  /**
   * Matching pods per domain for one constraint, over the nodes that count: those that
   * carry every key in `keys` and pass the constraint's inclusion policies.
   */
  private domains(pod: Pod, c: SpreadConstraint, keys: readonly SpreadConstraint[] | null): DomainCounts {
    const selector = c.selector;
    const namespace = pod.namespace;
    const selectorSignature = `${namespace}\u0000${JSON.stringify(selector)}`;
    // An empty selector counts nothing in upstream's countPodsMatchSelector.
    const counts = selector !== null && !labelSelectorIsEmpty(selector);
    const matcher = counts
      ? (p: Pod) => p.namespace === namespace && labelSelectorMatches(selector, p.labels)
      : () => false;
    const affinity =
      c.nodeAffinityPolicy === 'Honor'
        ? JSON.stringify([
            pod.spec.nodeSelector,
            pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
          ])
        : '*';
    const taints = c.nodeTaintsPolicy === 'Honor' ? JSON.stringify(pod.spec.tolerations ?? []) : '*';
    const keyList = keys ? keys.map((k) => k.topologyKey) : [c.topologyKey];
    const eligibleSignature = `${keyList.join(',')}|${affinity}|${taints}|${keys ? 'all' : 'own'}`;
    const eligible = this.cache.eligible(eligibleSignature, (nodeInfo) => {
      const labels = nodeInfo.node.labels;
      if (keys ? !hasAllKeys(labels, keys) : !Object.hasOwn(labels, c.topologyKey)) return false;
      return includesNode(c, pod, nodeInfo);
    });
    return this.cache.domainCounts(
      selectorSignature,
      matcher,
      eligibleSignature,
      eligible,
      c.topologyKey,
      counts ? selector : null,
    );
  }

  preFilter(state: fwk.CycleState, pod: Pod): { result?: fwk.PreFilterResult; status: fwk.MaybeStatus } {
    const constraints = spreadConstraints(pod, 'DoNotSchedule');
    if (constraints.length === 0) return { status: fwk.skip() };
    this.useSnapshot();
    const counted: ConstraintCounts[] = constraints.map((c) => {
      const { byValue, nonzero } = this.domains(pod, c, constraints);
      return {
        constraint: c,
        counts: byValue,
        min: minMatch(byValue, c.minDomains),
        selfMatch: labelSelectorMatches(c.selector, pod.labels) ? 1 : 0,
        nonzero,
      };
    });
    state.write(PRE_FILTER_KEY, new PreFilterState(counted, false));
    return { status: null };
  }

  preFilterExtensions(): fwk.PreFilterExtensions {
    return countingExtensions<PreFilterState>(PRE_FILTER_KEY, (data, pod, podToSchedule, nodeInfo, delta) =>
      data.update(pod, podToSchedule, nodeInfo, delta),
    );
  }

  filter(state: fwk.CycleState, _pod: Pod, nodeInfo: fwk.NodeInfo): fwk.MaybeStatus {
    const data = fwk.readState<PreFilterState>(state, PRE_FILTER_KEY);
    if (data instanceof fwk.Status) return data;
    const labels = nodeInfo.node.labels;
    for (const c of data.constraints) {
      const key = c.constraint.topologyKey;
      if (!Object.hasOwn(labels, key)) return fwk.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      const matchNum = c.counts.get(labels[key] as string) ?? 0;
      if (matchNum + c.selfMatch - c.min > c.constraint.maxSkew)
        return fwk.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return null;
  }

  /**
   * Keys: every constraint's, both actions. A node whose count is its own (hostname,
   * or any key with one node per domain) is special when that count is not zero:
   * every other node of its group counts zero there.
   */
  domainStructure(state: fwk.CycleState, pod: Pod): fwk.DomainStructure {
    this.useSnapshot();
    const keys = new Set<string>();
    const special: number[] = [];
    const addValues = (key: string, values: Iterable<string>): void => {
      const domains = this.cache.domainsOfKey(key);
      if (!domains.perNode) return;
      for (const value of values) {
        const id = domains.idOf.get(value);
        if (id !== undefined) special.push(domains.nodeOf[id] as number);
      }
    };
    const filter = state.read<PreFilterState>(PRE_FILTER_KEY);
    for (const c of filter?.constraints ?? []) {
      const key = c.constraint.topologyKey;
      keys.add(key);
      if (c.nonzero) addValues(key, c.nonzero);
      else for (const [value, n] of c.counts) if (n !== 0) addValues(key, [value]);
    }
    const constraints = spreadConstraints(pod, 'ScheduleAnyway');
    const own = (pod.spec.topologySpreadConstraints ?? []).length > 0;
    for (const c of constraints) {
      keys.add(c.topologyKey);
      if (c.topologyKey === LabelHostname) {
        // Scored by each node's own count, whatever nodes share the label.
        for (const k of this.hostnameCounter(pod, c).nonzero) special.push(k);
      } else if (this.cache.domainsOfKey(c.topologyKey).perNode) {
        addValues(c.topologyKey, this.domains(pod, c, own ? constraints : null).nonzero);
      }
    }
    return { keys: [...keys], special };
  }

  /** Matching pods per node for a hostname constraint, synced. */
  private hostnameCounter(pod: Pod, c: SpreadConstraint) {
    const selector = c.selector;
    const namespace = pod.namespace;
    const counts = selector !== null && !labelSelectorIsEmpty(selector);
    return this.cache.counter(
      `${namespace}\u0000${JSON.stringify(selector)}`,
      counts
        ? (p: Pod) => p.namespace === namespace && labelSelectorMatches(selector, p.labels)
        : () => false,
      counts ? selector : null,
    );
  }

  preScore(
    state: fwk.CycleState,
    pod: Pod,
    nodes: readonly fwk.NodeInfo[],
    weights?: Int32Array,
  ): fwk.MaybeStatus {
    if (nodes.length === 0) return fwk.skip();
    const own = (pod.spec.topologySpreadConstraints ?? []).length > 0;
    const constraints = spreadConstraints(pod, 'ScheduleAnyway');
    if (constraints.length === 0) return fwk.skip();
    this.useSnapshot();
    // Only explicit constraints require every key: with the system defaults a node
    // without a zone label still gets hostname spreading.
    const requireAllTopologies = own;
    const scored: ScoreConstraint[] = [];
    let ignored = 0;
    const idx = this.indicesOf(nodes, nodes.length);
    // lacking[i]: the node at position i misses a key while every key is required.
    if (this.lackingBuf.length < nodes.length) this.lackingBuf = new Uint8Array(nodes.length);
    const lacking = this.lackingBuf;
    lacking.fill(0, 0, nodes.length);
    if (requireAllTopologies) {
      for (const c of constraints) {
        const { has } = this.idsOf(c.topologyKey);
        for (let i = 0; i < nodes.length; i++) if (has[idx[i] as number] === 0) lacking[i] = 1;
      }
      for (let i = 0; i < nodes.length; i++)
        if (lacking[i] === 1) ignored += weights ? (weights[i] as number) : 1;
    }
    let represented = nodes.length;
    if (weights) {
      represented = 0;
      for (let i = 0; i < nodes.length; i++) represented += weights[i] as number;
    }
    for (const c of constraints) {
      let size: number;
      const entry: ScoreConstraint = { constraint: c, weight: 0 };
      if (c.topologyKey === LabelHostname) {
        size = represented - ignored;
        entry.perNode = this.hostnameCounter(pod, c).counts;
      } else if (weights && this.cache.domainsOfKey(c.topologyKey).perNode) {
        // Each entry stands for weights[i] nodes of as many domains; nodes without
        // the key share the one empty value.
        const { has } = this.idsOf(c.topologyKey);
        size = 0;
        let unlabelled = 0;
        for (let i = 0; i < nodes.length; i++) {
          if (lacking[i] === 1) continue;
          if (has[idx[i] as number] === 1) size += weights[i] as number;
          else unlabelled = 1;
        }
        size += unlabelled;
        entry.domains = this.domains(pod, c, requireAllTopologies ? constraints : null);
      } else {
        // Domains are those of the candidate nodes; pods are counted on every node
        // (candidate or not) that passes the inclusion policies.
        const { ids } = this.idsOf(c.topologyKey);
        const stamp = this.stamp;
        const mark = ++this.stampValue;
        size = 0;
        for (let i = 0; i < nodes.length; i++) {
          if (lacking[i] === 1) continue;
          const id = ids[idx[i] as number] as number;
          if (stamp[id] !== mark) {
            stamp[id] = mark;
            size++;
          }
        }
        entry.domains = this.domains(pod, c, requireAllTopologies ? constraints : null);
      }
      entry.weight = Math.log(size + 2);
      scored.push(entry);
    }
    const data: PreScoreState = { constraints: scored, spread: constraints, requireAllTopologies };
    state.write(PRE_SCORE_KEY, data);
    return null;
  }

  score(state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): number {
    const data = fwk.readScoreState(state, PRE_SCORE_KEY, pod, nothingToScore);
    const labels = nodeInfo.node.labels;
    if (data.requireAllTopologies && !hasAllKeys(labels, data.spread)) return 0;
    let score = 0;
    for (const c of data.constraints) {
      const key = c.constraint.topologyKey;
      if (!Object.hasOwn(labels, key)) continue;
      let count: number;
      if (c.perNode) {
        const i = nodeInfo.index >= 0 ? nodeInfo.index : (this.indexByName.get(nodeInfo.name) ?? -1);
        count = c.perNode[i] ?? 0;
      } else count = c.domains?.byValue.get(labels[key] as string) ?? 0;
      score += count * c.weight + (c.constraint.maxSkew - 1);
    }
    return Math.round(score);
  }

  /** Node indices of `nodes` (reused buffer); -1 marks a copy outside the snapshot. */
  private indexBuf = new Int32Array(0);
  /** 1 where a node is left out of scoring for lacking a key (reused buffer). */
  private lackingBuf = new Uint8Array(0);

  private indicesOf(nodes: readonly fwk.NodeInfo[], count: number): Int32Array {
    if (this.indexBuf.length < count) this.indexBuf = new Int32Array(count);
    const idx = this.indexBuf;
    for (let i = 0; i < count; i++) idx[i] = (nodes[i] as fwk.NodeInfo).index;
    return idx;
  }

  /** Per position, whether the node lacks one of the constraints' keys when every key is required. */
  private lackingOf(data: PreScoreState, nodes: readonly fwk.NodeInfo[], idx: Int32Array): Uint8Array {
    if (this.lackingBuf.length < nodes.length) this.lackingBuf = new Uint8Array(nodes.length);
    const lacking = this.lackingBuf;
    lacking.fill(0, 0, nodes.length);
    if (!data.requireAllTopologies) return lacking;
    for (const c of data.spread) {
      const { has } = this.idsOf(c.topologyKey);
      for (let i = 0; i < nodes.length; i++) {
        const k = idx[i] as number;
        if (k < 0) {
          if (!hasAllKeys((nodes[i] as fwk.NodeInfo).node.labels, data.spread)) lacking[i] = 1;
        } else if (has[k] === 0) lacking[i] = 1;
      }
    }
    return lacking;
  }

  /**
   * As `filter` on each node: the counts are read once per domain into a typed array,
   * then each node is checked constraint by constraint, in the same order.
   */
  readonly filterNodes: FilterNodes = filterNodesByIndex<PreFilterState>(PRE_FILTER_KEY, this, (data) =>
    this.checkByIndex(data),
  );

  /** This cycle's `filter`, for the snapshot node at index k. */
  private checkByIndex(data: PreFilterState): (k: number) => fwk.MaybeStatus {
    const cs = data.constraints.map((c) => {
      const e = this.idsOf(c.constraint.topologyKey);
      const byId = new Float64Array(e.values.length);
      for (let id = 0; id < e.values.length; id++) byId[id] = c.counts.get(e.values[id] as string) ?? 0;
      return {
        has: e.has,
        ids: e.ids,
        byId,
        selfMatch: c.selfMatch,
        min: c.min,
        maxSkew: c.constraint.maxSkew,
      };
    });
    return (k) => {
      for (const c of cs) {
        if (c.has[k] === 0) return fwk.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
        if ((c.byId[c.ids[k] as number] as number) + c.selfMatch - c.min > c.maxSkew) {
          return fwk.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
        }
      }
      return null;
    };
  }

  /**
   * As `score` on each node. Constraint by constraint, each adds its term to every
   * node's sum in one loop over typed arrays; the terms are added in the order `score`
   * adds them, so the sums are the same floats.
   */
  scoreNodes(state: fwk.CycleState, pod: Pod, nodes: readonly fwk.NodeInfo[], scores: Float64Array): void {
    const data = fwk.readScoreState(state, PRE_SCORE_KEY, pod, nothingToScore);
    const n = nodes.length;
    scores.fill(0, 0, n);
    const idx = this.indicesOf(nodes, n);
    for (const c of data.constraints) {
      const e = this.idsOf(c.constraint.topologyKey);
      const has = e.has;
      const weight = c.weight;
      const extra = c.constraint.maxSkew - 1;
      if (c.perNode) {
        const perNode = c.perNode;
        for (let i = 0; i < n; i++) {
          const k = idx[i] as number;
          if (k < 0 || has[k] === 0) continue;
          scores[i] = (scores[i] as number) + ((perNode[k] as number) * weight + extra);
        }
      } else {
        // The term of each domain, computed once: count * weight + (maxSkew - 1).
        const term = new Float64Array(e.values.length);
        for (let id = 0; id < e.values.length; id++)
          term[id] = (c.domains?.byValue.get(e.values[id] as string) ?? 0) * weight + extra;
        const ids = e.ids;
        for (let i = 0; i < n; i++) {
          const k = idx[i] as number;
          if (k < 0 || has[k] === 0) continue;
          scores[i] = (scores[i] as number) + (term[ids[k] as number] as number);
        }
      }
    }
    const lacking = this.lackingOf(data, nodes, idx);
    for (let i = 0; i < n; i++) {
      if ((idx[i] as number) < 0) scores[i] = this.score(state, pod, nodes[i] as fwk.NodeInfo);
      else scores[i] = lacking[i] === 1 ? 0 : Math.round(scores[i] as number);
    }
  }

  /**
   * Fewer matching pods is better: score = 100 * (max + min - s) / max (integer
   * division), every node 100 when the maximum is 0, and 0 for nodes missing a key.
   */
  normalizeScore(
    state: fwk.CycleState,
    _pod: Pod,
    scores: Float64Array,
    nodes: readonly fwk.NodeInfo[],
  ): fwk.MaybeStatus {
    const data = fwk.readState<PreScoreState>(state, PRE_SCORE_KEY);
    if (data instanceof fwk.Status) return data;
    const lacking = this.lackingOf(data, nodes, this.indicesOf(nodes, nodes.length));
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (lacking[i] === 1) continue;
      const s = scores[i] as number;
      if (s < min) min = s;
      if (s > max) max = s;
    }
    for (let i = 0; i < scores.length; i++) {
      if (lacking[i] === 1) scores[i] = 0;
      else if (max === 0) scores[i] = fwk.MAX_NODE_SCORE;
      else scores[i] = Math.trunc((fwk.MAX_NODE_SCORE * (max + min - (scores[i] as number))) / max);
    }
    return null;
  }
}
