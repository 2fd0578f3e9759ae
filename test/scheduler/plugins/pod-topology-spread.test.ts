import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../src/model/types.ts';
import {
  defaultSpreadSelector,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  PodTopologySpread,
} from '../../../src/scheduler/plugins/pod-topology-spread.ts';
import { simulate } from '../../../src/scheduler/simulate.ts';
import { makeCluster, makeNode, makePod } from '../builders.ts';
import { harness, runFilter, runScore, selectorExists, spread, withSpec } from './harness.ts';

const NOT_MATCH = "node(s) didn't match pod topology spread constraints";
const MISSING = "node(s) didn't match pod topology spread constraints (missing required label)";

/** Upstream's four nodes: zone1 holds node-a and node-b, zone2 node-x and node-y. */
const fourNodes = (): Node[] => [
  makeNode().name('node-a').label('zone', 'zone1').label('node', 'node-a').obj(),
  makeNode().name('node-b').label('zone', 'zone1').label('node', 'node-b').obj(),
  makeNode().name('node-x').label('zone', 'zone2').label('node', 'node-x').obj(),
  makeNode().name('node-y').label('zone', 'zone2').label('node', 'node-y').obj(),
];
/** Existing pods labelled foo, `counts[node]` of them per node. */
function foos(counts: Record<string, number>, ns = 'default'): Pod[] {
  return Object.entries(counts).flatMap(([node, n]) =>
    Array.from({ length: n }, (_, i) =>
      makePod().namespace(ns).name(`p-${node}-${i}`).label('foo', '').node(node).obj(),
    ),
  );
}
const incoming = (
  maxSkew: number,
  key: string,
  labels: Record<string, string> = { foo: '' },
  selectorKey = 'foo',
) => {
  const b = makePod().name('p');
  for (const [k, v] of Object.entries(labels)) b.label(k, v);
  return spread(b.obj(), maxSkew, key, 'DoNotSchedule', selectorExists(selectorKey));
};

const S = null;
const U = { code: 'Unschedulable', reason: NOT_MATCH };
const R = { code: 'UnschedulableAndUnresolvable', reason: MISSING };

