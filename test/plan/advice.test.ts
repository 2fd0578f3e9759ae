import { describe, expect, it } from 'vitest';
import { rolloutFenceposts, scaledValue } from '../../src/plan/advice.ts';
import {
  daemonSet,
  deployment,
  fleet,
  manifests,
  type PoolSpec,
  planOf,
  runningPod,
} from '../fixtures/plans/build.ts';

const pool = (name: string, count: number, cpu: string, memory = '16Gi'): PoolSpec => ({
  name,
  count,
  cpu,
  memory,
});

function adviceOf(spec: Parameters<typeof planOf>[0]) {
  const plan = planOf(spec);
  if (!plan.advice) throw new Error('the plan has no advice');
  return { plan, advice: plan.advice };
}

describe('advice for pods that do not fit', () => {
  it('fewer replicas: five 1-cpu replicas on two 2-cpu nodes, four fit, so replicas 4', () => {
    const { plan, advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '2')] }),
      head: manifests(deployment({ name: 'web', namespace: 'shop', replicas: 5, cpu: '1' })),
    });
    expect(plan.summary.unschedulable).toBe(1);
    expect(advice.fixes).toEqual([
      expect.objectContaining({ namespace: 'shop', workload: 'Deployment/web', unplaced: 1, fitReplicas: 4 }),
    ]);
  });

  it('a DaemonSet is never told to run fewer replicas', () => {
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '1')] }),
      head: manifests(daemonSet({ name: 'agent', namespace: 'ops', cpu: '2' })),
    });
    expect(advice.fixes).toHaveLength(1);
    expect(advice.fixes[0]!.fitReplicas).toBeUndefined();
  });

  it('smaller request: three replicas on two 2-cpu nodes fit at 1 cpu each (two on one node), not at 1001m', () => {
    // 2 nodes x 2000m: two pods per node need <= 1000m each; 1000m x 3 = one node full, one half full.
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '2')] }),
      head: manifests(
        deployment({ name: 'web', namespace: 'shop', replicas: 3, cpu: '1500m', memory: '1Gi' }),
      ),
    });
    expect(advice.fixes[0]!.smallerRequest).toEqual({ cpu: 1000 });
  });

  it('smaller request leaves out a resource whose shrinking cannot help (the node selector matches nothing)', () => {
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '2')] }),
      head: manifests(
        deployment({ name: 'web', namespace: 'shop', cpu: '500m', nodeSelector: { disk: 'ssd' } }),
      ),
    });
    expect(advice.fixes[0]!.smallerRequest).toBeUndefined();
    expect(advice.fixes[0]!.addNodes).toBeUndefined();
  });

  it.each<[string, PoolSpec[], { pool: string; count: number; pods: number }]>([
    // Full 4-cpu nodes; five 1.5-cpu pods, two per new 4-cpu node: ceil(5 / 2) = 3 nodes.
    [
      'three 4-cpu nodes for five 1.5-cpu pods (two per node)',
      [pool('general', 1, '4')],
      { pool: 'general', count: 3, pods: 5 },
    ],
    // An 8-cpu node holds five 1.5-cpu pods (7.5 cpu), so one node of the big pool beats three small ones.
    [
      'one 8-cpu node when a bigger pool holds all five',
      [pool('general', 1, '4'), pool('large', 1, '8')],
      { pool: 'large', count: 1, pods: 5 },
    ],
  ])('N more nodes of pool P: %s', (_name, pools, expected) => {
    // Every existing node is filled by a running pod, so only new nodes can help.
    const filler = pools.flatMap((p) =>
      Array.from({ length: p.count }, (_, i) =>
        runningPod({ name: `filler-${p.name}-${i + 1}`, node: `${p.name}-${i + 1}`, cpu: p.cpu }),
      ),
    );
    const { plan, advice } = adviceOf({
      cluster: fleet({ pools, pods: filler }),
      head: manifests(deployment({ name: 'web', namespace: 'shop', replicas: 5, cpu: '1500m' })),
    });
    expect(plan.summary.unschedulable).toBe(5);
    expect(advice.fixes[0]!.addNodes).toEqual(expected);
  });

  it('a pod bigger than a node of any pool is told to shrink, never to add nodes', () => {
    // 12 cpu on 8-cpu nodes: no count of new nodes helps; 8 cpu is the most one node offers.
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '8'), pool('large', 1, '8', '64Gi')] }),
      head: manifests(
        deployment({ name: 'giant', namespace: 'shop', replicas: 1, cpu: '12', memory: '1Gi' }),
      ),
    });
    expect(advice.fixes[0]!.addNodes).toBeUndefined();
    expect(advice.fixes[0]!.smallerRequest).toEqual({ cpu: 8000 });
  });

  it('thirty pods that each need a node of their own need thirty new nodes, found by doubling past the old cap of 20', () => {
    // 30 pods of 7 cpu, one per new 8-cpu node.
    const filler = runningPod({ name: 'filler', node: 'general-1', cpu: '8' });
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 1, '8')], pods: [filler] }),
      head: manifests(deployment({ name: 'wide', namespace: 'shop', replicas: 30, cpu: '7' })),
    });
    expect(advice.fixes[0]!.unplaced).toBe(30);
    expect(advice.fixes[0]!.addNodes).toEqual({ pool: 'general', count: 30, pods: 30 });
  });

  it('new nodes come with the DaemonSet pods their pool runs, which take room too', () => {
    // Each 4-cpu node runs a 1.5-cpu daemon: a new node has 2.5 cpu left, room for
    // one 1.5-cpu pod, where a bare node would take two. Four pods need four nodes.
    const { advice } = adviceOf({
      cluster: fleet({
        pools: [pool('general', 1, '4')],
        pods: [runningPod({ name: 'filler', node: 'general-1', cpu: '2500m' })],
      }),
      head: manifests(
        daemonSet({ name: 'agent', namespace: 'ops', cpu: '1500m' }),
        deployment({ name: 'web', namespace: 'shop', replicas: 4, cpu: '1500m' }),
      ),
    });
    expect(advice.fixes.find((f) => f.workload === 'Deployment/web')?.addNodes).toEqual({
      pool: 'general',
      count: 4,
      pods: 4,
    });
  });
});

