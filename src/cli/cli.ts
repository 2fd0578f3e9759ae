/** Argument parsing and dispatch for the `berth` command, testable without a process. */

import { parseArgs } from 'node:util';
import { BerthError, formatDiagnostic } from '../model/diagnostics.ts';
import { runPlan } from '../plan/run.ts';
import type { Plan } from '../plan/types.ts';
import { renderJson } from '../report/json.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { renderText } from '../report/text.ts';

export interface CliIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  stdin: AsyncIterable<Buffer | string>;
  env: Record<string, string | undefined>;
}

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: berth <command> [options]

Commands:
  plan      Plan where the pods of the changed workloads land on a cluster
  help      Show this help

berth plan --cluster <snapshot|fleet file> --head <path>... [--base <path>...]
           [--format text|json|markdown] [--exit-zero]

  --cluster <file>   cluster snapshot (kubectl get ... -o yaml) or berth Fleet file
  --head <path>      manifests after the change: file, directory, glob, or - for stdin (repeatable)
  --base <path>      manifests before the change (repeatable); only added and changed
                     workloads are placed when given
  --format <f>       text (default), json or markdown
  --exit-zero        exit 0 even when pods do not fit (input errors still exit 2)

Exit codes: 0 every pod placed, 1 some pod cannot be placed, 2 bad input or usage.
`;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'plan':
        return await planCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? EXIT_USAGE : EXIT_PASS;
      default:
        io.stderr.write(`berth: unknown command "${command}"\n\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (error) {
    if (error instanceof BerthError) {
      io.stderr.write(`berth: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function wantsColor(stream: CliIO['stdout'], env: CliIO['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

async function planCommand(args: string[], io: CliIO): Promise<number> {
  let parsed: ReturnType<typeof parsePlanArgs>;
  try {
    parsed = parsePlanArgs(args);
  } catch (error) {
    io.stderr.write(`berth plan: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values } = parsed;
  const format = values.format ?? 'text';
  if (!['text', 'json', 'markdown'].includes(format)) {
    io.stderr.write(`berth plan: --format must be text, json or markdown, not "${format}"\n`);
    return EXIT_USAGE;
  }
  if (!values.cluster) {
    io.stderr.write(`berth plan: --cluster <file> is required\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (!values.head || values.head.length === 0) {
    io.stderr.write(`berth plan: --head <path> is required\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const plan = await runPlan({
    cluster: values.cluster,
    head: values.head,
    ...(values.base ? { base: values.base } : {}),
    stdin: io.stdin,
  });
  io.stdout.write(render(plan, format, wantsColor(io.stdout, io.env)));
  // Input errors go to stderr too, so they are seen even when stdout is piped to a file.
  if (format !== 'text') {
    for (const d of plan.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  }
  return exitCode(plan, values['exit-zero'] === true);
}

function parsePlanArgs(args: string[]) {
  return parseArgs({
    args,
    options: {
      cluster: { type: 'string', short: 'c' },
      head: { type: 'string', multiple: true },
      base: { type: 'string', multiple: true },
      format: { type: 'string', short: 'o' },
      'exit-zero': { type: 'boolean' },
    },
    allowPositionals: false,
    strict: true,
  });
}

function render(plan: Plan, format: string, color: boolean): string {
  if (format === 'json') return renderJson(plan);
  if (format === 'markdown') return `${renderMarkdown(plan)}\n`;
  return renderText(plan, { color });
}

export function exitCode(plan: Plan, exitZero: boolean): number {
  if (plan.diagnostics.some((d) => d.severity === 'error')) return EXIT_USAGE;
  if (!plan.passed && !exitZero) return EXIT_FAIL;
  return EXIT_PASS;
}
