/**
 * bot/deploy/berth-bot.yaml against the real control plane: `berth plan` places it,
 * a server-side dry-run of the whole file passes, and the RBAC it grants is enough
 * for what the App does (read the cluster for a plan, take the Lease, apply and record
 * an ApplySet) while denying what it does not need (Secrets outside berth-system).
 */

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runApply } from '../../src/cluster/apply.ts';
import { ClusterLock } from '../../src/cluster/lease.ts';
import { KubeWriter } from '../../src/cluster/writer.ts';
import { loadManifestTexts } from '../../src/manifests/load.ts';
import {
  type Clients,
  clients,
  createFakeNodes,
  createNamespace,
  deleteFakeNodes,
  deleteNamespace,
} from '../cluster/kube.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const MANIFEST = join(ROOT, 'bot', 'deploy', 'berth-bot.yaml');
let c: Clients;
let kubeconfig: string;
let dir: string;

function berth(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  kubeconfig = inject('kubeconfig');
  c = clients(kubeconfig);
  dir = await mkdtemp(join(tmpdir(), 'berth-bot-deploy-'));
  await createFakeNodes(c, [{ name: 'bot-deploy-node' }]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await deleteNamespace(c, 'bot-rbac');
  await deleteFakeNodes(c);
});

describe('bot/deploy/berth-bot.yaml', () => {
  it('plans on the cluster and passes a server-side dry-run, writing nothing', async () => {
    const plan = await berth(['plan', '--cluster', 'live', '--kubeconfig', kubeconfig, '--head', MANIFEST]);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/berth plan PASS/);
    expect(plan.stdout).toMatch(/berth-system\/berth-bot/);

    const dry = await berth([
      'apply',
      '--cluster',
      'live',
      '--kubeconfig',
      kubeconfig,
      '--head',
      MANIFEST,
      '--dry-run',
      '--format',
      'json',
      '--applyset',
      'berth-bot-dry-run',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    const result = JSON.parse(dry.stdout) as {
      dryRun: boolean;
      success: boolean;
      objects: { outcome: string }[];
    };
    expect(result.dryRun).toBe(true);
    expect(result.success).toBe(true);
    expect(result.objects.filter((o) => o.outcome === 'failed')).toEqual([]);
    await expect(
      c.core.readNamespacedServiceAccount({ name: 'berth-bot', namespace: 'berth-system' }),
    ).rejects.toThrow();
  });

  it("grants the App's service account what the App does, and not Secrets elsewhere", async () => {
    // The RBAC part of the file, applied for real (the Deployment needs an image this cluster cannot pull).
    const docs = parseAllDocuments(await readFile(MANIFEST, 'utf8'))
      .map((d) => d.toJS() as { kind: string })
      .filter((o) => o.kind !== 'Deployment' && o.kind !== 'Service');
    const rbac = loadManifestTexts(
      new Map([['rbac.yaml', docs.map((d) => JSON.stringify(d)).join('\n---\n')]]),
    );
    const applied = await runApply({
      objects: rbac.objects,
      cluster: { kubeconfig },
      applySet: 'berth-bot-rbac',
      allowKinds: ['ClusterRoleBinding'],
      version: 'test',
      waitMs: 0,
    });
    expect(applied.result?.success, JSON.stringify(applied.diagnostics)).toBe(true);

    // A token for the service account, as the pod would have, in a kubeconfig of its own.
    const token = await c.core.createNamespacedServiceAccountToken({
      name: 'berth-bot',
      namespace: 'berth-system',
      body: { spec: { expirationSeconds: 600 } },
    });
    const admin = new KubeConfig();
    admin.loadFromFile(kubeconfig);
    const cluster = admin.getCurrentCluster()!;
    const saConfig = join(dir, 'sa-kubeconfig');
    await writeFile(
      saConfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'c',
            cluster: {
              server: cluster.server,
              ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}),
              ...(cluster.caFile ? { 'certificate-authority': cluster.caFile } : {}),
              ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
            },
          },
        ],
        users: [{ name: 'sa', user: { token: token.status?.token } }],
        contexts: [{ name: 'sa', context: { cluster: 'c', user: 'sa' } }],
        'current-context': 'sa',
      }),
    );

    // Plan: reads every kind a plan reads.
    const plan = await berth(['plan', '--cluster', 'live', '--kubeconfig', saConfig, '--head', MANIFEST]);
    expect(plan.code, plan.stderr).toBe(0);

    // Lock: the Lease in berth-system.
    const writer = new KubeWriter({ kubeconfig: saConfig });
    try {
      const lock = new ClusterLock({ writer, cluster: 'rbac-check' });
      expect(await lock.tryAcquire()).toEqual({ acquired: true });
      expect(await lock.release()).toBe(true);

      // Apply: a ConfigMap in a namespace the operator made, recorded in the ApplySet parent Secret.
      await createNamespace(c, 'bot-rbac');
      const set = loadManifestTexts(
        new Map([
          [
            'cm.yaml',
            'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: bot-rbac\ndata:\n  a: "1"\n',
          ],
        ]),
      );
      const run = await runApply({
        objects: set.objects,
        writer,
        applySet: 'rbac-check',
        version: 'test',
        waitMs: 0,
      });
      expect(run.result?.success, JSON.stringify(run.result?.messages ?? run.refused)).toBe(true);

      // Not granted: Secrets outside berth-system.
      const secrets = await writer.call({ path: '/api/v1/namespaces/kube-system/secrets' });
      expect(secrets.ok).toBe(false);
      expect(!secrets.ok && secrets.status).toBe(403);
    } finally {
      writer.close();
    }
  });
});