describe('PodTopologySpread filter', () => {
  it("uses upstream's reasons word for word", () => {
    expect([ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH]).toEqual([NOT_MATCH, MISSING]);
  });

  // Upstream's TestSingleConstraint and TestMultipleConstraints (filtering_test.go).
  const cases: { name: string; pod: Pod; nodes?: Node[]; pods: Pod[]; want: Record<string, unknown> }[] = [
    {
      name: 'no existing pods',
      pod: incoming(1, 'zone'),
      pods: [],
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: "no existing pods, incoming pod doesn't match itself",
      pod: incoming(1, 'zone', { foo: '' }, 'bar'),
      pods: [],
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: 'existing pods in a different namespace do not count',
      pod: incoming(1, 'zone'),
      pods: [
        ...foos({ 'node-a': 1 }, 'ns1'),
        ...foos({ 'node-a': 1 }, 'ns2'),
        ...foos({ 'node-x': 1, 'node-y': 1 }),
      ],
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: 'pods spread across zones as 3/3, all nodes fit',
      pod: incoming(1, 'zone'),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-y': 3 }),
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
      pod: incoming(1, 'zone'),
      nodes: [
        makeNode().name('node-a').label('zone', 'zone1').obj(),
        makeNode().name('node-b').label('zon', 'zone1').obj(),
        makeNode().name('node-x').label('zone', 'zone2').obj(),
        makeNode().name('node-y').label('zone', 'zone2').obj(),
      ],
      pods: foos({ 'node-a': 1, 'node-b': 1, 'node-x': 1, 'node-y': 1 }),
      want: { 'node-a': S, 'node-b': R, 'node-x': U, 'node-y': U },
    },
    {
      name: "pod cannot be scheduled as all nodes don't have label 'rack'",
      pod: incoming(1, 'rack'),
      pods: [],
      want: { 'node-a': R, 'node-b': R, 'node-x': R, 'node-y': R },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
      pod: incoming(1, 'node'),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-y': 3 }),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
      pod: incoming(2, 'node'),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-y': 3 }),
      want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
      pod: incoming(1, 'node', { bar: '' }),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-y': 3 }),
      want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      // Only node-a and node-y count, so the minimum is 2 (node-a): node-a fits.
      name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
      pod: withSpec(incoming(1, 'node'), (s) => {
        s.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'node', operator: 'In', values: ['node-a', 'node-y'] }] },
              ],
            },
          },
        };
      }),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-y': 3 }),
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': U },
    },
    {
      name: 'two Constraints on zone and node, spreads = [3/3, 2/1/0/3]',
      pod: spread(incoming(1, 'zone'), 1, 'node', 'DoNotSchedule', selectorExists('foo')),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-y': 3 }),
      want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
    },
    {
      // zone: min 3, zone2 would reach 4+1-3 = 2; node: only node-x is at the minimum.
      name: 'two Constraints on zone and node, spreads = [3/4, 2/1/0/4]',
      pod: spread(incoming(1, 'zone'), 1, 'node', 'DoNotSchedule', selectorExists('foo')),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-y': 4 }),
      want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
    },
    {
      // zone: min 1, only zone1 stays within 1; node: only node-a (0) is at the minimum.
      name: 'two Constraints on zone and node, spreads = [1/4, 0/1/2/2]',
      pod: spread(incoming(1, 'zone'), 1, 'node', 'DoNotSchedule', selectorExists('foo')),
      pods: foos({ 'node-b': 1, 'node-x': 2, 'node-y': 2 }),
      want: { 'node-a': S, 'node-b': U, 'node-x': U, 'node-y': U },
    },
    {
      name: 'minDomains above the number of domains makes the global minimum 0',
      pod: spread(
        makePod().name('p').label('foo', '').obj(),
        1,
        'zone',
        'DoNotSchedule',
        selectorExists('foo'),
        {
          minDomains: 3,
        },
      ),
      pods: foos({ 'node-a': 1, 'node-x': 1 }),
      want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
    },
    {
      name: 'minDomains met: the global minimum is the smallest domain',
      pod: spread(
        makePod().name('p').label('foo', '').obj(),
        1,
        'zone',
        'DoNotSchedule',
        selectorExists('foo'),
        {
          minDomains: 2,
        },
      ),
      pods: foos({ 'node-a': 1, 'node-x': 1 }),
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      // node-b is tainted: with nodeTaintsPolicy Honor its pod does not count, so zone1
      // holds 0 and the minimum is 0; with the default (Ignore) both zones hold 1.
      name: 'nodeTaintsPolicy Honor leaves out nodes whose taints the pod does not tolerate',
      pod: spread(
        makePod().name('p').label('foo', '').obj(),
        1,
        'zone',
        'DoNotSchedule',
        selectorExists('foo'),
        {
          nodeTaintsPolicy: 'Honor',
        },
      ),
      nodes: [
        makeNode().name('node-a').label('zone', 'zone1').obj(),
        makeNode().name('node-b').label('zone', 'zone1').taint('dedicated', 'gpu', 'NoSchedule').obj(),
        makeNode().name('node-x').label('zone', 'zone2').obj(),
      ],
      pods: foos({ 'node-b': 1, 'node-x': 1 }),
      want: { 'node-a': S, 'node-b': S, 'node-x': U },
    },
    {
      name: 'nodeAffinityPolicy Ignore counts pods on nodes the pod could not use',
      pod: withSpec(
        spread(
          makePod().name('p').label('foo', '').obj(),
          1,
          'zone',
          'DoNotSchedule',
          selectorExists('foo'),
          {
            nodeAffinityPolicy: 'Ignore',
          },
        ),
        (s) => {
          s.nodeSelector = { zone: 'zone2' };
        },
      ),
      pods: foos({ 'node-a': 1, 'node-x': 1 }),
      want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
    },
    {
      name: 'matchLabelKeys narrows the selector to pods sharing the key',
      pod: spread(
        makePod().name('p').label('foo', '').label('rev', 'v2').obj(),
        1,
        'zone',
        'DoNotSchedule',
        selectorExists('foo'),
        { matchLabelKeys: ['rev'] },
      ),
      pods: [
        ...foos({ 'node-a': 3 }),
        makePod().name('v2').label('foo', '').label('rev', 'v2').node('node-x').obj(),
      ],
      want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
    },
    {
      name: 'ScheduleAnyway constraints never filter',
      pod: spread(
        makePod().name('p').label('foo', '').obj(),
        1,
        'zone',
        'ScheduleAnyway',
        selectorExists('foo'),
      ),
      pods: foos({ 'node-a': 5 }),
      want: { skip: true },
    },
  ];

  it.each(cases)('$name', ({ pod, nodes, pods, want }) => {
    const h = harness(nodes ?? fourNodes(), pods);
    const result = runFilter(new PodTopologySpread(h.handle), h, pod);
    expect(result === 'skip' ? { skip: true } : result).toEqual(want);
  });
});

