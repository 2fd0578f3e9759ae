/**
 * Runs a profile's plugins at each extension point, as upstream's frameworkImpl.
 * The runtime, not the plugins, stamps a failing status with the plugin's name.
 */

import type { SimulationOptions } from '../../model/simulation.ts';
import type { ClusterState, Pod } from '../../model/types.ts';
import {
  CycleState,
  type FilterPlugin,
  type Handle,
  isFilter,
  isPostFilter,
  isPreEnqueue,
  isPreFilter,
  isPreScore,
  isQueueSort,
  isReserve,
  isScore,
  type MaybeStatus,
  type NodeInfo,
  type NodeToStatus,
  type Plugin,
  type PluginFactory,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type Profile,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
  type Snapshot,
  Status,
  unresolvable,
  unschedulable,
} from './interfaces.ts';

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

/**
 * Writes the raw scores of score plugin `p` (its index in Framework.scorePlugins) for
 * `nodes` into `scores` and returns true, or returns false to leave the plugin out of
 * these totals (the caller adds its part another way).
 */
export type RawScores = (
  p: number,
  plugin: ScorePlugin,
  nodes: readonly NodeInfo[],
  scores: Float64Array,
) => boolean;

export interface PreFilterOutcome {
  status: MaybeStatus;
  /** Nodes PreFilter narrowed the search to; undefined means all. */
  nodeNames: ReadonlySet<string> | undefined;
  /** Plugins that narrowed the nodes (for the absent nodes' reason). */
  narrowingPlugins: string[];
}

/** A NodeToStatus built while filtering. */
export class NodeStatusMap implements NodeToStatus {
  readonly statuses = new Map<string, Status>();
  absentStatus: Status | undefined;

  get(nodeName: string): Status | undefined {
    return this.statuses.get(nodeName) ?? this.absentStatus;
  }
}

