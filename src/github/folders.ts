/**
 * Charts and kustomizations a pull request touches, read through the API. A changed
 * file inside a folder holding `Chart.yaml` or a kustomization (or a folder `render:`
 * names) is not a manifest of its own: the folder is rendered as a whole, at the base
 * commit and at the head commit alike, as the command line renders it. Renderers read
 * files, so each folder's files are fetched (git tree and blobs) into a private folder
 * that mirrors the repository; nothing else is written.
 *
 * A pull request controls these trees: a symbolic link or submodule in a folder, a file
 * over the size limit, or more files than the bound refuses the folder by name, and
 * every path is checked to stay inside the private folder before it is written.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import path, { posix } from 'node:path';
import { formatBytes, type ManifestLimits } from '../manifests/limits.ts';
import { fileTooLarge } from '../manifests/parse.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { type FolderKind, folderKindOf, type RenderFolderSettings } from '../render/render.ts';
import { kustomizationFileOf, kustomizationRefs, MAX_CHART_BYTES } from '../render/tree.ts';
import type { RepoTree, TreeEntry } from './api-repo.ts';
import { type GlobSet, matches, underWorkingDirectory } from './changes.ts';
import type { GitHub } from './client.ts';

/** Most files fetched for the folders of one side, as many as a pull request's file list holds. */
export const MAX_FOLDER_FILES = 3000;
/** How many folders deep kustomizations may name each other. */
const MAX_REFERENCE_DEPTH = 16;

/** A commit's tree, indexed: each folder's entry names, each path's entry. Paths from the repository root, `''` for the root. */
export interface TreeIndex {
  children: Map<string, string[]>;
  entries: Map<string, TreeEntry>;
}

export function indexTree(tree: RepoTree): TreeIndex {
  const children = new Map<string, string[]>([['', []]]);
  const entries = new Map<string, TreeEntry>();
  for (const entry of tree.entries) {
    entries.set(entry.path, entry);
    const parent = posix.dirname(entry.path);
    const key = parent === '.' ? '' : parent;
    const list = children.get(key);
    if (list) list.push(posix.basename(entry.path));
    else children.set(key, [posix.basename(entry.path)]);
    if (entry.type === 'tree' && !children.has(entry.path)) children.set(entry.path, []);
  }
  return { children, entries };
}

/** Where a changed file belongs: a folder rendered as a whole, a folder left out, or its own manifest. */
export type Belonging = { kind: 'render'; folder: string } | { kind: 'skip' } | { kind: 'file' };

/** `render:` keys folders relative to the repository root, `.` for the root. */
function settingsOf(
  folders: Record<string, RenderFolderSettings>,
  dir: string,
): RenderFolderSettings | undefined {
  const key = dir === '' ? '.' : dir;
  return Object.hasOwn(folders, key) ? folders[key] : undefined;
}

/** The kind of a folder of the tree, as the command line's walk decides it. */
export function kindAt(
  index: TreeIndex,
  dir: string,
  folders: Record<string, RenderFolderSettings>,
): FolderKind {
  return folderKindOf(index.children.get(dir) ?? [], settingsOf(folders, dir));
}

/**
 * Which folder a file (by its path from the repository root) belongs to: walking down
 * from the working directory as the command line walks, the first folder that is a
 * chart or kustomization takes it, a `skip` folder drops it.
 */
export function belonging(
  index: TreeIndex,
  repoFile: string,
  workingDirectory: string,
  folders: Record<string, RenderFolderSettings>,
): Belonging {
  const wd = posix.normalize(workingDirectory.replaceAll('\\', '/')).replace(/\/+$/, '');
  const start = wd === '.' || wd === '' ? '' : wd;
  if (start !== '' && !repoFile.startsWith(`${start}/`)) return { kind: 'file' };
  const rest = (start === '' ? repoFile : repoFile.slice(start.length + 1)).split('/').slice(0, -1);
  let dir = start;
  for (let i = 0; i <= rest.length; i++) {
    if (i > 0) dir = dir === '' ? rest[i - 1]! : `${dir}/${rest[i - 1]}`;
    const kind = kindAt(index, dir, folders);
    if (kind === 'skip') return { kind: 'skip' };
    if (kind === 'helm' || kind === 'kustomize') return { kind: 'render', folder: dir };
  }
  return { kind: 'file' };
}

