import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/model/types.ts';
import {
  balancedResourceScore,
  NodeResourcesBalancedAllocation,
} from '../../../src/scheduler/plugins/node-resources-balanced-allocation.ts';
import { makeNode, makePod } from '../builders.ts';
import { harness, runScore } from './harness.ts';

/** Upstream's makeNode(name, milliCPU, memory): cpu in millicores, memory in bytes. */
const node = (name: string, milliCpu: number, memory: number) =>
  makeNode()
    .name(name)
    .capacity({ cpu: `${milliCpu}m`, memory })
    .obj();
/** Upstream's specs: cpuOnly is 1000m+2000m, cpuAndMemory 1000m/2000 + 2000m/3000. */
const cpuOnly = (name: string, on?: string) =>
  bound(makePod().name(name).req({ cpu: '3000m', memory: 0 }), on);
const cpuAndMemory = (name: string, on?: string) =>
  bound(makePod().name(name).req({ cpu: '3000m', memory: 5000 }), on);
function bound(b: ReturnType<typeof makePod>, on?: string): Pod {
  return on ? b.node(on).obj() : b.obj();
}

describe('NodeResourcesBalancedAllocation', () => {
  // Upstream's TestNodeResourcesBalancedAllocation cases (std = |f_cpu - f_mem| / 2).
  const cases: {
    name: string;
    pod: Pod;
    nodes: ReturnType<typeof node>[];
    pods: Pod[];
    want: 'skip' | number[];
  }[] = [
    {
      name: 'nothing scheduled, nothing requested, skip in PreScore',
      pod: makePod().name('p').obj(),
      nodes: [node('node1', 4000, 10000), node('node2', 4000, 10000)],
      pods: [],
      want: 'skip',
    },
    {
      // node1: 3000/4000 = 0.75, 5000/10000 = 0.5 -> std 0.125 -> 87; node2: 0.5, 0.5 -> 100
      name: 'nothing scheduled, resources requested, differently sized nodes',
      pod: cpuAndMemory('p'),
      nodes: [node('node1', 4000, 10000), node('node2', 6000, 10000)],
      pods: [],
      want: [87, 100],
    },
    {
      // node1: 6000/10000, 5000/20000 -> std 0.175 -> 82; node2: 0.6, 0.5 -> 95
      name: 'resources requested, pods scheduled with resources',
      pod: cpuAndMemory('p'),
      nodes: [node('node1', 10000, 20000), node('node2', 10000, 20000)],
      pods: [cpuOnly('e1', 'node1'), cpuAndMemory('e2', 'node2')],
      want: [82, 95],
    },
    {
      // node2: 0.6, 10000/50000 = 0.2 -> std 0.2 -> 80
      name: 'resources requested, pods scheduled with resources, differently sized nodes',
      pod: cpuAndMemory('p'),
      nodes: [node('node1', 10000, 20000), node('node2', 10000, 50000)],
      pods: [cpuOnly('e1', 'node1'), cpuAndMemory('e2', 'node2')],
      want: [82, 80],
    },
    {
      // node1: cpu 1, memory 0 -> std 0.5 -> 50; node2: cpu 1, memory 0.5 -> 75
      name: 'requested resources at node capacity',
      pod: cpuOnly('p'),
      nodes: [node('node1', 6000, 10000), node('node2', 6000, 10000)],
      pods: [cpuOnly('e1', 'node1'), cpuAndMemory('e2', 'node2')],
      want: [50, 75],
    },
    {
      // node1: cpu 3000/3000 = 1, memory 5000/5000 = 1 -> 100; node2: 0 and 1 -> 50
      name: 'resources requested, pods scheduled with resources, nodes to reach min/max score',
      pod: makePod().name('p').req({ memory: 5000 }).obj(),
      nodes: [node('node1', 3000, 5000), node('node2', 3000, 5000)],
      pods: [cpuOnly('e1', 'node1')],
      want: [100, 50],
    },
    {
      name: 'requests above allocatable count as a full node (fraction capped at 1)',
      pod: cpuOnly('p'),
      nodes: [node('node1', 4000, 10000), node('node2', 4000, 10000)],
      pods: [cpuOnly('e1', 'node1'), cpuAndMemory('e2', 'node2')],
      want: [50, 75],
    },
    {
      name: 'a node with no allocatable cpu or memory scores on what it has',
      pod: cpuAndMemory('p'),
      nodes: [node('node1', 0, 0), node('node2', 6000, 0)],
      pods: [],
      want: [100, 100],
    },
  ];

  it.each(cases)('$name', ({ pod, nodes, pods, want }) => {
    const result = runScore(new NodeResourcesBalancedAllocation(), harness(nodes, pods), pod);
    if (want === 'skip') expect(result).toBe('skip');
    else expect(result).toEqual(Object.fromEntries(nodes.map((n, i) => [n.name, want[i]])));
  });

  it.each([
    // Upstream's three-resource example: cpu 3000/3500, memory 5000/40000, gpu 4/8 -> std 0.3002 -> 70 (gpu 1/8: 65).
    { requested: [3000, 5000, 4], allocatable: [3500, 40000, 8], want: 70 },
    { requested: [3000, 5000, 1], allocatable: [3500, 40000, 8], want: 65 },
    { requested: [3, 1], allocatable: [4, 0], want: 100 },
    { requested: [0, 0], allocatable: [0, 0], want: 100 },
  ])(
    'the standard deviation covers every resource the node has: $requested of $allocatable -> $want',
    ({ requested, allocatable, want }) => {
      expect(balancedResourceScore(requested, allocatable)).toBe(want);
    },
  );
});
