import { describe, expect, it } from 'vitest';
import { loadClusterText } from '../../src/cluster/load.ts';
import { parseManifests } from '../../src/manifests/parse.ts';
import { adviseCapacity, type ChangedWorkload, simulationCost } from '../../src/plan/advice.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { renderText } from '../../src/report/text.ts';
import { simulate } from '../../src/scheduler/simulate.ts';
import { expandWorkloads } from '../../src/workloads/expand.ts';
import { deployment, fleet, manifests, planOf } from '../fixtures/plans/build.ts';

/**
 * Advice re-runs the scheduler for every question it answers; a work budget bounds
 * the sum, and what the budget leaves out is counted and shown, never guessed.
 */

function setting(workloads: number) {
  const { cluster } = loadClusterText(
    fleet({ pools: [{ name: 'general', count: 4, cpu: '4', memory: '16Gi' }] }),
    'cluster.yaml',
  );
  const head = parseManifests(
    manifests(
      ...Array.from({ length: workloads }, (_, i) =>
        deployment({ name: `app-${i}`, namespace: 'shop', replicas: 1, cpu: '100m' }),
      ),
    ),
    'head.yaml',
  );
  const expanded = expandWorkloads(head.objects, cluster);
  const result = simulate(cluster, expanded.pods);
  const after = {
    ...cluster,
    pods: [...cluster.pods, ...result.placements.map((p) => ({ ...p.pod, nodeName: p.node! }))],
  };
  const changed: ChangedWorkload[] = expanded.workloads.map((w) => ({
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    pods: w.pods,
    raw: w.object.raw,
    templateChanged: false,
  }));
  return { after, changed };
}

describe('the advice budget', () => {
  it('answers every question of a small plan', () => {
    const { after, changed } = setting(30);
    const advice = adviseCapacity({ after, unplaced: [], changed, simulate });
    expect(advice.headroom).toHaveLength(30);
    expect(advice.skipped).toBeUndefined();
  });

  it('stops when the work is spent and counts what it left out, whatever the number of workloads', () => {
    const { after, changed } = setting(30);
    // Room for about ten headroom runs in all (each places up to 200 pods on 4 nodes).
    const run = simulationCost(after, 200);
    let calls = 0;
    const counting = (...args: Parameters<typeof simulate>) => {
      calls++;
      return simulate(...args);
    };
    const advice = adviseCapacity({
      after,
      unplaced: [],
      changed,
      simulate: counting,
      limits: { work: 20 * run },
    });
    expect(calls).toBeLessThanOrEqual(20);
    expect(advice.headroom.length).toBeGreaterThan(0);
    expect(advice.headroom.length + (advice.skipped?.headroom ?? 0)).toBe(30);
    expect(advice.skipped?.headroom).toBeGreaterThan(0);
  });

  it('says in the text and the Markdown what the budget left out', () => {
    const plan = planOf({
      cluster: fleet({ pools: [{ name: 'general', count: 2, cpu: '4', memory: '16Gi' }] }),
      head: manifests(deployment({ name: 'web', namespace: 'shop', replicas: 2, cpu: '100m' })),
    });
    plan.advice!.skipped = { headroom: 12, nPlusOne: 40 };
    const line = 'advice stopped at its work budget: no headroom for 12 workloads, N+1 not tried on 40 nodes';
    expect(renderText(plan, { color: false })).toContain(line);
    expect(renderMarkdown(plan)).toContain(line);
  });
});
