/**
 * Runs the bundled Action exactly as the runner does: `node dist/action.js` with
 * INPUT_* variables (named as the runner names them: upper case, dashes kept),
 * the event name and payload file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 */

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist/action.js');
export const FIXTURE_WORKSPACE = join(ROOT, 'test/fixtures/github/workspace');

type Json = Record<string, unknown>;

interface WebhookExamples {
  name: string;
  examples: Json[];
}

/** A real payload from @octokit/webhooks-examples, deep-copied. */
export function webhookExample(name: string, action?: string): Json {
  const all = require('@octokit/webhooks-examples/api.github.com/index.json') as WebhookExamples[];
  const event = all.find((e) => e.name === name);
  const found = event?.examples.find((e) => action === undefined || e.action === action);
  if (!found)
    throw new Error(`no ${name}${action ? `.${action}` : ''} example in @octokit/webhooks-examples`);
  return structuredClone(found);
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Workflow commands (`::error file=...::msg`) the step printed. */
  commands: { command: string; properties: Record<string, string>; message: string }[];
}

/** `name<<DELIM\nvalue\nDELIM` blocks, as @actions/core writes GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const [, name, delimiter] = m;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
    out[name!] = value.join('\n');
  }
  return out;
}

function parseCommands(stdout: string): ActionRun['commands'] {
  const out: ActionRun['commands'] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const [k, ...v] = pair.split('=');
      properties[k!] = decodeURIComponent(v.join('=').replace(/%2C/g, ','));
    }
    out.push({ command: m[1]!, properties, message: m[3]!.replace(/%0A/g, '\n').replace(/%25/g, '%') });
  }
  return out;
}

/** A fresh copy of the fixture repository, as actions/checkout would leave it. */
export function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-workspace-'));
  cpSync(FIXTURE_WORKSPACE, dir, { recursive: true });
  return dir;
}

export async function runAction(options: {
  event: string;
  /** The webhook payload, or the event file's raw text. */
  payload: Json | string;
  inputs: Record<string, string>;
  apiUrl: string;
  workspace: string;
  repository?: string;
  /** The bundle to run (default: the checked-in `dist/action.js`). */
  bundle?: string;
  /** Variables the runner would also set (PATH, tokens), over the defaults. */
  env?: Record<string, string>;
}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-runner-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  writeFileSync(
    eventPath,
    typeof options.payload === 'string' ? options.payload : JSON.stringify(options.payload),
  );
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: options.repository ?? 'Codertocat/Hello-World',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_SHA: 'a'.repeat(40),
    RUNNER_TEMP: join(dir, 'temp'),
  };
  Object.assign(env, options.env ?? {});
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return new Promise((resolveRun, reject) => {
    // Async spawn: the stand-in for GitHub answers from this same process.
    const child = spawn(process.execPath, [options.bundle ?? DIST], { cwd: options.workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolveRun({
        code: code ?? -1,
        stdout,
        stderr,
        outputs: parseOutputFile(readFileSync(outputPath, 'utf8')),
        summary: readFileSync(summaryPath, 'utf8'),
        commands: parseCommands(stdout),
      });
    });
  });
}
