/**
 * What the App reads from a repository through the API: its config, from the default
 * branch only (a pull request cannot change the rules it is applied under), and the
 * manifests of one cluster at one commit (the whole set, since the ApplySet prunes what
 * is not in it). Both are bounded: a repository cannot make the App read without end.
 */

import type { BerthConfig, ClusterConfig } from '../src/config/config.ts';
import { parseConfig } from '../src/config/config.ts';
import { DEFAULT_CONFIG_PATH } from '../src/config/types.ts';
import { globSet, matches } from '../src/github/changes.ts';
import { loadManifestTexts } from '../src/manifests/load.ts';
import type { Diagnostic } from '../src/model/diagnostics.ts';
import type { LoadResult } from '../src/model/types.ts';
import type { RepoContext } from './runtime.ts';

/** Manifest files of one cluster at one commit, at most. */
export const MAX_MANIFEST_FILES = 1_000;

export type RepoConfig =
  | { ok: true; config: BerthConfig; diagnostics: Diagnostic[] }
  | { ok: false; message: string; diagnostics: Diagnostic[] };

function line(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${d.message}`;
}

/** `.github/berth.yml` of the default branch; a missing file is a config with no clusters. */
export async function readRepoConfig(repo: RepoContext): Promise<RepoConfig> {
  const text = await repo.github.getFileAt(DEFAULT_CONFIG_PATH, repo.defaultBranch);
  if (text === null)
    return {
      ok: false,
      message: `${DEFAULT_CONFIG_PATH} does not exist on ${repo.defaultBranch}`,
      diagnostics: [],
    };
  const { config, diagnostics } = parseConfig(text, DEFAULT_CONFIG_PATH);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    return {
      ok: false,
      message: `${DEFAULT_CONFIG_PATH} on ${repo.defaultBranch} has errors: ${errors.slice(0, 5).map(line).join('; ')}`,
      diagnostics,
    };
  return { ok: true, config, diagnostics };
}

export function environmentOf(cluster: ClusterConfig): string {
  return cluster.environment ?? cluster.name;
}

/** Paths of the repository's files at `sha` (one tree call; a truncated tree is refused). */
async function listFiles(repo: RepoContext, sha: string): Promise<string[]> {
  const tree = await repo.github.getTree(sha);
  if (tree.truncated)
    throw new Error(`the repository's file tree at ${sha.slice(0, 7)} is too large to list in one call`);
  return tree.entries.filter((e) => e.type === 'blob').map((e) => e.path);
}

/** The manifests of `cluster` at commit `sha`, loaded as `berth apply --head` would load them. */
export async function manifestsAt(
  repo: RepoContext,
  cluster: ClusterConfig,
  config: BerthConfig,
  sha: string,
): Promise<LoadResult & { files: string[] }> {
  const set = globSet(cluster.manifests.length > 0 ? cluster.manifests : ['**/*.yaml', '**/*.yml']);
  const files = (await listFiles(repo, sha)).filter((p) => !p.startsWith('.github/') && matches(set, p));
  if (files.length > MAX_MANIFEST_FILES)
    throw new Error(
      `cluster ${cluster.name} has ${files.length} manifest files at ${sha.slice(0, 7)}, more than ${MAX_MANIFEST_FILES}`,
    );
  const texts = new Map<string, string>();
  for (const path of files.sort()) {
    const text = await repo.github.getFileAt(path, sha);
    if (text !== null) texts.set(path, text);
  }
  return { ...loadManifestTexts(texts, { limits: config.limits }), files };
}
