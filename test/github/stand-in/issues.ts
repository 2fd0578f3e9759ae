/** Routes: issue comments (per issue), reactions on them, and a collaborator's permission. */

import type { Route, RouteContext } from './context.ts';
import { example, type Json } from './openapi.ts';
import type { FakeGitHubState, StoredComment } from './state.ts';

let nextCommentId = 1000;

function issueOf(state: FakeGitHubState, c: StoredComment): number {
  return c.issueNumber ?? state.pull.number;
}

export function commentJson(state: FakeGitHubState, c: StoredComment): Json {
  const base = example('post', '/repos/{owner}/{repo}/issues/{issue_number}/comments', 201);
  const user = base.user as Json;
  const issue = issueOf(state, c);
  return {
    ...base,
    id: c.id,
    node_id: c.nodeId,
    body: c.body,
    url: `https://api.github.com/repos/${state.owner}/${state.repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${state.owner}/${state.repo}/pull/${issue}#issuecomment-${c.id}`,
    issue_url: `https://api.github.com/repos/${state.owner}/${state.repo}/issues/${issue}`,
    user: { ...user, login: c.login, type: c.userType },
    author_association: c.authorAssociation,
    minimized: c.minimized ? { reason: 'outdated' } : null,
  };
}

/** GitHub refuses comment bodies over 65,536 characters. */
function tooLong(ctx: RouteContext): boolean {
  const text = ctx.body.body;
  if (typeof text !== 'string' || text.length <= 65_536) return false;
  ctx.send(422, {
    message: 'Validation Failed',
    errors: [
      {
        resource: 'IssueComment',
        code: 'custom',
        field: 'body',
        message: 'body is too long (maximum is 65536 characters)',
      },
    ],
    documentation_url: 'https://docs.github.com/rest/issues/comments',
  });
  return true;
}

function reactionJson(index: number, content: string): Json {
  const base = example('post', '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', 201);
  return { ...base, id: index + 1, content };
}

export const issueRoutes: Record<string, Route> = {
  'get /repos/{owner}/{repo}/issues/{issue_number}/comments': (ctx) => {
    const issue = Number(ctx.params.issue_number);
    const on = ctx.state.comments.filter((c) => issueOf(ctx.state, c) === issue);
    const { slice, headers } = ctx.page(on);
    ctx.send(
      200,
      slice.map((c) => commentJson(ctx.state, c)),
      headers,
    );
  },

  'post /repos/{owner}/{repo}/issues/{issue_number}/comments': (ctx) => {
    if (ctx.refuseReadOnly() || tooLong(ctx)) return;
    const id = nextCommentId++;
    const issue = Number(ctx.params.issue_number);
    const c: StoredComment = {
      id,
      nodeId: `IC_kwDO${id}`,
      body: String(ctx.body.body),
      userType: 'Bot',
      login: ctx.caller.login,
      authorAssociation: 'NONE',
      minimized: false,
      ...(issue === ctx.state.pull.number ? {} : { issueNumber: issue }),
    };
    ctx.state.comments.push(c);
    ctx.send(201, commentJson(ctx.state, c));
  },

  'patch /repos/{owner}/{repo}/issues/comments/{comment_id}': (ctx) => {
    if (ctx.refuseReadOnly() || tooLong(ctx)) return;
    const c = ctx.state.comments.find((x) => x.id === Number(ctx.params.comment_id));
    if (!c) return ctx.notFound();
    c.body = String(ctx.body.body);
    ctx.send(200, commentJson(ctx.state, c));
  },

  'get /repos/{owner}/{repo}/collaborators/{username}/permission': (ctx) => {
    const role = ctx.state.permissions.get(ctx.params.username!) ?? 'read';
    const answer = example('get', ctx.template, 200);
    // The folded `permission` GitHub still sends: maintain reads as write, triage as read.
    const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
    ctx.send(200, {
      ...answer,
      permission,
      role_name: role,
      user: { ...(answer.user as Json), login: ctx.params.username, role_name: role },
    });
  },

  'post /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': (ctx) => {
    if (ctx.refuseReadOnly()) return;
    const commentId = Number(ctx.params.comment_id);
    const content = String(ctx.body.content);
    const existing = ctx.state.reactions.findIndex((r) => r.commentId === commentId && r.content === content);
    // The same reaction twice: GitHub answers 200 with the one it has.
    if (existing >= 0) return ctx.send(200, reactionJson(existing, content));
    ctx.state.reactions.push({ commentId, content });
    ctx.send(201, reactionJson(ctx.state.reactions.length - 1, content));
  },

  'get /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions': (ctx) => {
    const commentId = Number(ctx.params.comment_id);
    const on = ctx.state.reactions
      .map((r, i) => ({ ...r, i }))
      .filter((r) => r.commentId === commentId && (!ctx.query.content || r.content === ctx.query.content));
    const { slice, headers } = ctx.page(on);
    ctx.send(
      200,
      slice.map((r) => reactionJson(r.i, r.content)),
      headers,
    );
  },
};
