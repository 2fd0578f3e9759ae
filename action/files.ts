/**
 * Which files are manifests: globs relative to the working directory, `!` to exclude.
 * Paths from the API are relative to the repository root, so they are first made
 * relative to the working directory; files outside it are not berth's.
 */

import { globSync } from 'node:fs';
import { posix } from 'node:path';
import type { ChangedFile } from './github.ts';

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

/** Every manifest under `root`, sorted, for plans of the whole tree. */
export function manifestsInTree(root: string, set: GlobSet): string[] {
  const found = new Set<string>();
  for (const pattern of set.include) {
    for (const p of globSync(pattern, {
      cwd: root,
      exclude: (name) => name === 'node_modules' || name === '.git',
    })) {
      const path = p.replaceAll('\\', '/');
      if (matches(set, path)) found.add(path);
    }
  }
  return [...found].sort();
}
