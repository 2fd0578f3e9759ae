/**
 * Real manifests from test/fixtures/corpus expanded to pods, checked against figures worked
 * out by hand from the files (each figure's arithmetic is in its test).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../src/manifests/load.ts';
import type { Node } from '../src/model/types.ts';
import { type ExpandContext, expandWorkloads } from '../src/workloads/expand.ts';
import { nonZeroRequests, readPodResources } from '../src/workloads/requests.ts';
import { GI, MI, node } from './workloads/builders.ts';

const corpus = path.resolve(import.meta.dirname, 'fixtures', 'corpus');
const website = path.join(corpus, 'kubernetes__website', 'content', 'en', 'examples');

const nodes: Node[] = [
  node('worker-1').obj(),
  node('gpu-1').labels({ pool: 'gpu' }).taint('dedicated', 'gpu', 'NoSchedule').obj(),
  node('master-1').taint('node-role.kubernetes.io/master', undefined, 'NoSchedule').obj(),
];
const ctx: ExpandContext = { nodes, limitRanges: [], priorityClasses: [] };

/** One file planned on its own, as a user would plan it. */
async function expandFile(...parts: string[]) {
  const loaded = await loadManifests([path.join(...parts)]);
  expect(loaded.diagnostics).toEqual([]);
  return expandWorkloads(loaded.objects, ctx);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

describe('the whole corpus', () => {
  it('loads and expands every file without a crash, every pod with sane amounts', async () => {
    const loaded = await loadManifests([corpus]);
    const { workloads, pods, diagnostics } = expandWorkloads(loaded.objects, ctx);
    expect(workloads.length).toBeGreaterThan(30);
    expect(pods.length).toBeGreaterThan(workloads.length);
    for (const pod of pods) {
      for (const amount of [...Object.values(pod.requests), ...Object.values(pod.limits)]) {
        expect(Number.isSafeInteger(amount) && amount >= 0).toBe(true);
      }
    }
    // The one schema-invalid pod: required node affinity written as a list of weighted terms.
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        file: expect.stringContaining('pod-with-node-affinity.yaml'),
        line: 8,
        code: 'invalid-field',
        message:
          'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution must be a mapping, not a list',
      }),
    );
    expect(pods.some((p) => p.name === 'with-node-affinity')).toBe(false);
  });
});

