/**
 * GitHub Deployments as berth's record of applies, against the API stand-in through
 * the real Octokit client: the payload, find-or-create keyed by environment, SHA and
 * task, two replicas creating at the same moment, statuses, and the history readers.
 */

import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHub, type GitHub } from '../../src/github/client.ts';
import {
  type DeploymentPayload,
  deploymentPayload,
  findOrCreateDeployment,
  findUnfinished,
  lastSuccessBefore,
  listEnvironment,
  readPayload,
  setDeploymentStatus,
  statusDescription,
  TASK_APPLY,
  TASK_ROLLBACK,
} from '../../src/github/deployments.ts';
import {
  addCommit,
  type FakeGitHub,
  initialState,
  type RecordedRequest,
  startFakeGitHub,
} from './stand-in/server.ts';

const Client = Octokit.plugin(paginateRest);
const started: FakeGitHub[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.close();
});

async function stand(): Promise<FakeGitHub> {
  const server = await startFakeGitHub(initialState());
  started.push(server);
  return server;
}

/** One App replica: its own Octokit and client on the same GitHub. */
function replica(server: FakeGitHub): GitHub {
  const octokit = new Client({ auth: server.state.token, baseUrl: server.url });
  return createGitHub({ octokit, owner: server.state.owner, repo: server.state.repo, retry: false });
}

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function payload(overrides: Partial<Parameters<typeof deploymentPayload>[0]> = {}): DeploymentPayload {
  return deploymentPayload({
    pr: 7,
    cluster: 'staging',
    previousSha: 'c'.repeat(40),
    planDigest: DIGEST,
    manifestDigest: DIGEST,
    applySetId: 'applyset-abcDEF_12-v1',
    trigger: 'merge',
    ...overrides,
  });
}

async function latestState(github: GitHub, id: number): Promise<string | undefined> {
  return (await github.listDeploymentStatuses(id))[0]?.state;
}

