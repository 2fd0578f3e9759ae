/**
 * Every contract of berth's scheduling framework in one place, shaped like
 * kube-scheduler's pkg/scheduler/framework/interface.go so a reader who knows
 * upstream finds the same extension points: QueueSort, PreEnqueue, PreFilter,
 * Filter, PostFilter, PreScore, Score (+ NormalizeScore) and Reserve.
 *
 * Plugins never throw for an expected outcome: they return a Status. A `null`
 * status means success, as a nil *Status does upstream, so the hot filter loop
 * allocates nothing for a node that fits.
 *
 * Plugins import this module whole, `import * as fwk`, and write `fwk.CycleState`,
 * `fwk.unschedulable(...)`, as upstream's plugins write fwk.CycleState from
 * k8s.io/kube-scheduler/framework: what a plugin takes from the framework reads as such.
 *
 * Over ~400 lines on purpose: every contract in one file, as upstream's interface.go,
 * so a plugin author reads one file to know what the framework promises.
 */

import type { ContainerPort } from '../../model/k8s.ts';
import type { SimulationOptions } from '../../model/simulation.ts';
import type { ClusterState, Node, Pod, ResourceList } from '../../model/types.ts';

export type Code = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error' | 'Skip';

/** The outcome of running a plugin: a code, user-facing reasons, and the plugin that failed. */
export class Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** Set by the runtime to the plugin that returned this status. */
  plugin: string | undefined;

  constructor(code: Code, ...reasons: string[]) {
    this.code = code;
    this.reasons = reasons;
    this.plugin = undefined;
  }

  isSuccess(): boolean {
    return this.code === 'Success';
  }

  /** Unschedulable or UnschedulableAndUnresolvable: the pod does not fit, which is not an error. */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable';
  }

  message(): string {
    return this.reasons.join(', ');
  }

  withPlugin(plugin: string): Status {
    this.plugin = plugin;
    return this;
  }
}

/** A status that may be null (success). */
export type MaybeStatus = Status | null;

export function isSuccess(status: MaybeStatus | undefined): boolean {
  return status === null || status === undefined || status.code === 'Success';
}

export const unschedulable = (...reasons: string[]): Status => new Status('Unschedulable', ...reasons);
export const unresolvable = (...reasons: string[]): Status =>
  new Status('UnschedulableAndUnresolvable', ...reasons);
export const skip = (): Status => new Status('Skip');
export const errorStatus = (message: string): Status => new Status('Error', message);

/** Per-cycle data a plugin keeps for itself; cloned when preemption dry-runs a node. */
export interface StateData {
  clone?(): StateData;
}

/**
 * Per-cycle data keyed by plugin name (upstream's CycleState). Plugins write what
 * they compute in PreFilter/PreScore and read it in Filter/Score; nothing is global.
 */
export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Filter plugins whose PreFilter returned Skip for this pod. */
  readonly skipFilterPlugins = new Set<string>();
  /** Score plugins whose PreScore returned Skip for this pod. */
  readonly skipScorePlugins = new Set<string>();

  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  clone(): CycleState {
    const copy = new CycleState();
    for (const [key, value] of this.data) copy.data.set(key, value.clone ? value.clone() : value);
    for (const name of this.skipFilterPlugins) copy.skipFilterPlugins.add(name);
    for (const name of this.skipScorePlugins) copy.skipScorePlugins.add(name);
    return copy;
  }
}

/** Upstream's naming of the per-cycle data a plugin keeps: `PreFilter<Name>` and `PreScore<Name>`. */
export const preFilterStateKey = (plugin: string): string => `PreFilter${plugin}`;
export const preScoreStateKey = (plugin: string): string => `PreScore${plugin}`;

/**
 * The data a plugin wrote under `key` earlier in this cycle, or an Error status naming the
 * key when there is none, as upstream's getPreFilterState: a Filter (or PreFilter
 * extension, or NormalizeScore) that finds no state fails the cycle with an error instead
 * of letting the node pass.
 */
export function readState<T extends StateData>(state: CycleState, key: string): T | Status {
  return state.read<T>(key) ?? errorStatus(`error reading "${key}" from cycleState: not found`);
}

/**
 * What a Score reads from its PreScore: the data under `key`, or, when PreScore did not run
 * for this cycle, the same data computed from the pod, as upstream's NodeResourcesFit,
 * NodeAffinity and BalancedAllocation Score do. (A Score returns a number, not a status.)
 * A plugin whose data cannot come from the pod alone (it counts pods on other nodes:
 * InterPodAffinity, PodTopologySpread) computes a state with nothing to score, so every
 * node scores 0, and its NormalizeScore reports the missing state through readState.
 */