export class Framework implements Handle {
  readonly snapshot: Snapshot;
  readonly cluster: ClusterState;
  readonly options: SimulationOptions;
  readonly queueSort: QueueSortPlugin | undefined;
  readonly preEnqueuePlugins: PreEnqueuePlugin[] = [];
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: WeightedScorePlugin[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  /** Profile entries with no plugin in the registry (not built yet, or unknown). */
  readonly missingPlugins: string[] = [];

  constructor(
    profile: Profile,
    registry: Readonly<Record<string, PluginFactory>>,
    snapshot: Snapshot,
    cluster: ClusterState,
    options: SimulationOptions = {},
  ) {
    this.snapshot = snapshot;
    this.cluster = cluster;
    this.options = options;
    const disabled = new Set(options.disabledPlugins ?? []);
    let queueSort: QueueSortPlugin | undefined;
    for (const config of profile.plugins) {
      if (disabled.has(config.name)) continue;
      const factory = registry[config.name];
      if (!factory) {
        this.missingPlugins.push(config.name);
        continue;
      }
      const plugin: Plugin = factory(this);
      if (isQueueSort(plugin) && !queueSort) queueSort = plugin;
      if (isPreEnqueue(plugin)) this.preEnqueuePlugins.push(plugin);
      if (isPreFilter(plugin)) this.preFilterPlugins.push(plugin);
      if (isFilter(plugin)) this.filterPlugins.push(plugin);
      if (isPostFilter(plugin)) this.postFilterPlugins.push(plugin);
      if (isPreScore(plugin)) this.preScorePlugins.push(plugin);
      if (isScore(plugin)) {
        const weight = options.pluginWeights?.[config.name] ?? config.weight ?? 1;
        if (weight > 0) this.scorePlugins.push({ plugin, weight });
      }
      if (isReserve(plugin)) this.reservePlugins.push(plugin);
    }
    this.queueSort = queueSort;
  }

  runPreEnqueuePlugins(pod: Pod): MaybeStatus {
    for (const pl of this.preEnqueuePlugins) {
      const status = pl.preEnqueue(pod);
      if (status && !status.isSuccess()) return status.withPlugin(pl.name);
    }
    return null;
  }

  runPreFilterPlugins(state: CycleState, pod: Pod): PreFilterOutcome {
    let nodeNames: Set<string> | undefined;
    const narrowingPlugins: string[] = [];
    for (const pl of this.preFilterPlugins) {
      const { result, status } = pl.preFilter(state, pod, this.snapshot.nodeInfos);
      if (status && status.code === 'Skip') {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      if (status && !status.isSuccess()) {
        const failed = status.isRejected()
          ? status
          : new Status('Error', `running PreFilter plugin "${pl.name}": ${status.message()}`);
        return { status: failed.withPlugin(pl.name), nodeNames: undefined, narrowingPlugins };
      }
      if (result?.nodeNames) {
        narrowingPlugins.push(pl.name);
        nodeNames = nodeNames
          ? new Set([...nodeNames].filter((n) => result.nodeNames?.has(n)))
          : new Set(result.nodeNames);
        if (nodeNames.size === 0) {
          const message =
            narrowingPlugins.length === 1
              ? `node(s) didn't satisfy plugin ${narrowingPlugins[0]}`
              : `node(s) didn't satisfy plugin(s) [${narrowingPlugins.join(' ')}] simultaneously`;
          return {
            status: unschedulable(message).withPlugin(pl.name),
            nodeNames: undefined,
            narrowingPlugins,
          };
        }
      }
    }
    return { status: null, nodeNames, narrowingPlugins };
  }

  /** The first Filter plugin that rejects the pod on the node, or null when all accept. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): MaybeStatus {
    return this.runFilterPluginsRange(state, pod, nodeInfo, 0, this.filterPlugins.length);
  }

  /**
   * As runFilterPlugins, for the filter plugins at positions [from, to) only: running
   * [0, k) then [k, n) gives the status running [0, n) gives.
   */
  runFilterPluginsRange(
    state: CycleState,
    pod: Pod,
    nodeInfo: NodeInfo,
    from: number,
    to: number,
  ): MaybeStatus {
    const plugins = this.filterPlugins;
    const skipped = state.skipFilterPlugins;
    const anySkipped = skipped.size > 0;
    for (let i = from; i < to; i++) {
      const pl = plugins[i] as FilterPlugin;
      if (anySkipped && skipped.has(pl.name)) continue;
      const status = pl.filter(state, pod, nodeInfo);
      if (status !== null && status.code !== 'Success') {
        if (!status.isRejected()) {
          return new Status('Error', `running "${pl.name}" filter plugin: ${status.message()}`).withPlugin(
            pl.name,
          );
        }
        return status.withPlugin(pl.name);
      }
    }
    return null;
  }

  /**
   * Filter plugins [from, to) over `nodes`, plugin by plugin: the nodes that pass are
   * moved, in order, to the front of `nodes` and counted in the return value; every
   * other node's status is written to `statuses` at its index in the snapshot. A node's
   * status is the first plugin that rejects it, exactly as runFilterPluginsRange gives.
   * Plugins with `filterNodes` see the surviving nodes at once.
   */
  runFilterPluginsOnNodes(
    state: CycleState,
    pod: Pod,
    nodes: NodeInfo[],
    from: number,
    to: number,
    statuses: MaybeStatus[],
  ): number {
    const plugins = this.filterPlugins;
    const skipped = state.skipFilterPlugins;
    let count = nodes.length;
    const batch = this.batchStatuses;
    for (let p = from; p < to && count > 0; p++) {
      const pl = plugins[p] as FilterPlugin;
      if (skipped.has(pl.name)) continue;
      if (pl.filterNodes) {
        if (batch.length < count) batch.length = count;
        pl.filterNodes(state, pod, nodes, count, batch);
      }
      let kept = 0;
      for (let i = 0; i < count; i++) {
        const info = nodes[i] as NodeInfo;
        const status = pl.filterNodes ? (batch[i] ?? null) : pl.filter(state, pod, info);
        if (status === null || status.code === 'Success') {
          nodes[kept++] = info;
          continue;
        }
        statuses[info.index] = status.isRejected()
          ? status.withPlugin(pl.name)
          : new Status('Error', `running "${pl.name}" filter plugin: ${status.message()}`).withPlugin(
              pl.name,
            );
      }
      count = kept;
    }
    nodes.length = count;
    return count;
  }

  private readonly batchStatuses: MaybeStatus[] = [];

  runPreFilterExtensionAddPod(
    state: CycleState,
    podToSchedule: Pod,
    podToAdd: Pod,
    nodeInfo: NodeInfo,
  ): MaybeStatus {
    return this.runPreFilterExtension('addPod', state, podToSchedule, podToAdd, nodeInfo);
  }

  runPreFilterExtensionRemovePod(
    state: CycleState,
    podToSchedule: Pod,
    podToRemove: Pod,
    nodeInfo: NodeInfo,
  ): MaybeStatus {
    return this.runPreFilterExtension('removePod', state, podToSchedule, podToRemove, nodeInfo);
  }

  private runPreFilterExtension(
    op: 'addPod' | 'removePod',
    state: CycleState,
    podToSchedule: Pod,
    pod: Pod,
    nodeInfo: NodeInfo,
  ): MaybeStatus {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const status = ext[op](state, podToSchedule, pod, nodeInfo);
      if (status && !status.isSuccess()) return status.withPlugin(pl.name);
    }
    return null;
  }

  /** PostFilter plugins run until one succeeds or returns UnschedulableAndUnresolvable. */
  runPostFilterPlugins(
    state: CycleState,
    pod: Pod,
    filtered: NodeToStatus,
  ): { result: PostFilterResult | undefined; status: Status } {
    const reasons: string[] = [];
    for (const pl of this.postFilterPlugins) {
      const { result, status } = pl.postFilter(state, pod, filtered);
      if (status === null || status.isSuccess())
        return { result, status: new Status('Success').withPlugin(pl.name) };
      if (status.code === 'UnschedulableAndUnresolvable')
        return { result, status: status.withPlugin(pl.name) };
      if (status.code === 'Error') return { result, status: status.withPlugin(pl.name) };
      reasons.push(...status.reasons);
    }
    return { result: undefined, status: unschedulable(...reasons) };
  }

  runPreScorePlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    weights?: Int32Array,
  ): MaybeStatus {
    for (const pl of this.preScorePlugins) {
      const status = pl.preScore(state, pod, nodes, weights);
      if (status && status.code === 'Skip') {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      if (status && !status.isSuccess()) return status.withPlugin(pl.name);
    }
    return null;
  }

  /**
   * Total weighted score per node (`totals[i]` for `nodes[i]`): each plugin scores every
   * node, normalises, and its scores are multiplied by its weight and added up.
   *
   * `raw`, when given, writes plugin `p`'s raw scores of `nodes` in place of calling its
   * `score` node by node (see RawScores): the scheduler passes its cache of node-local
   * scores and the plugins' batch `scoreNodes`, which must give the same numbers.
   * `scratch` (at least `nodes.length` long) saves allocating the per-plugin scores.
   */
  runScorePlugins(
    state: CycleState,
    pod: Pod,
    nodes: readonly NodeInfo[],
    totals: Float64Array,
    raw?: RawScores,
    scratch?: Float64Array,
  ): MaybeStatus {
    totals.fill(0, 0, nodes.length);
    const scores = scratch ? scratch.subarray(0, nodes.length) : new Float64Array(nodes.length);
    const plugins = this.scorePlugins;
    for (let p = 0; p < plugins.length; p++) {
      const { plugin, weight } = plugins[p] as WeightedScorePlugin;
      if (state.skipScorePlugins.has(plugin.name)) continue;
      if (raw) {
        if (!raw(p, plugin, nodes, scores)) continue;
      } else
        for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i] as NodeInfo);
      if (plugin.normalizeScore) {
        const status = plugin.normalizeScore(state, pod, scores, nodes);
        if (status && !status.isSuccess()) return status.withPlugin(plugin.name);
      }
      for (let i = 0; i < nodes.length; i++)
        totals[i] = (totals[i] as number) + (scores[i] as number) * weight;
    }
    return null;
  }

  runReservePlugins(state: CycleState, pod: Pod, nodeName: string): MaybeStatus {
    for (let i = 0; i < this.reservePlugins.length; i++) {
      const pl = this.reservePlugins[i] as ReservePlugin;
      const status = pl.reserve(state, pod, nodeName);
      if (status && !status.isSuccess()) {
        for (let j = i; j >= 0; j--) this.reservePlugins[j]?.unreserve?.(state, pod, nodeName);
        return status.withPlugin(pl.name);
      }
    }
    return null;
  }

  newCycleState(): CycleState {
    return new CycleState();
  }
}

/** The status nodes get when PreFilter narrowed the search and left them out. */
export function absentNodesStatus(narrowingPlugins: readonly string[]): Status {
  return unresolvable(`node(s) didn't satisfy plugin(s) [${[...narrowingPlugins].sort().join(' ')}]`);
}
