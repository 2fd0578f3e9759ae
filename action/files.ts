/**
 * Which files are manifests: globs relative to the working directory, `!` to exclude.
 * Paths from the API are relative to the repository root, so they are first made
 * relative to the working directory; files outside it are not berth's.
 */

import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { isInside, locate, type ReadScope } from './core-adapter.ts';
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

/**
 * Every manifest under `cwd`, sorted, for plans of the whole tree. The real folders
 * are walked first; then folder links that stay inside the scope (the workspace),
 * each target folder at most once through links, so a link loop or a web of links
 * cannot multiply the walk. A folder link that leads out of the workspace, where
 * the globs could match, is listed as it is so that reading it reports it. Files
 * are listed whatever they are: reading refuses a link out of the workspace, a FIFO
 * or a device, by name.
 */
export async function manifestsInTree(cwd: string, set: GlobSet, scope: ReadScope): Promise<string[]> {
  const found: string[] = [];
  const walked = { real: new Set<string>(), linked: new Set<string>() };
  const links: { path: string; absolute: string; parent: string }[] = [];
  // Whether a folder could hold a file the globs take (a file right in it, or below it through `**`).
  const mayHoldManifests = (dir: string) =>
    ['x.yaml', 'x.yml', 'x.json', 'x/x.yaml', 'x/x.yml', 'x/x.json'].some((f) => matches(set, `${dir}/${f}`));
  const visit = async (
    dir: string,
    absolute: string,
    through: 'real' | 'linked',
    parent = '',
  ): Promise<void> => {
    const located = await locate(absolute, scope);
    if (!located.ok || !located.directory) {
      if (dir !== '' && mayHoldManifests(dir)) found.push(dir);
      return;
    }
    // A link to a folder that holds it is a loop: its files are listed under their own paths already.
    if (walked[through].has(located.real) || (parent !== '' && isInside(parent, located.real))) return;
    walked[through].add(located.real);
    let entries: Dirent[];
    try {
      entries = await readdir(located.real, { withFileTypes: true });
    } catch {
      found.push(dir);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      const child = join(located.real, entry.name);
      if (entry.isDirectory()) await visit(path, child, through);
      else if (entry.isSymbolicLink() && (await stat(child).catch(() => null))?.isDirectory()) {
        links.push({ path, absolute: child, parent: located.real });
      } else if (matches(set, path)) found.push(path);
      // A dangling link is no manifest; a link loop named like one is listed, and reading reports it.
    }
  };
  await visit('', cwd, 'real');
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    await visit(link.path, link.absolute, 'linked', link.parent);
  }
  return [...new Set(found)].sort();
}
