import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/manifests/index.ts';
import type { LoadResult } from '../../src/model/types.ts';
import { corpusDir } from './builders.ts';

/** Reading the whole corpus takes a second or more on a busy machine; a guard against a hang only. */
const SLOW = 60_000;

function kinds(result: LoadResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const object of result.objects) counts[object.kind] = (counts[object.kind] ?? 0) + 1;
  return counts;
}

describe('the shared corpus of real manifests', () => {
  it(
    'loads every file in it without throwing, with a diagnostic for each file that is broken on purpose',
    async () => {
      const result = await loadManifests([corpusDir]);
      const problems = result.diagnostics
        .map((d) => [path.basename(d.file), d.line, d.code, d.severity])
        .sort();
      expect(problems).toEqual(
        [
          // Two kwok samples define the same Node, so the second is reported.
          ['fake-node.yaml', 1, 'duplicate-object', 'error'],
          // Go-template placeholders are not a valid name.
          ['tas-node.yaml', 4, 'invalid-field', 'error'],
          ['node-default.yaml', 4, 'missing-field', 'warning'],
          ['node-with-taint.yaml', 4, 'missing-field', 'warning'],
          // The website's examples reuse the Pod names nginx and mypod across files.
          ['pod-nginx-required-affinity.yaml', 3, 'duplicate-object', 'error'],
          ['pod-nginx-specific-node.yaml', 3, 'duplicate-object', 'error'],
          ['pod-nginx.yaml', 3, 'duplicate-object', 'error'],
          ['pod-with-toleration.yaml', 3, 'duplicate-object', 'error'],
          ['one-constraint.yaml', 3, 'duplicate-object', 'error'],
          ['two-constraints.yaml', 3, 'duplicate-object', 'error'],
          ['duplicate_property.yaml', 16, 'yaml-duplicate-key', 'error'],
          ['missing_apiversion.yaml', 1, 'missing-field', 'error'],
        ].sort(),
      );
      expect(result.objects.length).toBe(83);
    },
    SLOW,
  );

  const files: { name: string; file: string; expected: Record<string, number> }[] = [
    {
      name: 'Online Boutique has 12 Deployments and 12 Services',
      file: 'GoogleCloudPlatform__microservices-demo/release/kubernetes-manifests.yaml',
      expected: { Deployment: 12, Service: 12 },
    },
    {
      name: 'Bookinfo has 6 Deployments, 4 Services and 4 ServiceAccounts',
      file: 'istio__istio/samples/bookinfo/platform/kube/bookinfo.yaml',
      expected: { Deployment: 6, Service: 4, ServiceAccount: 4 },
    },
    {
      name: 'the ZooKeeper example has a StatefulSet, its PodDisruptionBudget and 2 Services',
      file: 'kubernetes__website/content/en/examples/application/zookeeper/zookeeper.yaml',
      expected: { Service: 2, PodDisruptionBudget: 1, StatefulSet: 1 },
    },
    {
      name: 'the kube-prometheus Prometheus custom resource is carried as an object',
      file: 'prometheus-operator__kube-prometheus/manifests/prometheus-prometheus.yaml',
      expected: { Prometheus: 1 },
    },
    {
      name: 'the flow-style website Pod is read like block style',
      file: 'kubernetes__website/content/en/examples/pods/pod-nginx.yaml',
      expected: { Pod: 1 },
    },
  ];
  it.each(files)('$name', async ({ file, expected }) => {
    const result = await loadManifests([path.join(corpusDir, file)]);
    expect(result.diagnostics).toEqual([]);
    expect(kinds(result)).toEqual(expected);
  });

  it('keeps the names of the Online Boutique Deployments in file order', async () => {
    const result = await loadManifests([
      path.join(corpusDir, 'GoogleCloudPlatform__microservices-demo/release/kubernetes-manifests.yaml'),
    ]);
    const deployments = result.objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
    expect(deployments).toEqual([
      'emailservice',
      'checkoutservice',
      'recommendationservice',
      'frontend',
      'paymentservice',
      'productcatalogservice',
      'cartservice',
      'loadgenerator',
      'currencyservice',
      'shippingservice',
      'redis-cart',
      'adservice',
    ]);
  });
});
