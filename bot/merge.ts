/**
 * A merged pull request: for each cluster whose `branch` it merged into, record a
 * Deployment (once, whoever else got the same delivery) and queue the apply of the
 * merge commit. A job comes to the queue only through `queueApply`, so merges and
 * `/berth apply` / `/berth rollback` share the exactly-once key and the comment.
 */

import { applySetId } from '../src/apply/applyset.ts';
import { manifestDigest, planDigest } from '../src/apply/digest.ts';
import type { BerthConfig, ClusterConfig } from '../src/config/config.ts';
import { escapeMarkdown } from '../src/report/escape.ts';
import { JobComment, runApplyJob } from './job.ts';
import type { Job } from './queue.ts';
import { type DeploymentRecord, type Recorded, TASK_APPLY, TASK_ROLLBACK, type Trigger } from './record.ts';
import { environmentOf, manifestsAt, readRepoConfig } from './repo.ts';
import type { BotRuntime, RepoContext } from './runtime.ts';

export interface MergeEvent {
  number: number;
  mergeSha: string;
  baseRef: string;
  baseSha: string;
  trigger: string;
}

export interface QueueRequest {
  config: BerthConfig;
  cluster: ClusterConfig;
  sha: string;
  pr: number;
  kind: 'apply' | 'rollback';
  /** Merges supersede older queued merges; commands do not. */
  source: 'merge' | 'command';
  prune: boolean;
  forceConflicts: boolean;
  trigger: Trigger;
  /** Who asked (a command's author), recorded in the Deployment. */
  requestedBy: string | null;
  /** Shown on the comment: `merge of #12 by octocat`. */
  reason: string;
  previousSha?: string;
  note?: string;
  afterSuccess?: () => Promise<string | null>;
}

export type QueueOutcome =
  | { queued: true; deployment: DeploymentRecord }
  | { queued: false; deployment: DeploymentRecord; why: string };

/** The queue key of a cluster (whatever repository names it): its credentials and name. */
export function clusterKey(cluster: ClusterConfig): string {
  return `${cluster.credentials ?? ''}/${cluster.name}`;
}

export async function onMerged(runtime: BotRuntime, repo: RepoContext, merge: MergeEvent): Promise<void> {
  const read = await readRepoConfig(repo);
  if (!read.ok) {
    runtime.log.info({ repo: `${repo.owner}/${repo.repo}` }, `no apply of #${merge.number}: ${read.message}`);
    // A config that exists but is broken is worth telling the pull request about.
    if (read.diagnostics.length > 0)
      await new JobComment(
        { repo, pr: merge.number, cluster: { name: 'config', manifests: [] }, kind: 'apply' },
        runtime.login(),
      ).say([`❌ Nothing was applied: ${escapeMarkdown(read.message)}`]);
    return;
  }
  const { config } = read;
  if (!config.apply.onMerge) return;
  for (const cluster of config.clusters.filter((c) => c.branch === merge.baseRef)) {
    await queueApply(runtime, repo, {
      config,
      cluster,
      sha: merge.mergeSha,
      pr: merge.number,
      kind: 'apply',
      source: 'merge',
      prune: config.apply.prune,
      forceConflicts: false,
      trigger: 'merge',
      requestedBy: null,
      reason: merge.trigger,
      previousSha: merge.baseSha,
    });
  }
}

const inFlight = new Map<string, Promise<Recorded>>();

