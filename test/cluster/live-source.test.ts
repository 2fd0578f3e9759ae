import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiextensionsV1Api,
  CustomObjectsApi,
  NodeV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readLiveCluster, readLiveObjects, writeSnapshot } from '../../src/cluster/live.ts';
import { loadClusterFile } from '../../src/cluster/load.ts';
import { BerthError } from '../../src/model/diagnostics.ts';
import {
  type Clients,
  clients,
  createFakeNodes,
  createNamespace,
  deleteFakeNodes,
  deleteNamespace,
  until,
  waitForRunning,
} from './kube.ts';

const NS = 'live-source';
let c: Clients;
let dir: string;

/** A kubeconfig for a service account of NS, with a token from the TokenRequest API. */
async function serviceAccountKubeconfig(name: string): Promise<string> {
  await c.core.createNamespacedServiceAccount({ namespace: NS, body: { metadata: { name } } });
  const { status } = await c.core.createNamespacedServiceAccountToken({
    namespace: NS,
    name,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = c.kc.getCurrentCluster();
  const file = join(dir, `${name}.kubeconfig`);
  await writeFile(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'c', cluster: { server: cluster?.server, 'certificate-authority': cluster?.caFile } },
      ],
      users: [{ name, user: { token: status?.token } }],
      contexts: [{ name, context: { cluster: 'c', user: name } }],
      'current-context': name,
    }),
  );
  return file;
}

