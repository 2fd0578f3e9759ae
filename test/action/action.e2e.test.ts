/**
 * The bundled Action, run as the runner runs it, against a stand-in for GitHub that
 * checks every request with GitHub's OpenAPI description.
 */

import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Plan } from '../../action/core-adapter.ts';
import { fullReportHint } from '../../action/run.ts';
import { plannedHeadLine } from '../../src/github/comment.ts';
import { type FakeGitHub, initialState, startFakeGitHub } from './github-server.ts';
import { type ActionRun, checkout, DIST, runAction, webhookExample } from './run-action.ts';

// Each case starts node on the bundle once or twice; the machine may be busy.
vi.setConfig({ testTimeout: 60_000 });

const MARKER = '<!-- berth:plan cluster=prod -->';
const BASE_WEB = readFileSync(
  new URL('../fixtures/github/workspace/k8s/web.yaml', import.meta.url),
  'utf8',
).replace('replicas: 2', 'replicas: 1');
const HEAD_SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE_SHA = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';

function pullRequestPayload(options: { fork?: boolean } = {}) {
  const payload = webhookExample('pull_request', 'synchronize');
  const pr = payload.pull_request as Record<string, Record<string, unknown>>;
  payload.number = 2;
  pr.number = 2 as never;
  pr.head!.sha = HEAD_SHA;
  pr.base!.sha = BASE_SHA;
  if (options.fork) {
    pr.head!.repo = { ...(pr.head!.repo as object), full_name: 'forker/Hello-World' };
  }
  return payload;
}

function commentPayload(body: string, login: string) {
  const payload = webhookExample('issue_comment', 'created');
  const issue = payload.issue as Record<string, unknown>;
  issue.number = 2;
  issue.pull_request = {
    url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/2',
    html_url: 'https://github.com/Codertocat/Hello-World/pull/2',
    diff_url: 'https://github.com/Codertocat/Hello-World/pull/2.diff',
    patch_url: 'https://github.com/Codertocat/Hello-World/pull/2.patch',
  };
  const comment = payload.comment as Record<string, unknown>;
  comment.body = body;
  comment.id = 77;
  comment.user = { ...(comment.user as object), login };
  return payload;
}

const core = createCore();
const RUN_URL = 'https://github.com/Codertocat/Hello-World/actions/runs/1658821493';

function reportOf(run: ActionRun): Plan {
  return JSON.parse(readFileSync(run.outputs.report!, 'utf8')) as Plan;
}

/** The comment the core renders for the run's own report: what the Action must have posted. */
/** The comment as the Action posts it: the plan, then the hidden line naming the head it planned. */
function expectedComment(run: ActionRun, cluster = 'prod', head = HEAD_SHA): string {
  const plan = core.markdown(reportOf(run), {
    title: cluster,
    marker: `<!-- berth:plan cluster=${cluster} -->`,
    fullReportHint: fullReportHint(RUN_URL),
  });
  return `${plan}\n${plannedHeadLine(head)}\n`;
}

function expectedSummary(run: ActionRun, cluster = 'prod'): string {
  return core.jobSummary(reportOf(run), { title: cluster });
}

const INPUTS = {
  'github-token': 'test-token',
  snapshot: 'cluster/snapshot.yaml',
  cluster: 'prod',
  manifests: 'k8s/**',
};

let github: FakeGitHub;
let workspace: string;

beforeEach(async () => {
  github = await startFakeGitHub(
    initialState({
      pull: { number: 2, headSha: HEAD_SHA, baseSha: BASE_SHA, headRepo: 'Codertocat/Hello-World' },
      pullFiles: [
        { filename: 'k8s/web.yaml', status: 'modified' },
        { filename: 'README.md', status: 'modified' },
      ],
      contents: new Map([[`${BASE_SHA}:k8s/web.yaml`, BASE_WEB]]),
    }),
  );
  workspace = checkout();
});

afterEach(async () => {
  await github.close();
  expect(github.violations).toEqual([]);
});

const writes = () => github.requests.filter((r) => r.method !== 'GET');

