/**
 * The Action's log, made safe for the runner. The runner reads workflow commands
 * (`::error::`, `::add-mask::`, `::set-env`, ...) from every line a step prints, and
 * berth's messages quote manifests, file names and API answers a pull request controls.
 *
 * - Every message passes `printable`: one line, control characters written out
 *   (`\n`, `\x1b`), so nothing can start a line of its own or drive a terminal.
 * - Plain log lines are printed between `::stop-commands::<token>` and `::<token>::`
 *   (the runner ignores commands in between), with a fresh random token each time, so
 *   input can neither issue a command nor guess the token that ends the block.
 * - Annotations are commands themselves, so they cannot sit inside such a block;
 *   @actions/core escapes their data (`%0A` for a newline) and `printable` the rest.
 */

import { randomUUID } from 'node:crypto';
import { printable } from '../src/model/printable.ts';
import type { ActionIO, SourceLine } from './run.ts';

/** What the runner's log offers: @actions/core's functions, bound in main.ts. */
export interface RunnerLog {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  error(message: string, at?: SourceLine): void;
}

export type LogIO = Pick<ActionIO, 'info' | 'notice' | 'warning' | 'error'>;

export function safeLog(runner: RunnerLog, newToken: () => string = randomUUID): LogIO {
  return {
    info(message) {
      const token = newToken();
      runner.info(`::stop-commands::${token}`);
      runner.info(printable(message));
      runner.info(`::${token}::`);
    },
    notice: (message) => runner.notice(printable(message)),
    warning: (message) => runner.warning(printable(message)),
    error: (message, at) =>
      runner.error(printable(message), at ? { file: printable(at.file), line: at.line } : undefined),
  };
}

/** The step's failure message: an annotation too, so one line like the rest. */
export function failureText(message: string): string {
  return printable(`berth: ${message}`);
}
