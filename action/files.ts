/**
 * The manifests of the checked-out tree, for plans of the whole tree. Which files of a
 * pull request are manifests is decided in `src/github/changes.ts`, shared with the App.
 */

import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type GlobSet, matches } from '../src/github/changes.ts';
import { folderKindOf, type RenderFolderSettings } from '../src/render/render.ts';
import { isComponent, referencedFolders } from '../src/render/tree.ts';
import { isInside, locate, type ReadScope } from './core-adapter.ts';

/**
 * Every manifest under `cwd`, sorted, for plans of the whole tree. The real folders
 * are walked first; then folder links that stay inside the scope (the workspace),
 * each target folder at most once through links, so a link loop or a web of links
 * cannot multiply the walk. A folder link that leads out of the workspace, where
 * the globs could match, is listed as it is so that reading it reports it. Files
 * are listed whatever they are: reading refuses a link out of the workspace, a FIFO
 * or a device, by name.
 */
export async function manifestsInTree(
  cwd: string,
  set: GlobSet,
  scope: ReadScope,
  render: Record<string, RenderFolderSettings> = {},
): Promise<string[]> {
  const found: string[] = [];
  /** Chart and kustomization folders listed, by their real paths. */
  const rendered = new Map<string, { path: string; kind: string }>();
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
    // A chart or kustomization the globs reach into is listed as its folder, which the loader renders; `skip` leaves it out.
    const key = relative(scope.root, located.real).split(sep).join('/') || '.';
    const kind = folderKindOf(
      entries.map((e) => e.name),
      Object.hasOwn(render, key) ? render[key] : undefined,
    );
    if (kind === 'skip') return;
    if (kind === 'helm' || kind === 'kustomize') {
      const reached =
        entries.some((e) => matches(set, dir === '' ? e.name : `${dir}/${e.name}`)) ||
        (dir !== '' && mayHoldManifests(dir));
      if (reached) {
        found.push(dir === '' ? '.' : dir);
        rendered.set(located.real, { path: dir === '' ? '.' : dir, kind });
      }
      return;
    }
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
  // As the command line's walk: a base another listed kustomization names, and a Component, are built through it.
  const used = new Set<string>();
  for (const [real, folder] of rendered) {
    if (folder.kind !== 'kustomize') continue;
    if (await isComponent(real, scope)) used.add(folder.path);
    for (const named of await referencedFolders(real, scope)) {
      const other = rendered.get(named);
      if (other) used.add(other.path);
    }
  }
  return [...new Set(found)].filter((p) => !used.has(p)).sort();
}
