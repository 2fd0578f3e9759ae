/**
 * What a renderer will read, checked before it runs. helm reads every file of a
 * chart's folder, following symbolic links; kustomize reads its kustomization's
 * folder and the folders its `resources`, `components`, generators and transformers
 * name, which may be anywhere, even a git repository on the network. So, for the
 * folder and every folder a kustomization names (recursively): each entry must
 * resolve inside the root (a link to `/etc` or `/proc/self/environ` is refused by
 * name, and nothing is rendered); each reference must be a file or folder in the
 * tree (a URL or a git repository is refused: nothing is fetched). The walk is
 * bounded in entries and depth, like every other read of input.
 */

import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { locate, type ReadScope, readContained } from '../files/contained.ts';

/** File names kustomize takes as a folder's kustomization, in its order. */
export const KUSTOMIZATION_FILES: readonly string[] = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** Most entries looked at under one rendered folder, every folder it names included. */
export const MAX_TREE_ENTRIES = 20_000;
const MAX_DEPTH = 64;
/** Most bytes of files in a chart's folder: helm's own bound on a chart archive, decompressed. */
export const MAX_CHART_BYTES = 100 * 1024 * 1024;
const MAX_KUSTOMIZATION_BYTES = 1024 * 1024;

/** Fields of a kustomization whose string entries name files or folders kustomize loads, maybe remotely. */
const REFERENCE_FIELDS = ['resources', 'bases', 'components', 'generators', 'transformers', 'validators'];

export interface TreeProblem {
  /** The offending path, as the user would see it (relative to where they named the folder). */
  display: string;
  message: string;
}

/** The kustomization file of a folder's entries, if it has one. */
export function kustomizationFileOf(names: readonly string[]): string | undefined {
  return KUSTOMIZATION_FILES.find((name) => names.includes(name));
}

/** What one kustomization names: references to load, and whether it is a Component. */
export interface KustomizationRefs {
  component: boolean;
  references: string[];
  /** Fields berth does not let a pull request use (`helmCharts`: a chart fetched by kustomize). */
  refused: string[];
}

/** Reads the references of a kustomization text; a text that does not parse names nothing (kustomize reports it). */
export function kustomizationRefs(text: string): KustomizationRefs {
  const refs: KustomizationRefs = { component: false, references: [], refused: [] };
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return refs;
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === 'kind' && isScalar(pair.value) && pair.value.value === 'Component') refs.component = true;
    if (key === 'helmCharts' || key === 'helmChartInflationGenerator') refs.refused.push(key);
    if (!REFERENCE_FIELDS.includes(key) || !isSeq(pair.value)) continue;
    for (const item of pair.value.items) {
      if (isScalar(item) && typeof item.value === 'string') refs.references.push(item.value);
    }
  }
  return refs;
}

/** Whether a kustomize reference can only be remote: a URL, an scp-like git address or a host path. */
function looksRemote(reference: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) ||
    /^[\w.-]+@[\w.-]+:/.test(reference) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//i.test(reference) ||
    reference.includes('?ref=') ||
    reference.includes('//')
  );
}

interface Walk {
  scope: ReadScope;
  /**
   * Folder names not looked into. kustomize reads only the files a kustomization
   * names, and refuses on its own (LoadRestrictionsRootOnly) any that resolve
   * outside the kustomization's folder, so `node_modules` beside it need not be
   * walked; helm reads every file of a chart, so a chart's folder is walked whole.
   */
  skip: readonly string[];
  /** Most bytes of files the walk may find (a chart: helm reads them all); unbounded when absent. */
  maxBytes?: number;
  bytes: number;
  entries: number;
  visited: Set<string>;
  problems: TreeProblem[];
}

