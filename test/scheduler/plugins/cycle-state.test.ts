import { describe, expect, it } from 'vitest';
import { CycleState, NodeInfo } from '../../../src/scheduler/framework/interfaces.ts';
import { InterPodAffinity } from '../../../src/scheduler/plugins/inter-pod-affinity.ts';
import { NodeAffinity } from '../../../src/scheduler/plugins/node-affinity.ts';
import { NodePorts } from '../../../src/scheduler/plugins/node-ports.ts';
import { NodeResourcesFit } from '../../../src/scheduler/plugins/node-resources-fit.ts';
import { PodTopologySpread } from '../../../src/scheduler/plugins/pod-topology-spread.ts';
import { makeNode, makePod } from '../builders.ts';
import { harness, preferred, selectorIn, spread, term } from './harness.ts';

const node = makeNode().name('n1').label('zone', 'a').capacity({ cpu: '1', memory: '1Gi' }).obj();
const h = harness([node]);

describe('a Filter whose PreFilter state is missing', () => {
  it.each([
    ['NodePorts', new NodePorts()],
    ['NodeResourcesFit', new NodeResourcesFit()],
    ['InterPodAffinity', new InterPodAffinity(h.handle)],
    ['PodTopologySpread', new PodTopologySpread(h.handle)],
  ])('%s fails the node with an error naming the state, instead of letting it pass', (name, plugin) => {
    const status = plugin.filter(new CycleState(), makePod().req({ cpu: '8' }).obj(), new NodeInfo(node));
    expect(status?.code).toBe('Error');
    expect(status?.message()).toBe(`error reading "PreFilter${name}" from cycleState: not found`);
  });
});

describe('a Score whose PreScore did not run', () => {
  it('NodeAffinity scores the preferred terms of the pod, as after PreScore', () => {
    const pod = makePod()
      .preferred(7, [{ key: 'zone', operator: 'In', values: ['a'] }])
      .obj();
    const plugin = new NodeAffinity();
    const info = new NodeInfo(node);
    const scored = new CycleState();
    plugin.preScore(scored, pod);
    expect(plugin.score(new CycleState(), pod, info)).toBe(plugin.score(scored, pod, info));
    expect(plugin.score(new CycleState(), pod, info)).toBe(7);
  });
});

describe('a Score that counts pods on other nodes, whose PreScore did not run', () => {
  // An existing app=web pod in zone a, and a pod that prefers it (affinity) or spreads from it (spread).
  const web = makePod().name('web').label('app', 'web').node('n1').obj();
  const counted = harness([node], [web]);
  const info = counted.handle.snapshot.nodeInfos[0] as NodeInfo;
  const incoming = makePod().name('p').label('app', 'web').obj();
  it.each([
    [
      'InterPodAffinity',
      new InterPodAffinity(counted.handle),
      preferred(incoming, 'affinity', 5, term(selectorIn('app', ['web']), 'zone')),
    ],
    [
      'PodTopologySpread',
      new PodTopologySpread(counted.handle),
      spread(structuredClone(incoming), 1, 'zone', 'ScheduleAnyway', selectorIn('app', ['web'])),
    ],
  ])('%s scores every node 0 and NormalizeScore reports the missing state', (name, plugin, pod) => {
    const scored = new CycleState();
    plugin.preFilter(scored, pod);
    expect(plugin.preScore(scored, pod, [info])).toBeNull();
    expect(plugin.score(scored, pod, info)).toBeGreaterThan(0);

    const missing = new CycleState();
    plugin.preFilter(missing, pod);
    expect(plugin.score(missing, pod, info)).toBe(0);
    const batch = new Float64Array([7]);
    plugin.scoreNodes(missing, pod, [info], batch);
    expect([...batch]).toEqual([0]);
    const status = plugin.normalizeScore(missing, pod, batch, [info]);
    expect(status?.code).toBe('Error');
    expect(status?.message()).toBe(`error reading "PreScore${name}" from cycleState: not found`);
  });
});
