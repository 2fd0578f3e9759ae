import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/model/types.ts';
import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  type MaybeStatus,
  type NodeInfo,
  type ScorePlugin,
  unschedulable,
} from '../../src/scheduler/framework/interfaces.ts';
import { defaultProfile } from '../../src/scheduler/profile.ts';
import { registry } from '../../src/scheduler/registry.ts';
import { simulate } from '../../src/scheduler/simulate.ts';
import { makeCluster, makeNode, makePod } from './builders.ts';

const ZONE = 'zone';
const CROWDED = 'zone crowded';

/**
 * A plugin that is not node-local: a node's answer depends on every pod in its zone.
 * Filter: a zone holding `limit` pods or more takes no more. Score: emptier zones first.
 */
class ZoneCrowding implements FilterPlugin, ScorePlugin {
  readonly name = 'ZoneCrowding';
  protected readonly handle: Handle;
  protected readonly limit: number;
  calls = { filter: 0, filterNodes: 0, score: 0, scoreNodes: 0 };

  constructor(handle: Handle, limit: number) {
    this.handle = handle;
    this.limit = limit;
  }

  protected podsInZone(zone: string | undefined): number {
    let n = 0;
    for (const info of this.handle.snapshot.nodeInfos)
      if (info.node.labels[ZONE] === zone) n += info.pods.length;
    return n;
  }

  filter(_state: CycleState, _pod: Pod, nodeInfo: NodeInfo): MaybeStatus {
    this.calls.filter++;
    return this.podsInZone(nodeInfo.node.labels[ZONE]) >= this.limit ? unschedulable(CROWDED) : null;
  }

  score(_state: CycleState, _pod: Pod, nodeInfo: NodeInfo): number {
    this.calls.score++;
    return 100 - this.podsInZone(nodeInfo.node.labels[ZONE]);
  }
}

/** The same plugin with batch forms, computing each zone's count once per call. */
class BatchedZoneCrowding extends ZoneCrowding {
  private zoneCounts(): Map<string | undefined, number> {
    const counts = new Map<string | undefined, number>();
    for (const info of this.handle.snapshot.nodeInfos) {
      const zone = info.node.labels[ZONE];
      counts.set(zone, (counts.get(zone) ?? 0) + info.pods.length);
    }
    return counts;
  }

  filterNodes(
    _state: CycleState,
    _pod: Pod,
    nodes: readonly NodeInfo[],
    count: number,
    statuses: MaybeStatus[],
  ) {
    this.calls.filterNodes++;
    const counts = this.zoneCounts();
    for (let i = 0; i < count; i++) {
      const zone = (nodes[i] as NodeInfo).node.labels[ZONE];
      statuses[i] = (counts.get(zone) ?? 0) >= this.limit ? unschedulable(CROWDED) : null;
    }
  }

  scoreNodes(_state: CycleState, _pod: Pod, nodes: readonly NodeInfo[], scores: Float64Array) {
    this.calls.scoreNodes++;
    const counts = this.zoneCounts();
    nodes.forEach((info, i) => {
      scores[i] = 100 - (counts.get(info.node.labels[ZONE]) ?? 0);
    });
  }
}

function scenario() {
  const nodes = Array.from({ length: 12 }, (_, i) =>
    makeNode()
      .name(`n${String(i).padStart(2, '0')}`)
      .label(ZONE, `z${i % 3}`)
      .capacity({ cpu: '4', memory: '8Gi', pods: 10 })
      .obj(),
  );
  const pods = Array.from({ length: 40 }, (_, i) =>
    makePod()
      .name(`p${i}`)
      .req({ cpu: i % 2 === 0 ? '500m' : '1', memory: '1Gi' })
      .obj(),
  );
  return { cluster: makeCluster(nodes), pods };
}

function run(batched: boolean, equivalenceCache: boolean, position: 'first' | 'last' = 'last') {
  let plugin: ZoneCrowding | undefined;
  const { cluster, pods } = scenario();
  const result = simulate(
    cluster,
    pods,
    {},
    {
      equivalenceCache,
      profile: {
        plugins:
          position === 'last'
            ? [...defaultProfile.plugins, { name: 'ZoneCrowding', weight: 3 }]
            : [{ name: 'ZoneCrowding', weight: 3 }, ...defaultProfile.plugins],
      },
      registry: {
        ...registry,
        ZoneCrowding: (handle) => {
          plugin = batched ? new BatchedZoneCrowding(handle, 12) : new ZoneCrowding(handle, 12);
          return plugin;
        },
      },
    },
  );
  return { result, calls: (plugin as ZoneCrowding).calls };
}

describe('batch forms of Filter and Score', () => {
  it.each([
    ['after the node-local filters', 'last'],
    ['before every other filter, so no filter result is cached', 'first'],
  ] as const)('give the plan the per-node forms give, with the plugin %s', (_name, position) => {
    const reference = run(false, false, position);
    const perNode = run(false, true, position);
    const batched = run(true, true, position);
    // Zones fill to 12 pods each, so the last 4 pods fit nowhere, rejected by ZoneCrowding.
    expect(reference.result.placements.filter((p) => p.status === 'unschedulable')).toHaveLength(4);
    expect(reference.result.placements.at(-1)?.reason).toMatch(
      /^0\/12 nodes are available: 12 zone crowded\./,
    );
    expect(perNode.result).toEqual(reference.result);
    expect(batched.result).toEqual(reference.result);
    expect(batched.calls.filterNodes).toBeGreaterThan(0);
    expect(batched.calls.scoreNodes).toBeGreaterThan(0);
    expect(batched.calls.filter + batched.calls.score).toBe(0);
  });
});
