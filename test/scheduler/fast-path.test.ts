import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../src/model/k8s.ts';
import type { ScoringStrategy, SimulationResult } from '../../src/model/simulation.ts';
import type { Node, Pod } from '../../src/model/types.ts';
import type { NodeInfo } from '../../src/scheduler/framework/interfaces.ts';
import { ClusterSnapshot } from '../../src/scheduler/framework/snapshot.ts';
import { Tournament } from '../../src/scheduler/framework/tournament.ts';
import { type CyclePaths, simulate } from '../../src/scheduler/simulate.ts';
import { makeCluster, makeNode, makePod } from './builders.ts';

const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';

/** A node drawn at random: size, zone, taints, cordon, GPUs. */
const nodeArb = fc.record({
  cpu: fc.constantFrom('2', '4', '8'),
  memory: fc.constantFrom('2Gi', '4Gi', '8Gi'),
  pods: fc.integer({ min: 2, max: 12 }),
  zone: fc.integer({ min: 0, max: 2 }),
  taint: fc.constantFrom('none', 'none', 'none', 'gpu-NoSchedule', 'spot-PreferNoSchedule'),
  /** Most nodes carry their hostname label, as kubelets set it; some do not. */
  hostname: fc.constantFrom(true, true, true, false),
  cordoned: fc.constantFrom(false, false, false, true),
  gpus: fc.constantFrom(0, 0, 2),
});

/** A workload template: every replica of it is identical, so replicas form an equivalence class. */
const templateArb = fc.record({
  cpu: fc.constantFrom(0, 100, 250, 500, 1000, 3000),
  memory: fc.constantFrom(0, 256, 1024, 3072),
  gpu: fc.constantFrom(0, 0, 0, 0, 0, 1),
  priority: fc.constantFrom(0, 0, 10, 100, 1000),
  neverPreempt: fc.boolean(),
  tolerateGpu: fc.boolean(),
  zoneSelector: fc.constantFrom(-1, -1, 0, 1),
  preferredZone: fc.constantFrom(-1, -1, 0, 2),
  antiAffinity: fc.constantFrom(false, false, true),
  spread: fc.constantFrom('none', 'none', 'zone-hard', 'host-soft', 'host-hard'),
  hostPort: fc.constantFrom(0, 0, 0, 8080),
  nodeName: fc.constantFrom(-1, -1, -1, -1, -1, -1, -1, 0),
  owned: fc.boolean(),
  /** Pod affinity toward the first template's pods: none, required in its zone, or preferred terms both ways. */
  podAffinity: fc.constantFrom('none', 'none', 'none', 'required-zone', 'required-host', 'preferred'),
});

type Template = typeof templateArb extends fc.Arbitrary<infer T> ? T : never;
type NodeShape = typeof nodeArb extends fc.Arbitrary<infer T> ? T : never;

function buildNode(shape: NodeShape, i: number): Node {
  const b = makeNode()
    .name(`n${String(i).padStart(2, '0')}`)
    .label(ZONE, `z${shape.zone}`)
    .capacity({ cpu: shape.cpu, memory: shape.memory, pods: shape.pods });
  if (shape.gpus > 0) b.capacity({ 'nvidia.com/gpu': shape.gpus });
  if (shape.taint === 'gpu-NoSchedule') b.taint('dedicated', 'gpu', 'NoSchedule');
  if (shape.taint === 'spot-PreferNoSchedule') b.taint('spot', 'true', 'PreferNoSchedule');
  if (shape.cordoned) b.unschedulable();
  const node = b.obj();
  // The builder labels every node with its hostname, as kubelets do; a few lose it.
  if (!shape.hostname) delete node.labels[HOSTNAME];
  return node;
}

