/**
 * `berth apply`: plan, then server-side apply to a live cluster in stages, wait
 * for health, prune what left the manifests, and report each object.
 *
 * Exit codes: 0 applied and healthy (or a clean dry run), 1 something was sent
 * but did not end well (a failed object, a conflict, unhealthy or timed out),
 * 2 bad input or refused before anything was written (invalid manifests, a plan
 * that fails policy, a prune guard, an unreachable cluster at the start).
 */

import { parseArgs } from 'node:util';
import { BERTH_VERSION } from '../apply/applyset.ts';
import { type ApplyResult, MAX_APPLY_PARALLELISM } from '../apply/types.ts';
import type { ApplyProgress } from '../cluster/apply.ts';
import { parseClusterRef } from '../cluster/ref.ts';
import { loadManifests } from '../manifests/load.ts';
import { BerthError } from '../model/diagnostics.ts';
import { applyNamespace } from '../plan/namespace.ts';
import { planFromLoaded } from '../plan/run.ts';
import { renderApplyJson, renderApplyMarkdown, renderApplyText } from '../report/apply.ts';
import { plain, renderText } from '../report/text.ts';
import { definitionsIn } from '../schema/check.ts';
import { requireExisting } from './args.ts';
import { printDiagnostics, readConfig, readScope, wantsColor } from './files.ts';

/** The parts of the CLI's io this command uses (the same object `runCli` gets). */
export interface ApplyIO {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  stdin: AsyncIterable<Buffer | string>;
  env: Record<string, string | undefined>;
}

export const APPLY_USAGE = `Usage: berth apply --cluster live|context:<name> --head <path>... [options]
  -f, --head <path>...  manifests: files, directories, globs, - for standard input; several
                        after one --head or --head repeated; !<pattern> leaves files out
  --applyset <name>     ApplySet parent Secret (default: apply.applySet, berth)
  -n, --namespace <ns>  for namespaced objects that name none (default: apply.namespace, default);
                        an object naming another namespace is an error
  --dry-run             show what would change; write nothing
  --prune               delete members of the ApplySet that left the manifests
  --prune-confirm       allow pruning more than apply.maxPrune objects (default 10)
  --force-conflicts     take over fields other field managers own (reported)
  --wait <duration>     wait for health, e.g. 5m (default); --no-wait to return at once
  --ignore-policy       apply even when the plan fails policy
  --parallel <n>        requests in flight at most (default: apply.parallelism, 32)
  --format <f>          text (default), json or markdown
  --config <file>       berth config (default: .github/berth.yml when it exists)
  --kubeconfig <file>   kubeconfig (default: KUBECONFIG, ~/.kube/config)
  --root <dir>          manifests and config must resolve inside it (default: the working directory)
  --allow-outside-root  read files outside --root
  -h, --help            show this help
Exit codes: 0 applied and healthy, 1 applied but failed, unhealthy, timed out or in conflict,
2 bad input or refused before anything was written.
`;

export const APPLY_OPTIONS = {
  cluster: { type: 'string', short: 'c' },
  head: { type: 'string', multiple: true, short: 'f' },
  applyset: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'dry-run': { type: 'boolean' },
  prune: { type: 'boolean' },
  'prune-confirm': { type: 'boolean' },
  'force-conflicts': { type: 'boolean' },
  wait: { type: 'string' },
  'no-wait': { type: 'boolean' },
  'ignore-policy': { type: 'boolean' },
  parallel: { type: 'string' },
  format: { type: 'string', short: 'o' },
  config: { type: 'string' },
  kubeconfig: { type: 'string' },
  root: { type: 'string' },
  'allow-outside-root': { type: 'boolean' },
} as const;

/** `5m`, `90s`, `1h30m` in milliseconds, or undefined when it is not a duration. */
export function parseWait(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(text)) return undefined;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    ms += Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  }
  return ms;
}

/** Progress: a line rewritten in place on a terminal, plain lines (phase changes only) otherwise. */
function reporter(io: ApplyIO): { show: (event: ApplyProgress) => void; clear: () => void } {
  const tty = io.stderr.isTTY === true;
  let last = '';
  return {
    show: (e) => {
      const what = `${e.phase}${e.stage ? ` ${e.stage}` : ''}`;
      if (tty) {
        const waiting = e.waitingOn ? `, waiting on ${plain(e.waitingOn)}` : '';
        io.stderr.write(`\r\u001b[K berth: ${what} ${e.done}/${e.total}${waiting}`.slice(0, 200));
      } else if (what !== last) {
        io.stderr.write(`berth: ${what} (${e.total} objects)\n`);
      }
      last = what;
    },
    clear: () => {
      if (tty) io.stderr.write('\r\u001b[K');
    },
  };
}

function usage(io: ApplyIO, message: string): number {
  io.stderr.write(`berth apply: ${message}\n\n${APPLY_USAGE}`);
  return 2;
}

