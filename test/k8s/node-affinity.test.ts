import { describe, expect, it } from 'vitest';
import { nodeSelectorTermsMatch, podMatchesNodeSelectorAndAffinity } from '../../src/k8s/node-affinity.ts';
import type { NodeSelectorTerm, PodSpec } from '../../src/model/k8s.ts';
import { makeNode } from '../scheduler/builders.ts';

const node = makeNode().name('node-1').label('zone', 'a').label('cores', '16').obj();

describe('nodeSelectorTermsMatch', () => {
  const cases: { name: string; terms: NodeSelectorTerm[]; want: boolean }[] = [
    { name: 'an empty list of terms selects nothing', terms: [], want: false },
    { name: 'an empty term selects nothing', terms: [{}], want: false },
    {
      name: 'In on a matching label',
      terms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
      want: true,
    },
    {
      name: 'terms are ORed',
      terms: [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
        { matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
      ],
      want: true,
    },
    {
      name: 'requirements inside a term are ANDed',
      terms: [
        {
          matchExpressions: [
            { key: 'zone', operator: 'In', values: ['a'] },
            { key: 'gpu', operator: 'Exists' },
          ],
        },
      ],
      want: false,
    },
    {
      name: 'Gt compares integers',
      terms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }],
      want: true,
    },
    {
      name: 'Lt compares integers',
      terms: [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['8'] }] }],
      want: false,
    },
    {
      name: 'Gt on a label that is not an integer does not match',
      terms: [{ matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] }],
      want: false,
    },
    {
      name: 'Gt with a value that is not an integer makes the term invalid',
      terms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['x'] }] }],
      want: false,
    },
    {
      name: 'DoesNotExist on an absent label',
      terms: [{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }],
      want: true,
    },
    {
      name: 'matchFields metadata.name selects the node by name',
      terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }],
      want: true,
    },
    {
      name: 'matchFields on another name does not match',
      terms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }],
      want: false,
    },
    {
      name: 'matchFields on a field other than metadata.name is invalid',
      terms: [{ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['node-1'] }] }],
      want: false,
    },
  ];
  it.each(cases)('$name', ({ terms, want }) => {
    expect(nodeSelectorTermsMatch(terms, node)).toBe(want);
  });
});

describe('podMatchesNodeSelectorAndAffinity', () => {
  const cases: { name: string; spec: PodSpec; want: boolean }[] = [
    { name: 'a pod with neither matches every node', spec: {}, want: true },
    { name: 'nodeSelector alone', spec: { nodeSelector: { zone: 'a' } }, want: true },
    {
      name: 'nodeSelector and required affinity must both hold',
      spec: {
        nodeSelector: { zone: 'a' },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }],
            },
          },
        },
      },
      want: false,
    },
    {
      name: 'required affinity with an empty list of terms matches nothing',
      spec: {
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } },
        },
      },
      want: false,
    },
  ];
  it.each(cases)('$name', ({ spec, want }) => {
    expect(podMatchesNodeSelectorAndAffinity(spec, node)).toBe(want);
  });
});
