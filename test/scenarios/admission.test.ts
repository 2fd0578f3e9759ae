/**
 * What the API server decides before the scheduler sees a pod: a quota scoped to a
 * PriorityClass, and a memory quota that demands every container state a memory
 * request. Cluster and arithmetic: test/fixtures/scenarios/quota-scopes/.
 */

import { describe, expect, it } from 'vitest';
import { placementOf, placements, planScenario } from './scenario.ts';

describe('quotas scoped by PriorityClass and the must-specify rule', () => {
  const { plan, errors } = planScenario('quota-scopes');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('schedules only the admitted pods, spreading them over the two nodes', () => {
    expect(placements(plan)).toEqual({
      'batch/urgent-1': 'node-1',
      'batch/urgent-2': null,
      'batch/routine': 'node-2',
      'batch/no-memory': null,
    });
  });

  it.each([
    {
      pod: 'batch/urgent-2',
      reason: 'exceeded quota: high-pods, requested: pods=1, used: pods=1, limited: pods=1',
    },
    { pod: 'batch/no-memory', reason: 'failed quota: memory: must specify requests.memory for: app' },
  ])('$pod is rejected: $reason', ({ pod, reason }) => {
    expect(placementOf(plan, pod)).toMatchObject({ status: 'rejected', node: null, reason });
  });
});
