/**
 * One scheduling cycle up to the choice of node, as upstream's schedule_one.go
 * (schedulePod, findNodesThatFitPod, prioritizeNodes, selectHost): PreFilter, Filter,
 * PreScore, Score.
 *
 * The reference cycle (scheduleEveryNode) runs every plugin on every candidate node and
 * remembers nothing; it is the one definition of the answer. With the equivalence cache
 * on, the same answer is reached through what identical pods already computed:
 * node-local filter results per class (class-cache.ts), then one of three ways to choose
 * the node — a tournament over node-local scores (tournament-choice.ts), domain groups
 * when plugins that are not node-local take part (grouped-choice.ts), or every feasible
 * node scored through runScorePlugins with cached node-local raw scores. The tests in
 * test/scheduler/fast-path.test.ts and equivalence.test.ts hold them to the reference.
 */

import type { Pod } from '../model/types.ts';
import { type ClassCache, ClassCaches } from './class-cache.ts';
import {
  type CycleState,
  isNodeLocal,
  type NodeInfo,
  type ScorePlugin,
  type Status,
} from './framework/interfaces.ts';
import {
  absentNodesStatus,
  type Framework,
  NodeStatusMap,
  type PreFilterOutcome,
} from './framework/runtime.ts';
import type { ClusterSnapshot } from './framework/snapshot.ts';
import { GroupedChoice } from './grouped-choice.ts';
import { type CycleOutcome, preScoreError, scoreError, selectHost } from './outcome.ts';
import { selectByTournament, tournamentEligible } from './tournament-choice.ts';

/** Cycles that reached a node choice, by how the node was chosen. */
export interface CyclePaths {
  /** Every plugin on every candidate node (the cache off, or PreFilter narrowed the nodes). */
  everyNode: number;
  /** Only node-local plugins: one tournament per class. */
  tournament: number;
  /** By domain group: the non-local plugins once per group and per special node. */
  grouped: number;
  /** Every feasible node scored, node-local scores cached. */
  scored: number;
}

export class Scheduler {
  private readonly framework: Framework;
  private readonly snapshot: ClusterSnapshot;
  private readonly useCache: boolean;
  private readonly paths: CyclePaths | undefined;
  private readonly caches: ClassCaches;
  private readonly grouped: GroupedChoice;
  private readonly totals: Float64Array;
  private readonly scores: Float64Array;
  /** Per node, the status of the filter plugins after the prefix, for the pod being scheduled. */
  private readonly restStatus: (Status | null)[];

  constructor(framework: Framework, snapshot: ClusterSnapshot, useCache: boolean, paths?: CyclePaths) {
    this.framework = framework;
    this.snapshot = snapshot;
    this.useCache = useCache;
    this.paths = paths;
    this.caches = new ClassCaches(framework, snapshot);
    this.grouped = new GroupedChoice(this.caches);
    const n = Math.max(1, snapshot.nodeInfos.length);
    this.totals = new Float64Array(n);
    this.scores = new Float64Array(n);
    this.restStatus = new Array(n).fill(null);
  }

  /** One cycle for `pod`; `key` is its equivalence key (used only when the cache is on). */
  scheduleOne(pod: Pod, key: string): CycleOutcome {
    const framework = this.framework;
    const state = framework.newCycleState();
    const pre = framework.runPreFilterPlugins(state, pod);
    if (pre.status) {
      const statuses = new NodeStatusMap();
      statuses.absentStatus = pre.status;
      return { kind: 'unschedulable', statuses, preFilterMsg: pre.status.message(), state };
    }
    if (!this.useCache || pre.nodeNames) return this.scheduleEveryNode(pod, state, pre);
    return this.scheduleCached(pod, state, this.caches.classFor(key));
  }

