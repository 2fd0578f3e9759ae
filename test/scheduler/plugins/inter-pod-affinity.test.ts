import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../src/model/types.ts';
import { CycleState } from '../../../src/scheduler/framework/interfaces.ts';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  InterPodAffinity,
} from '../../../src/scheduler/plugins/inter-pod-affinity.ts';
import { simulate } from '../../../src/scheduler/simulate.ts';
import { makeCluster, makeNode, makePod } from '../builders.ts';
import {
  harness,
  preferred,
  required,
  runFilter,
  runScore,
  selectorExists,
  selectorIn,
  selectorNotIn,
  term,
} from './harness.ts';

const AFFINITY = "node(s) didn't match pod affinity rules";
const ANTI = "node(s) didn't match pod anti-affinity rules";
const EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules";

const node1 = () => makeNode().name('node1').label('region', 'r1').label('zone', 'z11').obj();
/** The existing pod of upstream's TestRequiredAffinitySingleNode: service=securityscan on node1. */
const securityscan = () => makePod().name('existing').label('service', 'securityscan').node('node1').obj();
const pod = (labels: Record<string, string>, name = 'p') => {
  const b = makePod().name(name);
  for (const [k, v] of Object.entries(labels)) b.label(k, v);
  return b.obj();
};
const S1 = { security: 'S1' };
const SCAN = { service: 'securityscan' };

const fits = null;
const affinityFail = { code: 'UnschedulableAndUnresolvable', reason: AFFINITY };
const antiFail = { code: 'Unschedulable', reason: ANTI };
const existingFail = { code: 'Unschedulable', reason: EXISTING };

function filterOn(nodes: Node[], bound: Pod[], incoming: Pod, namespaces = {}) {
  const h = harness(nodes, bound, namespaces);
  return runFilter(new InterPodAffinity(h.handle), h, incoming);
}

