/**
 * Manifests from what a user types: files, directories, globs and `-` for standard
 * input. Paths in diagnostics stay as the user wrote them, and the order objects
 * come out in never depends on the file system's listing order.
 */

import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { locate, type ReadScope, type Refusal, readContained } from '../files/contained.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { LoadResult, ManifestObject } from '../model/types.ts';
import type { RenderKind } from '../render/binary.ts';
import {
  folderKindOf,
  folderSettings,
  type RenderFolderSettings,
  type RenderOptions,
  renderFolder,
} from '../render/render.ts';
import { isComponent, referencedFolders } from '../render/tree.ts';
import { dropDuplicates } from './duplicates.ts';
import { type ManifestLimits, resolveLimits } from './limits.ts';
import { fileTooLarge, parseManifests } from './parse.ts';
import { decodeText } from './text.ts';

/** The file name diagnostics carry for standard input. */
export const STDIN_NAME = '<stdin>';

/** What a directory or a glob contributes; a file named explicitly is read whatever its name. */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

export interface LoadOptions {
  /** Directory relative inputs are resolved against (default: the process's). */
  cwd?: string;
  /**
   * Where files may be read from (default: inside `cwd`). A path, a link in a
   * directory or a glob match that resolves elsewhere is an `outside-root` error.
   */
  scope?: ReadScope;
  /** Read for the input `-` (default: the process's standard input). */
  stdin?: NodeJS.ReadableStream | AsyncIterable<Buffer | string>;
  limits?: Partial<ManifestLimits>;
  /** Filled with the text of every file read, by the name diagnostics give it (for code frames). */
  sources?: Map<string, string>;
  /** How charts and kustomizations are rendered (see src/render). */
  render?: RenderOptions;
}

type Source =
  /** `found`: reached by walking a folder or matching a glob, rather than named. */
  | { kind: 'file'; display: string; absolute: string; found: boolean }
  | { kind: 'stdin' }
  /** A chart or kustomization folder; `named`: the user named it rather than a folder above it. */
  | {
      kind: 'render';
      display: string;
      real: string;
      renderer: RenderKind;
      settings: RenderFolderSettings | undefined;
      named: boolean;
    };

interface Collector {
  cwd: string;
  scope: ReadScope;
  sources: Source[];
  seen: Set<string>;
  diagnostics: Diagnostic[];
  render: RenderOptions | undefined;
}

function atStart(file: string): { file: string; line: number; column: number } {
  return { file, line: 1, column: 1 };
}

function errorText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

