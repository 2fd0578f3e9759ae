/**
 * The few GitHub calls berth makes, behind one interface so the Action and the App share
 * them, callers can be tested with a fake and the real client against a local server.
 * It takes any Octokit (the Action's token client, the App's installation client): with
 * a retry policy every call goes through `withRetry`; without one (`retry: false`) calls
 * go straight to the Octokit, whose own retry and throttling plugins then decide, so no
 * call is retried twice over.
 */

import { type DeploymentApi, deploymentApi } from './api-deployments.ts';
import { type RepoApi, repoApi } from './api-repo.ts';
import { type ApiContext, encodePath, type OctokitLike } from './octokit.ts';
import { type Permission, permissionOf } from './permission.ts';
import { DEFAULT_RETRY, GitHubApiError, type HttpFailure, type RetryPolicy, withRetry } from './retry.ts';

export interface ChangedFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previousFilename?: string;
}

export interface IssueComment {
  id: number;
  nodeId: string;
  body: string;
  htmlUrl: string;
  /** The author's login (`github-actions[bot]`, `berth[bot]`, `octocat`). */
  login: string;
  userType: string;
  authorAssociation: string;
  /** Already folded (hidden) on the pull request. */
  minimized: boolean;
}

export interface PullInfo {
  number: number;
  headSha: string;
  baseSha: string;
  headRepo: string | null;
  state: string;
}

/** One pull request as `getPull` reads it: what a merge or an apply before merge is decided on. */
export interface PullDetail extends PullInfo {
  headRef: string;
  baseRef: string;
  title: string;
  author: string;
  merged: boolean;
  mergeCommitSha: string | null;
  /** null while GitHub is still computing it. */
  mergeable: boolean | null;
  /** `clean`, `behind`, `blocked`, `dirty`, `unstable`, `unknown`, ... */
  mergeableState: string;
}

export type Reaction = '+1' | '-1' | 'eyes' | 'confused' | 'rocket';

export interface GitHub extends RepoApi, DeploymentApi {
  listPullFiles(pullNumber: number): Promise<ChangedFile[]>;
  getPull(pullNumber: number): Promise<PullDetail>;
  /** Open pull requests whose head is `owner:branch` (works for forks too). */
  findOpenPulls(headLabel: string): Promise<PullInfo[]>;
  /** Text of a file at a commit, or null when it does not exist there. */
  getFileAt(path: string, ref: string): Promise<string | null>;
  /** The bytes of a blob, by its SHA (as a tree entry names it). */
  getBlob(sha: string): Promise<Buffer>;
  listComments(issueNumber: number): Promise<IssueComment[]>;
  createComment(issueNumber: number, body: string): Promise<IssueComment>;
  updateComment(commentId: number, body: string): Promise<IssueComment>;
  /** Folds a comment as outdated (GraphQL only: REST has no such call). */
  minimizeComment(nodeId: string): Promise<void>;
  /** The user's role on the repository, from `role_name` (never `author_association`). */
  permission(username: string): Promise<Permission>;
  react(commentId: number, content: Reaction): Promise<void>;
}

/** GitHub caps a pull request's file list at 3,000 entries (30 pages of 100); pages follow the `link` header. */
const MAX_FILE_PAGES = 30;
const MAX_COMMENT_PAGES = 50;
const PER_PAGE = 100;

interface RawComment {
  id: number | bigint;
  node_id: string;
  body?: string | undefined;
  html_url: string;
  user: { login?: string; type?: string } | null;
  author_association?: string;
  minimized?: { reason: string | null } | null;
}

function toComment(raw: RawComment): IssueComment {
  return {
    id: Number(raw.id),
    nodeId: raw.node_id,
    body: raw.body ?? '',
    htmlUrl: raw.html_url,
    login: raw.user?.login ?? '',
    userType: raw.user?.type ?? '',
    authorAssociation: raw.author_association ?? 'NONE',
    minimized: raw.minimized !== null && raw.minimized !== undefined,
  };
}

/** Reads Octokit's RequestError without importing its class (bundles can hold two copies). */
export function octokitFailure(error: unknown): HttpFailure | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as {
    status?: unknown;
    message?: unknown;
    errors?: { type?: string; message?: string }[];
    response?: { headers?: Record<string, unknown> };
  };
  // GraphQL answers 200 with errors; a FORBIDDEN one is what REST calls a 403.
  const forbidden = Array.isArray(e.errors) ? e.errors.find((x) => x.type === 'FORBIDDEN') : undefined;
  if (forbidden) return { status: 403, headers: {}, message: forbidden.message ?? 'Forbidden' };
  if (typeof e.status !== 'number' || e.status < 400) return null;
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(e.response?.headers ?? {})) {
    if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
  }
  return { status: e.status, headers, message: typeof e.message === 'string' ? e.message : 'request failed' };
}

export { encodePath, type OctokitLike };

/** One call, its HTTP failure reported as `withRetry` reports it, so callers see one kind of error. */
async function once<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const failure = octokitFailure(error);
    throw failure ? new GitHubApiError(what, failure, 1) : error;
  }
}

/**
 * berth's GitHub calls on one repository through `octokit`. `retry: false` leaves
 * retrying to the Octokit (Probot's retry and throttling plugins); a policy retries
 * rate limits and 5xx here; leaving it out uses `DEFAULT_RETRY`.
 */
