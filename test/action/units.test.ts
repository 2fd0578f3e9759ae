import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markerFor, publishComment, stickyComments } from '../../action/comment.ts';
import { isPlanCommand, readEvent } from '../../action/event.ts';
import { globSet, manifestChanges, manifestsInTree } from '../../action/files.ts';
import type { GitHub, IssueComment } from '../../action/github.ts';
import { encodePath } from '../../action/github.ts';
import { InputError, parseInputs } from '../../action/inputs.ts';
import { GitHubApiError, retryDelay, withRetry } from '../../action/retry.ts';

const inputsFrom = (values: Record<string, string>) => parseInputs((name) => values[name] ?? '');

describe('parseInputs', () => {
  it('fills the defaults a workflow leaves out', () => {
    expect(inputsFrom({ snapshot: 'cluster.yaml' })).toEqual({
      githubToken: '',
      config: null,
      configRef: 'base',
      cluster: 'default',
      manifests: [],
      clusterFile: 'cluster.yaml',
      clusterFileKind: 'snapshot',
      kubeconfig: null,
      comment: null,
      failOn: 'policy',
      workingDirectory: '.',
    });
  });

  it('reads manifest globs written one per line or comma separated', () => {
    expect(
      inputsFrom({ fleet: 'f.yaml', manifests: 'k8s/**\n  apps/*.yaml, !k8s/test/**\n' }).manifests,
    ).toEqual(['k8s/**', 'apps/*.yaml', '!k8s/test/**']);
  });

  it.each([
    [
      { snapshot: 's.yaml', comment: 'sometimes' },
      'input "comment" is "sometimes"; use one of: update, new, hide-and-new, off',
    ],
    [
      { snapshot: 's.yaml', 'fail-on': 'always' },
      'input "fail-on" is "always"; use one of: policy, unschedulable, never',
    ],
    [
      { snapshot: 's.yaml', fleet: 'f.yaml' },
      'inputs snapshot and fleet both name the cluster; give only one',
    ],
    [
      { config: '.github/berth.yml', 'config-ref': 'head' },
      'input "config-ref" is "head"; use one of: base, checkout',
    ],
    [{}, 'no cluster to plan against'],
    [{ snapshot: 's.yaml', cluster: 'prod --> <b>' }, 'input "cluster" is "prod --> <b>"'],
  ])('rejects %j with a message that says what to fix', (values, message) => {
    expect(() => inputsFrom(values)).toThrow(InputError);
    expect(() => inputsFrom(values)).toThrow(message);
  });
});

describe('retryDelay', () => {
  const policy = { baseDelayMs: 1_000, now: () => 1_700_000_000_000 };
  it.each([
    ['a 429 with retry-after waits as asked', 429, { 'retry-after': '7' }, 'GET', 0, 7_000],
    ['a 403 with retry-after is a secondary rate limit', 403, { 'retry-after': '2' }, 'POST', 0, 2_000],
    [
      'a spent primary limit waits until the reset, plus a second',
      403,
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000030' },
      'GET',
      0,
      31_000,
    ],
    ['a 403 that is no rate limit is final', 403, {}, 'POST', 0, null],
    ['a 502 on a read backs off exponentially', 502, {}, 'GET', 2, 4_000],
    ['a 502 on a POST is not retried: the comment may exist', 502, {}, 'POST', 0, null],
    ['a 404 is final', 404, {}, 'GET', 0, null],
  ])('%s', (_name, status, headers, method, attempt, expected) => {
    expect(retryDelay({ status, headers, message: 'x' }, method, attempt, policy)).toBe(expected);
  });

  it('gives up when GitHub asks for a longer wait than the bound, and says so', async () => {
    const failure = { status: 403, headers: { 'retry-after': '3600' }, message: 'API rate limit exceeded' };
    const sleeps: number[] = [];
    const call = withRetry(
      'GET files',
      'GET',
      () => Promise.reject(failure),
      (e) => e as typeof failure,
      {
        retries: 3,
        baseDelayMs: 10,
        maxWaitMs: 60_000,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        now: () => 0,
      },
    );
    await expect(call).rejects.toThrow(
      'GET files failed: 403 API rate limit exceeded (GitHub asks to wait 3600 s, longer than 60 s)',
    );
    expect(sleeps).toEqual([]);
  });

  it('stops after the last retry and counts the attempts', async () => {
    let calls = 0;
    const failure = { status: 503, headers: {}, message: 'Service Unavailable' };
    const call = withRetry(
      'GET pull',
      'GET',
      () => {
        calls++;
        return Promise.reject(failure);
      },
      (e) => e as typeof failure,
      { retries: 2, baseDelayMs: 1, maxWaitMs: 100, sleep: async () => {}, now: () => 0 },
    );
    await expect(call).rejects.toBeInstanceOf(GitHubApiError);
    await expect(call).rejects.toThrow('after 3 attempts');
    expect(calls).toBe(3);
  });
});

