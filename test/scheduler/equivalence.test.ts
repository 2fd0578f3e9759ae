import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/model/types.ts';
import {
  type CycleState,
  type NodeInfo,
  type PluginFactory,
  unschedulable,
} from '../../src/scheduler/framework/interfaces.ts';
import { names } from '../../src/scheduler/names.ts';
import { registry } from '../../src/scheduler/registry.ts';
import { simulate } from '../../src/scheduler/simulate.ts';
import { makeCluster, makeNode, makePod } from './builders.ts';

/** A mixed cluster: sizes, zones, taints, a cordoned node, GPU nodes and pods already running. */
function scenario() {
  const nodes = Array.from({ length: 40 }, (_, i) => {
    const b = makeNode()
      .name(`n${String(i).padStart(2, '0')}`)
      .label('zone', `z${i % 3}`)
      .capacity({ cpu: String(2 + (i % 4) * 2), memory: `${4 + (i % 3) * 4}Gi`, pods: 8 + (i % 5) });
    if (i % 7 === 0) b.taint('dedicated', 'gpu', 'NoSchedule').capacity({ 'nvidia.com/gpu': 4 });
    if (i % 9 === 0) b.taint('spot', 'true', 'PreferNoSchedule');
    if (i === 13) b.unschedulable();
    return b.obj();
  });
  const bound = Array.from({ length: 30 }, (_, i) =>
    makePod()
      .name(`old-${i}`)
      .priority(i % 3)
      .req({ cpu: `${250 + (i % 4) * 250}m`, memory: '512Mi' })
      .node(`n${String((i * 7) % 40).padStart(2, '0')}`)
      .obj(),
  );
  const pods: Pod[] = [];
  for (let i = 0; i < 300; i++) {
    const kind = i % 5;
    const b = makePod().name(`p${i}`).label('app', `app${kind}`);
    if (kind === 0) b.req({ cpu: '500m', memory: '1Gi' });
    if (kind === 1)
      b.req({ cpu: '1', memory: '2Gi' }).preferred(5, [{ key: 'zone', operator: 'In', values: ['z1'] }]);
    if (kind === 2)
      b.req({ cpu: '250m', 'nvidia.com/gpu': 1 }).toleration({ key: 'dedicated', operator: 'Exists' });
    if (kind === 3) b.req({ cpu: '2', memory: '1Gi' }).priority(5).nodeSelector({ zone: 'z2' });
    if (kind === 4) b.req({ memory: '256Mi' });
    pods.push(b.obj());
  }
  return { cluster: makeCluster(nodes, bound), pods };
}

describe('equivalence classes', () => {
  for (const scoringStrategy of ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'] as const) {
    it(`reusing results across identical pods gives exactly the plan of evaluating every node (${scoringStrategy})`, () => {
      const { cluster, pods } = scenario();
      const cached = simulate(cluster, pods, { scoringStrategy });
      const naive = simulate(cluster, pods, { scoringStrategy }, { equivalenceCache: false });
      expect(cached.placements.filter((p) => p.status === 'scheduled').length).toBeGreaterThan(100);
      expect(cached.placements.some((p) => p.status === 'unschedulable')).toBe(true);
      expect(cached).toEqual(naive);
    });
  }
});

describe('plugin locality', () => {
  /** A filter that reads every node: a node may take a pod while it holds no more pods than the emptiest node. */
  const emptiest: PluginFactory = (handle) => ({
    name: names.NodePorts,
    filter(_state: CycleState, _pod: Pod, info: NodeInfo) {
      const least = Math.min(...handle.snapshot.nodeInfos.map((n) => n.pods.length));
      return info.pods.length > least ? unschedulable('node(s) held more pods than the emptiest node') : null;
    },
  });

  it('a plugin registered under a built-in node-local name is not cached as node-local unless it says so', () => {
    const nodes = ['a', 'b', 'c'].map((name) =>
      makeNode().name(name).capacity({ cpu: '8', memory: '8Gi' }).obj(),
    );
    const pods = Array.from({ length: 6 }, (_, i) => makePod().name(`p${i}`).label('app', 'web').obj());
    const config = { registry: { ...registry, [names.NodePorts]: emptiest } };
    const cached = simulate(makeCluster(nodes, []), pods, {}, config);
    const naive = simulate(makeCluster(nodes, []), pods, {}, { ...config, equivalenceCache: false });
    expect(naive.placements.map((p) => p.node)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(cached.placements).toEqual(naive.placements);
  });
});
