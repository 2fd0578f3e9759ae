import type { Profile } from './framework/interfaces.ts';
import { names } from './names.ts';

/**
 * kube-scheduler's default profile: the plugins in upstream's multi-point order
 * (which is the order Filter plugins run in, so a node's reason is the first
 * filter that rejects it) with upstream's score weights. Volume plugins are left
 * out (berth does not model volumes) and ImageLocality is skipped (berth does
 * not know which images nodes hold). Plugins missing from the registry are
 * ignored, so the profile can name plugins before they exist.
 */
export const defaultProfile: Profile = {
  plugins: [
    { name: names.SchedulingGates },
    { name: names.PrioritySort },
    { name: names.NodeUnschedulable },
    { name: names.NodeName },
    { name: names.TaintToleration, weight: 3 },
    { name: names.NodeAffinity, weight: 2 },
    { name: names.NodePorts },
    { name: names.NodeResourcesFit, weight: 1 },
    { name: names.PodTopologySpread, weight: 2 },
    { name: names.InterPodAffinity, weight: 2 },
    { name: names.DefaultPreemption },
    { name: names.NodeResourcesBalancedAllocation, weight: 1 },
  ],
};