describe('PodTopologySpread score', () => {
  const soft = (labels: Record<string, string> = { foo: '' }) => {
    const b = makePod().name('p');
    for (const [k, v] of Object.entries(labels)) b.label(k, v);
    return b.obj();
  };

  // Shapes of upstream's TestPodTopologySpreadScore cases; expected scores worked out by
  // hand with upstream's formula: raw = round(sum(count * log(domains + 2) + maxSkew - 1)),
  // normalised = 100 * (max + min - raw) / max. E.g. 2/1/0/3 on four hostnames, maxSkew 1:
  // raw 4/2/0/5 -> 20/60/100/0.
  const cases: {
    name: string;
    pod: Pod;
    nodes: Node[];
    pods: Pod[];
    feasible?: string[];
    want: Record<string, number>;
  }[] = [
    {
      name: 'one constraint on node, no existing pods',
      pod: spread(soft(), 1, 'kubernetes.io/hostname', 'ScheduleAnyway', selectorExists('foo')),
      nodes: [makeNode().name('node-a').obj(), makeNode().name('node-b').obj()],
      pods: [],
      want: { 'node-a': 100, 'node-b': 100 },
    },
    {
      // if there is only one candidate node, it should be scored to 100
      name: 'one constraint on node, only one node is candidate',
      pod: spread(soft(), 1, 'kubernetes.io/hostname', 'ScheduleAnyway', selectorExists('foo')),
      nodes: [makeNode().name('node-a').obj(), makeNode().name('node-b').obj()],
      pods: foos({ 'node-a': 2 }),
      feasible: ['node-a'],
      want: { 'node-a': 100 },
    },
    {
      name: 'one constraint on node, all nodes have the same number of matching pods',
      pod: spread(soft(), 1, 'kubernetes.io/hostname', 'ScheduleAnyway', selectorExists('foo')),
      nodes: [makeNode().name('node-a').obj(), makeNode().name('node-b').obj()],
      pods: foos({ 'node-a': 1, 'node-b': 1 }),
      want: { 'node-a': 100, 'node-b': 100 },
    },
    {
      // matching pods spread as 2/1/0/3.
      name: 'one constraint on node, all 4 nodes are candidates',
      pod: spread(soft(), 1, 'kubernetes.io/hostname', 'ScheduleAnyway', selectorExists('foo')),
      nodes: ['node-a', 'node-b', 'node-c', 'node-d'].map((n) => makeNode().name(n).obj()),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }),
      want: { 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2',
      pod: spread(soft(), 2, 'kubernetes.io/hostname', 'ScheduleAnyway', selectorExists('foo')),
      nodes: ['node-a', 'node-b', 'node-c', 'node-d'].map((n) => makeNode().name(n).obj()),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }),
      want: { 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 },
    },
    {
      name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3',
      pod: spread(soft(), 3, 'kubernetes.io/hostname', 'ScheduleAnyway', selectorExists('foo')),
      nodes: ['node-a', 'node-b', 'node-c', 'node-d'].map((n) => makeNode().name(n).obj()),
      pods: foos({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }),
      want: { 'node-a': 42, 'node-b': 71, 'node-c': 100, 'node-d': 28 },
    },
    {
      // zones hold 2 and 1 (node-y's pods do not count): raw 3/3/1 -> 33/33/100, node-y 0.
      name: 'one constraint on zone, nodes without the zone label are ignored',
      pod: spread(soft(), 1, 'zone', 'ScheduleAnyway', selectorExists('foo')),
      nodes: [
        makeNode().name('node-a').label('zone', 'zone1').obj(),
        makeNode().name('node-b').label('zone', 'zone1').obj(),
        makeNode().name('node-x').label('zone', 'zone2').obj(),
        makeNode().name('node-y').obj(),
      ],
      pods: foos({ 'node-a': 2, 'node-x': 1, 'node-y': 5 }),
      want: { 'node-a': 33, 'node-b': 33, 'node-x': 100, 'node-y': 0 },
    },
  ];

  it.each(cases)('$name', ({ pod, nodes, pods, feasible, want }) => {
    const h = harness(nodes, pods);
    expect(runScore(new PodTopologySpread(h.handle), h, pod, feasible)).toEqual(want);
  });

  it('applies the system defaults to a Deployment pod that declares no constraints: fewer siblings, higher score', () => {
    const nodes = [
      makeNode().name('a').label('topology.kubernetes.io/zone', 'z1').obj(),
      makeNode().name('b').label('topology.kubernetes.io/zone', 'z1').obj(),
      makeNode().name('c').label('topology.kubernetes.io/zone', 'z2').obj(),
    ];
    const sibling = (name: string, node: string) => ({
      ...makePod().name(name).label('app', 'web').label('pod-template-hash', 'abc').node(node).obj(),
      workload: { kind: 'Deployment', name: 'web' },
    });
    const pod = {
      ...makePod().name('web-new').label('app', 'web').obj(),
      workload: { kind: 'Deployment', name: 'web' },
    };
    const h = harness(nodes, [sibling('w1', 'a'), sibling('w2', 'a'), sibling('w3', 'b')]);
    const scores = runScore(new PodTopologySpread(h.handle), h, pod);
    expect(scores).not.toBe('skip');
    const s = scores as Record<string, number>;
    expect(s.c).toBe(100);
    expect(s.a).toBeLessThan(s.b as number);
  });

  it('gives a bare pod no default spreading', () => {
    const h = harness([makeNode().name('a').obj(), makeNode().name('b').obj()]);
    expect(runScore(new PodTopologySpread(h.handle), h, makePod().name('p').label('app', 'x').obj())).toBe(
      'skip',
    );
  });

  it.each([
    { kind: 'Deployment', want: { matchLabels: { app: 'db' } } },
    { kind: 'StatefulSet', want: { matchLabels: { app: 'db' } } },
    { kind: 'Job', want: null },
    { kind: 'DaemonSet', want: null },
  ])('a $kind pod gets default selector $want, without per-pod labels', ({ kind, want }) => {
    const pod = {
      ...makePod().name('db-0').label('app', 'db').label('statefulset.kubernetes.io/pod-name', 'db-0').obj(),
      workload: { kind, name: 'db' },
    };
    expect(defaultSpreadSelector(pod)).toEqual(want);
  });
});

describe('PodTopologySpread in a whole simulation', () => {
  it('spreads replicas evenly over zones and refuses one that would skew them', () => {
    const zone = 'topology.kubernetes.io/zone';
    const nodes = ['z1', 'z2', 'z3'].map((z) =>
      makeNode().name(`node-${z}`).label(zone, z).capacity({ cpu: '4', memory: '8Gi' }).obj(),
    );
    // node-z3 is full, so the third replica cannot go there and zones z1/z2 may not get ahead.
    const filler = makePod().name('filler').req({ cpu: '4' }).node('node-z3').obj();
    const replicas = Array.from({ length: 3 }, (_, i) =>
      spread(
        makePod().name(`web-${i}`).label('app', 'web').req({ cpu: '100m' }).obj(),
        1,
        zone,
        'DoNotSchedule',
        selectorExists('app'),
      ),
    );
    const { placements } = simulate(makeCluster(nodes, [filler]), replicas);
    expect(placements.map((p) => p.node)).toEqual(['node-z1', 'node-z2', null]);
    expect(placements[2]?.reason).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
  });
});
