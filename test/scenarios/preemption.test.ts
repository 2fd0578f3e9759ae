/**
 * Priority and preemption on two full nodes: a PodDisruptionBudget steering the
 * choice of victim, a class with preemptionPolicy Never, and a pod that may evict
 * only what is below it. Cluster and arithmetic: test/fixtures/scenarios/preemption/.
 */

import { describe, expect, it } from 'vitest';
import { placementOf, placements, planScenario } from './scenario.ts';

describe('preemption on two full nodes', () => {
  const { plan, errors } = planScenario('preemption');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('places each pod where preemption makes room, in priority order', () => {
    expect(placements(plan)).toEqual({ 'ops/critical': 'app-2', 'ops/mid-pod': 'app-1' });
  });

  it.each([
    {
      name: 'critical evicts report-b on app-2 rather than the PDB-protected report-a on app-1',
      // app-1: evicting report-a (1500m) frees 2000m; putting it back needs 2500m, so it
      // stays a victim, and its budget allows 0 disruptions: 1 violation.
      // app-2: evict report-b (100) and index-b (500), then put back the more important
      // first: index-b 500m + 1000m fits; report-b would make 2500m: victim, 0 violations.
      pod: 'ops/critical',
      victims: ['batch/report-b'],
    },
    {
      name: 'mid-pod evicts report-a despite its budget: app-2 has nothing below priority 500',
      // app-2 now runs index-b (500, not lower than 500) and critical (1000): no victims.
      // A candidate that breaks a budget is still a candidate when it is the only one.
      pod: 'ops/mid-pod',
      victims: ['batch/report-a'],
    },
  ])('$name', ({ pod, victims }) => {
    const placement = placementOf(plan, pod);
    expect(placement.status).toBe('scheduled');
    expect(placement.victims).toEqual(victims);
  });

  it('counts every evicted pod once', () => {
    expect(plan.summary.preempted).toBe(2);
    expect(plan.nodes.map((n) => [n.name, n.requested.after.cpu, n.pods.after])).toEqual([
      // app-1: report-a gone, mid-pod 1000m in.
      ['app-1', 1000, 1],
      // app-2: report-b gone; index-b 500m + critical 1000m.
      ['app-2', 1500, 2],
    ]);
  });

  it('without the budget, critical evicts report-a on app-1: the candidates tie and app-1 sorts first', () => {
    // Both nodes then offer one victim of priority 100 and no start times are known.
    const unprotected = planScenario('preemption', {
      cluster: (cluster) => {
        cluster.pdbs = [];
      },
    });
    expect(placementOf(unprotected.plan, 'ops/critical')).toMatchObject({
      node: 'app-1',
      victims: ['batch/report-a'],
    });
  });
});

describe('a pod whose class forbids preemption', () => {
  const { plan, errors } = planScenario('preemption', { head: 'head-never.yaml' });

  it('stays pending with upstream’s message once critical has taken the room it made', () => {
    // After critical: app-1 runs 1500m, app-2 runs 500m + 1000m; 500m free on each.
    expect(errors).toEqual([]);
    expect(placements(plan)).toEqual({ 'ops/critical': 'app-2', 'ops/never': null });
    const never = placementOf(plan, 'ops/never');
    expect(never.status).toBe('unschedulable');
    expect(never.victims).toBeUndefined();
    expect(never.reason).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    );
  });
});

describe('a pod left pending is tried again when a later preemption frees room', () => {
  const { plan, errors } = planScenario('preemption', { head: 'head-retry.yaml' });

  it('places never on the room mid-pod made, ahead of mid-pod, as kube-scheduler does', () => {
    // critical takes app-2 (evicting report-b); never finds 500m on each node and waits;
    // mid-pod evicts report-a on app-1 (2000m free) and takes 1000m; the eviction sends
    // never back to the queue and it takes the other 1000m on app-1.
    expect(errors).toEqual([]);
    expect(placements(plan)).toEqual({
      'ops/critical': 'app-2',
      'ops/never': 'app-1',
      'ops/mid-pod': 'app-1',
    });
    expect(placementOf(plan, 'ops/never')).toMatchObject({ status: 'scheduled', reason: null });
    expect(placementOf(plan, 'ops/never').victims).toBeUndefined();
    expect(placementOf(plan, 'ops/mid-pod').victims).toEqual(['batch/report-a']);
    expect(plan.summary.preempted).toBe(2);
    expect(plan.nodes.map((n) => [n.name, n.requested.after.cpu, n.pods.after])).toEqual([
      ['app-1', 2000, 2],
      ['app-2', 1500, 2],
    ]);
  });

  it('keeps each pod once in the plan, in queue order', () => {
    expect(plan.placements.map((p) => `${p.namespace}/${p.pod}`)).toEqual([
      'ops/critical',
      'ops/never',
      'ops/mid-pod',
    ]);
  });
});

describe('preemption that removes an anti-affinity term rather than freeing resources', () => {
  const { plan, errors } = planScenario('preempt-affinity');

  it('evicts the pod holding the term and takes its node', () => {
    expect(errors).toEqual([]);
    expect(placementOf(plan, 'default/web')).toMatchObject({
      node: 'node-1',
      status: 'scheduled',
      victims: ['default/guard'],
    });
  });
});