describe('InterPodAffinity filter', () => {
  it("uses upstream's reasons word for word", () => {
    expect([
      ERR_REASON_AFFINITY_RULES_NOT_MATCH,
      ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
      ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
    ]).toEqual([AFFINITY, ANTI, EXISTING]);
  });

  // Upstream's TestRequiredAffinitySingleNode (filtering_test.go), on node1 {region: r1, zone: z11}.
  const cases: { name: string; pod: Pod; pods: Pod[]; want: unknown }[] = [
    {
      name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods',
      pod: pod({}),
      pods: [],
      want: 'skip',
    },
    {
      name: 'satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
      pod: required(pod(S1), 'affinity', term(selectorIn('service', ['securityscan', 'value2']), 'region')),
      pods: [securityscan()],
      want: fits,
    },
    {
      name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
      pod: required(
        pod(S1),
        'affinity',
        term(selectorNotIn('service', ['securityscan3', 'value3']), 'region'),
      ),
      pods: [securityscan()],
      want: fits,
    },
    {
      name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
      pod: required(
        pod(S1),
        'affinity',
        term(selectorIn('service', ['securityscan', 'value2']), 'region', { namespaces: ['DiffNameSpace'] }),
      ),
      pods: [makePod().name('e').namespace('ns').label('service', 'securityscan').node('node1').obj()],
      want: affinityFail,
    },
    {
      name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
      pod: required(
        pod(SCAN),
        'affinity',
        term(selectorIn('service', ['antivirusscan', 'value2']), 'region'),
      ),
      pods: [securityscan()],
      want: affinityFail,
    },
    {
      name: 'satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ',
      pod: required(
        required(
          pod(S1),
          'affinity',
          term(
            {
              matchExpressions: [
                { key: 'service', operator: 'Exists' },
                { key: 'wrongkey', operator: 'DoesNotExist' },
              ],
            },
            'region',
          ),
        ),
        'affinity',
        term(
          {
            matchExpressions: [
              { key: 'service', operator: 'In', values: ['securityscan'] },
              { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
            ],
          },
          'region',
        ),
      ),
      pods: [securityscan()],
      want: fits,
    },
    {
      name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
      pod: required(
        required(
          pod(S1),
          'affinity',
          term(
            {
              matchExpressions: [
                { key: 'service', operator: 'Exists' },
                { key: 'wrongkey', operator: 'DoesNotExist' },
              ],
            },
            'region',
          ),
        ),
        'affinity',
        term(
          {
            matchExpressions: [
              { key: 'service', operator: 'In', values: ['securityscan2'] },
              { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
            ],
          },
          'region',
        ),
      ),
      pods: [securityscan()],
      want: affinityFail,
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity with the existing pod',
      pod: required(
        required(pod(S1), 'affinity', term(selectorIn('service', ['securityscan', 'value2']), 'region')),
        'antiAffinity',
        term(selectorIn('service', ['antivirusscan', 'value2']), 'node'),
      ),
      pods: [securityscan()],
      want: fits,
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
      pod: required(
        required(pod(S1), 'affinity', term(selectorIn('service', ['securityscan', 'value2']), 'region')),
        'antiAffinity',
        term(selectorIn('service', ['antivirusscan', 'value2']), 'node'),
      ),
      pods: [
        required(
          securityscan(),
          'antiAffinity',
          term(selectorIn('service', ['antivirusscan', 'value2']), 'node'),
        ),
      ],
      want: fits,
    },
    {
      name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
      pod: required(
        required(pod(S1), 'affinity', term(selectorIn('service', ['securityscan', 'value2']), 'region')),
        'antiAffinity',
        term(selectorIn('service', ['securityscan', 'value2']), 'zone'),
      ),
      pods: [securityscan()],
      want: antiFail,
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: required(
        required(pod(SCAN), 'affinity', term(selectorIn('service', ['securityscan', 'value2']), 'region')),
        'antiAffinity',
        term(selectorIn('service', ['antivirusscan', 'value2']), 'node'),
      ),
      pods: [
        required(
          securityscan(),
          'antiAffinity',
          term(selectorIn('service', ['securityscan', 'value2']), 'zone'),
        ),
      ],
      want: existingFail,
    },
    {
      name: 'pod matches its own Label in PodAffinity and that matches the existing pod Labels',
      pod: required(
        pod(SCAN),
        'affinity',
        term(selectorNotIn('service', ['securityscan', 'value2']), 'region'),
      ),
      pods: [makePod().name('e').label('service', 'securityscan').node('node2').obj()],
      want: affinityFail,
    },
    {
      name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: pod(SCAN),
      pods: [
        required(
          securityscan(),
          'antiAffinity',
          term(selectorIn('service', ['securityscan', 'value2']), 'zone'),
        ),
      ],
      want: existingFail,
    },
    {
      name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
      pod: pod(SCAN),
      pods: [
        required(
          securityscan(),
          'antiAffinity',
          term(selectorNotIn('service', ['securityscan', 'value2']), 'zone'),
        ),
      ],
      want: 'skip',
    },
    {
      name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
      pod: required(
        required(pod(SCAN), 'antiAffinity', term(selectorExists('service'), 'region')),
        'antiAffinity',
        term(selectorExists('security'), 'region'),
      ),
      pods: [required(pod(S1, 'e'), 'antiAffinity', term(selectorExists('security'), 'zone'))].map((p) => ({
        ...p,
        nodeName: 'node1',
      })),
      want: antiFail,
    },
    {
      name: 'PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: required(
        required(pod(SCAN), 'antiAffinity', term(selectorExists('service'), 'zone')),
        'antiAffinity',
        term(selectorExists('security'), 'zone'),
      ),
      pods: [
        {
          ...required(pod(S1, 'e'), 'antiAffinity', term(selectorExists('security'), 'zone')),
          nodeName: 'node1',
        },
      ],
      want: antiFail,
    },
    {
      name: 'PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: required(pod(S1), 'antiAffinity', term(selectorExists('security'), 'zone')),
      pods: [
        {
          ...required(
            required(pod(SCAN, 'e'), 'antiAffinity', term(selectorExists('service'), 'zone')),
            'antiAffinity',
            term(selectorExists('security'), 'zone'),
          ),
          nodeName: 'node1',
        },
      ],
      want: existingFail,
    },
    {
      name: 'PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: required(
        required(pod({ abc: '', xyz: '' }), 'antiAffinity', term(selectorExists('abc'), 'zone')),
        'antiAffinity',
        term(selectorExists('def'), 'zone'),
      ),
      pods: [
        {
          ...required(
            required(pod({ def: '', xyz: '' }, 'e'), 'antiAffinity', term(selectorExists('abc'), 'zone')),
            'antiAffinity',
            term(selectorExists('def'), 'zone'),
          ),
          nodeName: 'node1',
        },
      ],
      want: antiFail,
    },
    // berth's own cases.
    {
      name: 'the first pod of a group whose affinity matches itself may land where no pod matches yet',
      pod: required(pod({ app: 'cache' }), 'affinity', term(selectorIn('app', ['cache']), 'zone')),
      pods: [],
      want: fits,
    },
    {
      name: 'a pod whose affinity does not match itself waits for a pod that matches',
      pod: required(pod({ app: 'web' }), 'affinity', term(selectorIn('app', ['cache']), 'zone')),
      pods: [],
      want: affinityFail,
    },
    {
      name: 'a node without the topology label fails required affinity outright',
      pod: required(pod({ app: 'cache' }), 'affinity', term(selectorIn('app', ['cache']), 'rack')),
      pods: [],
      want: affinityFail,
    },
    {
      name: 'a term without labelSelector selects no pod',
      pod: required(pod(SCAN), 'antiAffinity', term(undefined, 'zone')),
      pods: [securityscan()],
      want: fits,
    },
    {
      name: 'namespaceSelector selects pods in the namespaces it matches',
      pod: required(
        pod(S1),
        'antiAffinity',
        term(selectorExists('service'), 'zone', { namespaceSelector: { matchLabels: { team: 'sec' } } }),
      ),
      pods: [makePod().name('e').namespace('security').label('service', 'x').node('node1').obj()],
      want: antiFail,
    },
    {
      name: 'an empty namespaceSelector selects every namespace',
      pod: required(
        pod(S1),
        'antiAffinity',
        term(selectorExists('service'), 'zone', { namespaceSelector: {} }),
      ),
      pods: [makePod().name('e').namespace('elsewhere').label('service', 'x').node('node1').obj()],
      want: antiFail,
    },
    {
      name: "an existing pod's namespaceSelector is matched against the incoming pod's namespace labels",
      pod: makePod().name('p').namespace('security').label('service', 'x').obj(),
      pods: [
        required(
          makePod().name('e').namespace('other').node('node1').obj(),
          'antiAffinity',
          term(selectorExists('service'), 'zone', { namespaceSelector: { matchLabels: { team: 'sec' } } }),
        ),
      ],
      want: existingFail,
    },
    {
      name: 'mismatchLabelKeys keeps apart pods with a different value of the key',
      pod: required(
        pod({ app: 'db', tenant: 'a' }),
        'antiAffinity',
        term(selectorExists('app'), 'zone', { mismatchLabelKeys: ['tenant'] }),
      ),
      pods: [makePod().name('same-tenant').label('app', 'db').label('tenant', 'a').node('node1').obj()],
      want: fits,
    },
    {
      name: 'matchLabelKeys narrows anti-affinity to pods sharing the value of the key',
      pod: required(
        pod({ app: 'db', tenant: 'a' }),
        'antiAffinity',
        term(selectorExists('app'), 'zone', { matchLabelKeys: ['tenant'] }),
      ),
      pods: [makePod().name('other-tenant').label('app', 'db').label('tenant', 'b').node('node1').obj()],
      want: fits,
    },
  ];

  it.each(cases)('$name', ({ pod: incoming, pods, want }) => {
    const result = filterOn([node1()], pods, incoming, { security: { team: 'sec' } });
    expect(result === 'skip' ? 'skip' : result.node1).toEqual(want);
  });

  it('judges each node by its own domain', () => {
    // Upstream's TestRequiredAffinityMultipleNodes: anti-affinity on region keeps the pod
    // out of r1 (where a matching pod runs) but lets it into r2.
    const nodes = [
      makeNode().name('n1').label('region', 'r1').obj(),
      makeNode().name('n2').label('region', 'r1').obj(),
      makeNode().name('n3').label('region', 'r2').obj(),
    ];
    const incoming = required(
      pod({ foo: 'bar' }),
      'antiAffinity',
      term(selectorIn('foo', ['bar']), 'region'),
    );
    const result = filterOn(nodes, [makePod().name('e').label('foo', 'bar').node('n1').obj()], incoming);
    expect(result).toEqual({ n1: antiFail, n2: antiFail, n3: fits });
  });

  it('follows pods added and removed during a preemption dry run', () => {
    const nodes = [
      makeNode().name('n1').label('zone', 'z1').obj(),
      makeNode().name('n2').label('zone', 'z2').obj(),
    ];
    const victim = required(
      makePod().name('victim').label('app', 'x').node('n1').obj(),
      'antiAffinity',
      term(selectorIn('app', ['web']), 'zone'),
    );
    const h = harness(nodes, [victim]);
    const plugin = new InterPodAffinity(h.handle);
    const incoming = pod({ app: 'web' });
    const state = new CycleState();
    plugin.preFilter(state, incoming);
    const n1 = h.handle.snapshot.get('n1');
    if (!n1) throw new Error('n1 missing');
    expect(plugin.filter(state, incoming, n1)?.message()).toBe(EXISTING);
    const dryRun = state.clone();
    plugin.preFilterExtensions().removePod(dryRun, incoming, victim, n1);
    expect(plugin.filter(dryRun, incoming, n1)).toBeNull();
    expect(plugin.filter(state, incoming, n1)?.message()).toBe(EXISTING);
    plugin.preFilterExtensions().addPod(dryRun, incoming, victim, n1);
    expect(plugin.filter(dryRun, incoming, n1)?.message()).toBe(EXISTING);
  });
});

