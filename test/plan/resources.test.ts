import { describe, expect, it } from 'vitest';
import { costOf } from '../../src/plan/resources.ts';
import { deployment, fleet, manifests, planOf, runningPod } from '../fixtures/plans/build.ts';

const GiB = 1024 ** 3;

const cluster = fleet({
  pools: [
    { name: 'general', count: 2, cpu: '4', memory: '16Gi' },
    { name: 'gpu', count: 1, cpu: '8', memory: '32Gi', extra: { 'nvidia.com/gpu': 2 } },
  ],
  pods: [
    runningPod({ name: 'web-old', namespace: 'shop', node: 'general-1', cpu: '1', memory: '2Gi' }),
    runningPod({
      name: 'train',
      namespace: 'ml',
      node: 'gpu-1',
      cpu: '2',
      memory: '8Gi',
      extra: { 'nvidia.com/gpu': 1 },
      limits: { memory: '8Gi', 'nvidia.com/gpu': '1' },
    }),
  ],
  resourceQuotas: [
    {
      metadata: { name: 'shop-quota', namespace: 'shop' },
      spec: { hard: { 'requests.cpu': '6', 'requests.memory': '12Gi', pods: '10' } },
    },
  ],
});

const head = manifests(
  deployment({
    name: 'web',
    namespace: 'shop',
    replicas: 3,
    cpu: '1',
    memory: '2Gi',
    limits: { cpu: '4', memory: '2Gi' },
    nodeSelector: { 'berth.dev/pool': 'general' },
  }),
);

describe('the resource diff', () => {
  const plan = planOf({ cluster, head });
  const res = plan.resources;

  it('sums requests per namespace before and after, with pods counted', () => {
    const shop = res.namespaces.find((n) => n.namespace === 'shop')!;
    expect(shop.pods).toEqual({ before: 1, after: 4 });
    expect(shop.requests.before).toEqual({ cpu: 1000, memory: 2 * GiB });
    expect(shop.requests.after).toEqual({ cpu: 4000, memory: 8 * GiB });
  });

  it('shows ResourceQuota headroom left after the change (6 cpu hard, 4 used: 2 left)', () => {
    const quota = res.namespaces.find((n) => n.namespace === 'shop')!.quotas[0]!;
    expect(quota.name).toBe('shop-quota');
    expect(quota.used).toEqual({ 'requests.cpu': 4000, 'requests.memory': 8 * GiB, pods: 4 });
    expect(quota.headroom).toEqual({ 'requests.cpu': 2000, 'requests.memory': 4 * GiB, pods: 6 });
  });

  it('leaves out namespaces the change does not touch and that have no quota', () => {
    expect(res.namespaces.map((n) => n.namespace)).toEqual(['shop']);
  });

  it('sums requests per node pool against the pool allocatable', () => {
    const general = res.pools.find((p) => p.pool === 'general')!;
    expect(general.nodes).toBe(2);
    expect(general.allocatable).toMatchObject({ cpu: 8000, memory: 32 * GiB });
    expect(general.requests.before).toEqual({ cpu: 1000, memory: 2 * GiB });
    expect(general.requests.after).toEqual({ cpu: 4000, memory: 8 * GiB });
    const gpu = res.pools.find((p) => p.pool === 'gpu')!;
    expect(gpu.requests.before).toEqual(gpu.requests.after);
    expect(gpu.allocatable['nvidia.com/gpu']).toBe(2);
  });

  it('sums the cluster requests and limits, extended resources included', () => {
    expect(res.cluster.requests.before).toEqual({ cpu: 3000, memory: 10 * GiB, 'nvidia.com/gpu': 1 });
    expect(res.cluster.requests.after).toEqual({ cpu: 6000, memory: 16 * GiB, 'nvidia.com/gpu': 1 });
    expect(res.cluster.limits.after).toEqual({ cpu: 12_000, memory: 14 * GiB, 'nvidia.com/gpu': 1 });
  });

  it('flags a node whose cpu limits exceed its allocatable as overcommitted', () => {
    // Three web pods with a 4-cpu limit on two 4-cpu nodes: a node with two of them
    // has 8 cpu of limits (200%); a node with one is at exactly 100%, not over.
    const webPerNode = new Map<string, number>();
    for (const p of plan.placements) webPerNode.set(p.node!, (webPerNode.get(p.node!) ?? 0) + 1);
    const crowded = [...webPerNode].filter(([, n]) => n >= 2).map(([node]) => node);
    expect(crowded.length).toBeGreaterThan(0);
    expect(res.overcommit.map((o) => o.node).sort()).toEqual(crowded.sort());
    for (const o of res.overcommit) {
      expect(o.resource).toBe('cpu');
      expect(o.limits).toBe((webPerNode.get(o.node) ?? 0) * 4000);
      expect(o.ratio).toBeCloseTo(o.limits / 4000);
    }
  });

  it('has no cost without rates', () => {
    expect(res.cost).toBeUndefined();
  });
});

describe('monthly cost from config rates', () => {
  it.each<
    [string, Record<string, number>, { cpuHour?: number; memoryGiBHour?: number; gpuHour?: number }, number]
  >([
    // 2 cores x 0.04 x 730 h = 58.40
    ['cpu only', { cpu: 2000 }, { cpuHour: 0.04 }, 58.4],
    // 4 GiB x 0.005 x 730 = 14.60
    ['memory only', { memory: 4 * GiB }, { memoryGiBHour: 0.005 }, 14.6],
    // 1 GPU x 1.2 x 730 = 876
    ['a GPU', { 'nvidia.com/gpu': 1 }, { gpuHour: 1.2 }, 876],
    // 500m x 0.04 x 730 + 1 GiB x 0.005 x 730 = 14.60 + 3.65 = 18.25
    [
      'half a core and a GiB together',
      { cpu: 500, memory: GiB },
      { cpuHour: 0.04, memoryGiBHour: 0.005 },
      18.25,
    ],
    ['nothing requested costs nothing', {}, { cpuHour: 0.04 }, 0],
  ])('%s', (_name, requests, rates, expected) => {
    expect(costOf(requests, { currency: 'USD', ...rates })).toBeCloseTo(expected, 2);
  });

  it('turns the plan resource diff into a monthly cost diff', () => {
    const plan = planOf({
      cluster,
      head,
      config: { cost: { currency: 'EUR', cpuHour: 0.04, memoryGiBHour: 0.005, gpuHour: 1 } },
    });
    // Added: 3 cores and 6 GiB = 3 x 0.04 x 730 + 6 x 0.005 x 730 = 87.60 + 21.90 = 109.50
    expect(plan.resources.cost).toMatchObject({ currency: 'EUR' });
    expect(plan.resources.cost!.monthlyDelta).toBeCloseTo(109.5, 2);
    expect(plan.resources.cost!.monthlyAfter - plan.resources.cost!.monthlyBefore).toBeCloseTo(109.5, 2);
  });
});