export async function applyCommand(args: string[], io: ApplyIO): Promise<number> {
  let values: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof APPLY_OPTIONS; strict: true }>
  >['values'];
  try {
    ({ values } = parseArgs({ args, options: APPLY_OPTIONS, strict: true }));
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  const cluster = values.cluster;
  if (!cluster) return usage(io, '--cluster live or --cluster context:<name> is required');
  const ref = parseClusterRef(cluster);
  if (!ref.ok) return usage(io, `--cluster: ${ref.message}`);
  if (ref.ref.kind !== 'live') {
    return usage(
      io,
      `--cluster must be live or context:<name> (apply writes to a live cluster), not "${cluster}"`,
    );
  }
  const { context } = ref.ref;
  if (!values.head || values.head.length === 0) return usage(io, '--head <path> is required');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    return usage(io, `--format must be text, json or markdown, not "${format}"`);
  }
  let parallelism: number | undefined;
  if (values.parallel !== undefined) {
    parallelism = Number(values.parallel);
    if (!/^\d+$/.test(values.parallel) || parallelism < 1 || parallelism > MAX_APPLY_PARALLELISM)
      return usage(
        io,
        `--parallel must be a whole number from 1 to ${MAX_APPLY_PARALLELISM}, not "${values.parallel}"`,
      );
  }
  let waitMs = 5 * 60_000;
  if (values['no-wait']) waitMs = 0;
  else if (values.wait) {
    const parsed = parseWait(values.wait);
    if (parsed === undefined)
      return usage(io, `--wait must be a duration such as 5m or 90s, not "${values.wait}"`);
    waitMs = parsed;
  }

  try {
    const files = { scope: readScope(values), sources: new Map<string, string>() };
    await requireExisting('--head', values.head);
    await requireExisting('--config', [values.config]);
    const { config, diagnostics: configDiagnostics } = await readConfig(values.config, files);
    printDiagnostics(configDiagnostics, io, files.sources);
    if (configDiagnostics.some((d) => d.severity === 'error')) return 2;
    const head = await loadManifests(values.head, {
      limits: config.limits,
      stdin: io.stdin,
      render: {
        folders: config.render,
        env: io.env,
        ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      },
      ...files,
    });
    // -n as kubectl apply -n: objects naming no namespace get it, one naming another is an error.
    if (values.namespace !== undefined)
      head.diagnostics.push(...applyNamespace(head.objects, values.namespace, definitionsIn(head.objects)));
    if (head.diagnostics.some((d) => d.severity === 'error')) {
      printDiagnostics(head.diagnostics, io, files.sources);
      io.stderr.write('berth apply: the manifests have errors; nothing was applied\n');
      return 2;
    }
    const live = {
      ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
      ...(context !== undefined ? { context } : {}),
    };
    const { show, clear } = reporter(io);
    show({ phase: 'validation', done: 0, total: head.objects.length });

    // The same plan as `berth plan`, against the same cluster.
    const { readLiveCluster } = await import('../cluster/live.ts');
    const read = await readLiveCluster(live);
    const plan = planFromLoaded({
      clusterSource: `${read.source.context}@${read.source.host}`,
      cluster: read.cluster,
      head,
      base: undefined,
      diagnostics: read.diagnostics,
      config,
      skipAdvice: true,
    });
    if (!plan.passed && !values['ignore-policy']) {
      clear();
      io.stderr.write(renderText(plan));
      io.stderr.write(
        'berth apply: the plan fails policy; nothing was applied (use --ignore-policy to apply anyway)\n',
      );
      return 2;
    }

    const { runApply } = await import('../cluster/apply.ts');
    const outcome = await runApply({
      objects: head.objects,
      cluster: { ...live, parallelism: parallelism ?? config.apply.parallelism },
      applySet: values.applyset ?? config.apply.applySet,
      inventoryNamespace: config.apply.inventoryNamespace,
      namespace: values.namespace ?? config.apply.namespace,
      allowKinds: config.apply.allowKinds,
      pruneKinds: config.apply.pruneKinds,
      maxPrune: config.apply.maxPrune,
      dryRun: values['dry-run'] === true,
      prune: values.prune === true,
      pruneConfirm: values['prune-confirm'] === true,
      forceConflicts: values['force-conflicts'] === true,
      waitMs,
      version: BERTH_VERSION,
      progress: show,
    });
    clear();
    if (!outcome.result) {
      printDiagnostics(outcome.diagnostics, io, files.sources);
      io.stderr.write(`berth apply: ${outcome.refused ?? 'refused'}\n`);
      return 2;
    }
    printDiagnostics(outcome.diagnostics, io, files.sources);
    io.stdout.write(render(outcome.result, format, io));
    return outcome.result.success ? 0 : 1;
  } catch (error) {
    if (error instanceof BerthError) {
      io.stderr.write(`berth apply: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function render(result: ApplyResult, format: 'text' | 'json' | 'markdown', io: ApplyIO): string {
  if (format === 'json') return renderApplyJson(result);
  if (format === 'markdown') return renderApplyMarkdown(result);
  return renderApplyText(result, { color: wantsColor(io.stdout, io.env) });
}
