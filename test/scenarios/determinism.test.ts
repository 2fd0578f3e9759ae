/**
 * Every scenario planned twice from the same files gives the same plan, to the byte;
 * the order nodes are listed in and the scheduler's equivalence cache change nothing.
 */

import { describe, expect, it } from 'vitest';
import { admitAndRecord, createAdmissionState } from '../../src/admission/index.ts';
import { loadClusterText } from '../../src/cluster/load.ts';
import { parseManifests } from '../../src/manifests/parse.ts';
import { simulate } from '../../src/scheduler/simulate.ts';
import { expandWorkloads } from '../../src/workloads/expand.ts';
import { fixtureText, planScenario } from './scenario.ts';

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
  'admission-mix',
  'workloads',
  'rollout',
  'priority-admission',
  'default-class-in-change',
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

describe('the equivalence cache changes nothing', () => {
  it.each(SCENARIOS)('%s scheduled with and without the cache places every pod alike', (scenario) => {
    const { cluster } = loadClusterText(fixtureText(scenario, 'cluster.yaml'), 'cluster.yaml');
    const head = parseManifests(fixtureText(scenario, 'head.yaml'), 'head.yaml');
    const { pods } = expandWorkloads(head.objects, cluster);
    const run = (equivalenceCache: boolean) => {
      const admission = createAdmissionState(cluster);
      return simulate(
        cluster,
        pods,
        { admit: (pod) => admitAndRecord(pod, admission) },
        { equivalenceCache },
      ).placements.map((p) => [p.pod.key, p.node, p.status, p.reason, p.victims ?? []]);
    };
    expect(run(true)).toEqual(run(false));
  });
});
