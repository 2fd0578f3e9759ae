/** Routes: pull requests (get, list, create), their files and their reviews. */

import type { Route, RouteContext } from './context.ts';
import { example, type Json } from './openapi.ts';
import { allPulls, resolveRef, type StoredPull } from './state.ts';

export function pullJson(ctx: RouteContext, template: Json, pr: StoredPull): Json {
  const { state } = ctx;
  const head = template.head as Json;
  const base = template.base as Json;
  const open = (pr.state ?? 'open') === 'open';
  const merged = pr.merged ?? false;
  return {
    ...template,
    number: pr.number,
    state: pr.state ?? 'open',
    title: pr.title ?? template.title,
    body: pr.body ?? null,
    user: { ...(template.user as Json), login: pr.author ?? 'octocat' },
    url: `https://api.github.com/repos/${state.owner}/${state.repo}/pulls/${pr.number}`,
    html_url: `https://github.com/${state.owner}/${state.repo}/pull/${pr.number}`,
    requested_teams: [],
    ...('merged' in template ? { merged } : {}),
    merged_at: merged ? '2026-01-01T00:00:00Z' : null,
    closed_at: open ? null : '2026-01-01T00:00:00Z',
    merge_commit_sha: pr.mergeCommitSha ?? null,
    ...('mergeable' in template ? { mergeable: pr.mergeable ?? (open ? true : null) } : {}),
    ...('mergeable_state' in template
      ? { mergeable_state: pr.mergeableState ?? (open ? 'clean' : 'unknown') }
      : {}),
    head: {
      ...head,
      sha: pr.headSha,
      ref: pr.headRef ?? 'changes',
      label: pr.headLabel ?? `${state.owner}:${pr.headRef ?? 'changes'}`,
      repo: { ...(head.repo as Json), full_name: pr.headRepo },
    },
    base: {
      ...base,
      sha: pr.baseSha,
      ref: pr.baseRef ?? state.defaultBranch,
      label: `${state.owner}:${pr.baseRef ?? state.defaultBranch}`,
      repo: { ...(base.repo as Json), full_name: `${state.owner}/${state.repo}` },
    },
  };
}

function findPull(ctx: RouteContext): StoredPull | undefined {
  return allPulls(ctx.state).find((p) => p.number === Number(ctx.params.pull_number));
}

export const pullRoutes: Record<string, Route> = {
  'get /repos/{owner}/{repo}/pulls/{pull_number}/files': (ctx) => {
    const { slice, headers } = ctx.page(ctx.state.pullFiles);
    const template = (example('get', ctx.template, 200) as unknown as Json[])[0]!;
    ctx.send(
      200,
      slice.map((f, i) => ({
        ...template,
        sha: `${i}`.padStart(40, 'c'),
        filename: f.filename,
        status: f.status,
        ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
      })),
      headers,
    );
  },

  'get /repos/{owner}/{repo}/pulls/{pull_number}': (ctx) => {
    const pr = findPull(ctx);
    if (!pr) return ctx.notFound();
    ctx.send(200, pullJson(ctx, example('get', ctx.template, 200), pr));
  },

  'get /repos/{owner}/{repo}/pulls': (ctx) => {
    const wanted = ctx.query.state ?? 'open';
    const item = (example('get', ctx.template, 200) as unknown as Json[])[0]!;
    const matches = allPulls(ctx.state).filter((pr) => {
      const label = pr.headLabel ?? `${ctx.state.owner}:${pr.headRef ?? 'changes'}`;
      const state = pr.state ?? 'open';
      if (wanted !== 'all' && state !== wanted) return false;
      if (ctx.query.head !== undefined && ctx.query.head !== label) return false;
      if (ctx.query.base !== undefined && ctx.query.base !== (pr.baseRef ?? ctx.state.defaultBranch))
        return false;
      return true;
    });
    const { slice, headers } = ctx.page(matches);
    ctx.send(
      200,
      slice.map((pr) => pullJson(ctx, item, pr)),
      headers,
    );
  },

  'post /repos/{owner}/{repo}/pulls': (ctx) => {
    if (ctx.refuseReadOnly()) return;
    const { state, body } = ctx;
    const head = String(body.head ?? '');
    const base = String(body.base ?? '');
    const headSha = resolveRef(state, head);
    const baseSha = resolveRef(state, base);
    if (!headSha || !baseSha) {
      return ctx.invalid('Validation Failed', [
        { resource: 'PullRequest', field: headSha ? 'base' : 'head', code: 'invalid' },
      ]);
    }
    if (
      allPulls(state).some((p) => (p.state ?? 'open') === 'open' && p.headRef === head && p.baseRef === base)
    ) {
      return ctx.invalid('Validation Failed', [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${state.owner}:${head}.`,
        },
      ]);
    }
    const number = Math.max(state.pull.number, ...state.pulls.map((p) => p.number), 0) + 1;
    const pr: StoredPull = {
      number,
      headSha,
      baseSha,
      headRepo: `${state.owner}/${state.repo}`,
      headRef: head,
      baseRef: base,
      title: String(body.title ?? ''),
      ...(typeof body.body === 'string' ? { body: body.body } : {}),
      author: ctx.caller.login,
      state: 'open',
    };
    state.pulls.push(pr);
    ctx.send(201, pullJson(ctx, example('post', ctx.template, 201), pr));
  },

  'get /repos/{owner}/{repo}/pulls/{pull_number}/reviews': (ctx) => {
    const pr = findPull(ctx);
    if (!pr) return ctx.notFound();
    const template = (example('get', ctx.template, 200) as unknown as Json[])[0]!;
    const reviews = ctx.state.reviews.filter((r) => r.pull === pr.number);
    const { slice, headers } = ctx.page(reviews);
    ctx.send(
      200,
      slice.map((r) => ({
        ...template,
        id: r.id,
        node_id: `PRR_${r.id}`,
        user: { ...(template.user as Json), login: r.login },
        state: r.state,
        commit_id: r.commitId,
        submitted_at: r.submittedAt,
        pull_request_url: `https://api.github.com/repos/${ctx.state.owner}/${ctx.state.repo}/pulls/${pr.number}`,
      })),
      headers,
    );
  },
};
