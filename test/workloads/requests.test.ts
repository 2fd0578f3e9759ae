import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../src/model/k8s.ts';
import type { ResourceList } from '../../src/model/types.ts';
import { effectiveResources, nonZeroRequests, readPodResources } from '../../src/workloads/requests.ts';
import { container, GI, MI, spec } from './builders.ts';

interface Case {
  name: string;
  spec: PodSpec;
  requests: ResourceList;
  limits?: ResourceList;
}

describe('effective pod requests', () => {
  const cases: Case[] = [
    {
      name: 'app containers are summed',
      spec: spec()
        .app(
          container('a').req({ cpu: '500m', memory: '128Mi' }),
          container('b').req({ cpu: '250m', memory: '64Mi' }),
        )
        .obj(),
      requests: { cpu: 750, memory: 192 * MI },
    },
    {
      name: 'a regular init container larger than the app sum sets the request',
      spec: spec()
        .app(container('app').req({ cpu: '500m' }))
        .init(container('setup').req({ cpu: '1' }))
        .obj(),
      requests: { cpu: 1000 },
    },
    {
      name: 'regular init containers run one at a time, so the largest counts, not their sum',
      spec: spec()
        .app(container('app').req({ cpu: '100m' }))
        .init(container('one').req({ cpu: '1' }), container('two').req({ cpu: '2' }))
        .obj(),
      requests: { cpu: 2000 },
    },
    {
      name: 'a sidecar adds to the long-running sum',
      spec: spec()
        .app(container('app').req({ cpu: '500m', memory: '256Mi' }))
        .init(container('proxy').sidecar().req({ cpu: '100m', memory: '64Mi' }))
        .obj(),
      requests: { cpu: 600, memory: 320 * MI },
    },
    {
      name: 'an init container after a sidecar runs beside it',
      spec: spec()
        .app(container('app').req({ cpu: '200m' }))
        .init(container('proxy').sidecar().req({ cpu: '100m' }), container('migrate').req({ cpu: '1' }))
        .obj(),
      requests: { cpu: 1100 },
    },
    {
      name: 'an init container before a sidecar does not count it',
      spec: spec()
        .app(container('app').req({ cpu: '200m' }))
        .init(container('migrate').req({ cpu: '1' }), container('proxy').sidecar().req({ cpu: '100m' }))
        .obj(),
      requests: { cpu: 1000 },
    },
    {
      // The worked example in src/workloads/requests.ts.
      name: 'the worked example: max(850m, 1000m, 100m, 2100m) + 50m overhead = 2150m',
      spec: spec()
        .app(container('app').req({ cpu: '500m' }), container('metrics').req({ cpu: '250m' }))
        .init(
          container('setup').req({ cpu: '1' }),
          container('proxy').sidecar().req({ cpu: '100m' }),
          container('migrate').req({ cpu: '2' }),
        )
        .overhead({ cpu: '50m' })
        .obj(),
      requests: { cpu: 2150 },
    },
    {
      name: 'pod overhead is added to the requests',
      spec: spec()
        .app(container('app').req({ cpu: '500m', memory: '1Gi' }))
        .overhead({ cpu: '250m', memory: '120Mi' })
        .obj(),
      requests: { cpu: 750, memory: GI + 120 * MI },
    },
    {
      name: 'a container with limits but no requests requests its limits',
      spec: spec()
        .app(container('app').lim({ cpu: '1', memory: '1Gi' }))
        .obj(),
      requests: { cpu: 1000, memory: GI },
      limits: { cpu: 1000, memory: GI },
    },
    {
      name: 'a limit fills in only the request that is missing',
      spec: spec()
        .app(container('app').req({ memory: '256Mi' }).lim({ cpu: '2', memory: '1Gi' }))
        .obj(),
      requests: { cpu: 2000, memory: 256 * MI },
      limits: { cpu: 2000, memory: GI },
    },
    {
      name: 'every quantity is rounded up to a thousandth first, so two 0.1m requests make 2m',
      spec: spec()
        .app(container('a').req({ cpu: '0.1m' }), container('b').req({ cpu: '0.1m' }))
        .obj(),
      requests: { cpu: 2 },
    },
    {
      name: 'fractional bytes are summed before rounding up, so two 1.5-byte requests make 3 bytes',
      spec: spec()
        .app(container('a').req({ memory: '1.5' }), container('b').req({ memory: '1.5' }))
        .obj(),
      requests: { memory: 3 },
    },
    {
      name: 'extended resources are summed like any other',
      spec: spec()
        .app(
          container('a').req({ 'nvidia.com/gpu': 1 }).lim({ 'nvidia.com/gpu': 1 }),
          container('b').lim({ 'nvidia.com/gpu': 2 }),
        )
        .obj(),
      requests: { 'nvidia.com/gpu': 3 },
      limits: { 'nvidia.com/gpu': 3 },
    },
    {
      name: 'pod-level requests replace the container sum for cpu and memory',
      spec: spec()
        .app(container('a').req({ cpu: '500m', memory: '50Mi', 'example.com/dongle': 1 }), container('b'))
        .podResources({ requests: { cpu: '1', memory: '100Mi' }, limits: { cpu: '1', memory: '200Mi' } })
        .obj(),
      requests: { cpu: 1000, memory: 100 * MI, 'example.com/dongle': 1 },
      limits: { cpu: 1000, memory: 200 * MI },
    },
    {
      name: 'pod-level limits alone default pod requests to the container sum, else to the limit',
      spec: spec()
        .app(container('a').req({ cpu: '500m' }))
        .podResources({ limits: { cpu: '1', memory: '200Mi' } })
        .obj(),
      requests: { cpu: 500, memory: 200 * MI },
      limits: { cpu: 1000, memory: 200 * MI },
    },
    {
      name: 'overhead is added to pod-level requests too',
      spec: spec()
        .app(container('a'))
        .podResources({ requests: { cpu: '1' } })
        .overhead({ cpu: '100m' })
        .obj(),
      requests: { cpu: 1100 },
    },
    {
      name: 'a pod that asks for nothing requests nothing',
      spec: spec().app(container('a')).obj(),
      requests: {},
      limits: {},
    },
  ];

  it.each(cases)('$name', ({ spec: podSpec, requests, limits }) => {
    const result = effectiveResources(podSpec);
    expect(result.requests).toEqual(requests);
    if (limits) expect(result.limits).toEqual(limits);
  });
});

