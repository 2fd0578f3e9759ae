/** Argument parsing and dispatch for the `berth` command, testable without a process. */

import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { BERTH_VERSION } from '../apply/applyset.ts';
import { type ClusterRef, parseClusterRef } from '../cluster/ref.ts';
import { loadCluster } from '../cluster/source.ts';
import { dns1123Label } from '../manifests/names.ts';
import { BerthError, formatDiagnostic } from '../model/diagnostics.ts';
import { printable } from '../model/printable.ts';
import { runPlan } from '../plan/run.ts';
import type { Plan } from '../plan/types.ts';
import { renderJson } from '../report/json.ts';
import { renderMarkdown } from '../report/markdown.ts';
import { renderText } from '../report/text.ts';
import { renderTimelineText } from '../report/timeline.ts';
import { schemaVersion } from '../schema/validate.ts';
import { TIMELINE_POLICIES, type TimelinePolicy } from '../timeline/types.ts';
import { APPLY_OPTIONS, applyCommand } from './apply.ts';
import { requireExisting, spreadPaths, wantsHelp } from './args.ts';
import { type CompletionSpec, completionScript } from './completion.ts';
import { explainPod } from './explain.ts';
import { printDiagnostics, readConfig, readScope, type SourceFiles, wantsColor } from './files.ts';
import { clusterStatus, renderStatus } from './status.ts';
import { HELP, USAGE } from './usage.ts';