describe('headroom', () => {
  it('counts how many more replicas fit: two 4-cpu nodes with two 1-cpu replicas leave room for six', () => {
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '4')] }),
      head: manifests(deployment({ name: 'web', namespace: 'shop', replicas: 2, cpu: '1', memory: '1Gi' })),
    });
    expect(advice.headroom).toEqual([
      { namespace: 'shop', workload: 'Deployment/web', more: 6, capped: false },
    ]);
  });

  it('memory can be the limit: 16Gi nodes and 5Gi replicas leave room for three per node in all', () => {
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '64', '16Gi')] }),
      head: manifests(
        deployment({ name: 'cache', namespace: 'shop', replicas: 1, cpu: '100m', memory: '5Gi' }),
      ),
    });
    // 3 per node x 2 nodes = 6, one already placed.
    expect(advice.headroom[0]!.more).toBe(5);
  });

  it('pods on a cordoned node do not shrink the room left on the others', () => {
    // general-1 is cordoned and full (its 4 cpu do not count); general-2 has 4 cpu, one web pod: 3 more.
    const cluster = fleet({
      pools: [
        { name: 'cordoned', count: 1, cpu: '4', memory: '16Gi' },
        { name: 'general', count: 1, cpu: '4', memory: '16Gi' },
      ],
      pods: [runningPod({ name: 'old', node: 'cordoned-1', cpu: '4' })],
    }).replace('name: cordoned\n', 'name: cordoned\n    unschedulable: true\n');
    expect(cluster).toContain('unschedulable: true');
    const { advice } = adviceOf({
      cluster,
      head: manifests(deployment({ name: 'web', namespace: 'shop', replicas: 1, cpu: '1' })),
    });
    expect(advice.headroom[0]).toMatchObject({ more: 3, capped: false });
  });

  it('a DaemonSet has no headroom to report', () => {
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '4')] }),
      head: manifests(daemonSet({ name: 'agent', namespace: 'ops', cpu: '100m' })),
    });
    expect(advice.headroom).toEqual([]);
  });
});