describe('readEvent', () => {
  it.each([
    ['/berth plan', true],
    ['  /berth   plan  \nthanks', true],
    ['/berth plan --force', false],
    ['> /berth plan', false],
    ['please /berth plan', false],
    ['```\n/berth plan\n```', false],
    ['/berth plan; rm -rf /', false],
  ])('treats %j as the plan command: %s', (body, expected) => {
    expect(isPlanCommand(body)).toBe(expected);
  });

  it('marks a pull request from another repository as a fork', () => {
    const event = readEvent(
      'pull_request',
      {
        number: 5,
        pull_request: {
          number: 5,
          head: { sha: 'h', repo: { full_name: 'them/x' } },
          base: { sha: 'b', repo: { full_name: 'us/x' } },
        },
      },
      '',
    );
    expect(event).toEqual({
      kind: 'pull-request',
      number: 5,
      baseSha: 'b',
      headSha: 'h',
      fork: true,
      headFromWorkspace: true,
    });
  });

  it.each([
    [
      'a comment on an issue',
      'issue_comment',
      { action: 'created', issue: { number: 1 }, comment: { body: '/berth plan' } },
    ],
    [
      'an edited comment',
      'issue_comment',
      { action: 'edited', issue: { number: 1, pull_request: {} }, comment: { body: '/berth plan' } },
    ],
    ['a release', 'release', {}],
  ])('ignores %s', (_name, eventName, payload) => {
    expect(readEvent(eventName, payload, '').kind).toBe('ignored');
  });
});

describe('manifestChanges', () => {
  const set = globSet(['k8s/**/*.yaml', '!k8s/test/**'], ['k8s/cluster.yaml']);
  it('reads heads of added and modified files, bases of modified, removed and renamed ones', () => {
    expect(
      manifestChanges(
        [
          { filename: 'k8s/a.yaml', status: 'added' },
          { filename: 'k8s/b.yaml', status: 'modified' },
          { filename: 'k8s/c.yaml', status: 'removed' },
          { filename: 'k8s/d.yaml', status: 'renamed', previousFilename: 'old/d.yaml' },
          { filename: 'k8s/test/e.yaml', status: 'modified' },
          { filename: 'k8s/cluster.yaml', status: 'modified' },
          { filename: 'README.md', status: 'modified' },
        ],
        set,
        '.',
      ),
    ).toEqual({
      head: ['k8s/a.yaml', 'k8s/b.yaml', 'k8s/d.yaml'],
      base: [
        { path: 'k8s/b.yaml', repoPath: 'k8s/b.yaml' },
        { path: 'k8s/c.yaml', repoPath: 'k8s/c.yaml' },
        { path: 'old/d.yaml', repoPath: 'old/d.yaml' },
      ],
    });
  });

  it('matches globs relative to the working directory and drops files outside it', () => {
    expect(
      manifestChanges(
        [
          { filename: 'infra/k8s/a.yaml', status: 'modified' },
          { filename: 'k8s/a.yaml', status: 'modified' },
        ],
        set,
        'infra/',
      ),
    ).toEqual({ head: ['k8s/a.yaml'], base: [{ path: 'k8s/a.yaml', repoPath: 'infra/k8s/a.yaml' }] });
  });

  it('encodes each path segment for the contents API but keeps the slashes', () => {
    expect(encodePath('k8s/my app/web#1.yaml')).toBe('k8s/my%20app/web%231.yaml');
  });
});

function comment(id: number, body: string, extra: Partial<IssueComment> = {}): IssueComment {
  return {
    id,
    nodeId: `N${id}`,
    body,
    htmlUrl: `u${id}`,
    userType: 'Bot',
    authorAssociation: 'NONE',
    minimized: false,
    ...extra,
  };
}

