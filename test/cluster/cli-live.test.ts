import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type Clients,
  clients,
  createFakeNodes,
  createNamespace,
  deleteFakeNodes,
  deleteNamespace,
  waitForRunning,
} from './kube.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const NS = 'cli-live';
let c: Clients;
let dir: string;

/** The berth command as a user runs it, against the real API server. */
function berth(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    // Manifests and snapshots are written to a temporary folder outside the repository.
    const child = spawn(
      process.execPath,
      [MAIN, ...args, ...(args[0] === 'plan' ? ['--allow-outside-root'] : [])],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', ...env },
      },
    );
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

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: ${NS} }
spec:
  replicas: 3
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: registry.k8s.io/pause:3.10
          resources: { requests: { cpu: "1500m", memory: 1Gi } }
`;

beforeAll(async () => {
  c = clients(inject('kubeconfig'));
  dir = await mkdtemp(join(tmpdir(), 'berth-cli-live-'));
  await createFakeNodes(c, [
    { name: 'cli-a', cpu: '2', memory: '8Gi' },
    { name: 'cli-b', cpu: '2', memory: '8Gi' },
  ]);
  await createNamespace(c, NS);
  await c.core.createNamespacedPod({
    namespace: NS,
    body: {
      metadata: { name: 'running' },
      spec: {
        nodeName: 'cli-a',
        containers: [
          { name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '1' } } },
        ],
      },
    },
  });
  await waitForRunning(c, NS);
  await writeFile(join(dir, 'api.yaml'), MANIFEST);
});

afterAll(async () => {
  await deleteNamespace(c, NS);
  await deleteFakeNodes(c);
  await rm(dir, { recursive: true, force: true });
});

describe('the berth command against a live cluster', () => {
  it('berth status --cluster live shows the nodes and what the running pod requests', async () => {
    const { code, stdout } = await berth(['status', '--cluster', 'live', '--format', 'json'], {
      KUBECONFIG: c.kubeconfig,
    });
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.nodes.find((n: { name: string }) => n.name === 'cli-a')).toMatchObject({
      pods: 1,
      requests: { cpu: 1000 },
    });
    expect(status.namespaces.find((n: { name: string }) => n.name === NS)).toMatchObject({ pods: 1 });
  });

  it('berth plan --cluster context:<name> places what fits beside the running pod and names what does not', async () => {
    const context = c.kc.getCurrentContext();
    const { code, stdout } = await berth([
      'plan',
      '--cluster',
      `context:${context}`,
      '--kubeconfig',
      c.kubeconfig,
      '--head',
      join(dir, 'api.yaml'),
      '--format',
      'json',
      '--no-advice',
    ]);
    expect(code).toBe(1);
    const plan = JSON.parse(stdout);
    // 1.5 CPU each: one fits on the empty 2-CPU node; cli-a has 1 CPU left after the running pod.
    const mine = plan.placements.filter((p: { namespace: string }) => p.namespace === NS);
    expect(mine.filter((p: { node: string | null }) => p.node === 'cli-b')).toHaveLength(1);
    expect(mine.filter((p: { node: string | null }) => p.node === null)).toHaveLength(2);
    expect(plan.cluster.source).toContain(context);
  });

  it('berth snapshot writes a file that plans exactly as the live cluster does', async () => {
    const file = join(dir, 'snapshot.yaml');
    const snap = await berth(['snapshot', '--kubeconfig', c.kubeconfig, '--output', file]);
    expect(snap.code).toBe(0);
    expect(snap.stderr).toMatch(/wrote \d+ objects/);
    const args = [
      '--head',
      join(dir, 'api.yaml'),
      '--format',
      'json',
      '--no-advice',
      '--start',
      '2026-01-01T00:00:00Z',
    ];
    const fromFile = JSON.parse((await berth(['plan', '--cluster', file, ...args])).stdout);
    const fromLive = JSON.parse(
      (await berth(['plan', '--cluster', 'live', '--kubeconfig', c.kubeconfig, ...args])).stdout,
    );
    expect(fromFile.placements).toEqual(fromLive.placements);
    expect(fromFile.nodes).toEqual(fromLive.nodes);
  });

  it('a kubeconfig with a wrong token fails with exit 2 and never prints the token', async () => {
    const kubeconfig = JSON.parse(JSON.stringify(c.kc.exportConfig ? JSON.parse(c.kc.exportConfig()) : {}));
    const token = 'not-a-real-token-0123456789abcdef';
    for (const user of kubeconfig.users ?? []) user.user = { token };
    const file = join(dir, 'wrong.kubeconfig');
    await writeFile(file, JSON.stringify(kubeconfig));
    const { code, stdout, stderr } = await berth(['status', '--cluster', 'live', '--kubeconfig', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/401|Unauthorized|unauthori[sz]ed/i);
    expect(stdout + stderr).not.toContain(token);
    expect(stdout + stderr).not.toContain(await readFile(file, 'utf8'));
  });
});
