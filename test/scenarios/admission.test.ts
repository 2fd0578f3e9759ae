/**
 * What the API server decides before the scheduler sees a pod: quotas scoped to a
 * PriorityClass (named, or the global default), the must-specify rule, and LimitRange
 * defaults, minimum, maximum and ratio, and the Priority plugin's refusals. Clusters and
 * arithmetic: test/fixtures/scenarios/{quota-scopes,admission-mix,priority-admission,
 * default-class-in-change}/.
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

describe('LimitRange defaults, minimum, maximum and ratio, with quotas on the defaulted amounts', () => {
  const { plan, errors } = planScenario('admission-mix');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('schedules the two pods the API server admits', () => {
    expect(plan.placements.filter((p) => p.status === 'scheduled').map((p) => [p.pod, p.node])).toEqual([
      ['plain', 'roomy-1'],
      ['with-init', 'roomy-1'],
    ]);
  });

  it.each([
    {
      // The request copied from the 1Gi limit prints as the limit is written.
      pod: 'mix/limit-only',
      reason:
        'exceeded quota: mix-quota, requested: requests.memory=1Gi, used: requests.memory=256Mi, limited: requests.memory=1Gi',
    },
    {
      pod: 'mix/ratio',
      reason: 'cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000',
    },
    { pod: 'mix/tiny', reason: 'minimum memory usage per Container is 64Mi, but request is 32Mi' },
    { pod: 'mix/big-pod', reason: 'maximum memory usage per Pod is 1Gi, but limit is 1200Mi' },
    {
      // plain and with-init took the two pods of the global default class.
      pod: 'mix/third-standard',
      reason: 'exceeded quota: standard-only, requested: pods=1, used: pods=2, limited: pods=2',
    },
  ])('$pod is rejected: $reason', ({ pod, reason }) => {
    expect(placementOf(plan, pod)).toMatchObject({ status: 'rejected', node: null, reason });
  });

  it('charges with-init its init container’s 512Mi, the larger of init and app', () => {
    expect(placementOf(plan, 'mix/with-init').requests.memory).toBe(512 * 2 ** 20);
  });
});

describe('the Priority admission plugin: classes, stated priorities and preemption policies', () => {
  const { plan, errors } = planScenario('priority-admission');

  it('points at the missing class in the manifest', () => {
    expect(errors.map((d) => [d.line, d.message])).toEqual([
      [13, 'no PriorityClass with name hihg was found'],
    ]);
  });

  it('schedules the pods whose stated values agree with their class', () => {
    expect(plan.placements.filter((p) => p.status === 'scheduled').map((p) => p.pod)).toEqual([
      'agreeing',
      'never-class',
    ]);
  });

  it.each([
    { pod: 'default/typo', reason: 'no PriorityClass with name hihg was found' },
    {
      pod: 'default/stated',
      reason:
        'the integer value of priority (1000) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name',
    },
    {
      pod: 'default/never-direct',
      reason:
        'the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name',
    },
  ])('$pod is rejected: $reason', ({ pod, reason }) => {
    expect(placementOf(plan, pod)).toMatchObject({ status: 'rejected', node: null, reason });
  });
});

describe('a quota scoped to a default class that comes with the change', () => {
  const { plan, errors } = planScenario('default-class-in-change');

  it('counts the pods the new default class is given to', () => {
    expect(errors).toEqual([]);
    expect(placements(plan)).toEqual({ 'default/first': 'node-1', 'default/second': null });
    expect(placementOf(plan, 'default/second').reason).toBe(
      'exceeded quota: standard-pods, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });
});
