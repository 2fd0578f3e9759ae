/**
 * Apply on merge up to the cluster, end to end over HTTP: the Deployment record, its
 * exactly-once key under duplicate deliveries, and a cluster that cannot be reached
 * failing closed without a credential in any comment, status or log line. The
 * cluster's API server is a closed loopback port; applies against a real control plane
 * are in merge.cluster.test.ts.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCommit } from '../github/stand-in/server.ts';
import type { BotOptions } from './harness.ts';
import { type Harness, REPO, seedMain, startHarness } from './harness.ts';

const TOKEN = 'kube-token-7f3a9c2e1d5b8f4a6c0e2d9b7a5f3c1e';
const CONFIG = `clusters:
  - name: prod
    live: live
    branch: main
    environment: production
    credentials: prod
    manifests: ["deploy/**/*.yaml"]
`;
const APP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
data:
  mode: fast
`;

const SECRET_VALUE = 'correct-horse-battery-staple-42';
const SECRET_MANIFEST = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: default
stringData:
  password: ${SECRET_VALUE}
data:
  token: ${Buffer.from(SECRET_VALUE).toString('base64')}
`;

let h: Harness;
let botOptions: BotOptions;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bot-kube-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster:
      server: https://127.0.0.1:1
      insecure-skip-tls-verify: true
users:
  - name: prod
    user:
      token: ${TOKEN}
contexts:
  - name: prod
    context: { cluster: prod, user: prod }
current-context: prod
`,
  );
  botOptions = { env: { credentials: ['prod'], kubeconfig, logLevel: 'info' } };
  h = await startHarness((state) => {
    seedMain(state, { '.github/berth.yml': CONFIG });
  }, botOptions);
});

afterAll(async () => {
  await h.close();
});

function merge(
  number: number,
  files: Record<string, string> = { 'deploy/app.yaml': APP },
  on: Harness = h,
  fixedSha?: string,
): string {
  const sha = addCommit(
    on.state,
    { '.github/berth.yml': CONFIG, ...files },
    { branch: 'main', ...(fixedSha ? { sha: fixedSha } : {}) },
  );
  on.state.pulls.push({
    number,
    headSha: 'a'.repeat(40),
    baseSha: on.state.commits.get(sha)!.parents[0]!,
    headRepo: `${REPO.owner}/${REPO.repo}`,
    state: 'closed',
    merged: true,
    mergeCommitSha: sha,
    baseRef: 'main',
  });
  return sha;
}

function statesOf(sha: string): string[][] {
  return h.state.deployments
    .filter((d) => d.sha === sha)
    .map((d) =>
      h.state.deploymentStatuses
        .filter((s) => s.deploymentId === d.id)
        .sort((a, b) => a.id - b.id)
        .map((s) => s.state),
    );
}

describe('apply on merge, up to the cluster', () => {
  it('records one Deployment for a delivery sent twice at once and again later, and fails closed on an unreachable cluster', async () => {
    const sha = merge(31);
    const started = Date.now();
    const [a, b] = await Promise.all([h.merge(31, sha, h.bot, 'same'), h.merge(31, sha, h.bot, 'same')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(Date.now() - started).toBeLessThan(5_000);
    await h.bot.idle();
    await h.merge(31, sha, h.bot, 'same');
    await h.bot.idle();

    const deployments = h.state.deployments.filter((d) => d.sha === sha);
    // Two concurrent creators may both create; the loser's is inactive at once and never runs.
    const ran = statesOf(sha).filter((s) => s.includes('queued'));
    expect(ran).toHaveLength(1);
    expect(ran[0]).toEqual(['queued', 'error']);
    for (const d of deployments) expect(d).toMatchObject({ task: 'berth:apply', environment: 'production' });

    const comments = h.state.comments.filter((c) => c.body.startsWith('<!-- berth:apply cluster=prod -->'));
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toMatch(/stopped: .*127\.0\.0\.1:1/);
    expect(comments[0]!.body).toMatch(/Retry with `\/berth apply`/);

    // No credential anywhere the App writes.
    const written = [
      ...h.state.comments.map((c) => c.body),
      ...h.state.deploymentStatuses.map((s) => s.description),
      ...h.state.deployments.map((d) => JSON.stringify(d.payload)),
    ].join('\n');
    expect(written).not.toContain(TOKEN);
    expect(h.github.violations).toEqual([]);
  });

  it('counts the delivery and the failed apply in /metrics', async () => {
    const text = await (await fetch(`${h.bot.url}/metrics`)).text();
    expect(text).toMatch(/^berth_webhook_deliveries_total\{event="pull_request",result="accepted"\} 3$/m);
    expect(text).toMatch(/^berth_applies_total\{result="error",phase="apply"\} 1$/m);
    expect(text).toMatch(/^berth_applies_total\{result="duplicate",phase="queued"\} [12]$/m);
  });

  it('records the plan and manifest digests in the payload, the same for the same commit, and no secret or token', async () => {
    const files = { 'deploy/app.yaml': APP, 'deploy/secret.yaml': SECRET_MANIFEST };
    const fixed = 'e'.repeat(40);
    const sha = merge(32, files, h, fixed);
    await h.merge(32, sha);
    await h.bot.idle();
    const payload = h.state.deployments.find((d) => d.sha === sha)!.payload as Record<string, unknown>;
    expect(payload.planDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(payload.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);

    // Another App, another process's view of the same commit: the same digests.
    const other = await startHarness((state) => {
      seedMain(state, { '.github/berth.yml': CONFIG });
    }, botOptions);
    try {
      merge(32, files, other, fixed);
      await other.merge(32, fixed);
      await other.bot.idle();
      const again = other.state.deployments.find((d) => d.sha === fixed)!.payload as Record<string, unknown>;
      expect({ plan: again.planDigest, manifests: again.manifestDigest }).toEqual({
        plan: payload.planDigest,
        manifests: payload.manifestDigest,
      });
    } finally {
      await other.close();
    }

    // A commit whose Secret changed: another manifest digest (the digest is of the content).
    const changed = merge(33, { ...files, 'deploy/secret.yaml': SECRET_MANIFEST.replace('42', '43') });
    await h.merge(33, changed);
    await h.bot.idle();
    const next = h.state.deployments.find((d) => d.sha === changed)!.payload as Record<string, unknown>;
    expect(next.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(next.manifestDigest).not.toBe(payload.manifestDigest);
    expect(next.planDigest).not.toBe(payload.planDigest);

    const payloads = h.state.deployments.map((d) => JSON.stringify(d.payload)).join('\n');
    expect(payloads).not.toContain(SECRET_VALUE);
    expect(payloads).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
    expect(payloads).not.toContain(TOKEN);
    for (const token of [h.state.token, ...h.state.installationTokens.keys()])
      expect(payloads).not.toContain(token);
    expect(h.state.installationTokens.size).toBeGreaterThan(0);
  });
});
