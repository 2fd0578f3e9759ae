/**
 * A pull request's changed manifests and config, read through the API at its commits,
 * as the Action (for comment and `workflow_run` events, where the checkout is not the
 * head) and the App (which has no checkout) both need them.
 *
 * Which files are manifests: globs relative to the working directory, `!` to exclude.
 * Paths from the API are relative to the repository root, so they are first made
 * relative to the working directory; files outside it are not berth's.
 */

import { isAbsolute, posix } from 'node:path';
import type { ChangedFile, GitHub } from './client.ts';

export interface GlobSet {
  include: string[];
  exclude: string[];
}

export function globSet(globs: string[], alsoExclude: string[] = []): GlobSet {
  const include: string[] = [];
  const exclude: string[] = [...alsoExclude];
  for (const g of globs) {
    if (g.startsWith('!')) exclude.push(stripDot(g.slice(1)));
    else include.push(stripDot(g));
  }
  return { include, exclude };
}

function stripDot(p: string): string {
  return p.replace(/^\.\/+/, '');
}

export function matches(set: GlobSet, path: string): boolean {
  return (
    set.include.some((g) => posix.matchesGlob(path, g)) &&
    !set.exclude.some((g) => posix.matchesGlob(path, g))
  );
}

/** Repo-root path -> path under the working directory (`.` or `infra/k8s`), or null if outside. */
export function underWorkingDirectory(repoPath: string, workingDirectory: string): string | null {
  const wd = posix.normalize(workingDirectory.replaceAll('\\', '/')).replace(/\/+$/, '');
  if (wd === '.' || wd === '') return repoPath;
  return repoPath.startsWith(`${wd}/`) ? repoPath.slice(wd.length + 1) : null;
}

export interface ManifestChanges {
  /** Paths under the working directory whose head version is read. */
  head: string[];
  /** Paths under the working directory whose base version is read (modified, removed, renamed from). */
  base: { path: string; repoPath: string }[];
}

export function manifestChanges(
  files: ChangedFile[],
  set: GlobSet,
  workingDirectory: string,
): ManifestChanges {
  const head: string[] = [];
  const base: ManifestChanges['base'] = [];
  for (const f of files) {
    const path = underWorkingDirectory(f.filename, workingDirectory);
    const isManifest = path !== null && matches(set, path);
    if (isManifest && f.status !== 'removed') head.push(path);
    if (isManifest && f.status !== 'added' && f.status !== 'renamed' && f.status !== 'copied') {
      base.push({ path, repoPath: f.filename });
    }
    // A renamed manifest's base version sits at its old path (which may not match the globs any more).
    if (f.status === 'renamed' && f.previousFilename) {
      const old = underWorkingDirectory(f.previousFilename, workingDirectory);
      if (old !== null && (isManifest || matches(set, old)))
        base.push({ path: old, repoPath: f.previousFilename });
    }
  }
  return { head, base };
}

/** Path under the working directory -> path from the repository root, as the API names files. */
export function repoPath(workingDirectory: string, file: string): string {
  if (isAbsolute(file)) return file;
  const wd = posix.normalize(workingDirectory.replaceAll('\\', '/'));
  return wd === '.' ? posix.normalize(file) : posix.join(wd, file);
}

/** Texts of files at `ref`, keyed by `path`; files missing at `ref` are left out. */
export async function fetchTexts(
  github: Pick<GitHub, 'getFileAt'>,
  files: { path: string; repoPath: string }[],
  ref: string,
): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const f of files) {
    const text = await github.getFileAt(f.repoPath, ref);
    if (text !== null) texts.set(f.path, text);
  }
  return texts;
}

export interface PullManifests {
  /** Every file the pull request changes, manifest or not. */
  files: ChangedFile[];
  changes: ManifestChanges;
  /** Head texts of `changes.head`, read at `headSha`, keyed by path under the working directory. */
  head: Map<string, string>;
  /** Base texts of `changes.base`, read at `baseSha`. */
  base: Map<string, string>;
}

/** Which manifests a pull request changes (`listPullFiles` only): enough to know whether there is anything to plan. */
export async function pullManifestChanges(
  github: Pick<GitHub, 'listPullFiles'>,
  pullNumber: number,
  set: GlobSet,
  workingDirectory: string,
): Promise<{ files: ChangedFile[]; changes: ManifestChanges }> {
  const files = await github.listPullFiles(pullNumber);
  return { files, changes: manifestChanges(files, set, workingDirectory) };
}

/** A pull request's changed manifests with their texts at its head and base commits. */
export async function pullManifests(
  github: Pick<GitHub, 'listPullFiles' | 'getFileAt'>,
  pull: { number: number; headSha: string; baseSha: string },
  set: GlobSet,
  workingDirectory: string,
): Promise<PullManifests> {
  const { files, changes } = await pullManifestChanges(github, pull.number, set, workingDirectory);
  return {
    files,
    changes,
    head: await fetchTexts(
      github,
      changes.head.map((p) => ({ path: p, repoPath: repoPath(workingDirectory, p) })),
      pull.headSha,
    ),
    base: await fetchTexts(github, changes.base, pull.baseSha),
  };
}