/** Every entry under a folder resolves inside the root; folders reached through links are walked too. */
async function checkFolder(walk: Walk, display: string, real: string, depth: number): Promise<void> {
  if (walk.problems.length > 0) return;
  if (walk.visited.has(real)) return;
  walk.visited.add(real);
  if (depth > MAX_DEPTH) {
    walk.problems.push({ display, message: `nested more than ${MAX_DEPTH} folders deep; not rendered` });
    return;
  }
  let entries: Dirent[];
  try {
    entries = await readdir(real, { withFileTypes: true });
  } catch (error) {
    walk.problems.push({ display, message: `cannot read folder: ${(error as Error).message}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // The repository's own git folder is no input a pull request writes.
    if (entry.name === '.git' || walk.skip.includes(entry.name)) continue;
    walk.entries++;
    if (walk.entries > MAX_TREE_ENTRIES) {
      walk.problems.push({
        display,
        message: `holds more than ${MAX_TREE_ENTRIES} files and folders; not rendered`,
      });
      return;
    }
    const childDisplay = path.join(display, entry.name);
    const child = path.join(real, entry.name);
    if (entry.isSymbolicLink()) {
      const located = await locate(child, walk.scope);
      if (!located.ok) {
        // A dangling link is not read by anything; anything else that leaves the tree is refused.
        if (located.code === 'missing') continue;
        walk.problems.push({ display: childDisplay, message: located.message });
        return;
      }
      if (located.directory) await checkFolder(walk, childDisplay, located.real, depth + 1);
      else await countBytes(walk, display, located.real);
    } else if (entry.isDirectory()) {
      await checkFolder(walk, childDisplay, child, depth + 1);
    } else if (entry.isFile()) {
      await countBytes(walk, display, child);
    } else {
      walk.problems.push({
        display: childDisplay,
        message: 'not a regular file (a FIFO, socket or device); not rendered',
      });
      return;
    }
    if (walk.problems.length > 0) return;
  }
}

async function countBytes(walk: Walk, display: string, file: string): Promise<void> {
  if (walk.maxBytes === undefined) return;
  walk.bytes += (await stat(file).catch(() => ({ size: 0 }))).size;
  if (walk.bytes > walk.maxBytes && walk.problems.length === 0) {
    walk.problems.push({
      display,
      message: `holds more than ${walk.maxBytes / (1024 * 1024)} MiB of files, more than helm loads from a chart; not rendered`,
    });
  }
}

/** Checks a chart folder: everything helm would read stays inside the root, and is not too much. */
export async function checkChart(display: string, real: string, scope: ReadScope): Promise<TreeProblem[]> {
  const walk: Walk = {
    scope,
    skip: [],
    maxBytes: MAX_CHART_BYTES,
    bytes: 0,
    entries: 0,
    visited: new Set(),
    problems: [],
  };
  await checkFolder(walk, display, real, 0);
  return walk.problems;
}

/**
 * Checks a kustomization folder and, recursively, the folders it names: all inside
 * the root, nothing remote, no chart inflation. Returns the real paths of the
 * kustomization folders reached (the folder itself first).
 */
export async function checkKustomization(
  display: string,
  real: string,
  scope: ReadScope,
): Promise<{ problems: TreeProblem[]; folders: string[] }> {
  const walk: Walk = {
    scope,
    skip: ['node_modules'],
    bytes: 0,
    entries: 0,
    visited: new Set(),
    problems: [],
  };
  const folders: string[] = [];
  const pending: { display: string; real: string }[] = [{ display, real }];
  const seen = new Set<string>();
  while (pending.length > 0 && walk.problems.length === 0) {
    const next = pending.shift()!;
    if (seen.has(next.real)) continue;
    seen.add(next.real);
    folders.push(next.real);
    await checkFolder(walk, next.display, next.real, 0);
    if (walk.problems.length > 0) break;
    const refs = await readRefs(next.real, scope);
    if (!refs) continue;
    if (refs.file === undefined) continue;
    const fileDisplay = path.join(next.display, refs.file);
    for (const field of refs.refs.refused) {
      walk.problems.push({
        display: fileDisplay,
        message: `${field}: kustomize would fetch and render Helm charts; berth does not (render the chart as a folder of its own)`,
      });
    }
    for (const reference of refs.refs.references) {
      if (walk.problems.length > 0) break;
      const target = path.resolve(next.real, reference);
      const located = looksRemote(reference) ? null : await locate(target, scope);
      if (located === null || (!located.ok && located.code === 'missing')) {
        walk.problems.push({
          display: fileDisplay,
          message: `"${reference}" is not a file or folder in the tree: kustomize would fetch it as a remote base, and berth fetches nothing`,
        });
      } else if (!located.ok) {
        walk.problems.push({ display: fileDisplay, message: `"${reference}": ${located.message}` });
      } else if (located.directory) {
        pending.push({ display: path.join(next.display, reference), real: located.real });
      }
    }
  }
  return { problems: walk.problems, folders };
}

/** The kustomization of a folder and what it names, or null when it has none. */
async function readRefs(
  real: string,
  scope: ReadScope,
): Promise<{ file: string | undefined; refs: KustomizationRefs } | null> {
  let names: string[];
  try {
    names = await readdir(real);
  } catch {
    return null;
  }
  const file = kustomizationFileOf(names);
  if (!file) return null;
  const read = await readContained(path.join(real, file), scope, MAX_KUSTOMIZATION_BYTES);
  if (!read.ok) return { file, refs: { component: false, references: [], refused: [] } };
  return { file, refs: kustomizationRefs(read.bytes.toString('utf8')) };
}

/** Whether a folder holds a kustomization that is a Component (kustomize cannot build one alone). */
export async function isComponent(real: string, scope: ReadScope): Promise<boolean> {
  const refs = await readRefs(real, scope);
  return refs?.refs.component === true;
}

/** The real paths of the folders a kustomization folder names directly (bases, components, resources). */
export async function referencedFolders(real: string, scope: ReadScope): Promise<string[]> {
  const refs = await readRefs(real, scope);
  if (!refs) return [];
  const out: string[] = [];
  for (const reference of refs.refs.references) {
    if (looksRemote(reference)) continue;
    const located = await locate(path.resolve(real, reference), scope);
    if (located.ok && located.directory) out.push(located.real);
  }
  return out;
}
