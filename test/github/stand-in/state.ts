/**
 * What the GitHub stand-in holds: one repository (its pull requests, comments,
 * reactions, reviews, commits and branches, deployments and their statuses), the
 * tokens it accepts and the GitHub App it issues installation tokens for. Tests set it
 * up and read it back; the routes change it as GitHub would.
 */

import { createHash } from 'node:crypto';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  operation: string | null;
  status: number;
  /** The token or `jwt` the request was sent with (never the JWT itself). */
  auth: string;
}

export interface StoredComment {
  id: number;
  nodeId: string;
  body: string;
  userType: 'Bot' | 'User';
  login: string;
  authorAssociation: string;
  minimized: boolean;
  /** The issue or pull request it is on (default: `state.pull.number`). */
  issueNumber?: number;
}

export interface InjectedFailure {
  method: string;
  /** Matches the request path (a RegExp or a substring). */
  path: RegExp | string;
  status: number;
  headers?: Record<string, string>;
  message: string;
  /** How many matching requests fail before the rest succeed. */
  times: number;
}

export interface StoredPull {
  number: number;
  headSha: string;
  baseSha: string;
  headRepo: string;
  headLabel?: string;
  state?: string;
  /** Branch names (default `changes` and the default branch). */
  headRef?: string;
  baseRef?: string;
  title?: string;
  body?: string;
  /** The author's login (default `octocat`). */
  author?: string;
  merged?: boolean;
  mergeCommitSha?: string | null;
  mergeable?: boolean | null;
  /** `clean`, `behind`, `blocked`, `dirty`, `unstable`, `unknown`, `draft`, `has_hooks`. */
  mergeableState?: string;
}

export interface StoredReview {
  id: number;
  pull: number;
  login: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  commitId: string;
  submittedAt: string;
}

export interface StoredCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

export interface StoredDeployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  originalEnvironment: string;
  payload: unknown;
  description: string | null;
  creator: string;
  createdAt: string;
  transient: boolean;
  production: boolean;
}

export interface StoredDeploymentStatus {
  id: number;
  deploymentId: number;
  state: string;
  description: string;
  logUrl: string;
  environmentUrl: string;
  environment: string;
  creator: string;
  createdAt: string;
}

/** The GitHub App the stand-in knows: installation tokens are issued for a JWT it signed. */
export interface FakeApp {
  id: number;
  slug: string;
  /** PEM of the App's public key: JWTs are verified with it when given, checked for shape always. */
  publicKey?: string;
  installations: number[];
}

export interface FakeGitHubState {
  owner: string;
  repo: string;
  token: string;
  /** Tokens that read but cannot write (a fork PR's workflow token). */
  readOnlyTokens: Set<string>;
  /** The pull request the Action runs for. */
  pull: StoredPull;
  /** Further pull requests (merged ones, those created through the API). */
  pulls: StoredPull[];
  pullFiles: { filename: string; status: string; previous_filename?: string }[];
  /** `${ref}:${path}` -> text, for files outside the commit model. */
  contents: Map<string, string>;
  /** `${ref}:${path}` -> target: symbolic links, listed in the commit's tree with mode 120000. */
  symlinks?: Map<string, string>;
  /** Blobs the trees listed, by SHA, for the blobs endpoint. */
  blobs?: Map<string, string>;
  comments: StoredComment[];
  permissions: Map<string, string>;
  reactions: { commentId: number; content: string }[];
  reviews: StoredReview[];
  failures: InjectedFailure[];
  /** The git model: commits, trees (path -> text) and branches (name -> sha). */
  commits: Map<string, StoredCommit>;
  trees: Map<string, Map<string, string>>;
  branches: Map<string, string>;
  defaultBranch: string;
  deployments: StoredDeployment[];
  deploymentStatuses: StoredDeploymentStatus[];
  app?: FakeApp;
  /** Installation tokens issued, to the installation they act for. */
  installationTokens: Map<string, { installationId: number; expiresAt: string }>;
  /** Awaited before a request is answered (after it is recorded): lets a test line up a race. */
  gate?: (request: RecordedRequest) => Promise<void> | void;
}

