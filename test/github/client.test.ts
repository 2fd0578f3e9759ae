import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { afterEach, describe, expect, it } from 'vitest';
import { globSet, pullManifests } from '../../src/github/changes.ts';
import { createGitHub, type GitHub } from '../../src/github/client.ts';
import { GitHubApiError, type RetryPolicy } from '../../src/github/retry.ts';

type Handler = (
  req: IncomingMessage,
  url: URL,
) => { status: number; body: unknown; headers?: Record<string, string> };

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A local API answering with `handler`; returns its URL and the requests it saw. */
async function api(handler: Handler): Promise<{ baseUrl: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    seen.push(`${req.method} ${url.pathname}${url.search}`);
    const { status, body, headers } = handler(req, url);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const fast: RetryPolicy = {
  retries: 3,
  baseDelayMs: 1,
  maxWaitMs: 1_000,
  sleep: async () => {},
  now: () => 0,
};

const pull = {
  number: 4,
  state: 'open',
  head: { sha: 'h'.repeat(40), repo: { full_name: 'o/r' } },
  base: { sha: 'b'.repeat(40), repo: { full_name: 'o/r' } },
};

function client(baseUrl: string, retry?: RetryPolicy | false): GitHub {
  const octokit = new (Octokit.plugin(paginateRest))({ auth: 'test-token', baseUrl });
  return createGitHub({ octokit, owner: 'o', repo: 'r', ...(retry === undefined ? {} : { retry }) });
}

describe('createGitHub', () => {
  /** One 502, then the pull request. */
  const flaky = (): Handler => {
    let calls = 0;
    return () =>
      ++calls === 1 ? { status: 502, body: { message: 'Bad Gateway' } } : { status: 200, body: pull };
  };

  it("retries a 5xx with berth's policy when it is given one", async () => {
    const { baseUrl, seen } = await api(flaky());
    expect((await client(baseUrl, fast).getPull(4)).headSha).toBe(pull.head.sha);
    expect(seen).toEqual(['GET /repos/o/r/pulls/4', 'GET /repos/o/r/pulls/4']);
  });

  it("leaves retrying to the Octokit with retry: false (Probot's plugins), failing as berth reports failures", async () => {
    const { baseUrl, seen } = await api(flaky());
    const error = await client(baseUrl, false)
      .getPull(4)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).message).toBe('GET pull request #4 failed: 502 Bad Gateway');
    expect(seen).toHaveLength(1);
  });

  it('follows the link header page by page, asking again for a page that failed', async () => {
    const all = Array.from({ length: 250 }, (_, i) => ({
      id: i + 1,
      node_id: `IC_${i + 1}`,
      body: `comment ${i + 1}`,
      html_url: `https://github.com/o/r/pull/4#issuecomment-${i + 1}`,
      user: { login: 'ana', type: 'User' },
      author_association: 'MEMBER',
    }));
    let failedOnce = false;
    const { baseUrl, seen } = await api((req, url) => {
      const page = Number(url.searchParams.get('page') ?? 1);
      if (page === 2 && !failedOnce) {
        failedOnce = true;
        return { status: 502, body: { message: 'Bad Gateway' } };
      }
      const next = new URL(url.pathname, `http://${req.headers.host}`);
      next.searchParams.set('per_page', '100');
      next.searchParams.set('page', String(page + 1));
      return {
        status: 200,
        body: all.slice((page - 1) * 100, page * 100),
        headers: page < 3 ? { link: `<${next}>; rel="next"` } : ({} as Record<string, string>),
      };
    });
    const comments = await client(baseUrl, fast).listComments(4);
    expect(comments.map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect(comments[0]).toMatchObject({ login: 'ana', authorAssociation: 'MEMBER' });
    expect(seen.map((s) => new URL(s.split(' ')[1]!, 'http://x').searchParams.get('page') ?? '1')).toEqual([
      '1',
      '2',
      '2',
      '3',
    ]);
  });

  it('reads the role from role_name, not the folded permission', async () => {
    const { baseUrl } = await api(() => ({
      status: 200,
      body: { permission: 'write', role_name: 'maintain', user: null },
    }));
    expect(await client(baseUrl, false).permission('ana')).toEqual({
      role: 'maintain',
      roleName: 'maintain',
    });
  });
});

describe('pullManifests', () => {
  it("reads a pull request's changed manifests at its head and base commits", async () => {
    const files = [
      { filename: 'infra/k8s/web.yaml', status: 'modified' },
      { filename: 'infra/k8s/new.yaml', status: 'added' },
      { filename: 'infra/k8s/old.yaml', status: 'removed' },
      { filename: 'infra/README.md', status: 'modified' },
    ];
    const content = (text: string) => ({
      status: 200,
      body: { type: 'file', encoding: 'base64', content: Buffer.from(text).toString('base64') },
    });
    const { baseUrl, seen } = await api((_req, url) => {
      if (url.pathname.endsWith('/files')) return { status: 200, body: files };
      const path = url.pathname.replace('/repos/o/r/contents/', '');
      const ref = url.searchParams.get('ref')?.[0];
      return content(`${path}@${ref}`);
    });
    const got = await pullManifests(
      client(baseUrl, false),
      { number: 4, headSha: pull.head.sha, baseSha: pull.base.sha },
      globSet(['k8s/**/*.yaml']),
      'infra',
    );
    expect(Object.fromEntries(got.head)).toEqual({
      'k8s/web.yaml': 'infra/k8s/web.yaml@h',
      'k8s/new.yaml': 'infra/k8s/new.yaml@h',
    });
    expect(Object.fromEntries(got.base)).toEqual({
      'k8s/web.yaml': 'infra/k8s/web.yaml@b',
      'k8s/old.yaml': 'infra/k8s/old.yaml@b',
    });
    expect(got.files).toHaveLength(4);
    expect(seen.filter((s) => s.includes('README'))).toEqual([]);
  });
});
