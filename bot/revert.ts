/**
 * The git side of a rollback: a branch and pull request that put a cluster's manifest
 * files back as they were at the rollback's target, so git and the cluster agree again
 * (a rollback the repository does not know about is undone by the next merge). Only the
 * cluster's manifests that changed between the target and the default branch's head
 * are touched.
 */

import type { ClusterConfig } from '../src/config/config.ts';
import { globSet, matches } from '../src/github/changes.ts';
import type { RepoContext } from './runtime.ts';

/** Files a revert writes at most; a bigger one is left for a person to make. */
const MAX_FILES = 300;

export async function openRevert(
  repo: RepoContext,
  cluster: ClusterConfig,
  target: string,
  pr: number,
): Promise<{ url: string; number: number } | null> {
  const { github } = repo;
  const head = await github.getBranchSha(repo.defaultBranch);
  if (!head) return null;
  const set = globSet(cluster.manifests.length > 0 ? cluster.manifests : ['**/*.yaml', '**/*.yml']);
  const comparison = await github.compare(target, head);
  const files = comparison.files.map((f) => f.filename).filter((p) => matches(set, p));
  if (files.length === 0 || files.length > MAX_FILES) return null;
  const changes = [];
  for (const path of files) changes.push({ path, content: await github.getFileAt(path, target) });
  const base = await github.getCommit(head);
  const tree = await github.createTree(base.treeSha, changes);
  const short = target.slice(0, 7);
  const commit = await github.createCommit(
    `Roll ${cluster.name} back to ${short}\n\nThe manifests of ${cluster.name} as they were at ${target}, applied by /berth rollback on #${pr}.`,
    tree,
    [head],
  );
  const branch = `berth/rollback-${cluster.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-${short}-${commit.slice(0, 7)}`;
  await github.createBranch(branch, commit);
  const created = await github.createPull({
    title: `Roll ${cluster.name} back to ${short}`,
    head: branch,
    base: repo.defaultBranch,
    body: `berth rolled ${cluster.name} back to ${short} (/berth rollback on #${pr}). Merge this so the repository says what the cluster runs; until then the next merge into ${repo.defaultBranch} applies the rolled-back change again.`,
  });
  return { url: created.htmlUrl, number: created.number };
}
