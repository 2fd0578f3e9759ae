/**
 * `berth apply` as a user runs it, against the real API server: exit codes, a
 * plan that fails policy, an unhealthy rollout with the scheduler's reason, a
 * dry run that touches nothing, and Secret values that appear nowhere.
 */

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Clients, clients, createFakeNodes, deleteFakeNodes, deleteNamespace } from './kube.ts';
import { installPolicy } from './policy.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
let c: Clients;
let kubeconfig: string;
let dir: string;

function berth(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [MAIN, 'apply', '--cluster', 'live', '--kubeconfig', kubeconfig, '--allow-outside-root', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1' },
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

async function manifest(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

beforeAll(async () => {
  kubeconfig = inject('kubeconfig');
  c = clients(kubeconfig);
  dir = await mkdtemp(join(tmpdir(), 'berth-cli-apply-'));
  await createFakeNodes(c, [{ name: 'cli-apply-node' }]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await deleteNamespace(c, 'cli-stuck');
  await deleteNamespace(c, 'cli-secret');
  await deleteFakeNodes(c);
});

describe('berth apply on the command line', () => {
  it('refuses a plan that fails policy, and reports a rollout that cannot become ready with the scheduler reason, exit 1', async () => {
    const file = await manifest(
      'stuck.yaml',
      `apiVersion: v1
kind: Namespace
metadata: { name: cli-stuck }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: stuck, namespace: cli-stuck }
spec:
  replicas: 1
  progressDeadlineSeconds: 2
  selector: { matchLabels: { app: stuck } }
  template:
    metadata: { labels: { app: stuck } }
    spec:
      nodeSelector: { disk: nvme-that-no-node-has }
      containers: [{ name: c, image: registry.k8s.io/pause:3.10, resources: { requests: { cpu: 10m } } }]
`,
    );
    const refused = await berth(['--head', file, '--applyset', 'stuck']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /the plan fails policy; nothing was applied \(use --ignore-policy to apply anyway\)/,
    );
    expect(
      await c.core.readNamespace({ name: 'cli-stuck' }).then(
        () => true,
        () => false,
      ),
    ).toBe(false);

    const applied = await berth(['--head', file, '--applyset', 'stuck', '--ignore-policy', '--wait', '60s']);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toMatch(/^berth apply UNHEALTHY: 2 created, 1 unhealthy/);
    expect(applied.stdout).toMatch(
      /created\s+Deployment\.apps cli-stuck\/stuck \(.*stuck\.yaml:5\): Failed: Progress deadline exceeded; pod stuck-[a-z0-9-]+: 0\/\d+ nodes are available: .*node\(s\) didn't match Pod's node affinity\/selector/,
    );
  });

  it('never shows a Secret value: not in text, JSON, Markdown or logs, not even when the API server echoes it', async () => {
    const values = ['first-Secret-Value-123', 'second-Secret-Value-456', 'third-Val-789'];
    const secret = (value: string) =>
      manifest(
        'secret.yaml',
        `apiVersion: v1
kind: Namespace
metadata: { name: cli-secret }
---
apiVersion: v1
kind: Secret
metadata: { name: creds, namespace: cli-secret }
stringData: { password: ${value} }
`,
      );
    const outputs: string[] = [];
    const run = async (args: string[]) => {
      const out = await berth(args);
      outputs.push(out.stdout, out.stderr);
      return out;
    };

    const created = await run([
      '--head',
      await secret(values[0]!),
      '--applyset',
      'secret',
      '--format',
      'json',
    ]);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).summary).toMatchObject({ created: 2, failed: 0 });

    // A dry run says what would change and writes nothing.
    const dry = await run(['--head', await secret(values[1]!), '--applyset', 'secret', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^berth apply DRY RUN: 1 configured, 1 unchanged/);
    expect(dry.stdout).toMatch(
      /configured\s+Secret cli-secret\/creds \(.*secret\.yaml:5\): key password changed \(23 bytes\)/,
    );
    const live = await c.core.readNamespacedSecret({ name: 'creds', namespace: 'cli-secret' });
    expect(Buffer.from(live.data?.password ?? '', 'base64').toString()).toBe(values[0]);

    for (const format of ['text', 'json', 'markdown']) {
      const changed = await run([
        '--head',
        await secret(values[1]!),
        '--applyset',
        'secret',
        '--format',
        format,
      ]);
      expect(changed.code).toBe(0);
    }
    expect(outputs.at(-2)).toMatch(/\| ➖ unchanged \| Namespace \| cli-secret \| — \|/);

    // The API server echoes the value back in its refusal (as some webhooks do), base64 as stored:
    // short enough that only masking the Secret's own values, not the generic redaction, removes it.
    const remove = await installPolicy(
      kubeconfig,
      'berth-test-echo',
      'cli-secret',
      { resources: ['secrets'], operations: ['CREATE', 'UPDATE'] },
      {
        expression: "!('token' in object.data)",
        messageExpression: "'rejected token ' + string(object.data.token)",
      },
    );
    try {
      await new Promise((done) => setTimeout(done, 2000));
      const echo = await manifest(
        'echo.yaml',
        `apiVersion: v1
kind: Secret
metadata: { name: echo, namespace: cli-secret }
data: { token: ${Buffer.from(values[2]!).toString('base64')} }
`,
      );
      for (const format of ['text', 'json', 'markdown']) {
        const rejected = await run(['--head', echo, '--applyset', 'echo', '--format', format]);
        expect(rejected.code).toBe(1);
        // Markdown escapes the brackets.
        expect(rejected.stdout).toMatch(/rejected token \\?\[redacted\\?\]/);
      }
    } finally {
      await remove();
    }
    for (const text of outputs) {
      for (const value of values) {
        expect(text).not.toContain(value);
        expect(text).not.toContain(Buffer.from(value).toString('base64'));
      }
    }
  });
});
