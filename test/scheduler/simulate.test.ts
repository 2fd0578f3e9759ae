import { describe, expect, it } from 'vitest';
import type { SimulationOptions } from '../../src/model/simulation.ts';
import type { Node, Pod } from '../../src/model/types.ts';
import { simulate } from '../../src/scheduler/simulate.ts';
import { makeCluster, makeNode, makePod } from './builders.ts';

const node = (name: string, cpu = '4', memory = '8Gi') => makeNode().name(name).capacity({ cpu, memory });
const pod = (name: string, cpu = '1', memory = '1Gi') => makePod().name(name).req({ cpu, memory });

function placementsOf(nodes: Node[], pods: Pod[], bound: Pod[] = [], options?: SimulationOptions) {
  return simulate(makeCluster(nodes, bound), pods, options).placements;
}

describe('simulate: where pods land', () => {
  it('spreads pods over equal nodes (LeastAllocated), breaking ties by node name', () => {
    const placements = placementsOf([node('b').obj(), node('a').obj()], [pod('p1').obj(), pod('p2').obj()]);
    expect(placements.map((p) => [p.pod.name, p.node])).toEqual([
      ['p1', 'a'],
      ['p2', 'b'],
    ]);
  });

  it('packs pods with MostAllocated', () => {
    const placements = placementsOf(
      [node('a').obj(), node('b').obj()],
      [pod('p1').obj(), pod('p2').obj()],
      [],
      {
        scoringStrategy: 'MostAllocated',
      },
    );
    expect(placements.map((p) => p.node)).toEqual(['a', 'a']);
  });

  it('packs pods with RequestedToCapacityRatio and its default bin-packing shape', () => {
    const placements = placementsOf(
      [node('a').obj(), node('b').obj()],
      [pod('p1').obj(), pod('p2').obj()],
      [],
      {
        scoringStrategy: 'RequestedToCapacityRatio',
      },
    );
    expect(placements.map((p) => p.node)).toEqual(['a', 'a']);
  });

  it('prefers the less loaded node when one already runs pods', () => {
    const bound = [pod('old', '3', '1Gi').node('a').obj()];
    const placements = placementsOf([node('a').obj(), node('b').obj()], [pod('p').obj()], bound);
    expect(placements[0]?.node).toBe('b');
  });

  it('schedules higher priority pods first, then in input order', () => {
    const placements = placementsOf(
      [node('a').obj()],
      [pod('low').obj(), pod('high').priority(100).obj(), pod('low2').obj()],
    );
    expect(placements.map((p) => p.pod.name)).toEqual(['high', 'low', 'low2']);
  });

  it('gives the same result on every run', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => node(`n${i}`, String(2 + (i % 3))).obj());
    const pods = Array.from({ length: 60 }, (_, i) => pod(`p${i}`, `${100 + (i % 7) * 150}m`, '512Mi').obj());
    const first = simulate(makeCluster(nodes), pods);
    const second = simulate(makeCluster(nodes), pods);
    expect(second).toEqual(first);
  });

  it('does not change the cluster or pods it is given', () => {
    const cluster = makeCluster([node('a').obj()], [pod('old').node('a').obj()]);
    const before = structuredClone(cluster);
    const pods = [pod('p').obj()];
    simulate(cluster, pods);
    expect(cluster).toEqual(before);
    expect(pods[0]?.nodeName).toBeUndefined();
  });

  it('prefers nodes matching preferred node affinity', () => {
    const nodes = [node('a').label('disk', 'hdd').obj(), node('b').label('disk', 'ssd').obj()];
    const p = pod('p')
      .preferred(10, [{ key: 'disk', operator: 'In', values: ['ssd'] }])
      .obj();
    expect(placementsOf(nodes, [p])[0]?.node).toBe('b');
  });

  it('avoids nodes with PreferNoSchedule taints the pod does not tolerate', () => {
    const nodes = [node('a').taint('spot', 'true', 'PreferNoSchedule').obj(), node('b').obj()];
    expect(placementsOf(nodes, [pod('p').obj()])[0]?.node).toBe('b');
  });

  it('places pods on a cordoned node only when they tolerate the cordon', () => {
    const nodes = [node('a').unschedulable().obj()];
    const tolerant = pod('t')
      .toleration({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' })
      .obj();
    const placements = placementsOf(nodes, [pod('p').obj(), tolerant]);
    expect(placements.map((p) => p.node)).toEqual([null, 'a']);
    expect(placements[0]?.reason).toBe(
      '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
  });

  it('places a pod with spec.nodeName only on that node', () => {
    const placements = placementsOf([node('a').obj(), node('b').obj()], [pod('p').specNodeName('b').obj()]);
    expect(placements[0]?.node).toBe('b');
  });

  it('places a DaemonSet-style pod pinned with matchFields only on its node, and says why not elsewhere', () => {
    const nodes = [node('a', '1').obj(), node('b').obj(), node('c').obj()];
    const pinned = pod('ds', '2')
      .requiredTerm([], [{ key: 'metadata.name', operator: 'In', values: ['a'] }])
      .obj();
    const [placement] = placementsOf(nodes, [pinned]);
    expect(placement?.node).toBeNull();
    expect(placement?.reason).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(placement?.nodeReasons).toEqual({
      a: ['Insufficient cpu'],
      b: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"],
      c: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"],
    });
  });
});

describe('simulate: resources', () => {
  it('places GPU pods only where the extended resource is left', () => {
    const nodes = [node('cpu-only').obj(), node('gpu').capacity({ 'nvidia.com/gpu': 2 }).obj()];
    const pods = [1, 2, 3].map((i) => pod(`train-${i}`).req({ 'nvidia.com/gpu': 1 }).obj());
    const placements = placementsOf(nodes, pods);
    expect(placements.map((p) => p.node)).toEqual(['gpu', 'gpu', null]);
    expect(placements[2]?.reason).toBe(
      '0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
    );
  });

  it('stops at the node pod count limit with "Too many pods"', () => {
    const nodes = [makeNode().name('a').capacity({ cpu: '100', memory: '100Gi', pods: 2 }).obj()];
    const pods = [1, 2, 3].map((i) => makePod().name(`p${i}`).obj());
    const placements = placementsOf(nodes, pods);
    expect(placements.map((p) => p.node)).toEqual(['a', 'a', null]);
    expect(placements[2]?.reason).toBe(
      '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
  });

  it('reports node usage after the placements, counting pods', () => {
    const result = simulate(makeCluster([node('a').obj()], [pod('old').node('a').obj()]), [
      pod('new', '500m').obj(),
    ]);
    expect(result.nodes).toEqual([
      {
        name: 'a',
        allocatable: { pods: 110, cpu: 4000, memory: 8 * 1024 ** 3 },
        requested: { cpu: 1500, memory: 2 * 1024 ** 3, pods: 2 },
        limits: {},
        pods: ['default/old', 'default/new'],
      },
    ]);
  });
});

describe('simulate: unschedulable messages as upstream words them', () => {
  it('counts reasons per node and sorts them as strings', () => {
    const nodes = [
      node('small', '500m').obj(),
      node('gpu-1').taint('dedicated', 'gpu', 'NoSchedule').obj(),
      node('gpu-2').taint('dedicated', 'gpu', 'NoSchedule').obj(),
    ];
    const [placement] = placementsOf(nodes, [pod('p').obj()]);
    expect(placement?.status).toBe('unschedulable');
    expect(placement?.reason).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s). preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
  });

  it('lists every resource a node lacks', () => {
    const [placement] = placementsOf([node('a', '1', '1Gi').obj()], [pod('p', '2', '2Gi').obj()]);
    expect(placement?.nodeReasons).toEqual({ a: ['Insufficient cpu', 'Insufficient memory'] });
  });

  it('sorts "10 ..." before "2 ..." as Go sort.Strings does', () => {
    const nodes = [
      ...Array.from({ length: 10 }, (_, i) => node(`small-${i}`, '500m').obj()),
      node('t1').taint('a', 'b', 'NoSchedule').obj(),
      node('t2').taint('a', 'b', 'NoSchedule').obj(),
    ];
    const [placement] = placementsOf(nodes, [pod('p').obj()]);
    expect(
      placement?.reason?.startsWith(
        '0/12 nodes are available: 10 Insufficient cpu, 2 node(s) had untolerated taint(s).',
      ),
    ).toBe(true);
  });

  it('says when the pod may not preempt', () => {
    const bound = [pod('low', '4').priority(0).node('a').obj()];
    const p = pod('p').priority(100).preemptionPolicy('Never').obj();
    const [placement] = placementsOf([node('a').obj()], [p], bound);
    expect(placement?.reason).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    );
  });

  it('says there are no nodes, as kube-scheduler does, when the cluster has none', () => {
    // schedulePod returns ErrNoNodesAvailable before any filter, and PostFilter never runs.
    const [placement] = placementsOf([], [pod('p').obj()]);
    expect(placement?.status).toBe('unschedulable');
    expect(placement?.reason).toBe('no nodes available to schedule pods');
  });

  it('keeps gated pods pending', () => {
    const [placement] = placementsOf(
      [node('a').obj()],
      [pod('p').schedulingGates('example.com/foo', 'bar').obj()],
    );
    expect(placement).toMatchObject({
      node: null,
      status: 'gated',
      reason:
        'SchedulingGated: Scheduling is blocked due to non-empty scheduling gates (example.com/foo, bar)',
    });
  });

  it('reports pods admission rejects, without scheduling them', () => {
    const result = simulate(makeCluster([node('a').obj()]), [pod('p').obj(), pod('q').obj()], {
      admit: (p) => (p.name === 'p' ? { allowed: false, reason: 'exceeded quota: q1' } : { allowed: true }),
    });
    expect(result.placements.map((p) => [p.pod.name, p.status, p.node, p.reason])).toEqual([
      ['p', 'rejected', null, 'exceeded quota: q1'],
      ['q', 'scheduled', 'a', null],
    ]);
  });
});

