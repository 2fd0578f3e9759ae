/**
 * The repository calls the App makes besides comments: reviews, comparing commits,
 * reading a commit's tree and folders, and writing the commit, branch and pull request
 * of a revert. Each answer is reduced to the fields berth reads.
 */

import { type ApiContext, encodePath } from './octokit.ts';

export interface Review {
  id: number;
  login: string;
  state: string;
  commitId: string | null;
  submittedAt: string | null;
}

export interface Comparison {
  /** `identical`, `ahead`, `behind` or `diverged`: head against base. */
  status: string;
  aheadBy: number;
  behindBy: number;
  mergeBaseSha: string;
  files: { filename: string; status: string }[];
}

export interface DirectoryEntry {
  name: string;
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  size: number;
}

/** One entry of a commit's tree as the git trees API lists it. */
export interface TreeEntry {
  /** Path from the repository root, `/`-separated. */
  path: string;
  /** `100644`, `100755` (files), `120000` (symbolic link), `040000` (folder), `160000` (submodule). */
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  /** Bytes, for blobs. */
  size?: number;
}

/** A commit's tree: GitHub lists at most 100,000 entries (7 MB) of a recursive tree and says when it left some off. */
export interface RepoTree {
  sha: string;
  truncated: boolean;
  entries: TreeEntry[];
}

export interface CommitInfo {
  sha: string;
  treeSha: string;
  parents: string[];
  message: string;
}

export interface CreatedPull {
  number: number;
  htmlUrl: string;
  headSha: string;
}

/** A file of a tree to write: its new text, or `null` to delete it. */
export interface TreeChange {
  path: string;
  content: string | null;
}

export interface ReactionInfo {
  content: string;
  login: string;
}

export interface RepoApi {
  listReviews(pullNumber: number): Promise<Review[]>;
  /** `base...head` as GitHub compares them (from their merge base). */
  compare(base: string, head: string): Promise<Comparison>;
  /** A folder at a ref, or null when there is none (a file is not a folder). */
  listDirectory(path: string, ref: string): Promise<DirectoryEntry[] | null>;
  /** Every entry of a commit's tree (recursive: one request), and whether GitHub cut it short. */
  getTree(ref: string): Promise<RepoTree>;
  getCommit(sha: string): Promise<CommitInfo>;
  /** A new tree: `base` with `changes` applied. Returns its SHA. */
  createTree(base: string, changes: TreeChange[]): Promise<string>;
  createCommit(message: string, tree: string, parents: string[]): Promise<string>;
  /** The commit a branch points at, or null when there is no such branch. */
  getBranchSha(branch: string): Promise<string | null>;
  createBranch(branch: string, sha: string): Promise<void>;
  createPull(input: { title: string; head: string; base: string; body: string }): Promise<CreatedPull>;
  listReactions(commentId: number): Promise<ReactionInfo[]>;
}

const PER_PAGE = 100;
/** Reviews and reactions read at most this many pages. */
const MAX_PAGES = 10;

