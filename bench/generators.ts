/**
 * Workload generators for the scheduler benchmarks: deterministic (seeded), so every
 * run schedules the same cluster and pods and figures are comparable between runs.
 */

import type { PodSpec, Taint, Toleration } from '../src/model/k8s.ts';
import type { ClusterState, Node, Pod, WorkloadRef } from '../src/model/types.ts';

/** mulberry32: a small, fast, seeded PRNG. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GI = 1024 ** 3;
const MI = 1024 ** 2;
export const ZONE = 'topology.kubernetes.io/zone';
export const HOSTNAME = 'kubernetes.io/hostname';
const GPU_TAINT: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
const GPU_TOLERATION: Toleration = {
  key: 'dedicated',
  operator: 'Equal',
  value: 'gpu',
  effect: 'NoSchedule',
};

export interface NodeOptions {
  count: number;
  zones?: number;
  /** Every n-th node carries the `dedicated=gpu:NoSchedule` taint (0: none). */
  taintEvery?: number;
  cpu?: number;
  memory?: number;
}

/** Nodes named node-00000..., spread round-robin over zones, as a cloud node pool. */
export function makeNodes(options: NodeOptions): Node[] {
  const { count, zones = 3, taintEvery = 0, cpu = 32_000, memory = 128 * GI } = options;
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => {
    const name = `node-${String(i).padStart(width, '0')}`;
    return {
      name,
      labels: {
        [HOSTNAME]: name,
        [ZONE]: `zone-${i % zones}`,
        'node.kubernetes.io/instance-type': 'm5.8xlarge',
      },
      taints: taintEvery > 0 && i % taintEvery === 0 ? [GPU_TAINT] : [],
      allocatable: { cpu, memory, pods: 110 },
      unschedulable: false,
    };
  });
}

interface PodOptions {
  namespace?: string;
  name: string;
  labels?: Record<string, string>;
  cpu: number;
  memory: number;
  spec?: PodSpec;
  workload?: WorkloadRef;
  nodeName?: string;
}

export function makePod(o: PodOptions): Pod {
  const namespace = o.namespace ?? 'default';
  const requests = { cpu: o.cpu, memory: o.memory };
  return {
    namespace,
    name: o.name,
    key: `${namespace}/${o.name}`,
    labels: o.labels ?? {},
    annotations: {},
    ...(o.workload ? { workload: o.workload } : {}),
    spec: {
      containers: [{ name: 'app', resources: { requests: { cpu: `${o.cpu}m`, memory: String(o.memory) } } }],
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.spec ?? {}),
    },
    requests,
    limits: { ...requests },
    priority: 0,
    ...(o.nodeName ? { nodeName: o.nodeName } : {}),
  };
}

export function cluster(nodes: Node[], pods: Pod[] = []): ClusterState {
  return {
    nodes,
    pods,
    pendingPods: [],
    quotas: [],
    limitRanges: [],
    priorityClasses: [],
    pdbs: [],
    namespaces: { default: { 'kubernetes.io/metadata.name': 'default' } },
  };
}

/**
 * Pods with requests only, like scheduler_perf's SchedulingBasic (which creates every
 * pod from one template): bare pods, no constraints, in four sizes taken in turn.
 */
export function basicPods(count: number, seed = 1): Pod[] {
  const rnd = random(seed);
  const sizes = Array.from({ length: 4 }, () => ({
    cpu: 100 + Math.floor(rnd() * 10) * 100,
    memory: (256 + Math.floor(rnd() * 8) * 256) * MI,
  }));
  return Array.from({ length: count }, (_, i) =>
    makePod({ name: `basic-${i}`, ...(sizes[i % 4] as (typeof sizes)[0]) }),
  );
}

/**
 * Pods of many small workloads, a quarter each with: a zone spread constraint
 * (DoNotSchedule, maxSkew 1) plus a hostname one (ScheduleAnyway); required
 * anti-affinity on hostname (one replica per node); required node affinity to two
 * zones; a toleration for the tainted nodes plus preferred anti-affinity on zone.
 * Replicas of one workload share labels and spec, as a Deployment's do.
 */
export function constraintPods(count: number, replicas = 50, seed = 2): Pod[] {
  const rnd = random(seed);
  const pods: Pod[] = [];
  for (let w = 0; pods.length < count; w++) {
    const app = `app-${w}`;
    const labels = { app, tier: w % 2 === 0 ? 'web' : 'worker' };
    const cpu = 200 + Math.floor(rnd() * 8) * 100;
    const memory = (512 + Math.floor(rnd() * 4) * 512) * MI;
    const selector = { matchLabels: { app } };
    let spec: PodSpec;
    switch (w % 4) {
      case 0:
        spec = {
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
            {
              maxSkew: 2,
              topologyKey: HOSTNAME,
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: selector,
            },
          ],
        };
        break;
      case 1:
        spec = {
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: selector, topologyKey: HOSTNAME },
              ],
            },
          },
        };
        break;
      case 2:
        spec = {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: ZONE, operator: 'In', values: [`zone-${w % 3}`, `zone-${(w + 1) % 3}`] },
                    ],
                  },
                ],
              },
            },
          },
        };
        break;
      default:
        spec = {
          tolerations: [GPU_TOLERATION],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 10, podAffinityTerm: { labelSelector: selector, topologyKey: ZONE } },
              ],
            },
          },
        };
    }
    for (let r = 0; r < replicas && pods.length < count; r++) {
      pods.push(
        makePod({
          name: `${app}-${r}`,
          labels,
          cpu,
          memory,
          spec: structuredClone(spec),
          workload: { kind: 'Deployment', name: app },
        }),
      );
    }
  }
  return pods;
}

/** Pods already running, bound round-robin so every node carries the same load. */
export function boundPods(count: number, nodes: Node[], seed = 3): Pod[] {
  const rnd = random(seed);
  return Array.from({ length: count }, (_, i) => {
    const w = Math.floor(i / 100);
    return makePod({
      name: `running-${i}`,
      labels: { app: `running-${w}` },
      cpu: 100 + Math.floor(rnd() * 5) * 100,
      memory: (256 + Math.floor(rnd() * 4) * 256) * MI,
      workload: { kind: 'Deployment', name: `running-${w}` },
      nodeName: (nodes[i % nodes.length] as Node).name,
    });
  });
}