describe('corpus figures worked out by hand', () => {
  it('Online Boutique: 12 pods requesting 1570m CPU and 1368Mi in all', async () => {
    const { workloads, pods } = await expandFile(
      corpus,
      'GoogleCloudPlatform__microservices-demo',
      'release',
      'kubernetes-manifests.yaml',
    );
    expect(workloads).toHaveLength(12);
    expect(pods).toHaveLength(12);
    // cpu: 8 services × 100m (email, checkout, recommendation, frontend, payment,
    // productcatalog, currency, shipping) + cartservice 200m + loadgenerator 300m + redis-cart 70m + adservice 200m
    expect(sum(pods.map((p) => p.requests.cpu ?? 0))).toBe(8 * 100 + 200 + 300 + 70 + 200);
    // memory: 8 × 64Mi (email, checkout, frontend, payment, productcatalog, cart, currency,
    // shipping) + recommendation 220Mi + loadgenerator 256Mi + redis-cart 200Mi + adservice 180Mi
    expect(sum(pods.map((p) => p.requests.memory ?? 0))).toBe((8 * 64 + 220 + 256 + 200 + 180) * MI);
    // loadgenerator's init container asks for nothing, so its app container decides.
    expect(pods.find((p) => p.name === 'loadgenerator-1')?.requests).toEqual({ cpu: 300, memory: 256 * MI });
  });

  it('the zookeeper StatefulSet: zk-0, zk-1, zk-2 with 0.5 CPU and 1Gi each', async () => {
    const { pods } = await expandFile(website, 'application', 'zookeeper', 'zookeeper.yaml');
    expect(pods.map((p) => [p.name, p.requests])).toEqual([
      ['zk-0', { cpu: 500, memory: GI }],
      ['zk-1', { cpu: 500, memory: GI }],
      ['zk-2', { cpu: 500, memory: GI }],
    ]);
  });

  it('web.yaml: the StatefulSet makes web-0 and web-1', async () => {
    const { pods } = await expandFile(website, 'application', 'web', 'web.yaml');
    expect(pods.map((p) => p.key)).toEqual(['default/web-0', 'default/web-1']);
  });

  it('kube-prometheus node-exporter runs on every node, the tainted ones included (it tolerates everything)', async () => {
    const { pods } = await expandFile(
      corpus,
      'prometheus-operator__kube-prometheus',
      'manifests',
      'nodeExporter-daemonset.yaml',
    );
    expect(pods.map((p) => p.name)).toEqual([
      'node-exporter-gpu-1',
      'node-exporter-master-1',
      'node-exporter-worker-1',
    ]);
    for (const pod of pods) {
      expect(pod.namespace).toBe('monitoring');
      // node-exporter 102m/180Mi + kube-rbac-proxy 10m/20Mi
      expect(pod.requests).toEqual({ cpu: 112, memory: 200 * MI });
      expect(pod.priority).toBe(2000000000);
    }
  });

  it('the website daemonset.yaml tolerates only the master taint, so it skips the dedicated=gpu node', async () => {
    const { pods } = await expandFile(website, 'controllers', 'daemonset.yaml');
    expect(pods.map((p) => p.key)).toEqual([
      'kube-system/fluentd-elasticsearch-master-1',
      'kube-system/fluentd-elasticsearch-worker-1',
    ]);
    expect(pods[0]?.requests).toEqual({ cpu: 100, memory: 200 * MI });
  });

  it.each([
    ['application/job/job-sidecar.yaml', 'myjob-1'],
    ['application/deployment-sidecar.yaml', 'myapp-1'],
  ])('%s: one pod whose sidecar keeps running beside the app container', async (file, name) => {
    const { pods } = await expandFile(website, file);
    expect(pods.map((p) => p.name)).toEqual([name]);
    const pod = pods[0]!;
    expect(pod.spec.initContainers?.[0]?.restartPolicy).toBe('Always');
    // Neither container asks for anything: 0 to fit, and for scoring 100m + 200Mi for
    // each of the two long-running containers (app and sidecar).
    expect(pod.requests).toEqual({});
    expect(nonZeroRequests(readPodResources(pod.spec))).toEqual({ cpu: 200, memory: 400 * MI });
  });

  it('extended-resource-pod asks for 3 dongles', async () => {
    const { pods } = await expandFile(website, 'pods', 'resource', 'extended-resource-pod.yaml');
    expect(pods[0]?.requests).toEqual({ 'example.com/dongle': 3 });
    expect(pods[0]?.limits).toEqual({ 'example.com/dongle': 3 });
  });

  it('pod-level-resources: the pod-level requests (1 CPU, 100Mi) replace the containers’ 0.5 CPU and 50Mi', async () => {
    const { pods } = await expandFile(website, 'pods', 'resource', 'pod-level-resources.yaml');
    expect(pods[0]?.requests).toEqual({ cpu: 1000, memory: 100 * MI });
    expect(pods[0]?.limits).toEqual({ cpu: 1000, memory: 200 * MI });
  });

  it('cpu-request-limit: "0.5" CPU reads as 500m', async () => {
    const { pods } = await expandFile(website, 'pods', 'resource', 'cpu-request-limit.yaml');
    expect(pods[0]?.requests.cpu).toBe(500);
    expect(pods[0]?.limits.cpu).toBe(1000);
  });

  it('indexed-job: parallelism 3 capped by nothing smaller (completions 5) gives 3 pods', async () => {
    const { pods } = await expandFile(website, 'application', 'job', 'indexed-job.yaml');
    expect(pods.map((p) => p.name)).toEqual(['indexed-job-1', 'indexed-job-2', 'indexed-job-3']);
  });

  it('the LimitRange example defaults a bare container to 110m / 111Mi with limits 700m / 900Mi', async () => {
    const limitRange = await loadManifests([
      path.join(website, 'admin', 'resource', 'limit-mem-cpu-container.yaml'),
    ]);
    const deployment = await loadManifests([
      path.join(website, 'admin', 'resource', 'quota-pod-deployment.yaml'),
    ]);
    const { pods } = expandWorkloads([...limitRange.objects, ...deployment.objects], ctx);
    expect(pods).toHaveLength(3);
    expect(pods[0]?.requests).toEqual({ cpu: 110, memory: 111 * MI });
    expect(pods[0]?.limits).toEqual({ cpu: 700, memory: 900 * MI });
  });
});
