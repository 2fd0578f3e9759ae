/**
 * One comment per pull request, kind and cluster, found again by a hidden marker: the
 * plan of `prod` and the apply of `prod` are two comments and never overwrite each other.
 *
 * Trust: only a comment that starts with the marker and was written by berth's own
 * login counts (the App's `<slug>[bot]`, the Action's `github-actions[bot]`), or, where
 * the caller allows it, by a repository member (the Action may run with a person's
 * token). Anyone can paste the marker into a comment of their own, and any other bot
 * can be made to post one: neither is ever edited or taken for berth's.
 */

import type { CommentMode } from '../config/config.ts';
import type { GitHub, IssueComment } from './client.ts';

export type { CommentMode } from '../config/config.ts';

/** What a comment reports: a plan (the Action, `/berth plan`) or an apply (the App). */
export type CommentKind = 'plan' | 'apply' | 'rollback';

export function markerFor(kind: CommentKind, cluster: string): string {
  return `<!-- berth:${kind} cluster=${cluster} -->`;
}

/**
 * The hidden line a plan comment carries naming the head commit it planned, so
 * `/berth apply` before merge can tell that the pull request has not moved since.
 */
export function plannedHeadLine(sha: string): string {
  return `<!-- berth:planned head=${sha} -->`;
}

/** The head commit a plan comment says it planned, or null when it says none. */
export function plannedHead(body: string): string | null {
  const found = /^<!-- berth:planned head=([0-9a-f]{40}|[0-9a-f]{64}) -->$/m.exec(body);
  return found ? found[1]! : null;
}

/** Whose comments berth takes for its own. */
export interface CommentAuthor {
  /** berth's login, compared without regard to case. */
  login: string;
  /** Also take comments by owners, members and collaborators (a person's token). */
  members?: boolean;
}

/** The login of comments written with a workflow's `GITHUB_TOKEN`. */
export const ACTIONS_LOGIN = 'github-actions[bot]';

const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export function stickyComments(
  comments: IssueComment[],
  marker: string,
  author: CommentAuthor,
): IssueComment[] {
  const login = author.login.toLowerCase();
  return comments.filter(
    (c) =>
      c.body.trimStart().startsWith(marker) &&
      (c.login.toLowerCase() === login ||
        (author.members === true && TRUSTED_ASSOCIATIONS.has(c.authorAssociation))),
  );
}

export interface CommentOutcome {
  action: 'created' | 'updated' | 'none';
  url: string | null;
  hidden: number;
}

/**
 * `update`: edit the newest sticky comment, or create one. `new`: always create.
 * `hide-and-new`: fold every earlier sticky comment as outdated, then create.
 * `off`: nothing. With `onlyIfExists` (a PR whose manifests no longer change) only
 * an existing comment is edited: there is no news worth a new comment.
 */
export async function publishComment(
  github: GitHub,
  issue: number,
  mode: CommentMode,
  marker: string,
  body: string,
  author: CommentAuthor,
  onlyIfExists = false,
): Promise<CommentOutcome> {
  if (mode === 'off') return { action: 'none', url: null, hidden: 0 };
  const text = body.trimStart().startsWith(marker) ? body : `${marker}\n${body}`;
  if (onlyIfExists && mode !== 'update') return { action: 'none', url: null, hidden: 0 };
  const needsExisting = mode === 'update' || mode === 'hide-and-new';
  const existing = needsExisting ? stickyComments(await github.listComments(issue), marker, author) : [];
  if (mode === 'update') {
    const latest = existing.at(-1);
    if (latest) {
      const updated = await github.updateComment(latest.id, text);
      return { action: 'updated', url: updated.htmlUrl, hidden: 0 };
    }
    if (onlyIfExists) return { action: 'none', url: null, hidden: 0 };
  }
  let hidden = 0;
  if (mode === 'hide-and-new') {
    for (const c of existing) {
      if (c.minimized) continue;
      await github.minimizeComment(c.nodeId);
      hidden++;
    }
  }
  const created = await github.createComment(issue, text);
  return { action: 'created', url: created.htmlUrl, hidden };
}
