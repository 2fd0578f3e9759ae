/**
 * Manifests from what a user types: files, directories, globs and `-` for standard
 * input. Paths in diagnostics stay as the user wrote them, and the order objects
 * come out in never depends on the file system's listing order.
 */

import { createReadStream, type Dirent } from 'node:fs';
import { glob, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { LoadResult, ManifestObject } from '../model/types.ts';
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
  /** Read for the input `-` (default: the process's standard input). */
  stdin?: NodeJS.ReadableStream | AsyncIterable<Buffer | string>;
  limits?: Partial<ManifestLimits>;
}

type Source = { kind: 'file'; display: string; absolute: string } | { kind: 'stdin' };

interface Collector {
  cwd: string;
  sources: Source[];
  seen: Set<string>;
  diagnostics: Diagnostic[];
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
async function addFile(collector: Collector, display: string, absolute: string): Promise<void> {
  const identity = await realpath(absolute).catch(() => absolute);
  if (collector.seen.has(identity)) return;
  collector.seen.add(identity);
  collector.sources.push({ kind: 'file', display, absolute });
}

/** Every manifest file under a directory, depth first, names in code point order at each level. */
async function walk(
  collector: Collector,
  display: string,
  absolute: string,
  visited: Set<string>,
): Promise<number> {
  let real: string;
  let entries: Dirent[];
  try {
    real = await realpath(absolute);
    // A symbolic link back up the tree would otherwise be walked forever.
    if (visited.has(real)) return 0;
    visited.add(real);
    entries = await readdir(absolute, { withFileTypes: true });
  } catch (error) {
    collector.diagnostics.push(
      diagnostic(atStart(display), 'error', 'file-unreadable', `cannot read directory: ${errorText(error)}`),
    );
    return 0;
  }
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  let found = 0;
  for (const entry of entries) {
    if (isSkipped(entry.name)) continue;
    const childDisplay = path.join(display, entry.name);
    const childAbsolute = path.join(absolute, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(childAbsolute);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch {
        // A dangling link in a manifests folder is not something the user asked to load.
        continue;
      }
    }
    if (isDirectory) {
      found += await walk(collector, childDisplay, childAbsolute, visited);
    } else if (isFile && isManifestName(entry.name)) {
      await addFile(collector, childDisplay, childAbsolute);
      found++;
    }
  }
  return found;
}

async function expandGlob(collector: Collector, pattern: string): Promise<number> {
  const literalSegments = new Set(pattern.split(/[\\/]/));
  const matches: string[] = [];
  for await (const match of glob(pattern, { cwd: collector.cwd })) {
    // Skip hidden folders and node_modules unless the pattern names them itself.
    const hidden = match
      .split(/[\\/]/)
      .some((segment) => isSkipped(segment) && !literalSegments.has(segment));
    if (!hidden) matches.push(match);
  }
  matches.sort(byCodePoint);
  let found = 0;
  for (const match of matches) {
    const absolute = path.resolve(collector.cwd, match);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(absolute);
    } catch {
      continue;
    }
    if (info.isDirectory()) {
      found += await walk(collector, match, absolute, new Set());
    } else if (info.isFile() && isManifestName(match)) {
      await addFile(collector, match, absolute);
      found++;
    }
  }
  return found;
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
  if (info?.isDirectory()) {
    const found = await walk(collector, input, absolute, new Set());
    if (found === 0) {
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
    // Named explicitly, so read whatever it is called (a pipe from `<(helm template ...)` included).
    await addFile(collector, input, absolute);
    return;
  }
  if ((failure as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' && hasGlobSyntax(input)) {
    const found = await expandGlob(collector, input);
    if (found === 0) {
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
  source: Source,
  options: LoadOptions,
  limits: ManifestLimits,
): Promise<ReadOutcome> {
  if (source.kind === 'stdin') {
    const stdin = (options.stdin ?? process.stdin) as AsyncIterable<Buffer | string>;
    return readStream(STDIN_NAME, stdin, limits.maxFileBytes);
  }
  const { display, absolute } = source;
  try {
    const info = await stat(absolute);
    if (!info.isFile()) {
      return readStream(display, createReadStream(absolute), limits.maxFileBytes);
    }
    if (info.size > limits.maxFileBytes) {
      return { ok: false, diagnostic: fileTooLarge(atStart(display), info.size, limits.maxFileBytes) };
    }
    const bytes = await readFile(absolute);
    if (bytes.length > limits.maxFileBytes) {
      return { ok: false, diagnostic: fileTooLarge(atStart(display), bytes.length, limits.maxFileBytes) };
    }
    return decode(display, bytes);
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
}

/**
 * Loads every manifest the inputs name, in the order given (a directory's files
 * sorted by path). A file named twice is read once; an object defined in two
 * files is kept from the first and reported at the second.
 */
export async function loadManifests(inputs: string[], options: LoadOptions = {}): Promise<LoadResult> {
  const limits = resolveLimits(options.limits);
  const collector: Collector = {
    cwd: options.cwd ?? process.cwd(),
    sources: [],
    seen: new Set(),
    diagnostics: [],
  };
  for (const input of inputs) await collectInput(collector, input);

  const diagnostics = collector.diagnostics;
  const objects: ManifestObject[] = [];
  for (const source of collector.sources) {
    const outcome = await readSource(source, options, limits);
    if (!outcome.ok) {
      diagnostics.push(outcome.diagnostic);
      continue;
    }
    const display = source.kind === 'stdin' ? STDIN_NAME : source.display;
    const result = parseManifests(outcome.text, display, limits);
    objects.push(...result.objects);
    diagnostics.push(...result.diagnostics);
  }
  return { objects: dropDuplicates(objects, diagnostics), diagnostics };
}