describe('effective pod limits', () => {
  it.each([
    {
      name: 'app limits are summed and init limits taken as a maximum',
      spec: spec()
        .app(container('a').lim({ cpu: '1' }), container('b').lim({ cpu: '1' }))
        .init(container('setup').lim({ cpu: '3' }))
        .obj(),
      limits: { cpu: 3000 },
    },
    {
      name: 'overhead is added to a limit that is set, and to no other',
      spec: spec()
        .app(container('a').req({ memory: '1Gi' }).lim({ cpu: '1' }))
        .overhead({ cpu: '250m', memory: '120Mi' })
        .obj(),
      limits: { cpu: 1250 },
    },
  ])('$name', ({ spec: podSpec, limits }) => {
    expect(effectiveResources(podSpec).limits).toEqual(limits);
  });
});

describe('non-zero requests for scoring', () => {
  it.each([
    {
      name: 'a container with no requests counts as 100m and 200Mi',
      spec: spec().app(container('a')).obj(),
      expected: { cpu: 100, memory: 200 * MI },
    },
    {
      name: 'each container without requests gets its own stand-in',
      spec: spec().app(container('a'), container('b')).obj(),
      expected: { cpu: 200, memory: 400 * MI },
    },
    {
      name: 'only the missing resource is filled in',
      spec: spec()
        .app(container('a').req({ cpu: '250m' }))
        .obj(),
      expected: { cpu: 250, memory: 200 * MI },
    },
    {
      name: 'an explicit zero stays zero',
      spec: spec()
        .app(container('a').req({ cpu: '0', memory: '0' }))
        .obj(),
      expected: { cpu: 0, memory: 0 },
    },
    {
      name: 'with pod-level requests the stand-in applies only to a resource requested nowhere',
      spec: spec()
        .app(container('a'))
        .podResources({ requests: { cpu: '1' } })
        .obj(),
      expected: { cpu: 1000, memory: 200 * MI },
    },
  ])('$name', ({ spec: podSpec, expected }) => {
    expect(nonZeroRequests(readPodResources(podSpec))).toEqual(expected);
  });

  it('leaves the requests used for fitting untouched', () => {
    expect(effectiveResources(spec().app(container('a')).obj()).requests).toEqual({});
  });
});
