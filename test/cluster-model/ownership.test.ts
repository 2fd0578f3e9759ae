import { describe, expect, it } from 'vitest';
import { podsOwnedBy, workloadOfPod } from '../../src/cluster/ownership.ts';
import { emptyCluster } from '../../src/cluster/snapshot.ts';
import type { OwnerReference } from '../../src/model/k8s.ts';
import type { ClusterState, Pod } from '../../src/model/types.ts';

class PodBuilder {
  private readonly pod: Pod;
  constructor(name: string) {
    this.pod = {
      namespace: 'shop',
      name,
      key: `shop/${name}`,
      labels: {},
      annotations: {},
      spec: { containers: [{ name: 'app' }] },
      requests: {},
      limits: {},
      priority: 0,
      nodeName: 'node-1',
    };
  }
  namespace(ns: string): this {
    this.pod.namespace = ns;
    this.pod.key = `${ns}/${this.pod.name}`;
    return this;
  }
  label(key: string, value: string): this {
    this.pod.labels[key] = value;
    return this;
  }
  ownedBy(kind: string, name: string, controller = true): this {
    const ref: OwnerReference = { apiVersion: 'apps/v1', kind, name, controller };
    this.pod.ownerReferences = [...(this.pod.ownerReferences ?? []), ref];
    return this;
  }
  obj(): Pod {
    return this.pod;
  }
}
const makePod = (name: string) => new PodBuilder(name);

function clusterWith(...pods: Pod[]): ClusterState {
  return { ...emptyCluster(), pods };
}

describe('pods a workload owns', () => {
  it.each([
    {
      name: 'a Deployment owns the pods of its ReplicaSets, matched by pod-template-hash',
      pod: makePod('web-5d4f8c7b9-x1')
        .label('pod-template-hash', '5d4f8c7b9')
        .ownedBy('ReplicaSet', 'web-5d4f8c7b9'),
      workload: { kind: 'Deployment', name: 'web' },
      owned: true,
    },
    {
      name: 'a Deployment does not own the pods of a Deployment whose name it prefixes',
      pod: makePod('web-api-6f9-x1').label('pod-template-hash', '6f9').ownedBy('ReplicaSet', 'web-api-6f9'),
      workload: { kind: 'Deployment', name: 'web' },
      owned: false,
    },
    {
      name: 'without a hash label, a ReplicaSet named <deployment>-<hash> still counts',
      pod: makePod('web-7c9d-x1').ownedBy('ReplicaSet', 'web-7c9d'),
      workload: { kind: 'Deployment', name: 'web' },
      owned: true,
    },
    {
      name: 'a StatefulSet owns its pods by name',
      pod: makePod('db-0').ownedBy('StatefulSet', 'db'),
      workload: { kind: 'StatefulSet', name: 'db' },
      owned: true,
    },
    {
      name: 'a DaemonSet does not own pods of a StatefulSet of the same name',
      pod: makePod('agent-0').ownedBy('StatefulSet', 'agent'),
      workload: { kind: 'DaemonSet', name: 'agent' },
      owned: false,
    },
    {
      name: 'a CronJob owns the pods of its scheduled Jobs',
      pod: makePod('backup-28391040-q2').ownedBy('Job', 'backup-28391040'),
      workload: { kind: 'CronJob', name: 'backup' },
      owned: true,
    },
    {
      name: 'a Job owns its pods',
      pod: makePod('migrate-q2').ownedBy('Job', 'migrate'),
      workload: { kind: 'Job', name: 'migrate' },
      owned: true,
    },
    {
      name: 'a ReplicationController owns its pods',
      pod: makePod('legacy-q2').ownedBy('ReplicationController', 'legacy'),
      workload: { kind: 'ReplicationController', name: 'legacy' },
      owned: true,
    },
    {
      name: 'a workload in another namespace owns nothing here',
      pod: makePod('db-0').namespace('other').ownedBy('StatefulSet', 'db'),
      workload: { kind: 'StatefulSet', name: 'db' },
      owned: false,
    },
    {
      name: 'a pod without owner references is matched by the selector',
      pod: makePod('handmade').label('app', 'web'),
      workload: { kind: 'Deployment', name: 'web', selector: { matchLabels: { app: 'web' } } },
      owned: true,
    },
    {
      name: 'a pod with owner references is not taken by a selector alone',
      pod: makePod('other-7c9d-x1').label('app', 'web').ownedBy('ReplicaSet', 'other-7c9d'),
      workload: { kind: 'Deployment', name: 'web', selector: { matchLabels: { app: 'web' } } },
      owned: false,
    },
    {
      name: 'a workload without a selector takes no unowned pods',
      pod: makePod('handmade').label('app', 'web'),
      workload: { kind: 'Deployment', name: 'web' },
      owned: false,
    },
    {
      name: 'a bare Pod owns the cluster pod of the same name',
      pod: makePod('debug'),
      workload: { kind: 'Pod', name: 'debug' },
      owned: true,
    },
  ])('$name', ({ pod, workload, owned }) => {
    const p = pod.obj();
    const found = podsOwnedBy(clusterWith(p), { namespace: 'shop', ...workload });
    expect(found.map((x) => x.key)).toEqual(owned ? [p.key] : []);
  });

  it('includes pending pods after bound ones', () => {
    const bound = makePod('db-0').ownedBy('StatefulSet', 'db').obj();
    const pending = makePod('db-1').ownedBy('StatefulSet', 'db').obj();
    const cluster = { ...clusterWith(bound), pendingPods: [pending] };
    expect(
      podsOwnedBy(cluster, { kind: 'StatefulSet', namespace: 'shop', name: 'db' }).map((p) => p.name),
    ).toEqual(['db-0', 'db-1']);
  });
});

