import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainPod } from '../../src/cli/explain.ts';
import { loadClusterText } from '../../src/cluster/load.ts';
import { parseManifests } from '../../src/manifests/parse.ts';
import { adviseCapacity } from '../../src/plan/advice.ts';
import { renderJson } from '../../src/report/json.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderText } from '../../src/report/text.ts';
import { simulate } from '../../src/scheduler/simulate.ts';
import { expandWorkloads } from '../../src/workloads/expand.ts';
import { deployment, fleet, manifests, type PoolSpec, planOf, runningPod } from '../fixtures/plans/build.ts';

/**
 * "N more nodes of pool P" is a claim about the whole plan: with N new nodes of the
 * pool, every unschedulable pod it can take fits, all together, and with N - 1 they
 * do not. These tests check the claim the way a user would: plan again on a cluster
 * that has the extra nodes.
 */

const DEMO = readFileSync(
  new URL(
    '../fixtures/corpus/GoogleCloudPlatform__microservices-demo/release/kubernetes-manifests.yaml',
    import.meta.url,
  ),
  'utf8',
);

function small(count: number): PoolSpec {
  return { name: 'small', count, cpu: '500m', memory: '1Gi' };
}

describe('N more nodes of pool P is the plan-wide number', () => {
  it('three workloads of one 1.5-cpu pod each on full nodes: one new node is enough for each alone, the plan needs three', () => {
    const filler = [1, 2].map((i) => runningPod({ name: `filler-${i}`, node: `general-${i}`, cpu: '2' }));
    const head = manifests(
      ...['api', 'worker', 'cron'].map((name) => deployment({ name, namespace: 'shop', cpu: '1500m' })),
    );
    const planOn = (count: number) =>
      planOf({
        cluster: fleet({ pools: [{ name: 'general', count, cpu: '2', memory: '8Gi' }], pods: filler }),
        head,
      });
    const plan = planOn(2);
    expect(plan.summary.unschedulable).toBe(3);
    expect(plan.advice?.addNodes).toEqual([{ pool: 'general', count: 3, pods: 3 }]);
    // Every workload's fix says the plan's number, not its own.
    expect(plan.advice?.fixes.map((f) => f.addNodes)).toEqual([
      { pool: 'general', count: 3, pods: 3 },
      { pool: 'general', count: 3, pods: 3 },
      { pool: 'general', count: 3, pods: 3 },
    ]);
    expect(planOn(2 + 3).summary.unschedulable).toBe(0);
    expect(planOn(2 + 2).summary.unschedulable).toBeGreaterThan(0);
    expect(renderText(plan, { color: false })).toContain(
      'fix: 3 more nodes of pool general (places 3 unschedulable pods together)',
    );
    expect(renderMarkdown(plan)).toContain(
      '3 more nodes of pool general (places 3 unschedulable pods together)',
    );
    expect(JSON.parse(renderJson(plan)).advice.addNodes).toEqual([{ pool: 'general', count: 3, pods: 3 }]);
    expect(explainPod(plan, 'shop/worker-1').text).toContain(
      'Smallest fix: 3 more nodes of pool general (places 3 unschedulable pods together).',
    );
  });

  it('the microservices demo on two small nodes: planning again with N more nodes places every pod, with N - 1 it does not', () => {
    const plan = planOf({ cluster: fleet({ pools: [small(2)] }), head: DEMO });
    const unschedulable = plan.summary.unschedulable;
    expect(unschedulable).toBeGreaterThan(1);
    const add = plan.advice?.addNodes.find((a) => a.pool === 'small');
    expect(add?.pods).toBe(unschedulable);
    const n = add!.count;
    // Each workload alone would fit on one new node; the plan needs more.
    expect(n).toBeGreaterThan(1);
    for (const fix of plan.advice!.fixes)
      expect(fix.addNodes).toEqual({ pool: 'small', count: n, pods: unschedulable });
    expect(planOf({ cluster: fleet({ pools: [small(2 + n)] }), head: DEMO }).summary.unschedulable).toBe(0);
    expect(
      planOf({ cluster: fleet({ pools: [small(2 + n - 1)] }), head: DEMO }).summary.unschedulable,
    ).toBeGreaterThan(0);
  });

  it('pods only one pool can take are counted for that pool alone, and each workload is told its own pool', () => {
    const gpu: PoolSpec = {
      name: 'gpu',
      count: 1,
      cpu: '8',
      memory: '32Gi',
      extra: { 'nvidia.com/gpu': 1 },
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
    };
    const plan = planOf({
      cluster: fleet({
        pools: [{ name: 'general', count: 1, cpu: '2', memory: '8Gi' }, gpu],
        pods: [
          runningPod({ name: 'filler', node: 'general-1', cpu: '2' }),
          runningPod({ name: 'trainer-0', node: 'gpu-1', cpu: '1', extra: { 'nvidia.com/gpu': 1 } }),
        ],
      }),
      head: manifests(
        deployment({ name: 'web', namespace: 'shop', replicas: 2, cpu: '1' }),
        deployment({
          name: 'train',
          namespace: 'ml',
          replicas: 2,
          cpu: '1',
          extra: { 'nvidia.com/gpu': 1 },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
        }),
      ),
    });
    expect(plan.summary.unschedulable).toBe(4);
    // The gpu pool's taint keeps web off it and general has no GPU: two searches, one per pool.
    expect(plan.advice?.addNodes).toEqual([
      { pool: 'general', count: 1, pods: 2 },
      { pool: 'gpu', count: 2, pods: 2 },
    ]);
    const fixOf = (w: string) => plan.advice?.fixes.find((f) => f.workload === w)?.addNodes;
    expect(fixOf('Deployment/web')).toEqual({ pool: 'general', count: 1, pods: 2 });
    expect(fixOf('Deployment/train')).toEqual({ pool: 'gpu', count: 2, pods: 2 });
  });

  it('a search that would need more nodes than its cap offers no node fix rather than a wrong one', () => {
    // 30 pods of 7 cpu on a full 8-cpu node: one new node each, 30 in all.
    const { cluster } = loadClusterText(
      fleet({
        pools: [{ name: 'general', count: 1, cpu: '8', memory: '8Gi' }],
        pods: [runningPod({ name: 'filler', node: 'general-1', cpu: '8' })],
      }),
      'cluster.yaml',
    );
    const head = parseManifests(
      manifests(deployment({ name: 'wide', namespace: 'shop', replicas: 30, cpu: '7' })),
      'head.yaml',
    );
    const { pods } = expandWorkloads(head.objects, cluster);
    const result = simulate(cluster, pods);
    const unplaced = result.placements.filter((p) => p.node === null).map((p) => p.pod);
    expect(unplaced).toHaveLength(30);
    const advise = (addNodes: number) =>
      adviseCapacity({ after: cluster, unplaced, changed: [], simulate, limits: { addNodes } });
    expect(advise(29).addNodes).toEqual([]);
    expect(advise(29).fixes[0]?.addNodes).toBeUndefined();
    expect(advise(30).addNodes).toEqual([{ pool: 'general', count: 30, pods: 30 }]);
  });
});