/** Whether the manifest globs reach into a folder: some file under it (relative to the working directory) matches. */
export function globsReach(
  index: TreeIndex,
  folder: string,
  workingDirectory: string,
  set: GlobSet,
): boolean {
  for (const [p, entry] of index.entries) {
    if (entry.type !== 'blob' || !inside(folder, p)) continue;
    const relative = underWorkingDirectory(p, workingDirectory);
    if (relative !== null && matches(set, relative)) return true;
  }
  return false;
}

function inside(folder: string, p: string): boolean {
  return folder === '' || p === folder || p.startsWith(`${folder}/`);
}

/** A path from the tree as a safe relative path: no `..`, `.`, empty or absolute segment. */
function safeRelative(p: string): boolean {
  if (p === '' || p.startsWith('/') || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

export interface FetchedFolders {
  /** Folders (from the repository root) whose files are all in place, ready to render. */
  ready: string[];
  diagnostics: Diagnostic[];
}

/**
 * Writes the files of `folders` at the commit `index` describes under `root` (the
 * repository's layout), plus the folders and files their kustomizations name and the
 * values files `render:` gives them. A folder with a link, a submodule, a file over
 * the limit, or too many files is refused by name and left out of `ready`.
 * `display` turns a repository path into the name a diagnostic carries.
 */
export async function fetchFolders(options: {
  github: Pick<GitHub, 'getBlob'>;
  index: TreeIndex;
  folders: string[];
  settings: Record<string, RenderFolderSettings>;
  root: string;
  limits: ManifestLimits;
  display: (repoPath: string) => string;
  maxFiles?: number;
}): Promise<FetchedFolders> {
  const { github, index, root, limits, display } = options;
  const maxFiles = options.maxFiles ?? MAX_FOLDER_FILES;
  const diagnostics: Diagnostic[] = [];
  const ready: string[] = [];
  const written = new Set<string>();
  const rootResolved = path.resolve(root);
  let count = 0;
  let bytes = 0;

  const at = (p: string) => ({ file: display(p), line: 1, column: 1 });

  /** Why a set of entries cannot be fetched, as a diagnostic, or null. */
  const refuse = (folder: string, entries: TreeEntry[]): Diagnostic | null => {
    const what = kindAt(index, folder, options.settings) === 'helm' ? 'chart' : 'kustomization';
    for (const entry of entries) {
      if (!safeRelative(entry.path)) {
        return diagnostic(
          at(folder),
          'error',
          'outside-root',
          `${what} not rendered: unsafe path in the tree`,
        );
      }
      if (entry.mode === '120000') {
        return diagnostic(
          at(entry.path),
          'error',
          'outside-root',
          `${what} not rendered: ${display(entry.path)} is a symbolic link, which berth does not follow in a pull request's folder`,
        );
      }
      if (entry.type === 'commit') {
        return diagnostic(
          at(entry.path),
          'error',
          'file-unreadable',
          `${what} not rendered: ${display(entry.path)} is a submodule, which berth does not fetch`,
        );
      }
      if (entry.type === 'blob' && (entry.size ?? 0) > limits.maxFileBytes) {
        return fileTooLarge(at(entry.path), entry.size ?? 0, limits.maxFileBytes);
      }
    }
    const fresh = entries.filter((e) => e.type === 'blob' && !written.has(e.path));
    const freshBytes = fresh.reduce((sum, e) => sum + (e.size ?? 0), 0);
    if (bytes + freshBytes > MAX_CHART_BYTES) {
      return diagnostic(
        at(folder),
        'error',
        'file-too-large',
        `${what} not rendered: the folders of this pull request hold more than ${formatBytes(MAX_CHART_BYTES)} of files (helm's bound on a chart)`,
      );
    }
    if (count + fresh.length > maxFiles) {
      return diagnostic(
        at(folder),
        'error',
        'file-unreadable',
        `${what} not rendered: more than ${maxFiles} files to fetch for the folders of this pull request`,
      );
    }
    return null;
  };

  const write = async (entry: TreeEntry): Promise<Buffer | null> => {
    if (entry.type !== 'blob' || written.has(entry.path)) return null;
    const target = path.resolve(rootResolved, ...entry.path.split('/'));
    // Checked again on the resolved path: nothing is written outside the private folder.
    if (!target.startsWith(`${rootResolved}${path.sep}`)) throw new Error(`unsafe path ${entry.path}`);
    const data = await github.getBlob(entry.sha);
    if (data.length > limits.maxFileBytes)
      throw new Error(`${entry.path} is larger than its tree entry said`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, data, { flag: 'wx', mode: 0o600 });
    written.add(entry.path);
    count++;
    bytes += data.length;
    return data;
  };

  const entriesUnder = (folder: string) =>
    [...index.entries.values()].filter((e) => e.path !== folder && inside(folder, e.path));

  for (const folder of options.folders) {
    const kind = kindAt(index, folder, options.settings);
    // The folder, then what its kustomizations name, breadth first and bounded.
    const queue: { dir: string; depth: number }[] = [{ dir: folder, depth: 0 }];
    const seen = new Set<string>();
    let problem: Diagnostic | null = null;
    const plan: TreeEntry[] = [];
    while (queue.length > 0 && !problem) {
      const { dir, depth } = queue.shift()!;
      if (seen.has(dir)) continue;
      seen.add(dir);
      const entries = dir === folder || index.entries.get(dir)?.type === 'tree' ? entriesUnder(dir) : [];
      const single = index.entries.get(dir);
      if (single && single.type !== 'tree') entries.push(single);
      problem = refuse(folder, entries);
      if (problem) break;
      plan.push(...entries);
      if (kind !== 'kustomize' || depth >= MAX_REFERENCE_DEPTH) continue;
      const file = kustomizationFileOf(index.children.get(dir) ?? []);
      const entry = file ? index.entries.get(dir === '' ? file : `${dir}/${file}`) : undefined;
      if (entry?.type !== 'blob') continue;
      const kustomization = await write(entry);
      const text = (kustomization ?? Buffer.alloc(0)).toString('utf8');
      for (const reference of kustomization ? kustomizationRefs(text).references : []) {
        const joined = posix.normalize(posix.join(dir, reference));
        // A reference out of the repository or a URL: kustomize's own check (and berth's before it) reports it.
        if (joined.startsWith('..') || joined.startsWith('/') || !index.entries.has(joined)) continue;
        if (!inside(folder, joined)) queue.push({ dir: joined, depth: depth + 1 });
      }
    }
    if (!problem && kind === 'helm') {
      for (const given of settingsOf(options.settings, folder)?.values ?? []) {
        const entry = index.entries.get(posix.normalize(given));
        if (entry) {
          problem = refuse(folder, [entry]);
          if (!problem) plan.push(entry);
        }
      }
    }
    if (problem) {
      diagnostics.push(problem);
      continue;
    }
    for (const entry of plan) await write(entry);
    ready.push(folder);
  }
  return { ready, diagnostics };
}

/** One side's folders, fetched and ready for the loader. */
export interface FolderSide {
  /** The private copy of the repository's layout. */
  root: string;
  /** The working directory inside it: folders are named relative to it. */
  cwd: string;
  /** Folders to render, relative to the working directory. */
  folders: string[];
  /** Folders refused before rendering. */
  diagnostics: Diagnostic[];
}

export interface PullFolders {
  head: FolderSide;
  base: FolderSide;
  /** Paths under the working directory, as `ManifestChanges`, less files inside rendered or skipped folders. */
  headFiles: string[];
  baseFiles: { path: string; repoPath: string }[];
  /** Notes for the log (a tree GitHub listed only in part). */
  notes: string[];
}

/**
 * The charts and kustomizations a pull request's changed files lie in, fetched at
 * the base and head commits under `dir` (`dir/head`, `dir/base`), and the changed
 * files that are manifests of their own. A folder is planned when the manifest globs
 * reach into it (as a glob that reaches into a chart renders it on the command line),
 * and on both sides wherever it is a chart or kustomization there.
 */
export async function pullFolders(options: {
  github: Pick<GitHub, 'getTree' | 'getBlob'>;
  files: { filename: string; status: string; previousFilename?: string }[];
  changes: { head: string[]; base: { path: string; repoPath: string }[] };
  headSha: string;
  baseSha: string;
  set: GlobSet;
  workingDirectory: string;
  settings: Record<string, RenderFolderSettings>;
  limits: ManifestLimits;
  dir: string;
}): Promise<PullFolders> {
  const { github, workingDirectory: wd, settings, set } = options;
  const notes: string[] = [];
  const trees = {
    head: await github.getTree(options.headSha),
    base: await github.getTree(options.baseSha),
  };
  for (const side of ['head', 'base'] as const) {
    if (trees[side].truncated) {
      notes.push(
        `GitHub listed the ${side} commit's tree only in part: charts and kustomizations outside what it listed are read as plain files`,
      );
    }
  }
  const index = { head: indexTree(trees.head), base: indexTree(trees.base) };
  const toRepo = (p: string) => {
    const w = posix.normalize(wd.replaceAll('\\', '/')).replace(/\/+$/, '');
    return w === '.' || w === '' ? p : posix.join(w, p);
  };
  const fromRepo = (p: string) => underWorkingDirectory(p, wd) ?? p;

  // Folders the change touches, on either side.
  const touched = new Set<string>();
  const note = (side: 'head' | 'base', file: string) => {
    const b = belonging(index[side], file, wd, settings);
    if (b.kind === 'render' && globsReach(index[side], b.folder, wd, set)) touched.add(b.folder);
  };
  for (const f of options.files) {
    if (f.status !== 'removed') note('head', f.filename);
    if (f.status !== 'added') note('base', f.previousFilename ?? f.filename);
    if (f.previousFilename) note('head', f.previousFilename);
    note('base', f.filename);
  }
  // Overlays over what changed: a kustomization that names a changed folder or file is built again too.
  const changedPaths = {
    head: options.files.filter((f) => f.status !== 'removed').map((f) => f.filename),
    base: options.files.filter((f) => f.status !== 'added').map((f) => f.previousFilename ?? f.filename),
  };
  const used = { head: new Set<string>(), base: new Set<string>() };
  for (const name of ['head', 'base'] as const) {
    const found = await dependentKustomizations({
      github,
      index: index[name],
      changed: [...changedPaths[name], ...touched],
      workingDirectory: wd,
      settings,
      set,
    });
    for (const folder of found.folders) touched.add(folder);
    used[name] = found.used;
    notes.push(...found.notes);
  }
  const side = async (name: 'head' | 'base'): Promise<FolderSide> => {
    const root = path.join(options.dir, name);
    const folders = [...touched].filter((f) => {
      const kind = kindAt(index[name], f, settings);
      if (kind === 'kustomize' && used[name].has(f)) return false;
      return (kind === 'helm' || kind === 'kustomize') && index[name].children.has(f);
    });
    await mkdir(root, { recursive: true, mode: 0o700 });
    const fetched = await fetchFolders({
      github,
      index: index[name],
      folders: folders.sort(),
      settings,
      root,
      limits: options.limits,
      display: fromRepo,
    });
    const w = posix.normalize(wd.replaceAll('\\', '/'));
    const cwd = w === '.' ? root : path.join(root, ...w.split('/'));
    await mkdir(cwd, { recursive: true });
    return {
      root,
      cwd,
      folders: fetched.ready.map((f) => fromRepo(f) || '.'),
      diagnostics: fetched.diagnostics,
    };
  };
  const own = (name: 'head' | 'base', repoFile: string) =>
    belonging(index[name], repoFile, wd, settings).kind === 'file';
  return {
    head: await side('head'),
    base: await side('base'),
    headFiles: options.changes.head.filter((p) => own('head', toRepo(p))),
    baseFiles: options.changes.base.filter((f) => own('base', f.repoPath)),
    notes,
  };
}

/** Most kustomizations of a commit read to find the overlays of a changed base. */
export const MAX_KUSTOMIZATIONS = 200;

/**
 * The kustomization folders of a commit (each one the command line's walk would
 * build, reached by the globs) that name, directly or through other kustomizations,
 * a folder holding one of `changed` or a changed file itself: an overlay over a
 * changed base is planned as it would now build.
 */
export async function dependentKustomizations(options: {
  github: Pick<GitHub, 'getBlob'>;
  index: TreeIndex;
  changed: string[];
  workingDirectory: string;
  settings: Record<string, RenderFolderSettings>;
  set: GlobSet;
}): Promise<{ folders: string[]; notes: string[]; used: Set<string> }> {
  const { index, workingDirectory: wd, settings } = options;
  const roots: string[] = [];
  /** What each kustomization folder names, as paths from the repository root. */
  const names = new Map<string, string[]>();
  const kustomizations: string[] = [];
  const components: string[] = [];
  for (const [dir, children] of index.children) {
    if (!kustomizationFileOf(children)) continue;
    kustomizations.push(dir);
  }
  if (kustomizations.length > MAX_KUSTOMIZATIONS) {
    return {
      folders: [],
      used: new Set(),
      notes: [
        `the commit has more than ${MAX_KUSTOMIZATIONS} kustomizations: overlays over a changed base are not looked for`,
      ],
    };
  }
  for (const dir of kustomizations.sort()) {
    const file = kustomizationFileOf(index.children.get(dir) ?? [])!;
    const entry = index.entries.get(dir === '' ? file : `${dir}/${file}`);
    if (entry?.type !== 'blob' || (entry.size ?? 0) > 1024 * 1024) continue;
    const text = (await options.github.getBlob(entry.sha)).toString('utf8');
    const refs = kustomizationRefs(text)
      .references.map((r) => posix.normalize(posix.join(dir, r)))
      .filter((r) => !r.startsWith('..') && !r.startsWith('/') && index.entries.has(r));
    names.set(dir, refs);
    if (kustomizationRefs(text).component) components.push(dir);
    const own = belonging(index, dir === '' ? file : `${dir}/${file}`, wd, settings);
    if (own.kind === 'render' && own.folder === dir && globsReach(index, dir, wd, options.set))
      roots.push(dir);
  }
  const hit = (target: string) =>
    options.changed.some((c) => c === target || inside(target, c) || (c !== '' && inside(c, target)));
  const reaches = (dir: string, seen: Set<string>): boolean => {
    for (const target of names.get(dir) ?? []) {
      if (seen.has(target)) continue;
      seen.add(target);
      if (hit(target) || reaches(target, seen)) return true;
    }
    return false;
  };
  // As the command line's walk: a base another kustomization names, or a Component, is built through what names it.
  const used = new Set<string>(components);
  for (const dir of roots) for (const target of names.get(dir) ?? []) used.add(target);
  return { folders: roots.filter((dir) => reaches(dir, new Set([dir]))), notes: [], used };
}
