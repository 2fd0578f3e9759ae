/**
 * Runs one plugin's extension points against a small cluster, the way upstream's plugin
 * tests call PreFilter/Filter and PreScore/Score/NormalizeScore directly, plus spec
 * builders for the fields those tests set (pod affinity, spread constraints, ports).
 */

import type {
  LabelSelector,
  PodAffinityTerm,
  TopologySpreadConstraint,
  WeightedPodAffinityTerm,
} from '../../../src/model/k8s.ts';
import type { ClusterState, Node, Pod } from '../../../src/model/types.ts';
import {
  CycleState,
  type FilterPlugin,
  type Handle,
  type NodeInfo,
  type Plugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../../src/scheduler/framework/interfaces.ts';
import { Framework } from '../../../src/scheduler/framework/runtime.ts';
import { ClusterSnapshot } from '../../../src/scheduler/framework/snapshot.ts';
import { makeCluster } from '../builders.ts';

export interface Harness {
  handle: Handle;
  cluster: ClusterState;
}

export function harness(
  nodes: Node[],
  pods: Pod[] = [],
  namespaces: ClusterState['namespaces'] = {},
): Harness {
  const cluster = { ...makeCluster(nodes, pods), namespaces };
  const handle = new Framework({ plugins: [] }, {}, new ClusterSnapshot(cluster), cluster);
  return { handle, cluster };
}

/** What a filter said about one node: null when it fits. */
export interface FilterOutcome {
  code: string;
  reason: string;
}

/**
 * PreFilter then Filter on every node. Returns `skip` when PreFilter skipped the
 * plugin (its Filter then never runs), else the outcome per node name.
 */
export function runFilter(
  plugin: Plugin & PreFilterPlugin & FilterPlugin,
  h: Harness,
  pod: Pod,
): 'skip' | Record<string, FilterOutcome | null> {
  const state = new CycleState();
  const pre = plugin.preFilter(state, pod, h.handle.snapshot.nodeInfos);
  if (pre.status?.code === 'Skip') return 'skip';
  if (pre.status) throw new Error(`PreFilter failed: ${pre.status.message()}`);
  const out: Record<string, FilterOutcome | null> = {};
  for (const nodeInfo of h.handle.snapshot.nodeInfos) {
    const status = plugin.filter(state, pod, nodeInfo);
    out[nodeInfo.name] = status ? { code: status.code, reason: status.message() } : null;
  }
  return out;
}

/**
 * PreScore, Score and NormalizeScore over `feasible` nodes (all by default).
 * Returns `skip` when PreScore skipped the plugin, else the final score per node.
 */
export function runScore(
  plugin: Plugin & PreScorePlugin & ScorePlugin,
  h: Harness,
  pod: Pod,
  feasible?: string[],
): 'skip' | Record<string, number> {
  const state = new CycleState();
  const nodes: NodeInfo[] = h.handle.snapshot.nodeInfos.filter((n) => !feasible || feasible.includes(n.name));
  const status = plugin.preScore(state, pod, nodes);
  if (status?.code === 'Skip') return 'skip';
  if (status) throw new Error(`PreScore failed: ${status.message()}`);
  const scores = new Float64Array(nodes.length);
  nodes.forEach((n, i) => {
    scores[i] = plugin.score(state, pod, n);
  });
  plugin.normalizeScore?.(state, pod, scores, nodes);
  return Object.fromEntries(nodes.map((n, i) => [n.name, scores[i] as number]));
}

/** Sets spec fields the shared builders do not cover. */
export function withSpec(pod: Pod, change: (spec: Pod['spec']) => void): Pod {
  change(pod.spec);
  return pod;
}

/** `key In values`, as upstream's st.MakeLabelSelector().In(...). */
export const selectorIn = (key: string, values: string[]): LabelSelector => ({
  matchExpressions: [{ key, operator: 'In', values }],
});
export const selectorNotIn = (key: string, values: string[]): LabelSelector => ({
  matchExpressions: [{ key, operator: 'NotIn', values }],
});
export const selectorExists = (key: string): LabelSelector => ({
  matchExpressions: [{ key, operator: 'Exists' }],
});

export function term(
  selector: LabelSelector | undefined,
  topologyKey: string,
  extra: Partial<PodAffinityTerm> = {},
) {
  return { ...(selector ? { labelSelector: selector } : {}), topologyKey, ...extra } as PodAffinityTerm;
}

type Kind = 'affinity' | 'antiAffinity';

/** Adds a required pod (anti-)affinity term. */
export function required(pod: Pod, kind: Kind, t: PodAffinityTerm): Pod {
  return withSpec(pod, (spec) => {
    spec.affinity ??= {};
    const key = kind === 'affinity' ? 'podAffinity' : 'podAntiAffinity';
    spec.affinity[key] ??= {};
    const target = spec.affinity[key];
    target.requiredDuringSchedulingIgnoredDuringExecution = [
      ...(target.requiredDuringSchedulingIgnoredDuringExecution ?? []),
      t,
    ];
  });
}

/** Adds a preferred pod (anti-)affinity term. */
export function preferred(pod: Pod, kind: Kind, weight: number, t: PodAffinityTerm): Pod {
  return withSpec(pod, (spec) => {
    spec.affinity ??= {};
    const key = kind === 'affinity' ? 'podAffinity' : 'podAntiAffinity';
    spec.affinity[key] ??= {};
    const target = spec.affinity[key];
    const w: WeightedPodAffinityTerm = { weight, podAffinityTerm: t };
    target.preferredDuringSchedulingIgnoredDuringExecution = [
      ...(target.preferredDuringSchedulingIgnoredDuringExecution ?? []),
      w,
    ];
  });
}

/** Adds a topology spread constraint. */
export function spread(
  pod: Pod,
  maxSkew: number,
  topologyKey: string,
  whenUnsatisfiable: TopologySpreadConstraint['whenUnsatisfiable'],
  labelSelector: LabelSelector | undefined,
  extra: Partial<TopologySpreadConstraint> = {},
): Pod {
  return withSpec(pod, (spec) => {
    spec.topologySpreadConstraints = [
      ...(spec.topologySpreadConstraints ?? []),
      { maxSkew, topologyKey, whenUnsatisfiable, ...(labelSelector ? { labelSelector } : {}), ...extra },
    ];
  });
}

/** Adds host ports written as upstream's tests write them: `PROTOCOL/hostIP/port`. */
export function hostPorts(pod: Pod, ...ports: string[]): Pod {
  return withSpec(pod, (spec) => {
    const container = spec.containers?.[0] ?? { name: 'c' };
    container.ports = [
      ...(container.ports ?? []),
      ...ports.map((p) => {
        const [protocol, hostIP, port] = p.split('/');
        return {
          protocol: (protocol || undefined) as 'TCP' | 'UDP' | 'SCTP' | undefined,
          hostIP: hostIP || undefined,
          hostPort: Number(port),
          containerPort: Number(port),
        };
      }),
    ];
    spec.containers = [container, ...(spec.containers?.slice(1) ?? [])];
  });
}