describe('the bundled action on pull_request', () => {
  it('is built', () => {
    expect(existsSync(DIST)).toBe(true);
  });

  it('creates one comment on the first run and updates that same comment on the second', async () => {
    const first = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(github.state.comments).toHaveLength(1);
    const [comment] = github.state.comments;
    expect(comment!.body.startsWith(MARKER)).toBe(true);
    expect(comment!.body).toBe(expectedComment(first));
    expect(reportOf(first).summary).toMatchObject({ pods: 2, scheduled: 2 });
    expect(first.outputs['comment-url']).toBe(
      `https://github.com/Codertocat/Hello-World/pull/2#issuecomment-${comment!.id}`,
    );

    const second = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(second.code).toBe(0);
    expect(github.state.comments).toHaveLength(1);
    expect(writes().map((r) => `${r.method} ${r.operation}`)).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    ]);
  });

  it('reads changed files page by page and base versions at the base commit', async () => {
    github.state.pullFiles = [
      ...Array.from({ length: 150 }, (_, i) => ({ filename: `docs/page-${i}.md`, status: 'added' })),
      { filename: 'k8s/web.yaml', status: 'modified' },
    ];
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(0);
    const pages = github.requests.filter(
      (r) => r.operation === '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    );
    // The first page is asked for without a page number; the next one is the link header's.
    expect(pages.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
    const contents = github.requests.filter((r) => r.operation === '/repos/{owner}/{repo}/contents/{path}');
    // With no config input, the base commit's .github/berth.yml is looked for first.
    expect(contents.map((r) => [r.path, r.query.ref])).toEqual([
      ['/repos/Codertocat/Hello-World/contents/.github/berth.yml', BASE_SHA],
      ['/repos/Codertocat/Hello-World/contents/k8s/web.yaml', BASE_SHA],
    ]);
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.workloads).toEqual([
      expect.objectContaining({ name: 'web', change: 'changed', replicas: { before: 1, after: 2 } }),
    ]);
  });

  it('plans a pull request that only removes a workload, from its base version alone', async () => {
    github.state.pullFiles = [{ filename: 'k8s/legacy.yaml', status: 'removed' }];
    github.state.contents.set(`${BASE_SHA}:k8s/legacy.yaml`, BASE_WEB.replace('name: web', 'name: legacy'));
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(reportOf(run).workloads).toEqual([expect.objectContaining({ name: 'legacy', change: 'removed' })]);
    // The snapshot runs none of legacy's pods, so removing it frees nothing there.
    expect(run.outputs).toMatchObject({ pods: '0', 'cpu-delta': '0', 'memory-delta': '0' });
  });

  it.each([
    ['new', 2, 0],
    ['hide-and-new', 2, 1],
    ['off', 1, 0],
  ])(
    'comment mode %s leaves %i comments with %i hidden after a second run',
    async (mode, comments, hidden) => {
      const inputs = { ...INPUTS, comment: mode };
      await runAction({
        event: 'pull_request',
        payload: pullRequestPayload(),
        inputs: { ...INPUTS },
        apiUrl: github.url,
        workspace,
      });
      const run = await runAction({
        event: 'pull_request',
        payload: pullRequestPayload(),
        inputs,
        apiUrl: github.url,
        workspace,
      });
      expect(run.code).toBe(0);
      expect(github.state.comments).toHaveLength(comments);
      expect(github.state.comments.filter((c) => c.minimized)).toHaveLength(hidden);
      if (mode === 'off') expect(run.outputs['comment-url']).toBeUndefined();
      if (mode === 'hide-and-new') expect(github.state.comments.at(-1)!.minimized).toBe(false);
    },
  );

  it('writes the outputs, the JSON report and the job summary', async () => {
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.outputs).toMatchObject({
      passed: 'true',
      pods: '2',
      scheduled: '2',
      unschedulable: '0',
      // The snapshot runs no web pod: both replicas of 500m and 512Mi are new to the cluster.
      'cpu-delta': '1000',
      'memory-delta': String(1024 * 1024 * 1024),
    });
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.version).toBe(1);
    expect(report.summary.scheduled).toBe(2);
    expect(run.summary).toBe(`${expectedSummary(run)}\n`);
    expect(run.summary).not.toContain(MARKER);
  });

  it('fails the step with an annotation at the manifest line when pods do not fit', async () => {
    github.state.pullFiles.push({ filename: 'k8s/batch.yaml', status: 'added' });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ passed: 'false', unschedulable: '3' });
    const annotation = run.commands.find(
      (c) => c.command === 'error' && c.properties.file === 'k8s/batch.yaml',
    );
    expect(annotation?.properties.line).toBe('2');
    expect(annotation?.message).toContain('Insufficient cpu');
    expect(run.stdout).toContain('::error::berth: the plan fails policy');
    expect(github.state.comments[0]!.body).toBe(expectedComment(run));
  });

  it('shortens a plan too large for a comment below the GitHub limit and keeps the fuller plan in the summary', async () => {
    const deployments = Array.from(
      { length: 400 },
      (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-with-a-rather-long-name-number-${i}
  namespace: team-${i % 7}
spec:
  replicas: 2
  selector: { matchLabels: { app: s${i} } }
  template:
    metadata: { labels: { app: s${i} } }
    spec:
      containers:
        - name: main
          image: registry.example.com/app:${i}
          resources: { requests: { cpu: "8", memory: 1Gi } }
`,
    );
    writeFileSync(join(workspace, 'k8s/many.yaml'), deployments.join('---\n'));
    github.state.pullFiles.push({ filename: 'k8s/many.yaml', status: 'added' });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.unschedulable).toBe('800');
    const [posted] = github.state.comments;
    expect(posted!.body.length).toBeLessThanOrEqual(65_536);
    expect(posted!.body).toBe(expectedComment(run));
    expect(run.summary).toBe(`${expectedSummary(run)}\n`);
    // The same plan with a larger budget does not fit a comment: the comment was shortened.
    expect(run.summary.length).toBeGreaterThan(65_536);
  });

  it('passes the same plan when fail-on is never', async () => {
    github.state.pullFiles.push({ filename: 'k8s/batch.yaml', status: 'added' });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: { ...INPUTS, 'fail-on': 'never' },
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(0);
    expect(run.outputs.passed).toBe('false');
  });

  it('waits out a 403 rate limit and then comments once', async () => {
    github.state.failures.push({
      method: 'POST',
      path: /\/issues\/2\/comments$/,
      status: 403,
      headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0' },
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      times: 1,
    });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(github.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([403, 201]);
    expect(github.state.comments).toHaveLength(1);
  });

  it('retries a 502 on a read with backoff', async () => {
    github.state.failures.push({
      method: 'GET',
      path: '/pulls/2/files',
      status: 502,
      message: 'Server Error',
      times: 1,
    });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(0);
    expect(github.requests.filter((r) => r.path.endsWith('/files')).map((r) => r.status)).toEqual([502, 200]);
  });

  it('fails the step when commenting finally fails, with the plan still in the summary', async () => {
    github.state.failures.push({
      method: 'POST',
      path: '/comments',
      status: 502,
      message: 'Server Error',
      times: 5,
    });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    expect(run.summary).toBe(`${expectedSummary(run)}\n`);
    expect(run.outputs.passed).toBe('true');
    expect(run.stdout).toMatch(/::error::berth: GitHub API: POST comment on #2 failed: 502/);
  });

  it.each([
    ['update', 'PATCH'],
    ['hide-and-new', 'POST graphql'],
  ])(
    'succeeds on a fork pull request whose token cannot write (%s mode), with the plan in the summary',
    async (mode, refused) => {
      github.state.comments.push({
        id: 1,
        nodeId: 'IC_kwDOold',
        body: `${MARKER}\nan older plan`,
        userType: 'Bot',
        login: 'github-actions[bot]',
        authorAssociation: 'NONE',
        minimized: false,
      });
      github.state.readOnlyTokens.add('fork-token');
      const run = await runAction({
        event: 'pull_request',
        payload: pullRequestPayload({ fork: true }),
        inputs: { ...INPUTS, 'github-token': 'fork-token', comment: mode },
        apiUrl: github.url,
        workspace,
      });
      expect(run.code, run.stdout).toBe(0);
      // The one write tried was refused, and nothing changed.
      expect(writes().map((r) => `${r.method}${r.operation === 'graphql' ? ' graphql' : ''}`)).toEqual([
        refused,
      ]);
      expect(github.state.comments.map((c) => [c.body, c.minimized])).toEqual([
        [`${MARKER}\nan older plan`, false],
      ]);
      expect(run.summary).toBe(`${expectedSummary(run)}\n`);
      expect(reportOf(run).summary).toMatchObject({ pods: 2, scheduled: 2 });
      expect(run.stdout).toMatch(
        /::notice::berth: the workflow token cannot comment on pull request #2 \(it comes from a fork\): the plan is in the job summary and the JSON report/,
      );
    },
  );

  it('says in one line that no manifest changed, and edits an existing comment to say so', async () => {
    await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    github.state.pullFiles = [{ filename: 'README.md', status: 'modified' }];
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(0);
    expect(run.summary.trim().split('\n')).toEqual([
      'berth: no Kubernetes manifest changed in #2; nothing to plan on cluster prod.',
    ]);
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0]!.body).toBe(
      `${MARKER}\nberth: no Kubernetes manifest changed in #2; nothing to plan on cluster prod.\n`,
    );
    expect(run.outputs.pods).toBe('0');
  });

  it('writes no comment at all when no manifest changed and none existed', async () => {
    github.state.pullFiles = [{ filename: 'README.md', status: 'modified' }];
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(0);
    expect(writes()).toEqual([]);
  });
});

