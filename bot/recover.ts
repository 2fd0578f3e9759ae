/**
 * At start: a Deployment left `in_progress` by a process that died mid-apply stays so
 * for ever unless someone says otherwise. When its cluster's Lease is free (the dead
 * holder stopped renewing it), nobody is applying it: it is marked `error`
 * ("interrupted") and its pull request's comment says how to retry. A Deployment whose
 * Lease is still held belongs to a live replica and is left alone.
 */

import type { Probot } from 'probot';
import type { BerthConfig, ClusterConfig } from '../src/config/config.ts';
import type { OctokitLike } from '../src/github/client.ts';
import { createGitHub } from '../src/github/client.ts';
import { escapeMarkdown } from '../src/report/escape.ts';
import { lockHolder } from './clusters.ts';
import { JobComment } from './job.ts';
import type { DeploymentRecord } from './record.ts';
import { environmentOf, readRepoConfig } from './repo.ts';
import type { BotRuntime, RepoContext } from './runtime.ts';

/** Installations and repositories looked at, at most: recovery is bounded like everything else. */
const MAX_INSTALLATIONS = 100;
const MAX_REPOSITORIES = 300;

export async function recoverInterrupted(runtime: BotRuntime, probot: Probot): Promise<void> {
  const app = await probot.auth();
  const { data: installations } = await app.request('GET /app/installations', {
    per_page: MAX_INSTALLATIONS,
  });
  for (const installation of installations) {
    const octokit = (await probot.auth(installation.id)) as unknown as OctokitLike;
    const { data } = await octokit.request('GET /installation/repositories', { per_page: 100 });
    for (const repository of data.repositories.slice(0, MAX_REPOSITORIES)) {
      const repo: RepoContext = {
        owner: repository.owner.login,
        repo: repository.name,
        defaultBranch: repository.default_branch,
        github: createGitHub({ octokit, owner: repository.owner.login, repo: repository.name, retry: false }),
        octokit,
        deliveryId: 'recovery',
      };
      await recoverOnce(runtime, repo);
    }
  }
}

const checked = new WeakMap<BotRuntime, Set<string>>();

/**
 * The first delivery this process gets for a repository looks for its interrupted
 * applies before anything else, so a restarted App finds them even where it cannot list
 * its installations' repositories.
 */
export async function recoverOnce(runtime: BotRuntime, repo: RepoContext): Promise<void> {
  const seen = checked.get(runtime) ?? new Set<string>();
  checked.set(runtime, seen);
  const key = `${repo.owner}/${repo.repo}`.toLowerCase();
  if (seen.has(key)) return;
  seen.add(key);
  try {
    await recoverRepository(runtime, repo);
  } catch (error) {
    runtime.log.warn(
      { repo: key, err: { message: (error as Error).message } },
      'could not look for interrupted applies',
    );
  }
}

export async function recoverRepository(runtime: BotRuntime, repo: RepoContext): Promise<number> {
  const read = await readRepoConfig(repo);
  if (!read.ok) return 0;
  const store = runtime.deployments(repo);
  let marked = 0;
  for (const cluster of read.config.clusters) {
    for (const deployment of await store.inProgress(environmentOf(cluster))) {
      if (deployment.cluster !== cluster.name) continue;
      if (await interrupted(runtime, repo, read.config, cluster, deployment)) marked++;
    }
  }
  return marked;
}

async function interrupted(
  runtime: BotRuntime,
  repo: RepoContext,
  config: BerthConfig,
  cluster: ClusterConfig,
  deployment: DeploymentRecord,
): Promise<boolean> {
  const store = runtime.deployments(repo);
  {
    const access = runtime.clusters.resolve(cluster);
    if (!access.ok) return false;
    if (await lockHolder(access.options, cluster.name, config.apply.inventoryNamespace)) return false;
    const pr = deployment.pr ?? 0;
    const comment = new JobComment(
      { repo, pr, cluster, kind: deployment.task === 'berth:rollback' ? 'rollback' : 'apply' },
      runtime.login(),
    );
    if (Number.isSafeInteger(pr) && pr > 0)
      await comment.say([
        `⚠️ **Interrupted**: the ${deployment.task === 'berth:rollback' ? 'rollback' : 'apply'} of ${deployment.sha.slice(0, 7)} to ${escapeMarkdown(cluster.name)} stopped when the App stopped; some objects may have been applied.`,
        '',
        'Retry with `/berth apply` on this pull request: server-side apply converges from wherever it stopped.',
      ]);
    await store.setStatus(deployment, 'error', {
      description: 'interrupted: the App stopped during the apply',
      ...(comment.url ? { logUrl: comment.url } : {}),
    });
    runtime.metrics.apply('error', 'interrupted');
    return true;
  }
}
