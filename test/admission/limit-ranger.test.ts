import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { admit, admitAndRecord, createAdmissionState } from '../../src/admission/index.ts';
import { loadClusterText } from '../../src/cluster/load.ts';
import type { ClusterState } from '../../src/model/types.ts';
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

const limitRange = (items: string) =>
  `apiVersion: v1\nkind: LimitRange\nmetadata: { name: lr }\nspec:\n  limits:\n${items}`;

/** The corpus LimitRange: per container min 100m / 99Mi, max 800m / 1Gi, defaults 700m / 900Mi, requests 110m / 111Mi. */
const corpusLimits = () => cluster(corpus('admin/resource/limit-mem-cpu-container.yaml'));

describe('LimitRanger with the corpus Container limits', () => {
  it.each([
    {
      name: 'a container with nothing set gets the defaults, which fit',
      pod: makePod('p').container('app'),
      want: undefined,
    },
    {
      name: 'a limit above max is rejected; the request defaults to the limit',
      pod: makePod('p').container('app', undefined, { cpu: '1' }),
      want: 'maximum cpu usage per Container is 800m, but limit is 1',
    },
    {
      name: 'a request below min is rejected',
      pod: makePod('p').container('app', { cpu: '50m' }, { cpu: '500m' }),
      want: 'minimum cpu usage per Container is 100m, but request is 50m',
    },
    {
      name: 'a request above max with a limit within it is rejected on the request',
      pod: makePod('p').container('app', { memory: '1100Mi' }, { memory: '1Gi' }),
      want: 'maximum memory usage per Container is 1Gi, but request is 1100Mi',
    },
    {
      name: 'several violations are bracketed, min before max',
      pod: makePod('p').container('app', { memory: '50Mi' }, { cpu: '1' }),
      want: '[minimum memory usage per Container is 99Mi, but request is 50Mi, maximum cpu usage per Container is 800m, but limit is 1]',
    },
    {
      name: 'init containers are held to the same limits',
      pod: makePod('p').container('app').init('setup', undefined, { memory: '2Gi' }),
      want: 'maximum memory usage per Container is 1Gi, but limit is 2Gi',
    },
    {
      name: 'the same violation in two containers is said once',
      pod: makePod('p').container('a', undefined, { cpu: '1' }).container('b', undefined, { cpu: '1' }),
      want: 'maximum cpu usage per Container is 800m, but limit is 1',
    },
  ])('$name', ({ pod, want }) => {
    const decision = admit(pod.obj(), createAdmissionState(corpusLimits()));
    expect(decision).toEqual(want === undefined ? { allowed: true } : { allowed: false, reason: want });
  });
});

describe('LimitRanger', () => {
  it.each([
    {
      name: 'a max alone also sets the default limit, so a container without a limit passes',
      items: '  - type: Container\n    max: { memory: 1Gi }\n    default: {}\n',
      pod: makePod('p').container('app', { memory: '100Mi' }),
      want: undefined,
    },
    {
      name: 'a limit to request ratio above the maximum',
      items: '  - type: Container\n    maxLimitRequestRatio: { cpu: "2" }\n',
      pod: makePod('p').container('app', { cpu: '100m' }, { cpu: '500m' }),
      want: 'cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000',
    },
    {
      name: 'a ratio with no limit',
      items: '  - type: Container\n    maxLimitRequestRatio: { memory: "1.5" }\n',
      pod: makePod('p').container('app', { memory: '1Gi' }),
      want: 'memory max limit to request ratio per Container is 1500m, but no limit is specified or limit is 0',
    },
    {
      name: 'a Pod maximum applies to the containers summed',
      items: '  - type: Pod\n    max: { cpu: 800m }\n',
      pod: makePod('p')
        .container('a', { cpu: '500m' }, { cpu: '500m' })
        .container('b', { cpu: '500m' }, { cpu: '500m' }),
      want: 'maximum cpu usage per Pod is 800m, but limit is 1',
    },
    {
      name: 'a Pod maximum needs a limit',
      items: '  - type: Pod\n    max: { cpu: "2" }\n',
      pod: makePod('p').container('a', { cpu: '500m' }),
      want: 'maximum cpu usage per Pod is 2.  No limit is specified',
    },
    {
      name: 'a Pod minimum needs a request',
      items: '  - type: Pod\n    min: { memory: 64Mi }\n',
      pod: makePod('p').container('a'),
      want: 'minimum memory usage per Pod is 64Mi.  No request is specified',
    },
  ])('$name', ({ items, pod, want }) => {
    const decision = admit(pod.obj(), createAdmissionState(cluster(limitRange(items))));
    expect(decision).toEqual(want === undefined ? { allowed: true } : { allowed: false, reason: want });
  });

  it('rejects on the LimitRange before the quota is looked at', () => {
    const state = createAdmissionState(
      cluster(
        corpus('admin/resource/limit-mem-cpu-container.yaml'),
        'apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: q }\nspec: { hard: { pods: "0" } }\n',
      ),
    );
    expect(admit(makePod('p').container('app', undefined, { cpu: '1' }).obj(), state)).toEqual({
      allowed: false,
      reason: 'maximum cpu usage per Container is 800m, but limit is 1',
    });
  });

  it('LimitRange defaults satisfy a quota that demands cpu and memory, and are charged', () => {
    const state = createAdmissionState(
      cluster(
        corpus('admin/resource/limit-mem-cpu-container.yaml'),
        corpus('admin/resource/quota-mem-cpu.yaml'),
      ),
    );
    // Defaults: requests 110m / 111Mi, limits 700m / 900Mi. Two pods fit in limits of
    // 2 cpu / 2Gi; a third would use 2100m and 2700Mi.
    const reasons = ['a', 'b', 'c'].map((n) => {
      const d = admitAndRecord(makePod(n).container('app').obj(), state);
      return d.allowed ? 'admitted' : d.reason;
    });
    expect(reasons).toEqual([
      'admitted',
      'admitted',
      'exceeded quota: mem-cpu-demo, requested: limits.cpu=700m,limits.memory=900Mi, used: limits.cpu=1400m,limits.memory=1800Mi, limited: limits.cpu=2,limits.memory=2Gi',
    ]);
  });
});
