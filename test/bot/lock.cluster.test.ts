/**
 * The cluster lock and chat-ops against the real control plane: a job that finds the
 * Lease held waits and says by whom, proceeds once the holder's Lease lapses, or once
 * an admin runs `/berth unlock` (a writer may not); `/berth rollback` returns the
 * cluster to the previous commit's objects and opens the revert; a process killed
 * mid-apply leaves a Deployment the next process marks interrupted.
 */

import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ClusterLock } from '../../src/cluster/lease.ts';
import { KubeWriter } from '../../src/cluster/writer.ts';
import { plannedHead } from '../../src/github/comment.ts';
import { type Clients, clients, createFakeNodes, deleteFakeNodes, deleteNamespace } from '../cluster/kube.ts';
import { appPrivateKey, SECRET } from './deliveries.ts';
import { APP_ID, type Harness, seedMain, startHarness } from './harness.ts';
import {
  berthComments,
  commentHistory,
  mergeCommit,
  rendered,
  repoConfig,
  states,
  webApp,
} from './scenario.ts';

const NS = 'bot-lock';
const ROOT = resolve(import.meta.dirname, '..', '..');
let c: Clients;
let h: Harness;
let context: string;
let kubeconfig: string;

const config = () => repoConfig(context, 'bot-lock');
const reactionsOn = (id: number) => h.state.reactions.filter((r) => r.commentId === id).map((r) => r.content);

beforeAll(async () => {
  kubeconfig = inject('kubeconfig');
  c = clients(kubeconfig);
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  context = kc.getCurrentContext();
  await createFakeNodes(c, [{ name: 'bot-lock-node-1', cpu: '4' }]);
  h = await startHarness(
    (state) => {
      seedMain(state, { '.github/berth.yml': config() });
      state.permissions.set('admin-user', 'admin');
      state.permissions.set('writer', 'write');
      state.permissions.set('maintainer', 'maintain');
    },
    { env: { credentials: [context], kubeconfig } },
  );
});

afterAll(async () => {
  await h?.close();
  await deleteNamespace(c, NS);
  await deleteFakeNodes(c);
});

/** Someone else's hold on the cluster's Lease, renewed by nobody. */
async function holdLease(seconds: number): Promise<{ writer: KubeWriter; lock: ClusterLock }> {
  const writer = new KubeWriter({ kubeconfig });
  const lock = new ClusterLock({
    writer,
    cluster: 'test',
    identity: 'other-replica_1',
    repository: 'acme/elsewhere',
    pr: 99,
    job: 'apply 1234567 to test',
    leaseDurationSeconds: seconds,
    renewDeadlineMs: Math.min(10_000, seconds * 1000 - 500),
    retryPeriodMs: 200,
    createNamespace: true,
  });
  expect(await lock.tryAcquire()).toEqual({ acquired: true });
  return { writer, lock };
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the cluster lock', () => {
  it('waits for a Lease someone else holds, says who holds it, and proceeds when it lapses', async () => {
    const held = await holdLease(6);
    const heldAt = Date.now();
    const sha = mergeCommit(h, config(), { 'deploy/app.yaml': webApp(NS, 1, '100m') }, 41);
    await h.merge(41, sha);
    let startedAt = 0;
    const watch = setInterval(() => {
      const dep = h.state.deployments.find((x) => x.sha === sha);
      if (!startedAt && dep && states(h, dep.id).includes('in_progress')) startedAt = Date.now();
    }, 20);
    await until('the waiting comment', () =>
      commentHistory(h).some((b) =>
        rendered(b).includes('Waiting for the cluster lock, held by other-replica_1'),
      ),
    );
    const waiting = rendered(commentHistory(h).find((b) => b.includes('Waiting for the cluster lock'))!);
    expect(waiting).toMatch(
      /held by other-replica_1 for acme\/elsewhere PR #99 \(apply 1234567 to test\) since \d{4}-/,
    );
    await h.bot.idle();
    clearInterval(watch);
    held.writer.close();
    const d = h.state.deployments.find((x) => x.sha === sha)!;
    expect(states(h, d.id)).toEqual(['queued', 'in_progress', 'success']);
    // The job started only once the 6 s Lease had lapsed.
    expect(startedAt - heldAt).toBeGreaterThanOrEqual(5_500);
    const text = await (await fetch(`${h.bot.url}/metrics`)).text();
    expect(text).toMatch(/^berth_lock_wait_seconds_count 1$/m);
  });

  it('/berth unlock by a writer is refused; by an admin it frees the Lease and the waiting job proceeds', async () => {
    const held = await holdLease(300);
    const sha = mergeCommit(h, config(), { 'deploy/app.yaml': webApp(NS, 2, '100m') }, 42);
    await h.merge(42, sha);
    await until('the waiting comment', () =>
      berthComments(h, 42).some((b) => b.includes('Waiting for the cluster lock')),
    );
    const refused = await h.comment(42, '/berth unlock', 'writer');
    await until('the refusal', () => reactionsOn(refused.commentId).length > 0);
    expect(reactionsOn(refused.commentId)).toEqual(['confused']);
    expect(await held.lock.read()).toMatchObject({ identity: 'other-replica_1' });

    const unlock = await h.comment(42, '/berth unlock', 'admin-user');
    await h.bot.idle();
    held.writer.close();
    expect(reactionsOn(unlock.commentId)).toEqual(['eyes', 'rocket']);
    expect(
      h.state.comments.some((x) => /Freed the lock of test, held by other-replica_1/.test(rendered(x.body))),
    ).toBe(true);
    const d = h.state.deployments.find((x) => x.sha === sha)!;
    expect(states(h, d.id)).toEqual(['queued', 'in_progress', 'success']);
    expect((await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS })).spec?.replicas).toBe(2);
  });
});

