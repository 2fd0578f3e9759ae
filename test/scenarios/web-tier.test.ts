/**
 * A web tier rolled out next to a GPU pool: required anti-affinity on hostname, zone
 * spread (maxSkew 1, DoNotSchedule), a tainted pool, a CPU quota that rejects the last
 * replica, and a high-priority GPU pod that preempts a batch pod. The arithmetic is in
 * the comments of test/fixtures/scenarios/web-tier/.
 */

import { describe, expect, it } from 'vitest';
import { placementOf, placements, planScenario, untoleratedTaint } from './scenario.ts';

describe('web tier next to a tainted GPU pool', () => {
  const { plan, errors } = planScenario('web-tier');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('places the GPU pod first, then one web replica per general node, alternating zones', () => {
    // inference (priority 100000) goes first; web-1..6 (priority 0) follow in order.
    // web-1: every general node is empty and scores alike; general-1 sorts first.
    // web-2: zone-a would hold 2 against zone-b's 0 (skew 2 > 1): zone-b, general-2 first.
    // web-3: zones 1/1; general-1 and general-2 hold a web pod (anti-affinity): general-3.
    // web-4: zone-a 2, zone-b 1: only zone-b, and general-2 is taken: general-4.
    expect(placements(plan)).toEqual({
      'ml/inference': 'gpu-2',
      'shop/web-1': 'general-1',
      'shop/web-2': 'general-2',
      'shop/web-3': 'general-3',
      'shop/web-4': 'general-4',
      'shop/web-5': null,
      'shop/web-6': null,
    });
  });

  it('evicts the batch pod that started last when two candidates tie', () => {
    // gpu-1 and gpu-2 each offer one victim of priority 100; crunch-2 started at
    // 10:03:05, crunch-1 at 10:00:05, so gpu-2 wins the start-time rule.
    const inference = placementOf(plan, 'ml/inference');
    expect(inference.status).toBe('scheduled');
    expect(inference.victims).toEqual(['batch/crunch-2']);
    expect(plan.summary.preempted).toBe(1);
  });

  it('says why the fifth replica fits nowhere, in the scheduler’s words', () => {
    // Four general nodes hold a web pod each (anti-affinity); the spread check passes
    // first (zones 2/2, so 3 - 2 = 1 <= maxSkew) and anti-affinity then rejects. Both GPU
    // nodes fail on the taint. Preemption cannot help: the taint is unresolvable and
    // the web pods on general nodes have the same priority as web-5.
    const web5 = placementOf(plan, 'shop/web-5');
    expect(web5.status).toBe('unschedulable');
    expect(web5.reason).toBe(
      `0/6 nodes are available: 2 ${untoleratedTaint('dedicated', 'gpu')}, 4 node(s) didn't match pod anti-affinity rules. ` +
        'preemption: 0/6 nodes are available: 2 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.',
    );
    expect(web5.nodeReasons).toEqual({
      'general-1': ["node(s) didn't match pod anti-affinity rules"],
      'general-2': ["node(s) didn't match pod anti-affinity rules"],
      'general-3': ["node(s) didn't match pod anti-affinity rules"],
      'general-4': ["node(s) didn't match pod anti-affinity rules"],
      'gpu-1': [untoleratedTaint('dedicated', 'gpu')],
      'gpu-2': [untoleratedTaint('dedicated', 'gpu')],
    });
  });

  it('rejects the sixth replica as the API server does, even though the fifth is pending', () => {
    // A pending pod is admitted and charged: 5 x 500m = 2500m used of 2500m.
    const web6 = placementOf(plan, 'shop/web-6');
    expect(web6.status).toBe('rejected');
    expect(web6.reason).toBe(
      'exceeded quota: shop-compute, requested: requests.cpu=500m, used: requests.cpu=2500m, limited: requests.cpu=2500m',
    );
  });

  it('counts the outcome in the summary', () => {
    expect(plan.summary).toEqual({
      pods: 7,
      scheduled: 5,
      unschedulable: 1,
      gated: 0,
      rejected: 1,
      preempted: 1,
    });
  });
});

describe('zone spread next to a tainted pool in a zone of its own', () => {
  const { plan, errors } = planScenario('spread-tainted-zone');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('with the default nodeTaintsPolicy (Ignore), stops after one pod per usable zone', () => {
    // gpu-1 keeps zone-c in the domains with 0 api pods, so a zone may hold at most
    // 0 + 1 = 1. api-1 -> zone-a (general-1), api-2 -> zone-b (general-2), then none.
    expect(placements(plan)).toMatchObject({
      'default/api-1': 'general-1',
      'default/api-2': 'general-2',
      'default/api-3': null,
      'default/api-4': null,
    });
    const message =
      `0/5 nodes are available: 1 ${untoleratedTaint('dedicated', 'gpu')}, 4 node(s) didn't match pod topology spread constraints. ` +
      'preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.';
    expect(placementOf(plan, 'default/api-3').reason).toBe(message);
    expect(placementOf(plan, 'default/api-4').reason).toBe(message);
  });

  it('with nodeTaintsPolicy Honor, spreads two and two over the zones that can take pods', () => {
    // Scheduled after api-1 and api-2 (500m on general-1 and general-2):
    // api-honor-1: the empty general-3 and general-4 score best; general-3 sorts first (zone-a).
    // api-honor-2: zone-a 1, zone-b 0: zone-b only; the empty general-4 beats general-2.
    // api-honor-3: zones 1/1, every general node runs one 500m pod: general-1 sorts first.
    // api-honor-4: zone-a 2, zone-b 1: zone-b only; general-2 and general-4 alike: general-2.
    expect(placements(plan)).toMatchObject({
      'default/api-honor-1': 'general-3',
      'default/api-honor-2': 'general-4',
      'default/api-honor-3': 'general-1',
      'default/api-honor-4': 'general-2',
    });
  });

  it('with minDomains 3 and two usable zones, takes the global minimum as 0: one pod per zone', () => {
    // After api and api-honor, general-3 and general-4 run one pod each, general-1 and
    // general-2 two: api-min-1 -> general-3 (zone-a), api-min-2 -> zone-b, general-4.
    expect(placements(plan)).toMatchObject({
      'default/api-min-1': 'general-3',
      'default/api-min-2': 'general-4',
      'default/api-min-3': null,
    });
    expect(placementOf(plan, 'default/api-min-3').reason).toBe(
      `0/5 nodes are available: 1 ${untoleratedTaint('dedicated', 'gpu')}, 4 node(s) didn't match pod topology spread constraints. ` +
        'preemption: 0/5 nodes are available: 1 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.',
    );
  });
});