describe('the deployment payload', () => {
  it('records the pull request, cluster, commits, digests, ApplySet and trigger', () => {
    expect(payload()).toEqual({
      pr: 7,
      cluster: 'staging',
      previousSha: 'c'.repeat(40),
      planDigest: DIGEST,
      manifestDigest: DIGEST,
      applySetId: 'applyset-abcDEF_12-v1',
      trigger: 'merge',
      requestedBy: null,
    });
  });

  it.each([
    ['a token as the cluster', { cluster: `ghs_${'a'.repeat(36)}` }, 'cluster looks like a credential'],
    [
      'a kubeconfig as the cluster',
      { cluster: 'users: [{ user: { client-key-data: LS0t } }]' },
      'looks like a credential',
    ],
    ['a PEM block', { cluster: '-----BEGIN PRIVATE KEY-----' }, 'looks like a credential'],
    ['a newline in the cluster', { cluster: 'prod\n::error::x' }, 'control characters'],
    ['a digest that is not sha256', { planDigest: 'md5:abc' }, 'planDigest is not well formed'],
    ['a short SHA', { previousSha: 'abc1234' }, 'previousSha is not well formed'],
    ['a login with spaces', { requestedBy: 'ana bob' }, 'requestedBy is not well formed'],
    ['a negative pull request', { pr: -1 }, 'pr must be a pull request number'],
  ] as const)('refuses %s', (_name, overrides, message) => {
    expect(() => payload(overrides as never)).toThrow(message);
  });

  it('reads a payload back as untrusted, keeping only well-formed fields', () => {
    expect(
      readPayload(
        JSON.stringify({
          pr: 'seven',
          cluster: 'prod\u001b[2J',
          previousSha: 'zz',
          trigger: 'rm -rf',
          applySetId: 'applyset-x-v1',
        }),
      ),
    ).toEqual({
      pr: null,
      cluster: 'prod\\x1b[2J',
      previousSha: null,
      planDigest: null,
      manifestDigest: null,
      applySetId: 'applyset-x-v1',
      trigger: 'merge',
      requestedBy: null,
    });
    expect(readPayload('not json')).toBeNull();
    expect(readPayload({})).toBeNull();
  });

  it('makes a status description one inert line of at most 140 characters', () => {
    expect(statusDescription('applied\n3 objects')).toBe('applied 3 objects');
    const long = statusDescription('x'.repeat(200));
    expect(long).toHaveLength(140);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('findOrCreateDeployment', () => {
  it('creates a queued deployment with auto_merge off and no required contexts, then finds it again', async () => {
    const server = await stand();
    const sha = addCommit(server.state, { 'k8s/a.yaml': 'a\n' }, { branch: 'main' });
    const github = replica(server);
    const key = { environment: 'staging', sha, task: TASK_APPLY } as const;
    const first = await findOrCreateDeployment(github, key, payload(), {
      description: 'waiting for the cluster lock',
      logUrl: 'https://github.com/Codertocat/Hello-World/pull/7#issuecomment-1',
    });
    expect(first.outcome).toBe('created');
    const created = server.requests.find(
      (r) => r.method === 'POST' && r.operation === '/repos/{owner}/{repo}/deployments',
    );
    expect(created?.body).toMatchObject({
      ref: sha,
      task: 'berth:apply',
      environment: 'staging',
      auto_merge: false,
      required_contexts: [],
      payload: payload(),
    });
    const [status] = await github.listDeploymentStatuses(first.deployment.id);
    expect(status).toMatchObject({
      state: 'queued',
      description: 'waiting for the cluster lock',
      logUrl: 'https://github.com/Codertocat/Hello-World/pull/7#issuecomment-1',
    });

    // A redelivered webhook: the same key finds the same deployment; nothing is created.
    const again = await findOrCreateDeployment(github, key, payload());
    expect(again).toMatchObject({
      outcome: 'existing',
      deployment: { id: first.deployment.id },
      latest: { state: 'queued' },
    });
    // Another task or environment is another key.
    expect(
      (
        await findOrCreateDeployment(
          github,
          { ...key, task: TASK_ROLLBACK },
          payload({ trigger: 'rollback' }),
        )
      ).outcome,
    ).toBe('created');
    expect((await findOrCreateDeployment(github, { ...key, environment: 'prod' }, payload())).outcome).toBe(
      'created',
    );
    expect(server.state.deployments).toHaveLength(3);
    expect(server.violations).toEqual([]);
  });

  it('lets exactly one of two replicas that create at the same moment win; the other marks its own inactive', async () => {
    const server = await stand();
    const sha = addCommit(server.state, { 'k8s/a.yaml': 'a\n' }, { branch: 'main' });
    // Hold the first look-ups until both replicas have made theirs: both find nothing, both create.
    let waiting: (() => void)[] = [];
    let firstLooks = 0;
    server.state.gate = (r: RecordedRequest) => {
      if (r.method !== 'GET' || r.path !== `/repos/${server.state.owner}/${server.state.repo}/deployments`)
        return;
      if (++firstLooks > 2) return;
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 2) {
          for (const go of waiting) go();
          waiting = [];
        }
      });
    };
    const key = { environment: 'staging', sha, task: TASK_APPLY } as const;
    const [a, b] = await Promise.all([
      findOrCreateDeployment(replica(server), key, payload()),
      findOrCreateDeployment(replica(server), key, payload()),
    ]);
    expect([a.outcome, b.outcome].sort()).toEqual(['created', 'duplicate']);
    expect(server.state.deployments).toHaveLength(2);
    const winner = Math.min(...server.state.deployments.map((d) => d.id));
    expect(a.deployment.id).toBe(winner);
    expect(b.deployment.id).toBe(winner);
    const loser = (a.outcome === 'duplicate' ? a : b) as { own: { id: number } };
    const github = replica(server);
    expect(await latestState(github, winner)).toBe('queued');
    const [lost] = await github.listDeploymentStatuses(loser.own.id);
    expect(lost).toMatchObject({ state: 'inactive', description: `duplicate of deployment ${winner}` });
    // The loser was never queued.
    expect((await github.listDeploymentStatuses(loser.own.id)).map((s) => s.state)).toEqual(['inactive']);
    expect(server.violations).toEqual([]);
  });

  it('creates one deployment however many replicas race without being lined up', async () => {
    const server = await stand();
    const sha = addCommit(server.state, { 'k8s/a.yaml': 'a\n' }, { branch: 'main' });
    const key = { environment: 'staging', sha, task: TASK_APPLY } as const;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => findOrCreateDeployment(replica(server), key, payload())),
    );
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(new Set(results.map((r) => r.deployment.id)).size).toBe(1);
    const github = replica(server);
    const queued = [];
    for (const d of server.state.deployments)
      if ((await latestState(github, d.id)) === 'queued') queued.push(d.id);
    expect(queued).toEqual([results[0]!.deployment.id]);
    expect(server.violations).toEqual([]);
  });

  it('refuses a key that is not a full SHA', async () => {
    const server = await stand();
    await expect(
      findOrCreateDeployment(
        replica(server),
        { environment: 'staging', sha: 'main', task: TASK_APPLY },
        payload(),
      ),
    ).rejects.toThrow('a deployment is keyed by a full commit SHA');
    expect(server.requests).toEqual([]);
  });
});