function memoryGitHub(existing: IssueComment[]) {
  const comments = [...existing];
  const calls: string[] = [];
  const github: Pick<GitHub, 'listComments' | 'createComment' | 'updateComment' | 'minimizeComment'> = {
    listComments: async () => comments,
    createComment: async (_n, body) => {
      calls.push('create');
      const c = comment(comments.length + 100, body);
      comments.push(c);
      return c;
    },
    updateComment: async (id, body) => {
      calls.push(`update ${id}`);
      const c = comments.find((x) => x.id === id)!;
      c.body = body;
      return c;
    },
    minimizeComment: async (nodeId) => {
      calls.push(`minimize ${nodeId}`);
    },
  };
  return { github: github as GitHub, comments, calls };
}

describe('manifestsInTree', () => {
  /** A workspace with links that stay in it and links that lead out, next to a folder outside it. */
  function workspace(): string {
    const base = mkdtempSync(join(tmpdir(), 'berth-tree-'));
    const files = {
      'workspace/k8s/app.yaml': 'kind: Pod',
      'workspace/k8s/notes.md': 'not a manifest',
      'workspace/shared/common.yaml': 'kind: ConfigMap',
      'workspace/node_modules/pkg/chart.yaml': 'kind: Pod',
      'outside/secret.yaml': 'kind: Secret',
      'outside/tree/deep.yaml': 'kind: Pod',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(base, path, '..'), { recursive: true });
      writeFileSync(join(base, path), text);
    }
    const ws = join(base, 'workspace');
    symlinkSync('../shared', join(ws, 'k8s/shared'));
    symlinkSync('..', join(ws, 'k8s/up'));
    symlinkSync('../../outside/secret.yaml', join(ws, 'k8s/env.yaml'));
    symlinkSync(join(base, 'outside/tree'), join(ws, 'k8s/usr'));
    symlinkSync('/usr', join(ws, 'docs-usr'));
    return ws;
  }

  it('follows folder links once while they stay in the workspace, and lists links out of it unread', async () => {
    const ws = workspace();
    const found = await manifestsInTree(ws, globSet(['k8s/**/*.yaml']), { root: ws });
    // Links out of the workspace are listed so that reading them reports them; nothing under them is.
    expect(found).toEqual(['k8s/app.yaml', 'k8s/env.yaml', 'k8s/shared/common.yaml', 'k8s/usr']);
  });

  it('does not enter a folder link out of the workspace that no glob could match below', async () => {
    const ws = workspace();
    const found = await manifestsInTree(ws, globSet(['**/*.yaml']), { root: ws });
    expect(found).toEqual([
      'docs-usr',
      'k8s/app.yaml',
      'k8s/env.yaml',
      'k8s/shared/common.yaml',
      'k8s/usr',
      'shared/common.yaml',
    ]);
    expect(await manifestsInTree(ws, globSet(['shared/*.yaml']), { root: ws })).toEqual([
      'shared/common.yaml',
    ]);
  });
});

describe('sticky comments', () => {
  const marker = markerFor('prod');

  it('counts only comments that start with the marker and come from a bot or a member', () => {
    const found = stickyComments(
      [
        comment(1, `${marker}\nplan`),
        comment(2, `quoting ${marker}`),
        comment(3, `${marker}\nfake`, { userType: 'User', authorAssociation: 'NONE' }),
        comment(4, `${marker}\nby a maintainer's token`, { userType: 'User', authorAssociation: 'MEMBER' }),
        comment(5, `${markerFor('staging')}\nother cluster`),
      ],
      marker,
    );
    expect(found.map((c) => c.id)).toEqual([1, 4]);
  });

  it.each([
    ['update', ['update 2']],
    ['new', ['create']],
    ['hide-and-new', ['minimize N1', 'minimize N2', 'create']],
    ['off', []],
  ] as const)('in %s mode does %j', async (mode, expected) => {
    const { github, calls } = memoryGitHub([comment(1, `${marker}\nold`), comment(2, `${marker}\nnewer`)]);
    await publishComment(github, 2, mode, marker, 'body');
    expect(calls).toEqual(expected);
  });

  it('does not hide a comment that is already hidden', async () => {
    const { github, calls } = memoryGitHub([comment(1, `${marker}\nold`, { minimized: true })]);
    const outcome = await publishComment(github, 2, 'hide-and-new', marker, 'body');
    expect(calls).toEqual(['create']);
    expect(outcome.hidden).toBe(0);
  });
});
