#!/usr/bin/env node
/**
 * `berth`: the plan on a laptop. Exit codes: 0 the plan passes, 1 it does not
 * (a pod will not schedule), 2 bad input or usage (the rest is still planned and printed).
 */

import { runCli } from './cli.ts';

// `berth plan ... | head` closes stdout early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
