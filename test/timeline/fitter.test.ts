import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../src/model/types.ts';
import { NodeAffinity } from '../../src/scheduler/plugins/node-affinity.ts';
import { NodeName } from '../../src/scheduler/plugins/node-name.ts';
import { NodeUnschedulable } from '../../src/scheduler/plugins/node-unschedulable.ts';
import { TaintToleration } from '../../src/scheduler/plugins/taint-toleration.ts';
import { fitterFromFilterPlugins } from '../../src/timeline/filter-fitter.ts';
import { defaultFitter, fitErrorMessage, insufficientResources } from '../../src/timeline/fitter.ts';
import { job, node } from './builders.ts';

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
  it.each(cases)('%s (default fitter)', (_name, pod, expected) => {
    const got = Object.fromEntries(nodes.map((n) => [n.name, defaultFitter.staticReasons(pod, n)]));
    expect(got).toEqual(expected);
  });

  it.each(cases)('%s (the scheduler’s Filter plugins agree)', (_name, pod, expected) => {
    const fitter = fitterFromFilterPlugins(
      [new NodeUnschedulable(), new NodeName(), new TaintToleration(), new NodeAffinity()],
      nodes,
    );
    const got = Object.fromEntries(nodes.map((n) => [n.name, fitter.staticReasons(pod, n)]));
    expect(got).toEqual(expected);
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
    expect(insufficientResources(requests, free)).toEqual(reasons);
  });

  it('counts reasons over nodes and sorts them as strings, as FitError does', () => {
    expect(
      fitErrorMessage(12, [
        ['Insufficient cpu'],
        ...Array.from({ length: 10 }, () => ['node(s) were unschedulable']),
        ['Insufficient cpu', 'Insufficient memory'],
      ]),
    ).toBe(
      '0/12 nodes are available: 1 Insufficient memory, 10 node(s) were unschedulable, 2 Insufficient cpu.',
    );
  });
});