function isManifestName(name: string): boolean {
  return MANIFEST_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** Hidden files and folders and node_modules are never manifests a user meant to plan. */
function isSkipped(name: string): boolean {
  return (name.startsWith('.') && name !== '.' && name !== '..') || name === 'node_modules';
}

function hasGlobSyntax(input: string): boolean {
  return /[*?[\]{}]/.test(input);
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Adds a file once, however many names (relative, absolute, through a link) it is reached by. */
async function addFile(
  collector: Collector,
  display: string,
  absolute: string,
  found: boolean,
): Promise<void> {
  const identity = await realpath(absolute).catch(() => absolute);
  if (collector.seen.has(identity)) return;
  collector.seen.add(identity);
  collector.sources.push({ kind: 'file', display, absolute, found });
}

/** What a walk takes from a folder; paths are as displayed (the user's form). */
interface WalkRules {
  /** Whether an entry that is not a folder is read. */
  wants(display: string, name: string): boolean;
  /** The rules inside a subfolder, or null to leave it out. */
  into(display: string, name: string): WalkRules | null;
}

/** A directory the user names: every manifest file under it, hidden folders and node_modules aside. */
const DIRECTORY_RULES: WalkRules = {
  wants: (_display, name) => !isSkipped(name) && isManifestName(name),
  into: (_display, name) => (isSkipped(name) ? null : DIRECTORY_RULES),
};

/** A path berth will not read, reported by the name it was reached by. */
function refused(display: string, refusal: Refusal, what = 'cannot read'): Diagnostic {
  const outside = refusal.code === 'outside-root';
  const message = outside || refusal.code === 'not-a-file' ? refusal.message : `${what}: ${refusal.message}`;
  return diagnostic(atStart(display), 'error', outside ? 'outside-root' : 'file-unreadable', message);
}

/**
 * The wanted files under a directory, depth first, names in code point order at
 * each level. The directory must resolve inside the scope: a folder link that
 * leads out of it is reported by its name and not entered.
 */
async function walk(
  collector: Collector,
  display: string,
  absolute: string,
  visited: Set<string>,
  rules: WalkRules,
  named = false,
): Promise<number> {
  const located = await locate(absolute, collector.scope);
  if (!located.ok) {
    collector.diagnostics.push(refused(display, located, 'cannot read directory'));
    return 0;
  }
  // A symbolic link back up the tree would otherwise be walked forever.
  if (visited.has(located.real)) return 0;
  visited.add(located.real);
  let entries: Dirent[];
  try {
    // The real path, so the listing is of the folder that was checked.
    entries = await readdir(located.real, { withFileTypes: true });
  } catch (error) {
    collector.diagnostics.push(
      diagnostic(atStart(display), 'error', 'file-unreadable', `cannot read directory: ${errorText(error)}`),
    );
    return 0;
  }
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  // A chart or a kustomization is rendered as a whole; its templates and values are never read as manifests.
  const settings = folderSettings(collector.render, located.real, absolute, collector.scope);
  const folderKind = folderKindOf(
    entries.map((entry) => entry.name),
    settings,
  );
  if (folderKind === 'skip') return 0;
  if (folderKind === 'helm' || folderKind === 'kustomize') {
    if (!collector.seen.has(located.real)) {
      collector.seen.add(located.real);
      collector.sources.push({
        kind: 'render',
        display,
        real: located.real,
        renderer: folderKind,
        settings,
        named,
      });
    }
    return 1;
  }
  let found = 0;
  for (const entry of entries) {
    const childDisplay = path.join(display, entry.name);
    const childAbsolute = path.join(located.real, entry.name);
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      // Only the link's target type is looked at here; where it leads is checked before anything is read.
      const target = await stat(childAbsolute).catch((error: NodeJS.ErrnoException) => error);
      if (target instanceof Error) {
        // A dangling link in a manifests folder is not something the user asked to load; a loop is reported.
        if (target.code !== 'ELOOP' || !rules.wants(childDisplay, entry.name)) continue;
      } else {
        isDirectory = target.isDirectory();
      }
    }
    if (isDirectory) {
      const inner = rules.into(childDisplay, entry.name);
      if (inner) found += await walk(collector, childDisplay, childAbsolute, visited, inner);
    } else if (rules.wants(childDisplay, entry.name)) {
      // Files, links to files, FIFOs and devices alike: reading refuses all but regular files inside the root.
      await addFile(collector, childDisplay, childAbsolute, true);
      found++;
    }
  }
  return found;
}

/**
 * A glob as berth's own walk over the folder its literal part names, so matches
 * obey the same rules as directories: nothing outside the root, links into it
 * followed once. A folder the pattern matches is read like a directory given by name.
 */
function globRules(pattern: string): WalkRules {
  const segments = pattern.split(/[\\/]/);
  const literal = new Set(segments);
  // Hidden folders and node_modules only when the pattern names them itself.
  const hidden = (name: string) => isSkipped(name) && !literal.has(name);
  // Braces may hold a separator, so a pattern with them is matched whole at each folder.
  const bySegment = !pattern.includes('{');
  const mayHoldMatches = (display: string): boolean => {
    if (!bySegment) return true;
    const parts = display.split(/[\\/]/);
    for (let i = 0; i < parts.length; i++) {
      const part = segments[i];
      if (part === undefined) return false;
      if (part.includes('**')) return true;
      if (!path.matchesGlob(parts[i]!, part)) return false;
    }
    return parts.length < segments.length;
  };
  const rules: WalkRules = {
    wants: (display, name) => !hidden(name) && isManifestName(name) && path.matchesGlob(display, pattern),
    into: (display, name) => {
      if (hidden(name)) return null;
      if (path.matchesGlob(display, pattern)) return DIRECTORY_RULES;
      return mayHoldMatches(display) ? rules : null;
    },
  };
  return rules;
}

async function expandGlob(collector: Collector, input: string): Promise<number> {
  const pattern = path.normalize(input);
  const segments = pattern.split(/[\\/]/);
  const literalCount = segments.findIndex(hasGlobSyntax);
  const base = literalCount <= 0 ? '.' : segments.slice(0, literalCount).join(path.sep) || path.sep;
  const absolute = path.resolve(collector.cwd, base);
  const located = await locate(absolute, collector.scope);
  if (!located.ok) {
    // A pattern under a folder that does not exist matches nothing; one that leads outside is refused.
    if (located.code !== 'missing')
      collector.diagnostics.push(refused(input, located, 'cannot read directory'));
    return 0;
  }
  if (!located.directory) return 0;
  // The walk's paths start at the base as written ('' for the working directory, whose matches are bare names).
  const display = literalCount <= 0 ? '' : base;
  return walk(collector, display, located.real, new Set(), globRules(pattern));
}

async function collectInput(collector: Collector, input: string): Promise<void> {
  if (input === '-') {
    if (!collector.seen.has(STDIN_NAME)) {
      collector.seen.add(STDIN_NAME);
      collector.sources.push({ kind: 'stdin' });
    }
    return;
  }
  const absolute = path.resolve(collector.cwd, input);
  let info: Awaited<ReturnType<typeof stat>> | undefined;
  let failure: unknown;
  try {
    info = await stat(absolute);
  } catch (error) {
    failure = error;
  }
  // A refusal (a link out of the root, say) already tells why nothing was found.
  const reported = collector.diagnostics.length;
  if (info?.isDirectory()) {
    const found = await walk(collector, input, absolute, new Set(), DIRECTORY_RULES, true);
    if (found === 0 && collector.diagnostics.length === reported) {
      collector.diagnostics.push(
        diagnostic(
          atStart(input),
          'warning',
          'no-files',
          `directory holds no ${MANIFEST_EXTENSIONS.join(', ')} files (hidden folders and node_modules are skipped)`,
        ),
      );
    }
    return;
  }
  if (info) {
    // Named explicitly, so read whatever it is called; reading checks where it leads and what it is.
    await addFile(collector, input, absolute, false);
    return;
  }
  if ((failure as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' && hasGlobSyntax(input)) {
    const found = await expandGlob(collector, input);
    if (found === 0 && collector.diagnostics.length === reported) {
      collector.diagnostics.push(
        diagnostic(
          atStart(input),
          'error',
          'no-files',
          `pattern matched no ${MANIFEST_EXTENSIONS.join(', ')} files`,
        ),
      );
    }
    return;
  }
  const code = (failure as NodeJS.ErrnoException | undefined)?.code;
  collector.diagnostics.push(
    code === 'ENOENT' || code === 'ENOTDIR'
      ? diagnostic(atStart(input), 'error', 'no-files', 'no such file or directory')
      : diagnostic(atStart(input), 'error', 'file-unreadable', `cannot read: ${errorText(failure)}`),
  );
}

type ReadOutcome = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

function decode(display: string, bytes: Uint8Array): ReadOutcome {
  const decoded = decodeText(bytes);
  if (decoded.ok) return decoded;
  return {
    ok: false,
    diagnostic: diagnostic(atStart(display), 'error', 'file-unreadable', decoded.why),
  };
}

/** Reads a stream, giving up as soon as it passes the size limit rather than buffering all of it. */
async function readStream(
  display: string,
  stream: AsyncIterable<Buffer | string | Uint8Array>,
  limit: number,
): Promise<ReadOutcome> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      total += buffer.length;
      if (total > limit) {
        return { ok: false, diagnostic: fileTooLarge(atStart(display), total, limit, true) };
      }
      chunks.push(buffer);
    }
  } catch (error) {
    return {
      ok: false,
      diagnostic: diagnostic(
        atStart(display),
        'error',
        'file-unreadable',
        `cannot read: ${errorText(error)}`,
      ),
    };
  }
  return decode(display, Buffer.concat(chunks));
}

