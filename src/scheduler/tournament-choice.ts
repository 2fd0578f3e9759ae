/**
 * The node choice of a class when every active score plugin is node-local: the node
 * scoring every feasible node would choose, kept in a tournament tree. A node's total
 * changes only when the node changes or when the maximum raw score a normalising plugin
 * divides by changes (then every total is recomputed from the cached raw scores), so
 * a cycle costs the nodes that changed, not a pass over every node.
 */

import type { Pod } from '../model/types.ts';
import { type Choice, type ClassCache, type ClassCaches, localTotal } from './class-cache.ts';
import { type CycleState, isNodeLocal, type NodeInfo } from './framework/interfaces.ts';
import type { WeightedScorePlugin } from './framework/runtime.ts';
import { Tournament } from './framework/tournament.ts';

/** Every active score plugin is node-local and normalises (if at all) the default way. */
export function tournamentEligible(caches: ClassCaches, state: CycleState): boolean {
  const scorePlugins = caches.framework.scorePlugins;
  // The active plugins are remembered as bits of a 32-bit mask.
  if (scorePlugins.length > 31) return false;
  for (const { plugin } of scorePlugins) {
    if (state.skipScorePlugins.has(plugin.name)) continue;
    if (!isNodeLocal(plugin)) return false;
    if (plugin.normalizeScore && !plugin.defaultNormalize) return false;
  }
  return true;
}

/** The class's choice for the score plugins active in this cycle, new when they differ from the last. */
function choiceFor(caches: ClassCaches, state: CycleState, cls: ClassCache): Choice {
  const scorePlugins = caches.framework.scorePlugins;
  let mask = 0;
  for (let p = 0; p < scorePlugins.length; p++) {
    if (!state.skipScorePlugins.has((scorePlugins[p] as WeightedScorePlugin).plugin.name)) mask |= 1 << p;
  }
  if (cls.choice && cls.choice.mask === mask) return cls.choice;
  const n = caches.nodeCount;
  const rank = caches.snapshot.nameRank;
  const local = caches.localScores(cls, mask);
  const choice: Choice = {
    ...local,
    mask,
    maxTrees: Array.from(local.norm, (kind) => (kind === 0 ? undefined : new Tournament(n, rank))),
    totals: new Tournament(n, rank),
    synced: -1,
  };
  cls.choice = choice;
  return choice;
}

/** Brings node k's raw scores up to date; `replay` updates the maximum trees as it goes. */
function refreshRaw(
  caches: ClassCaches,
  state: CycleState,
  pod: Pod,
  cls: ClassCache,
  choice: Choice,
  k: number,
  replay: boolean,
): void {
  const feasible = cls.pass[k] === 1;
  if (feasible) caches.refreshScores(state, pod, choice, k);
  for (let a = 0; a < choice.active.length; a++) {
    const maxTree = choice.maxTrees[a];
    if (!maxTree) continue;
    const value = feasible ? ((choice.raw[a] as Float64Array)[k] as number) : Number.NEGATIVE_INFINITY;
    if (!replay) maxTree.values[k] = value;
    else if (maxTree.values[k] !== value) maxTree.set(k, value);
  }
}

/** Node k's weighted total as runScorePlugins adds it up (-Infinity for an infeasible node). */
function totalOf(cls: ClassCache, choice: Choice, k: number): number {
  return cls.pass[k] === 0 ? Number.NEGATIVE_INFINITY : localTotal(choice, k);
}

/** Takes the maxima from the trees; true when one differs from what the totals used. */
function takeMaxes(choice: Choice): boolean {
  let changed = false;
  for (let a = 0; a < choice.active.length; a++) {
    const maxTree = choice.maxTrees[a];
    if (!maxTree) continue;
    // DefaultNormalizeScore starts its maximum at 0.
    const max = Math.max(0, maxTree.bestValue());
    if (choice.maxes[a] !== max) {
      choice.maxes[a] = max;
      changed = true;
    }
  }
  return changed;
}

function rebuildTotals(nodeCount: number, cls: ClassCache, choice: Choice): void {
  const values = choice.totals.values;
  for (let k = 0; k < nodeCount; k++) values[k] = totalOf(cls, choice, k);
  choice.totals.rebuild();
}

/** The node scoring every node the class's prefix accepts would choose. */
export function selectByTournament(
  caches: ClassCaches,
  state: CycleState,
  pod: Pod,
  cls: ClassCache,
): NodeInfo {
  const n = caches.nodeCount;
  const choice = choiceFor(caches, state, cls);
  const count = caches.changedSince(choice.synced);
  if (count < 0) {
    for (let k = 0; k < n; k++) refreshRaw(caches, state, pod, cls, choice, k, false);
    for (const maxTree of choice.maxTrees) maxTree?.rebuild();
    takeMaxes(choice);
    rebuildTotals(n, cls, choice);
  } else {
    const changed = caches.changed;
    for (let i = 0; i < count; i++) refreshRaw(caches, state, pod, cls, choice, changed[i] as number, true);
    if (takeMaxes(choice)) rebuildTotals(n, cls, choice);
    else
      for (let i = 0; i < count; i++) {
        const k = changed[i] as number;
        const total = totalOf(cls, choice, k);
        if (choice.totals.values[k] !== total) choice.totals.set(k, total);
      }
  }
  choice.synced = caches.snapshot.changes.length;
  return caches.snapshot.nodeInfos[choice.totals.best()] as NodeInfo;
}
