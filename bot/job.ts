/**
 * One apply of one commit to one cluster, as the queue runs it: take the cluster's
 * Lease, re-plan the commit against the live cluster, and only when the plan passes
 * policy hand the objects to the apply engine (src/cluster/apply.ts: dry-run, apply in
 * stages, wait, prune). The Deployment's statuses and the pull request's comment follow
 * each step; the Lease is released on every way out.
 */

import { BERTH_VERSION } from '../src/apply/applyset.ts';
import type { ApplyResult } from '../src/apply/types.ts';
import type { ApplyProgress } from '../src/cluster/apply.ts';
import { runApply } from '../src/cluster/apply.ts';
import { ClusterLock, describeHolder } from '../src/cluster/lease.ts';
import { readLiveCluster } from '../src/cluster/live.ts';
import { KubeWriter } from '../src/cluster/writer.ts';
import type { BerthConfig, ClusterConfig } from '../src/config/config.ts';
import { type CommentKind, markerFor, publishComment } from '../src/github/comment.ts';
import { planFromLoaded } from '../src/plan/run.ts';
import { renderApplyMarkdown } from '../src/report/apply.ts';
import { escapeMarkdown } from '../src/report/escape.ts';
import { renderMarkdown } from '../src/report/markdown.ts';
import type { DeploymentRecord, DeploymentState, DeploymentStore } from './record.ts';
import { manifestsAt } from './repo.ts';
import type { BotRuntime, RepoContext } from './runtime.ts';

export interface ApplyJobSpec {
  repo: RepoContext;
  store: DeploymentStore;
  config: BerthConfig;
  cluster: ClusterConfig;
  /** The commit whose manifests are applied. */
  sha: string;
  /** The pull request the comment goes on. */
  pr: number;
  deployment: DeploymentRecord;
  /** The commit's manifests when already read (for the Deployment's digests): the ones the digests cover. */
  head?: Awaited<ReturnType<typeof manifestsAt>>;
  kind: 'apply' | 'rollback';
  prune: boolean;
  forceConflicts: boolean;
  /** A line shown above the result. */
  note?: string;
  /** Run after a successful apply; its line (e.g. the revert pull request of a rollback) joins the result. */
  afterSuccess?: () => Promise<string | null>;
}

const STAGE_NOTE = 'Retry with `/berth apply` on this pull request.';

/** The pull request comment of one cluster and kind, updated as the job goes. */
export class JobComment {
  url: string | null = null;
  private readonly spec: Pick<ApplyJobSpec, 'repo' | 'pr' | 'cluster' | 'kind'>;
  private readonly login: string;
  private lastBody = '';
  /** Edits go out one at a time, in the order they were asked for. */
  private chain: Promise<void> = Promise.resolve();

  constructor(spec: Pick<ApplyJobSpec, 'repo' | 'pr' | 'cluster' | 'kind'>, login: string) {
    this.spec = spec;
    this.login = login;
  }

  get kind(): CommentKind {
    return this.spec.kind;
  }

