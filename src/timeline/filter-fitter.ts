/**
 * A Fitter made of the scheduler framework's own Filter plugins, so the timeline can
 * rule nodes out exactly as the placement plan does. Only plugins that do not read
 * what runs on a node belong here (NodeUnschedulable, NodeName, TaintToleration,
 * NodeAffinity): each node is presented empty, because the timeline accounts for
 * resources itself as jobs start and finish.
 */

import type { Node, Pod } from '../model/types.ts';
import {
  CycleState,
  type FilterPlugin,
  NodeInfo,
  type PreFilterPlugin,
} from '../scheduler/framework/interfaces.ts';
import type { Fitter } from './types.ts';

type StaticPlugin = FilterPlugin & Partial<Pick<PreFilterPlugin, 'preFilter'>>;

export function fitterFromFilterPlugins(plugins: readonly StaticPlugin[], nodes: readonly Node[]): Fitter {
  const infos = new Map<string, NodeInfo>();
  for (const node of nodes) infos.set(node.name, new NodeInfo(node));
  const allInfos = [...infos.values()];
  // PreFilter runs once per pod, as in a scheduling cycle.
  const cycles = new WeakMap<Pod, { state: CycleState; rejected: string[] | null }>();

  const cycleFor = (pod: Pod) => {
    let cycle = cycles.get(pod);
    if (cycle) return cycle;
    const state = new CycleState();
    let rejected: string[] | null = null;
    for (const plugin of plugins) {
      if (!plugin.preFilter) continue;
      const { status } = plugin.preFilter(state, pod, allInfos);
      if (status?.code === 'Skip') state.skipFilterPlugins.add(plugin.name);
      else if (status && status.code !== 'Success' && rejected === null) rejected = [...status.reasons];
    }
    cycle = { state, rejected };
    cycles.set(pod, cycle);
    return cycle;
  };

  return {
    staticReasons(pod: Pod, node: Node): string[] {
      const { state, rejected } = cycleFor(pod);
      if (rejected) return rejected;
      const info = infos.get(node.name) ?? new NodeInfo(node);
      for (const plugin of plugins) {
        if (state.skipFilterPlugins.has(plugin.name)) continue;
        const status = plugin.filter(state, pod, info);
        if (status && status.code !== 'Success') return [...status.reasons];
      }
      return [];
    },
  };
}
