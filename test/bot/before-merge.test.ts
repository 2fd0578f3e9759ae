/**
 * `/berth apply` on an open pull request with `applyBeforeMerge`: accepted only when the
 * head is the commit berth last planned (the plan comment names it); after a newer push
 * it is refused with 😕 and a one-line reason until the head is planned again. The
 * cluster's API server is a closed loopback port: an accepted apply is recorded and then
 * fails closed, which is enough to tell acceptance from refusal.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannedHeadLine } from '../../src/github/comment.ts';
import { addCommit } from '../github/stand-in/server.ts';
import { type Harness, REPO, seedMain, startHarness } from './harness.ts';

const CONFIG = `clusters:
  - name: prod
    live: live
    branch: main
    credentials: prod
    manifests: ["deploy/**/*.yaml"]
apply:
  applyBeforeMerge: true
`;
const APP =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: early\n  namespace: default\ndata: { k: v }\n';

let h: Harness;
let head: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bot-before-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true }
users:
  - name: prod
    user: { token: not-a-real-token }
contexts:
  - name: prod
    context: { cluster: prod, user: prod }
current-context: prod
`,
  );
  h = await startHarness(
    (state) => {
      const main = seedMain(state, { '.github/berth.yml': CONFIG });
      head = addCommit(state, { '.github/berth.yml': CONFIG, 'deploy/app.yaml': APP }, { parents: [main] });
      state.pulls.push({
        number: 40,
        headSha: head,
        baseSha: main,
        headRepo: `${REPO.owner}/${REPO.repo}`,
        state: 'open',
        baseRef: 'main',
        mergeable: true,
        mergeableState: 'clean',
      });
      state.reviews.push({
        id: 1,
        pull: 40,
        login: 'reviewer',
        state: 'APPROVED',
        commitId: head,
        submittedAt: '2026-01-01T00:00:00Z',
      });
      state.permissions.set('maintainer', 'maintain');
    },
    { env: { credentials: ['prod'], kubeconfig } },
  );
});

afterAll(async () => {
  await h.close();
});

function reactionsOn(commentId: number): string[] {
  return h.state.reactions.filter((r) => r.commentId === commentId).map((r) => r.content);
}

/** A plan comment of cluster prod on #40 as the App writes it, naming the head it planned. */
function planComment(sha: string, login = 'berth[bot]'): void {
  const id = 90_000 + h.state.comments.length;
  h.state.comments.push({
    id,
    nodeId: `IC_${id}`,
    body: `<!-- berth:plan cluster=prod -->\n## berth plan · prod\n\n✅ fits\n${plannedHeadLine(sha)}\n`,
    userType: 'Bot',
    login,
    authorAssociation: 'NONE',
    minimized: false,
    issueNumber: 40,
  });
}

describe('/berth apply before merge', () => {
  it('is refused when berth has not planned the head', async () => {
    const { commentId } = await h.comment(40, '/berth apply', 'maintainer');
    await h.bot.idle();
    expect(reactionsOn(commentId)).toEqual(['confused']);
    expect(h.state.comments.at(-1)!.body).toBe(
      `😕 @maintainer: the head ${head.slice(0, 7)} has no berth plan of prod: run \`/berth plan\` first.`,
    );
    expect(h.state.deployments).toEqual([]);
  });

  it('is refused after a newer push than the planned commit, with a one-line reason', async () => {
    const older = 'f'.repeat(40);
    planComment(older);
    const { commentId } = await h.comment(40, '/berth apply', 'maintainer');
    await h.bot.idle();
    expect(reactionsOn(commentId)).toEqual(['confused']);
    const reason = h.state.comments.at(-1)!.body;
    expect(reason).toBe(
      `😕 @maintainer: the head ${head.slice(0, 7)} is newer than the planned commit fffffff: run \`/berth plan\` first.`,
    );
    expect(reason.split('\n')).toHaveLength(1);
    expect(h.state.deployments).toEqual([]);
  });

  it('does not take a plan comment someone else wrote for berth', async () => {
    planComment(head, 'mallory');
    const { commentId } = await h.comment(40, '/berth apply', 'maintainer');
    await h.bot.idle();
    expect(reactionsOn(commentId)).toEqual(['confused']);
    expect(h.state.comments.at(-1)!.body).toMatch(/is newer than the planned commit fffffff/);
    expect(h.state.deployments).toEqual([]);
  });

  it('is accepted once the head is the planned commit: a Deployment of the head is recorded', async () => {
    planComment(head);
    const { commentId } = await h.comment(40, '/berth apply', 'maintainer');
    await h.bot.idle();
    expect(reactionsOn(commentId)[0]).toBe('eyes');
    expect(h.state.deployments.map((d) => d.sha)).toEqual([head]);
    expect(h.github.violations).toEqual([]);
  });
});