export async function queueApply(
  runtime: BotRuntime,
  repo: RepoContext,
  request: QueueRequest,
): Promise<QueueOutcome> {
  const { config, cluster } = request;
  const store = runtime.deployments(repo);
  const environment = environmentOf(cluster);
  // The same key asked twice in this process (a delivery sent twice at once) waits for the
  // first ask instead of racing it to GitHub; across processes the store's tiebreak decides.
  const task = request.kind === 'rollback' ? TASK_ROLLBACK : TASK_APPLY;
  const inFlightKey = `${repo.owner}/${repo.repo}\n${environment}\n${request.sha}\n${task}`;
  const pending = inFlight.get(inFlightKey);
  if (pending) {
    const first = await pending.catch(() => null);
    if (first) {
      runtime.metrics.apply('duplicate', 'queued');
      return {
        queued: false,
        deployment: first.deployment,
        why: 'the same apply was asked for at the same moment',
      };
    }
  }
  const setId = applySetId({ name: config.apply.applySet, namespace: config.apply.inventoryNamespace });
  let head: Awaited<ReturnType<typeof manifestsAt>> | undefined;
  const asking = (async () => {
    // The digests go into the Deployment's payload, which cannot change once created: they
    // are computed from the commit's manifests before it is recorded. A commit whose
    // manifests cannot be read is recorded without them; its job then says why.
    head = await manifestsAt(repo, cluster, config, request.sha).catch(() => undefined);
    return store.findOrCreate({
      sha: request.sha,
      task,
      environment,
      description: `berth ${request.kind} of ${request.sha.slice(0, 7)} to ${cluster.name}`,
      pr: request.pr,
      cluster: cluster.name,
      previousSha: request.previousSha ?? null,
      applySetId: setId,
      manifestDigest: head ? manifestDigest(head.objects) : null,
      planDigest: head
        ? planDigest({
            cluster: cluster.name,
            sha: request.sha,
            applySetId: setId,
            kind: request.kind,
            prune: request.prune,
            maxPrune: config.apply.maxPrune,
            pruneKinds: config.apply.pruneKinds,
            allowKinds: config.apply.allowKinds,
            forceConflicts: request.forceConflicts,
            waitMs: config.apply.waitMs,
            objects: head.objects,
          })
        : null,
      trigger: request.trigger,
      requestedBy: request.requestedBy,
      // A merge is applied once; a command may ask again after a failure.
      again: request.source === 'command',
    });
  })();
  inFlight.set(inFlightKey, asking);
  let recorded: Recorded;
  try {
    recorded = await asking;
  } finally {
    inFlight.delete(inFlightKey);
  }
  const { deployment } = recorded;
  if (!recorded.created) {
    runtime.metrics.apply('duplicate', 'queued');
    return { queued: false, deployment, why: recorded.why };
  }
  const comment = new JobComment({ repo, pr: request.pr, cluster, kind: request.kind }, runtime.login());
  const label = `${request.kind} of ${request.sha.slice(0, 7)} (#${request.pr})`;
  const key = clusterKey(cluster);
  const ahead = runtime.queue.view(key);
  await comment.say([
    `🕐 Queued: ${request.kind} of ${request.sha.slice(0, 7)} to ${escapeMarkdown(cluster.name)} (${escapeMarkdown(request.reason)})` +
      (ahead.running ? ` · behind ${escapeMarkdown(ahead.running)}` : ''),
  ]);
  const job: Job = {
    key,
    kind: request.source,
    label,
    run: () =>
      runApplyJob(
        runtime,
        {
          repo,
          store,
          config,
          cluster,
          sha: request.sha,
          pr: request.pr,
          deployment,
          ...(head ? { head } : {}),
          kind: request.kind,
          prune: request.prune,
          forceConflicts: request.forceConflicts,
          ...(request.note ? { note: request.note } : {}),
          ...(request.afterSuccess ? { afterSuccess: request.afterSuccess } : {}),
        },
        comment,
      ),
    superseded: async (by) => {
      runtime.metrics.apply('superseded', 'queued');
      await store.setStatus(deployment, 'inactive', {
        description: `superseded by ${by.label}`,
        ...(comment.url ? { logUrl: comment.url } : {}),
      });
      await comment.say([`⏭️ Not applied: superseded by the newer ${escapeMarkdown(by.label)}.`]);
    },
    cancelled: async () => {
      await store.setStatus(deployment, 'inactive', { description: 'cancelled with /berth cancel' });
      await comment.say(['⏹️ Not applied: cancelled with `/berth cancel` before it started.']);
    },
  };
  runtime.queue.enqueue(job);
  return { queued: true, deployment };
}
