/**
 * Inter-pod affinity across namespaces, an existing pod's anti-affinity against the
 * newcomer, the first pod of a self-affine group, and preferred terms weighed against
 * a PreferNoSchedule taint, and ScheduleAnyway spread against LeastAllocated.
 * Clusters and arithmetic: test/fixtures/scenarios/{affinity,preferences,spread-scoring}/.
 */

import { describe, expect, it } from 'vitest';
import { placementOf, placements, planScenario } from './scenario.ts';

describe('pod affinity and anti-affinity across namespaces', () => {
  const { plan, errors } = planScenario('affinity');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('places each pod by the pods already there', () => {
    expect(placements(plan)).toEqual({
      'shop/noisy': null,
      'shop/cache': 'node-1',
      'shop/cache-local': null,
      'shop/leader-1': 'node-2',
      'shop/leader-2': 'node-2',
    });
  });

  it.each([
    {
      name: 'an existing pod’s anti-affinity keeps noisy off the one node its selector allows',
      // node-1 is in zone-a but runs db; node-2 and node-3 are not in zone-a. Evicting db
      // would help, but db has noisy's priority.
      pod: 'shop/noisy',
      reason:
        "0/3 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules, 2 node(s) didn't match Pod's node affinity/selector. " +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    },
    {
      name: 'an affinity term without namespaces looks only in the pod’s own namespace',
      // No app=db pod runs in shop, and cache-local does not match its own term.
      pod: 'shop/cache-local',
      reason:
        "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. " +
        'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    },
  ])('$name', ({ pod, reason }) => {
    expect(placementOf(plan, pod)).toMatchObject({ status: 'unschedulable', node: null, reason });
  });
});

describe('preferred node affinity against a PreferNoSchedule taint', () => {
  const { plan, errors } = planScenario('preferences');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('lets the untolerated taint (weight 3) outweigh the preferred label (weight 2), and not once tolerated', () => {
    // prefers-ssd: fast-1 200 + 0, plain-1 0 + 300. tolerates-spot: fast-1 200 + 300,
    // plain-1 0 + 300 (and plain-1 now runs prefers-ssd, which only widens the gap).
    expect(placements(plan)).toEqual({
      'default/prefers-ssd': 'plain-1',
      'default/tolerates-spot': 'fast-1',
    });
  });
});

describe('ScheduleAnyway spread weighed against LeastAllocated', () => {
  const { plan, errors } = planScenario('spread-scoring');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('sends the spreading pod to the emptier zone and the other to the roomier node', () => {
    // api-2: big-1 87 + 0, small-1 75 + 2 x 100. unspread: big-1 81, small-1 50.
    expect(placements(plan)).toEqual({ 'default/api-2': 'small-1', 'default/unspread': 'big-1' });
  });
});
