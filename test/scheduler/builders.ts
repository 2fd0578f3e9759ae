/**
 * Chained builders for scheduler tests, as upstream's st.MakePod()/st.MakeNode():
 * `makePod().name('p').req({ cpu: '1' }).obj()`.
 */

import type {
  NodeSelectorRequirement,
  PodSpec,
  PreferredSchedulingTerm,
  Taint,
  Toleration,
} from '../../src/model/k8s.ts';
import type { ClusterState, Node, Pod, PodDisruptionBudget, ResourceList } from '../../src/model/types.ts';

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 0.001,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** Enough of Kubernetes quantities for tests: cpu in millicores, everything else in units. */
export function quantity(resource: string, value: string | number): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(value));
  if (!m) throw new Error(`bad quantity ${value}`);
  const base = Number(m[1]) * (SUFFIX[m[2] ?? ''] ?? Number.NaN);
  return Math.round(resource === 'cpu' ? base * 1000 : base);
}

export function resources(map: Record<string, string | number>): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(map)) out[k] = quantity(k, v);
  return out;
}

class PodBuilder {
  private readonly pod: Pod = {
    namespace: 'default',
    name: 'pod',
    key: 'default/pod',
    labels: {},
    annotations: {},
    spec: { containers: [{ name: 'c' }] },
    requests: {},
    limits: {},
    priority: 0,
  };

  name(name: string): this {
    this.pod.name = name;
    this.pod.key = `${this.pod.namespace}/${name}`;
    return this;
  }
  namespace(ns: string): this {
    this.pod.namespace = ns;
    this.pod.key = `${ns}/${this.pod.name}`;
    return this;
  }
  label(key: string, value: string): this {
    this.pod.labels[key] = value;
    return this;
  }
  req(map: Record<string, string | number>): this {
    this.pod.requests = { ...this.pod.requests, ...resources(map) };
    return this;
  }
  priority(p: number): this {
    this.pod.priority = p;
    this.pod.spec.priority = p;
    return this;
  }
  preemptionPolicy(policy: PodSpec['preemptionPolicy']): this {
    this.pod.spec.preemptionPolicy = policy;
    return this;
  }
  node(nodeName: string): this {
    this.pod.nodeName = nodeName;
    this.pod.spec.nodeName = nodeName;
    return this;
  }
  /** spec.nodeName on a pod that is still to be scheduled. */
  specNodeName(nodeName: string): this {
    this.pod.spec.nodeName = nodeName;
    return this;
  }
  startedAt(ms: number): this {
    this.pod.createdAt = ms;
    return this;
  }
  toleration(t: Toleration): this {
    this.pod.spec.tolerations = [...(this.pod.spec.tolerations ?? []), t];
    return this;
  }
  nodeSelector(map: Record<string, string>): this {
    this.pod.spec.nodeSelector = map;
    return this;
  }
  nodeAffinityIn(key: string, values: string[]): this {
    return this.requiredTerm([{ key, operator: 'In', values }]);
  }
  requiredTerm(matchExpressions: NodeSelectorRequirement[], matchFields?: NodeSelectorRequirement[]): this {
    const na = this.nodeAffinity();
    na.requiredDuringSchedulingIgnoredDuringExecution ??= { nodeSelectorTerms: [] };
    na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.push({
      matchExpressions,
      ...(matchFields ? { matchFields } : {}),
    });
    return this;
  }
  preferred(weight: number, matchExpressions: NodeSelectorRequirement[]): this {
    const na = this.nodeAffinity();
    const term: PreferredSchedulingTerm = { weight, preference: { matchExpressions } };
    na.preferredDuringSchedulingIgnoredDuringExecution = [
      ...(na.preferredDuringSchedulingIgnoredDuringExecution ?? []),
      term,
    ];
    return this;
  }
  schedulingGates(...gates: string[]): this {
    this.pod.spec.schedulingGates = gates.map((name) => ({ name }));
    return this;
  }
  private nodeAffinity() {
    this.pod.spec.affinity ??= {};
    this.pod.spec.affinity.nodeAffinity ??= {};
    return this.pod.spec.affinity.nodeAffinity;
  }
  obj(): Pod {
    return structuredClone(this.pod);
  }
}

class NodeBuilder {
  private readonly node: Node = {
    name: 'node',
    labels: {},
    taints: [],
    allocatable: { pods: 110 },
    unschedulable: false,
  };

  name(name: string): this {
    this.node.name = name;
    this.node.labels['kubernetes.io/hostname'] ??= name;
    return this;
  }
  label(key: string, value: string): this {
    this.node.labels[key] = value;
    return this;
  }
  capacity(map: Record<string, string | number>): this {
    this.node.allocatable = { ...this.node.allocatable, ...resources(map) };
    return this;
  }
  taint(key: string, value: string, effect: Taint['effect']): this {
    this.node.taints.push({ key, value, effect });
    return this;
  }
  unschedulable(): this {
    this.node.unschedulable = true;
    return this;
  }
  obj(): Node {
    return structuredClone(this.node);
  }
}

export const makePod = () => new PodBuilder();
export const makeNode = () => new NodeBuilder();

export function makeCluster(nodes: Node[], pods: Pod[] = [], pdbs: PodDisruptionBudget[] = []): ClusterState {
  return {
    nodes,
    pods,
    pendingPods: [],
    quotas: [],
    limitRanges: [],
    priorityClasses: [],
    pdbs,
    namespaces: {},
  };
}