function buildPod(t: Template, templateIndex: number, name: string): Pod {
  const app = `app${templateIndex}`;
  const b = makePod().name(name).label('app', app).priority(t.priority);
  const requests: Record<string, string | number> = {};
  if (t.cpu > 0) requests.cpu = `${t.cpu}m`;
  if (t.memory > 0) requests.memory = `${t.memory}Mi`;
  if (t.gpu > 0) requests['nvidia.com/gpu'] = t.gpu;
  b.req(requests);
  if (t.neverPreempt) b.preemptionPolicy('Never');
  if (t.tolerateGpu)
    b.toleration({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' });
  if (t.zoneSelector >= 0) b.nodeSelector({ [ZONE]: `z${t.zoneSelector}` });
  if (t.preferredZone >= 0) b.preferred(7, [{ key: ZONE, operator: 'In', values: [`z${t.preferredZone}`] }]);
  if (t.nodeName >= 0) b.specNodeName(`n0${t.nodeName}`);
  const pod = b.obj();
  const spec: PodSpec = pod.spec;
  const selector = { matchLabels: { app } };
  if (t.antiAffinity) {
    spec.affinity = {
      ...spec.affinity,
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: HOSTNAME }],
      },
    };
  }
  const first = { matchLabels: { app: 'app0' } };
  if (t.podAffinity === 'required-zone') {
    spec.affinity = {
      ...spec.affinity,
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: first, topologyKey: ZONE }],
      },
    };
  }
  if (t.podAffinity === 'required-host') {
    spec.affinity = {
      ...spec.affinity,
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: first, topologyKey: HOSTNAME }],
      },
    };
  }
  if (t.podAffinity === 'preferred') {
    spec.affinity = {
      ...spec.affinity,
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 50, podAffinityTerm: { labelSelector: first, topologyKey: ZONE } },
        ],
      },
      podAntiAffinity: {
        ...spec.affinity?.podAntiAffinity,
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 30, podAffinityTerm: { labelSelector: selector, topologyKey: HOSTNAME } },
        ],
      },
    };
  }
  if (t.spread === 'zone-hard')
    spec.topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
    ];
  if (t.spread === 'host-soft')
    spec.topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector },
    ];
  if (t.spread === 'host-hard')
    spec.topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector },
    ];
  if (t.hostPort > 0) spec.containers = [{ name: 'c', ports: [{ containerPort: 80, hostPort: t.hostPort }] }];
  // Owned pods get upstream's default topology spreading, which scores across nodes.
  if (t.owned) pod.workload = { kind: 'Deployment', name: app };
  return pod;
}

const scenarioArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 10 }),
  templates: fc.array(templateArb, { minLength: 1, maxLength: 5 }),
  /** Pods already running: template index, node index. */
  bound: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 25 }),
  /** Pods to schedule, each a replica of a template. */
  queue: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
  strategy: fc.constantFrom<ScoringStrategy>('LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'),
  /** Score weights per plugin (0 leaves a plugin out of scoring), or the profile's own. */
  weights: fc.option(
    fc.record({
      TaintToleration: fc.constantFrom(0, 1, 3),
      NodeAffinity: fc.constantFrom(0, 2, 5),
      NodeResourcesFit: fc.constantFrom(0, 1, 4),
      PodTopologySpread: fc.constantFrom(0, 2),
      InterPodAffinity: fc.constantFrom(0, 2),
      NodeResourcesBalancedAllocation: fc.constantFrom(0, 1, 3),
    }),
  ),
  /** A filter left out, which moves where the node-local prefix of the filters ends. */
  disabled: fc.constantFrom(
    [],
    [],
    ['NodePorts'],
    ['InterPodAffinity'],
    ['PodTopologySpread', 'TaintToleration'],
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function materialise(s: Scenario) {
  const nodes = s.nodes.map(buildNode);
  const bound = s.bound.map(([t, n], i) => {
    const pod = buildPod(s.templates[t % s.templates.length] as Template, t % s.templates.length, `old-${i}`);
    // Running pods carry no scheduling constraints of their own beyond their labels and affinity.
    delete pod.spec.nodeName;
    const nodeName = (nodes[n % nodes.length] as Node).name;
    pod.nodeName = nodeName;
    pod.spec.nodeName = nodeName;
    return pod;
  });
  const pods = s.queue.map((t, i) =>
    buildPod(s.templates[t % s.templates.length] as Template, t % s.templates.length, `p${i}`),
  );
  return { cluster: makeCluster(nodes, bound), pods };
}

function run(s: Scenario, equivalenceCache: boolean, paths?: CyclePaths): SimulationResult {
  const { cluster, pods } = materialise(s);
  return simulate(
    cluster,
    pods,
    {
      scoringStrategy: s.strategy,
      disabledPlugins: [...s.disabled],
      ...(s.weights ? { pluginWeights: s.weights } : {}),
    },
    { equivalenceCache, ...(paths ? { paths } : {}) },
  );
}

describe('the fast path chooses what evaluating every node chooses', () => {
  it('gives the same placements, reasons, per-node reasons, victims and node usage on random clusters', () => {
    const seen = { scheduled: 0, unschedulable: 0, preempting: 0, classesReused: 0 };
    const paths: CyclePaths = { everyNode: 0, tournament: 0, grouped: 0, scored: 0 };
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const fast = run(s, true, paths);
        const naive = run(s, false);
        expect(fast).toEqual(naive);
        for (const p of fast.placements) {
          if (p.status === 'scheduled') seen.scheduled++;
          if (p.status === 'unschedulable') seen.unschedulable++;
          if (p.victims?.length) seen.preempting++;
        }
        if (s.queue.length > s.templates.length) seen.classesReused++;
      }),
      { numRuns: 400, seed: 20_260_101 },
    );
    // The generator must reach every path the fast one takes, or the equality says little.
    expect(seen.scheduled).toBeGreaterThan(500);
    expect(seen.unschedulable).toBeGreaterThan(300);
    expect(seen.preempting).toBeGreaterThan(10);
    expect(seen.classesReused).toBeGreaterThan(150);
    // Each way of choosing a node is compared with the every-node evaluation many times.
    expect(paths.grouped).toBeGreaterThan(200);
    expect(paths.tournament).toBeGreaterThan(80);
  });

  /**
   * Replicas of workloads mixing zone spread, hostname spread, required anti-affinity,
   * required and preferred pod affinity on 90 nodes: enough nodes that groups hold many
   * nodes each and special nodes (those holding a replica) are a few among them.
   */
  it('agrees by domain group on 90 nodes in 3 zones with spread and affinity workloads', () => {
    const nodes = Array.from({ length: 90 }, (_, i) => {
      const name = `n${String(i).padStart(2, '0')}`;
      const b = makeNode()
        .name(name)
        .label(HOSTNAME, name)
        .label(ZONE, `z${i % 3}`)
        .capacity({ cpu: String(2 + (i % 3)), memory: '8Gi', pods: 12 });
      if (i % 10 === 0) b.taint('dedicated', 'gpu', 'NoSchedule');
      return b.obj();
    });
    const shapes: Template[] = [];
    const base = {
      cpu: 250,
      memory: 256,
      gpu: 0,
      priority: 0,
      neverPreempt: false,
      tolerateGpu: false,
      zoneSelector: -1,
      preferredZone: -1,
      antiAffinity: false,
      spread: 'none',
      hostPort: 0,
      nodeName: -1,
      owned: true,
      podAffinity: 'none',
    } as const;
    shapes.push({ ...base, spread: 'zone-hard' });
    shapes.push({ ...base, antiAffinity: true, cpu: 500 });
    shapes.push({ ...base, spread: 'host-hard', tolerateGpu: true });
    shapes.push({ ...base, podAffinity: 'preferred', preferredZone: 2 });
    shapes.push({ ...base, podAffinity: 'required-zone', cpu: 100 });
    shapes.push({ ...base, spread: 'host-soft', zoneSelector: 1 });
    shapes.push({ ...base, podAffinity: 'required-host', owned: false, memory: 1024 });
    const pods: Pod[] = [];
    for (let round = 0; round < 4; round++)
      shapes.forEach((t, ti) => {
        for (let r = 0; r < 30; r++) pods.push(buildPod(t, ti, `w${ti}-${round}-${r}`));
      });
    const paths: CyclePaths = { everyNode: 0, tournament: 0, grouped: 0, scored: 0 };
    const fast = simulate(makeCluster(nodes), pods, {}, { paths });
    const naive = simulate(makeCluster(nodes), pods, {}, { equivalenceCache: false });
    expect(fast).toEqual(naive);
    expect(paths.grouped).toBeGreaterThan(300);
    const placed = fast.placements.filter((p) => p.node !== null).length;
    expect(placed).toBeGreaterThan(300);
    expect(placed).toBeLessThan(pods.length);
  });

  it('scores every feasible node when a key splits the nodes into too many groups', () => {
    // Racks of two nodes: 40 groups of 80 nodes is past what grouping saves.
    const nodes = Array.from({ length: 80 }, (_, i) =>
      makeNode()
        .name(`n${String(i).padStart(2, '0')}`)
        .label('example.com/rack', `r${Math.floor(i / 2)}`)
        .capacity({ cpu: '4', memory: '8Gi', pods: 10 })
        .obj(),
    );
    const pods = Array.from({ length: 120 }, (_, i) => {
      const pod = makePod()
        .name(`p${i}`)
        .label('app', `a${i % 3}`)
        .req({ cpu: '300m', memory: '256Mi' })
        .obj();
      pod.spec.topologySpreadConstraints = [
        {
          maxSkew: 1,
          topologyKey: 'example.com/rack',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { app: `a${i % 3}` } },
        },
      ];
      return pod;
    });
    const paths: CyclePaths = { everyNode: 0, tournament: 0, grouped: 0, scored: 0 };
    const fast = simulate(makeCluster(nodes), pods, {}, { paths });
    expect(fast).toEqual(simulate(makeCluster(nodes), pods, {}, { equivalenceCache: false }));
    expect(paths.scored).toBe(pods.length);
    expect(paths.grouped).toBe(0);
  });

  it('agrees on a cluster where nodes fill up one by one under 300 identical replicas', () => {
    const nodes = Array.from({ length: 30 }, (_, i) =>
      makeNode()
        .name(`n${String(i).padStart(2, '0')}`)
        .label(ZONE, `z${i % 3}`)
        .capacity({ cpu: String(2 + (i % 3)), memory: `${4 + (i % 2) * 4}Gi`, pods: 20 })
        .obj(),
    );
    const pods = Array.from({ length: 300 }, (_, i) =>
      makePod()
        .name(`p${i}`)
        .req({ cpu: i % 2 === 0 ? '300m' : '700m', memory: '512Mi' })
        .obj(),
    );
    const fast = simulate(makeCluster(nodes), pods);
    const naive = simulate(makeCluster(nodes), pods, {}, { equivalenceCache: false });
    expect(fast.placements.filter((p) => p.status === 'unschedulable').length).toBeGreaterThan(10);
    expect(fast).toEqual(naive);
  });
});

