/** What the GitHub layer's parts share: the Octokit they call and how each call is made. */

import type { Octokit } from '@octokit/core';
import type { PaginateInterface } from '@octokit/plugin-paginate-rest';

/**
 * What berth needs of an Octokit: `@octokit/core` with the pagination plugin, as
 * `@actions/github`'s `getOctokit` and Probot's installation clients are.
 */
export type OctokitLike = Pick<Octokit, 'request' | 'graphql'> & { paginate: PaginateInterface };

/** One call, retried or not as the client was built, its failure reported as a `GitHubApiError`. */
export type Call = <T>(method: string, what: string, fn: () => Promise<T>) => Promise<T>;

/** The repository a client works on and how it calls. */
export interface ApiContext {
  octokit: OctokitLike;
  owner: string;
  repo: string;
  call: Call;
}

/** `a/b c.yaml` -> `a/b%20c.yaml`: segments encoded, slashes kept, as the contents API expects. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