  /** The reference cycle: every plugin on every candidate node, nothing remembered. */
  private scheduleEveryNode(pod: Pod, state: CycleState, pre: PreFilterOutcome): CycleOutcome {
    const framework = this.framework;
    const statuses = new NodeStatusMap();
    let candidates: readonly NodeInfo[] = this.snapshot.nodeInfos;
    if (pre.nodeNames) {
      candidates = this.snapshot.nodeInfos.filter((n) => pre.nodeNames?.has(n.node.name));
      statuses.absentStatus = absentNodesStatus(pre.narrowingPlugins);
    }
    const feasible: NodeInfo[] = [];
    for (const info of candidates) {
      const status = framework.runFilterPlugins(state, pod, info);
      if (status === null) feasible.push(info);
      else statuses.statuses.set(info.node.name, status);
    }
    if (feasible.length === 0) return { kind: 'unschedulable', statuses, state };
    // Upstream skips scoring when only one node is feasible.
    if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0] as NodeInfo, state };
    const preScore = framework.runPreScorePlugins(state, pod, feasible);
    if (preScore) return preScoreError(preScore);
    if (this.paths) this.paths.everyNode++;
    const scoreStatus = framework.runScorePlugins(state, pod, feasible, this.totals);
    if (scoreStatus) return scoreError(scoreStatus);
    return this.scheduled(feasible, state);
  }

  /** The cycle from Filter on through the class's cache: the reference's answer, computed incrementally. */
  private scheduleCached(pod: Pod, state: CycleState, cls: ClassCache): CycleOutcome {
    const framework = this.framework;
    const caches = this.caches;
    const cut = caches.prefixCut(state);
    caches.syncPrefix(cls, state, pod, cut);
    const restActive = cut < framework.filterPlugins.length;
    if (this.grouped.usable && (restActive || this.grouped.nonLocalScore)) {
      const outcome = this.grouped.choose(state, pod, cls, cut, restActive);
      if (outcome) {
        if (outcome.kind === 'scheduled' && this.paths) this.paths.grouped++;
        return outcome;
      }
    }
    let feasible: NodeInfo[] = cls.passNodes;
    if (restActive) {
      feasible = cls.passNodes.slice();
      framework.runFilterPluginsOnNodes(
        state,
        pod,
        feasible,
        cut,
        framework.filterPlugins.length,
        this.restStatus,
      );
    }
    if (feasible.length === 0) {
      // Every node's reason, for the message and for preemption: the prefix's, or the rest's.
      const statuses = new NodeStatusMap();
      const infos = this.snapshot.nodeInfos;
      for (let k = 0; k < infos.length; k++) {
        const status = cls.pass[k] === 1 ? this.restStatus[k] : cls.status[k];
        if (status) statuses.statuses.set((infos[k] as NodeInfo).node.name, status);
      }
      return { kind: 'unschedulable', statuses, state };
    }
    if (feasible.length === 1) return { kind: 'scheduled', node: feasible[0] as NodeInfo, state };
    const preScore = framework.runPreScorePlugins(state, pod, feasible);
    if (preScore) return preScoreError(preScore);
    if (!restActive && tournamentEligible(caches, state)) {
      if (this.paths) this.paths.tournament++;
      return { kind: 'scheduled', node: selectByTournament(caches, state, pod, cls), state };
    }
    // Node-local raw scores from the class's cache; the others from the plugins, batched where they can.
    const raw = (
      p: number,
      plugin: ScorePlugin,
      nodes: readonly NodeInfo[],
      scores: Float64Array,
    ): boolean => {
      if (isNodeLocal(plugin)) caches.cachedScores(cls, state, pod, p, nodes, scores);
      else if (plugin.scoreNodes) plugin.scoreNodes(state, pod, nodes, scores);
      else for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i] as NodeInfo);
      return true;
    };
    const scoreStatus = framework.runScorePlugins(state, pod, feasible, this.totals, raw, this.scores);
    if (scoreStatus) return scoreError(scoreStatus);
    if (this.paths) this.paths.scored++;
    return this.scheduled(feasible, state);
  }

  private scheduled(feasible: readonly NodeInfo[], state: CycleState): CycleOutcome {
    const best = selectHost(feasible, this.totals, this.snapshot.nameRank);
    return { kind: 'scheduled', node: feasible[best] as NodeInfo, state };
  }
}
