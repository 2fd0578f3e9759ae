/**
 * What triggered the run, read from the runner's environment and the webhook payload
 * (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH), reduced to what berth acts on.
 */

import { parseCommand } from '../src/github/command.ts';

export type ActionEvent =
  /** Plan the PR's change. `headFromWorkspace` is false where the checkout is not the PR head. */
  | {
      kind: 'pull-request';
      number: number;
      baseSha: string;
      headSha: string;
      /** The head branch lives in another repository: the workflow token cannot write. */
      fork: boolean;
      headFromWorkspace: boolean;
    }
  /** `/berth plan [cluster]` commented on a pull request; `cluster` null: any. */
  | { kind: 'plan-command'; number: number; commentId: number; user: string; cluster: string | null }
  /**
   * A pull_request workflow finished (workflow_run): plan its pull request with this
   * run's writable token, reading the head through the API, so fork PRs get a comment
   * without their code ever running with write access.
   */
  | { kind: 'workflow-run'; headSha: string; headOwner: string; headBranch: string; pullNumbers: number[] }
  /** Plan every manifest of the checked-out tree (push, workflow_dispatch, schedule). */
  | { kind: 'tree'; name: string; sha: string }
  | { kind: 'ignored'; reason: string };

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function readEvent(name: string, payload: unknown, sha: string): ActionEvent {
  const p = obj(payload);
  switch (name) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = obj(p.pull_request);
      const head = obj(pr.head);
      const base = obj(pr.base);
      const number = Number(pr.number ?? p.number);
      if (!Number.isInteger(number) || number <= 0)
        return { kind: 'ignored', reason: 'payload has no pull request' };
      const headRepo = str(obj(head.repo).full_name);
      const baseRepo = str(obj(base.repo).full_name) || str(obj(p.repository).full_name);
      return {
        kind: 'pull-request',
        number,
        baseSha: str(base.sha),
        headSha: str(head.sha),
        // A deleted fork has no head repository; treat it as a fork.
        fork: headRepo === '' || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
        // pull_request_target checks out the base branch; berth then reads the head through the API.
        headFromWorkspace: name === 'pull_request',
      };
    }
    case 'issue_comment': {
      const issue = obj(p.issue);
      const comment = obj(p.comment);
      if (str(p.action) !== 'created')
        return { kind: 'ignored', reason: `comment ${str(p.action) || 'event'}` };
      if (!issue.pull_request) return { kind: 'ignored', reason: 'comment on an issue, not a pull request' };
      // The command must be the comment's first line, alone: a quote or a mention of it does nothing.
      const parsed = parseCommand(str(comment.body));
      if (parsed.kind === 'refused')
        return { kind: 'ignored', reason: `comment is no berth command: ${parsed.reason}` };
      if (parsed.kind === 'none' || parsed.command.name !== 'plan')
        return { kind: 'ignored', reason: 'comment is not /berth plan' };
      return {
        kind: 'plan-command',
        number: Number(issue.number),
        commentId: Number(comment.id),
        user: str(obj(comment.user).login),
        cluster: parsed.command.cluster,
      };
    }
    case 'workflow_run': {
      const runInfo = obj(p.workflow_run);
      if (str(p.action) !== 'completed') return { kind: 'ignored', reason: `workflow run ${str(p.action)}` };
      if (str(runInfo.event) !== 'pull_request') {
        return { kind: 'ignored', reason: `workflow run of a ${str(runInfo.event) || 'unknown'} event` };
      }
      const pulls = Array.isArray(runInfo.pull_requests) ? runInfo.pull_requests : [];
      return {
        kind: 'workflow-run',
        headSha: str(runInfo.head_sha),
        headOwner: str(obj(obj(runInfo.head_repository).owner).login),
        headBranch: str(runInfo.head_branch),
        pullNumbers: pulls.map((pr) => Number(obj(pr).number)).filter((n) => Number.isInteger(n) && n > 0),
      };
    }
    case 'push':
    case 'workflow_dispatch':
    case 'schedule':
      return { kind: 'tree', name, sha: str(p.after) || sha };
    default:
      return { kind: 'ignored', reason: `berth does not plan on ${name || 'this'} events` };
  }
}
