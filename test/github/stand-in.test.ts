/**
 * The GitHub API stand-in's stateful endpoints, driven through berth's own client
 * (src/github/client.ts on a real Octokit): every answer it gives must satisfy GitHub's
 * OpenAPI description, and what it is not allowed to accept is recorded.
 */

import { generateKeyPairSync, sign } from 'node:crypto';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHub, type GitHub } from '../../src/github/client.ts';
import { GitHubApiError } from '../../src/github/retry.ts';
import { addCommit, type FakeGitHub, initialState, startFakeGitHub } from './stand-in/server.ts';

const Client = Octokit.plugin(paginateRest);
const started: FakeGitHub[] = [];

afterEach(async () => {
  for (const s of started.splice(0)) await s.close();
});

async function stand(): Promise<{ server: FakeGitHub; github: GitHub }> {
  const server = await startFakeGitHub(initialState());
  started.push(server);
  const octokit = new Client({ auth: server.state.token, baseUrl: server.url });
  const { owner, repo } = server.state;
  return { server, github: createGitHub({ octokit, owner, repo, retry: false }) };
}

function jwt(key: string, claims: Record<string, unknown>, alg = 'RS256'): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
  return `${data}.${sign('RSA-SHA256', Buffer.from(data), key).toString('base64url')}`;
}

