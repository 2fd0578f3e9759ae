/**
 * The App under test, as GitHub and a cluster see it: the real server (bot/server.ts)
 * on a loopback port, talking to the GitHub API stand-in (test/github/stand-in, every
 * request checked against GitHub's OpenAPI description) as an installed App whose
 * installation tokens the stand-in issues for a JWT signed with the App's key.
 */

import { createPublicKey } from 'node:crypto';
import type { BotEnv } from '../../bot/env.ts';
import { type BotServer, type BotServerOptions, createBotServer } from '../../bot/server.ts';
import {
  addCommit,
  type FakeGitHub,
  type FakeGitHubState,
  initialState,
  startFakeGitHub,
} from '../github/stand-in/server.ts';
import {
  appPrivateKey,
  botEnv,
  deliver,
  mergedPullRequest,
  pullRequestComment,
  SECRET,
} from './deliveries.ts';

export const APP_ID = 12345;

/** Server options, with the environment given only where it differs from the tests' default. */
export type BotOptions = Omit<Partial<BotServerOptions>, 'env'> & { env?: Partial<BotEnv> };
export const INSTALLATION = 77;

export interface Harness {
  github: FakeGitHub;
  state: FakeGitHubState;
  bots: BotServer[];
  bot: BotServer;
  startBot(options?: BotOptions): Promise<BotServer>;
  /** Sends a merge of pull request `number` (its merge commit `mergeSha` on main) to `bot`. */
  merge(
    number: number,
    mergeSha: string,
    bot?: BotServer,
    id?: string,
  ): Promise<{ status: number; id: string }>;
  comment(
    number: number,
    body: string,
    login: string,
    bot?: BotServer,
  ): Promise<{ status: number; commentId: number }>;
  close(): Promise<void>;
}

export const REPO = { owner: 'Codertocat', repo: 'Hello-World', defaultBranch: 'main' };

export async function startHarness(
  setup: (state: FakeGitHubState) => void,
  botOptions: BotOptions = {},
): Promise<Harness> {
  const state = initialState({
    app: {
      id: APP_ID,
      slug: 'berth',
      publicKey: createPublicKey(appPrivateKey()).export({ type: 'spki', format: 'pem' }) as string,
      installations: [INSTALLATION],
    },
  });
  setup(state);
  const github = await startFakeGitHub(state);
  const bots: BotServer[] = [];
  const startBot = async (options: BotOptions = {}) => {
    const { env: _a, ...restDefault } = botOptions;
    const { env: _b, ...rest } = options;
    const bot = await createBotServer({
      recover: false,
      // The stand-in answers at once; Probot's throttling would only slow the tests.
      octokit: { throttle: { enabled: false }, retry: { enabled: false } },
      ...restDefault,
      ...rest,
      env: botEnv({ baseUrl: github.url, appId: String(APP_ID), ...botOptions.env, ...options.env }),
    });
    bots.push(bot);
    return bot;
  };
  const first = await startBot();
  let commentIds = 50_000;
  return {
    github,
    state,
    bots,
    bot: first,
    startBot,
    async merge(number, mergeSha, bot = first, id) {
      const main = state.branches.get('main');
      const parent = state.commits.get(mergeSha)?.parents[0] ?? main ?? 'b'.repeat(40);
      const payload = mergedPullRequest(
        REPO,
        { number, mergeSha, base: 'main', baseSha: parent, headSha: 'a'.repeat(40) },
        INSTALLATION,
      );
      const answer = await deliver(bot.url, SECRET, {
        event: 'pull_request',
        payload,
        ...(id ? { id } : {}),
      });
      return { status: answer.status, id: answer.id };
    },
    async comment(number, body, login, bot = first) {
      const commentId = commentIds++;
      state.comments.push({
        id: commentId,
        nodeId: `IC_${commentId}`,
        body,
        userType: 'User',
        login,
        authorAssociation: 'OWNER',
        minimized: false,
        issueNumber: number,
      });
      const payload = pullRequestComment(REPO, number, body, login, commentId, INSTALLATION);
      const answer = await deliver(bot.url, SECRET, { event: 'issue_comment', payload });
      return { status: answer.status, commentId };
    },
    async close() {
      for (const bot of bots) await bot.close();
      await github.close();
    },
  };
}

/** A repository whose main branch holds `files`; returns the commit's SHA. */
export function seedMain(state: FakeGitHubState, files: Record<string, string>): string {
  state.defaultBranch = 'main';
  return addCommit(state, files, { branch: 'main', message: 'seed' });
}