describe('InterPodAffinity score', () => {
  const nodes = () => [
    makeNode().name('node1').label('region', 'China').obj(),
    makeNode().name('node2').label('region', 'India').obj(),
    makeNode().name('node3').label('az', 'az1').obj(),
  ];
  const existing = (name: string, labels: Record<string, string>, node: string) => ({
    ...pod(labels, name),
    nodeName: node,
  });

  // Shapes of upstream's TestPreferredAffinity cases, with node1 in China, node2 in India, node3 in az1.
  const cases: { name: string; pod: Pod; pods: Pod[]; want: unknown }[] = [
    {
      name: 'all nodes have same score when the pod has no affinity and no pod has affinity',
      pod: pod({ security: 'S1' }),
      pods: [],
      want: 'skip',
    },
    {
      name: 'Affinity: pod that matches topology key & pods in nodes will get high score comparing to others',
      pod: preferred(pod({ security: 'S1' }), 'affinity', 5, term(selectorIn('security', ['S1']), 'region')),
      pods: [existing('e1', { security: 'S1' }, 'node1')],
      want: { node1: 100, node2: 0, node3: 0 },
    },
    {
      name: 'Affinity: nodes in one region get the same score, proportional to their matching pods',
      pod: preferred(pod({}), 'affinity', 5, term(selectorIn('security', ['S1']), 'region')),
      pods: [
        existing('e1', { security: 'S1' }, 'node1'),
        existing('e2', { security: 'S1' }, 'node1'),
        existing('e3', { security: 'S1' }, 'node2'),
      ],
      want: { node1: 100, node2: 50, node3: 0 },
    },
    {
      name: 'Anti Affinity: the node holding a matching pod gets the lowest score',
      pod: preferred(pod({}), 'antiAffinity', 5, term(selectorIn('security', ['S1']), 'region')),
      pods: [existing('e1', { security: 'S1' }, 'node1')],
      want: { node1: 0, node2: 100, node3: 100 },
    },
    {
      name: "Affinity symmetry: an existing pod's preferred affinity to the incoming pod raises its domain",
      pod: pod({ security: 'S1' }),
      pods: [
        preferred(existing('e1', {}, 'node2'), 'affinity', 5, term(selectorIn('security', ['S1']), 'region')),
      ],
      want: { node1: 0, node2: 100, node3: 0 },
    },
    {
      name: "Affinity symmetry: an existing pod's required affinity counts hardPodAffinityWeight",
      pod: pod({ security: 'S1' }),
      pods: [
        required(existing('e1', {}, 'node2'), 'affinity', term(selectorIn('security', ['S1']), 'region')),
      ],
      want: { node1: 0, node2: 100, node3: 0 },
    },
    {
      name: "Anti Affinity symmetry: an existing pod's preferred anti-affinity lowers its domain",
      pod: pod({ security: 'S1' }),
      pods: [
        preferred(
          existing('e1', {}, 'node1'),
          'antiAffinity',
          5,
          term(selectorIn('security', ['S1']), 'region'),
        ),
      ],
      want: { node1: 0, node2: 100, node3: 100 },
    },
    {
      // +5*2 in China, +5*1 - 3*1 in India: raw 10/2/0 -> 100/20/0.
      name: 'Affinity and anti-affinity add up per domain',
      pod: preferred(
        preferred(pod({}), 'affinity', 5, term(selectorIn('security', ['S1']), 'region')),
        'antiAffinity',
        3,
        term(selectorIn('security', ['S2']), 'region'),
      ),
      pods: [
        existing('e1', { security: 'S1' }, 'node1'),
        existing('e2', { security: 'S1' }, 'node1'),
        existing('e3', { security: 'S1' }, 'node2'),
        existing('e4', { security: 'S2' }, 'node2'),
      ],
      want: { node1: 100, node2: 20, node3: 0 },
    },
  ];

  it.each(cases)('$name', ({ pod: incoming, pods, want }) => {
    const h = harness(nodes(), pods);
    expect(runScore(new InterPodAffinity(h.handle), h, incoming)).toEqual(want);
  });

  it('truncates the normalised score in upstream order: 100 * ((s - min) / (max - min))', () => {
    // raw 29 vs 0 vs 100: 29/100 = 0.29, and 0.29 * 100 = 28.999... -> 28 (as Go computes it).
    const many = (n: number, node: string, prefix: string) =>
      Array.from({ length: n }, (_, i) => existing(`${prefix}${i}`, { security: 'S1' }, node));
    const h = harness(
      [
        makeNode().name('a').label('zone', 'a').obj(),
        makeNode().name('b').label('zone', 'b').obj(),
        makeNode().name('c').label('zone', 'c').obj(),
      ],
      [...many(29, 'a', 'x'), ...many(100, 'c', 'y')],
    );
    const incoming = preferred(pod({}), 'affinity', 1, term(selectorIn('security', ['S1']), 'zone'));
    expect(runScore(new InterPodAffinity(h.handle), h, incoming)).toEqual({ a: 28, b: 0, c: 100 });
  });
});

describe('InterPodAffinity in a whole simulation', () => {
  it('places one replica per node with hostname anti-affinity and reports the rest as upstream does', () => {
    const nodes = ['a', 'b', 'c'].map((n) => makeNode().name(n).capacity({ cpu: '4', memory: '8Gi' }).obj());
    const replicas = Array.from({ length: 4 }, (_, i) =>
      required(
        makePod().name(`web-${i}`).label('app', 'web').req({ cpu: '100m' }).obj(),
        'antiAffinity',
        term(selectorIn('app', ['web']), 'kubernetes.io/hostname'),
      ),
    );
    const { placements } = simulate(makeCluster(nodes), replicas);
    expect(placements.map((p) => p.node)).toEqual(['a', 'b', 'c', null]);
    expect(placements[3]?.reason).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
  });
});
