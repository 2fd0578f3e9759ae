import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { admit, admitAndRecord, createAdmissionState, recordAdmission } from '../../src/admission/index.ts';
import { loadClusterText } from '../../src/cluster/load.ts';
import type { ClusterState, Pod } from '../../src/model/types.ts';
import { makePod } from './builders.ts';

const CORPUS = new URL('../fixtures/corpus/kubernetes__website/content/en/examples/', import.meta.url);
const corpus = (path: string) => readFileSync(new URL(path, CORPUS), 'utf8');
const NODE =
  'apiVersion: v1\nkind: Node\nmetadata: { name: n1 }\nstatus: { allocatable: { cpu: "64", memory: 256Gi } }\n';

function cluster(...docs: string[]): ClusterState {
  const { cluster, diagnostics } = loadClusterText([NODE, ...docs].join('\n---\n'), 'cluster.yaml');
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return cluster;
}

const quota = (name: string, hard: string, spec = '', namespace = 'default') =>
  `apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  hard: ${hard}\n${spec}`;

/** Admits the pods in order, charging each admitted one; returns each decision's reason or 'admitted'. */
function admitInOrder(state: ReturnType<typeof createAdmissionState>, pods: Pod[]): string[] {
  return pods.map((p) => {
    const d = admitAndRecord(p, state);
    return d.allowed ? 'admitted' : d.reason;
  });
}

