/** What the commands share about reading files: where they may be, the config, code frames. */

import { lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type BerthConfig, DEFAULT_CONFIG_PATH, defaultConfig, loadConfigFile } from '../config/config.ts';
import type { ReadScope } from '../files/contained.ts';
import { prettyDiagnostic } from '../manifests/pretty.ts';
import type { Diagnostic } from '../model/diagnostics.ts';

/** Files read must resolve inside --root (the working directory by default) unless the user allows otherwise. */
export function readScope(values: {
  root?: string | undefined;
  'allow-outside-root'?: boolean | undefined;
}): ReadScope {
  return {
    root: resolve(values.root ?? '.'),
    allowOutsideRoot: values['allow-outside-root'] === true,
    outsideHint: 'pass --root <dir> or --allow-outside-root to read it',
  };
}

/** The config from --config, else .github/berth.yml when present, else defaults. */
export async function readConfig(
  path: string | undefined,
  files: SourceFiles,
): Promise<{ config: BerthConfig; diagnostics: Diagnostic[] }> {
  if (path) return loadConfigFile(path, files);
  // lstat: a link in that place is the config, and where it leads is checked when it is read.
  const present = await lstat(DEFAULT_CONFIG_PATH).then(
    () => true,
    () => false,
  );
  if (!present) return { config: defaultConfig(), diagnostics: [] };
  return loadConfigFile(DEFAULT_CONFIG_PATH, files);
}

/** Where files may be read from, and the texts of those read, by the name diagnostics give them. */
export interface SourceFiles {
  scope: ReadScope;
  sources: Map<string, string>;
}

/**
 * Diagnostics with the offending source line and a caret (never a line of a Secret).
 * The line comes from the text berth itself read for the plan: a file it refused
 * or never read is not opened again to show one.
 */
export function printDiagnostics(
  diagnostics: Diagnostic[],
  io: { stderr: { write(chunk: string): unknown } },
  sources: Map<string, string>,
): void {
  for (const d of diagnostics) {
    io.stderr.write(`${prettyDiagnostic(d, sources.get(d.file))}\n`);
  }
}

/**
 * Colour as Node.js decides it: FORCE_COLOR set forces it on (off for `0` or `false`),
 * else a non-empty NO_COLOR turns it off (no-color.org), else a terminal gets colour.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}
