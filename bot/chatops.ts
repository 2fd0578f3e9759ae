/**
 * `/berth ...` comments on pull requests. The order is what keeps a refusal harmless:
 * parse (src/github/command.ts), read the config from the default branch, check the
 * commenter's role (`role_name`, never `author_association`), and only then do
 * anything. A refused command gets 😕 and one line saying why, and nothing else is
 * written anywhere; an accepted one gets 👀, and 🚀 when it succeeded.
 */

import { describeHolder, forceRelease } from '../src/cluster/lease.ts';
import { readLiveCluster } from '../src/cluster/live.ts';
import { KubeWriter } from '../src/cluster/writer.ts';
import type { BerthConfig, ClusterConfig } from '../src/config/config.ts';
import type { BerthCommand, CommandParse } from '../src/github/command.ts';
import { COMMANDS, usage } from '../src/github/command.ts';
import {
  ACTIONS_LOGIN,
  markerFor,
  plannedHead,
  plannedHeadLine,
  publishComment,
  stickyComments,
} from '../src/github/comment.ts';
import { authorize } from '../src/github/permission.ts';
import { planFromLoaded } from '../src/plan/run.ts';
import { escapeMarkdown } from '../src/report/escape.ts';
import { renderMarkdown } from '../src/report/markdown.ts';
import { lockHolder } from './clusters.ts';
import { clusterKey, queueApply } from './merge.ts';
import { environmentOf, manifestsAt, readRepoConfig } from './repo.ts';
import { openRevert } from './revert.ts';
import type { BotRuntime, RepoContext } from './runtime.ts';

export interface CommandComment {
  parsed: Exclude<CommandParse, { kind: 'none' }>;
  issueNumber: number;
  commentId: number;
  commenter: string;
}

interface PullState {
  merged: boolean;
  mergeSha: string | null;
  headSha: string;
  baseRef: string;
  baseSha: string;
  state: string;
  mergeable: boolean | null;
  mergeableState: string;
}

type Check = { ok: true } | { ok: false; reason: string };
/** What an accepted command did: `ok` earns 🚀; `reply` is posted either way. */
type Done = { ok: boolean; reply?: string };

async function pullState(repo: RepoContext, number: number): Promise<PullState> {
  const pr = await repo.github.getPull(number);
  return {
    merged: pr.merged,
    mergeSha: pr.mergeCommitSha,
    headSha: pr.headSha,
    baseRef: pr.baseRef,
    baseSha: pr.baseSha,
    state: pr.state,
    mergeable: pr.mergeable,
    mergeableState: pr.mergeableState,
  };
}

/** The cluster a command names, or the only one the pull request's base branch applies to. */
function pickCluster(
  config: BerthConfig,
  name: string | null,
  baseRef: string | null,
): ClusterConfig | string {
  if (name !== null) {
    const found = config.clusters.find((c) => c.name === name);
    return found ?? `there is no cluster ${name} in .github/berth.yml`;
  }
  const candidates = baseRef ? config.clusters.filter((c) => c.branch === baseRef) : config.clusters;
  const pool = candidates.length > 0 ? candidates : config.clusters;
  if (pool.length === 1) return pool[0]!;
  if (pool.length === 0) return '.github/berth.yml names no cluster';
  return `which cluster? name one of ${pool.map((c) => c.name).join(', ')}`;
}

function helpText(config: BerthConfig): string {
  const roles = config.apply.roles;
  return [
    '## berth commands',
    '',
    '| Command | What it does | Role |',
    '| --- | --- | --- |',
    ...COMMANDS.map((name) => `| \`${usage(name)}\` | ${WHAT[name]} | ${roles[name]} |`),
    '',
    `\`--force-conflicts\` needs ${roles.forceConflicts}.`,
  ].join('\n');
}

