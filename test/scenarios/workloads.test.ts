/**
 * The pods each controller makes, placed together: a DaemonSet onto a cordoned node,
 * a StatefulSet with ordinals and anti-affinity, a Job capped by completions and a
 * Deployment scaled to zero; and a Deployment whose change replaces its running pods.
 * Clusters and arithmetic: test/fixtures/scenarios/{workloads,rollout}/.
 */

import { describe, expect, it } from 'vitest';
import { placementOf, placements, planScenario } from './scenario.ts';

describe('controllers’ pods on two general nodes and a cordoned one', () => {
  const { plan, errors } = planScenario('workloads');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('makes the pods each controller would, named as berth names them', () => {
    // agent-<node> per node, db-1..3 from ordinal 1, backfill-1..2, none for idle.
    expect(placements(plan)).toEqual({
      'default/agent-edge-1': 'edge-1',
      'default/agent-general-1': 'general-1',
      'default/agent-general-2': 'general-2',
      'default/db-1': 'general-1',
      'default/db-2': 'general-2',
      'default/db-3': null,
      // Both general nodes then run agent + db (1100m, 2112Mi): backfill-1 takes
      // general-1 by name, backfill-2 the now emptier general-2.
      'default/backfill-1': 'general-1',
      'default/backfill-2': 'general-2',
    });
    expect(plan.workloads.find((w) => w.name === 'idle')?.replicas.after).toBe(0);
  });

  it('holds db-3 off the cordoned node and off the nodes its siblings hold', () => {
    expect(placementOf(plan, 'default/db-3').reason).toBe(
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match pod anti-affinity rules. " +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });
});

describe('a Deployment changed in place: its running pods make way for the new ones', () => {
  const { plan, errors } = planScenario('rollout', { base: 'base.yaml' });

  it('loads without errors and sees the Deployment changed from 2 to 3 replicas', () => {
    expect(errors).toEqual([]);
    expect(plan.workloads.map((w) => [w.name, w.change, w.replicas])).toEqual([
      ['web', 'changed', { before: 2, after: 3 }],
    ]);
  });

  it('places the new replicas in the room the old ones leave', () => {
    // Kept in place, the old pods would leave 200m and 500m: no 1 CPU replica would fit.
    expect(placements(plan)).toEqual({
      'shop/web-1': 'node-b',
      'shop/web-2': 'node-a',
      'shop/web-3': 'node-b',
    });
  });

  it('reports requests per node before and after', () => {
    // node-a: 1500m + 300m -> 300m + 1000m; node-b: 1500m -> 2 x 1000m.
    expect(plan.nodes.map((n) => [n.name, n.requested.before.cpu, n.requested.after.cpu])).toEqual([
      ['node-a', 1800, 1300],
      ['node-b', 1500, 2000],
    ]);
  });
});
