/**
 * planTimeline: manifests and capacity in, the timeline the report shows out. Runs the
 * simulation under every policy so the report can compare them, and suggests the
 * PriorityClass values that would make Kubernetes follow a better order.
 */

import type { Diagnostic } from '../model/diagnostics.ts';
import type { ClusterState, Node, ResourceList } from '../model/types.ts';
import { nanosToMillis, parseGoDuration } from './duration.ts';
import { policyOrder, type SimulationOutcome, simulateTimeline } from './event-simulation.ts';
import { bareCluster, schedulerFitter } from './filter-fitter.ts';
import { parseRfc3339, readTimelineJobs } from './jobs.ts';
import { readKueueAdmission } from './kueue.ts';
import { buildProblem, type TimelineProblem } from './problem.ts';
import {
  type CronJobRuns,
  type SuggestedPriorityClass,
  TIMELINE_POLICIES,
  type TimelineCapacity,
  type TimelineInput,
  type TimelineJobEntry,
  type TimelineOptions,
  type TimelinePolicy,
  type TimelineResult,
} from './types.ts';

export const DEFAULT_HORIZON_MS = 24 * 3_600_000;

/** Nodes and what the static plan left in use on each. */
export function capacityOf(capacity: TimelineCapacity): {
  nodes: Node[];
  used: Record<string, ResourceList>;
} {
  if ('nodes' in capacity) return { nodes: capacity.nodes, used: capacity.used ?? {} };
  const used: Record<string, ResourceList> = {};
  if (capacity.simulation) {
    for (const node of capacity.simulation.nodes) used[node.name] = { ...node.requested };
  } else {
    for (const pod of capacity.cluster.pods) {
      if (!pod.nodeName) continue;
      const list = used[pod.nodeName] ?? {};
      used[pod.nodeName] = list;
      for (const [r, v] of Object.entries(pod.requests)) list[r] = (list[r] ?? 0) + v;
      list.pods = (list.pods ?? 0) + 1;
    }
  }
  return { nodes: capacity.cluster.nodes, used };
}

/** The cluster the scheduler's filters see: the static plan's, or bare nodes when capacity is numbers. */
function capacityCluster(capacity: TimelineCapacity): ClusterState {
  return 'nodes' in capacity ? bareCluster(capacity.nodes) : capacity.cluster;
}

const seconds = (ms: number): number => ms / 1000;

export function planTimeline(
  input: TimelineInput,
  options: TimelineOptions = {},
): { timeline: TimelineResult; diagnostics: Diagnostic[] } {
  const policy = options.policy ?? 'edf';
  const start = options.start ?? new Date();
  const horizonMs = options.horizonMs ?? DEFAULT_HORIZON_MS;
  const read = readTimelineJobs(
    input.objects,
    input.workloads,
    input.waiting && input.waiting.size > 0
      ? { waiting: input.waiting, defaultDurationMs: input.defaultDurationMs ?? 3_600_000 }
      : undefined,
  );
  const { nodes, used } = capacityOf(input.capacity);
  const built = buildProblem(read.jobs, nodes, used, {
    startMs: start.getTime(),
    horizonMs,
    fitter: options.fitter ?? schedulerFitter(capacityCluster(input.capacity)),
  });
  const problem = built.problem;
  const admissionDiagnostics: Diagnostic[] = [];
  const admission = readKueueAdmission(
    [...input.objects, ...(input.kueueQueues ?? [])],
    problem.jobs,
    admissionDiagnostics,
  );
  if (admission) problem.admission = admission;
  const results = {} as Record<TimelinePolicy, SimulationOutcome>;
  for (const p of TIMELINE_POLICIES) results[p] = simulateTimeline(problem, p);
  return {
    timeline: toResult(problem, results, policy, start),
    diagnostics: [...read.diagnostics, ...built.diagnostics, ...admissionDiagnostics],
  };
}

export function toResult(
  problem: TimelineProblem,
  results: Record<TimelinePolicy, SimulationOutcome>,
  policy: TimelinePolicy,
  start: Date,
): TimelineResult {
  const chosen = results[policy];
  const critical = new Set(problem.criticalPath);
  const jobs: TimelineJobEntry[] = problem.runs.map((run) => {
    const outcome = chosen.outcomes[run.id];
    const stand = chosen.outcomes[outcome?.standsFor ?? run.id];
    const effectiveFinish = stand?.status === 'completed' ? stand.finish : null;
    return {
      namespace: run.job.namespace,
      name: run.job.name,
      kind: run.job.kind,
      run: run.run,
      release: seconds(run.release),
      start: outcome?.start == null ? null : seconds(outcome.start),
      finish: outcome?.finish == null ? null : seconds(outcome.finish),
      duration: seconds(run.duration),
      deadline: run.deadline === null ? null : seconds(run.deadline),
      missed: run.deadline !== null && (effectiveFinish === null || effectiveFinish > run.deadline),
      pods: run.job.pods,
      status: outcome?.status ?? 'not-started',
      reason: outcome?.reason ?? null,
      after: run.deps.map((d) => problem.runs[d]?.key ?? ''),
      critical: critical.has(run.id),
      ...(run.job.durationAssumed ? { durationAssumed: true as const } : {}),
    };
  });
  const compare = {} as TimelineResult['compare'];
  for (const p of TIMELINE_POLICIES) {
    compare[p] = { missed: results[p].missed, makespan: seconds(results[p].makespan) };
  }
  return {
    policy,
    start: start.toISOString(),
    horizon: seconds(problem.horizonMs),
    jobs,
    cronJobs: cronJobRuns(jobs),
    makespan: seconds(chosen.makespan),
    lowerBound: seconds(problem.lowerBound),
    criticalPath: problem.criticalPath.map((id) => problem.runs[id]?.key ?? ''),
    missed: chosen.missed,
    compare,
    priorities: suggestPriorities(problem, results, policy),
  };
}

