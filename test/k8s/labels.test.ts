import { describe, expect, it } from 'vitest';
import { labelSelectorMatches, selectorFromMap } from '../../src/k8s/labels.ts';
import type { LabelSelector } from '../../src/model/k8s.ts';

const labels = { app: 'web', tier: 'front' };

describe('labelSelectorMatches', () => {
  const cases: { name: string; selector: LabelSelector | undefined | null; want: boolean }[] = [
    { name: 'a nil selector matches nothing', selector: undefined, want: false },
    { name: 'a null selector matches nothing', selector: null, want: false },
    { name: 'an empty selector matches everything', selector: {}, want: true },
    { name: 'matchLabels all present match', selector: { matchLabels: { app: 'web' } }, want: true },
    {
      name: 'a matchLabels value that differs does not match',
      selector: { matchLabels: { app: 'db' } },
      want: false,
    },
    {
      name: 'In matches a listed value',
      selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['back', 'front'] }] },
      want: true,
    },
    {
      name: 'NotIn matches when the label is absent',
      selector: { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] },
      want: true,
    },
    {
      name: 'NotIn fails on a listed value',
      selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
      want: false,
    },
    {
      name: 'Exists needs the key',
      selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
      want: true,
    },
    {
      name: 'DoesNotExist fails when the key is there',
      selector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] },
      want: false,
    },
    {
      name: 'an In requirement without values is invalid and matches nothing',
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
      want: false,
    },
    {
      name: 'matchLabels and matchExpressions are ANDed',
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }],
      },
      want: false,
    },
  ];
  it.each(cases)('$name', ({ selector, want }) => {
    expect(labelSelectorMatches(selector, labels)).toBe(want);
  });

  it('a selector built from a map selects pods carrying those labels', () => {
    expect(labelSelectorMatches(selectorFromMap({ app: 'web' }), labels)).toBe(true);
    expect(labelSelectorMatches(selectorFromMap({ app: 'db' }), labels)).toBe(false);
  });
});
