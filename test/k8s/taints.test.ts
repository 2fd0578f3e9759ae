import { describe, expect, it } from 'vitest';
import { findUntoleratedTaint, scheduleBlockingTaint, tolerationTolerates } from '../../src/k8s/taints.ts';
import type { Taint, Toleration } from '../../src/model/k8s.ts';

const gpu: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
const sla: Taint = { key: 'sla', value: '950', effect: 'NoSchedule' };

describe('tolerationTolerates', () => {
  const cases: { name: string; toleration: Toleration; taint: Taint; want: boolean }[] = [
    {
      name: 'Equal with the same key, value and effect',
      toleration: { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      taint: gpu,
      want: true,
    },
    {
      name: 'no operator means Equal',
      toleration: { key: 'dedicated', value: 'gpu' },
      taint: gpu,
      want: true,
    },
    {
      name: 'Equal with another value',
      toleration: { key: 'dedicated', value: 'cpu' },
      taint: gpu,
      want: false,
    },
    {
      name: 'Exists ignores the value',
      toleration: { key: 'dedicated', operator: 'Exists' },
      taint: gpu,
      want: true,
    },
    {
      name: 'an empty key with Exists tolerates every taint',
      toleration: { operator: 'Exists' },
      taint: gpu,
      want: true,
    },
    {
      name: 'another effect does not tolerate',
      toleration: { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
      taint: gpu,
      want: false,
    },
    {
      name: 'an empty effect matches every effect',
      toleration: { key: 'dedicated', operator: 'Exists', effect: '' },
      taint: gpu,
      want: true,
    },
    {
      name: 'Gt tolerates a taint value above the toleration value',
      toleration: { key: 'sla', operator: 'Gt', value: '900' },
      taint: sla,
      want: true,
    },
    {
      name: 'Gt does not tolerate a taint value below it',
      toleration: { key: 'sla', operator: 'Gt', value: '990' },
      taint: sla,
      want: false,
    },
    {
      name: 'Gt does not tolerate an equal value',
      toleration: { key: 'sla', operator: 'Gt', value: '950' },
      taint: sla,
      want: false,
    },
    {
      name: 'Lt tolerates a taint value below the toleration value',
      toleration: { key: 'sla', operator: 'Lt', value: '990' },
      taint: sla,
      want: true,
    },
    {
      name: 'Lt on a taint whose value is not an integer tolerates nothing',
      toleration: { key: 'dedicated', operator: 'Lt', value: '5' },
      taint: gpu,
      want: false,
    },
    {
      name: 'a toleration value with a leading zero is not an integer upstream accepts',
      toleration: { key: 'sla', operator: 'Gt', value: '0900' },
      taint: sla,
      want: false,
    },
  ];
  it.each(cases)('$name', ({ toleration, taint, want }) => {
    expect(tolerationTolerates(toleration, taint)).toBe(want);
  });
});

describe('findUntoleratedTaint', () => {
  const prefer: Taint = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' };
  it('returns the first blocking taint not tolerated, in the node order', () => {
    expect(findUntoleratedTaint([prefer, gpu, sla], [], scheduleBlockingTaint)).toEqual(gpu);
  });
  it('skips tolerated taints', () => {
    expect(
      findUntoleratedTaint([gpu, sla], [{ key: 'dedicated', operator: 'Exists' }], scheduleBlockingTaint),
    ).toEqual(sla);
  });
  it('ignores PreferNoSchedule taints when filtering', () => {
    expect(findUntoleratedTaint([prefer], [], scheduleBlockingTaint)).toBeUndefined();
  });
  it('counts every taint without a filter', () => {
    expect(findUntoleratedTaint([prefer], [])).toEqual(prefer);
  });
});
