import { describe, expect, it } from 'vitest';
import { PLAN_SCHEMA_VERSION } from '../../src/plan/types.ts';
import { renderJson } from '../../src/report/json.ts';
import { doesNotFitPlan, fitsPlan } from './scenarios.ts';

describe('renderJson', () => {
  it('is the plan itself, versioned, with diff, resources, advice and policy', () => {
    const plan = doesNotFitPlan();
    const json = JSON.parse(renderJson(plan));
    expect(json).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(json.version).toBe(PLAN_SCHEMA_VERSION);
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'summary',
        'passed',
        'placements',
        'nodes',
        'diff',
        'resources',
        'advice',
        'policy',
      ]),
    );
    expect(json.passed).toBe(false);
    expect(
      json.policy.results.filter((r: { passed: boolean }) => !r.passed).map((r: { rule: string }) => r.rule),
    ).toEqual(['unschedulable', 'quotaExceeded', 'utilization']);
    expect(json.advice.fixes).toEqual([
      {
        namespace: 'ml',
        workload: 'Deployment/recommender',
        unplaced: 1,
        addNodes: { pool: 'gpu', count: 1, pods: 1 },
      },
    ]);
    expect(json.advice.addNodes).toEqual([{ pool: 'gpu', count: 1, pods: 1 }]);
  });

  it('keeps exact amounts (millicores and bytes), not the rounded figures of the Markdown', () => {
    const json = JSON.parse(renderJson(fitsPlan()));
    expect(json.resources.cluster.requests.after).toEqual({
      cpu: 7300,
      memory: 20 * 1024 ** 3 + 192 * 1024 ** 2,
      'nvidia.com/gpu': 1,
    });
    expect(json.advice.surge[0]).toEqual({
      namespace: 'shop',
      workload: 'Deployment/web',
      extraPods: 1,
      maxUnavailable: 1,
      extra: { cpu: 500, memory: 512 * 1024 ** 2 },
      fits: true,
    });
  });

  it('ends with a newline so it can be piped and diffed', () => {
    expect(renderJson(fitsPlan()).endsWith('}\n')).toBe(true);
  });
});