describe('rollback', () => {
  it('/berth rollback returns the cluster to the previous commit and opens the revert', async () => {
    const extra = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: added-later
  namespace: ${NS}
data: { a: "1" }
`;
    const sha = mergeCommit(h, config(), { 'deploy/app.yaml': webApp(NS, 3, '100m') + extra }, 43);
    await h.merge(43, sha);
    await h.bot.idle();
    expect((await c.core.readNamespacedConfigMap({ name: 'added-later', namespace: NS })).data).toEqual({
      a: '1',
    });

    const { commentId } = await h.comment(43, '/berth rollback', 'maintainer');
    await h.bot.idle();
    expect(reactionsOn(commentId)).toEqual(['eyes', 'rocket']);
    const rollback = h.state.deployments.find((d) => d.task === 'berth:rollback')!;
    expect(states(h, rollback.id)).toEqual(['queued', 'in_progress', 'success']);
    // The previous successful apply was #42's commit: 2 replicas, no ConfigMap.
    expect(rollback.sha).toBe(h.state.pulls.find((p) => p.number === 42)!.mergeCommitSha);
    expect((await c.apps.readNamespacedDeployment({ name: 'web', namespace: NS })).spec?.replicas).toBe(2);
    await expect(c.core.readNamespacedConfigMap({ name: 'added-later', namespace: NS })).rejects.toThrow();
    const comment = berthComments(h, 43, 'rollback')[0]!;
    expect(comment).toMatch(/Revert in git: #\d+/);
    const revert = h.state.pulls.find((p) => p.title?.startsWith('Roll test back to'))!;
    expect(revert.baseRef).toBe('main');
    expect(h.github.violations).toEqual([]);
  });
});

describe('commands that read', () => {
  it('/berth status, /berth plan and /berth explain answer a writer from the live cluster', async () => {
    const status = await h.comment(43, '/berth status', 'writer');
    await h.bot.idle();
    expect(reactionsOn(status.commentId)).toEqual(['eyes', 'rocket']);
    const reply = rendered(h.state.comments.at(-1)!.body);
    expect(reply).toMatch(/^## berth status · test/);
    expect(reply).toMatch(/- Lock: free/);
    expect(reply).toMatch(/- Last successful apply: [0-9a-f]{7} \(Deployment \d+\)/);

    const plan = await h.comment(43, '/berth plan', 'writer');
    await h.bot.idle();
    expect(reactionsOn(plan.commentId)).toEqual(['eyes', 'rocket']);
    const planComment = berthComments(h, 43, 'plan')[0]!;
    expect(planComment).toMatch(/berth plan · test/);
    expect(planComment).toMatch(/Passes/);
    // It names the commit it planned (the merged pull request's merge commit), for /berth apply before merge.
    expect(plannedHead(planComment)).toBe(h.state.pulls.find((p) => p.number === 43)!.mergeCommitSha);

    const explain = await h.comment(43, `/berth explain ${NS}/web-1`, 'writer');
    await h.bot.idle();
    expect(reactionsOn(explain.commentId)).toEqual(['eyes', 'rocket']);
    expect(rendered(h.state.comments.at(-1)!.body)).toMatch(
      new RegExp(`^\\*\\*${NS}/web-1\\*\\* \\(Deployment/web\\): lands on bot-lock-node-1`),
    );
  });
});

describe('a process killed mid-apply', () => {
  it('leaves an in_progress Deployment that the next process marks interrupted at start, once the Lease lapses', async () => {
    const sha = mergeCommit(h, config(), { 'deploy/app.yaml': webApp(NS, 4, '100m') }, 44);
    const child = spawn(process.execPath, [join(ROOT, 'bot/main.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        APP_ID: String(APP_ID),
        PRIVATE_KEY: appPrivateKey(),
        WEBHOOK_SECRET: SECRET,
        PORT: '0',
        HOST: '127.0.0.1',
        GITHUB_API_URL: h.github.url,
        BERTH_CREDENTIALS: context,
        BERTH_KUBECONFIG: kubeconfig,
        LOG_LEVEL: 'fatal',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const m = /listening on (http:\/\/\S+)/.exec(chunk.toString());
        if (m) done(m[1]!);
      });
      child.on('exit', (code) => fail(new Error(`bot exited with ${code}`)));
    });
    const { deliver, mergedPullRequest } = await import('./deliveries.ts');
    const payload = mergedPullRequest(
      { owner: h.state.owner, repo: h.state.repo },
      {
        number: 44,
        mergeSha: sha,
        base: 'main',
        baseSha: h.state.commits.get(sha)!.parents[0]!,
        headSha: 'a'.repeat(40),
      },
      77,
    );
    expect((await deliver(url, SECRET, { event: 'pull_request', payload })).status).toBe(200);
    await until('the apply to start', () => {
      const d = h.state.deployments.find((x) => x.sha === sha);
      return d !== undefined && states(h, d.id).includes('in_progress');
    });
    child.kill('SIGKILL');
    const d = h.state.deployments.find((x) => x.sha === sha)!;
    expect(states(h, d.id).at(-1)).toBe('in_progress');

    // The dead holder's Lease lapses (15 s); then a new process starts and looks for interrupted applies.
    await new Promise((r) => setTimeout(r, 16_000));
    const next = await h.startBot({ recover: true });
    await next.idle();
    expect(states(h, d.id).at(-1)).toBe('error');
    const status = h.state.deploymentStatuses.filter((s) => s.deploymentId === d.id).at(-1)!;
    expect(status.description).toMatch(/^interrupted/);
    expect(berthComments(h, 44)[0]).toMatch(/Interrupted.*\n\nRetry with `\/berth apply`/s);
    expect(h.github.violations).toEqual([]);
  });
});

describe('/berth cancel', () => {
  it('takes a queued job out of the queue: its Deployment inactive, nothing of it applied; the running one goes on', async () => {
    const held = await holdLease(300);
    try {
      const first = mergeCommit(h, config(), { 'deploy/app.yaml': webApp(NS, 1, '100m') }, 46);
      await h.merge(46, first);
      await until('the first job to wait for the lock', () =>
        berthComments(h, 46).some((b) => b.includes('Waiting for the cluster lock')),
      );
      const cancelledCm =
        '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: never-applied\n  namespace: bot-lock\ndata: { k: v }\n';
      const second = mergeCommit(h, config(), { 'deploy/app.yaml': webApp(NS, 1, '100m') + cancelledCm }, 47);
      await h.merge(47, second);
      await until('the second job to be queued', () =>
        berthComments(h, 47).some((b) => b.includes('Queued')),
      );

      const cancel = await h.comment(47, '/berth cancel', 'maintainer');
      await until('the cancel to be answered', () => reactionsOn(cancel.commentId).includes('rocket'));
      expect(rendered(h.state.comments.at(-1)!.body)).toBe(
        `Cancelled: apply of ${second.slice(0, 7)} (#47).`,
      );
      const d2 = h.state.deployments.find((x) => x.sha === second)!;
      expect(states(h, d2.id)).toEqual(['queued', 'inactive']);
      expect(h.state.deploymentStatuses.filter((s) => s.deploymentId === d2.id).at(-1)!.description).toBe(
        'cancelled with /berth cancel',
      );
      expect(rendered(berthComments(h, 47)[0]!)).toMatch(/Not applied: cancelled with `\/berth cancel`/);

      await held.lock.release();
      await h.bot.idle();
      const d1 = h.state.deployments.find((x) => x.sha === first)!;
      expect(states(h, d1.id)).toEqual(['queued', 'in_progress', 'success']);
      expect(states(h, d2.id)).toEqual(['queued', 'inactive']);
      await expect(
        c.core.readNamespacedConfigMap({ name: 'never-applied', namespace: NS }),
      ).rejects.toThrow();
    } finally {
      held.writer.close();
    }
  });
});
