/**
 * Runs a renderer as a pull request's input deserves: by its absolute path with
 * execFile (no shell: arguments are never parsed as a command line), in a clean,
 * minimal environment (no token, kubeconfig or cloud credential of the runner's
 * reaches it; helm's and kubectl's homes are an empty temporary folder, removed
 * afterwards), with standard input closed, its output bounded by the same size as
 * a file and its time by a timeout, after which it is killed. What it printed on
 * stderr comes back with anything that looks like a credential removed.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatBytes } from '../manifests/limits.ts';
import type { RendererProgram } from './binary.ts';

export interface RunLimits {
  /** Most bytes of output read; a renderer that prints more is killed. */
  maxBytes: number;
  /** Milliseconds before the renderer is killed. */
  timeoutMs: number;
}

export type RunOutcome = { ok: true; stdout: string } | { ok: false; message: string };

/** Most characters of a renderer's stderr quoted in a message. */
const STDERR_QUOTE = 2000;

const SECRET_RUN = /[A-Za-z0-9+/_=-]{32,}/g;
const SECRET_ASSIGNMENT =
  /\b([\w.-]*(?:password|passwd|secret|token|apikey|api_key|api-key|credential|private_key)[\w.-]*)(["']?\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/gi;

/**
 * A renderer's message without what may be a credential: values assigned to keys
 * that name one (`password=...`, `token: ...`), bearer tokens, PEM blocks and long
 * base64-like runs (a Secret's data, a token).
 */
export function redactRendererText(text: string): string {
  return text
    .replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, '[redacted]')
    .replace(/(bearer|basic)\s+\S+/gi, '$1 [redacted]')
    .replace(SECRET_ASSIGNMENT, '$1$2[redacted]')
    .replace(SECRET_RUN, '[redacted]');
}

/** The last lines of stderr, on one line, redacted and bounded. */
function stderrSummary(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  let text = redactRendererText(lines.join('; '));
  if (text.length > STDERR_QUOTE) text = `...${text.slice(text.length - STDERR_QUOTE)}`;
  return text;
}

/**
 * The environment a renderer sees: a fixed PATH (for helm's and kustomize's own
 * needs, never the runner's), a home and helm's folders in `home`, a kubeconfig
 * that names nothing, and no proxy, token or credential variable of the caller's.
 */
function cleanEnvironment(home: string): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C',
    TMPDIR: home,
    KUBECONFIG: path.join(home, 'kubeconfig'),
    HELM_CACHE_HOME: path.join(home, 'helm', 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'helm', 'config'),
    HELM_DATA_HOME: path.join(home, 'helm', 'data'),
    HELM_PLUGINS: path.join(home, 'helm', 'plugins'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    GIT_TERMINAL_PROMPT: '0',
    NO_COLOR: '1',
  };
}

/** Runs `program` with `args` in `cwd` and returns its stdout, or why it failed. */
export async function runRenderer(
  program: RendererProgram,
  args: string[],
  cwd: string,
  limits: RunLimits,
): Promise<RunOutcome> {
  const home = await mkdtemp(path.join(tmpdir(), 'berth-render-'));
  try {
    return await new Promise<RunOutcome>((resolve) => {
      const child = execFile(
        program.file,
        [...program.prefix, ...args],
        {
          cwd,
          env: cleanEnvironment(home),
          encoding: 'buffer',
          // One byte past the limit tells a full-sized output from one that is too large.
          maxBuffer: limits.maxBytes + 1,
          timeout: limits.timeoutMs,
          killSignal: 'SIGKILL',
          windowsHide: true,
        },
        (error, stdout, stderr) => {
          const err = stderrSummary(Buffer.from(stderr).toString('utf8'));
          if (!error) {
            resolve({ ok: true, stdout: Buffer.from(stdout).toString('utf8') });
            return;
          }
          const failure = error as NodeJS.ErrnoException & {
            killed?: boolean;
            signal?: NodeJS.Signals | null;
            code?: string | number | null;
          };
          if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
            resolve({
              ok: false,
              message: `printed more than ${formatBytes(limits.maxBytes)} (limits.maxFileBytes); stopped`,
            });
          } else if (failure.killed && failure.signal === 'SIGKILL') {
            resolve({
              ok: false,
              message: `did not finish within ${Math.round(limits.timeoutMs / 1000)}s; stopped${err ? `: ${err}` : ''}`,
            });
          } else if (typeof failure.code === 'number') {
            resolve({ ok: false, message: `exited with status ${failure.code}${err ? `: ${err}` : ''}` });
          } else if (failure.signal) {
            resolve({ ok: false, message: `was killed by ${failure.signal}${err ? `: ${err}` : ''}` });
          } else {
            resolve({ ok: false, message: `could not be started: ${failure.message}` });
          }
        },
      );
      // Nothing is ever typed in: a renderer that waits for input ends at once.
      child.stdin?.end();
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
