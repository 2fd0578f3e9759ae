/**
 * Entry point of the Action: the only file that touches `@actions/*`. It parses the
 * inputs, binds the runner's outputs and GitHub client, and hands over to `run`.
 */

import { lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as actions from '@actions/core';
import { createGitHub } from '../src/github/client.ts';
import { DEFAULT_RETRY } from '../src/github/retry.ts';
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

/**
 * The toolkit's `context` reads the event payload (GITHUB_EVENT_PATH) when it is first
 * imported: importing it here turns a payload that cannot be read into a clear failure
 * of the step rather than a crash before any error can be reported.
 */
async function toolkit(): Promise<typeof import('@actions/github')> {
  try {
    return await import('@actions/github');
  } catch (error) {
    throw new Error(`cannot read the event payload at GITHUB_EVENT_PATH: ${(error as Error).message}`);
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs = parseInputs(
    (name) => actions.getInput(name),
    (dir, path) => lstatSync(resolve(workspace, dir, path), { throwIfNoEntry: false }) !== undefined,
  );
  if (inputs.githubToken) actions.setSecret(inputs.githubToken);
  const cwd = resolve(workspace, inputs.workingDirectory);
  process.chdir(cwd);
  const { context, getOctokit } = await toolkit();
  const event = readEvent(context.eventName ?? '', context.payload, context.sha ?? '');
  // getOctokit takes GITHUB_API_URL and the runner's proxy settings; berth's policy retries its calls.
  const github = inputs.githubToken
    ? createGitHub({
        octokit: getOctokit(inputs.githubToken, { userAgent: 'berth-action' }),
        ...context.repo,
        retry: DEFAULT_RETRY,
      })
    : null;
  const repository = env.GITHUB_REPOSITORY ?? '';
  const runUrl =
    env.GITHUB_SERVER_URL && repository && Number.isInteger(context.runId)
      ? `${context.serverUrl}/${repository}/actions/runs/${context.runId}`
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
    tempDir: env.RUNNER_TEMP ?? tmpdir(),
    runUrl,
  });
  if (result.exitCode !== 0) actions.setFailed(failureText(result.failures.join('; ')));
}

main().catch((error: unknown) => {
  actions.setFailed(failureText(error instanceof Error ? error.message : String(error)));
});