  say(lines: string[]): Promise<void> {
    const next = this.chain.then(() => this.publish(lines));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async publish(lines: string[]): Promise<void> {
    const title = `## berth ${this.spec.kind} · ${escapeMarkdown(this.spec.cluster.name)}`;
    const body = [title, '', ...lines].join('\n');
    if (body === this.lastBody) return;
    this.lastBody = body;
    const outcome = await publishComment(
      this.spec.repo.github,
      this.spec.pr,
      'update',
      markerFor(this.spec.kind, this.spec.cluster.name),
      body,
      { login: this.login },
    );
    this.url = outcome.url ?? this.url;
  }
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

function phaseLine(e: ApplyProgress, stages: string[]): string {
  const stageIndex = e.stage ? stages.indexOf(e.stage) : -1;
  const stage =
    stageIndex >= 0 ? ` stage ${stageIndex + 1} of ${stages.length} (${escapeMarkdown(e.stage)})` : '';
  const waiting = e.waitingOn ? ` · waiting on ${escapeMarkdown(e.waitingOn)}` : '';
  return `⏳ **${e.phase}**${stage} · ${e.done}/${e.total} objects${waiting}`;
}

/** What the writer says when the API server stopped answering (src/cluster/live.ts). */
const UNREACHABLE = /cannot reach the Kubernetes API server/;

/**
 * The Deployment state an apply result ends in: `error` when the cluster stopped
 * answering (the change itself may be fine: retry), `failure` when the change did not
 * go through or is unhealthy.
 */
export function stateOf(result: ApplyResult): DeploymentState {
  if (result.success) return 'success';
  const messages = [...result.messages, ...result.objects.map((o) => o.message ?? '')];
  return messages.some((m) => UNREACHABLE.test(m)) ? 'error' : 'failure';
}

export async function runApplyJob(
  runtime: BotRuntime,
  spec: ApplyJobSpec,
  comment: JobComment,
): Promise<void> {
  const { repo, store, config, cluster, sha, deployment } = spec;
  const started = Date.now();
  const access = runtime.clusters.resolve(cluster);
  const finish = async (state: DeploymentState, phase: string, lines: string[], description: string) => {
    await comment.say(lines);
    await store.setStatus(deployment, state, {
      description: description.slice(0, 140),
      ...(comment.url ? { logUrl: comment.url } : {}),
    });
    runtime.metrics.apply(
      state === 'success' ? 'success' : state === 'failure' ? 'failure' : 'error',
      phase,
      (Date.now() - started) / 1000,
    );
  };
  if (!access.ok) {
    await finish(
      'failure',
      'validation',
      [`❌ ${escapeMarkdown(access.reason)}`, '', 'Nothing was applied.'],
      access.reason,
    );
    return;
  }

  let writer: KubeWriter;
  try {
    writer = new KubeWriter({ ...access.options, parallelism: config.apply.parallelism });
  } catch (error) {
    const message = (error as Error).message;
    await finish(
      'error',
      'validation',
      [
        `❌ cannot reach cluster ${escapeMarkdown(cluster.name)}: ${escapeMarkdown(message)}`,
        '',
        'Nothing was applied.',
      ],
      'cluster unreachable',
    );
    return;
  }
  try {
    const lock = new ClusterLock({
      writer,
      cluster: cluster.name,
      namespace: config.apply.inventoryNamespace,
      repository: `${repo.owner}/${repo.repo}`,
      pr: spec.pr,
      job: `${spec.kind} ${short(sha)} to ${cluster.name}`,
      createNamespace: true,
    });
    const waitStarted = Date.now();
    await lock.run(
      async () => {
        runtime.metrics.lockWait.observe((Date.now() - waitStarted) / 1000);
        await applyLocked(spec, comment, writer, access.options, finish);
      },
      {
        onWait: (holder) => {
          void comment
            .say([`🔒 Waiting for the cluster lock, ${escapeMarkdown(describeHolder(holder))}.`])
            .catch(() => undefined);
        },
      },
    );
  } catch (error) {
    const message = writer.safe((error as Error).message);
    await finish(
      'error',
      'apply',
      [`❌ The ${spec.kind} of ${short(sha)} stopped: ${escapeMarkdown(message)}`, '', STAGE_NOTE],
      message,
    );
  } finally {
    writer.close();
  }
}

type Finish = (state: DeploymentState, phase: string, lines: string[], description: string) => Promise<void>;

async function applyLocked(
  spec: ApplyJobSpec,
  comment: JobComment,
  writer: KubeWriter,
  options: ConstructorParameters<typeof KubeWriter>[0],
  finish: Finish,
): Promise<void> {
  const { repo, store, config, cluster, sha, deployment } = spec;
  await store.setStatus(deployment, 'in_progress', {
    description: `re-planning ${short(sha)}`,
    ...(comment.url ? { logUrl: comment.url } : {}),
  });
  await comment.say([`⏳ Re-planning ${short(sha)} against the live cluster.`]);

  const head = spec.head ?? (await manifestsAt(repo, cluster, config, sha));
  const errors = head.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    await finish(
      'failure',
      'validation',
      [
        `❌ The manifests at ${short(sha)} have errors; nothing was applied.`,
        '',
        ...errors
          .slice(0, 20)
          .map((d) => `- \`${escapeMarkdown(d.file)}:${d.line}\` ${escapeMarkdown(d.message)}`),
      ],
      'the manifests have errors',
    );
    return;
  }
  const read = await readLiveCluster(options ?? {});
  const plan = planFromLoaded({
    clusterSource: `${cluster.name} (live)`,
    cluster: read.cluster,
    head,
    base: undefined,
    diagnostics: read.diagnostics,
    config,
    skipAdvice: true,
  });
  if (!plan.passed) {
    const failing = plan.policy.results.filter((r) => !r.passed).map((r) => r.message);
    await finish(
      'failure',
      'validation',
      [
        `❌ **Not applied**: the plan of ${short(sha)} against the live cluster fails policy: ${escapeMarkdown(failing.join('; '))}`,
        '',
        renderMarkdown(plan, { title: `plan of ${short(sha)}`, limit: 40_000 }),
      ],
      `plan fails policy: ${failing.join('; ')}`,
    );
    return;
  }

  const stages: string[] = [];
  let lastShown = '';
  const outcome = await runApply({
    objects: head.objects,
    writer,
    applySet: config.apply.applySet,
    inventoryNamespace: config.apply.inventoryNamespace,
    namespace: config.apply.namespace,
    allowKinds: config.apply.allowKinds,
    pruneKinds: config.apply.pruneKinds,
    maxPrune: config.apply.maxPrune,
    prune: spec.prune,
    pruneConfirm: false,
    forceConflicts: spec.forceConflicts,
    waitMs: config.apply.waitMs,
    version: BERTH_VERSION,
    progress: (e) => {
      if (e.stage && !stages.includes(e.stage)) stages.push(e.stage);
      const line = phaseLine(e, stages);
      // Phase and stage changes are worth an edit; object counts alone are not.
      const key = `${e.phase}/${e.stage ?? ''}/${e.waitingOn ?? ''}`;
      if (key === lastShown) return;
      lastShown = key;
      void comment.say([line]).catch(() => undefined);
    },
  });
  if (!outcome.result) {
    const why = outcome.refused ?? 'refused';
    await finish(
      'failure',
      'validation',
      [
        `❌ **Not applied**: ${escapeMarkdown(why)}`,
        ...outcome.diagnostics
          .filter((d) => d.severity === 'error')
          .slice(0, 20)
          .map((d) => `- \`${escapeMarkdown(d.file)}:${d.line}\` ${escapeMarkdown(d.message)}`),
      ],
      why,
    );
    return;
  }
  const result = outcome.result;
  const lines = [
    ...(spec.note ? [spec.note, ''] : []),
    `Commit ${short(sha)} · Deployment ${deployment.id} (${escapeMarkdown(deployment.environment)})`,
    '',
    renderApplyMarkdown(result, { title: `${spec.kind} result`, limit: 50_000 }),
  ];
  if (!result.success) lines.push('', STAGE_NOTE);
  else if (spec.afterSuccess) {
    const extra = await spec
      .afterSuccess()
      .catch((error: unknown) => `⚠️ ${escapeMarkdown((error as Error).message)}`);
    if (extra) lines.splice(spec.note ? 2 : 0, 0, extra, '');
  }
  const state = stateOf(result);
  await finish(
    state,
    result.stoppedAt,
    lines,
    result.success ? `applied ${short(sha)}` : `${spec.kind} stopped at ${result.stoppedAt}`,
  );
}
