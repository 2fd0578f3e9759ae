/**
 * Pods that name their node (spec.nodeName) skip kube-scheduler: the node's kubelet
 * admits or rejects them. Expected reasons and messages are upstream's, from
 * pkg/kubelet/lifecycle/predicate.go (v1.37): the pod status reason (`OutOfcpu`, ...)
 * and its message (`Pod was rejected: ...`). The control plane in test/cluster runs
 * kwok's fake kubelets, which do not run admission, so these cases are checked here.
 */

import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/model/types.ts';
import { simulate } from '../../src/scheduler/simulate.ts';
import { makeCluster, makeNode, makePod } from './builders.ts';

const node = (name = 'n1') => makeNode().name(name).capacity({ cpu: '2', memory: '4Gi', pods: 3 });
const pinned = (name: string, cpu = '500m', memory = '256Mi') =>
  makePod().name(name).req({ cpu, memory }).specNodeName('n1');
const running = (name: string, cpu: string) =>
  makePod().name(name).req({ cpu, memory: '1Gi' }).node('n1').obj();

function placementOf(pod: Pod, nodes = [node().obj()], bound: Pod[] = []) {
  const result = simulate(makeCluster(nodes, bound), [pod]);
  return { placement: result.placements[0], result };
}

describe('a pod pinned by spec.nodeName: admitted by the kubelet', () => {
  it.each([
    ['a cordoned node', node().unschedulable().obj()],
    ['a NoSchedule taint it does not tolerate', node().taint('dedicated', 'gpu', 'NoSchedule').obj()],
    ['a PreferNoSchedule taint', node().taint('spot', 'true', 'PreferNoSchedule').obj()],
  ])('runs despite %s, which only the scheduler honours', (_what, n) => {
    const { placement, result } = placementOf(pinned('p').obj(), [n]);
    expect(placement).toMatchObject({ node: 'n1', status: 'scheduled', reason: null });
    expect(result.nodes[0]?.pods).toEqual(['default/p']);
  });

  it('ignores a request for an extended resource the node does not have at all', () => {
    const pod = makePod().name('p').req({ cpu: '100m', 'example.com/fpga': 1 }).specNodeName('n1').obj();
    expect(placementOf(pod).placement).toMatchObject({ node: 'n1', status: 'scheduled' });
  });

  it('counts against the node for the pods scheduled after it', () => {
    const later = makePod().name('later').req({ cpu: '1' }).obj();
    const result = simulate(makeCluster([node('n1').obj(), node('n2').obj()]), [
      pinned('p', '1500m').obj(),
      later,
    ]);
    expect(result.placements.map((p) => [p.pod.name, p.node])).toEqual([
      ['p', 'n1'],
      ['later', 'n2'],
    ]);
  });
});

describe('a pod pinned by spec.nodeName: rejected by the kubelet, first failure only', () => {
  it.each([
    {
      case: 'CPU in use',
      pod: pinned('p', '500m'),
      bound: [running('busy', '2')],
      reason:
        "OutOfcpu: Pod was rejected: Node didn't have enough resource: cpu, requested: 500, used: 2000, capacity: 2000",
    },
    {
      case: 'memory, in bytes',
      pod: pinned('p', '100m', '4Gi'),
      bound: [running('busy', '100m')],
      reason: `OutOfmemory: Pod was rejected: Node didn't have enough resource: memory, requested: ${4 * 2 ** 30}, used: ${2 ** 30}, capacity: ${4 * 2 ** 30}`,
    },
    {
      case: 'the pod count, checked first',
      pod: pinned('p', '3'),
      bound: [running('a', '100m'), running('b', '100m'), running('c', '100m')],
      reason:
        "OutOfpods: Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3",
    },
    {
      case: 'an extended resource the node has too few of',
      pod: makePod().name('p').req({ cpu: '100m', 'nvidia.com/gpu': 2 }).specNodeName('n1'),
      nodes: [node().capacity({ 'nvidia.com/gpu': 1 }).obj()],
      reason:
        "OutOfnvidia.com/gpu: Pod was rejected: Node didn't have enough resource: nvidia.com/gpu, requested: 2, used: 0, capacity: 1",
    },
    {
      case: 'a nodeSelector the node does not match, after resources',
      pod: pinned('p').nodeSelector({ disk: 'ssd' }),
      reason:
        "NodeAffinity: Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    },
    {
      case: 'a NoExecute taint it does not tolerate',
      pod: pinned('p'),
      nodes: [node().taint('maintenance', 'true', 'NoExecute').obj()],
      reason:
        'TaintToleration: Pod was rejected: Predicate TaintToleration failed: node(s) had untolerated taint(s)',
    },
  ])('$case', ({ pod, bound, nodes, reason }) => {
    const { placement, result } = placementOf(pod.obj(), nodes, bound);
    expect(placement).toMatchObject({ node: null, status: 'unschedulable', reason });
    // Nothing is evicted for it: the scheduler, which preempts, never sees it.
    expect(result.evictions).toEqual([]);
  });

  it('reports resources before node affinity when both fail', () => {
    const pod = pinned('p', '3').nodeSelector({ disk: 'ssd' }).obj();
    expect(placementOf(pod).placement?.reason).toMatch(/^OutOfcpu: /);
  });

  it('rejects a host port already taken on the node', () => {
    const withPort = (name: string) => {
      const pod = pinned(name, '100m').obj();
      pod.spec.containers = [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }];
      return pod;
    };
    const result = simulate(makeCluster([node().obj()]), [withPort('first'), withPort('second')]);
    expect(result.placements.map((p) => p.reason)).toEqual([
      null,
      "NodePorts: Pod was rejected: Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports",
    ]);
  });

  it('tolerated NoExecute taints let it in', () => {
    const pod = pinned('p').toleration({ key: 'maintenance', operator: 'Exists', effect: 'NoExecute' }).obj();
    const n = node().taint('maintenance', 'true', 'NoExecute').obj();
    expect(placementOf(pod, [n]).placement).toMatchObject({ node: 'n1', status: 'scheduled' });
  });

  it('does not preempt lower-priority pods to make room', () => {
    const pod = pinned('p', '1').priority(1000).obj();
    const low = makePod().name('low').req({ cpu: '2' }).priority(0).node('n1').obj();
    const { placement, result } = placementOf(pod, [node().obj()], [low]);
    expect(placement?.reason).toMatch(/^OutOfcpu: Pod was rejected/);
    expect(result.evictions).toEqual([]);
  });
});

describe('a pod pinned to a node while it still has scheduling gates', () => {
  it('is refused by the API server, as its validation does on create', () => {
    const pod = pinned('p').schedulingGates('example.com/approval').obj();
    expect(placementOf(pod).placement).toMatchObject({
      node: null,
      status: 'rejected',
      reason:
        'Pod "p" is invalid: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared',
    });
  });
});

describe('a pod pinned to a node the cluster does not have', () => {
  it('never starts, and says so', () => {
    const pod = makePod().name('p').req({ cpu: '100m' }).specNodeName('gone').obj();
    expect(placementOf(pod).placement).toMatchObject({
      node: null,
      status: 'unschedulable',
      reason:
        'spec.nodeName is "gone", a node the cluster does not have: the pod never starts and is deleted by the pod garbage collector (PodGC: node no longer exists)',
    });
  });
});
