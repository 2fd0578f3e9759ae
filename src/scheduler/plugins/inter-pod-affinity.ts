/**
 * InterPodAffinity, as upstream's interpodaffinity plugin: required pod affinity and
 * anti-affinity (the pod's own terms and existing pods' anti-affinity terms that select
 * it) in Filter, preferred terms in Score, and PreFilter extensions so preemption's dry
 * runs see victims leave.
 *
 * Longer than one idea's ~400 lines because upstream's plugin is four files (filtering,
 * scoring, plugin, and the term index in the framework's types) that share one term
 * model and one set of incremental counts; split, each would re-export the others' internals.
 */
import { labelSelectorIsEmpty, labelSelectorMatches, mergeLabelKeys } from '../../k8s/labels.ts';
import type { LabelSelector, PodAffinityTerm } from '../../model/k8s.ts';
import type { Pod } from '../../model/types.ts';
import * as fwk from '../framework/interfaces.ts';
import { names } from '../names.ts';
import {
  type ChangeCursor,
  countingExtensions,
  type FilterNodes,
  filterNodesByIndex,
  forEachChangedNode,
  type KeyDomains,
  snapshotGenerations,
  TopologyCounts,
} from './topology-counts.ts';

/** Upstream's reasons, word for word. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** Upstream's default InterPodAffinityArgs.hardPodAffinityWeight. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

type Labels = Readonly<Record<string, string>>;
const NO_LABELS: Labels = Object.freeze({});

/** A pod affinity term as the scheduler evaluates it (upstream's framework.AffinityTerm). */
export interface AffinityTerm {
  /** null selects no pod (a term without labelSelector). */
  selector: LabelSelector | null;
  namespaces: ReadonlySet<string>;
  /** null selects no namespace; `{}` selects every namespace. */
  namespaceSelector: LabelSelector | null;
  topologyKey: string;
  /** Identifies terms that select the same pods, for caching counts. */
  signature: string;
}

interface WeightedTerm {
  term: AffinityTerm;
  weight: number;
}

interface PodTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedTerm[];
  preferredAntiAffinity: WeightedTerm[];
}

function makeTerm(
  selector: LabelSelector | null,
  namespaces: ReadonlySet<string>,
  namespaceSelector: LabelSelector | null,
  topologyKey: string,
): AffinityTerm {
  const signature = JSON.stringify([selector, [...namespaces].sort(), namespaceSelector, topologyKey]);
  return { selector, namespaces, namespaceSelector, topologyKey, signature };
}

/** A term of `pod`: no namespaces and no namespaceSelector mean the pod's own namespace. */
export function affinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const listed = term.namespaces ?? [];
  const namespaces =
    listed.length === 0 && !term.namespaceSelector ? new Set([pod.namespace]) : new Set(listed);
  return makeTerm(
    mergeLabelKeys(term.labelSelector, pod.labels, term.matchLabelKeys, term.mismatchLabelKeys),
    namespaces,
    term.namespaceSelector ?? null,
    term.topologyKey,
  );
}

/** Whether `pod` (in a namespace labelled `namespaceLabels`) is selected by the term. */
export function termMatches(term: AffinityTerm, pod: Pod, namespaceLabels: Labels): boolean {
  const inNamespace =
    term.namespaces.has(pod.namespace) ||
    (term.namespaceSelector !== null && labelSelectorMatches(term.namespaceSelector, namespaceLabels));
  return inNamespace && labelSelectorMatches(term.selector, pod.labels);
}

function allTermsMatch(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const term of terms) if (!termMatches(term, pod, NO_LABELS)) return false;
  return true;
}

const termsCache = new WeakMap<Pod, PodTerms>();