describe('the workload behind a cluster pod', () => {
  it.each<{ labels: Record<string, string>; ref: [string, string]; want: { kind: string; name: string } }>([
    {
      labels: { 'pod-template-hash': '5d4f8c7b9' },
      ref: ['ReplicaSet', 'web-5d4f8c7b9'],
      want: { kind: 'Deployment', name: 'web' },
    },
    { labels: {}, ref: ['ReplicaSet', 'web-5d4f8c7b9'], want: { kind: 'ReplicaSet', name: 'web-5d4f8c7b9' } },
    { labels: {}, ref: ['Job', 'backup-28391040'], want: { kind: 'CronJob', name: 'backup' } },
    { labels: {}, ref: ['Job', 'migrate-2024'], want: { kind: 'Job', name: 'migrate-2024' } },
    { labels: {}, ref: ['StatefulSet', 'db'], want: { kind: 'StatefulSet', name: 'db' } },
  ])('$ref.0 $ref.1 -> $want.kind $want.name', ({ labels, ref, want }) => {
    expect(workloadOfPod(labels, [{ kind: ref[0], name: ref[1], controller: true }])).toEqual(want);
  });

  it('is unknown for a pod without owners', () => {
    expect(workloadOfPod({}, undefined)).toBeUndefined();
  });
});

describe('pods of the custom resources berth reads', () => {
  const withRef = (pod: Pod, ref: OwnerReference): Pod => ({ ...pod, ownerReferences: [ref] });

  it('an Argo Rollout owns its ReplicaSet’s pods, matched by rollouts-pod-template-hash', () => {
    const mine = withRef(makePod('web-6d9f-abcde').label('rollouts-pod-template-hash', '6d9f').obj(), {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'web-6d9f',
      controller: true,
    });
    const other = withRef(makePod('webby-1').label('rollouts-pod-template-hash', '6d9f').obj(), {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: 'webby-6d9f',
      controller: true,
    });
    const owned = podsOwnedBy(clusterWith(mine, other), {
      kind: 'Rollout.argoproj.io',
      namespace: 'shop',
      name: 'web',
    });
    expect(owned.map((p) => p.name)).toEqual(['web-6d9f-abcde']);
  });

  it('a Volcano Job owns the pods that name it, and not those of a batch/v1 Job of the same name', () => {
    const volcano = withRef(makePod('train-worker-0').obj(), {
      apiVersion: 'batch.volcano.sh/v1alpha1',
      kind: 'Job',
      name: 'train',
      controller: true,
    });
    const batch = withRef(makePod('train-x7k2p').obj(), {
      apiVersion: 'batch/v1',
      kind: 'Job',
      name: 'train',
      controller: true,
    });
    const owned = podsOwnedBy(clusterWith(volcano, batch), {
      kind: 'Job.batch.volcano.sh',
      namespace: 'shop',
      name: 'train',
    });
    expect(owned.map((p) => p.name)).toEqual(['train-worker-0']);
  });

  it('a Prometheus owns the pods of its StatefulSets, shards included', () => {
    const sts = (name: string): OwnerReference => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name,
      controller: true,
    });
    const pods = [
      withRef(makePod('prometheus-k8s-0').obj(), sts('prometheus-k8s')),
      withRef(makePod('prometheus-k8s-shard-1-0').obj(), sts('prometheus-k8s-shard-1')),
      withRef(makePod('prometheus-k8s-extra-0').obj(), sts('prometheus-k8s-extra')),
    ];
    const owned = podsOwnedBy(clusterWith(...pods), {
      kind: 'Prometheus.monitoring.coreos.com',
      namespace: 'shop',
      name: 'k8s',
    });
    expect(owned.map((p) => p.name)).toEqual(['prometheus-k8s-0', 'prometheus-k8s-shard-1-0']);
  });
});