function status(error: unknown): number | undefined {
  const s = (error as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : undefined;
}

export function repoApi({ octokit, owner, repo, call }: ApiContext): RepoApi {
  return {
    async listReviews(pullNumber) {
      const out: Review[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { data } = await call('GET', `reviews of #${pullNumber}`, () =>
          octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
            owner,
            repo,
            pull_number: pullNumber,
            per_page: PER_PAGE,
            page,
          }),
        );
        for (const r of data) {
          out.push({
            id: Number(r.id),
            login: r.user?.login ?? '',
            state: r.state,
            commitId: r.commit_id,
            submittedAt: r.submitted_at ?? null,
          });
        }
        if (data.length < PER_PAGE) break;
      }
      return out;
    },

    async compare(base, head) {
      const { data } = await call('GET', `compare ${base.slice(0, 12)}...${head.slice(0, 12)}`, () =>
        octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
          owner,
          repo,
          basehead: `${base}...${head}`,
        }),
      );
      return {
        status: data.status,
        aheadBy: data.ahead_by,
        behindBy: data.behind_by,
        mergeBaseSha: data.merge_base_commit.sha,
        files: (data.files ?? []).map((f) => ({ filename: f.filename, status: f.status })),
      };
    },

    async listDirectory(path, ref) {
      try {
        const { data } = await call('GET', `folder ${path} at ${ref.slice(0, 12)}`, () =>
          octokit.request(`GET /repos/{owner}/{repo}/contents/${encodePath(path)}`, { owner, repo, ref }),
        );
        if (!Array.isArray(data)) return null;
        return (data as { name: string; path: string; type: DirectoryEntry['type']; size: number }[]).map(
          (e) => ({ name: e.name, path: e.path, type: e.type, size: e.size }),
        );
      } catch (error) {
        if (status(error) === 404) return null;
        throw error;
      }
    },

    async getTree(ref) {
      const { data } = await call('GET', `tree of ${ref.slice(0, 12)}`, () =>
        octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
          owner,
          repo,
          tree_sha: ref,
          recursive: 'true',
        }),
      );
      const entries: TreeEntry[] = [];
      for (const e of data.tree) {
        if (typeof e.path !== 'string' || typeof e.sha !== 'string' || typeof e.mode !== 'string') continue;
        if (e.type !== 'blob' && e.type !== 'tree' && e.type !== 'commit') continue;
        entries.push({
          path: e.path,
          mode: e.mode,
          type: e.type,
          sha: e.sha,
          ...(typeof e.size === 'number' ? { size: e.size } : {}),
        });
      }
      return { sha: data.sha, truncated: data.truncated === true, entries };
    },

    async getCommit(sha) {
      const { data } = await call('GET', `commit ${sha.slice(0, 12)}`, () =>
        octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', {
          owner,
          repo,
          commit_sha: sha,
        }),
      );
      return {
        sha: data.sha,
        treeSha: data.tree.sha,
        parents: data.parents.map((p) => p.sha),
        message: data.message,
      };
    },

    async createTree(base, changes) {
      const { data } = await call('POST', 'tree', () =>
        octokit.request('POST /repos/{owner}/{repo}/git/trees', {
          owner,
          repo,
          base_tree: base,
          tree: changes.map((c) =>
            c.content === null
              ? { path: c.path, mode: '100644' as const, type: 'blob' as const, sha: null }
              : { path: c.path, mode: '100644' as const, type: 'blob' as const, content: c.content },
          ),
        }),
      );
      return data.sha;
    },

    async createCommit(message, tree, parents) {
      const { data } = await call('POST', 'commit', () =>
        octokit.request('POST /repos/{owner}/{repo}/git/commits', { owner, repo, message, tree, parents }),
      );
      return data.sha;
    },

    async getBranchSha(branch) {
      try {
        const { data } = await call('GET', `branch ${branch}`, () =>
          octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${branch}` }),
        );
        return data.object.sha;
      } catch (error) {
        if (status(error) === 404) return null;
        throw error;
      }
    },

    async createBranch(branch, sha) {
      await call('POST', `branch ${branch}`, () =>
        octokit.request('POST /repos/{owner}/{repo}/git/refs', {
          owner,
          repo,
          ref: `refs/heads/${branch}`,
          sha,
        }),
      );
    },

    async createPull(input) {
      const { data } = await call('POST', `pull request from ${input.head}`, () =>
        octokit.request('POST /repos/{owner}/{repo}/pulls', { owner, repo, ...input }),
      );
      return { number: data.number, htmlUrl: data.html_url, headSha: data.head.sha };
    },

    async listReactions(commentId) {
      const out: ReactionInfo[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { data } = await call('GET', `reactions on comment ${commentId}`, () =>
          octokit.request('GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', {
            owner,
            repo,
            comment_id: commentId,
            per_page: PER_PAGE,
            page,
          }),
        );
        for (const r of data) out.push({ content: r.content, login: r.user?.login ?? '' });
        if (data.length < PER_PAGE) break;
      }
      return out;
    },
  };
}
