#!/usr/bin/env node
/**
 * `berth`: the plan on a laptop. Exit codes: 0 the plan passes, 1 it does not
 * (a pod will not schedule), 2 bad input or usage (the rest is still planned and printed).
 */

import { runCli } from './cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