describe('the GitHub API stand-in', () => {
  it('answers a merged pull request, its reviews and how its head compares with its base', async () => {
    const { server, github } = await stand();
    const { state } = server;
    const base = addCommit(
      state,
      { 'k8s/web.yaml': 'replicas: 1\n', 'README.md': 'hi\n' },
      { branch: 'main' },
    );
    const head = addCommit(
      state,
      { 'k8s/web.yaml': 'replicas: 3\n', 'README.md': 'hi\n' },
      { parents: [base] },
    );
    const onMain = addCommit(
      state,
      { 'k8s/web.yaml': 'replicas: 1\n', 'README.md': 'hello\n' },
      { branch: 'main' },
    );
    const merge = addCommit(
      state,
      { 'k8s/web.yaml': 'replicas: 3\n', 'README.md': 'hello\n' },
      { parents: [onMain, head] },
    );
    state.pulls.push({
      number: 7,
      headSha: head,
      baseSha: base,
      headRepo: 'Codertocat/Hello-World',
      headRef: 'scale-web',
      state: 'closed',
      merged: true,
      mergeCommitSha: merge,
      author: 'ana',
    });
    state.reviews.push(
      {
        id: 1,
        pull: 7,
        login: 'bob',
        state: 'CHANGES_REQUESTED',
        commitId: base,
        submittedAt: '2026-01-01T00:00:00Z',
      },
      {
        id: 2,
        pull: 7,
        login: 'bob',
        state: 'APPROVED',
        commitId: head,
        submittedAt: '2026-01-02T00:00:00Z',
      },
    );

    expect(await github.getPull(7)).toMatchObject({
      number: 7,
      state: 'closed',
      merged: true,
      mergeCommitSha: merge,
      headRef: 'scale-web',
      baseRef: 'main',
      author: 'ana',
      mergeable: null,
    });
    expect(await github.getPull(2)).toMatchObject({
      merged: false,
      mergeable: true,
      mergeableState: 'clean',
    });
    expect((await github.listReviews(7)).map((r) => [r.login, r.state, r.commitId])).toEqual([
      ['bob', 'CHANGES_REQUESTED', base],
      ['bob', 'APPROVED', head],
    ]);
    expect(await github.compare(onMain, head)).toEqual({
      status: 'diverged',
      aheadBy: 1,
      behindBy: 1,
      mergeBaseSha: base,
      files: [{ filename: 'k8s/web.yaml', status: 'modified' }],
    });
    expect(await github.compare(base, merge)).toMatchObject({ status: 'ahead', aheadBy: 3, behindBy: 0 });
    expect(await github.compare(merge, base)).toMatchObject({ status: 'behind', aheadBy: 0, behindBy: 3 });
    await expect(github.getPull(99)).rejects.toMatchObject({ status: 404 });
    expect(server.violations).toEqual([]);
  });

  it("reads a commit's folders, files and whole tree at a ref", async () => {
    const { server, github } = await stand();
    const sha = addCommit(
      server.state,
      { 'k8s/a.yaml': 'a: 1\n', 'k8s/apps/b.yaml': 'b: 2\n', '.github/berth.yml': 'clusters: []\n' },
      { branch: 'main' },
    );
    expect(await github.listDirectory('k8s', sha)).toEqual([
      { name: 'a.yaml', path: 'k8s/a.yaml', type: 'file', size: 5 },
      { name: 'apps', path: 'k8s/apps', type: 'dir', size: 0 },
    ]);
    expect(await github.listDirectory('k8s/a.yaml', sha)).toBeNull();
    expect(await github.listDirectory('nothing', sha)).toBeNull();
    expect(await github.getFileAt('k8s/apps/b.yaml', 'main')).toBe('b: 2\n');
    expect(await github.getFileAt('.github/berth.yml', sha)).toBe('clusters: []\n');
    expect(await github.getFileAt('k8s/none.yaml', sha)).toBeNull();
    const tree = await github.getTree(sha);
    expect(tree.truncated).toBe(false);
    expect(tree.entries.map((e) => `${e.type} ${e.path}`)).toEqual([
      'tree .github',
      'blob .github/berth.yml',
      'tree k8s',
      'blob k8s/a.yaml',
      'tree k8s/apps',
      'blob k8s/apps/b.yaml',
    ]);
    expect(server.violations).toEqual([]);
  });

  it('writes the tree, commit, branch and pull request of a revert', async () => {
    const { server, github } = await stand();
    const { state } = server;
    const before = addCommit(state, { 'k8s/web.yaml': 'replicas: 1\n' }, { branch: 'main' });
    const merged = addCommit(
      state,
      { 'k8s/web.yaml': 'replicas: 3\n', 'k8s/new.yaml': 'new\n' },
      { branch: 'main' },
    );

    const commit = await github.getCommit(merged);
    expect(commit.parents).toEqual([before]);
    const tree = await github.createTree(commit.treeSha, [
      { path: 'k8s/web.yaml', content: 'replicas: 1\n' },
      { path: 'k8s/new.yaml', content: null },
    ]);
    const revert = await github.createCommit(`Revert ${merged.slice(0, 7)}`, tree, [merged]);
    expect(await github.getBranchSha('berth/revert-7')).toBeNull();
    await github.createBranch('berth/revert-7', revert);
    expect(await github.getBranchSha('berth/revert-7')).toBe(revert);
    const pr = await github.createPull({
      title: 'Revert #7',
      head: 'berth/revert-7',
      base: 'main',
      body: 'Reverts #7 so git and the cluster agree.',
    });
    expect(pr).toMatchObject({ number: 3, headSha: revert });
    expect(pr.htmlUrl).toMatch(/\/pull\/3$/);
    expect(await github.getFileAt('k8s/new.yaml', 'berth/revert-7')).toBeNull();
    expect(await github.getFileAt('k8s/web.yaml', 'berth/revert-7')).toBe('replicas: 1\n');
    expect(await github.compare('main', 'berth/revert-7')).toMatchObject({ status: 'ahead', aheadBy: 1 });

    // A branch that exists, a pull request that exists: refused as GitHub refuses them.
    const again = await github.createBranch('berth/revert-7', revert).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(GitHubApiError);
    expect((again as GitHubApiError).message).toMatch(
      /^POST branch berth\/revert-7 failed: 422 Reference already exists/,
    );
    await expect(
      github.createPull({ title: 'again', head: 'berth/revert-7', base: 'main', body: '' }),
    ).rejects.toMatchObject({ status: 422 });
    expect(server.violations).toEqual([]);
  });

  it('keeps one reaction per content on a comment, as GitHub does', async () => {
    const { server, github } = await stand();
    const comment = await github.createComment(2, '/berth plan');
    await github.react(comment.id, 'eyes');
    await github.react(comment.id, 'eyes');
    await github.react(comment.id, 'rocket');
    expect(await github.listReactions(comment.id)).toEqual([
      { content: 'eyes', login: expect.any(String) },
      { content: 'rocket', login: expect.any(String) },
    ]);
    expect(server.requests.filter((r) => r.operation?.endsWith('/reactions')).map((r) => r.status)).toEqual([
      201, 200, 201, 200,
    ]);
    expect(server.violations).toEqual([]);
  });

  it('keeps comments per issue', async () => {
    const { server, github } = await stand();
    await github.createComment(2, 'on the first');
    await github.createComment(9, 'on another');
    expect((await github.listComments(9)).map((c) => c.body)).toEqual(['on another']);
    expect((await github.listComments(2)).map((c) => c.body)).toEqual(['on the first']);
    expect(server.violations).toEqual([]);
  });

  it('keeps deployments and their statuses, newest first, and refuses a description over 140 characters', async () => {
    const { server, github } = await stand();
    const sha = addCommit(server.state, { 'a.yaml': 'a\n' }, { branch: 'main' });
    const other = addCommit(server.state, { 'a.yaml': 'b\n' }, { branch: 'main' });
    const first = await github.createDeployment({
      ref: sha,
      task: 'berth:apply',
      environment: 'staging',
      payload: { pr: 7, cluster: 'staging' },
    });
    const second = await github.createDeployment({
      ref: other,
      task: 'berth:apply',
      environment: 'staging',
      payload: {},
    });
    await github.createDeployment({
      ref: other,
      task: 'berth:rollback',
      environment: 'staging',
      payload: {},
    });
    await github.createDeployment({ ref: other, task: 'berth:apply', environment: 'prod', payload: {} });
    expect(first).toMatchObject({
      sha,
      ref: sha,
      task: 'berth:apply',
      environment: 'staging',
      payload: { pr: 7, cluster: 'staging' },
    });

    const list = await github.listDeployments({ environment: 'staging', task: 'berth:apply' });
    expect(list.map((d) => d.id)).toEqual([second.id, first.id]);
    expect((await github.listDeployments({ environment: 'staging', sha })).map((d) => d.id)).toEqual([
      first.id,
    ]);

    await github.createDeploymentStatus(first.id, { state: 'queued', description: 'queued' });
    await github.createDeploymentStatus(first.id, {
      state: 'in_progress',
      logUrl: 'https://github.com/o/r/pull/7',
    });
    await github.createDeploymentStatus(first.id, { state: 'success', description: 'applied 3 objects' });
    const statuses = await github.listDeploymentStatuses(first.id);
    expect(statuses.map((s) => s.state)).toEqual(['success', 'in_progress', 'queued']);
    expect(statuses[1]!.logUrl).toBe('https://github.com/o/r/pull/7');

    // GitHub's auto_inactive: the next success marks the earlier successful one inactive.
    await github.createDeploymentStatus(second.id, { state: 'success' });
    expect((await github.listDeploymentStatuses(first.id))[0]!.state).toBe('inactive');

    await expect(
      github.createDeploymentStatus(second.id, { state: 'failure', description: 'x'.repeat(141) }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      github.createDeployment({ ref: 'f'.repeat(40), task: 'berth:apply', environment: 'prod', payload: {} }),
    ).rejects.toMatchObject({ status: 422 });
    expect(server.violations).toEqual([]);
  });

  it('issues installation tokens for a JWT the App signed, and acts as the App with them', async () => {
    const server = await startFakeGitHub(initialState());
    started.push(server);
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    server.state.app = {
      id: 123,
      slug: 'berth',
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      installations: [42],
    };
    const now = Math.floor(Date.now() / 1000);
    const good = jwt(pem, { iat: now - 30, exp: now + 570, iss: 123 });
    const asApp = new Client({ auth: good, baseUrl: server.url });
    const { data, status } = await asApp.request('POST /app/installations/{installation_id}/access_tokens', {
      installation_id: 42,
    });
    expect(status).toBe(201);
    expect(data.token).toMatch(/^ghs_/);

    const github = createGitHub({
      octokit: new Client({ auth: data.token, baseUrl: server.url }),
      owner: server.state.owner,
      repo: server.state.repo,
      retry: false,
    });
    const comment = await github.createComment(2, 'from the App');
    expect(comment.login).toBe('berth[bot]');
    // The repositories the installation reaches, and the repository itself, as the App reads them.
    const asInstallation = new Client({ auth: data.token, baseUrl: server.url });
    const repos = await asInstallation.request('GET /installation/repositories', { per_page: 100 });
    expect(repos.data.repositories.map((r) => [r.full_name, r.default_branch])).toEqual([
      ['Codertocat/Hello-World', 'main'],
    ]);
    const repo = await asInstallation.request('GET /repos/{owner}/{repo}', {
      owner: 'Codertocat',
      repo: 'Hello-World',
    });
    expect(repo.data.default_branch).toBe('main');
    const installation = await asApp.request('GET /repos/{owner}/{repo}/installation', {
      owner: 'Codertocat',
      repo: 'Hello-World',
    });
    expect(installation.data).toMatchObject({ id: 42, app_id: 123 });
    expect((await asApp.request('GET /app')).data).toMatchObject({ id: 123, slug: 'berth' });
    expect((await asApp.request('GET /app/installations')).data.map((i) => i.id)).toEqual([42]);

    const refused = async (auth: string, route: string, params: Record<string, unknown>) => {
      const error = await new Client({ auth, baseUrl: server.url })
        .request(route, params)
        .catch((e: unknown) => e);
      return (error as { status?: number }).status;
    };
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const route = 'POST /app/installations/{installation_id}/access_tokens';
    // Signed by another key, expired, not the App's id, too long-lived: 401 as GitHub answers.
    expect(
      await refused(jwt(other.toString(), { iat: now - 30, exp: now + 570, iss: 123 }), route, {
        installation_id: 42,
      }),
    ).toBe(401);
    expect(
      await refused(jwt(pem, { iat: now - 700, exp: now - 100, iss: 123 }), route, { installation_id: 42 }),
    ).toBe(401);
    expect(
      await refused(jwt(pem, { iat: now - 30, exp: now + 570, iss: 999 }), route, { installation_id: 42 }),
    ).toBe(401);
    expect(
      await refused(jwt(pem, { iat: now, exp: now + 3600, iss: 123 }), route, { installation_id: 42 }),
    ).toBe(401);
    // Another installation; a JWT on a repository endpoint; an installation token on an App endpoint.
    expect(await refused(good, route, { installation_id: 7 })).toBe(404);
    expect(
      await refused(good, 'GET /repos/{owner}/{repo}/pulls/{pull_number}', {
        owner: 'Codertocat',
        repo: 'Hello-World',
        pull_number: 2,
      }),
    ).toBe(401);
    expect(await refused(data.token, route, { installation_id: 42 })).toBe(401);
    expect(server.violations).toEqual([]);
  });

  it('records every request the OpenAPI description does not allow', async () => {
    const { server } = await stand();
    const octokit = new Client({ auth: server.state.token, baseUrl: server.url });
    const owner = server.state.owner;
    const repo = server.state.repo;
    await octokit
      .request('GET /repos/{owner}/{repo}/deployments', { owner, repo, colour: 'red' })
      .catch(() => undefined);
    await octokit
      .request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
        owner,
        repo,
        deployment_id: 1,
        // @ts-expect-error: a state GitHub does not have, sent on purpose
        state: 'done',
      })
      .catch(() => undefined);
    await octokit
      .request('POST /repos/{owner}/{repo}/deployments', { owner, repo } as never)
      .catch(() => undefined);
    await octokit.request('GET /repos/{owner}/{repo}/teleport', { owner, repo }).catch(() => undefined);
    expect(server.violations).toEqual([
      'GET /repos/{owner}/{repo}/deployments: undeclared query parameter "colour"',
      expect.stringMatching(
        /^POST \/repos\/\{owner\}\/\{repo\}\/deployments\/\{deployment_id\}\/statuses: body breaks the schema: .*allowedValues/,
      ),
      '/repos/{owner}/{repo}/deployments: body required',
      'GET /repos/Codertocat/Hello-World/teleport is not an operation of the GitHub REST API',
    ]);
  });
});