async function allowList(name: string, rules: { apiGroups: string[]; resources: string[] }[]): Promise<void> {
  const rbac = c.kc.makeApiClient(RbacAuthorizationV1Api);
  await rbac.createClusterRole({
    body: {
      metadata: { name: `berth-test-${name}` },
      rules: rules.map((r) => ({ ...r, verbs: ['get', 'list'] })),
    },
  });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name: `berth-test-${name}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `berth-test-${name}` },
      subjects: [{ kind: 'ServiceAccount', name, namespace: NS }],
    },
  });
}

const EVERYTHING = [
  { apiGroups: [''], resources: ['nodes', 'pods', 'namespaces', 'resourcequotas', 'limitranges'] },
  { apiGroups: ['scheduling.k8s.io'], resources: ['priorityclasses'] },
  { apiGroups: ['node.k8s.io'], resources: ['runtimeclasses'] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'] },
];

beforeAll(async () => {
  c = clients(inject('kubeconfig'));
  dir = await mkdtemp(join(tmpdir(), 'berth-live-source-'));
  await createFakeNodes(c, [
    { name: 'live-1', cpu: '4', memory: '8Gi', labels: { 'topology.kubernetes.io/zone': 'zone-a' } },
    {
      name: 'live-2',
      cpu: '2',
      memory: '4Gi',
      taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }],
    },
    { name: 'live-3' },
    { name: 'live-4' },
    { name: 'live-5' },
  ]);
  await createNamespace(c, NS, { team: 'platform' });
  await c.scheduling.createPriorityClass({ body: { metadata: { name: 'live-high' }, value: 5000 } });
  await c.kc.makeApiClient(NodeV1Api).createRuntimeClass({
    body: { metadata: { name: 'live-gvisor' }, handler: 'runsc', overhead: { podFixed: { cpu: '250m' } } },
  });
  await c.core.createNamespacedResourceQuota({
    namespace: NS,
    body: { metadata: { name: 'q' }, spec: { hard: { 'requests.cpu': '10' } } },
  });
  await c.core.createNamespacedLimitRange({
    namespace: NS,
    body: {
      metadata: { name: 'lr' },
      spec: { limits: [{ type: 'Container', defaultRequest: { cpu: '50m' } }] },
    },
  });
  await c.policy.createNamespacedPodDisruptionBudget({
    namespace: NS,
    body: { metadata: { name: 'pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
  });
  await c.core.createNamespacedPod({
    namespace: NS,
    body: {
      metadata: { name: 'web-0', labels: { app: 'web' } },
      spec: {
        nodeName: 'live-1',
        priorityClassName: 'live-high',
        runtimeClassName: 'live-gvisor',
        containers: [
          {
            name: 'app',
            image: 'registry.k8s.io/pause:3.10',
            resources: { requests: { cpu: '1500m', memory: '1Gi' } },
          },
        ],
      },
    },
  });
  await waitForRunning(c, NS);
});

afterAll(async () => {
  await deleteNamespace(c, NS);
  await c.scheduling.deletePriorityClass({ name: 'live-high' }).catch(() => undefined);
  await c.kc
    .makeApiClient(NodeV1Api)
    .deleteRuntimeClass({ name: 'live-gvisor' })
    .catch(() => undefined);
  const rbac = c.kc.makeApiClient(RbacAuthorizationV1Api);
  for (const name of ['reader', 'no-pdb', 'no-nodes']) {
    await rbac.deleteClusterRole({ name: `berth-test-${name}` }).catch(() => undefined);
    await rbac.deleteClusterRoleBinding({ name: `berth-test-${name}` }).catch(() => undefined);
  }
  await deleteFakeNodes(c);
  await rm(dir, { recursive: true, force: true });
});

describe('reading a live cluster', () => {
  it('turns nodes, pods, quotas, limit ranges, priority and runtime classes, PDBs and namespaces into the cluster model', async () => {
    const { cluster, diagnostics } = await readLiveCluster({ kubeconfig: c.kubeconfig });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const live1 = cluster.nodes.find((n) => n.name === 'live-1');
    expect(live1?.allocatable).toMatchObject({ cpu: 4000, memory: 8 * 1024 ** 3, pods: 110 });
    expect(live1?.labels['topology.kubernetes.io/zone']).toBe('zone-a');
    expect(cluster.nodes.find((n) => n.name === 'live-2')?.taints).toEqual([
      { key: 'dedicated', value: 'batch', effect: 'NoSchedule' },
    ]);
    const web = cluster.pods.find((p) => p.key === `${NS}/web-0`);
    expect(web).toMatchObject({
      nodeName: 'live-1',
      priority: 5000,
      // The RuntimeClass plugin gave the pod its class's 250m overhead when it was created.
      requests: { cpu: 1750, memory: 1024 ** 3 },
    });
    expect(cluster.quotas.find((q) => q.namespace === NS)?.hard).toMatchObject({ 'requests.cpu': 10_000 });
    expect(cluster.limitRanges.find((l) => l.namespace === NS)?.name).toBe('lr');
    expect(cluster.priorityClasses.find((p) => p.name === 'live-high')?.value).toBe(5000);
    expect(cluster.runtimeClasses?.find((r) => r.name === 'live-gvisor')).toEqual({
      name: 'live-gvisor',
      handler: 'runsc',
      overhead: { cpu: '250m' },
    });
    expect(cluster.pdbs.find((p) => p.namespace === NS)).toMatchObject({ name: 'pdb', minAvailable: 1 });
    expect(cluster.namespaces[NS]).toMatchObject({ team: 'platform' });
  });

  it('pages through lists the API server splits, with nothing lost', async () => {
    const paged = await readLiveObjects({ kubeconfig: c.kubeconfig, pageSize: 2 });
    const whole = await readLiveObjects({ kubeconfig: c.kubeconfig, pageSize: 500 });
    // Only this test's objects: namespaces other test files deleted may still be going away between the reads.
    const names = (objects: typeof paged.objects) =>
      objects
        .filter((o) => o.metadata.namespace === NS || (o.kind === 'Namespace' && o.metadata.name === NS))
        .map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(paged.objects.filter((o) => o.kind === 'Node').length).toBeGreaterThanOrEqual(5);
    // More than one page of size 2 of them.
    expect(names(paged.objects).length).toBeGreaterThan(4);
    expect(names(paged.objects)).toEqual(names(whole.objects));
  });

  it('needs nothing but get and list: a service account with only those reads the whole cluster', async () => {
    await allowList('reader', EVERYTHING);
    const kubeconfig = await serviceAccountKubeconfig('reader');
    const read = await readLiveCluster({ kubeconfig });
    expect(read.diagnostics).toEqual([]);
    expect(read.cluster.nodes.map((n) => n.name)).toEqual(
      expect.arrayContaining(['live-1', 'live-2', 'live-3']),
    );
  });

  it('a kind RBAC does not allow becomes a warning, and the plan still has nodes and pods', async () => {
    await allowList('no-pdb', EVERYTHING.slice(0, 3));
    const kubeconfig = await serviceAccountKubeconfig('no-pdb');
    const read = await readLiveCluster({ kubeconfig });
    expect(read.diagnostics.map((d) => d.message)).toEqual([
      'context no-pdb may not list poddisruptionbudgets at cluster scope (403 Forbidden): poddisruptionbudgets.policy is forbidden: User "system:serviceaccount:live-source:no-pdb" cannot list resource "poddisruptionbudgets" in API group "policy" at the cluster scope; planning without poddisruptionbudgets',
    ]);
    expect(read.cluster.pods.some((p) => p.key === `${NS}/web-0`)).toBe(true);
  });

  it('a token the API server rejects fails with a message that does not contain it', async () => {
    const kubeconfig = join(dir, 'bad-token.kubeconfig');
    const token = 'berth-test-token-that-is-wrong-0123456789abcdef';
    const cluster = c.kc.getCurrentCluster();
    await writeFile(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          { name: 'c', cluster: { server: cluster?.server, 'certificate-authority': cluster?.caFile } },
        ],
        users: [{ name: 'u', user: { token } }],
        contexts: [{ name: 'bad', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'bad',
      }),
    );
    const error = await readLiveCluster({ kubeconfig }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    const message = (error as BerthError).message;
    expect(message).toBe(
      `the API server at ${new URL(cluster?.server ?? '').host} rejected the credentials of context bad (401 Unauthorized)`,
    );
    expect(message).not.toContain(token);
  });

  it('a snapshot written from a live read loads back to the same cluster', async () => {
    const read = await readLiveCluster({ kubeconfig: c.kubeconfig });
    const file = join(dir, 'snapshot.yaml');
    await writeSnapshot(file, read.objects);
    const loaded = await loadClusterFile(file, { scope: { root: dir } });
    expect(loaded.cluster.nodes).toEqual(read.cluster.nodes);
    expect(loaded.cluster.pods.map((p) => [p.key, p.nodeName, p.requests])).toEqual(
      read.cluster.pods.map((p) => [p.key, p.nodeName, p.requests]),
    );
    expect(loaded.cluster.quotas).toEqual(read.cluster.quotas);
    expect(loaded.cluster.priorityClasses).toEqual(read.cluster.priorityClasses);
  });
});

describe("Kueue's queues on a live cluster", () => {
  const crd = (kind: string, plural: string, scope: 'Cluster' | 'Namespaced') => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.kueue.x-k8s.io` },
    spec: {
      group: 'kueue.x-k8s.io',
      scope,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      // Served only in the older version, as Kueue releases before v1beta2 serve them.
      versions: [
        {
          name: 'v1beta1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      ],
    },
  });
  const custom = () => c.kc.makeApiClient(CustomObjectsApi);
  const extensions = () => c.kc.makeApiClient(ApiextensionsV1Api);

  afterAll(async () => {
    for (const name of ['clusterqueues.kueue.x-k8s.io', 'localqueues.kueue.x-k8s.io'])
      await extensions()
        .deleteCustomResourceDefinition({ name })
        .catch(() => undefined);
  });

  it('a cluster without Kueue is read without a word about it', async () => {
    const read = await readLiveCluster({ kubeconfig: c.kubeconfig });
    expect(read.cluster.kueueQueues ?? []).toEqual([]);
    expect(read.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/queue/i);
  });

  it('reads ClusterQueues and LocalQueues where Kueue serves them (in its older API version too), and a snapshot keeps them', async () => {
    await extensions().createCustomResourceDefinition({
      body: crd('ClusterQueue', 'clusterqueues', 'Cluster'),
    });
    await extensions().createCustomResourceDefinition({
      body: crd('LocalQueue', 'localqueues', 'Namespaced'),
    });
    const queue = {
      apiVersion: 'kueue.x-k8s.io/v1beta1',
      kind: 'ClusterQueue',
      metadata: { name: 'team-queue' },
      spec: {
        namespaceSelector: {},
        resourceGroups: [
          {
            coveredResources: ['cpu'],
            flavors: [{ name: 'default-flavor', resources: [{ name: 'cpu', nominalQuota: 2 }] }],
          },
        ],
      },
    };
    await until('the Kueue definitions to be served', async () => {
      try {
        await custom().createClusterCustomObject({
          group: 'kueue.x-k8s.io',
          version: 'v1beta1',
          plural: 'clusterqueues',
          body: queue,
        });
        return true;
      } catch {
        return undefined;
      }
    });
    await custom().createNamespacedCustomObject({
      group: 'kueue.x-k8s.io',
      version: 'v1beta1',
      namespace: NS,
      plural: 'localqueues',
      body: {
        apiVersion: 'kueue.x-k8s.io/v1beta1',
        kind: 'LocalQueue',
        metadata: { name: 'team', namespace: NS },
        spec: { clusterQueue: 'team-queue' },
      },
    });

    const read = await readLiveCluster({ kubeconfig: c.kubeconfig });
    expect(read.diagnostics.map((d) => d.message).join('\n')).not.toMatch(/queue/i);
    const queues = (read.cluster.kueueQueues ?? []).map((q) => [
      q.apiVersion,
      q.kind,
      `${q.metadata.namespace ?? ''}/${q.metadata.name}`,
    ]);
    expect(queues.sort()).toEqual([
      ['kueue.x-k8s.io/v1beta1', 'ClusterQueue', '/team-queue'],
      ['kueue.x-k8s.io/v1beta1', 'LocalQueue', `${NS}/team`],
    ]);

    const file = join(dir, 'kueue-snapshot.yaml');
    await writeSnapshot(file, read.objects);
    const loaded = await loadClusterFile(file, { scope: { root: dir } });
    expect((loaded.cluster.kueueQueues ?? []).map((q) => q.metadata.name).sort()).toEqual([
      'team',
      'team-queue',
    ]);
  });
});
