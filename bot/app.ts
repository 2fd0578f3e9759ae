/**
 * The App function: the HTTP routes (through `addHandler`) and the two webhook events it
 * acts on. Each handler checks what it must, starts the work in the background and
 * returns, so the delivery is answered at once.
 */

import type { ApplicationFunction } from 'probot';
import { parseCommand } from '../src/github/command.ts';
import { runCommand } from './chatops.ts';
import { httpHandlers, type Readiness } from './http.ts';
import { onMerged } from './merge.ts';
import { recoverOnce } from './recover.ts';
import { type BotRuntime, repoContext } from './runtime.ts';

export function berthApp(runtime: BotRuntime, readiness: Readiness): ApplicationFunction {
  return (app, { addHandler }) => {
    for (const handler of httpHandlers({
      webhookPath: app.webhookPath,
      secret: runtime.env.webhookSecret,
      metrics: runtime.metrics,
      readiness,
    }))
      addHandler(handler);

    app.on('pull_request.closed', async (context) => {
      const pr = context.payload.pull_request;
      if (!pr.merged || !pr.merge_commit_sha) return;
      const repo = repoContext(context);
      runtime.background.run(`apply of #${pr.number}`, async () => {
        await recoverOnce(runtime, repo);
        await onMerged(runtime, repo, {
          number: pr.number,
          mergeSha: pr.merge_commit_sha!,
          baseRef: pr.base.ref,
          baseSha: pr.base.sha,
          trigger: `merge of #${pr.number} by ${pr.merged_by?.login ?? 'unknown'}`,
        });
      });
    });

    app.on('issue_comment.created', async (context) => {
      const { issue, comment } = context.payload;
      // Commands are taken on pull requests only, from people (a bot cannot command berth).
      if (!issue.pull_request || comment.user?.type === 'Bot') return;
      const parsed = parseCommand(comment.body ?? '');
      if (parsed.kind === 'none') return;
      const repo = repoContext(context);
      runtime.background.run(`command on #${issue.number}`, async () => {
        if (parsed.kind === 'command') await recoverOnce(runtime, repo);
        await runCommand(runtime, repo, {
          parsed,
          issueNumber: issue.number,
          commentId: comment.id,
          commenter: comment.user?.login ?? '',
        });
      });
    });
  };
}
