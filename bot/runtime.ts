/**
 * What every part of the App shares: settings, metrics, the job queue, cluster access,
 * the Deployment record, and the repository a delivery is about.
 */

import type { Context, Probot } from 'probot';
import { createGitHub, type GitHub, type OctokitLike } from '../src/github/client.ts';
import type { Background } from './background.ts';
import type { ClusterAccess } from './clusters.ts';
import type { BotEnv } from './env.ts';
import type { Metrics } from './metrics.ts';
import type { JobQueue } from './queue.ts';
import type { DeploymentStore } from './record.ts';

export interface BotRuntime {
  env: BotEnv;
  metrics: Metrics;
  background: Background;
  queue: JobQueue;
  clusters: ClusterAccess;
  /** The repository's Deployments, the App's durable record of what it applied. */
  deployments(repo: RepoContext): DeploymentStore;
  /** The App's login (`<slug>[bot]`), learnt from `GET /app` at start when not set. */
  login(): string;
  log: Probot['log'];
}

/** The repository a delivery is about, and berth's GitHub calls on it through the installation's client. */
export interface RepoContext {
  owner: string;
  repo: string;
  defaultBranch: string;
  github: GitHub;
  octokit: OctokitLike;
  deliveryId: string;
}

export function repoContext(context: Context<'pull_request.closed' | 'issue_comment.created'>): RepoContext {
  const { repository } = context.payload;
  const octokit = context.octokit as unknown as OctokitLike;
  return {
    owner: repository.owner.login,
    repo: repository.name,
    defaultBranch: repository.default_branch,
    // Probot's Octokit retries and throttles; retrying here too would multiply the attempts.
    github: createGitHub({ octokit, owner: repository.owner.login, repo: repository.name, retry: false }),
    octokit,
    deliveryId: context.id,
  };
}