const WHAT: Record<(typeof COMMANDS)[number], string> = {
  plan: 'plans the pull request against the live cluster',
  apply: 'applies the merge commit again (merged), or the head when applyBeforeMerge allows it',
  explain: 'says where a pod of the plan lands, or why it does not',
  status: 'shows the lock, the queue and the last successful apply',
  rollback: 'applies the last successful commit before the current one (or --to) and prunes',
  unlock: "frees the cluster's lock whoever holds it",
  cancel: "takes this repository's waiting jobs out of the queue",
  help: 'this table',
};

export async function runCommand(
  runtime: BotRuntime,
  repo: RepoContext,
  input: CommandComment,
): Promise<void> {
  const { parsed } = input;
  const refuse = async (reason: string) => {
    await repo.github.react(input.commentId, 'confused');
    await repo.github.createComment(input.issueNumber, `😕 @${input.commenter}: ${reason}`);
  };
  if (parsed.kind === 'refused') {
    await refuse(parsed.reason);
    return;
  }
  const command = parsed.command;
  const read = await readRepoConfig(repo);
  if (!read.ok) {
    await refuse(read.message);
    return;
  }
  const config = read.config;
  const auth = await authorize(repo.github, input.commenter, command, config.apply.roles);
  if (!auth.allowed) {
    await refuse(auth.reason);
    return;
  }
  let outcome: Check;
  try {
    outcome = await check(runtime, repo, config, command, input);
  } catch (error) {
    outcome = { ok: false, reason: (error as Error).message.split('\n')[0]! };
  }
  if (!outcome.ok) {
    await refuse(outcome.reason);
    return;
  }
  await repo.github.react(input.commentId, 'eyes');
  const done = await execute(runtime, repo, config, command, input);
  if (done.reply) await repo.github.createComment(input.issueNumber, done.reply);
  if (done.ok) await repo.github.react(input.commentId, 'rocket');
}

/** What must hold before a command is accepted; nothing is written here. */
async function check(
  runtime: BotRuntime,
  repo: RepoContext,
  config: BerthConfig,
  command: BerthCommand,
  input: CommandComment,
): Promise<Check> {
  if (command.name === 'help' || command.name === 'cancel') return { ok: true };
  const pull = await pullState(repo, input.issueNumber);
  const cluster = pickCluster(config, command.cluster, pull.baseRef);
  if (typeof cluster === 'string') return { ok: false, reason: cluster };
  if (command.name === 'apply' && !pull.merged) {
    if (!config.apply.applyBeforeMerge)
      return {
        ok: false,
        reason: 'this pull request is not merged, and apply.applyBeforeMerge is off in .github/berth.yml.',
      };
    if (pull.state !== 'open') return { ok: false, reason: 'this pull request is closed without merging.' };
    if (pull.mergeable !== true || pull.mergeableState !== 'clean')
      return {
        ok: false,
        reason: `this pull request is not ready to merge (mergeable state: ${pull.mergeableState || 'unknown'}): it must be approved, mergeable and not behind its base.`,
      };
    // Approved at the head commit: an approval of an earlier head does not cover new commits.
    const reviews = await repo.github.listReviews(input.issueNumber);
    const latest = new Map<string, (typeof reviews)[number]>();
    for (const r of reviews) if (r.state !== 'COMMENTED' && r.state !== 'PENDING') latest.set(r.login, r);
    const states = [...latest.values()];
    if (
      states.some((r) => r.state === 'CHANGES_REQUESTED') ||
      !states.some((r) => r.state === 'APPROVED' && r.commitId === pull.headSha)
    )
      return {
        ok: false,
        reason: `this pull request has no approval of its head commit ${pull.headSha.slice(0, 7)}.`,
      };
    // The head must be the commit berth last planned: a newer push is re-planned first.
    // The App's own plan comment and the Action's (written with a workflow's token).
    const comments = await repo.github.listComments(input.issueNumber);
    const marker = markerFor('plan', cluster.name);
    const planned = [
      ...stickyComments(comments, marker, { login: runtime.login() }),
      ...stickyComments(comments, marker, { login: ACTIONS_LOGIN }),
    ]
      .sort((a, b) => a.id - b.id)
      .at(-1);
    const plannedSha = planned ? plannedHead(planned.body) : null;
    if (plannedSha !== pull.headSha)
      return {
        ok: false,
        reason: plannedSha
          ? `the head ${pull.headSha.slice(0, 7)} is newer than the planned commit ${plannedSha.slice(0, 7)}: run \`/berth plan\` first.`
          : `the head ${pull.headSha.slice(0, 7)} has no berth plan of ${cluster.name}: run \`/berth plan\` first.`,
      };
  }
  if (command.name === 'rollback' && !pull.merged)
    return { ok: false, reason: 'rollback is taken on the merged pull request whose apply it undoes.' };
  if (command.name === 'rollback' && command.to !== null) {
    // Only a commit of the default branch's history: never a fork's or an unmerged head.
    const comparison = await repo.github.compare(command.to, repo.defaultBranch).catch(() => null);
    if (!comparison || (comparison.status !== 'ahead' && comparison.status !== 'identical'))
      return {
        ok: false,
        reason: `${command.to} is not a commit of ${repo.defaultBranch}'s history; rollback goes only to one.`,
      };
  }
  const access = runtime.clusters.resolve(cluster);
  if (!access.ok) return { ok: false, reason: access.reason };
  return { ok: true };
}