export function initialState(overrides: Partial<FakeGitHubState> = {}): FakeGitHubState {
  return {
    owner: 'Codertocat',
    repo: 'Hello-World',
    token: 'test-token',
    readOnlyTokens: new Set(),
    pull: { number: 2, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), headRepo: 'Codertocat/Hello-World' },
    pulls: [],
    pullFiles: [],
    contents: new Map(),
    comments: [],
    permissions: new Map(),
    reactions: [],
    reviews: [],
    failures: [],
    commits: new Map(),
    trees: new Map(),
    branches: new Map(),
    defaultBranch: 'main',
    deployments: [],
    deploymentStatuses: [],
    installationTokens: new Map(),
    ...overrides,
  };
}

/** A tree's id: the hash of its sorted entries, so equal trees share one. */
export function storeTree(state: FakeGitHubState, files: ReadonlyMap<string, string>): string {
  const entries = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const sha = createHash('sha1')
    .update(JSON.stringify(['tree', entries]))
    .digest('hex');
  if (!state.trees.has(sha)) state.trees.set(sha, new Map(entries));
  return sha;
}

export function storeCommit(
  state: FakeGitHubState,
  tree: string,
  parents: string[],
  message: string,
  fixedSha?: string,
): StoredCommit {
  const sha =
    fixedSha ??
    createHash('sha1')
      .update(JSON.stringify(['commit', tree, parents, message, state.commits.size]))
      .digest('hex');
  const commit = { sha, tree, parents, message };
  state.commits.set(sha, commit);
  return commit;
}

/**
 * Test set-up: a commit holding `files` (path -> text), on `branch` when given (the
 * branch's head becomes its parent unless `parents` says otherwise), with `sha` as its
 * SHA when given (a webhook payload's merge commit). Returns its SHA.
 */
export function addCommit(
  state: FakeGitHubState,
  files: Record<string, string>,
  options: { branch?: string; parents?: string[]; message?: string; sha?: string } = {},
): string {
  const parents =
    options.parents ??
    (options.branch && state.branches.has(options.branch) ? [state.branches.get(options.branch)!] : []);
  const tree = storeTree(state, new Map(Object.entries(files)));
  const commit = storeCommit(state, tree, parents, options.message ?? 'commit', options.sha);
  if (options.branch) state.branches.set(options.branch, commit.sha);
  return commit.sha;
}

/** A ref as the API takes it (SHA, branch, `heads/x`, `refs/heads/x`) to a commit SHA. */
export function resolveRef(state: FakeGitHubState, ref: string): string | undefined {
  if (state.commits.has(ref)) return ref;
  const name = ref.replace(/^refs\//, '').replace(/^heads\//, '');
  return state.branches.get(name);
}

/** The files at a ref: the commit model's tree, with what `contents` holds for that ref on top. */
export function filesAt(state: FakeGitHubState, ref: string): Map<string, string> | undefined {
  const sha = resolveRef(state, ref);
  const out = new Map(sha ? state.trees.get(state.commits.get(sha)!.tree) : undefined);
  const prefix = `${ref}:`;
  for (const [key, text] of state.contents)
    if (key.startsWith(prefix)) out.set(key.slice(prefix.length), text);
  // The pull request's own commits exist even when a test seeds no file at them.
  const known = allPulls(state).some((p) => p.headSha === ref || p.baseSha === ref);
  return sha || known || out.size > 0 ? out : undefined;
}

/** Every pull request the stand-in knows, the Action's first. */
export function allPulls(state: FakeGitHubState): StoredPull[] {
  return [state.pull, ...state.pulls];
}

/** Commits reachable from `sha`, itself included. */
export function ancestors(state: FakeGitHubState, sha: string): Set<string> {
  const seen = new Set<string>();
  const stack = [sha];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(state.commits.get(next)?.parents ?? []));
  }
  return seen;
}
