/**
 * The flat map from plugin name to factory, as upstream's in-tree registry.
 * Adding a plugin is one import and one line here.
 */

import type { PluginFactory } from './framework/interfaces.ts';
import { names } from './names.ts';
import { DefaultPreemption } from './plugins/default-preemption.ts';
import { InterPodAffinity } from './plugins/inter-pod-affinity.ts';
import { NodeAffinity } from './plugins/node-affinity.ts';
import { NodeName } from './plugins/node-name.ts';
import { NodePorts } from './plugins/node-ports.ts';
import { NodeResourcesBalancedAllocation } from './plugins/node-resources-balanced-allocation.ts';
import { NodeResourcesFit } from './plugins/node-resources-fit.ts';
import { NodeUnschedulable } from './plugins/node-unschedulable.ts';
import { PodTopologySpread } from './plugins/pod-topology-spread.ts';
import { PrioritySort } from './plugins/priority-sort.ts';
import { SchedulingGates } from './plugins/scheduling-gates.ts';
import { TaintToleration } from './plugins/taint-toleration.ts';

export const registry: Record<string, PluginFactory> = {
  [names.PrioritySort]: () => new PrioritySort(),
  [names.SchedulingGates]: () => new SchedulingGates(),
  [names.NodeUnschedulable]: () => new NodeUnschedulable(),
  [names.NodeName]: () => new NodeName(),
  [names.TaintToleration]: () => new TaintToleration(),
  [names.NodeAffinity]: () => new NodeAffinity(),
  [names.NodeResourcesFit]: (handle) => new NodeResourcesFit(handle.options),
  [names.DefaultPreemption]: (handle) => new DefaultPreemption(handle),
  [names.NodePorts]: () => new NodePorts(),
  [names.PodTopologySpread]: (handle) => new PodTopologySpread(handle),
  [names.InterPodAffinity]: (handle) => new InterPodAffinity(handle),
  [names.NodeResourcesBalancedAllocation]: () => new NodeResourcesBalancedAllocation(),
};