describe('identical pods that fit nowhere', () => {
  const nodes = ['a', 'b'].map((name) =>
    makeNode().name(name).capacity({ cpu: '2', memory: '4Gi', pods: 10 }).obj(),
  );
  const replicas = (n: number, cpu: string, priority: number) =>
    Array.from({ length: n }, (_, i) =>
      makePod().name(`r${i}`).label('app', 'r').priority(priority).req({ cpu, memory: '1Gi' }).obj(),
    );
  const running = ['a', 'b'].map((node, i) =>
    makePod().name(`low-${i}`).priority(0).req({ cpu: '1500m', memory: '1Gi' }).node(node).obj(),
  );

  it.each([
    ['too big for any node: every replica gets the first one’s reasons', [], replicas(5, '3', 0), 0],
    ['preempting: each replica evicts anew until no victim is left', running, replicas(4, '1500m', 10), 2],
  ])('%s', (_name, bound, pods, preempting) => {
    const fast = simulate(makeCluster(nodes, bound), pods);
    const naive = simulate(makeCluster(nodes, bound), pods, {}, { equivalenceCache: false });
    expect(fast).toEqual(naive);
    expect(fast.placements.filter((p) => p.victims?.length)).toHaveLength(preempting);
    const failed = fast.placements.filter((p) => p.status === 'unschedulable');
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((p) => p.reason)).size).toBe(1);
  });
});