export interface CliIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  stdin: AsyncIterable<Buffer | string> & { isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;

/** Options that take several paths after one flag (`--head a.yaml b.yaml`, as a shell glob expands). */
const MULTI_PATH = new Set(['--head', '-f', '--base']);

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...given] = argv;
  const rest = spreadPaths(given, MULTI_PATH);
  try {
    if (command !== undefined && Object.hasOwn(HELP, command) && command !== 'help' && wantsHelp(rest)) {
      io.stdout.write(HELP[command]!);
      return EXIT_PASS;
    }
    switch (command) {
      case 'plan':
        return await planCommand(rest, io);
      case 'explain':
        return await explainCommand(rest, io);
      case 'status':
        return await statusCommand(rest, io);
      case 'snapshot':
        return await snapshotCommand(rest, io);
      case 'apply':
        return await applyCommand(rest, io);
      case 'completion':
        return completionCommand(rest, io);
      case '--version':
      case 'version':
        io.stdout.write(`berth ${BERTH_VERSION} (Kubernetes ${schemaVersion()} schemas)\n`);
        return EXIT_PASS;
      case 'help': {
        const topic = rest[0];
        if (topic !== undefined && Object.hasOwn(HELP, topic)) {
          io.stdout.write(HELP[topic]!);
          return EXIT_PASS;
        }
        if (topic !== undefined)
          throw new UsageError(`no help for "${topic}": commands are ${Object.keys(HELP).join(', ')}`);
        io.stdout.write(USAGE);
        return EXIT_PASS;
      }
      case undefined:
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? EXIT_USAGE : EXIT_PASS;
      default:
        io.stderr.write(`berth: unknown command "${printable(command)}"\n\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (error) {
    // Error messages quote paths, arguments and values from input: printed escaped, like everything else.
    if (error instanceof BerthError) {
      io.stderr.write(`berth: ${printable(error.message)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      const help = command !== undefined && Object.hasOwn(HELP, command) ? HELP[command]! : USAGE;
      io.stderr.write(`berth ${printable(command ?? '')}: ${printable(error.message)}\n\n${help}`);
      return EXIT_USAGE;
    }
    // A bug: shown with its stack, escaped, and the exit code of an uncaught exception.
    io.stderr.write(`berth: internal error: ${internalError(error)}\n`);
    return EXIT_FAIL;
  }
}

function completionCommand(args: string[], io: CliIO): number {
  const shell = args[0];
  if (args.length !== 1 || (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish'))
    throw new UsageError('name one shell: berth completion bash, zsh or fish');
  io.stdout.write(completionScript(shell, completionSpec()));
  return EXIT_PASS;
}

/** What the completion scripts offer: every command with its options, from the option tables. */
function completionSpec(): CompletionSpec {
  return {
    commands: {
      plan: PLAN_OPTIONS,
      explain: PLAN_OPTIONS,
      status: STATUS_OPTIONS,
      snapshot: SNAPSHOT_OPTIONS,
      apply: APPLY_OPTIONS,
      completion: {},
      help: {},
    },
    values: {
      format: ['text', 'json', 'markdown'],
      policy: [...TIMELINE_POLICIES],
      cluster: ['live', 'context:'],
      completion: ['bash', 'zsh', 'fish'],
      help: ['plan', 'explain', 'status', 'snapshot', 'apply', 'completion'],
    },
    directories: ['root'],
    texts: ['namespace', 'start', 'horizon', 'wait', 'applyset', 'context'],
  };
}

/** The message on one line (it may quote input), then the stack frames, each escaped. */
function internalError(error: unknown): string {
  if (!(error instanceof Error)) return printable(String(error));
  const head = `${error.name}: ${error.message}`;
  const frames = error.stack?.startsWith(head) ? error.stack.slice(head.length) : '';
  return `${printable(head)}${frames
    .split('\n')
    .map((line) => printable(line))
    .join('\n')}`;
}

class UsageError extends Error {}

/** `--cluster` as a reference; a spelling that names nothing is a usage error. */
function clusterOption(spec: string): ClusterRef {
  const parsed = parseClusterRef(spec);
  if (!parsed.ok) throw new UsageError(`--cluster: ${parsed.message}`);
  return parsed.ref;
}

const PLAN_OPTIONS = {
  cluster: { type: 'string', short: 'c' },
  head: { type: 'string', multiple: true, short: 'f' },
  namespace: { type: 'string', short: 'n' },
  base: { type: 'string', multiple: true },
  format: { type: 'string', short: 'o' },
  config: { type: 'string' },
  kubeconfig: { type: 'string' },
  start: { type: 'string' },
  horizon: { type: 'string' },
  policy: { type: 'string' },
  'no-advice': { type: 'boolean' },
  'exit-zero': { type: 'boolean' },
  'release-name': { type: 'string' },
  values: { type: 'string', multiple: true },
  root: { type: 'string' },
  'allow-outside-root': { type: 'boolean' },
} as const;

const STATUS_OPTIONS = {
  cluster: { type: 'string', short: 'c' },
  kubeconfig: { type: 'string' },
  format: { type: 'string', short: 'o' },
  root: { type: 'string' },
  'allow-outside-root': { type: 'boolean' },
} as const;

const SNAPSHOT_OPTIONS = {
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

function parse<const T extends ParseArgsOptionsConfig>(args: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function checkFormat(format: string): 'text' | 'json' | 'markdown' {
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    throw new UsageError(`--format must be text, json or markdown, not "${format}"`);
  }
  return format;
}

/** A progress line on stderr, only for people watching a terminal. */
function progress(io: CliIO): (message: string | null) => void {
  if (io.stderr.isTTY !== true) return () => {};
  return (message) => io.stderr.write(message === null ? '\r\u001b[K' : `\r\u001b[K${message}`);
}

async function planFromArgs(
  values: ReturnType<typeof parse<typeof PLAN_OPTIONS>>['values'],
  io: CliIO,
  files: SourceFiles,
) {
  if (!values.cluster) throw new UsageError('--cluster <file> is required');
  const cluster = clusterOption(values.cluster);
  if (!values.head || values.head.length === 0) throw new UsageError('--head <path> is required');
  if ([...values.head, ...(values.base ?? [])].includes('-') && io.stdin.isTTY === true) {
    // Nothing would come until the user typed a manifest and pressed Ctrl-D: say so instead of waiting.
    throw new BerthError(
      'usage',
      '"-" reads manifests from standard input, but standard input is a terminal: pipe them in (helm template ... | berth plan --head - ...) or name files',
    );
  }
  if (values.namespace !== undefined && dns1123Label(values.namespace).length > 0)
    throw new UsageError(`--namespace must be a namespace name (a DNS label), not "${values.namespace}"`);
  // A path that does not exist is a typo to fix: said before anything is printed.
  await requireExisting('--head', values.head);
  await requireExisting('--base', values.base ?? []);
  await requireExisting('--config', [values.config]);
  if (cluster.kind === 'file') await requireExisting('--cluster', [cluster.path]);
  const { config, diagnostics: configDiagnostics } = await readConfig(values.config, files);
  if (values.horizon) {
    if (!/^(\d+(\.\d+)?(h|m|s))+$/.test(values.horizon)) {
      throw new UsageError(`--horizon must be a duration such as 24h or 90m, not "${values.horizon}"`);
    }
    config.timeline.horizon = values.horizon;
  }
  if (values.policy) {
    if (!TIMELINE_POLICIES.includes(values.policy as TimelinePolicy)) {
      throw new UsageError(`--policy must be one of ${TIMELINE_POLICIES.join(', ')}`);
    }
    config.timeline.policy = values.policy as TimelinePolicy;
  }
  let start: Date | undefined;
  if (values.start) {
    start = new Date(values.start);
    if (Number.isNaN(start.getTime()))
      throw new UsageError(`--start must be an RFC 3339 time, not "${values.start}"`);
  }
  const show = progress(io);
  show(`berth: planning against ${printable(values.cluster)}…`);
  const plan = await runPlan({
    cluster,
    head: values.head,
    ...(values.base ? { base: values.base } : {}),
    ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
    ...(start ? { start } : {}),
    ...(values['no-advice'] ? { skipAdvice: true } : {}),
    ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
    stdin: io.stdin,
    config,
    render: {
      env: io.env,
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      ...(values['release-name'] ? { releaseName: values['release-name'] } : {}),
      ...(values.values ? { values: values.values } : {}),
    },
    ...files,
    // In the plan, not beside it: a config error fails the input rule in every format.
    diagnostics: configDiagnostics,
  });
  show(null);
  return plan;
}

async function planCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, PLAN_OPTIONS);
  const format = checkFormat(values.format ?? 'text');
  const files = { scope: readScope(values), sources: new Map<string, string>() };
  const plan = await planFromArgs(values, io, files);
  io.stdout.write(render(plan, format, wantsColor(io.stdout, io.env)));
  // Input problems always reach stderr with their source line, even when stdout goes to a file.
  printDiagnostics(plan.diagnostics, io, files.sources);
  return exitCode(plan, values['exit-zero'] === true);
}

async function explainCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, PLAN_OPTIONS, true);
  if (positionals.length !== 1)
    throw new UsageError(
      'name one pod, before the options: berth explain <namespace>/<pod> --cluster ... --head ...',
    );
  const files = { scope: readScope(values), sources: new Map<string, string>() };
  const plan = await planFromArgs(values, io, files);
  const explained = explainPod(plan, positionals[0]!);
  // A pod that is not in the plan is an error: it goes where errors go, not into a pipe.
  (explained.found ? io.stdout : io.stderr).write(explained.text);
  return explained.found ? EXIT_PASS : EXIT_USAGE;
}