/** The runs of each CronJob counted, from the run-by-run entries. */
export function cronJobRuns(jobs: readonly TimelineJobEntry[]): CronJobRuns[] {
  const byCronJob = new Map<string, CronJobRuns>();
  for (const job of jobs) {
    if (job.run === null) continue;
    const key = `${job.namespace}/${job.name}`;
    let entry = byCronJob.get(key);
    if (!entry) {
      entry = {
        namespace: job.namespace,
        name: job.name,
        runs: 0,
        first: job.release,
        last: job.release,
        completed: 0,
        replaced: 0,
        skipped: 0,
        notStarted: 0,
        missed: 0,
        waited: 0,
      };
      byCronJob.set(key, entry);
    }
    entry.runs++;
    entry.first = Math.min(entry.first, job.release);
    entry.last = Math.max(entry.last, job.release);
    if (job.status === 'completed') entry.completed++;
    else if (job.status === 'replaced') entry.replaced++;
    else if (job.status === 'skipped') entry.skipped++;
    else entry.notStarted++;
    if (job.missed) entry.missed++;
    if (job.reason?.startsWith('waited ')) entry.waited++;
  }
  return [...byCronJob.values()];
}

/** Values stay far below the system classes (2e9) and leave room between jobs. */
const PRIORITY_BASE = 1000;
const PRIORITY_STEP = 10;

/**
 * kube-scheduler's queue takes higher priority first, then older pods. One class per
 * Job or CronJob, valued in the order the better policy took them (a CronJob by its
 * earliest-ranked run), makes the queue follow that order.
 */
export function suggestPriorities(
  problem: TimelineProblem,
  results: Record<TimelinePolicy, SimulationOutcome>,
  preferred: TimelinePolicy,
): TimelineResult['priorities'] {
  const fifo = results.fifo.missed;
  const better = (['edf', 'critical-path'] as const).filter((p) => results[p].missed < fifo);
  if (better.length === 0) return null;
  const best = Math.min(...better.map((p) => results[p].missed));
  const policy =
    better.find((p) => p === preferred && results[p].missed === best) ??
    (better.find((p) => results[p].missed === best) as TimelinePolicy);
  const order = policyOrder(problem.runs, policy);
  const firstRank = new Map<number, number>();
  order.forEach((id, position) => {
    const job = problem.runs[id]?.job.index as number;
    if (!firstRank.has(job)) firstRank.set(job, position);
  });
  const ranked = [...firstRank.keys()];
  const classes: SuggestedPriorityClass[] = ranked.map((jobIndex, position) => {
    const job = problem.jobs[jobIndex];
    const value = PRIORITY_BASE + PRIORITY_STEP * (ranked.length - position);
    return {
      namespace: job?.namespace ?? '',
      name: job?.name ?? '',
      kind: job?.kind ?? 'Job',
      priorityClassName: `berth-batch-${value}`,
      value,
    };
  });
  return { policy, classes };
}

/**
 * `--policy`, `--horizon` (Go duration) and `--start` (RFC 3339) as the CLI and the
 * config file give them, checked; each problem is a message that says what to write.
 */
export function timelineOptionsFromFlags(flags: { policy?: string; horizon?: string; start?: string }): {
  options: TimelineOptions;
  errors: string[];
} {
  const options: TimelineOptions = {};
  const errors: string[] = [];
  if (flags.policy !== undefined) {
    if ((TIMELINE_POLICIES as readonly string[]).includes(flags.policy))
      options.policy = flags.policy as TimelinePolicy;
    else
      errors.push(
        `timeline policy ${JSON.stringify(flags.policy)} is not one of ${TIMELINE_POLICIES.join(', ')}`,
      );
  }
  if (flags.horizon !== undefined) {
    const parsed = parseGoDuration(flags.horizon.trim());
    if (parsed.ok && parsed.nanoseconds > 0n) options.horizonMs = nanosToMillis(parsed.nanoseconds);
    else
      errors.push(`horizon ${JSON.stringify(flags.horizon)} is not a positive duration such as 24h or 7h30m`);
  }
  if (flags.start !== undefined) {
    const parsed = parseRfc3339(flags.start);
    if (parsed !== undefined) options.start = new Date(parsed);
    else
      errors.push(
        `start ${JSON.stringify(flags.start)} is not an RFC 3339 time such as 2025-06-02T00:00:00Z`,
      );
  }
  return { options, errors };
}