describe('the bundled action on /berth plan comments', () => {
  it('re-plans the head read through the API for a commenter with write access and reacts', async () => {
    github.state.permissions.set('maintainer', 'write');
    // The checkout of a comment event is the default branch: the PR's head must come from the API.
    github.state.contents.set(`${HEAD_SHA}:k8s/web.yaml`, BASE_WEB.replace('replicas: 1', 'replicas: 3'));
    writeFileSync(`${workspace}/k8s/web.yaml`, BASE_WEB);
    const run = await runAction({
      event: 'issue_comment',
      payload: commentPayload('/berth plan', 'maintainer'),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(github.state.reactions).toEqual([{ commentId: 77, content: 'eyes' }]);
    expect(run.outputs.pods).toBe('3');
    expect(github.state.comments).toHaveLength(1);
  });

  it.each([
    ['a reader', 'read'],
    ['a triager', 'triage'],
  ])('refuses %s with a reaction and plans nothing', async (_who, role) => {
    github.state.permissions.set('visitor', role);
    const run = await runAction({
      event: 'issue_comment',
      payload: commentPayload('/berth plan', 'visitor'),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(0);
    expect(github.state.reactions).toEqual([{ commentId: 77, content: 'confused' }]);
    expect(github.state.comments).toEqual([]);
    expect(run.outputs).toEqual({});
  });

  it('plans on /berth plan naming its cluster, and leaves a command for another cluster to its step', async () => {
    github.state.permissions.set('maintainer', 'write');
    const other = await runAction({
      event: 'issue_comment',
      payload: commentPayload('/berth plan staging', 'maintainer'),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(other.code, other.stdout).toBe(0);
    expect(github.requests).toEqual([]);
    const own = await runAction({
      event: 'issue_comment',
      payload: commentPayload('/berth plan prod', 'maintainer'),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(own.code, own.stdout).toBe(0);
    expect(github.state.reactions).toEqual([{ commentId: 77, content: 'eyes' }]);
    expect(github.state.comments).toHaveLength(1);
  });

  it.each([
    ['the command with a shell tail', '/berth plan; rm -rf /'],
    ['a look-alike letter', '/berth pl\u0430n'],
    ['the command in a code block', '```\n/berth plan\n```'],
    ['a command the Action does not run', '/berth apply'],
  ])('does nothing on %s', async (_name, body) => {
    github.state.permissions.set('maintainer', 'admin');
    const run = await runAction({
      event: 'issue_comment',
      payload: commentPayload(body, 'maintainer'),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(github.requests).toEqual([]);
  });

  it('ignores a comment that only quotes the command', async () => {
    const run = await runAction({
      event: 'issue_comment',
      payload: commentPayload('> /berth plan\nplease run this', 'maintainer'),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(0);
    expect(github.requests).toEqual([]);
  });
});

describe('the bundled action on push and workflow_dispatch', () => {
  it.each(['push', 'workflow_dispatch'])('plans the whole tree on %s, summary only', async (event) => {
    const run = await runAction({
      event,
      payload: webhookExample(event),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ pods: '5', scheduled: '2', unschedulable: '3' });
    expect(run.summary).toBe(`${expectedSummary(run)}\n`);
    expect(github.requests).toEqual([]);
  });
});

function workflowRunPayload(options: { headSha: string; owner: string; branch: string; pulls: number[] }) {
  const payload = webhookExample('workflow_run', 'completed');
  const run = payload.workflow_run as Record<string, unknown>;
  run.event = 'pull_request';
  run.head_sha = options.headSha;
  run.head_branch = options.branch;
  run.head_repository = {
    ...(run.head_repository as object),
    owner: { ...((run.head_repository as Record<string, object>).owner as object), login: options.owner },
  };
  run.pull_requests = options.pulls.map((number) => ({
    url: `https://api.github.com/repos/Codertocat/Hello-World/pulls/${number}`,
    id: 279147437,
    number,
  }));
  return payload;
}

describe('the bundled action on workflow_run after a fork pull request', () => {
  beforeEach(() => {
    github.state.pull = {
      number: 2,
      headSha: HEAD_SHA,
      baseSha: BASE_SHA,
      headRepo: 'forker/Hello-World',
      headLabel: 'forker:patch-1',
    };
    github.state.contents.set(`${HEAD_SHA}:k8s/web.yaml`, BASE_WEB.replace('replicas: 1', 'replicas: 3'));
  });

  it('finds the fork PR by its head, plans the head read through the API and comments', async () => {
    const run = await runAction({
      event: 'workflow_run',
      payload: workflowRunPayload({ headSha: HEAD_SHA, owner: 'forker', branch: 'patch-1', pulls: [] }),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(github.requests.find((r) => r.operation === '/repos/{owner}/{repo}/pulls')?.query).toMatchObject({
      head: 'forker:patch-1',
      state: 'open',
    });
    expect(run.outputs.pods).toBe('3');
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0]!.body.startsWith(MARKER)).toBe(true);
  });

  it('plans nothing when the pull request has moved on to a newer commit', async () => {
    const run = await runAction({
      event: 'workflow_run',
      payload: workflowRunPayload({ headSha: 'd'.repeat(40), owner: 'forker', branch: 'patch-1', pulls: [] }),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(run.stdout).toContain('no open pull request has head dddddddddddd any more');
  });

  it('uses the pull request the run names when it is from the same repository', async () => {
    const run = await runAction({
      event: 'workflow_run',
      payload: workflowRunPayload({ headSha: HEAD_SHA, owner: 'Codertocat', branch: 'changes', pulls: [2] }),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(0);
    expect(github.requests.some((r) => r.operation === '/repos/{owner}/{repo}/pulls')).toBe(false);
    expect(github.state.comments).toHaveLength(1);
  });
});

describe('the bundled action with a config, bad inputs and other layouts', () => {
  const CONFIG = `version: 1
clusters:
  - name: prod
    snapshot: cluster/snapshot.yaml
    manifests: ["k8s/**/*.yaml"]
  - name: staging
    snapshot: cluster/snapshot.yaml
    manifests: ["k8s/**/*.yaml"]
comment: { mode: update }
`;

  it('keeps one comment per cluster of the config, each updated in place', async () => {
    mkdirSync(join(workspace, '.github'));
    writeFileSync(join(workspace, '.github/berth.yml'), CONFIG);
    const planFor = (cluster: string) =>
      runAction({
        event: 'pull_request',
        payload: pullRequestPayload(),
        inputs: { 'github-token': 'test-token', config: '.github/berth.yml', cluster },
        apiUrl: github.url,
        workspace,
      });
    for (const cluster of ['prod', 'staging', 'prod', 'staging']) {
      const run = await planFor(cluster);
      expect(run.code, run.stdout).toBe(0);
    }
    expect(github.state.comments.map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- berth:plan cluster=prod -->',
      '<!-- berth:plan cluster=staging -->',
    ]);
    expect(writes().map((r) => r.method)).toEqual(['POST', 'POST', 'PATCH', 'PATCH']);
  });

  it("never edits another bot's comment that carries berth's marker", async () => {
    github.state.comments.push({
      id: 1,
      nodeId: 'IC_kwDOforged',
      body: `${MARKER}\nposted by another app`,
      userType: 'Bot',
      login: 'other-app[bot]',
      authorAssociation: 'NONE',
      minimized: false,
    });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(writes().map((r) => r.method)).toEqual(['POST']);
    expect(github.state.comments[0]!.body).toBe(`${MARKER}\nposted by another app`);
    expect(github.state.comments).toHaveLength(2);
  });

  it('edits the marker comment of the App named in comment-author, as the App token writes it', async () => {
    github.state.comments.push({
      id: 1,
      nodeId: 'IC_kwDOapp',
      body: `${MARKER}\nan earlier plan`,
      userType: 'Bot',
      login: 'berth-app[bot]',
      authorAssociation: 'NONE',
      minimized: false,
    });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: { ...INPUTS, 'comment-author': 'berth-app[bot]' },
      apiUrl: github.url,
      workspace,
    });
    expect(run.code, run.stdout).toBe(0);
    expect(writes().map((r) => r.method)).toEqual(['PATCH']);
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0]!.body).not.toContain('an earlier plan');
  });

  it('fails the step with a clear error when the event payload cannot be read', async () => {
    const run = await runAction({
      event: 'pull_request',
      payload: '{ not json',
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::berth: cannot read the event payload at GITHUB_EVENT_PATH: /);
    expect(github.requests).toEqual([]);
  });

  it('takes the comment mode from the config when the input leaves it out', async () => {
    mkdirSync(join(workspace, '.github'));
    writeFileSync(join(workspace, '.github/berth.yml'), CONFIG.replace('mode: update', 'mode: new'));
    const inputs = { 'github-token': 'test-token', config: '.github/berth.yml', cluster: 'prod' };
    await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs,
      apiUrl: github.url,
      workspace,
    });
    await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs,
      apiUrl: github.url,
      workspace,
    });
    expect(github.state.comments).toHaveLength(2);
  });

  describe('the policy of the base commit', () => {
    const RELAXED = `${CONFIG}policy: { unschedulable: false }\n`;
    const addBatch = () => github.state.pullFiles.push({ filename: 'k8s/batch.yaml', status: 'added' });
    const planWith = (extra: Record<string, string> = {}) =>
      runAction({
        event: 'pull_request',
        payload: pullRequestPayload(),
        inputs: { 'github-token': 'test-token', config: '.github/berth.yml', cluster: 'prod', ...extra },
        apiUrl: github.url,
        workspace,
      });

    it('applies, not the copy a pull request brings, so a pull request cannot relax its own check', async () => {
      mkdirSync(join(workspace, '.github'));
      writeFileSync(join(workspace, '.github/berth.yml'), RELAXED);
      github.state.contents.set(`${BASE_SHA}:.github/berth.yml`, CONFIG);
      addBatch();
      const run = await planWith();
      expect(run.code, run.stdout).toBe(1);
      expect(run.outputs.passed).toBe('false');
      expect(github.state.comments[0]!.body).toContain(
        '❌ **Unschedulable pods**: 3 pods cannot be scheduled',
      );
      expect(
        github.requests.some(
          (r) => r.operation === '/repos/{owner}/{repo}/contents/{path}' && r.path.includes('berth.yml'),
        ),
      ).toBe(true);

      // `config-ref: checkout` is the opt-out: then the checked-out copy is the policy.
      expect((await planWith({ 'config-ref': 'checkout' })).code).toBe(0);
    });

    it('is found at .github/berth.yml when the config input is empty, and read at the base commit', async () => {
      mkdirSync(join(workspace, '.github'));
      writeFileSync(join(workspace, '.github/berth.yml'), RELAXED);
      github.state.contents.set(`${BASE_SHA}:.github/berth.yml`, CONFIG);
      addBatch();
      // No config, snapshot, fleet or kubeconfig input: the cluster and the policy come from the file.
      const inputs = { 'github-token': 'test-token', cluster: 'prod' };
      const run = await runAction({
        event: 'pull_request',
        payload: pullRequestPayload(),
        inputs,
        apiUrl: github.url,
        workspace,
      });
      expect(run.code, run.stdout).toBe(1);
      expect(reportOf(run).cluster.source).toBe('cluster/snapshot.yaml');
      expect(github.state.comments[0]!.body).toContain(
        '❌ **Unschedulable pods**: 3 pods cannot be scheduled',
      );
      expect(run.stdout).toContain('berth: policy from .github/berth.yml at the base commit f95f852bd8fc.');

      // On a push the checked-out file is the config: its relaxed policy passes the same pods.
      const push = await runAction({
        event: 'push',
        payload: webhookExample('push'),
        inputs,
        apiUrl: github.url,
        workspace,
      });
      expect(push.code, push.stdout).toBe(0);
      expect(push.outputs).toMatchObject({ unschedulable: '3', passed: 'true' });
    });

    it("reads the base's .github/berth.yml when a pull request deletes it from the checkout", async () => {
      github.state.contents.set(`${BASE_SHA}:.github/berth.yml`, CONFIG.replace('mode: update', 'mode: off'));
      github.state.pullFiles.push({ filename: '.github/berth.yml', status: 'removed' });
      const run = await runAction({
        event: 'pull_request',
        payload: pullRequestPayload(),
        inputs: INPUTS,
        apiUrl: github.url,
        workspace,
      });
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).toContain('berth: policy from .github/berth.yml at the base commit f95f852bd8fc.');
      // The base's comment mode is off: the pull request's deletion does not turn it back on.
      expect(github.state.comments).toHaveLength(0);
    });

    it('gives way to the checked-out copy only when the base has no config, and says so', async () => {
      mkdirSync(join(workspace, '.github'));
      writeFileSync(join(workspace, '.github/berth.yml'), CONFIG);
      addBatch();
      const run = await planWith();
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('.github/berth.yml is not on the base commit f95f852bd8fc');
    });

    it('with errors fails the input rule and shows them in the comment, summary, report and annotations', async () => {
      // Each of these used to be dropped for a default, and the plan passed.
      const broken = `${CONFIG}policy: { unschedulable: "yes", nPlusOne: 1 }\n`;
      mkdirSync(join(workspace, '.github'));
      writeFileSync(join(workspace, '.github/berth.yml'), broken);
      github.state.contents.set(`${BASE_SHA}:.github/berth.yml`, broken);
      const run = await planWith();
      expect(run.code, run.stdout).toBe(1);
      expect(run.outputs.passed).toBe('false');
      const comment = github.state.comments[0]!.body;
      expect(comment).toContain('❌ **Fails**');
      expect(comment).not.toContain('Passes');
      expect(comment).toContain('- ❌ **Input errors**: 2 input errors: fix the config');
      expect(comment).toContain(
        '- error: .github/berth.yml:10:26: policy.unschedulable must be true or false',
      );
      expect(run.summary).toContain('.github/berth.yml:10:43: policy.nPlusOne must be true or false');
      expect(reportOf(run).diagnostics.map((d) => `${d.file}:${d.line}:${d.severity}`)).toEqual([
        '.github/berth.yml:10:error',
        '.github/berth.yml:10:error',
      ]);
      const annotated = run.commands.filter(
        (c) => c.command === 'error' && c.properties.file === '.github/berth.yml',
      );
      expect(annotated.map((c) => c.properties.line)).toEqual(['10', '10']);
      expect(run.stdout).toContain('::error::berth: the plan fails policy: 2 input errors');
    });

    it('with errors fails the check even when no manifest changed', async () => {
      const broken = CONFIG.replace(
        'snapshot: cluster/snapshot.yaml',
        'snapshot: cluster/snapshot.yaml\n    fleet: f.yaml',
      );
      github.state.contents.set(`${BASE_SHA}:.github/berth.yml`, broken);
      github.state.pullFiles = [{ filename: 'README.md', status: 'modified' }];
      const run = await planWith();
      expect(run.code).toBe(1);
      expect(run.outputs.passed).toBe('false');
      expect(run.summary).toContain('The config has 1 error (.github/berth.yml:5): see the annotations.');
      expect(
        run.commands.find((c) => c.command === 'error' && c.properties.file === '.github/berth.yml'),
      ).toMatchObject({
        properties: { line: '5' },
        message: expect.stringContaining('names 2 sources (snapshot, fleet)'),
      });
    });
  });

  it('fails on a bad input before any API call, saying what to fix', async () => {
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: { ...INPUTS, comment: 'always' },
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::berth: input "comment" is "always"; use one of: update, new, hide-and-new, off',
    );
    expect(github.requests).toEqual([]);
  });

  it('says to check out the repository when the changed manifests are not in the workspace', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'berth-empty-'));
    cpSync(join(workspace, 'cluster'), join(empty, 'cluster'), { recursive: true });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace: empty,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('check out the repository with actions/checkout before berth runs');
  });

  it('annotates a broken manifest at its line and fails the check', async () => {
    writeFileSync(
      join(workspace, 'k8s/broken.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n',
    );
    github.state.pullFiles.push({ filename: 'k8s/broken.yaml', status: 'added' });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    const annotation = run.commands.find(
      (c) => c.command === 'error' && c.properties.file === 'k8s/broken.yaml',
    );
    expect(annotation, run.stdout).toBeDefined();
    expect(Number(annotation!.properties.line)).toBeGreaterThanOrEqual(4);
  });

  it('lets no value from a manifest issue a workflow command or reach the log raw', async () => {
    const ESC = '\u001b';
    const hostile = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm\n::error::pwned-name${ESC}[2J\u0000` },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'x',
              resources: { requests: { 'example.com/gpu\n::add-mask::m': '1' } },
            },
          ],
        },
      },
    ];
    writeFileSync(join(workspace, 'k8s/evil.yaml'), hostile.map((d) => JSON.stringify(d)).join('\n---\n'));
    github.state.pullFiles.push({ filename: 'k8s/evil.yaml', status: 'added' });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    expect(run.stdout).not.toMatch(raw);
    expect(run.stderr).not.toMatch(raw);
    // Outside stop-commands blocks, the only commands are berth's own: annotations and the token's mask.
    const outside: string[] = [];
    let token: string | null = null;
    for (const line of run.stdout.split('\n')) {
      if (token !== null) {
        if (line === `::${token}::`) token = null;
        continue;
      }
      const stop = /^::stop-commands::(.+)$/.exec(line);
      if (stop) token = stop[1]!;
      else outside.push(line);
    }
    expect(token).toBeNull();
    for (const line of outside.filter((l) => l.startsWith('::'))) {
      expect(line).toMatch(/^::(error|warning|notice)( [^:]*)?::|^::add-mask::test-token$/);
    }
    expect(outside.filter((l) => l.includes('pwned') || l.includes('add-mask::m'))).not.toEqual([]);
    expect(outside.filter((l) => !l.startsWith('::'))).toEqual(['']);
    // The annotations still say what the input holds, written out.
    const messages = run.commands.filter((c) => c.command === 'error').map((c) => c.message);
    expect(messages.join('\n')).toContain('cm\\n::error::pwned-name\\x1b[2J\\x00');
    expect(messages.join('\n')).toContain('requests[example.com/gpu\\n::add-mask::m]');
  });

  it('refuses what the API server refuses, at its lines, and never shows a secret value', async () => {
    writeFileSync(
      join(workspace, 'k8s/bad.yaml'),
      [
        'apiVersion: v1',
        'kind: Secret',
        'metadata: { name: creds, namespace: shop }',
        'data:',
        '  password: "hunter2 not base64!"',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: negative, namespace: shop }',
        'spec:',
        '  selector: { matchLabels: { app: negative } }',
        '  template:',
        '    metadata: { labels: { app: negative } }',
        '    spec:',
        '      containers:',
        '        - name: app',
        '          image: x',
        '          resources: { requests: { cpu: "-1" } }',
        '',
      ].join('\n'),
    );
    github.state.pullFiles.push({ filename: 'k8s/bad.yaml', status: 'added' });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.pods).toBe('2');
    const annotated = run.commands
      .filter((c) => c.command === 'error' && c.properties.file === 'k8s/bad.yaml')
      .map((c) => [c.properties.line, c.message]);
    expect(annotated).toEqual([
      ['5', 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7'],
      [
        '18',
        'The Deployment "negative" is invalid: spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      ],
    ]);
    const comment = github.state.comments[0]!.body;
    expect(comment).toContain('❌ **Fails**');
    expect(comment).not.toContain('negative-1');
    for (const text of [
      comment,
      run.summary,
      run.stdout,
      run.stderr,
      readFileSync(run.outputs.report!, 'utf8'),
    ])
      expect(text).not.toContain('hunter2');
  });

  it('refuses a workload of a billion replicas at its line, and still comments and writes the summary', async () => {
    writeFileSync(
      join(workspace, 'k8s/huge.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: huge',
        'spec:',
        '  replicas: 1000000000',
        '  selector: { matchLabels: { app: huge } }',
        '  template:',
        '    metadata: { labels: { app: huge } }',
        '    spec:',
        '      containers: [{ name: app, image: registry.example.com/app:1 }]',
        '',
      ].join('\n'),
    );
    github.state.pullFiles.push({ filename: 'k8s/huge.yaml', status: 'added' });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    const annotation = run.commands.find(
      (c) => c.command === 'error' && c.properties.file === 'k8s/huge.yaml',
    );
    expect(annotation?.properties.line, run.stdout).toBe('6');
    expect(annotation?.message).toContain('limits.maxPodsPerWorkload');
    expect(run.outputs.passed).toBe('false');
    expect(run.summary).toContain('limits.maxPodsPerWorkload');
    expect(github.state.comments).toHaveLength(1);
    expect(github.state.comments[0]!.body).toContain('limits.maxPodsPerWorkload');
  });

  it('runs in a working directory, with annotations at paths from the repository root', async () => {
    const root = mkdtempSync(join(tmpdir(), 'berth-monorepo-'));
    cpSync(workspace, join(root, 'deploy'), { recursive: true });
    github.state.pullFiles = [
      { filename: 'deploy/k8s/web.yaml', status: 'modified' },
      { filename: 'deploy/k8s/batch.yaml', status: 'added' },
      { filename: 'k8s/elsewhere.yaml', status: 'added' },
    ];
    github.state.contents.set(`${BASE_SHA}:deploy/k8s/web.yaml`, BASE_WEB);
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: { ...INPUTS, 'working-directory': 'deploy' },
      apiUrl: github.url,
      workspace: root,
    });
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ pods: '5', unschedulable: '3' });
    expect(
      run.commands.filter((c) => c.command === 'error' && c.properties.file).map((c) => c.properties.file),
    ).toEqual(['deploy/k8s/batch.yaml']);
  });

  it('never prints the token', async () => {
    github.state.failures.push({
      method: 'POST',
      path: '/comments',
      status: 502,
      message: 'Server Error',
      times: 1,
    });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    // `::add-mask::` is the one line that must carry it: it tells the runner what to mask.
    const printed = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(run.stdout).toContain('::add-mask::test-token');
    expect([...printed, run.stderr, run.summary].join('\n')).not.toContain('test-token');
  });
});

describe('the bundled action reading a live cluster through a kubeconfig', () => {
  it('lists the cluster read-only, plans against it and never prints the credentials', async () => {
    const seen: { method: string; path: string; auth: string }[] = [];
    const node = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
    });
    const apiserver = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      seen.push({ method: req.method ?? '', path: url.pathname, auth: req.headers.authorization ?? '' });
      const items = url.pathname === '/api/v1/nodes' ? [node('live-a'), node('live-b'), node('live-c')] : [];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items }));
    });
    await new Promise<void>((resolve) => apiserver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = apiserver.address() as AddressInfo;
      const kubeconfig = join(mkdtempSync(join(tmpdir(), 'berth-kube-')), 'config');
      writeFileSync(
        kubeconfig,
        `apiVersion: v1
kind: Config
clusters:
  - name: live
    cluster: { server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true }
users:
  - name: reader
    user: { token: kube-secret-token }
contexts:
  - name: live
    context: { cluster: live, user: reader }
current-context: live
`,
      );
      github.state.pullFiles.push({ filename: 'k8s/batch.yaml', status: 'added' });
      const run = await runAction({
        event: 'pull_request',
        payload: pullRequestPayload(),
        inputs: { 'github-token': 'test-token', kubeconfig, cluster: 'prod', manifests: 'k8s/**' },
        apiUrl: github.url,
        workspace,
      });
      // Three 4-CPU nodes: the 3-CPU batch pods fit here, where the 2-CPU snapshot nodes could not hold them.
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs).toMatchObject({ pods: '5', scheduled: '5', unschedulable: '0' });
      expect(seen.map((r) => r.path)).toContain('/api/v1/nodes');
      expect(new Set(seen.map((r) => r.method))).toEqual(new Set(['GET']));
      expect(seen.every((r) => r.auth === 'Bearer kube-secret-token')).toBe(true);
      const printed = [run.stdout, run.stderr, run.summary, ...github.state.comments.map((c) => c.body)].join(
        '\n',
      );
      expect(printed).not.toContain('kube-secret-token');
    } finally {
      await new Promise<void>((resolve) => apiserver.close(() => resolve()));
    }
  });
});

describe('the bundled action reads nothing outside the workspace', () => {
  const TOKEN = 'stolen-token-5b1f0c';
  const pod = (name: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: { name: ${name}, namespace: shop }\nspec:\n  containers: [{ name: c, image: x }]\n`;

  /** A folder beside the workspace, standing for the rest of the runner. */
  function outside(): string {
    const dir = mkdtempSync(join(tmpdir(), 'berth-outside-'));
    writeFileSync(join(dir, 'pod.yaml'), pod(TOKEN));
    mkdirSync(join(dir, 'tree'));
    writeFileSync(join(dir, 'tree/deep.yaml'), pod(`${TOKEN}-deep`));
    return dir;
  }

  /** Everything the run published: log, summary, outputs, JSON report and comments. */
  function published(run: ActionRun): string {
    const report =
      run.outputs.report && existsSync(run.outputs.report) ? readFileSync(run.outputs.report, 'utf8') : '';
    return [
      run.stdout,
      run.stderr,
      run.summary,
      JSON.stringify(run.outputs),
      report,
      ...github.state.comments.map((c) => c.body),
    ].join('\n');
  }

  it('refuses a changed manifest that is a link out of the workspace, at its path, in every output', async () => {
    symlinkSync(join(outside(), 'pod.yaml'), join(workspace, 'k8s/leak.yaml'));
    github.state.pullFiles.push({ filename: 'k8s/leak.yaml', status: 'added' });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    const annotation = run.commands.find(
      (c) => c.command === 'error' && c.properties.file === 'k8s/leak.yaml',
    );
    expect(annotation?.message).toBe('symbolic link that leads outside the workspace; not read');
    expect(reportOf(run).diagnostics).toEqual([
      expect.objectContaining({ file: 'k8s/leak.yaml', code: 'outside-root' }),
    ]);
    expect(github.state.comments[0]!.body).toBe(expectedComment(run));
    expect(published(run)).not.toContain(TOKEN);
  });

  it('does not walk a folder link out of the workspace when it plans the whole tree', async () => {
    symlinkSync(join(outside(), 'tree'), join(workspace, 'k8s/usr'));
    const run = await runAction({
      event: 'push',
      payload: webhookExample('push'),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    const annotation = run.commands.find((c) => c.command === 'error' && c.properties.file === 'k8s/usr');
    expect(annotation?.message).toBe('symbolic link that leads outside the workspace; not read');
    expect(run.outputs).toMatchObject({ pods: '5' });
    expect(published(run)).not.toContain(TOKEN);
  });

  it.each([
    [
      'a config cluster file climbing out of the workspace',
      (ws: string) =>
        writeFileSync(
          join(ws, '.github/berth.yml'),
          clusterConfig('../../../../../../../../proc/self/environ'),
        ),
      'berth: cannot read cluster file ../../../../../../../../proc/self/environ: outside the workspace; not read',
    ],
    [
      'an absolute config cluster file',
      (ws: string) => writeFileSync(join(ws, '.github/berth.yml'), clusterConfig('/proc/self/environ')),
      'clusters[].snapshot must be a path inside the repository, relative to the working directory',
    ],
    [
      'a config that is a link out of the workspace',
      (ws: string) => {
        const dir = outside();
        writeFileSync(join(dir, 'berth.yml'), clusterConfig('cluster/snapshot.yaml'));
        symlinkSync(join(dir, 'berth.yml'), join(ws, '.github/berth.yml'));
      },
      'berth: cannot read config .github/berth.yml: symbolic link that leads outside the workspace; not read',
    ],
  ])('refuses %s and reads nothing of it', async (_name, setup, message) => {
    mkdirSync(join(workspace, '.github'));
    setup(workspace);
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      inputs: { 'github-token': 'test-token', config: '.github/berth.yml', cluster: 'prod' },
      apiUrl: github.url,
      workspace,
    });
    expect(run.code).toBe(1);
    expect(run.commands.filter((c) => c.command === 'error').map((c) => c.message)).toContain(message);
    // The runner's environment (GITHUB_EVENT_PATH=...) would be in /proc/self/environ.
    expect(published(run)).not.toContain('GITHUB_EVENT_PATH=');
  });
});

function clusterConfig(snapshot: string): string {
  return `version: 1\nclusters:\n  - name: prod\n    snapshot: ${snapshot}\n    manifests: ["k8s/**/*.yaml"]\n`;
}
