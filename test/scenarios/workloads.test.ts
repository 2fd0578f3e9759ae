/**
 * The pods each controller makes, placed together: a DaemonSet onto a cordoned node,
 * a StatefulSet with ordinals and anti-affinity, a Job capped by completions and a
 * Deployment scaled to zero. Cluster and arithmetic: test/fixtures/scenarios/workloads/.
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