/** The pod's terms, parsed once per pod object. */
export function podTerms(pod: Pod): PodTerms {
  let terms = termsCache.get(pod);
  if (terms) return terms;
  const affinity = pod.spec.affinity;
  const weighted = (
    list: { weight: number; podAffinityTerm: PodAffinityTerm }[] | undefined,
  ): WeightedTerm[] =>
    (list ?? []).map((w) => ({ term: affinityTerm(pod, w.podAffinityTerm), weight: w.weight }));
  terms = {
    requiredAffinity: (affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
      affinityTerm(pod, t),
    ),
    requiredAntiAffinity: (
      affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []
    ).map((t) => affinityTerm(pod, t)),
    preferredAffinity: weighted(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(
      affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
  };
  termsCache.set(pod, terms);
  return terms;
}

/**
 * For the incoming pod's own terms upstream turns a namespaceSelector into the list of
 * namespaces it selects (mergeAffinityTermNamespacesIfNotEmpty); a selector that selects
 * everything stays as it is.
 */
function resolveNamespaces(
  term: AffinityTerm,
  namespaceLabels: Readonly<Record<string, Labels>>,
): AffinityTerm {
  const selector = term.namespaceSelector;
  if (selector === null || labelSelectorIsEmpty(selector)) return term;
  const namespaces = new Set(term.namespaces);
  for (const name in namespaceLabels) {
    if (labelSelectorMatches(selector, namespaceLabels[name] as Labels)) namespaces.add(name);
  }
  return makeTerm(term.selector, namespaces, null, term.topologyKey);
}

/** The values a shared count map holds a non-zero count for (a superset will do). */
interface NonZero {
  keys(): Iterable<string>;
}

/**
 * Counts per topology pair (key, value), as upstream's topologyToMatchedTermCount.
 * The per-domain maps are shared with the plugin's caches for the cycle; changes made
 * during preemption dry runs go to a private delta so the shared maps stay intact.
 */
class PairCounts {
  private readonly shared = new Map<string, ReadonlyMap<string, number>[]>();
  private readonly sharedNonZero = new Map<string, NonZero[]>();
  private delta: Map<string, Map<string, number>> | undefined;
  total = 0;

  addShared(key: string, byValue: ReadonlyMap<string, number>, total: number, nonzero: NonZero): void {
    const list = this.shared.get(key);
    if (list) list.push(byValue);
    else this.shared.set(key, [byValue]);
    const nz = this.sharedNonZero.get(key);
    if (nz) nz.push(nonzero);
    else this.sharedNonZero.set(key, [nonzero]);
    this.total += total;
  }

  /** Calls `add` with (at least) every value of `key` whose count may not be zero. */
  forEachNonZero(key: string, add: (value: string) => void): void {
    for (const nonzero of this.sharedNonZero.get(key) ?? []) for (const value of nonzero.keys()) add(value);
    const d = this.delta?.get(key);
    if (d) for (const [value, n] of d) if (n !== 0) add(value);
  }

  add(key: string, value: string, delta: number): void {
    this.delta ??= new Map();
    let values = this.delta.get(key);
    if (!values) {
      values = new Map();
      this.delta.set(key, values);
    }
    values.set(value, (values.get(value) ?? 0) + delta);
    this.total += delta;
  }

  get(key: string, value: string): number {
    let n = 0;
    const list = this.shared.get(key);
    if (list) for (const byValue of list) n += byValue.get(value) ?? 0;
    const d = this.delta?.get(key)?.get(value);
    return d === undefined ? n : n + d;
  }

  /** Every key with a count, shared or changed by a dry run. */
  keys(): Set<string> {
    const keys = new Set(this.shared.keys());
    if (this.delta) for (const key of this.delta.keys()) keys.add(key);
    return keys;
  }

  /**
   * Writes `get(key, value)` for every domain of `key` into `out` (by domain number),
   * which must be zeroed and at least as long as the number of domains.
   */
  fill(key: string, domains: KeyDomains, out: Float64Array): void {
    const add = (byValue: ReadonlyMap<string, number>) => {
      for (const [value, n] of byValue) {
        if (n === 0) continue;
        const id = domains.idOf.get(value);
        if (id !== undefined) out[id] = (out[id] as number) + n;
      }
    };
    const list = this.shared.get(key);
    if (list) for (const byValue of list) add(byValue);
    const d = this.delta?.get(key);
    if (d) add(d);
  }

  /** Whether some topology pair of the node's labels has a positive count. */
  anyPositive(labels: Labels): boolean {
    for (const key of this.shared.keys()) {
      if (Object.hasOwn(labels, key) && this.get(key, labels[key] as string) > 0) return true;
    }
    if (this.delta) {
      for (const key of this.delta.keys()) {
        if (Object.hasOwn(labels, key) && this.get(key, labels[key] as string) > 0) return true;
      }
    }
    return false;
  }

  clone(): PairCounts {
    const copy = new PairCounts();
    for (const [key, list] of this.shared) copy.shared.set(key, list.slice());
    for (const [key, list] of this.sharedNonZero) copy.sharedNonZero.set(key, list.slice());
    if (this.delta) copy.delta = new Map([...this.delta].map(([k, v]) => [k, new Map(v)]));
    copy.total = this.total;
    return copy;
  }
}

const PRE_FILTER_KEY = fwk.preFilterStateKey(names.InterPodAffinity);
const PRE_SCORE_KEY = fwk.preScoreStateKey(names.InterPodAffinity);
/** Score's state when PreScore did not run: nothing to add up, every node scores 0 (see readScoreState). */
const nothingToScore = (): PreScoreState => ({ sources: [] });
/** Set once the plugin's caches follow this cycle's nodes. */
const SYNCED_KEY = `Synced${names.InterPodAffinity}`;
/** What the pod's score adds up, computed once per cycle (see scoreSources). */
const SOURCES_KEY = `Sources${names.InterPodAffinity}`;

class PreFilterState implements fwk.StateData {
  readonly pod: Pod;
  readonly namespaceLabels: Labels;
  /** The incoming pod's required terms, namespaceSelector resolved. */
  readonly affinityTerms: AffinityTerm[];
  readonly antiAffinityTerms: AffinityTerm[];
  /** Existing pods matching all of the incoming pod's affinity terms. */
  readonly affinityCounts: PairCounts;
  /** Existing pods matching one of the incoming pod's anti-affinity terms. */
  readonly antiAffinityCounts: PairCounts;
  /** Existing pods whose required anti-affinity terms match the incoming pod. */
  readonly existingAntiAffinityCounts: PairCounts;
  /** The incoming pod matches all its own affinity terms. */
  readonly matchesOwnAffinity: boolean;

  constructor(
    pod: Pod,
    namespaceLabels: Labels,
    affinityTerms: AffinityTerm[],
    antiAffinityTerms: AffinityTerm[],
    counts: [PairCounts, PairCounts, PairCounts],
  ) {
    this.pod = pod;
    this.namespaceLabels = namespaceLabels;
    this.affinityTerms = affinityTerms;
    this.antiAffinityTerms = antiAffinityTerms;
    [this.affinityCounts, this.antiAffinityCounts, this.existingAntiAffinityCounts] = counts;
    this.matchesOwnAffinity = allTermsMatch(affinityTerms, pod);
  }

  clone(): PreFilterState {
    return new PreFilterState(this.pod, this.namespaceLabels, this.affinityTerms, this.antiAffinityTerms, [
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
      this.existingAntiAffinityCounts.clone(),
    ]);
  }

  /** Upstream's updateWithPod: follow a pod added to (+1) or removed from (-1) a node. */
  update(updated: Pod, nodeInfo: fwk.NodeInfo, multiplier: number): void {
    const labels = nodeInfo.node.labels;
    for (const term of podTerms(updated).requiredAntiAffinity) {
      if (Object.hasOwn(labels, term.topologyKey) && termMatches(term, this.pod, this.namespaceLabels)) {
        this.existingAntiAffinityCounts.add(term.topologyKey, labels[term.topologyKey] as string, multiplier);
      }
    }
    if (allTermsMatch(this.affinityTerms, updated)) {
      for (const key of new Set(this.affinityTerms.map((t) => t.topologyKey))) {
        if (Object.hasOwn(labels, key)) this.affinityCounts.add(key, labels[key] as string, multiplier);
      }
    }
    for (const term of this.antiAffinityTerms) {
      if (Object.hasOwn(labels, term.topologyKey) && termMatches(term, updated, NO_LABELS)) {
        this.antiAffinityCounts.add(term.topologyKey, labels[term.topologyKey] as string, multiplier);
      }
    }
  }
}

const REQUIRED_ANTI = 0;
const REQUIRED_AFFINITY = 1;
const PREFERRED = 2;

/** One distinct term carried by existing pods, with how many such pods sit in each domain. */
interface IndexEntry {
  term: AffinityTerm;
  kind: number;
  /** Score contribution per pod: hardPodAffinityWeight, +weight or -weight. */
  factor: number;
  byValue: Map<string, number>;
  total: number;
}

interface Contribution {
  entry: IndexEntry;
  value: string;
  count: number;
}

/**
 * The terms of existing pods, grouped by identical term, with their pods counted per
 * topology domain. Whether a term selects the incoming pod is then decided once per
 * distinct term instead of once per existing pod: a Deployment of 500 replicas with
 * anti-affinity is one entry. Refreshed only on nodes whose pods changed.
 */
class ExistingTermsIndex {
  readonly entries = new Map<string, IndexEntry>();
  private nodeInfos: readonly fwk.NodeInfo[] = [];
  private perNode: Contribution[][] = [];
  /** Generation each node was indexed at; -1 (never) at first. */
  private seen = new Float64Array(0);
  private readonly cursor: ChangeCursor = { position: -1 };

  sync(nodeInfos: readonly fwk.NodeInfo[], generations: Float64Array | undefined, log?: fwk.ChangeLog): void {
    if (nodeInfos !== this.nodeInfos) {
      this.nodeInfos = nodeInfos;
      this.entries.clear();
      this.perNode = nodeInfos.map(() => []);
      this.seen = new Float64Array(nodeInfos.length).fill(-1);
      this.cursor.position = -1;
    }
    forEachChangedNode(
      nodeInfos,
      generations,
      this.seen,
      (i, nodeInfo) => this.recount(i, nodeInfo),
      log,
      this.cursor,
    );
  }

  private recount(i: number, nodeInfo: fwk.NodeInfo): void {
    for (const c of this.perNode[i] as Contribution[]) {
      const left = (c.entry.byValue.get(c.value) as number) - c.count;
      // Only non-zero counts stay, so the keys are the domains holding such pods.
      if (left === 0) c.entry.byValue.delete(c.value);
      else c.entry.byValue.set(c.value, left);
      c.entry.total -= c.count;
    }
    if (nodeInfo.podsWithAffinity.length === 0) {
      if ((this.perNode[i] as Contribution[]).length > 0) this.perNode[i] = [];
      return;
    }
    const contributions: Contribution[] = [];
    const labels = nodeInfo.node.labels;
    const add = (term: AffinityTerm, kind: number, factor: number): void => {
      if (!Object.hasOwn(labels, term.topologyKey)) return;
      const key = `${kind}\u0000${factor}\u0000${term.signature}`;
      let entry = this.entries.get(key);
      if (!entry) {
        entry = { term, kind, factor, byValue: new Map(), total: 0 };
        this.entries.set(key, entry);
      }
      const value = labels[term.topologyKey] as string;
      entry.byValue.set(value, (entry.byValue.get(value) ?? 0) + 1);
      entry.total++;
      const existing = contributions.find((c) => c.entry === entry);
      if (existing) existing.count++;
      else contributions.push({ entry, value, count: 1 });
    };
    for (const pod of nodeInfo.podsWithAffinity) {
      const terms = podTerms(pod);
      for (const t of terms.requiredAntiAffinity) add(t, REQUIRED_ANTI, 1);
      for (const t of terms.requiredAffinity) add(t, REQUIRED_AFFINITY, HARD_POD_AFFINITY_WEIGHT);
      for (const w of terms.preferredAffinity) add(w.term, PREFERRED, w.weight);
      for (const w of terms.preferredAntiAffinity) add(w.term, PREFERRED, -w.weight);
    }
    this.perNode[i] = contributions;
  }
}

/** A weighted per-domain count the score adds up: factor * byValue[node's value for key]. */
interface ScoreSource {
  key: string;
  byValue: ReadonlyMap<string, number>;
  factor: number;
  nonzero: NonZero;
}

interface PreScoreState extends fwk.StateData {
  sources: ScoreSource[];
}

/**
 * InterPodAffinity.
 *
 * Filter, in upstream's order:
 * 1. every required affinity term needs, in the node's domain, a pod matching all of the
 *    pod's affinity terms, unless no pod anywhere matches and the pod matches its own
 *    terms (the first pod of a group that wants to be together);
 * 2. no pod matching a required anti-affinity term of the pod in the node's domain;
 * 3. no existing pod whose required anti-affinity term matches the pod in the node's domain.
 *
 * Score: for each domain, + weight for every existing pod matching a preferred affinity
 * term of the pod, - weight for the anti-affinity ones, and symmetrically for existing
 * pods' terms that match the pod (required affinity counting hardPodAffinityWeight);
 * then scaled to 0..100 between the lowest and highest node.
 */
export class InterPodAffinity
  implements fwk.PreFilterPlugin, fwk.FilterPlugin, fwk.PreScorePlugin, fwk.ScorePlugin, fwk.DomainStructured
{
  readonly name = names.InterPodAffinity;
  private readonly handle: fwk.Handle;
  private readonly cache = new TopologyCounts();
  private readonly index = new ExistingTermsIndex();

  constructor(handle: fwk.Handle) {
    this.handle = handle;
  }

  /** Brings the caches up to date; once per cycle, as nodes only change between cycles. */
  private nodes(state: fwk.CycleState): readonly fwk.NodeInfo[] {
    const snapshot = this.handle.snapshot;
    if (state.read(SYNCED_KEY)) return snapshot.nodeInfos;
    state.write(SYNCED_KEY, {});
    const generations = snapshotGenerations(snapshot);
    this.cache.use(snapshot.nodeInfos, generations, snapshot.changes);
    this.index.sync(snapshot.nodeInfos, generations, snapshot.changes);
    return snapshot.nodeInfos;
  }

  private namespaceLabels(pod: Pod): Labels {
    return this.handle.snapshot.namespaceLabels[pod.namespace] ?? NO_LABELS;
  }

  /** Existing pods selected by `matcher`, per value of `key`, over the nodes that carry the key. */
  private domainsOf(
    signature: string,
    matcher: (p: Pod) => boolean,
    key: string,
    selects: LabelSelector | null | undefined,
  ) {
    const eligible = this.cache.eligible(`has\u0000${key}`, (n) => Object.hasOwn(n.node.labels, key));
    return this.cache.domainCounts(signature, matcher, `has\u0000${key}`, eligible, key, selects);
  }

  preFilter(state: fwk.CycleState, pod: Pod): { result?: fwk.PreFilterResult; status: fwk.MaybeStatus } {
    this.nodes(state);
    const terms = podTerms(pod);
    const namespaceLabels = this.namespaceLabels(pod);
    const allNamespaces = this.handle.snapshot.namespaceLabels;

    const existing = new PairCounts();
    for (const entry of this.index.entries.values()) {
      if (entry.kind !== REQUIRED_ANTI || entry.total === 0) continue;
      if (termMatches(entry.term, pod, namespaceLabels)) {
        existing.addShared(entry.term.topologyKey, entry.byValue, entry.total, entry.byValue);
      }
    }

    const affinityTerms = terms.requiredAffinity.map((t) => resolveNamespaces(t, allNamespaces));
    const antiAffinityTerms = terms.requiredAntiAffinity.map((t) => resolveNamespaces(t, allNamespaces));
    if (existing.total === 0 && affinityTerms.length === 0 && antiAffinityTerms.length === 0) {
      return { status: fwk.skip() };
    }

    const affinity = new PairCounts();
    if (affinityTerms.length > 0) {
      const signature = `all\u0000${affinityTerms.map((t) => t.signature).join('\u0000')}`;
      const matcher = (p: Pod) => allTermsMatch(affinityTerms, p);
      for (const key of new Set(affinityTerms.map((t) => t.topologyKey))) {
        // allTermsMatch holds only where the first term's selector does.
        const domains = this.domainsOf(signature, matcher, key, affinityTerms[0]?.selector);
        affinity.addShared(key, domains.byValue, domains.total, domains.nonzero);
      }
    }
    const anti = new PairCounts();
    for (const term of antiAffinityTerms) {
      const domains = this.domainsOf(
        `one\u0000${term.signature}`,
        (p) => termMatches(term, p, NO_LABELS),
        term.topologyKey,
        term.selector,
      );
      anti.addShared(term.topologyKey, domains.byValue, domains.total, domains.nonzero);
    }

    state.write(
      PRE_FILTER_KEY,
      new PreFilterState(pod, namespaceLabels, affinityTerms, antiAffinityTerms, [affinity, anti, existing]),
    );
    return { status: null };
  }

  preFilterExtensions(): fwk.PreFilterExtensions {
    return countingExtensions<PreFilterState>(PRE_FILTER_KEY, (data, pod, _podToSchedule, nodeInfo, delta) =>
      data.update(pod, nodeInfo, delta),
    );
  }

  filter(state: fwk.CycleState, _pod: Pod, nodeInfo: fwk.NodeInfo): fwk.MaybeStatus {
    const data = fwk.readState<PreFilterState>(state, PRE_FILTER_KEY);
    if (data instanceof fwk.Status) return data;
    const labels = nodeInfo.node.labels;

    if (data.affinityTerms.length > 0) {
      let podsExist = true;
      for (const term of data.affinityTerms) {
        const key = term.topologyKey;
        // Every topology label must exist on the node.
        if (!Object.hasOwn(labels, key)) return fwk.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
        if (data.affinityCounts.get(key, labels[key] as string) <= 0) podsExist = false;
      }
      if (!podsExist && !(data.affinityCounts.total === 0 && data.matchesOwnAffinity)) {
        return fwk.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
      }
    }

    if (data.antiAffinityCounts.total > 0) {
      for (const term of data.antiAffinityTerms) {
        const key = term.topologyKey;
        if (Object.hasOwn(labels, key) && data.antiAffinityCounts.get(key, labels[key] as string) > 0) {
          return fwk.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
        }
      }
    }

    if (data.existingAntiAffinityCounts.anyPositive(labels)) {
      return fwk.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    }
    return null;
  }

  /** Typed arrays reused from cycle to cycle, handed out in order by `buffer`. */
  private buffers: Float64Array[] = [];
  private buffersUsed = 0;

  /** A zeroed array of at least `size` entries, valid until the next batch call. */
  private buffer(size: number): Float64Array {
    let buf = this.buffers[this.buffersUsed];
    if (!buf || buf.length < size) {
      buf = new Float64Array(Math.max(size, 16));
      this.buffers[this.buffersUsed] = buf;
    } else buf.fill(0, 0, size);
    this.buffersUsed++;
    return buf;
  }

  /** Counts of `pairs` for `key` by domain, with the key's domain numbers. */
  private byDomain(pairs: PairCounts, key: string): { ids: Int32Array; counts: Float64Array } {
    const domains = this.cache.domainsOfKey(key);
    const counts = this.buffer(domains.idOf.size);
    pairs.fill(key, domains, counts);
    return { ids: domains.ids, counts };
  }

  /**
   * As `filter` on each node, with every count looked up once per domain instead of
   * once per node: the check of a node reads typed arrays only.
   */
  readonly filterNodes: FilterNodes = filterNodesByIndex<PreFilterState>(PRE_FILTER_KEY, this, (data) =>
    this.checkByIndex(data),
  );

  /** This cycle's `filter`, for the snapshot node at index k. */
  private checkByIndex(data: PreFilterState): (k: number) => fwk.MaybeStatus {
    this.buffersUsed = 0;
    const affinity = data.affinityTerms.map((t) => this.byDomain(data.affinityCounts, t.topologyKey));
    const anti =
      data.antiAffinityCounts.total > 0
        ? data.antiAffinityTerms.map((t) => this.byDomain(data.antiAffinityCounts, t.topologyKey))
        : [];
    const existing = [...data.existingAntiAffinityCounts.keys()].map((key) =>
      this.byDomain(data.existingAntiAffinityCounts, key),
    );
    const ownAffinityEnough = data.affinityCounts.total === 0 && data.matchesOwnAffinity;
    return (k) => {
      if (affinity.length > 0) {
        let podsExist = true;
        for (const a of affinity) {
          const id = a.ids[k] as number;
          // Every topology label must exist on the node.
          if (id < 0) return fwk.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
          if ((a.counts[id] as number) <= 0) podsExist = false;
        }
        if (!podsExist && !ownAffinityEnough) return fwk.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
      }
      for (const a of anti) {
        const id = a.ids[k] as number;
        if (id >= 0 && (a.counts[id] as number) > 0) {
          return fwk.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
        }
      }
      for (const e of existing) {
        const id = e.ids[k] as number;
        if (id >= 0 && (e.counts[id] as number) > 0) {
          return fwk.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
        }
      }
      return null;
    };
  }

  /** What the pod's score adds up, per domain: its own preferred terms and existing pods' terms that select it. */
  private scoreSources(state: fwk.CycleState, pod: Pod): ScoreSource[] {
    const cached = state.read<PreScoreState>(SOURCES_KEY);
    if (cached) return cached.sources;
    this.nodes(state);
    const terms = podTerms(pod);
    const namespaceLabels = this.namespaceLabels(pod);
    const allNamespaces = this.handle.snapshot.namespaceLabels;
    const sources: ScoreSource[] = [];

    const own = (list: readonly WeightedTerm[], sign: number): void => {
      for (const { term, weight } of list) {
        const resolved = resolveNamespaces(term, allNamespaces);
        const domains = this.domainsOf(
          `one\u0000${resolved.signature}`,
          (p) => termMatches(resolved, p, NO_LABELS),
          resolved.topologyKey,
          resolved.selector,
        );
        if (domains.total !== 0)
          sources.push({
            key: resolved.topologyKey,
            byValue: domains.byValue,
            factor: sign * weight,
            nonzero: domains.nonzero,
          });
      }
    };
    own(terms.preferredAffinity, 1);
    own(terms.preferredAntiAffinity, -1);

    for (const entry of this.index.entries.values()) {
      if (entry.kind === REQUIRED_ANTI || entry.total === 0) continue;
      if (termMatches(entry.term, pod, namespaceLabels)) {
        sources.push({
          key: entry.term.topologyKey,
          byValue: entry.byValue,
          factor: entry.factor,
          nonzero: entry.byValue,
        });
      }
    }
    const cache: PreScoreState = { sources };
    state.write(SOURCES_KEY, cache);
    return sources;
  }

  /**
   * Keys: those of the pod's required terms, of existing pods' anti-affinity terms
   * that select it, and of every score source. A node whose domain of such a key is
   * its own (hostname) is special when a count there is not zero.
   */
  domainStructure(state: fwk.CycleState, pod: Pod): fwk.DomainStructure {
    this.nodes(state);
    const keys = new Set<string>();
    const special: number[] = [];
    const addValue = (key: string) => {
      const domains = this.cache.domainsOfKey(key);
      if (!domains.perNode) return undefined;
      return (value: string) => {
        const id = domains.idOf.get(value);
        if (id !== undefined) special.push(domains.nodeOf[id] as number);
      };
    };
    const data = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (data) {
      for (const counts of [data.affinityCounts, data.antiAffinityCounts, data.existingAntiAffinityCounts]) {
        for (const key of counts.keys()) {
          keys.add(key);
          const add = addValue(key);
          if (add) counts.forEachNonZero(key, add);
        }
      }
    }
    for (const source of this.scoreSources(state, pod)) {
      keys.add(source.key);
      const add = addValue(source.key);
      if (add) for (const value of source.nonzero.keys()) add(value);
    }
    return { keys: [...keys], special };
  }

  preScore(state: fwk.CycleState, pod: Pod, nodes: readonly fwk.NodeInfo[]): fwk.MaybeStatus {
    if (nodes.length === 0) return fwk.skip();
    const sources = this.scoreSources(state, pod);
    if (sources.length === 0) return fwk.skip();
    const data: PreScoreState = { sources };
    state.write(PRE_SCORE_KEY, data);
    return null;
  }

  score(state: fwk.CycleState, pod: Pod, nodeInfo: fwk.NodeInfo): number {
    const { sources } = fwk.readScoreState(state, PRE_SCORE_KEY, pod, nothingToScore);
    const labels = nodeInfo.node.labels;
    let score = 0;
    for (const s of sources) {
      if (!Object.hasOwn(labels, s.key)) continue;
      const n = s.byValue.get(labels[s.key] as string);
      if (n) score += s.factor * n;
    }
    return score;
  }

  /**
   * As `score` on each node: each source's weighted count per domain is computed once,
   * then added up node by node in the sources' order, so the sums are the same floats.
   */
  scoreNodes(state: fwk.CycleState, pod: Pod, nodes: readonly fwk.NodeInfo[], scores: Float64Array): void {
    const data = fwk.readScoreState(state, PRE_SCORE_KEY, pod, nothingToScore);
    this.buffersUsed = 0;
    const sources = data.sources.map((s) => {
      const domains = this.cache.domainsOfKey(s.key);
      const weighted = this.buffer(domains.idOf.size);
      for (const [value, n] of s.byValue) {
        if (!n) continue;
        const id = domains.idOf.get(value);
        if (id !== undefined) weighted[id] = s.factor * n;
      }
      return { ids: domains.ids, weighted };
    });
    for (let i = 0; i < nodes.length; i++) {
      const nodeInfo = nodes[i] as fwk.NodeInfo;
      const k = nodeInfo.index;
      if (k < 0) {
        scores[i] = this.score(state, pod, nodeInfo);
        continue;
      }
      let score = 0;
      for (const s of sources) {
        const id = s.ids[k] as number;
        if (id >= 0) {
          const w = s.weighted[id] as number;
          if (w !== 0) score += w;
        }
      }
      scores[i] = score;
    }
  }

  /**
   * Scaled between the lowest and the highest node: trunc(100 * ((s - min) / (max - min))),
   * in upstream's order of operations, which decides how a fraction like 0.29 truncates.
   */
  normalizeScore(state: fwk.CycleState, _pod: Pod, scores: Float64Array): fwk.MaybeStatus {
    const data = fwk.readState<PreScoreState>(state, PRE_SCORE_KEY);
    if (data instanceof fwk.Status) return data;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const s of scores) {
      if (s > max) max = s;
      if (s < min) min = s;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? Math.trunc(fwk.MAX_NODE_SCORE * (((scores[i] as number) - min) / diff)) : 0;
    }
    return null;
  }
}
