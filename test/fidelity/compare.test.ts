import { describe, expect, it } from 'vitest';
import { compareOutcomes, type Outcome, parseReasons } from './compare.ts';

describe('parseReasons', () => {
  const cases: { name: string; message: string; expected: ReturnType<typeof parseReasons> }[] = [
    {
      name: 'reads each count and reason of the first sentence',
      message: '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint(s).',
      expected: {
        nodes: 3,
        reasons: { 'Insufficient cpu': 1, 'node(s) had untolerated taint(s)': 2 },
      },
    },
    {
      name: 'ignores the preemption sentence, which berth and upstream word differently',
      message:
        '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      expected: { nodes: 1, reasons: { 'Insufficient cpu': 1 } },
    },
    {
      name: 'is undefined for other messages',
      message: 'pod has unbound immediate PersistentVolumeClaims',
      expected: undefined,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(parseReasons(c.message)).toEqual(c.expected);
    });
  }
});

describe('compareOutcomes', () => {
  const scheduled = (group: string, node: string): Outcome => ({
    group,
    pod: `${group}-x`,
    status: 'scheduled',
    node,
  });
  const unschedulable = (group: string, message: string): Outcome => ({
    group,
    pod: group,
    status: 'unschedulable',
    message,
  });

  it('reasons in a different order still agree', () => {
    const real = [unschedulable('p', '0/3 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.')];
    const berth = [unschedulable('p', '0/3 nodes are available: 2 Insufficient memory, 1 Insufficient cpu.')];
    expect(compareOutcomes(real, berth, true)).toMatchObject({ compared: 1, agreeing: 1, disagreements: [] });
  });

  it('different reason counts disagree', () => {
    const real = [unschedulable('p', '0/3 nodes are available: 3 Insufficient cpu.')];
    const berth = [unschedulable('p', '0/3 nodes are available: 2 Insufficient cpu, 1 Insufficient memory.')];
    expect(compareOutcomes(real, berth, true)).toMatchObject({ compared: 1, agreeing: 0 });
  });

  it('pods of one workload are matched as a multiset of nodes', () => {
    const real = [scheduled('web', 'a'), scheduled('web', 'b'), scheduled('web', 'b')];
    const berth = [scheduled('web', 'b'), scheduled('web', 'a'), scheduled('web', 'a')];
    expect(compareOutcomes(real, berth, true)).toMatchObject({ compared: 3, agreeing: 2 });
    expect(compareOutcomes(real, berth, false)).toMatchObject({ compared: 3, agreeing: 3 });
  });

  it('a pod only one side has counts as a disagreement', () => {
    const result = compareOutcomes([scheduled('a', 'n')], [], true);
    expect(result).toMatchObject({ compared: 1, agreeing: 0 });
    expect(result.disagreements).toEqual([{ group: 'a', real: ['scheduled on n'], berth: [] }]);
  });
});
