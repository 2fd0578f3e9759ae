import { describe, expect, it } from 'vitest';
import type { SimulationOptions } from '../../../src/model/simulation.ts';
import type { Node, Pod } from '../../../src/model/types.ts';
import { CycleState, NodeInfo } from '../../../src/scheduler/framework/interfaces.ts';
import { brokenLinear, NodeResourcesFit } from '../../../src/scheduler/plugins/node-resources-fit.ts';
import { makeNode, makePod } from '../builders.ts';

function nodeInfo(node: Node, pods: Pod[] = []): NodeInfo {
  const info = new NodeInfo(node);
  for (const p of pods) info.addPod(p);
  return info;
}

function filter(pod: Pod, info: NodeInfo) {
  const plugin = new NodeResourcesFit();
  const state = new CycleState();
  plugin.preFilter(state, pod);
  const status = plugin.filter(state, pod, info);
  return status ? { code: status.code, reasons: [...status.reasons] } : null;
}

function score(pod: Pod, info: NodeInfo, options: SimulationOptions = {}): number {
  const plugin = new NodeResourcesFit(options);
  const state = new CycleState();
  plugin.preScore(state, pod);
  return plugin.score(state, pod, info);
}

const node = (cpu: string | number, memory: string | number) =>
  makeNode().name('n').capacity({ cpu, memory }).obj();

describe('NodeResourcesFit filter', () => {
  const cases = [
    { name: 'a pod that fits passes', pod: makePod().req({ cpu: '1', memory: '1Gi' }).obj(), want: null },
    {
      name: 'too much cpu is Insufficient cpu, resolvable by eviction',
      pod: makePod().req({ cpu: '3' }).obj(),
      want: { code: 'Unschedulable', reasons: ['Insufficient cpu'] },
    },
    {
      name: 'asking for more than the node has at all is unresolvable',
      pod: makePod().req({ cpu: '5' }).obj(),
      want: { code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient cpu'] },
    },
    {
      name: 'every lacking resource is listed, cpu before memory',
      pod: makePod().req({ memory: '7Gi', cpu: '3' }).obj(),
      want: { code: 'Unschedulable', reasons: ['Insufficient cpu', 'Insufficient memory'] },
    },
    {
      name: 'an extended resource the node lacks entirely is unresolvable',
      pod: makePod().req({ 'example.com/foo': 1 }).obj(),
      want: { code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient example.com/foo'] },
    },
  ];
  it.each(cases)('$name', ({ pod, want }) => {
    const used = makePod().name('used').req({ cpu: '2', memory: '2Gi' }).obj();
    expect(filter(pod, nodeInfo(node('4', '8Gi'), [used]))).toEqual(want);
  });

  it('a full node says "Too many pods" even for a pod requesting nothing', () => {
    const full = makeNode().name('n').capacity({ cpu: '4', memory: '8Gi', pods: 1 }).obj();
    expect(filter(makePod().obj(), nodeInfo(full, [makePod().name('x').obj()]))).toEqual({
      code: 'Unschedulable',
      reasons: ['Too many pods'],
    });
  });
});

// Cases from upstream's least_allocated_test.go / most_allocated_test.go (cpu in millicores, memory in bytes).
describe('NodeResourcesFit score', () => {
  it.each([
    {
      name: 'LeastAllocated: nothing scheduled, nothing requested scores by the non-zero defaults',
      pod: makePod().obj(),
      info: nodeInfo(node(4, 10000)),
      // cpu (4000-100)*100/4000 = 97; memory (10000 - 200Mi) < 0 -> 0; (97+0)/2 = 48
      options: {},
      want: 48,
    },
    {
      name: 'LeastAllocated: requested resources differ across nodes',
      pod: makePod().req({ cpu: '3000m', memory: 5000 }).obj(),
      info: nodeInfo(node('10', 20000)),
      // cpu (10000-3000)*100/10000 = 70; memory (20000-5000)*100/20000 = 75; (70+75)/2 = 72
      options: {},
      want: 72,
    },
    {
      name: 'MostAllocated: the same request scores its utilisation',
      pod: makePod().req({ cpu: '3000m', memory: 5000 }).obj(),
      info: nodeInfo(node('10', 20000)),
      // cpu 3000*100/10000 = 30; memory 5000*100/20000 = 25; (30+25)/2 = 27
      options: { scoringStrategy: 'MostAllocated' as const },
      want: 27,
    },
    {
      name: 'MostAllocated: an over-committed resource scores as full, not more',
      pod: makePod().req({ cpu: '12', memory: 5000 }).obj(),
      info: nodeInfo(node('10', 20000)),
      options: { scoringStrategy: 'MostAllocated' as const },
      want: Math.trunc((100 + 25) / 2),
    },
    {
      name: 'RequestedToCapacityRatio: the default shape scores utilisation, rounding the mean',
      pod: makePod().req({ cpu: '3000m', memory: 5000 }).obj(),
      info: nodeInfo(node('4', 20000)),
      // cpu 75% -> 75, memory 25% -> 25: mean 50
      options: { scoringStrategy: 'RequestedToCapacityRatio' as const },
      want: 50,
    },
    {
      name: 'resource weights change the mean',
      pod: makePod().req({ cpu: '3000m', memory: 5000 }).obj(),
      info: nodeInfo(node('10', 20000)),
      // (70*3 + 75*1) / 4 = 71
      options: {
        scoringResources: [
          { name: 'cpu', weight: 3 },
          { name: 'memory', weight: 1 },
        ],
      },
      want: 71,
    },
  ])('$name', ({ pod, info, options, want }) => {
    expect(score(pod, info, options)).toBe(want);
  });

  it('an extended resource the pod does not request is left out of its score', () => {
    const gpuNode = makeNode().name('n').capacity({ cpu: '10', memory: 20000, 'nvidia.com/gpu': 4 }).obj();
    const pod = makePod().req({ cpu: '3000m', memory: 5000 }).obj();
    const options = {
      scoringResources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
        { name: 'nvidia.com/gpu', weight: 1 },
      ],
    };
    expect(score(pod, nodeInfo(gpuNode), options)).toBe(72);
  });
});

describe('brokenLinear', () => {
  it.each([
    { p: -10, want: 0 },
    { p: 0, want: 0 },
    { p: 25, want: 25 },
    { p: 50, want: 50 },
    { p: 100, want: 100 },
    { p: 120, want: 100 },
  ])('the bin-packing shape maps $p to $want', ({ p, want }) => {
    const f = brokenLinear([
      { utilization: 0, score: 0 },
      { utilization: 100, score: 100 },
    ]);
    expect(f(p)).toBe(want);
  });

  it('a decreasing shape spreads: full nodes score lowest', () => {
    const f = brokenLinear([
      { utilization: 0, score: 100 },
      { utilization: 100, score: 0 },
    ]);
    expect([f(0), f(30), f(100)]).toEqual([100, 70, 0]);
  });
});
