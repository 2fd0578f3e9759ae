/** Every scenario planned twice from the same files gives the same plan, to the byte. */

import { describe, expect, it } from 'vitest';
import { planScenario } from './scenario.ts';

const SCENARIOS = [
  'web-tier',
  'spread-tainted-zone',
  'preemption',
  'daemonset-gpu',
  'init-sidecar',
  'limit-range',
  'constraints',
  'scoring',
  'snapshot-ghost-node',
  'affinity',
  'preferences',
  'quota-scopes',
  'preempt-affinity',
  'spread-scoring',
];

describe('the same input gives the same plan', () => {
  it.each(SCENARIOS)('%s planned twice reads the same', (scenario) => {
    const first = JSON.stringify(planScenario(scenario).plan);
    const second = JSON.stringify(planScenario(scenario).plan);
    expect(second).toBe(first);
  });
});

describe('the order nodes are listed in does not matter', () => {
  it.each(SCENARIOS)('%s with its nodes listed backwards places every pod alike', (scenario) => {
    const outcome = (reverse: boolean) =>
      planScenario(scenario, {
        cluster: (cluster) => {
          if (reverse) cluster.nodes.reverse();
        },
      }).plan.placements.map((p) => [p.namespace, p.pod, p.node, p.status, p.reason, p.victims ?? []]);
    expect(outcome(true)).toEqual(outcome(false));
  });
});