export function readScoreState<T extends StateData>(
  state: CycleState,
  key: string,
  pod: Pod,
  compute: (pod: Pod) => T,
): T {
  // `compute` takes the pod, so callers pass a function made once: Score allocates nothing per node.
  return state.read<T>(key) ?? compute(pod);
}

/** Upstream's defaults for pods that request no CPU or memory, used only for scoring. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** The highest score a Score plugin may give after normalisation. */
export const MAX_NODE_SCORE = 100;

/** A host port in use: upstream's HostPortInfo keyed by IP, then `protocol/port`. */
export type HostPortInfo = Map<string, Set<string>>;

/** Host ports a pod asks for (containers' ports with a hostPort). */
export function podHostPorts(pod: Pod): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of pod.spec.containers ?? []) {
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(p);
  }
  for (const c of pod.spec.initContainers ?? []) {
    if (c.restartPolicy !== 'Always') continue;
    for (const p of c.ports ?? []) if (p.hostPort && p.hostPort > 0) out.push(p);
  }
  return out;
}

function portKey(p: ContainerPort): [string, string] {
  return [p.hostIP || '0.0.0.0', `${p.protocol ?? 'TCP'}/${p.hostPort}`];
}

/**
 * The non-zero request used for scoring: a container that requests no CPU counts as
 * 100m and one that requests no memory as 200Mi, so empty pods still spread out. The
 * stand-ins were worked out per container, as upstream does, when the pod was built
 * (Pod.nonZeroDefaults). A pod built without its containers (tests, benchmarks) gets
 * them for the pod as a whole.
 *
 * Worked example: containers `app` (cpu 500m) and `log` (no requests) request 500m cpu
 * and no memory; per container that is 500m + 100m = 600m cpu and 200Mi + 200Mi = 400Mi
 * memory, where the whole pod would count 500m and 200Mi.
 */
export function nonZeroRequest(pod: Pod): { cpu: number; memory: number } {
  const cpu = pod.requests.cpu ?? 0;
  const memory = pod.requests.memory ?? 0;
  const defaults = pod.nonZeroDefaults;
  if (defaults) return { cpu: cpu + defaults.cpu, memory: memory + defaults.memory };
  return {
    cpu: cpu > 0 ? cpu : DEFAULT_MILLI_CPU_REQUEST,
    memory: memory > 0 ? memory : DEFAULT_MEMORY_REQUEST,
  };
}

function hasAffinity(pod: Pod): boolean {
  const a = pod.spec.affinity;
  return !!(a?.podAffinity || a?.podAntiAffinity);
}