describe('Tournament', () => {
  const naiveBest = (values: number[], rank: number[]) => {
    let best = -1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v === Number.NEGATIVE_INFINITY) continue;
      if (best < 0) best = i;
      else {
        const b = values[best] as number;
        if (v > b || (v === b && (rank[i] as number) < (rank[best] as number))) best = i;
      }
    }
    return best;
  };

  it('always holds the highest value, ties to the lowest rank, after any sequence of updates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((n) =>
          fc.record({
            rank: fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i),
              { minLength: n, maxLength: n },
            ),
            updates: fc.array(
              fc.tuple(
                fc.nat(n - 1),
                fc.oneof(fc.constant(Number.NEGATIVE_INFINITY), fc.integer({ min: 0, max: 5 })),
              ),
              { maxLength: 60 },
            ),
          }),
        ),
        ({ rank, updates }) => {
          const tree = new Tournament(rank.length, Int32Array.from(rank));
          const values: number[] = rank.map(() => Number.NEGATIVE_INFINITY);
          expect(tree.best()).toBe(-1);
          for (const [i, v] of updates) {
            tree.set(i, v);
            values[i] = v;
            expect(tree.best()).toBe(naiveBest(values, rank));
          }
        },
      ),
    );
  });

  it.each([
    ['a single entry', [3], [0], 0],
    ['equal values, the lower rank', [5, 5, 5], [2, 0, 1], 1],
    ['the higher value over a lower rank', [1, 2], [0, 1], 1],
    ['nothing when every entry is out', [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY], [0, 1], -1],
  ])('rebuilt from values written directly picks %s', (_name, values, rank, want) => {
    const tree = new Tournament(values.length, Int32Array.from(rank));
    tree.values.set(values);
    tree.rebuild();
    expect(tree.best()).toBe(want);
  });
});

describe('ChangeLog', () => {
  it('records the node of every pod added or removed, in order, and grows past its first buffer', () => {
    const snapshot = new ClusterSnapshot(
      makeCluster([makeNode().name('a').obj(), makeNode().name('b').obj()], []),
    );
    const start = snapshot.changes.length;
    const [a, b] = snapshot.nodeInfos as [NodeInfo, NodeInfo];
    const pods = Array.from({ length: 1500 }, (_, i) => makePod().name(`p${i}`).obj());
    pods.forEach((p, i) => {
      (i % 3 === 0 ? b : a).addPod(p);
    });
    b.removePod(pods[0] as Pod);
    const log: number[] = [];
    for (let i = start; i < snapshot.changes.length; i++) log.push(snapshot.changes.at(i));
    expect(log).toEqual([...pods.map((_, i) => (i % 3 === 0 ? 1 : 0)), 1]);
  });

  it('is not told of changes to a copy made for a preemption dry run', () => {
    const snapshot = new ClusterSnapshot(makeCluster([makeNode().name('a').obj()], []));
    const before = snapshot.changes.length;
    (snapshot.nodeInfos[0] as NodeInfo).clone().addPod(makePod().name('p').obj());
    expect(snapshot.changes.length).toBe(before);
  });
});