async function execute(
  runtime: BotRuntime,
  repo: RepoContext,
  config: BerthConfig,
  command: BerthCommand,
  input: CommandComment,
): Promise<Done> {
  if (command.name === 'help') return { ok: true, reply: helpText(config) };
  if (command.name === 'cancel') {
    const cancelled = config.clusters.flatMap((c) => runtime.queue.cancel(clusterKey(c)));
    return {
      ok: true,
      reply:
        cancelled.length === 0
          ? 'Nothing was waiting in the queue.'
          : `Cancelled: ${cancelled.map((l) => escapeMarkdown(l)).join(', ')}.`,
    };
  }
  const pull = await pullState(repo, input.issueNumber);
  const cluster = pickCluster(config, command.cluster, pull.baseRef) as ClusterConfig;
  const access = runtime.clusters.resolve(cluster);
  if (!access.ok) return { ok: false, reply: `❌ ${escapeMarkdown(access.reason)}` };

  switch (command.name) {
    case 'apply': {
      const sha = pull.merged ? pull.mergeSha! : pull.headSha;
      const queued = await queueApply(runtime, repo, {
        config,
        cluster,
        sha,
        pr: input.issueNumber,
        kind: 'apply',
        source: 'command',
        prune: command.prune || config.apply.prune,
        forceConflicts: command.forceConflicts,
        trigger: 'command',
        requestedBy: input.commenter,
        reason: `/berth apply by ${input.commenter}`,
        previousSha: pull.baseSha,
      });
      return queued.queued ? { ok: true } : { ok: false, reply: `${escapeMarkdown(queued.why)}.` };
    }
    case 'rollback': {
      const store = runtime.deployments(repo);
      const environment = environmentOf(cluster);
      let target = command.to === null ? null : (await repo.github.getCommit(command.to)).sha;
      if (target === null) {
        const current = (await store.lastSuccess(environment)) ?? undefined;
        const previous = current ? await store.lastSuccess(environment, current) : null;
        if (!previous)
          return {
            ok: false,
            reply: `❌ There is no successful apply to ${escapeMarkdown(environment)} before the current one to roll back to.`,
          };
        target = previous.sha;
      }
      const rollbackTo = target;
      const queued = await queueApply(runtime, repo, {
        config,
        cluster,
        sha: target,
        pr: input.issueNumber,
        kind: 'rollback',
        source: 'command',
        prune: true,
        forceConflicts: false,
        trigger: 'rollback',
        requestedBy: input.commenter,
        reason: `/berth rollback by ${input.commenter}`,
        previousSha: pull.mergeSha ?? pull.baseSha,
        note: `Rolls ${escapeMarkdown(cluster.name)} back to ${target.slice(0, 7)}.`,
        afterSuccess: async () => {
          const revert = await openRevert(repo, cluster, rollbackTo, input.issueNumber);
          return revert
            ? `↩️ Revert in git: #${revert.number} puts the manifests back as they were at ${rollbackTo.slice(0, 7)}; merge it so the next merge does not apply the rolled-back change again.`
            : null;
        },
      });
      return queued.queued
        ? { ok: true }
        : { ok: false, reply: 'A rollback to that commit was already recorded.' };
    }
    case 'unlock': {
      const writer = new KubeWriter(access.options);
      try {
        const holder = await forceRelease(writer, cluster.name, config.apply.inventoryNamespace);
        return {
          ok: true,
          reply: holder
            ? `🔓 Freed the lock of ${escapeMarkdown(cluster.name)}, ${escapeMarkdown(describeHolder(holder))}.`
            : `The lock of ${escapeMarkdown(cluster.name)} was not held.`,
        };
      } finally {
        writer.close();
      }
    }
    case 'status': {
      const holder = await lockHolder(access.options, cluster.name, config.apply.inventoryNamespace);
      const view = runtime.queue.view(clusterKey(cluster));
      const last = await runtime.deployments(repo).lastSuccess(environmentOf(cluster));
      return {
        ok: true,
        reply: [
          `## berth status · ${escapeMarkdown(cluster.name)}`,
          '',
          `- Lock: ${holder ? escapeMarkdown(describeHolder(holder)) : 'free'}`,
          `- Running: ${view.running ? escapeMarkdown(view.running) : 'nothing'}`,
          `- Waiting: ${view.waiting.length > 0 ? view.waiting.map((w) => escapeMarkdown(w)).join(', ') : 'nothing'}`,
          `- Last successful apply: ${last ? `${last.sha.slice(0, 7)} (Deployment ${last.id})` : 'none'}`,
        ].join('\n'),
      };
    }
    case 'plan':
    case 'explain': {
      const head = await manifestsAt(repo, cluster, config, pull.merged ? pull.mergeSha! : pull.headSha);
      const live = await readLiveCluster(access.options);
      const plan = planFromLoaded({
        clusterSource: `${cluster.name} (live)`,
        cluster: live.cluster,
        head,
        base: undefined,
        diagnostics: live.diagnostics,
        config,
        skipAdvice: command.name === 'explain',
      });
      if (command.name === 'plan') {
        await publishComment(
          repo.github,
          input.issueNumber,
          config.comment.mode === 'off' ? 'update' : config.comment.mode,
          markerFor('plan', cluster.name),
          `${renderMarkdown(plan, { title: `berth plan · ${cluster.name}` })}\n${plannedHeadLine(pull.merged ? pull.mergeSha! : pull.headSha)}\n`,
          { login: runtime.login() },
        );
        return { ok: plan.passed };
      }
      const pod = plan.placements.find((p) => p.namespace === command.namespace && p.pod === command.pod);
      if (!pod)
        return {
          ok: false,
          reply: `No pod ${escapeMarkdown(`${command.namespace}/${command.pod}`)} in the plan of ${escapeMarkdown(cluster.name)} (pods are named <workload>-<n>).`,
        };
      const why = Object.entries(pod.nodeReasons ?? {})
        .slice(0, 20)
        .map(([node, reasons]) => `- ${escapeMarkdown(node)}: ${escapeMarkdown(reasons.join('; '))}`);
      return {
        ok: true,
        reply: [
          `**${escapeMarkdown(`${pod.namespace}/${pod.pod}`)}** (${escapeMarkdown(pod.workload)}): ${pod.node ? `lands on ${escapeMarkdown(pod.node)}` : `${pod.status}: ${escapeMarkdown(pod.reason ?? '')}`}`,
          ...why,
        ].join('\n'),
      };
    }
  }
}