function hasRequiredAntiAffinity(pod: Pod): boolean {
  return (
    (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0
  );
}

/**
 * Which nodes changed, in order: the snapshot index of a node is appended each time a
 * pod is added to or removed from it. A reader remembers how far it has read and, next
 * time, looks only at the nodes changed since, instead of scanning every node.
 */
export class ChangeLog {
  private buffer = new Int32Array(1024);
  /** The pod each entry added (+1) or removed (-1), so a counter can apply the change alone. */
  private readonly pods: Pod[] = [];
  private signs = new Int8Array(1024);
  /** Entries written so far; a reader's position is a value of this. */
  length = 0;

  record(nodeIndex: number, pod: Pod, sign: 1 | -1): void {
    if (this.length === this.buffer.length) {
      const grown = new Int32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
      const signs = new Int8Array(this.signs.length * 2);
      signs.set(this.signs);
      this.signs = signs;
    }
    this.pods[this.length] = pod;
    this.signs[this.length] = sign;
    this.buffer[this.length++] = nodeIndex;
  }

  /** The pod of entry `i`. */
  podAt(i: number): Pod {
    return this.pods[i] as Pod;
  }

  /** +1 when entry `i` added its pod, -1 when it removed it. */
  signAt(i: number): number {
    return this.signs[i] as number;
  }

  /** The node index of entry `i` (0 <= i < length). */
  at(i: number): number {
    return this.buffer[i] as number;
  }
}

/**
 * A node and what is on it, kept incrementally: adding or removing a pod updates
 * the sums, so no plugin ever re-adds the requests of a node's pods.
 */
export class NodeInfo {
  readonly node: Node;
  pods: Pod[] = [];
  /** Pods on the node with pod affinity or anti-affinity (for InterPodAffinity). */
  podsWithAffinity: Pod[] = [];
  /** Pods on the node with required anti-affinity (for InterPodAffinity). */
  podsWithRequiredAntiAffinity: Pod[] = [];
  /** Sum of the pods' requests (never includes `pods`; the count is `pods.length`). */
  requested: ResourceList = {};
  /** Sum of the pods' requests with upstream's non-zero defaults, for scoring. */
  nonZeroCpu = 0;
  nonZeroMemory = 0;
  /** Sum of the pods' limits, for reporting. */
  limits: ResourceList = {};
  usedPorts: HostPortInfo = new Map();
  /** Bumped on every change, so a plugin may cache per-node results. */
  generation = 0;
  /** Position in the snapshot's node list (-1 for a copy outside it). */
  index = -1;
  /**
   * The snapshot's array of generations by node index, kept in step so hot loops can
   * check every node's generation without touching every NodeInfo.
   */
  generationSink: Float64Array | undefined;
  /** The snapshot's change log, told of every change to this node. */
  changeLog: ChangeLog | undefined;

  constructor(node: Node) {
    this.node = node;
  }

  get name(): string {
    return this.node.name;
  }

  /** Allocatable pods (110 when the node does not say, as the kubelet defaults). */
  get allowedPodNumber(): number {
    return this.node.allocatable.pods ?? 110;
  }

  addPod(pod: Pod): void {
    this.pods.push(pod);
    if (hasAffinity(pod)) this.podsWithAffinity.push(pod);
    if (hasRequiredAntiAffinity(pod)) this.podsWithRequiredAntiAffinity.push(pod);
    this.update(pod, 1);
  }

  /** Removes the pod with the same key; returns false when it is not on the node. */
  removePod(pod: Pod): boolean {
    const i = this.pods.findIndex((p) => p.key === pod.key);
    if (i < 0) return false;
    const [removed] = this.pods.splice(i, 1);
    const a = this.podsWithAffinity.findIndex((p) => p.key === pod.key);
    if (a >= 0) this.podsWithAffinity.splice(a, 1);
    const r = this.podsWithRequiredAntiAffinity.findIndex((p) => p.key === pod.key);
    if (r >= 0) this.podsWithRequiredAntiAffinity.splice(r, 1);
    this.update(removed as Pod, -1);
    return true;
  }

  private update(pod: Pod, sign: 1 | -1): void {
    for (const name in pod.requests) {
      if (name === 'pods') continue;
      this.requested[name] = (this.requested[name] ?? 0) + sign * (pod.requests[name] as number);
    }
    for (const name in pod.limits) {
      if (name === 'pods') continue;
      this.limits[name] = (this.limits[name] ?? 0) + sign * (pod.limits[name] as number);
    }
    const nz = nonZeroRequest(pod);
    this.nonZeroCpu += sign * nz.cpu;
    this.nonZeroMemory += sign * nz.memory;
    for (const port of podHostPorts(pod)) {
      const [ip, key] = portKey(port);
      let set = this.usedPorts.get(ip);
      if (sign === 1) {
        if (!set) {
          set = new Set();
          this.usedPorts.set(ip, set);
        }
        set.add(key);
      } else {
        set?.delete(key);
        if (set?.size === 0) this.usedPorts.delete(ip);
      }
    }
    this.generation++;
    if (this.index >= 0) {
      if (this.generationSink) this.generationSink[this.index] = this.generation;
      this.changeLog?.record(this.index, pod, sign);
    }
  }

  /** An independent copy for dry runs (preemption). */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.node);
    copy.pods = this.pods.slice();
    copy.podsWithAffinity = this.podsWithAffinity.slice();
    copy.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    copy.requested = { ...this.requested };
    copy.limits = { ...this.limits };
    copy.nonZeroCpu = this.nonZeroCpu;
    copy.nonZeroMemory = this.nonZeroMemory;
    copy.usedPorts = new Map([...this.usedPorts].map(([ip, set]) => [ip, new Set(set)]));
    copy.generation = this.generation;
    // A copy is outside the snapshot: it keeps index -1 and no sink.
    return copy;
  }
}