async function readSource(
  source: Exclude<Source, { kind: 'render' }>,
  options: LoadOptions,
  scope: ReadScope,
  limits: ManifestLimits,
): Promise<ReadOutcome> {
  if (source.kind === 'stdin') {
    const stdin = (options.stdin ?? process.stdin) as AsyncIterable<Buffer | string>;
    return readStream(STDIN_NAME, stdin, limits.maxFileBytes);
  }
  const { display, absolute } = source;
  const read = await readContained(absolute, scope, limits.maxFileBytes);
  if (read.ok) return decode(display, read.bytes);
  if (read.code === 'too-large') {
    return { ok: false, diagnostic: fileTooLarge(atStart(display), read.size, limits.maxFileBytes) };
  }
  return { ok: false, diagnostic: refused(display, read) };
}

/**
 * Loads every manifest the inputs name, in the order given (a directory's files
 * sorted by path). A file named twice is read once; an object defined in two
 * files is kept from the first and reported at the second.
 */
export async function loadManifests(inputs: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const limits = resolveLimits(options.limits);
  const cwd = options.cwd ?? process.cwd();
  const collector: Collector = {
    cwd,
    scope: options.scope ?? { root: cwd },
    sources: [],
    seen: new Set(),
    diagnostics: [],
    render: options.render,
  };
  for (const input of inputs) await collectInput(collector, input);
  const sources = await withoutBasesAndComponents(collector.sources, collector.scope);

  const diagnostics = collector.diagnostics;
  const objects: ManifestObject[] = [];
  for (const source of sources) {
    if (source.kind === 'render') {
      const rendered = await renderFolder({
        display: source.display,
        real: source.real,
        kind: source.renderer,
        settings: source.settings,
        options: options.render,
        scope: collector.scope,
        cwd,
        limits,
      });
      diagnostics.push(...rendered.diagnostics);
      // One rendering is bounded like one file: in bytes by the renderer's run, in documents here.
      let pieces = rendered.texts;
      if (pieces.length > limits.maxDocuments) {
        diagnostics.push(
          diagnostic(
            atStart(source.display),
            'error',
            'too-many-documents',
            `renders more than ${limits.maxDocuments} documents; only the first ${limits.maxDocuments} were read (raise limits.maxDocuments in the berth config)`,
          ),
        );
        pieces = pieces.slice(0, limits.maxDocuments);
      }
      // Each piece is parsed where it sits in its file's rendered text, so lines count in that text.
      const texts = new Map<string, string>();
      for (const { display, text } of pieces) {
        const before = texts.get(display) ?? '';
        texts.set(display, before + text);
        const padding = '\n'.repeat(lineCount(before));
        const result = parseManifests(padding + text, display, limits);
        objects.push(...result.objects);
        diagnostics.push(...result.diagnostics);
      }
      for (const [display, text] of texts) {
        if (options.sources && !options.sources.has(display)) options.sources.set(display, text);
      }
      continue;
    }
    const outcome = await readSource(source, options, collector.scope, limits);
    if (!outcome.ok) {
      diagnostics.push(outcome.diagnostic);
      continue;
    }
    const display = source.kind === 'stdin' ? STDIN_NAME : source.display;
    if (source.kind === 'file' && source.found && !mentionsKind(outcome.text)) {
      // An application's own config beside the manifests: not an error, but said once.
      if (hasContent(outcome.text)) {
        diagnostics.push(
          diagnostic(
            atStart(display),
            'warning',
            'not-a-manifest',
            'no apiVersion or kind anywhere in this file: not a Kubernetes manifest, skipped',
          ),
        );
      }
      continue;
    }
    if (options.sources && !options.sources.has(display)) options.sources.set(display, outcome.text);
    const result = parseManifests(outcome.text, display, limits);
    objects.push(...result.objects);
    diagnostics.push(...result.diagnostics);
  }
  return { objects: dropDuplicates(objects, diagnostics), diagnostics };
}

function lineCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Whether `apiVersion` or `kind` is written as a key anywhere (YAML or JSON). */
function mentionsKind(text: string): boolean {
  return /(?:^|[\s{,[-])["']?(?:apiVersion|kind)["']?\s*:/m.test(text);
}

/** Whether a text holds anything but blank lines, comments and document markers. */
function hasContent(text: string): boolean {
  return text.split('\n').some((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('#') && trimmed !== '---' && trimmed !== '...';
  });
}

/**
 * Kustomizations met while walking a folder, less those that only exist to be used
 * by another: Components, and bases another kustomization of the walk names. So
 * `--head deploy/` builds `deploy/overlays/prod` once, not its base beside it. A
 * folder the user names is always rendered.
 */
async function withoutBasesAndComponents(sources: Source[], scope: ReadScope): Promise<Source[]> {
  const kustomizations = sources.filter(
    (s): s is Extract<Source, { kind: 'render' }> => s.kind === 'render' && s.renderer === 'kustomize',
  );
  if (kustomizations.every((s) => s.named)) return sources;
  const used = new Set<string>();
  for (const source of kustomizations) {
    for (const folder of await referencedFolders(source.real, scope)) used.add(folder);
  }
  const dropped = new Set<Source>();
  for (const source of kustomizations) {
    if (source.named) continue;
    if (used.has(source.real) || (await isComponent(source.real, scope))) dropped.add(source);
  }
  return sources.filter((s) => !dropped.has(s));
}

/**
 * Manifests whose texts are already in hand (fetched through the GitHub API), by the
 * name diagnostics give them (the path in the repository), in the map's order. Each
 * text meets the same size limit, binary check and duplicate rule as a file read here.
 */
export function loadManifestTexts(
  files: ReadonlyMap<string, string>,
  options: Pick<LoadOptions, 'limits' | 'sources'> = {},
): LoadResult {
  const limits = resolveLimits(options.limits);
  const diagnostics: Diagnostic[] = [];
  const objects: ManifestObject[] = [];
  for (const [display, given] of files) {
    const bytes = Buffer.from(given, 'utf8');
    if (bytes.length > limits.maxFileBytes) {
      diagnostics.push(fileTooLarge(atStart(display), bytes.length, limits.maxFileBytes));
      continue;
    }
    const outcome = decode(display, bytes);
    if (!outcome.ok) {
      diagnostics.push(outcome.diagnostic);
      continue;
    }
    if (options.sources && !options.sources.has(display)) options.sources.set(display, outcome.text);
    const result = parseManifests(outcome.text, display, limits);
    objects.push(...result.objects);
    diagnostics.push(...result.diagnostics);
  }
  return { objects: dropDuplicates(objects, diagnostics), diagnostics };
}
