import { describe, expect, it } from 'vitest';
import type { ClusterState, Node, Pod } from '../../src/model/types.ts';
import {
  bareCluster,
  fitErrorFromReasons,
  resourceReasons,
  schedulerFitter,
} from '../../src/timeline/filter-fitter.ts';
import { planTimeline } from '../../src/timeline/plan.ts';
import { input, job, node, START } from './builders.ts';

const podOf = (b: ReturnType<typeof job>, spec: Partial<Pod['spec']> = {}): Pod => {
  const pod = b.build().workload.pods[0] as Pod;
  return { ...pod, spec: { ...pod.spec, ...spec } };
};

const gpu = node('gpu')
  .label('pool', 'gpu')
  .taint({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' })
  .obj();
const soft = node('soft')
  .label('pool', 'cpu')
  .taint({ key: 'spot', value: 'true', effect: 'PreferNoSchedule' })
  .obj();
const cordoned = node('cordoned').label('pool', 'cpu').unschedulable().obj();
const plain = node('plain').label('pool', 'cpu').obj();
const nodes: Node[] = [gpu, soft, cordoned, plain];

const cases: [string, Pod, Record<string, string[]>][] = [
  [
    'a plain pod is kept off tainted and cordoned nodes only',
    podOf(job('p')),
    {
      gpu: ['node(s) had untolerated taint(s)'],
      soft: [],
      cordoned: ['node(s) were unschedulable'],
      plain: [],
    },
  ],
  [
    'a toleration and a selector lead to the gpu node',
    podOf(job('p').tolerate({ key: 'dedicated', operator: 'Exists' }).selector({ pool: 'gpu' })),
    {
      gpu: [],
      soft: ["node(s) didn't match Pod's node affinity/selector"],
      cordoned: ['node(s) were unschedulable'],
      plain: ["node(s) didn't match Pod's node affinity/selector"],
    },
  ],
  [
    'tolerating the unschedulable taint passes a cordoned node',
    podOf(
      job('p').tolerate({
        key: 'node.kubernetes.io/unschedulable',
        operator: 'Exists',
        effect: 'NoSchedule',
      }),
    ),
    {
      gpu: ['node(s) had untolerated taint(s)'],
      soft: [],
      cordoned: [],
      plain: [],
    },
  ],
  [
    'spec.nodeName pins the pod',
    podOf(job('p'), { nodeName: 'plain' }),
    {
      gpu: ["node(s) didn't match the requested node name"],
      soft: ["node(s) didn't match the requested node name"],
      cordoned: ['node(s) were unschedulable'],
      plain: [],
    },
  ],
];

describe('static node checks', () => {
  it.each(cases)('%s', (_name, pod, expected) => {
    const fitter = schedulerFitter(bareCluster(nodes));
    const got = Object.fromEntries(nodes.map((n) => [n.name, fitter.staticReasons(pod, n)]));
    expect(got).toEqual(expected);
  });
});

/** A long-running pod the static plan leaves on a node. */
function running(
  name: string,
  nodeName: string,
  extra: { labels?: Record<string, string>; spec?: Partial<Pod['spec']> },
): Pod {
  return {
    namespace: 'default',
    name,
    key: `default/${name}`,
    labels: extra.labels ?? {},
    annotations: {},
    spec: { containers: [{ name: 'main', image: 'app:1' }], ...extra.spec },
    requests: { cpu: 100 },
    limits: {},
    priority: 0,
    nodeName,
  };
}

const zoned = (name: string, zone: string) =>
  node(name).label('kubernetes.io/hostname', name).label('topology.kubernetes.io/zone', zone).obj();

describe('the scheduler’s filters that look at the pods on a node rule nodes out for batch pods too', () => {
  const n1 = zoned('n1', 'a');
  const n2 = zoned('n2', 'b');
  const clusterWith = (pods: Pod[]): ClusterState => ({ ...bareCluster([n1, n2]), pods });
  const port = { containerPort: 8080, hostPort: 8080, protocol: 'TCP' as const };

  it.each<[string, ClusterState, ReturnType<typeof job>, string[]]>([
    [
      'NodePorts: a host port a long-running pod holds',
      clusterWith([
        running('proxy', 'n1', { spec: { containers: [{ name: 'p', image: 'p:1', ports: [port] }] } }),
      ]),
      job('scrape').podSpec({ containers: [{ name: 'main', image: 'busybox', ports: [port] }] }),
      ["node(s) didn't have free ports for the requested pod ports"],
    ],
    [
      'InterPodAffinity: required anti-affinity to a long-running pod',
      clusterWith([running('db', 'n1', { labels: { app: 'db' } })]),
      job('etl').podSpec({
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' },
            ],
          },
        },
      }),
      ["node(s) didn't match pod anti-affinity rules"],
    ],
    [
      'PodTopologySpread: a zone already ahead by the skew',
      clusterWith([
        running('etl-a', 'n1', { labels: { app: 'etl' } }),
        running('etl-b', 'n1', { labels: { app: 'etl' } }),
      ]),
      job('etl')
        .podLabels({ app: 'etl' })
        .podSpec({
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'etl' } },
            },
          ],
        }),
      ["node(s) didn't match pod topology spread constraints"],
    ],
  ])('%s', (_name, cluster, batch, reasons) => {
    const fitter = schedulerFitter(cluster);
    const pod = batch.build().workload.pods[0] as Pod;
    expect(fitter.staticReasons(pod, n1)).toEqual(reasons);
    expect(fitter.staticReasons(pod, n2)).toEqual([]);
    // On the timeline: n1 is never used, so with n2 cordoned the job never starts, and says why.
    const cordoned = { ...n2, unschedulable: true };
    const t = planTimeline(
      { ...input([batch.duration('10m')], []), capacity: { cluster: { ...cluster, nodes: [n1, cordoned] } } },
      { start: START },
    ).timeline;
    expect(t.jobs[0]).toMatchObject({
      status: 'not-started',
      reason: `0/2 nodes are available: 1 ${reasons[0]}, 1 node(s) were unschedulable.`,
    });
  });
});

describe('resource reasons', () => {
  it.each<[string, Record<string, number>, Record<string, number>, string[]]>([
    ['everything fits', { cpu: 500 }, { cpu: 500, pods: 1 }, []],
    ['no pod slot left', { cpu: 500 }, { cpu: 1000, pods: 0 }, ['Too many pods']],
    [
      'cpu, memory and an extended resource short, in upstream order',
      { 'nvidia.com/gpu': 1, memory: 2, cpu: 2 },
      { cpu: 1, memory: 1, pods: 5 },
      ['Insufficient cpu', 'Insufficient memory', 'Insufficient nvidia.com/gpu'],
    ],
    ['a zero request never counts as short', { cpu: 0 }, { pods: 1 }, []],
  ])('%s', (_name, requests, free, reasons) => {
    const pod = job('p').requests(requests).build().workload.pods[0] as Pod;
    expect(resourceReasons(pod, free)).toEqual(reasons);
  });

  it('counts reasons over nodes and sorts them as strings, as FitError does', () => {
    expect(
      fitErrorFromReasons(
        Array.from({ length: 12 }, (_, i) => node(`n${i}`).obj()),
        [
          ['Insufficient cpu'],
          ...Array.from({ length: 10 }, () => ['node(s) were unschedulable']),
          ['Insufficient cpu', 'Insufficient memory'],
        ],
      ),
    ).toBe(
      '0/12 nodes are available: 1 Insufficient memory, 10 node(s) were unschedulable, 2 Insufficient cpu.',
    );
  });
});