/** The cluster as the plugins see it during one simulation. */
export interface Snapshot {
  /** Every node, in the cluster's order. */
  readonly nodeInfos: readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  /** Namespace name -> labels, for namespaceSelector. */
  readonly namespaceLabels: Readonly<Record<string, Record<string, string>>>;
  /** Nodes that hold at least one pod with pod (anti-)affinity. */
  havePodsWithAffinity(): NodeInfo[];
  /** Nodes that hold at least one pod with required anti-affinity. */
  havePodsWithRequiredAntiAffinity(): NodeInfo[];
  /**
   * Every change to a node's pods, in order (ClusterSnapshot keeps one): a cache that
   * remembers `changes.length` can later visit only the nodes changed since, instead of
   * comparing every node's generation.
   */
  readonly changes?: ChangeLog;
}

/** What a plugin factory is given: the snapshot, the cluster and the simulation options. */
export interface Handle {
  readonly snapshot: Snapshot;
  readonly cluster: ClusterState;
  readonly options: SimulationOptions;
  /** Runs every enabled Filter plugin on a node, as upstream's RunFilterPluginsWithNominatedPods. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): MaybeStatus;
  /** Lets PreFilter state follow a pod added to or removed from a node during preemption dry runs. */
  runPreFilterExtensionAddPod(
    state: CycleState,
    podToSchedule: Pod,
    podToAdd: Pod,
    nodeInfo: NodeInfo,
  ): MaybeStatus;
  runPreFilterExtensionRemovePod(
    state: CycleState,
    podToSchedule: Pod,
    podToRemove: Pod,
    nodeInfo: NodeInfo,
  ): MaybeStatus;
}

export interface Plugin {
  /** The name users put in configuration, e.g. `TaintToleration`. */
  readonly name: string;
  /**
   * What the plugin's Filter and raw Score read, declared by the plugin as upstream
   * plugins declare the events they react to; the scheduler caches by it.
   *
   * - `'node'`: only the pod and the one node with its pods, never another node, so an
   *   identical pod gets the same answer on a node until that node changes.
   * - `'node-static'`: as `'node'`, reading only the node object (labels, taints, name,
   *   cordon; never its pods) and, from the pod, only the fields `staticFilterKey`
   *   names, so the answer never changes during a simulation.
   *
   * Undefined (the safe default): the plugin may read other nodes, and every cycle runs it.
   */
  readonly locality?: Locality;
}

export type Locality = 'node' | 'node-static';

/** The plugin's answer on a node depends on the pod and that node alone. */
export function isNodeLocal(plugin: Plugin): boolean {
  return plugin.locality === 'node' || plugin.locality === 'node-static';
}

/** The plugin's Filter answer on a node never changes during a simulation. */
export function isNodeStatic(plugin: Plugin): boolean {
  return plugin.locality === 'node-static';
}

/** Every pod field a `'node-static'` plugin may read: pods with the same key get the same answers from it. */
export function staticFilterKey(pod: Pod): string {
  const spec = pod.spec;
  return JSON.stringify([spec.tolerations, spec.nodeName, spec.nodeSelector, spec.affinity?.nodeAffinity]);
}

/** A pod waiting in the queue, with its arrival order (upstream's timestamp). */
export interface QueuedPodInfo {
  pod: Pod;
  /** Position in the input: earlier pods come first among equal priorities. */
  order: number;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** Decides whether a pod may enter the scheduling queue at all (SchedulingGates). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): MaybeStatus;
}

/** Narrows the nodes worth filtering; undefined `nodeNames` means every node. */
export interface PreFilterResult {
  nodeNames?: ReadonlySet<string>;
}

export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: Pod, podToAdd: Pod, nodeInfo: NodeInfo): MaybeStatus;
  removePod(state: CycleState, podToSchedule: Pod, podToRemove: Pod, nodeInfo: NodeInfo): MaybeStatus;
}

export interface PreFilterPlugin extends Plugin {
  /** A `Skip` status skips this plugin's Filter for the pod. */
  preFilter(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
  ): { result?: PreFilterResult; status: MaybeStatus };
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): MaybeStatus;
  /**
   * Optional batch form of `filter`: `statuses[i]` must become exactly what
   * `filter(state, pod, nodes[i])` returns, for i < `count`. A plugin whose filter reads
   * per-cycle data (counts per topology domain, say) implements it to look that data up
   * once per cycle and loop over typed arrays, instead of once per node.
   */
  filterNodes?(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    count: number,
    statuses: MaybeStatus[],
  ): void;
}

/** Node name -> the status that rejected the pod there, plus one status for nodes never filtered. */
export interface NodeToStatus {
  readonly statuses: ReadonlyMap<string, Status>;
  /** The status of nodes PreFilter excluded (absent from `statuses`). */
  readonly absentStatus: Status | undefined;
  get(nodeName: string): Status | undefined;
}

