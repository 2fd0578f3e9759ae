/**
 * What a pod asks for, as the cluster computes it: DaemonSets on a tainted pool,
 * extended resources, init and sidecar containers, and LimitRange defaults under a
 * quota. Clusters and arithmetic: test/fixtures/scenarios/{daemonset-gpu,init-sidecar,limit-range,non-zero-requests}/.
 */

import { describe, expect, it } from 'vitest';
import { placementOf, placements, planScenario } from './scenario.ts';

const MI = 2 ** 20;

describe('DaemonSets and a GPU Deployment on a tainted GPU pool', () => {
  const { plan, errors } = planScenario('daemonset-gpu');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('runs each daemon only on the nodes it tolerates and selects, and one trainer on the one GPU', () => {
    expect(placements(plan)).toEqual({
      'monitoring/node-exporter-general-1': 'general-1',
      'monitoring/node-exporter-general-2': 'general-2',
      'kube-system/gpu-device-plugin-gpu-1': 'gpu-1',
      'ml/trainer-1': 'gpu-1',
      'ml/trainer-2': null,
    });
  });

  it('says the second trainer lacks a GPU everywhere, and memory on the general nodes', () => {
    // general-1/2: no nvidia.com/gpu at all, and 8Gi - 64Mi (node-exporter) < 8Gi.
    // gpu-1: its one GPU is taken by trainer-1. Preemption: the general nodes can never
    // offer a GPU (not helpful); trainer-1 has the same priority (no victims).
    const trainer2 = placementOf(plan, 'ml/trainer-2');
    expect(trainer2.reason).toBe(
      '0/3 nodes are available: 2 Insufficient memory, 3 Insufficient nvidia.com/gpu. ' +
        'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    );
    expect(trainer2.nodeReasons).toEqual({
      'general-1': ['Insufficient memory', 'Insufficient nvidia.com/gpu'],
      'general-2': ['Insufficient memory', 'Insufficient nvidia.com/gpu'],
      'gpu-1': ['Insufficient nvidia.com/gpu'],
    });
  });

  it('counts the GPU in the node table', () => {
    const gpu = plan.nodes.find((n) => n.name === 'gpu-1');
    expect(gpu?.requested.after).toMatchObject({ 'nvidia.com/gpu': 1, cpu: 2050 });
  });
});

describe('init and sidecar containers on a node with 1500m free', () => {
  const { plan, errors } = planScenario('init-sidecar');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it.each([
    // max(app 1000m, init 1600m)
    { pod: 'default/migrate-first', cpu: 1600, node: null },
    // app 1000m + sidecar 600m
    { pod: 'default/big-sidecar', cpu: 1600, node: null },
    // max(app 1000m + sidecar 200m, init 1200m + sidecar 200m started before it)
    { pod: 'default/sequenced', cpu: 1400, node: 'small-1' },
    // app 1000m + sidecar 400m, but sequenced left only 100m
    { pod: 'default/small-sidecar', cpu: 1400, node: null },
  ])('$pod requests $cpu millicores and lands on $node', ({ pod, cpu, node }) => {
    const placement = placementOf(plan, pod);
    expect(placement.requests.cpu).toBe(cpu);
    expect(placement.node).toBe(node);
    if (node === null) {
      expect(placement.reason).toBe(
        '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
      );
    }
  });

  it('leaves the node at 500m + 1400m = 1900m requested', () => {
    expect(plan.nodes[0]?.requested.after.cpu).toBe(1900);
  });
});

describe('LimitRange defaults under a memory-limits quota', () => {
  const { plan, errors } = planScenario('limit-range');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('places the pods the defaults let fit and admits those the quota allows', () => {
    expect(placements(plan)).toEqual({
      'team/api': 'node-1',
      'team/worker': null,
      'team/small': 'node-1',
      'free/report': 'node-1',
      'tight/report': null,
      'tight/greedy': null,
    });
  });

  it('gives a pod without resources its namespace’s default request', () => {
    expect(placementOf(plan, 'team/api').requests.memory).toBe(600 * MI);
    expect(placementOf(plan, 'free/report').requests.memory).toBeUndefined();
    expect(placementOf(plan, 'tight/report').requests.memory).toBe(600 * MI);
  });

  it('prints the defaulted limit as the LimitRange writes it in the quota message', () => {
    // api was charged its default limit of 900Mi; worker's 900Mi more would make 1800Mi.
    expect(placementOf(plan, 'team/worker')).toMatchObject({
      status: 'rejected',
      reason:
        'exceeded quota: team-memory, requested: limits.memory=900Mi, used: limits.memory=900Mi, limited: limits.memory=1500Mi',
    });
  });

  it('says the defaulted request does not fit what is left', () => {
    // 1024Mi free - 600Mi (api) - 300Mi (small) - 0 (free/report) = 124Mi < 600Mi.
    expect(placementOf(plan, 'tight/report')).toMatchObject({
      status: 'unschedulable',
      reason:
        '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    });
  });

  it('rejects a limit above the namespace maximum with LimitRanger’s message', () => {
    expect(placementOf(plan, 'tight/greedy')).toMatchObject({
      status: 'rejected',
      reason: 'maximum memory usage per Container is 1Gi, but limit is 2Gi',
    });
  });
});

describe('non-zero requests for scoring, container by container', () => {
  const { plan, errors } = planScenario('non-zero-requests');

  it('loads without errors', () => {
    expect(errors).toEqual([]);
  });

  it('counts the stand-ins of each container that requests nothing, so the node with the four-container pod scores as fuller', () => {
    expect(placementOf(plan, 'default/next').node).toBe('nz-single');
  });
});
