/**
 * Constraints one at a time on a small cluster (scheduling gates, node affinity Gt/Lt,
 * host ports, a pod pinned by nodeName), scoring strategies placing the same pods
 * differently, and a snapshot whose pod sits on a node the snapshot no longer lists.
 * Clusters and arithmetic: test/fixtures/scenarios/{constraints,scoring,snapshot-ghost-node}/.
 */

import { describe, expect, it } from 'vitest';
import type { ScoringStrategy } from '../../src/model/simulation.ts';
import { placementOf, placements, planScenario } from './scenario.ts';

describe('gates, node affinity Gt/Lt, host ports and nodeName on three nodes', () => {
  const { plan, errors } = planScenario('constraints');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('places what fits and holds back the rest', () => {
    expect(placements(plan)).toEqual({
      'default/gated': null,
      'default/newer-cpu': 'gen5-1',
      'default/newest-cpu': null,
      'default/ingress-b': 'gen5-1',
      'default/ingress-c': null,
      'default/pinned': null,
    });
  });

  it.each([
    {
      pod: 'default/gated',
      status: 'gated',
      reason:
        'SchedulingGated: Scheduling is blocked due to non-empty scheduling gates (example.com/quota-check, example.com/approval)',
    },
    {
      // 3 > 7, 5 > 7 and 7 > 7 are all false: no node, and no eviction changes a label.
      pod: 'default/newest-cpu',
      status: 'unschedulable',
      reason:
        "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. " +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
    {
      // Port 8080 is taken on gen3-1 (ingress-a) and gen5-1 (ingress-b); gen7-1 has the
      // port free but no CPU. Every pod in the way has the same priority as ingress-c.
      pod: 'default/ingress-c',
      status: 'unschedulable',
      reason:
        "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't have free ports for the requested pod ports. " +
        'preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    },
  ])('$pod is $status: $reason', ({ pod, status, reason }) => {
    expect(placementOf(plan, pod)).toMatchObject({ status, reason, node: null });
  });

  it('reports a pod pinned by nodeName to a full node as the kubelet rejects it', () => {
    // The scheduler never sees it; gen7-1's kubelet finds 2000m of 2000m in use.
    const pinned = placementOf(plan, 'default/pinned');
    expect(pinned).toMatchObject({
      status: 'unschedulable',
      node: null,
      reason:
        "OutOfcpu: Pod was rejected: Node didn't have enough resource: cpu, requested: 500, used: 2000, capacity: 2000",
    });
    expect(pinned.nodeReasons).toBeUndefined();
  });

  it('adds newer-cpu and ingress-b to gen5-1: 500m + 100m', () => {
    const gen5 = plan.nodes.find((n) => n.name === 'gen5-1');
    expect(gen5?.requested.after).toMatchObject({ cpu: 600, memory: 384 * 2 ** 20 });
  });
});

describe('scoring strategies on a half-full node and an empty one', () => {
  it.each<{ strategy: ScoringStrategy; node: string }>([
    // Free share after placing: pack-2 leaves more free for both pods.
    { strategy: 'LeastAllocated', node: 'pack-2' },
    // Used share after placing: pack-1 is fuller for both (75, then 100).
    { strategy: 'MostAllocated', node: 'pack-1' },
    // The default shape scores utilisation 0 -> 0, 100 -> 10: bin packing, as MostAllocated.
    { strategy: 'RequestedToCapacityRatio', node: 'pack-1' },
  ])('$strategy puts both pods on $node', ({ strategy, node }) => {
    const { plan, errors } = planScenario('scoring', {
      config: (config) => {
        config.scheduler.scoringStrategy = strategy;
      },
    });
    expect(errors).toEqual([]);
    expect(placements(plan)).toEqual({ 'default/web-1': node, 'default/solo': node });
  });
});

describe('a snapshot with a pod bound to a node it does not list', () => {
  const { plan, errors } = planScenario('snapshot-ghost-node');

  it('loads with a warning at the pod, not an error', () => {
    expect(errors).toEqual([]);
    expect(plan.diagnostics.map((d) => d.message)).toContain(
      'Pod shop/old-web: pod is bound to node node-c, which is not in the cluster',
    );
  });

  it('plans on the nodes it has: node-a lacks CPU (900m free), node-b takes web-1', () => {
    expect(placements(plan)).toEqual({ 'shop/web-1': 'node-b', 'shop/web-2': null, 'shop/web-3': null });
    expect(plan.nodes.map((n) => n.name)).toEqual(['node-a', 'node-b']);
  });

  it('still counts the pod on the missing node toward its namespace quota', () => {
    // old-web + cache + web-1 = 3 pods of 3.
    for (const pod of ['shop/web-2', 'shop/web-3']) {
      expect(placementOf(plan, pod)).toMatchObject({
        status: 'rejected',
        reason: 'exceeded quota: pod-count, requested: pods=1, used: pods=3, limited: pods=3',
      });
    }
  });
});
