/**
 * Files berth reads stay inside a root: the repository for the command line, the
 * workspace for the Action. A manifest, cluster or config path is resolved to its
 * real path (every symbolic link followed) and must lie under the root's real path;
 * then it must be a regular file. Anything else (a link leading out of the tree, a
 * link loop, a FIFO, a socket, a device) is refused by the name the user or the tree
 * gave it and is never opened for reading, so a pull request cannot make berth
 * print `/proc/self/environ`, walk `/usr` or wait forever on a pipe.
 *
 * The tree is checked once and the file is then opened without following a final
 * link (`O_NOFOLLOW`) and without waiting for a writer (`O_NONBLOCK`), and the open
 * file is checked again, so a link swapped in between is refused too.
 */

import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export interface ReadScope {
  /** The directory every file read must resolve inside. */
  root: string;
  /** Read files outside the root too (the user asked for it on the command line). */
  allowOutsideRoot?: boolean;
  /** How messages name the root: `the workspace`, `the root /home/me/repo` (default). */
  rootName?: string;
  /** Added to the message when a path is outside the root: how to allow it. */
  outsideHint?: string;
}

/** `outside-root`: leads out of the root; `not-a-file`: a link loop, directory, FIFO, socket or device. */
export type RefusalCode = 'outside-root' | 'missing' | 'not-a-file' | 'unreadable';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** Says what is wrong with the path, without the path itself (the caller names it). */
  message: string;
}

export type Located = { ok: true; real: string; directory: boolean } | Refusal;

export type ContainedRead =
  | { ok: true; bytes: Buffer }
  | Refusal
  | { ok: false; code: 'too-large'; size: number };

function refusal(code: RefusalCode, message: string): Refusal {
  return { ok: false, code, message };
}

/** Whether `child` is `parent` or lies under it (both absolute and normalized). */
export function isInside(child: string, parent: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

function errnoText(error: unknown): { code: RefusalCode; message: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return { code: 'missing', message: 'no such file or directory' };
  if (code === 'ELOOP') return { code: 'not-a-file', message: 'symbolic link loop; not read' };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'unreadable', message: 'permission denied' };
  return { code: 'unreadable', message: error instanceof Error ? error.message : String(error) };
}

function nameOf(scope: ReadScope): string {
  return scope.rootName ?? `the root ${path.resolve(scope.root)}`;
}

// A walk asks for every file it meets; the root is resolved once per scope.
const realRoots = new WeakMap<ReadScope, Promise<string>>();

function realRootOf(scope: ReadScope, root: string): Promise<string> {
  let real = realRoots.get(scope);
  if (!real) {
    real = realpath(root);
    realRoots.set(scope, real);
  }
  return real;
}

/**
 * Where a path really is, if berth may read there: a directory or a regular file
 * inside the root. Only metadata is looked at; nothing is opened.
 */
export async function locate(absolute: string, scope: ReadScope): Promise<Located> {
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    const { code, message } = errnoText(error);
    return refusal(code, message);
  }
  if (!scope.allowOutsideRoot) {
    const root = path.resolve(scope.root);
    let realRoot: string;
    try {
      realRoot = await realRootOf(scope, root);
    } catch (error) {
      return refusal('unreadable', `${nameOf(scope)} cannot be read: ${errnoText(error).message}`);
    }
    if (!isInside(real, realRoot)) {
      const lexical = path.resolve(absolute);
      const through = isInside(lexical, root) || isInside(lexical, realRoot);
      const hint = scope.outsideHint ? ` (${scope.outsideHint})` : '';
      return refusal(
        'outside-root',
        through
          ? `symbolic link that leads outside ${nameOf(scope)}; not read${hint}`
          : `outside ${nameOf(scope)}; not read${hint}`,
      );
    }
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(real);
  } catch (error) {
    const { code, message } = errnoText(error);
    return refusal(code, message);
  }
  if (info.isDirectory()) return { ok: true, real, directory: true };
  if (info.isFile()) return { ok: true, real, directory: false };
  return refusal('not-a-file', 'not a regular file (a FIFO, socket or device); not read');
}

// Not every platform has these flags; where one is missing the checks around the open still hold.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of a regular file inside the root, or why not. A file over `maxBytes`
 * is refused by its size without being read.
 */
export async function readContained(
  absolute: string,
  scope: ReadScope,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<ContainedRead> {
  const located = await locate(absolute, scope);
  if (!located.ok) return located;
  if (located.directory) return refusal('not-a-file', 'is a directory');
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(located.real, OPEN_FLAGS);
  } catch (error) {
    const { code, message } = errnoText(error);
    return refusal(code, message);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      return refusal('not-a-file', 'not a regular file (a FIFO, socket or device); not read');
    if (info.size > maxBytes) return { ok: false, code: 'too-large', size: info.size };
    // Read to the end rather than trusting the size: a file may grow while it is read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, Math.max(1, maxBytes - total + 1)));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) return { ok: false, code: 'too-large', size: total };
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    const { code, message } = errnoText(error);
    return refusal(code, message);
  } finally {
    await handle.close();
  }
}