export interface PostFilterResult {
  /** The node the pod will run on once the victims are gone. */
  nominatedNodeName?: string;
  /** Pods removed from the nominated node to make room, most important first. */
  victims?: Pod[];
}

export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: Pod,
    filtered: NodeToStatus,
  ): { result?: PostFilterResult; status: MaybeStatus };
}

export interface PreScorePlugin extends Plugin {
  /**
   * A `Skip` status skips this plugin's Score for the pod. `weights`, when given, says
   * how many feasible nodes each entry of `nodes` stands for: the scheduler passes one
   * node per domain group (see DomainStructured) with the number of feasible nodes in
   * the group, so a plugin that counts feasible nodes counts them all.
   */
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], weights?: Int32Array): MaybeStatus;
}

/**
 * What a plugin that is not node-local reads in one cycle, so the scheduler can
 * evaluate it once per domain group instead of once per node.
 *
 * `keys` are the topology keys its Filter and Score read for this pod. Two nodes with
 * the same value (or the same absence) of every key that several nodes share, and
 * the same presence of every key each node has its own value of (hostname), get the
 * same Filter status and raw Score from the plugin unless one of them is listed in
 * `special`: the nodes whose own domain of such a per-node key holds something the
 * plugin counts. Listing a node there that did not need to be is always safe.
 */
export interface DomainStructure {
  keys: readonly string[];
  special: readonly number[];
}

export interface DomainStructured {
  /**
   * Called after PreFilter (whether this plugin's PreFilter ran or was skipped) and
   * before PreScore; covers both this plugin's Filter and its Score for the cycle.
   * Returns null when this pod's answers cannot be grouped this way.
   */
  domainStructure(state: CycleState, pod: Pod): DomainStructure | null;
}

export function isDomainStructured(plugin: object): plugin is DomainStructured {
  return typeof (plugin as Partial<DomainStructured>).domainStructure === 'function';
}

export interface ScorePlugin extends Plugin {
  /** Score of one feasible node, before normalisation. Never allocates in the hot loop. */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number;
  /**
   * Optional batch form of `score`: `scores[i]` must become exactly what
   * `score(state, pod, nodes[i])` returns, for every i. The framework calls it, when
   * present, for a plugin whose score is not node-local (PodTopologySpread,
   * InterPodAffinity), so per-cycle data is read once rather than once per node.
   */
  scoreNodes?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], scores: Float64Array): void;
  /**
   * Rescales `scores` in place to [0, MAX_NODE_SCORE]; `scores[i]` belongs to `nodes[i]`.
   */
  normalizeScore?(state: CycleState, pod: Pod, scores: Float64Array, nodes: readonly NodeInfo[]): MaybeStatus;
  /**
   * Declares that normalizeScore is upstream's DefaultNormalizeScore(MAX_NODE_SCORE, reverse),
   * so the runtime may apply it to one node at a time given the maximum raw score.
   */
  readonly defaultNormalize?: { reverse: boolean };
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): MaybeStatus;
  unreserve?(state: CycleState, pod: Pod, nodeName: string): void;
}

/** Builds a plugin for one simulation. */
export type PluginFactory = (handle: Handle) => Plugin;

/** A plugin as configured in a profile: its name and its score weight. */
export interface PluginConfig {
  name: string;
  weight?: number;
}

export interface Profile {
  /** Plugins in upstream's multi-point order, which is also the order filters run in. */
  plugins: PluginConfig[];
}

/** A type guard for the extension point whose defining method is `method`. */
function implementing<T extends Plugin>(method: Exclude<keyof T, keyof Plugin>): (p: Plugin) => p is T {
  return (p: Plugin): p is T => typeof (p as unknown as Record<PropertyKey, unknown>)[method] === 'function';
}

export const isQueueSort = implementing<QueueSortPlugin>('less');
export const isPreEnqueue = implementing<PreEnqueuePlugin>('preEnqueue');
export const isPreFilter = implementing<PreFilterPlugin>('preFilter');
export const isFilter = implementing<FilterPlugin>('filter');
export const isPostFilter = implementing<PostFilterPlugin>('postFilter');
export const isPreScore = implementing<PreScorePlugin>('preScore');
export const isScore = implementing<ScorePlugin>('score');
export const isReserve = implementing<ReservePlugin>('reserve');