describe('the deployment history', () => {
  /** Three merges to staging: success, success, then one left in progress; and one to prod. */
  async function history(server: FakeGitHub) {
    const github = replica(server);
    const shas = [1, 2, 3].map((n) =>
      addCommit(server.state, { 'k8s/a.yaml': `${n}\n` }, { branch: 'main' }),
    );
    const ids: number[] = [];
    for (const [i, sha] of shas.entries()) {
      const r = await findOrCreateDeployment(
        github,
        { environment: 'staging', sha, task: TASK_APPLY },
        payload({ pr: i + 1 }),
      );
      ids.push(r.deployment.id);
      await setDeploymentStatus(github, r.deployment.id, 'in_progress', {
        description: 'applying stage 1 of 2',
      });
      if (i < 2) await setDeploymentStatus(github, r.deployment.id, 'success', { description: 'applied' });
    }
    const prod = await findOrCreateDeployment(
      github,
      { environment: 'prod', sha: shas[0]!, task: TASK_APPLY },
      payload(),
    );
    await setDeploymentStatus(github, prod.deployment.id, 'in_progress');
    return { github, shas, ids };
  }

  it('lists the deployments of an environment, newest first, each with its latest status', async () => {
    const server = await stand();
    const { github, ids } = await history(server);
    const records = await listEnvironment(github, 'staging');
    expect(records.map((r) => [r.deployment.id, r.latest?.state, r.succeeded, r.payload?.pr])).toEqual([
      [ids[2], 'in_progress', false, 3],
      // GitHub marked the first success inactive when the second succeeded.
      [ids[1], 'success', true, 2],
      [ids[0], 'inactive', true, 1],
    ]);
    expect(server.violations).toEqual([]);
  });

  it('finds the deployments left in progress, per environment', async () => {
    const server = await stand();
    const { github, ids } = await history(server);
    expect((await findUnfinished(github, 'staging')).map((r) => r.deployment.id)).toEqual([ids[2]]);
    expect(await findUnfinished(github, 'staging', ['queued'])).toEqual([]);
    expect(await findUnfinished(github, 'prod')).toHaveLength(1);
  });

  it('finds the last success before a deployment, for a rollback', async () => {
    const server = await stand();
    const { github, shas, ids } = await history(server);
    expect((await lastSuccessBefore(github, 'staging', ids[2]))?.deployment.sha).toBe(shas[1]);
    expect((await lastSuccessBefore(github, 'staging', ids[1]))?.deployment.sha).toBe(shas[0]);
    expect(await lastSuccessBefore(github, 'staging', ids[0])).toBeUndefined();
    expect((await lastSuccessBefore(github, 'staging'))?.deployment.id).toBe(ids[1]);
    // A failed deployment is never a rollback target.
    await setDeploymentStatus(github, ids[2]!, 'failure', { description: 'plan does not fit' });
    const later = addCommit(server.state, { 'k8s/a.yaml': '4\n' }, { branch: 'main' });
    const fourth = await findOrCreateDeployment(
      github,
      { environment: 'staging', sha: later, task: TASK_APPLY },
      payload(),
    );
    expect((await lastSuccessBefore(github, 'staging', fourth.deployment.id))?.deployment.sha).toBe(shas[1]);
  });

  it('refuses a log URL that is not http(s) before calling GitHub', async () => {
    const server = await stand();
    const github = replica(server);
    await expect(setDeploymentStatus(github, 1, 'error', { logUrl: 'javascript:alert(1)' })).rejects.toThrow(
      'deployment status log_url must be an http(s) URL',
    );
    expect(server.requests).toEqual([]);
  });
});