/** The corpus pod: requests 400m / 600Mi, limits 800m / 800Mi. */
function corpusPod(name: string): Pod {
  const written = corpus('admin/resource/quota-mem-cpu-pod.yaml');
  const container = (/requests: \{\s*memory: "(\w+)",\s*cpu: "(\w+)"/.exec(written) ?? []).slice(1);
  expect(container).toEqual(['600Mi', '400m']);
  return makePod(name)
    .container('quota-mem-cpu-demo-ctr', { memory: '600Mi', cpu: '400m' }, { memory: '800Mi', cpu: '800m' })
    .obj();
}

describe('the corpus quota (requests 1 cpu / 1Gi, limits 2 cpu / 2Gi)', () => {
  it('admits the corpus pod once and rejects a second one on requests.memory, as the docs show', () => {
    const state = createAdmissionState(cluster(corpus('admin/resource/quota-mem-cpu.yaml')));
    expect(admitInOrder(state, [corpusPod('first'), corpusPod('second')])).toEqual([
      'admitted',
      'exceeded quota: mem-cpu-demo, requested: requests.memory=600Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi',
    ]);
  });

  it('rejects the docs second pod of 700Mi with the docs message', () => {
    const state = createAdmissionState(cluster(corpus('admin/resource/quota-mem-cpu.yaml')));
    const second = makePod('quota-mem-cpu-demo-2')
      .container('quota-mem-cpu-demo-2-ctr', { memory: '700Mi', cpu: '400m' }, { memory: '1Gi', cpu: '800m' })
      .obj();
    expect(admitInOrder(state, [corpusPod('first'), second])).toEqual([
      'admitted',
      'exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi',
    ]);
  });

  it('counts running pods of the namespace as used before admitting new ones', () => {
    const running = { ...corpusPod('running'), nodeName: 'n1' };
    const state = createAdmissionState({
      ...cluster(corpus('admin/resource/quota-mem-cpu.yaml')),
      pods: [running],
    });
    expect(admit(corpusPod('new'), state)).toEqual({
      allowed: false,
      reason:
        'exceeded quota: mem-cpu-demo, requested: requests.memory=600Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi',
    });
  });

  it('rejects a pod whose container states no cpu or memory with the must-specify message', () => {
    const state = createAdmissionState(cluster(corpus('admin/resource/quota-mem-cpu.yaml')));
    const pod = makePod('bare').container('app').container('sidecar', { cpu: '100m' }, { cpu: '100m' }).obj();
    expect(admit(pod, state)).toEqual({
      allowed: false,
      reason:
        'failed quota: mem-cpu-demo: must specify limits.cpu for: app; limits.memory for: app,sidecar; requests.cpu for: app; requests.memory for: app,sidecar',
    });
  });

  it('a pod in another namespace is not governed by the quota', () => {
    const state = createAdmissionState(cluster(corpus('admin/resource/quota-mem-cpu.yaml')));
    expect(admit(makePod('bare', 'elsewhere').container('app').obj(), state)).toEqual({ allowed: true });
  });
});

describe('quota admission', () => {
  it.each([
    {
      name: 'several exceeded resources are listed in sorted order, comma-joined',
      quotas: [quota('q', '{ requests.cpu: "1", limits.cpu: "1" }')],
      pods: [makePod('p').container('app', { cpu: '2' }, { cpu: '2' }).obj()],
      want: [
        'exceeded quota: q, requested: limits.cpu=2,requests.cpu=2, used: limits.cpu=0,requests.cpu=0, limited: limits.cpu=1,requests.cpu=1',
      ],
    },
    {
      name: 'plain cpu and memory mean requests',
      quotas: [quota('q', '{ cpu: 500m, memory: 1G }')],
      pods: [
        makePod('p').container('app', { cpu: '300m', memory: '600M' }).obj(),
        makePod('p2').container('app', { cpu: '300m', memory: '300M' }).obj(),
      ],
      want: ['admitted', 'exceeded quota: q, requested: cpu=300m, used: cpu=300m, limited: cpu=500m'],
    },
    {
      name: 'pods counts each pod',
      quotas: [quota('q', '{ pods: "2" }')],
      pods: ['a', 'b', 'c'].map((n) => makePod(n).container('app').obj()),
      want: ['admitted', 'admitted', 'exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2'],
    },
    {
      name: 'count/pods counts each pod too',
      quotas: [quota('q', '{ count/pods: "1" }')],
      pods: ['a', 'b'].map((n) => makePod(n).container('app').obj()),
      want: [
        'admitted',
        'exceeded quota: q, requested: count/pods=1, used: count/pods=1, limited: count/pods=1',
      ],
    },
    {
      name: 'extended resources are limited through requests.<name>',
      quotas: [quota('gpu', '{ requests.nvidia.com/gpu: "1" }')],
      pods: [makePod('train').container('app', { 'nvidia.com/gpu': '2' }, { 'nvidia.com/gpu': '2' }).obj()],
      want: [
        'exceeded quota: gpu, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=0, limited: requests.nvidia.com/gpu=1',
      ],
    },
    {
      name: 'a quota on extended resources does not demand them of every container',
      quotas: [quota('gpu', '{ requests.nvidia.com/gpu: "1" }')],
      pods: [makePod('web').container('app').obj()],
      want: ['admitted'],
    },
    {
      name: 'an init container larger than the app containers is what the pod charges',
      quotas: [quota('q', '{ requests.cpu: "1" }')],
      pods: [makePod('p').container('app', { cpu: '200m' }).init('migrate', { cpu: '1500m' }).obj()],
      want: [
        'exceeded quota: q, requested: requests.cpu=1500m, used: requests.cpu=0, limited: requests.cpu=1',
      ],
    },
    {
      name: 'the first quota by name that rejects the pod is the one named',
      quotas: [quota('b-pods', '{ pods: "0" }'), quota('a-cpu', '{ requests.cpu: 100m }')],
      pods: [makePod('p').container('app', { cpu: '200m' }).obj()],
      want: [
        'exceeded quota: a-cpu, requested: requests.cpu=200m, used: requests.cpu=0, limited: requests.cpu=100m',
      ],
    },
    {
      name: 'a rejected pod uses up nothing',
      quotas: [quota('q', '{ requests.cpu: "1" }')],
      pods: [
        makePod('big').container('app', { cpu: '2' }).obj(),
        makePod('small').container('app', { cpu: '1' }).obj(),
      ],
      want: [
        'exceeded quota: q, requested: requests.cpu=2, used: requests.cpu=0, limited: requests.cpu=1',
        'admitted',
      ],
    },
  ])('$name', ({ quotas, pods, want }) => {
    const state = createAdmissionState(cluster(...quotas));
    expect(admitInOrder(state, pods)).toEqual(want);
  });
});

describe('quota scopes', () => {
  const bestEffort = (n: string) => makePod(n).container('app').obj();
  const burstable = (n: string) => makePod(n).container('app', { cpu: '100m' }).obj();
  const terminating = (n: string) =>
    makePod(n).container('app', { cpu: '100m' }).spec({ activeDeadlineSeconds: 60 }).obj();

  it.each([
    {
      scope: 'BestEffort',
      pods: [bestEffort('a'), burstable('b'), bestEffort('c')],
      want: ['admitted', 'admitted', 'exceeded'],
    },
    {
      scope: 'NotBestEffort',
      pods: [burstable('a'), bestEffort('b'), burstable('c')],
      want: ['admitted', 'admitted', 'exceeded'],
    },
    {
      scope: 'Terminating',
      pods: [terminating('a'), burstable('b'), terminating('c')],
      want: ['admitted', 'admitted', 'exceeded'],
    },
    {
      scope: 'NotTerminating',
      pods: [burstable('a'), terminating('b'), burstable('c')],
      want: ['admitted', 'admitted', 'exceeded'],
    },
  ])('a $scope quota counts only the pods in its scope', ({ scope, pods, want }) => {
    const state = createAdmissionState(cluster(quota('q', '{ pods: "1" }', `  scopes: [${scope}]\n`)));
    expect(admitInOrder(state, pods).map((r) => (r === 'admitted' ? r : 'exceeded'))).toEqual(want);
  });

  it('a PriorityClass scope selector counts the pods of the named classes, the global default included', () => {
    const state = createAdmissionState(
      cluster(
        'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: { name: cluster-services }\nvalue: 1000\nglobalDefault: true\n',
        quota(
          'pods-cluster-services',
          '{ pods: "1" }',
          '  scopeSelector:\n    matchExpressions:\n    - { operator: In, scopeName: PriorityClass, values: [cluster-services] }\n',
        ),
      ),
    );
    const other = makePod('other').container('app').spec({ priorityClassName: 'batch' }).obj();
    expect(admitInOrder(state, [bestEffort('defaulted'), other, bestEffort('second')])).toEqual([
      'admitted',
      'admitted',
      'exceeded quota: pods-cluster-services, requested: pods=1, used: pods=1, limited: pods=1',
    ]);
  });

  it('the corpus PriorityClass quota has no hard limits, so it governs nothing', () => {
    const state = createAdmissionState(cluster(corpus('policy/priority-class-resourcequota.yaml')));
    const pod = makePod('p').container('app').spec({ priorityClassName: 'cluster-services' }).obj();
    expect(admitInOrder(state, [pod, pod])).toEqual(['admitted', 'admitted']);
  });

  it('initial usage counts bound and pending pods of the namespace that fall in the scope', () => {
    const base = cluster(quota('q', '{ pods: "3" }', '  scopes: [NotBestEffort]\n'));
    const state = createAdmissionState({
      ...base,
      pods: [
        { ...burstable('running'), nodeName: 'n1' },
        { ...bestEffort('besteffort'), nodeName: 'n1' },
      ],
      pendingPods: [burstable('pending'), makePod('elsewhere', 'other').container('app', { cpu: '1' }).obj()],
    });
    expect(admitInOrder(state, [burstable('new'), burstable('newer')])).toEqual([
      'admitted',
      'exceeded quota: q, requested: pods=1, used: pods=3, limited: pods=3',
    ]);
  });
});

describe('recording admissions', () => {
  it('admit changes nothing; recordAdmission charges the pod', () => {
    const state = createAdmissionState(cluster(quota('q', '{ pods: "1" }')));
    const pod = makePod('p').container('app').obj();
    expect(admit(pod, state)).toEqual({ allowed: true });
    expect(admit(pod, state)).toEqual({ allowed: true });
    recordAdmission(pod, state);
    expect(admit(pod, state)).toEqual({
      allowed: false,
      reason: 'exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1',
    });
  });
});

describe('the Priority admission plugin', () => {
  it('refuses a pod before any quota is checked, and charges nothing', () => {
    const state = createAdmissionState(cluster(quota('q', '{ pods: "1" }')));
    const refused: Pod = {
      ...makePod('refused').container('app').obj(),
      admissionError: 'no PriorityClass with name x was found',
    };
    expect(admitAndRecord(refused, state)).toEqual({
      allowed: false,
      reason: 'no PriorityClass with name x was found',
    });
    expect(admitAndRecord(makePod('next').container('app').obj(), state)).toEqual({ allowed: true });
  });
});