describe('RollingUpdate surge', () => {
  it.each<[string, unknown, number, boolean, number]>([
    ['25% of 10 rounds up for maxSurge', '25%', 10, true, 3],
    ['25% of 10 rounds down for maxUnavailable', '25%', 10, false, 2],
    ['25% of 1 rounds up to one surge pod', '25%', 1, true, 1],
    ['25% of 1 rounds down to no unavailable pod', '25%', 1, false, 0],
    ['an absolute number is taken as is', 2, 10, true, 2],
    ['100% of 4 is 4', '100%', 4, true, 4],
  ])('%s', (_name, value, replicas, roundUp, expected) => {
    expect(scaledValue(value, replicas, roundUp, '25%')).toBe(expected);
  });

  it.each<
    [string, Record<string, unknown> | undefined, number, { maxSurge: number; maxUnavailable: number }]
  >([
    [
      'defaults are 25% each: 4 replicas surge 1, 1 unavailable',
      undefined,
      4,
      { maxSurge: 1, maxUnavailable: 1 },
    ],
    ['defaults on 10 replicas: surge 3, 2 unavailable', undefined, 10, { maxSurge: 3, maxUnavailable: 2 }],
    [
      'both resolving to zero makes maxUnavailable 1, never a surge (as the Deployment controller does)',
      { maxSurge: 0, maxUnavailable: '10%' },
      4,
      { maxSurge: 0, maxUnavailable: 1 },
    ],
    [
      'maxSurge 0 with maxUnavailable 1 needs no extra pods',
      { maxSurge: 0, maxUnavailable: 1 },
      3,
      { maxSurge: 0, maxUnavailable: 1 },
    ],
  ])('%s', (_name, rollingUpdate, replicas, expected) => {
    expect(rolloutFenceposts(rollingUpdate, replicas)).toEqual(expected);
  });

  const base = (strategy?: Record<string, unknown>, replicas = 4) =>
    manifests(
      deployment({
        name: 'web',
        namespace: 'shop',
        replicas,
        cpu: '1',
        memory: '1Gi',
        image: 'web:1',
        ...(strategy ? { strategy } : {}),
      }),
    );
  const head = (strategy?: Record<string, unknown>, replicas = 4) =>
    manifests(
      deployment({
        name: 'web',
        namespace: 'shop',
        replicas,
        cpu: '1',
        memory: '1Gi',
        image: 'web:2',
        ...(strategy ? { strategy } : {}),
      }),
    );

  it('an image change on 4 replicas needs one surge pod of 1 cpu and 1Gi, which fits on a roomy cluster', () => {
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '4')] }),
      base: base(),
      head: head(),
    });
    expect(advice.surge).toEqual([
      {
        namespace: 'shop',
        workload: 'Deployment/web',
        extraPods: 1,
        maxUnavailable: 1,
        extra: { cpu: 1000, memory: 1024 ** 3 },
        fits: true,
      },
    ]);
  });

  it('the surge does not fit when the replicas fill the cluster exactly', () => {
    const { plan, advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '2')] }),
      base: base(),
      head: head(),
    });
    expect(plan.summary.unschedulable).toBe(0);
    expect(advice.surge[0]).toMatchObject({ extraPods: 1, fits: false });
  });

  it.each<[string, () => { base?: string; head: string }]>([
    [
      'a Recreate Deployment has no surge',
      () => ({ base: base({ type: 'Recreate' }), head: head({ type: 'Recreate' }) }),
    ],
    [
      'a Deployment that is only scaled rolls nothing out',
      () => ({ base: base(undefined, 2), head: base(undefined, 4) }),
    ],
    ['a newly added Deployment rolls nothing out', () => ({ head: head() })],
  ])('%s', (_name, change) => {
    const { advice } = adviceOf({ cluster: fleet({ pools: [pool('general', 2, '4')] }), ...change() });
    expect(advice.surge).toEqual([]);
  });
});

describe('N+1', () => {
  it('three half-full nodes survive losing any one of them', () => {
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 3, '4')] }),
      head: manifests(deployment({ name: 'web', namespace: 'shop', replicas: 3, cpu: '1500m' })),
    });
    expect(advice.nPlusOne).toMatchObject({ unplaced: 0, pods: 1, checked: 3 });
    expect(advice.nPlusOne.worstNode).toMatch(/^general-[123]$/);
  });

  it('two nearly full nodes cannot absorb each other: losing either strands its pods', () => {
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '4')] }),
      head: manifests(deployment({ name: 'web', namespace: 'shop', replicas: 4, cpu: '1500m' })),
    });
    // Each node holds two 1.5-cpu pods (3 of 4 cpu); the survivor has 1 cpu free, so both pods are stranded.
    expect(advice.nPlusOne).toMatchObject({ pods: 2, unplaced: 2 });
  });

  it('DaemonSet pods die with their node and are not counted as stranded', () => {
    const { advice } = adviceOf({
      cluster: fleet({ pools: [pool('general', 2, '4')] }),
      head: manifests(daemonSet({ name: 'agent', namespace: 'ops', cpu: '3' })),
    });
    expect(advice.nPlusOne).toMatchObject({ worstNode: null, unplaced: 0 });
  });
});