async function statusCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, STATUS_OPTIONS);
  const format = checkFormat(values.format ?? 'text');
  const source = clusterOption(values.cluster ?? 'live');
  if (source.kind === 'file') await requireExisting('--cluster', [source.path]);
  const sources = new Map<string, string>();
  const loaded = await loadCluster(source, {
    ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
    scope: readScope(values),
    sources,
  });
  io.stdout.write(renderStatus(clusterStatus(loaded.cluster, loaded.label), format));
  printDiagnostics(loaded.diagnostics, io, sources);
  return loaded.diagnostics.some((d) => d.severity === 'error') ? EXIT_USAGE : EXIT_PASS;
}

async function snapshotCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parse(args, SNAPSHOT_OPTIONS);
  const { readLiveObjects, snapshotYaml, writeSnapshot } = await import('../cluster/live.ts');
  const show = progress(io);
  show('berth: reading the cluster…');
  const read = await readLiveObjects({
    ...(values.context ? { context: values.context } : {}),
    ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
  });
  show(null);
  if (values.output) {
    await writeSnapshot(values.output, read.objects);
    io.stderr.write(
      `berth: wrote ${read.objects.length} objects from ${printable(`${read.source.context}@${read.source.host}`)} to ${printable(values.output)}\n`,
    );
  } else {
    io.stdout.write(snapshotYaml(read.objects));
  }
  for (const d of read.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  return EXIT_PASS;
}

function render(plan: Plan, format: 'text' | 'json' | 'markdown', color: boolean): string {
  if (format === 'json') return renderJson(plan);
  if (format === 'markdown') return `${renderMarkdown(plan)}\n`;
  const text = renderText(plan, { color });
  return plan.timeline && plan.timeline.jobs.length > 0
    ? `${text}\n${renderTimelineText(plan.timeline)}`
    : text;
}

export function exitCode(plan: Plan, exitZero: boolean): number {
  if (plan.diagnostics.some((d) => d.severity === 'error')) return EXIT_USAGE;
  if (!plan.passed && !exitZero) return EXIT_FAIL;
  return EXIT_PASS;
}
