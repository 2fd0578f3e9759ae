import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../../src/model/types.ts';
import { CycleState, NodeInfo, type ScorePlugin } from '../../../src/scheduler/framework/interfaces.ts';
import { NodeAffinity } from '../../../src/scheduler/plugins/node-affinity.ts';
import { TaintToleration } from '../../../src/scheduler/plugins/taint-toleration.ts';
import { makeNode, makePod } from '../builders.ts';

function scoreAll(
  plugin: ScorePlugin & { preScore(s: CycleState, p: Pod): unknown },
  pod: Pod,
  nodes: Node[],
): number[] {
  const state = new CycleState();
  plugin.preScore(state, pod);
  const infos = nodes.map((n) => new NodeInfo(n));
  const scores = new Float64Array(infos.map((i) => plugin.score(state, pod, i)));
  plugin.normalizeScore?.(state, pod, scores, infos);
  return [...scores];
}

describe('TaintToleration filter', () => {
  const plugin = new TaintToleration();
  it.each([
    {
      name: 'a pod without tolerations does not fit a node with a NoSchedule taint',
      node: makeNode().name('n').taint('dedicated', 'user1', 'NoSchedule').obj(),
      pod: makePod().obj(),
      want: ['UnschedulableAndUnresolvable', 'node(s) had untolerated taint(s)'],
    },
    {
      name: 'a pod tolerating the taint fits',
      node: makeNode().name('n').taint('dedicated', 'user1', 'NoSchedule').obj(),
      pod: makePod().toleration({ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }).obj(),
      want: null,
    },
    {
      name: 'a PreferNoSchedule taint never blocks',
      node: makeNode().name('n').taint('foo', 'bar', 'PreferNoSchedule').obj(),
      pod: makePod().obj(),
      want: null,
    },
    {
      name: 'a pod tolerating a different value does not fit',
      node: makeNode().name('n').taint('dedicated', 'user1', 'NoSchedule').obj(),
      pod: makePod().toleration({ key: 'dedicated', value: 'user2', effect: 'NoSchedule' }).obj(),
      want: ['UnschedulableAndUnresolvable', 'node(s) had untolerated taint(s)'],
    },
  ])('$name', ({ node, pod, want }) => {
    const status = plugin.filter(new CycleState(), pod, new NodeInfo(node));
    expect(status ? [status.code, ...status.reasons] : null).toEqual(want);
  });
});

describe('TaintToleration score', () => {
  it('the more intolerable PreferNoSchedule taints a node has, the lower score it gets', () => {
    const nodes = [
      makeNode().name('a').obj(),
      makeNode().name('b').taint('cpu-type', 'arm64', 'PreferNoSchedule').obj(),
      makeNode()
        .name('c')
        .taint('cpu-type', 'arm64', 'PreferNoSchedule')
        .taint('disk-type', 'ssd', 'PreferNoSchedule')
        .obj(),
    ];
    expect(scoreAll(new TaintToleration(), makePod().obj(), nodes)).toEqual([100, 50, 0]);
  });

  it('a tolerated PreferNoSchedule taint does not lower the score', () => {
    const nodes = [
      makeNode().name('a').obj(),
      makeNode().name('b').taint('foo', 'bar', 'PreferNoSchedule').obj(),
    ];
    const pod = makePod()
      .toleration({ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' })
      .obj();
    expect(scoreAll(new TaintToleration(), pod, nodes)).toEqual([100, 100]);
  });

  it('NoSchedule taints do not count in the score', () => {
    const nodes = [makeNode().name('a').obj(), makeNode().name('b').taint('foo', 'bar', 'NoSchedule').obj()];
    expect(scoreAll(new TaintToleration(), makePod().obj(), nodes)).toEqual([100, 100]);
  });
});

describe('NodeAffinity', () => {
  const nodes = [
    makeNode().name('m1').label('foo', 'bar').obj(),
    makeNode().name('m2').label('key', 'value').obj(),
    makeNode().name('m3').label('foo', 'bar').label('key', 'value').label('az', 'az1').obj(),
  ];

  it('the preferred term weights add up and the best node gets 100', () => {
    const pod = makePod()
      .preferred(2, [{ key: 'foo', operator: 'In', values: ['bar'] }])
      .preferred(4, [{ key: 'key', operator: 'In', values: ['value'] }])
      .preferred(5, [{ key: 'az', operator: 'In', values: ['az1'] }])
      .obj();
    // raw 2, 4, 11 -> 100*x/11 = 18, 36, 100
    expect(scoreAll(new NodeAffinity(), pod, nodes)).toEqual([18, 36, 100]);
  });

  it('a pod without preferred terms skips scoring', () => {
    const status = new NodeAffinity().preScore(new CycleState(), makePod().obj());
    expect(status?.code).toBe('Skip');
  });

  it.each([
    {
      name: 'nodeSelector match fits',
      pod: makePod().nodeSelector({ foo: 'bar' }).obj(),
      node: 0,
      fits: true,
    },
    {
      name: 'nodeSelector mismatch is rejected',
      pod: makePod().nodeSelector({ foo: 'baz' }).obj(),
      node: 0,
      fits: false,
    },
    {
      name: 'required In on the label fits',
      pod: makePod().nodeAffinityIn('az', ['az1']).obj(),
      node: 2,
      fits: true,
    },
    {
      name: 'required In elsewhere is rejected',
      pod: makePod().nodeAffinityIn('az', ['az1']).obj(),
      node: 1,
      fits: false,
    },
  ])('$name', ({ pod, node, fits }) => {
    const status = new NodeAffinity().filter(new CycleState(), pod, new NodeInfo(nodes[node] as Node));
    expect(status === null).toBe(fits);
    if (status)
      expect([status.code, ...status.reasons]).toEqual([
        'UnschedulableAndUnresolvable',
        "node(s) didn't match Pod's node affinity/selector",
      ]);
  });

  it('required terms that each pin conflicting node names reject the pod in PreFilter', () => {
    const pod = makePod()
      .requiredTerm(
        [],
        [
          { key: 'metadata.name', operator: 'In', values: ['m1'] },
          { key: 'metadata.name', operator: 'In', values: ['m2'] },
        ],
      )
      .obj();
    const { status } = new NodeAffinity().preFilter(new CycleState(), pod);
    expect(status?.reasons).toEqual(['pod affinity terms conflict']);
  });
});
