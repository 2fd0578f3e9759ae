/**
 * Entry point of the Action: the only file that touches `@actions/*`. It parses the
 * inputs, binds the runner's outputs and GitHub client, and hands over to `run`.
 */

import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as actions from '@actions/core';
import { createTokenGitHub } from '../src/github/client.ts';
import { createCore } from './core-adapter.ts';
import { readEvent } from './event.ts';
import { parseInputs } from './inputs.ts';
import { failureText, safeLog } from './log.ts';
import { type ActionIO, run } from './run.ts';

const io: ActionIO = {
  // Every line goes through safeLog: messages quote input, and the runner reads commands from the log.
  ...safeLog({
    info: (m) => actions.info(m),
    notice: (m) => actions.notice(m),
    warning: (m) => actions.warning(m),
    error: (m, at) =>
      actions.error(m, at ? { title: 'berth', file: at.file, startLine: at.line } : { title: 'berth' }),
  }),
  setOutput: (name, value) => actions.setOutput(name, value),
  appendSummary: async (markdown) => {
    await actions.summary.addRaw(markdown, true).write();
  },
};

function readPayload(path: string | undefined): unknown {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the event payload at GITHUB_EVENT_PATH: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const inputs = parseInputs((name) => actions.getInput(name));
  if (inputs.githubToken) actions.setSecret(inputs.githubToken);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const cwd = resolve(workspace, inputs.workingDirectory);
  process.chdir(cwd);
  const event = readEvent(
    env.GITHUB_EVENT_NAME ?? '',
    readPayload(env.GITHUB_EVENT_PATH),
    env.GITHUB_SHA ?? '',
  );
  const repository = env.GITHUB_REPOSITORY ?? '';
  const github = inputs.githubToken
    ? createTokenGitHub({
        token: inputs.githubToken,
        baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
        repository,
      })
    : null;
  const runUrl =
    env.GITHUB_SERVER_URL && repository && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`
      : null;
  const result = await run(inputs, {
    event,
    github,
    core: createCore({ workspace }),
    io,
    workingDirectory: inputs.workingDirectory,
    cwd,
    workspace,
    reportDir: join(env.RUNNER_TEMP ?? tmpdir(), 'berth'),
    runUrl,
  });
  if (result.exitCode !== 0) actions.setFailed(failureText(result.failures.join('; ')));
}

main().catch((error: unknown) => {
  actions.setFailed(failureText(error instanceof Error ? error.message : String(error)));
});
