/**
 * `berth apply` against the real API server: staged server-side apply, health
 * on kwok nodes, the ApplySet inventory and pruning, conflicts, dry-run
 * failures, admission denials, a connection cut midway, and Secret masking.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applySetId } from '../../src/apply/applyset.ts';
import type { ApplyResult, ObjectResult } from '../../src/apply/types.ts';
import { type ApplyOptions, runApply } from '../../src/cluster/apply.ts';
import { type ApiResource, KubeWriter } from '../../src/cluster/writer.ts';
import { parseManifests } from '../../src/manifests/parse.ts';
import { ensureKubectl } from '../../tools/control-plane/build.ts';
import {
  type Clients,
  clients,
  createFakeNodes,
  createNamespace,
  deleteFakeNodes,
  deleteNamespace,
  until,
} from './kube.ts';
import { installPolicy, VAP } from './policy.ts';

const run = promisify(execFile);

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
    const third = await apply(`${CRD}---\n${WORKLOADS}`, { applySet: 'core' });
    expect(new Set(Object.values(outcomes(third)))).toEqual(new Set(['unchanged']));

    // Another tool applies the same value: ownership is shared, applying again would change nothing.
    await new KubeWriter({ kubeconfig }).apply(
      { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: NS },
        spec: { replicas: 2 },
      },
      { dryRun: false, force: true, fieldManager: 'another-tool' },
    );
    expect(
      outcomes(await apply(`${CRD}---\n${WORKLOADS}`, { applySet: 'core' }))[`Deployment/${NS}/web`],
    ).toBe('unchanged');
    // Someone edits a value berth applied: the next run sees it, as a conflict with the editor.
    await c.core.patchNamespacedConfigMap(
      {
        name: 'settings',
        namespace: NS,
        fieldManager: 'kubectl-edit',
        body: [{ op: 'replace', path: '/data/mode', value: 'slow' }],
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    const drifted = await apply(`${CRD}---\n${WORKLOADS}`, { applySet: 'core' });
    expect(drifted.objects.find((o) => o.name === 'settings')).toMatchObject({
      outcome: 'failed',
      conflicts: [{ field: '.data.mode', manager: 'kubectl-edit' }],
    });
    const restored = await apply(`${CRD}---\n${WORKLOADS}`, { applySet: 'core', forceConflicts: true });
    expect(restored.objects.find((o) => o.name === 'settings')).toMatchObject({
      outcome: 'configured',
      fields: ['data.mode'],
    });
    const settled = await apply(`${CRD}---\n${WORKLOADS}`, { applySet: 'core' });
    expect(new Set(Object.values(outcomes(settled)))).toEqual(new Set(['unchanged']));
  });
});

const PRUNE_NS = 'apply-prune';

function configMaps(names: string[], extra = ''): string {
  return names
    .map(
      (name) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: ${PRUNE_NS}${extra} }\ndata: { k: v }\n`,
    )
    .join('---\n');
}

const PRUNE_BASE = `apiVersion: v1
kind: Namespace
metadata: { name: ${PRUNE_NS} }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: ${PRUNE_NS} }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 1Gi } }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: pinned
  namespace: ${PRUNE_NS}
  annotations: { berth.dev/prune: disabled }
data: { k: v }
---
`;

async function exists(
  kind: 'ConfigMap' | 'PersistentVolumeClaim' | 'Namespace',
  name: string,
): Promise<boolean> {
  const read =
    kind === 'ConfigMap'
      ? c.core.readNamespacedConfigMap({ name, namespace: PRUNE_NS })
      : kind === 'PersistentVolumeClaim'
        ? c.core.readNamespacedPersistentVolumeClaim({ name, namespace: PRUNE_NS })
        : c.core.readNamespace({ name });
  return read.then(
    (o) => !(o.metadata as { deletionTimestamp?: unknown }).deletionTimestamp,
    () => false,
  );
}

describe('the ApplySet inventory and pruning', () => {
  const set = { applySet: 'prune', prune: true, waitMs: 0 };

  it('prunes what left the manifests, keeps PVCs, Namespaces and pinned objects, and refuses empty and over-limit prunes', async () => {
    const first = await apply(`${PRUNE_BASE}${configMaps(['keep', 'gone'])}`, set);
    expect(first.success).toBe(true);
    expect(Object.values(outcomes(first))).toEqual(Array(5).fill('created'));

    // A dry run says what would be pruned and deletes nothing.
    const preview = await apply(
      `${PRUNE_BASE.split('---\napiVersion: v1\nkind: ConfigMap')[0]}---\n${configMaps(['keep'])}`,
      { ...set, dryRun: true },
    );
    expect(preview.objects.find((o) => o.name === 'gone')).toMatchObject({
      outcome: 'pruned',
      message: 'would be pruned (dry run)',
    });
    expect(await exists('ConfigMap', 'gone')).toBe(true);

    // `gone` and the pinned ConfigMap leave; only `gone` is deleted.
    const second = await apply(
      `${PRUNE_BASE.split('---\napiVersion: v1\nkind: ConfigMap')[0]}---\n${configMaps(['keep'])}`,
      set,
    );
    expect(outcomes(second)).toMatchObject({
      [`ConfigMap/${PRUNE_NS}/gone`]: 'pruned',
      [`ConfigMap/${PRUNE_NS}/pinned`]: 'skipped',
      [`ConfigMap/${PRUNE_NS}/keep`]: 'unchanged',
    });
    expect(second.objects.find((o) => o.name === 'pinned')?.message).toBe(
      'not pruned: annotated berth.dev/prune: disabled',
    );
    expect(await exists('ConfigMap', 'gone')).toBe(false);
    expect(await exists('ConfigMap', 'pinned')).toBe(true);

    // The Namespace and the PVC leave the manifests: kept unless their kinds are allowed.
    const third = await apply(configMaps(['keep']), set);
    expect(outcomes(third)).toMatchObject({
      [`Namespace/${PRUNE_NS}`]: 'skipped',
      [`PersistentVolumeClaim/${PRUNE_NS}/data`]: 'skipped',
    });
    expect(await exists('Namespace', PRUNE_NS)).toBe(true);
    expect(await exists('PersistentVolumeClaim', 'data')).toBe(true);
    const allowed = await apply(configMaps(['keep']), { ...set, pruneKinds: ['PersistentVolumeClaim'] });
    expect(outcomes(allowed)[`PersistentVolumeClaim/${PRUNE_NS}/data`]).toBe('pruned');
    expect(await exists('PersistentVolumeClaim', 'data')).toBe(false);

    // An empty set never prunes: refused before anything is written.
    const empty = await runApply({ objects: [], cluster: { kubeconfig }, version: '0.1.0', ...set });
    expect(empty.result).toBeUndefined();
    expect(empty.refused).toMatch(/an empty set never prunes/);
    expect(await exists('ConfigMap', 'keep')).toBe(true);

    // More deletions than maxPrune need --prune-confirm.
    await apply(configMaps(['keep', 'x1', 'x2', 'x3']), set);
    const over = await runApply({
      objects: objects(configMaps(['keep'])),
      cluster: { kubeconfig },
      version: '0.1.0',
      ...set,
      maxPrune: 2,
    });
    expect(over.refused).toMatch(
      /3 objects would be pruned, more than apply.maxPrune \(2\); run again with --prune-confirm/,
    );
    expect(await exists('ConfigMap', 'x1')).toBe(true);
    const confirmed = await apply(configMaps(['keep']), { ...set, maxPrune: 2, pruneConfirm: true });
    expect(confirmed.summary.pruned).toBe(3);
    expect(await exists('ConfigMap', 'x1')).toBe(false);
  });
});

describe('compatibility with kubectl', () => {
  it('computes the ApplySet id kubectl computes, and kubectl lists the same set members', async () => {
    const kubectl = (await ensureKubectl()).path;
    const ns = 'apply-kubectl';
    await createNamespace(c, ns);
    const dir = await mkdtemp(join(tmpdir(), 'berth-apply-'));
    try {
      await writeFile(
        join(dir, 'cm.yaml'),
        `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: k, namespace: ${ns} }\n`,
      );
      await run(
        kubectl,
        [
          '--kubeconfig',
          kubeconfig,
          'apply',
          '--server-side',
          '--prune',
          '--applyset=secret/parity',
          '-n',
          ns,
          '-f',
          dir,
        ],
        { env: { ...process.env, KUBECTL_APPLYSET: 'true' } },
      );
      const parent = await c.core.readNamespacedSecret({ name: 'parity', namespace: ns });
      expect(parent.metadata?.labels?.['applyset.kubernetes.io/id']).toBe(
        applySetId({ name: 'parity', namespace: ns }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
      await deleteNamespace(c, ns);
    }

    // The first test's set (applied again: unchanged when it ran), listed by kubectl from the parent's annotations.
    await apply(`${CRD}---\n${WORKLOADS}`, { applySet: 'core', waitMs: 0 });
    const id = applySetId({ name: 'core', namespace: 'berth-system' });
    const parent = await c.core.readNamespacedSecret({ name: 'core', namespace: 'berth-system' });
    const kinds = parent.metadata?.annotations?.['applyset.kubernetes.io/contains-group-kinds'] ?? '';
    expect(kinds).toBe(
      'ConfigMap,CustomResourceDefinition.apiextensions.k8s.io,Deployment.apps,Job.batch,Namespace,Secret,StatefulSet.apps,Widget.apply.berth.dev',
    );
    expect(parent.metadata?.annotations?.['applyset.kubernetes.io/additional-namespaces']).toBe(NS);
    expect(parent.metadata?.annotations?.['applyset.kubernetes.io/tooling']).toBe('berth/0.1.0');
    const { stdout } = await run(kubectl, [
      '--kubeconfig',
      kubeconfig,
      'get',
      kinds,
      '-A',
      '-l',
      `applyset.kubernetes.io/part-of=${id}`,
      '-o',
      'name',
    ]);
    expect(stdout.trim().split('\n').sort()).toEqual(
      [
        'configmap/settings',
        'customresourcedefinition.apiextensions.k8s.io/widgets.apply.berth.dev',
        'deployment.apps/web',
        'job.batch/migrate',
        `namespace/${NS}`,
        'secret/token',
        'statefulset.apps/db',
        'widget.apply.berth.dev/gear',
      ].sort(),
    );
  });
});

describe('conflicts and refusals', () => {
  const ns = 'apply-conflict';
  const deployment = (
    replicas: number,
    image = 'registry.k8s.io/pause:3.10',
    app = 'scaled',
  ) => `apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: scaled, namespace: ${ns} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${app} } }
  template:
    metadata: { labels: { app: ${app} } }
    spec:
      containers: [{ name: c, image: ${image}, resources: { requests: { cpu: 10m } } }]
`;

  afterAll(() => deleteNamespace(c, ns));

  it('reports a field another manager owns with the manager and the usual fix, forcing nothing unless asked', async () => {
    await apply(deployment(1), { applySet: 'conflict', waitMs: 0 });
    // What an autoscaler does: scale through the scale subresource as its own field manager.
    await c.apps.replaceNamespacedDeploymentScale({
      name: 'scaled',
      namespace: ns,
      fieldManager: 'ops-autoscaler',
      body: { metadata: { name: 'scaled', namespace: ns }, spec: { replicas: 3 } },
    });
    const refused = await apply(deployment(1), { applySet: 'conflict', waitMs: 0 });
    const scaled = refused.objects.find((o) => o.name === 'scaled');
    expect(scaled?.outcome).toBe('failed');
    expect(scaled?.conflicts).toEqual([
      {
        field: '.spec.replicas',
        manager: 'ops-autoscaler',
        hint: expect.stringMatching(/drop replicas from the manifest/),
      },
    ]);
    expect(refused.stoppedAt).toBe('dry-run');
    expect((await c.apps.readNamespacedDeployment({ name: 'scaled', namespace: ns })).spec?.replicas).toBe(3);

    const forced = await apply(deployment(1), { applySet: 'conflict', waitMs: 0, forceConflicts: true });
    expect(forced.forceConflicts).toBe(true);
    expect(forced.objects.find((o) => o.name === 'scaled')).toMatchObject({
      outcome: 'configured',
      fields: ['spec.replicas'],
    });
    expect((await c.apps.readNamespacedDeployment({ name: 'scaled', namespace: ns })).spec?.replicas).toBe(1);
  });

  it('fails an immutable change in the dry-run and applies nothing else of the set', async () => {
    const job = (image: string) => `apiVersion: batch/v1
kind: Job
metadata: { name: once, namespace: ${ns} }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, image: ${image}, resources: { requests: { cpu: 10m } } }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: cfg, namespace: ${ns} }
data: { version: "${image.length}" }
`;
    await apply(`${deployment(1)}---\n${job('registry.k8s.io/pause:3.10')}`, {
      applySet: 'conflict',
      waitMs: 0,
    });
    const changed = await apply(
      `${deployment(1, 'registry.k8s.io/pause:3.9', 'other')}---\n${job('registry.k8s.io/pause:3.9')}`,
      {
        applySet: 'conflict',
        waitMs: 0,
      },
    );
    expect(changed.stoppedAt).toBe('dry-run');
    const byName = Object.fromEntries(changed.objects.map((o) => [o.name, o]));
    expect(byName.once?.outcome).toBe('failed');
    expect(byName.once?.message).toMatch(/field is immutable/);
    expect(byName.scaled?.outcome).toBe('failed');
    expect(byName.scaled?.message).toMatch(/spec.selector.*field is immutable/);
    expect(byName.cfg).toMatchObject({
      outcome: 'skipped',
      message: expect.stringMatching(/nothing was applied/),
    });
    const cfg = await c.core.readNamespacedConfigMap({ name: 'cfg', namespace: ns });
    expect(cfg.data).toEqual({ version: String('registry.k8s.io/pause:3.10'.length) });
  });
});

describe('warnings from the API server', () => {
  const ns = 'apply-warn';
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gadgets.warn.berth.dev }
spec:
  group: warn.berth.dev
  scope: Namespaced
  names: { kind: Gadget, plural: gadgets, singular: gadget }
  versions:
    - name: v1
      served: true
      storage: true
      deprecated: true
      deprecationWarning: "warn.berth.dev/v1 Gadget is deprecated; use warn.berth.dev/v2"
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { size: { type: integer } } }
`;
  const set = `${crd}---
apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: warn.berth.dev/v1
kind: Gadget
metadata: { name: dial, namespace: ${ns} }
spec: { size: 2 }
`;

  afterAll(async () => {
    await deleteNamespace(c, ns);
    const writer = new KubeWriter({ kubeconfig });
    await writer.call({
      method: 'DELETE',
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.warn.berth.dev',
    });
    writer.close();
  });

  it('names, on the object, what the server warned about (a deprecated version), in the result and its text', async () => {
    const result = await apply(set, { applySet: 'warn', waitMs: 0 });
    const dial = result.objects.find((o) => o.name === 'dial');
    expect(dial).toMatchObject({
      outcome: 'created',
      warnings: ['warn.berth.dev/v1 Gadget is deprecated; use warn.berth.dev/v2'],
    });
    expect(result.objects.find((o) => o.kind === 'Namespace')?.warnings).toBeUndefined();
    const { renderApplyText } = await import('../../src/report/apply.ts');
    const text = renderApplyText(result);
    expect(text).toMatch(/1 with warnings/);
    expect(text).toMatch(
      /Gadget\.warn\.berth\.dev apply-warn\/dial.*warning: warn\.berth\.dev\/v1 Gadget is deprecated/,
    );
  });
});

describe('admission and unreachable servers', () => {
  it('keeps a member whose deletion an admission policy denies in the inventory, and prunes the rest', async () => {
    const ns = 'apply-vap';
    const cm = (names: string[]) =>
      `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n---\n${names
        .map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${n}, namespace: ${ns} }\n`)
        .join('---\n')}`;
    await apply(cm(['keeper', 'protected', 'other']), { applySet: 'vap', prune: true, waitMs: 0 });
    const remove = await installPolicy(
      kubeconfig,
      'berth-test-keep-protected',
      ns,
      { resources: ['configmaps'], operations: ['DELETE'] },
      {
        expression: "oldObject.metadata.name != 'protected'",
        message: 'protected ConfigMaps may not be deleted',
      },
    );
    try {
      // Policies take effect a moment after they are created: wait until a dry-run deletion is denied.
      const writer = new KubeWriter({ kubeconfig });
      const cmType: ApiResource = {
        group: '',
        version: 'v1',
        kind: 'ConfigMap',
        plural: 'configmaps',
        namespaced: true,
      };
      await until('the policy to deny deletions', async () => {
        const answer = await writer.call({
          method: 'DELETE',
          path: writer.path(cmType, ns, 'protected'),
          query: { dryRun: 'All' },
        });
        return answer.ok ? undefined : true;
      });
      writer.close();

      const result = await apply(cm(['keeper']), { applySet: 'vap', prune: true, waitMs: 0 });
      const byName = Object.fromEntries(result.objects.map((o) => [o.name, o]));
      expect(byName.other?.outcome).toBe('pruned');
      expect(byName.protected?.outcome).toBe('failed');
      expect(byName.protected?.message).toMatch(
        /protected ConfigMaps may not be deleted.*it stays in the ApplySet/,
      );
      expect(byName.keeper?.outcome).toBe('unchanged');
      expect(result.success).toBe(false);
      const parent = await c.core.readNamespacedSecret({ name: 'vap', namespace: 'berth-system' });
      expect(parent.metadata?.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toBe(
        'ConfigMap,Namespace',
      );
      const still = await c.core.readNamespacedConfigMap({ name: 'protected', namespace: ns });
      expect(still.metadata?.labels?.['applyset.kubernetes.io/part-of']).toBe(
        applySetId({ name: 'vap', namespace: 'berth-system' }),
      );
      // The next run still knows it, and tries again.
      const again = await apply(cm(['keeper']), { applySet: 'vap', prune: true, waitMs: 0 });
      expect(again.objects.find((o) => o.name === 'protected')?.outcome).toBe('failed');
    } finally {
      await remove();
      await deleteNamespace(c, ns);
    }
  });

  it('retries, then reports applied, failed and not attempted when the server becomes unreachable midway; the next run converges', async () => {
    const ns = 'apply-cut';
    const names = Array.from({ length: 12 }, (_, i) => `cm-${String(i).padStart(2, '0')}`);
    const set = `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n---\n${names
      .map(
        (n) =>
          `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${n}, namespace: ${ns} }\ndata: { k: v }\n`,
      )
      .join('---\n')}---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: berth-test-late }
spec:
  matchConstraints:
    resourceRules: [{ apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods] }]
  validations: [{ expression: "true" }]
`;
    // The inventory namespace exists already, so the requests before the cut are always the same.
    await c.core.createNamespace({ body: { metadata: { name: 'berth-system' } } }).catch(() => undefined);
    const cut = await cuttingProxy(kubeconfig);
    try {
      // One connection per request, so the proxy counts requests; a dry run counts what comes before the writes.
      const through = (limit: number) => ({
        applySet: 'cut',
        waitMs: 0,
        cluster: { kubeconfig: cut.kubeconfig },
        writer: new KubeWriter({
          kubeconfig: cut.kubeconfig,
          keepAlive: false,
          parallelism: 1,
          retry: { attempts: 3, baseMs: 5, maxMs: 20 },
        }),
        ...(limit ? {} : { dryRun: true }),
      });
      await apply(set, through(0));
      const beforeWrites = cut.connections();
      // Then the inventory namespace check, the parent, the namespace, its Active check, the
      // ConfigMaps' dry-runs (deferred until their namespace exists) and 5 ConfigMaps get through.
      cut.reset(beforeWrites + 4 + names.length + 5);
      const options = through(1);
      const broken = await apply(set, options);
      // The 7 objects after the cut and the closing inventory write were each tried 3 times, then given up on.
      expect(options.writer.retries).toBe(16);
      expect(broken.messages).toEqual([
        expect.stringMatching(
          /^cannot reach the Kubernetes API server at 127.0.0.1:\d+ \(context berth-test\)/,
        ),
      ]);
      expect(broken.success).toBe(false);
      expect(broken.stoppedAt).toBe('apply');
      expect(broken.summary).toMatchObject({ created: 6, failed: 7, notAttempted: 1 });
      const failed = broken.objects.find((o) => o.outcome === 'failed');
      expect(failed?.message).toMatch(
        /cannot reach the Kubernetes API server at 127.0.0.1:\d+ \(context berth-test\): connection (reset|refused|closed)/,
      );
      expect(broken.objects.find((o) => o.kind === 'ValidatingAdmissionPolicy')).toMatchObject({
        outcome: 'skipped',
        message: 'not attempted: stage resources failed',
      });
      expect(broken.stages.map((s) => s.outcome)).toEqual(['applied', 'failed', 'not attempted']);
      // What was applied is in the inventory: the parent was written before any member.
      const parent = await c.core.readNamespacedSecret({ name: 'cut', namespace: 'berth-system' });
      expect(parent.metadata?.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toBe(
        'ConfigMap,Namespace,ValidatingAdmissionPolicy.admissionregistration.k8s.io',
      );

      const next = await apply(set, { applySet: 'cut', waitMs: 0 });
      expect(next.success).toBe(true);
      expect(next.summary).toMatchObject({ created: 8, unchanged: 6, failed: 0 });
      const last = await apply(set, { applySet: 'cut', waitMs: 0 });
      expect(last.summary.unchanged).toBe(14);
    } finally {
      cut.close();
      await new KubeWriter({ kubeconfig }).delete(VAP, '', 'berth-test-late');
      await deleteNamespace(c, ns);
    }
  });
});

/**
 * A loopback TCP proxy in front of the API server (TLS passes through) that
 * lets `limit` connections through and then refuses new ones, as a server
 * that goes away does.
 */
async function cuttingProxy(kubeconfigFile: string) {
  const { readFileSync } = await import('node:fs');
  const { parse, stringify } = await import('yaml');
  const config = parse(readFileSync(kubeconfigFile, 'utf8'));
  const upstream = new URL(config.clusters[0].cluster.server);
  let limit = Number.POSITIVE_INFINITY;
  let count = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((client) => {
    count++;
    if (count > limit) {
      client.destroy();
      return;
    }
    const target = connect(Number(upstream.port), upstream.hostname);
    sockets.add(client);
    sockets.add(target);
    client.pipe(target).pipe(client);
    const drop = () => {
      client.destroy();
      target.destroy();
      sockets.delete(client);
      sockets.delete(target);
    };
    client.on('error', drop).on('close', drop);
    target.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  config.clusters[0].cluster.server = `https://127.0.0.1:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'berth-cut-'));
  const file = join(dir, 'kubeconfig');
  await writeFile(file, stringify(config), { mode: 0o600 });
  return {
    kubeconfig: file,
    connections: () => count,
    reset(newLimit: number) {
      count = 0;
      limit = newLimit;
    },
    close() {
      for (const s of sockets) s.destroy();
      server.close();
      void rm(dir, { recursive: true, force: true });
    },
  };
}