describe('simulate: preemption', () => {
  it('evicts the lowest priority pods that make room and names them', () => {
    const bound = [
      pod('low-1', '2').priority(1).node('a').obj(),
      pod('low-2', '2').priority(2).node('a').obj(),
    ];
    const result = simulate(makeCluster([node('a').obj()], bound), [pod('high', '2').priority(100).obj()]);
    expect(result.placements[0]).toMatchObject({
      node: 'a',
      status: 'scheduled',
      victims: ['default/low-1'],
    });
    expect(result.evictions).toEqual([{ pod: 'default/low-1', node: 'a', preemptor: 'default/high' }]);
    expect(result.nodes[0]?.pods).toEqual(['default/low-2', 'default/high']);
  });

  it('picks the node whose highest victim has the lowest priority', () => {
    const bound = [
      pod('a-victim', '4').priority(50).node('a').obj(),
      pod('b-victim', '4').priority(10).node('b').obj(),
    ];
    const result = simulate(makeCluster([node('a').obj(), node('b').obj()], bound), [
      pod('high', '2').priority(100).obj(),
    ]);
    expect(result.placements[0]).toMatchObject({ node: 'b', victims: ['default/b-victim'] });
  });

  it('picks the node with the smaller sum of victim priorities when the highest victim priorities tie', () => {
    const bound = [
      pod('a1', '2').priority(10).node('a').obj(),
      pod('a2', '2').priority(10).node('a').obj(),
      pod('b1', '4').priority(10).node('b').obj(),
    ];
    const result = simulate(makeCluster([node('a').obj(), node('b').obj()], bound), [
      pod('high', '3').priority(100).obj(),
    ]);
    expect(result.placements[0]).toMatchObject({ node: 'b', victims: ['default/b1'] });
  });

  it('avoids violating a PodDisruptionBudget when another node allows it', () => {
    const bound = [
      pod('guarded', '4').label('app', 'db').priority(1).node('a').obj(),
      pod('free', '4').label('app', 'batch').priority(5).node('b').obj(),
    ];
    const cluster = makeCluster([node('a').obj(), node('b').obj()], bound, [
      { namespace: 'default', name: 'db', selector: { matchLabels: { app: 'db' } }, minAvailable: 1 },
    ]);
    const result = simulate(cluster, [pod('high', '2').priority(100).obj()]);
    expect(result.placements[0]).toMatchObject({ node: 'b', victims: ['default/free'] });
  });

  it('does not preempt pods of equal priority', () => {
    const bound = [pod('peer', '4').priority(100).node('a').obj()];
    const [placement] = placementsOf([node('a').obj()], [pod('p').priority(100).obj()], bound);
    expect(placement?.reason).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
  });

  it('does not preempt when the pod would not fit even on an empty node', () => {
    const bound = [pod('low', '1').priority(0).node('a').obj()];
    const [placement] = placementsOf([node('a').obj()], [pod('huge', '8').priority(100).obj()], bound);
    expect(placement?.reason).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );
  });
});
