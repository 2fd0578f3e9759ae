/**
 * One comment per pull request and cluster, found again by a hidden marker. Only a
 * comment that starts with the marker and was written by a bot or a repository
 * member counts: anyone can paste the marker into a comment of their own.
 */

import type { GitHub, IssueComment } from './github.ts';
import type { CommentMode } from './inputs.ts';

export function markerFor(cluster: string): string {
  return `<!-- berth:plan cluster=${cluster} -->`;
}

const TRUSTED_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export function stickyComments(comments: IssueComment[], marker: string): IssueComment[] {
  return comments.filter(
    (c) =>
      c.body.trimStart().startsWith(marker) &&
      (c.userType === 'Bot' || TRUSTED_ASSOCIATIONS.has(c.authorAssociation)),
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
  onlyIfExists = false,
): Promise<CommentOutcome> {
  if (mode === 'off') return { action: 'none', url: null, hidden: 0 };
  const text = body.trimStart().startsWith(marker) ? body : `${marker}\n${body}`;
  if (onlyIfExists && mode !== 'update') return { action: 'none', url: null, hidden: 0 };
  const needsExisting = mode === 'update' || mode === 'hide-and-new';
  const existing = needsExisting ? stickyComments(await github.listComments(issue), marker) : [];
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
