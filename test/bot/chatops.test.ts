/**
 * Chat-ops refusals end to end: a signed `issue_comment` delivery to the real server,
 * the App reading its config from the default branch and the commenter's role from the
 * stand-in, and nothing but a reaction and a one-line reason coming back. No cluster is
 * configured with credentials the App has, so any attempt to reach one would fail loudly.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, pullRequestComment } from './deliveries.ts';
import { type Harness, INSTALLATION, REPO, seedMain, startHarness } from './harness.ts';

const CONFIG = `clusters:
  - name: prod
    live: live
    branch: main
    credentials: prod-admin
    manifests: ["deploy/**/*.yaml"]
`;

let h: Harness;

beforeAll(async () => {
  h = await startHarness((state) => {
    const main = seedMain(state, { '.github/berth.yml': CONFIG, 'deploy/app.yaml': 'kind: List\n' });
    state.pulls.push({
      number: 12,
      headSha: 'a'.repeat(40),
      baseSha: main,
      headRepo: 'Codertocat/Hello-World',
      state: 'closed',
      merged: true,
      mergeCommitSha: main,
      baseRef: 'main',
    });
    state.pulls.push({
      number: 13,
      headSha: 'd'.repeat(40),
      baseSha: main,
      headRepo: 'Codertocat/Hello-World',
      state: 'open',
      baseRef: 'main',
      mergeable: true,
      mergeableState: 'clean',
    });
    state.permissions.set('reader', 'read');
    state.permissions.set('writer', 'write');
    state.permissions.set('maintainer', 'maintain');
  });
});

afterAll(async () => {
  await h.close();
});

/** What the App wrote to GitHub (not reads, not the installation token it asked for). */
function writes(): string[] {
  return h.github.requests
    .filter((r) => r.method !== 'GET' && !r.path.endsWith('/access_tokens'))
    .map((r) => `${r.method} ${r.operation}`);
}

function reactionsOn(commentId: number): string[] {
  return h.state.reactions.filter((r) => r.commentId === commentId).map((r) => r.content);
}

describe('chat-ops refusals', () => {
  it("refuses a read-only commenter's /berth apply with 😕 and one line, and writes nothing else", async () => {
    const before = writes().length;
    const { status, commentId } = await h.comment(12, '/berth apply', 'reader');
    expect(status).toBe(200);
    await h.bot.idle();
    expect(reactionsOn(commentId)).toEqual(['confused']);
    const reply = h.state.comments.at(-1)!;
    expect(reply.login).toBe('berth[bot]');
    expect(reply.body).toBe(
      '😕 @reader: /berth apply needs the maintain role on this repository; reader has read.',
    );
    expect(writes().slice(before)).toEqual([
      'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expect(h.state.deployments).toEqual([]);
    // The role came from the permission API, not from the comment's author_association (OWNER).
    expect(h.github.requests.some((r) => r.path.endsWith('/collaborators/reader/permission'))).toBe(true);
  });

  it('refuses --force-conflicts to a maintainer (it needs admin)', async () => {
    const { commentId } = await h.comment(12, '/berth apply prod --force-conflicts', 'maintainer');
    await h.bot.idle();
    expect(reactionsOn(commentId)).toEqual(['confused']);
    expect(h.state.comments.at(-1)!.body).toMatch(/apply --force-conflicts needs the admin role/);
    expect(h.state.deployments).toEqual([]);
  });

  it('refuses hostile command text before reading anything, and ignores commands that are not alone on the first line', async () => {
    const hostile = [
      '/berth apply; rm -rf /',
      '/berth apply $(id)',
      '/berth apply `id`',
      '/berth аpply', // Cyrillic а
      '/berth apply\u200b prod',
      '/berth plan ../../etc/passwd',
    ];
    for (const body of hostile) {
      const before = h.github.requests.length;
      const { commentId } = await h.comment(12, body, 'maintainer');
      await h.bot.idle();
      expect(reactionsOn(commentId), body).toEqual(['confused']);
      const reply = h.state.comments.at(-1)!.body;
      expect(reply.split('\n'), body).toHaveLength(1);
      // The offending word is only ever quoted inside a code span, where Markdown keeps it inert.
      expect(reply.replace(/`[^`]*`/g, ''), body).not.toMatch(/\$\(id\)|rm -rf|etc\/passwd|\u0430|\u200b/);
      // Only the installation token, the reaction and the reply: no config, no permission, no pull request.
      const calls = h.github.requests.slice(before).map((r) => `${r.method} ${r.operation}`);
      expect(
        calls.filter((c) => !c.endsWith('/access_tokens')),
        body,
      ).toEqual([
        'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      ]);
    }
    const ignored = ['> /berth apply', '```\n/berth apply\n```', '    /berth apply', 'please /berth apply'];
    for (const body of ignored) {
      const before = h.github.requests.length;
      const { commentId } = await h.comment(12, body, 'maintainer');
      await h.bot.idle();
      expect(reactionsOn(commentId), body).toEqual([]);
      expect(h.github.requests.length, body).toBe(before);
    }
    expect(h.state.deployments).toEqual([]);
  });

  it('answers /berth help to a writer with the commands and their roles, 👀 then 🚀', async () => {
    const { commentId } = await h.comment(12, '/berth help', 'writer');
    await h.bot.idle();
    expect(reactionsOn(commentId)).toEqual(['eyes', 'rocket']);
    const reply = h.state.comments.at(-1)!.body;
    expect(reply).toMatch(/^## berth commands/);
    expect(reply).toMatch(/\| `\/berth unlock \[cluster\]` \| .* \| admin \|/);
  });

  it("refuses a cluster the App has no credentials for, naming the operator's list", async () => {
    const { commentId } = await h.comment(12, '/berth status', 'writer');
    await h.bot.idle();
    expect(reactionsOn(commentId)).toEqual(['confused']);
    expect(h.state.comments.at(-1)!.body).toMatch(/not set up with credentials "prod-admin"/);
  });

  it('refuses /berth apply on an open pull request while apply.applyBeforeMerge is off', async () => {
    const { commentId } = await h.comment(13, '/berth apply', 'maintainer');
    await h.bot.idle();
    expect(reactionsOn(commentId)).toEqual(['confused']);
    expect(h.state.comments.at(-1)!.body).toBe(
      '😕 @maintainer: this pull request is not merged, and apply.applyBeforeMerge is off in .github/berth.yml.',
    );
    expect(h.state.deployments).toEqual([]);
  });

  it('makes no API call for a delivery whose signature is wrong, whatever it says', async () => {
    const before = h.github.requests.length;
    const payload = pullRequestComment(REPO, 12, '/berth apply', 'maintainer', 424242, INSTALLATION);
    const answer = await deliver(h.bot.url, 'not-the-webhook-secret', { event: 'issue_comment', payload });
    expect(answer.status).toBe(400);
    await h.bot.idle();
    expect(h.github.requests.length).toBe(before);
    expect(reactionsOn(424242)).toEqual([]);
  });

  it("retries GitHub's 5xx answers with Probot's retrying client, and the command still goes through", async () => {
    // The harness turns retrying off to keep other tests quick; production keeps Probot's default.
    const retrying = await h.startBot({ octokit: { throttle: { enabled: false } } });
    h.state.failures.push({
      method: 'GET',
      path: '/contents/.github',
      status: 502,
      message: 'Bad Gateway',
      times: 1,
    });
    const before = h.github.requests.length;
    const { commentId } = await h.comment(12, '/berth help', 'writer', retrying);
    await retrying.idle();
    expect(reactionsOn(commentId)).toEqual(['eyes', 'rocket']);
    const configReads = h.github.requests
      .slice(before)
      .filter((r) => r.method === 'GET' && r.path.includes('/contents/.github'))
      .map((r) => r.status);
    // The failed read is asked again; later reads (the new process's look for interrupted applies) succeed.
    expect(configReads[0]).toBe(502);
    expect(configReads[1]).toBe(200);
    expect(configReads.slice(1).every((s) => s === 200)).toBe(true);
  });

  it('sends only requests the OpenAPI description allows', () => {
    expect(h.github.violations).toEqual([]);
  });
});
