/**
 * Command-line habits of kubectl users, before `parseArgs` sees the arguments:
 * several paths after one `--head` (what a shell glob expands to), `-h/--help`
 * anywhere, and paths that do not exist refused before anything is printed.
 */

import { lstat } from 'node:fs/promises';
import { BerthError } from '../model/diagnostics.ts';
import { printable } from '../model/printable.ts';

/**
 * `--head a.yaml b.yaml` as `--head a.yaml --head b.yaml`: after an option that takes
 * several paths, every following argument that is not an option is one more path
 * (`-` is standard input, `!k8s/old` an exclusion). `--` ends the options; `--head=a`
 * takes only `a`.
 */
export function spreadPaths(args: readonly string[], multi: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < args.length) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    out.push(arg);
    i++;
    if (!multi.has(arg) || i >= args.length) continue;
    out.push(args[i]!);
    i++;
    while (i < args.length && isPathArgument(args[i]!)) {
      out.push(arg, args[i]!);
      i++;
    }
  }
  return out;
}

function isPathArgument(arg: string): boolean {
  return arg === '-' || !arg.startsWith('-');
}

/** `-h` or `--help` among the options (not after `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '-h' || arg === '--help') return true;
  }
  return false;
}

function hasGlobSyntax(path: string): boolean {
  return /[*?[\]{}]/.test(path);
}

/**
 * Refuses, before any output, a path given on the command line that does not exist:
 * `--head k8s/deploy.yml` for `deploy.yaml` is a typo to fix, not a plan of nothing.
 * Globs (matched later), `-` and `!` exclusions are left to the reader.
 */
export async function requireExisting(option: string, paths: readonly (string | undefined)[]): Promise<void> {
  for (const path of paths) {
    if (path === undefined || path === '-' || path.startsWith('!') || hasGlobSyntax(path)) continue;
    const exists = await lstat(path).then(
      () => true,
      () => false,
    );
    if (!exists) throw new BerthError('usage', `${option} ${printable(path)}: no such file or directory`);
  }
}