export function createGitHub(options: {
  octokit: OctokitLike;
  owner: string;
  repo: string;
  retry?: RetryPolicy | false;
}): GitHub {
  const { octokit, owner, repo } = options;
  const policy = options.retry === undefined ? DEFAULT_RETRY : options.retry;
  const call = <T>(method: string, what: string, fn: () => Promise<T>): Promise<T> =>
    policy === false
      ? once(`${method} ${what}`, fn)
      : withRetry(`${method} ${what}`, method, fn, octokitFailure, policy);

  const context: ApiContext = { octokit, owner, repo, call };
  return {
    ...repoApi(context),
    ...deploymentApi(context),
    async listPullFiles(pullNumber) {
      const files: ChangedFile[] = [];
      const pages = octokit.paginate
        .iterator('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
          owner,
          repo,
          pull_number: pullNumber,
          per_page: PER_PAGE,
        })
        [Symbol.asyncIterator]();
      for (let page = 1; page <= MAX_FILE_PAGES; page++) {
        // A failed page is asked for again: the iterator moves on only after an answer.
        const next = await call('GET', `pull request #${pullNumber} files`, () => pages.next());
        if (next.done) break;
        for (const f of next.value.data) {
          const file: ChangedFile = { filename: f.filename, status: f.status };
          if (f.previous_filename) file.previousFilename = f.previous_filename;
          files.push(file);
        }
      }
      return files;
    },

    async getPull(pullNumber) {
      const { data } = await call('GET', `pull request #${pullNumber}`, () =>
        octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner,
          repo,
          pull_number: pullNumber,
        }),
      );
      return {
        number: data.number,
        headSha: data.head.sha,
        baseSha: data.base.sha,
        headRepo: data.head.repo?.full_name ?? null,
        state: data.state,
        headRef: data.head.ref,
        baseRef: data.base.ref,
        title: data.title,
        author: data.user?.login ?? '',
        merged: data.merged,
        mergeCommitSha: data.merge_commit_sha,
        mergeable: data.mergeable,
        mergeableState: data.mergeable_state,
      };
    },

    async findOpenPulls(headLabel) {
      const { data } = await call('GET', `pull requests from ${headLabel}`, () =>
        octokit.request('GET /repos/{owner}/{repo}/pulls', {
          owner,
          repo,
          state: 'open',
          head: headLabel,
          per_page: PER_PAGE,
        }),
      );
      return data.map((pr) => ({
        number: pr.number,
        headSha: pr.head.sha,
        baseSha: pr.base.sha,
        headRepo: pr.head.repo?.full_name ?? null,
        state: pr.state,
      }));
    },

    async getFileAt(path, ref) {
      try {
        const { data } = await call('GET', `contents of ${path} at ${ref.slice(0, 12)}`, () =>
          octokit.request(`GET /repos/{owner}/{repo}/contents/${encodePath(path)}`, { owner, repo, ref }),
        );
        const file = data as { type?: string; encoding?: string; content?: string };
        if (file.type !== 'file') return null;
        if (file.encoding === 'base64' && typeof file.content === 'string') {
          return Buffer.from(file.content, 'base64').toString('utf8');
        }
        // Files over 1 MB come back without content; the raw media type carries them.
        const raw = await call('GET', `raw contents of ${path} at ${ref.slice(0, 12)}`, () =>
          octokit.request(`GET /repos/{owner}/{repo}/contents/${encodePath(path)}`, {
            owner,
            repo,
            ref,
            mediaType: { format: 'raw' },
          }),
        );
        return typeof raw.data === 'string'
          ? raw.data
          : Buffer.from(raw.data as ArrayBuffer).toString('utf8');
      } catch (error) {
        if ((error as { status?: number }).status === 404) return null;
        throw error;
      }
    },

    async getBlob(sha) {
      const { data } = await call('GET', `blob ${sha.slice(0, 12)}`, () =>
        octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { owner, repo, file_sha: sha }),
      );
      return data.encoding === 'base64'
        ? Buffer.from(data.content, 'base64')
        : Buffer.from(data.content, 'utf8');
    },

    async listComments(issueNumber) {
      const comments: IssueComment[] = [];
      const pages = octokit.paginate
        .iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: issueNumber,
          per_page: PER_PAGE,
        })
        [Symbol.asyncIterator]();
      for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
        const next = await call('GET', `comments of #${issueNumber}`, () => pages.next());
        if (next.done) break;
        comments.push(...next.value.data.map(toComment));
      }
      return comments;
    },

    async createComment(issueNumber, body) {
      const { data } = await call('POST', `comment on #${issueNumber}`, () =>
        octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          owner,
          repo,
          issue_number: issueNumber,
          body,
        }),
      );
      return toComment(data);
    },

    async updateComment(commentId, body) {
      const { data } = await call('PATCH', `comment ${commentId}`, () =>
        octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          owner,
          repo,
          comment_id: commentId,
          body,
        }),
      );
      return toComment(data);
    },

    async minimizeComment(nodeId) {
      await call('POST', 'minimize comment', () =>
        octokit.graphql(
          'mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }',
          { id: nodeId },
        ),
      );
    },

    async permission(username) {
      const { data } = await call('GET', `permission of ${username}`, () =>
        octokit.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', {
          owner,
          repo,
          username,
        }),
      );
      return permissionOf(data);
    },

    async react(commentId, content) {
      await call('POST', `reaction on comment ${commentId}`, () =>
        octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
          owner,
          repo,
          comment_id: commentId,
          content,
        }),
      );
    },
  };
}
