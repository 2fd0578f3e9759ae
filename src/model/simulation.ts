/**
 * The contract between the scheduler and everything that reads its result
 * (plan, report, timeline). The scheduler is pure: a cluster and pods in, this out.
 */

import type { Pod, ResourceList } from './types.ts';

export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export interface SimulationOptions {
  /** Scoring strategy of NodeResourcesFit (default LeastAllocated, as upstream). */
  scoringStrategy?: ScoringStrategy;
  /** Plugin name -> score weight; a weight of 0 disables scoring for that plugin. */
  pluginWeights?: Record<string, number>;
  /** Plugins to disable entirely (filter and score). */
  disabledPlugins?: string[];
  /**
   * Resources NodeResourcesFit scores and their weights (upstream's
   * `scoringStrategy.resources`); default cpu and memory, weight 1 each.
   */
  scoringResources?: { name: string; weight: number }[];
  /**
   * The RequestedToCapacityRatio shape: utilisation (0-100) -> score (0-10) points in
   * increasing utilisation. Default `[{0, 0}, {100, 10}]` (bin packing).
   */
  requestedToCapacityRatioShape?: { utilization: number; score: number }[];
  /**
   * Admission before scheduling (ResourceQuota, LimitRange): a pod not allowed is
   * reported with status `rejected`, node null and the reason, and never scheduled.
   */
  admit?: (pod: Pod) => { allowed: boolean; reason?: string };
}

export interface PlacementResult {
  pod: Pod;
  /** Node the pod lands on, or null when it cannot be placed (or is gated or rejected). */
  node: string | null;
  /**
   * Why the pod was not placed, in upstream's form:
   * `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s).`
   */
  reason: string | null;
  /** Per-node filter reasons for unplaced pods (node name -> reasons). */
  nodeReasons?: Record<string, string[]>;
  /** Running pods evicted to make room (`namespace/name`), when preemption was needed. */
  victims?: string[];
  /** `scheduled`, `unschedulable`, `gated` (schedulingGates) or `rejected` (admission). */
  status: 'scheduled' | 'unschedulable' | 'gated' | 'rejected';
}

export interface NodeUsage {
  name: string;
  allocatable: ResourceList;
  /** Requests of the pods bound to the node, counting `pods` as one per pod. */
  requested: ResourceList;
  /** Limits of the pods bound to the node. */
  limits: ResourceList;
  /** Keys of the pods on the node, in scheduling order. */
  pods: string[];
}

export interface Eviction {
  /** `namespace/name` of the evicted pod. */
  pod: string;
  /** The node it was running on. */
  node: string;
  /** `namespace/name` of the pod that preempted it. */
  preemptor: string;
}

export interface SimulationResult {
  /** One entry per incoming pod, in the order they were scheduled. */
  placements: PlacementResult[];
  /** Running pods preemption removed, in the order they were evicted. */
  evictions?: Eviction[];
  /** Node usage after every placement (and eviction). */
  nodes: NodeUsage[];
}
