/**
 * Turns the timeline's jobs into the instance the simulation runs: CronJob runs inside
 * the horizon, dependencies between runs, the capacity the long-running pods leave,
 * and the figures every policy is measured against (remaining path, lower bound).
 *
 * Over ~400 lines: one function per stage of building the instance, in the order
 * buildProblem calls them, all over the TimelineRun and TimelineProblem defined here.
 */

import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { Node, ResourceList } from '../model/types.ts';
import { cronFireTimes } from './cron.ts';
import { fitErrorFromReasons, resourceReasons } from './filter-fitter.ts';
import type { TimelineJob } from './jobs.ts';
import type { KueueAdmission } from './kueue.ts';
import { ANNOTATION_AFTER, type Fitter } from './types.ts';

export interface TimelineRun {
  /** Position in FIFO order: release time, then manifest order, then run number. */
  id: number;
  job: TimelineJob;
  /** 1-based run number for CronJobs, null for Jobs. */
  run: number | null;
  /** `namespace/name`, or `namespace/name#run` for a CronJob run. */
  key: string;
  /** ms from the timeline's start, as every time below. */
  release: number;
  duration: number;
  deadline: number | null;
  /** Runs that must finish first. */
  deps: number[];
  /** Why the run can never start, whatever the capacity; null when it can. */
  blocked: string | null;
  /** Longest path from the run's start to the end of its dependents, its own duration included. */
  remaining: number;
  /** Earliest it could finish with unlimited capacity. */
  earliestFinish: number;
  /** Counted in the lower bound: a run that completes under every ordering. */
  guaranteed: boolean;
}

export interface TimelineProblem {
  startMs: number;
  horizonMs: number;
  jobs: TimelineJob[];
  runs: TimelineRun[];
  nodes: Node[];
  /** Resource names; index into the per-node arrays below. */
  resources: string[];
  /** `pods`' index in `resources`. */
  podsIndex: number;
  /** What each node has free for batch work before the timeline starts: nodes x resources. */
  free: Float64Array;
  /** Per job: (resource index, amount) of one pod's requests, `pods` included. */
  requests: { index: number; amount: number }[][];
  /** Per job: nodes that pass the static checks, in node-name order. */
  feasible: Int32Array[];
  /** Per job: jobs sharing it fit exactly when it fits (same nodes and requests). */
  shape: number[];
  /** Per job: null when its pods fit together on the idle cluster, otherwise why not. */
  neverFits: (string | null)[];
  lowerBound: number;
  criticalPath: number[];
  /** Kueue's quotas over the jobs it manages (src/timeline/kueue.ts); absent when none applies. */
  admission?: KueueAdmission;
}

/** Enough for a minutely CronJob over three days; more would only slow the plan down. */
export const MAX_RUNS_PER_CRONJOB = 5000;

export interface BuildProblemOptions {
  startMs: number;
  horizonMs: number;
  fitter: Fitter;
}

export function buildProblem(
  jobs: TimelineJob[],
  nodesIn: readonly Node[],
  used: Readonly<Record<string, ResourceList>>,
  options: BuildProblemOptions,
): { problem: TimelineProblem; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { startMs, horizonMs } = options;
  const nodes = [...nodesIn].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { runs, runsOfJob } = draftRuns(jobs, startMs, horizonMs, diagnostics);
  linkDependencies(jobs, runs, runsOfJob, diagnostics);
  const { order, dependents } = topologicalOrder(runs);
  const cap = capacity(jobs, nodes, used);
  const checks = staticChecks(jobs, nodes, cap, options.fitter);
  const neverFits = jobs.map((job, j) => neverFitsReason(job, j, nodes, cap, checks));
  pathFigures(runs, runsOfJob, order, dependents, neverFits);
  const { lowerBound, chainEnd } = lowerBoundOf(runs, nodes, cap);
  return {
    problem: {
      startMs,
      horizonMs,
      jobs,
      runs,
      nodes,
      resources: cap.resources,
      podsIndex: cap.podsIndex,
      free: cap.free,
      requests: cap.requests,
      feasible: checks.feasible,
      shape: checks.shape,
      neverFits,
      lowerBound: Math.ceil(lowerBound),
      criticalPath: criticalPathTo(runs, chainEnd),
    },
    diagnostics,
  };
}

/** Every run of every job inside the horizon, in FIFO order (release, then job, then run). */
function draftRuns(
  jobs: readonly TimelineJob[],
  startMs: number,
  horizonMs: number,
  diagnostics: Diagnostic[],
): { runs: TimelineRun[]; runsOfJob: number[][] } {
  type Draft = { job: TimelineJob; run: number | null; release: number };
  const drafts: Draft[] = [];
  const runsOfJob: number[][] = jobs.map(() => []);
  for (const job of jobs) {
    if (!job.cron) {
      drafts.push({ job, run: null, release: 0 });
      continue;
    }
    const times = cronFireTimes(job.cron.schedule, startMs, startMs + horizonMs, MAX_RUNS_PER_CRONJOB + 1);
    if (times.length > MAX_RUNS_PER_CRONJOB) {
      times.length = MAX_RUNS_PER_CRONJOB;
      diagnostics.push(
        diagnostic(
          job.object.locate(['spec', 'schedule']),
          'warning',
          'timeline',
          `CronJob ${job.namespace}/${job.name} runs more than ${MAX_RUNS_PER_CRONJOB} times inside the horizon; only the first ${MAX_RUNS_PER_CRONJOB} runs are planned (shorten --horizon to see them all).`,
        ),
      );
    }
    times.forEach((t, i) => {
      drafts.push({ job, run: i + 1, release: t - startMs });
    });
  }
  drafts.sort((a, b) => a.release - b.release || a.job.index - b.job.index || (a.run ?? 0) - (b.run ?? 0));
  const runs: TimelineRun[] = drafts.map((d, id) => {
    runsOfJob[d.job.index]?.push(id);
    let deadline: number | null = null;
    if (d.job.deadline) {
      deadline =
        'relativeMs' in d.job.deadline
          ? d.release + d.job.deadline.relativeMs
          : d.job.deadline.absoluteMs - startMs;
    }
    return {
      id,
      job: d.job,
      run: d.run,
      key: d.run === null ? `${d.job.namespace}/${d.job.name}` : `${d.job.namespace}/${d.job.name}#${d.run}`,
      release: d.release,
      duration: d.job.durationMs,
      deadline,
      deps: [],
      blocked: d.job.blocked ?? null,
      remaining: 0,
      earliestFinish: 0,
      guaranteed: false,
    };
  });
  return { runs, runsOfJob };
}

/**
 * A run waits for the dependency's run released last at or before its own release
 * (the data it needs), or for the dependency's first run when none is that early.
 */
function linkDependencies(
  jobs: readonly TimelineJob[],
  runs: TimelineRun[],
  runsOfJob: readonly number[][],
  diagnostics: Diagnostic[],
): void {
  const warnedNoRuns = new Set<string>();
  for (const run of runs) {
    for (const depJob of run.job.after) {
      const depRuns = runsOfJob[depJob] ?? [];
      if (depRuns.length === 0) {
        const dep = jobs[depJob];
        const warnKey = `${run.job.index}/${depJob}`;
        if (dep && !warnedNoRuns.has(warnKey)) {
          warnedNoRuns.add(warnKey);
          diagnostics.push(
            diagnostic(
              run.job.object.locate(['metadata', 'annotations', ANNOTATION_AFTER]),
              'warning',
              'timeline',
              `${run.job.kind} ${run.job.namespace}/${run.job.name} waits for CronJob ${dep.namespace}/${dep.name}, which has no run inside the horizon; the dependency is taken as met.`,
            ),
          );
        }
        continue;
      }
      let chosen = depRuns[0] as number;
      for (const candidate of depRuns) {
        if ((runs[candidate]?.release ?? Number.POSITIVE_INFINITY) <= run.release) chosen = candidate;
      }
      if (!run.deps.includes(chosen)) run.deps.push(chosen);
    }
  }
}

/** Kahn's order over runs; runs never reached sit on or behind a cycle and are marked blocked. */
function topologicalOrder(runs: TimelineRun[]): { order: number[]; dependents: number[][] } {
  const dependents: number[][] = runs.map(() => []);
  const waiting = new Int32Array(runs.length);
  for (const run of runs) {
    waiting[run.id] = run.deps.length;
    for (const d of run.deps) dependents[d]?.push(run.id);
  }
  const order: number[] = [];
  for (const run of runs) if (run.deps.length === 0 && run.blocked === null) order.push(run.id);
  for (let i = 0; i < order.length; i++) {
    for (const next of dependents[order[i] as number] ?? []) {
      waiting[next] = (waiting[next] as number) - 1;
      if (waiting[next] === 0 && runs[next]?.blocked === null) order.push(next);
    }
  }
  const reached = new Uint8Array(runs.length);
  for (const id of order) reached[id] = 1;
  for (const run of runs) {
    if (reached[run.id] || run.blocked !== null) continue;
    const stuck = run.deps.find((d) => !reached[d]);
    run.blocked = `waits for ${runs[stuck ?? 0]?.key}, which can never start`;
  }
  return { order, dependents };
}

/** The capacity left for batch work, node by node, and each job's request over the same resources. */
interface Capacity {
  resources: string[];
  podsIndex: number;
  /** Allocatable minus what the static plan placed, `free[n * resources.length + i]`. */
  free: Float64Array;
  requests: { index: number; amount: number }[][];
}

function capacity(
  jobs: readonly TimelineJob[],
  nodes: readonly Node[],
  used: Readonly<Record<string, ResourceList>>,
): Capacity {
  const resourceSet = new Set<string>(['pods', 'cpu', 'memory']);
  for (const node of nodes) for (const r of Object.keys(node.allocatable)) resourceSet.add(r);
  for (const job of jobs) for (const r of Object.keys(job.pod.requests)) if (r !== 'pods') resourceSet.add(r);
  const resources = [...resourceSet];
  const R = resources.length;
  const podsIndex = resources.indexOf('pods');
  const free = new Float64Array(nodes.length * R);
  nodes.forEach((node, n) => {
    const usedHere = used[node.name] ?? {};
    resources.forEach((r, i) => {
      const allocatable = r === 'pods' ? (node.allocatable.pods ?? 110) : (node.allocatable[r] ?? 0);
      free[n * R + i] = Math.max(0, allocatable - (usedHere[r] ?? 0));
    });
  });
  const requests = jobs.map((job) => {
    const list = [{ index: podsIndex, amount: 1 }];
    for (const [r, amount] of Object.entries(job.pod.requests)) {
      if (r !== 'pods' && amount > 0) list.push({ index: resources.indexOf(r), amount });
    }
    return list;
  });
  return { resources, podsIndex, free, requests };
}

/** Each job's nodes that pass the static checks, the reasons on the others, and its shape. */
interface StaticChecks {
  feasible: Int32Array[];
  staticReasons: string[][][];
  shape: number[];
}

/**
 * Static checks once per distinct pod as the checks read it, not once per job: a
 * thousand Jobs with the same scheduling constraints are checked once. Jobs with the
 * same checks and requests share a shape.
 */
function staticChecks(
  jobs: readonly TimelineJob[],
  nodes: readonly Node[],
  cap: Capacity,
  fitter: Fitter,
): StaticChecks {
  const feasibleByConstraints = new Map<string, { id: number; nodes: Int32Array; reasons: string[][] }>();
  const staticReasons: string[][][] = [];
  const constraintsOf: number[] = [];
  const feasible = jobs.map((job, j) => {
    const constraintKey = fitter.key?.(job.pod) ?? `job ${j}`;
    let entry = feasibleByConstraints.get(constraintKey);
    if (!entry) {
      const reasons = nodes.map((node) => fitter.staticReasons(job.pod, node));
      const ok: number[] = [];
      reasons.forEach((r, n) => {
        if (r.length === 0) ok.push(n);
      });
      entry = { id: feasibleByConstraints.size, nodes: Int32Array.from(ok), reasons };
      feasibleByConstraints.set(constraintKey, entry);
    }
    staticReasons[j] = entry.reasons;
    constraintsOf[j] = entry.id;
    return entry.nodes;
  });
  const shapeIds = new Map<string, number>();
  const shape = jobs.map((_job, j) => {
    const key = JSON.stringify([constraintsOf[j], cap.requests[j]]);
    let id = shapeIds.get(key);
    if (id === undefined) {
      id = shapeIds.size;
      shapeIds.set(key, id);
    }
    return id;
  });
  return { feasible, staticReasons, shape };
}

/** Why job `j`'s pods can never all run at once on the capacity left, or null when they can. */
function neverFitsReason(
  job: TimelineJob,
  j: number,
  nodes: readonly Node[],
  cap: Capacity,
  checks: StaticChecks,
): string | null {
  const { free, resources } = cap;
  const R = resources.length;
  const list = cap.requests[j] ?? [];
  let fits = 0;
  for (const n of checks.feasible[j] ?? []) {
    fits += podsThatFit(free, n * R, list);
    if (fits >= job.pods) return null;
  }
  if (fits > 0) {
    return `its ${job.pods} pods must run together but at most ${fits} fit at once on the capacity left for batch work`;
  }
  const perNode = nodes.map((_node, n) => {
    const reasons = checks.staticReasons[j]?.[n] ?? [];
    if (reasons.length > 0) return reasons;
    const freeHere: Record<string, number> = {};
    resources.forEach((r, i) => {
      freeHere[r] = free[n * R + i] as number;
    });
    return resourceReasons(job.pod, freeHere);
  });
  return fitErrorFromReasons(nodes, perNode);
}

/**
 * Remaining path (reverse topological order), earliest finish (topological order), and
 * whether each run completes under every ordering: its pods fit, everything it waits for
 * is guaranteed too, and its CronJob cannot skip or kill it (every run under Allow, the
 * first under Forbid, the last under Replace). Only guaranteed runs count towards the
 * lower bound.
 */
function pathFigures(
  runs: TimelineRun[],
  runsOfJob: readonly number[][],
  order: readonly number[],
  dependents: readonly number[][],
  neverFits: readonly (string | null)[],
): void {
  for (let i = order.length - 1; i >= 0; i--) {
    const run = runs[order[i] as number] as TimelineRun;
    let tail = 0;
    for (const next of dependents[run.id] ?? []) {
      const r = runs[next] as TimelineRun;
      if (r.blocked === null) tail = Math.max(tail, r.remaining);
    }
    run.remaining = run.duration + tail;
  }
  for (const id of order) {
    const run = runs[id] as TimelineRun;
    let begin = run.release;
    for (const d of run.deps) begin = Math.max(begin, (runs[d] as TimelineRun).earliestFinish);
    run.earliestFinish = begin + run.duration;
    const cron = run.job.cron;
    const runsOfThis = runsOfJob[run.job.index] ?? [];
    const keptByCron =
      !cron ||
      cron.concurrency === 'Allow' ||
      (cron.concurrency === 'Forbid' && runsOfThis[0] === id) ||
      (cron.concurrency === 'Replace' && runsOfThis[runsOfThis.length - 1] === id);
    run.guaranteed =
      keptByCron &&
      neverFits[run.job.index] === null &&
      run.deps.every((d) => (runs[d] as TimelineRun).guaranteed);
  }
}

/**
 * No ordering finishes before the longest chain of guaranteed runs, nor before the
 * guaranteed work of any resource spread over the whole cluster's free capacity.
 * Returns the bound and the run that ends the longest chain (-1: none).
 */
function lowerBoundOf(
  runs: readonly TimelineRun[],
  nodes: readonly Node[],
  cap: Capacity,
): { lowerBound: number; chainEnd: number } {
  const R = cap.resources.length;
  let chainBound = 0;
  let chainEnd = -1;
  const work = new Float64Array(R);
  for (const run of runs) {
    if (!run.guaranteed) continue;
    if (run.earliestFinish > chainBound) {
      chainBound = run.earliestFinish;
      chainEnd = run.id;
    }
    for (const { index, amount } of cap.requests[run.job.index] ?? []) {
      work[index] = (work[index] as number) + amount * run.job.pods * run.duration;
    }
  }
  let lowerBound = chainBound;
  for (let i = 0; i < R; i++) {
    if ((work[i] as number) === 0) continue;
    let total = 0;
    for (let n = 0; n < nodes.length; n++) total += cap.free[n * R + i] as number;
    if (total > 0) lowerBound = Math.max(lowerBound, (work[i] as number) / total);
  }
  return { lowerBound, chainEnd };
}

/** The chain of guaranteed runs that ends at `chainEnd`, first run first. */
function criticalPathTo(runs: readonly TimelineRun[], chainEnd: number): number[] {
  const criticalPath: number[] = [];
  for (let at = chainEnd; at !== -1; ) {
    const run = runs[at] as TimelineRun;
    criticalPath.push(at);
    const start = run.earliestFinish - run.duration;
    let previous = -1;
    // The dependency that made the run wait this long continues the chain.
    for (const d of run.deps) {
      const dep = runs[d] as TimelineRun;
      if (previous === -1 && dep.guaranteed && dep.earliestFinish === start) previous = d;
    }
    at = previous;
  }
  return criticalPath.reverse();
}

/** How many more pods with these requests a node takes, given what it has free. */
export function podsThatFit(
  free: Float64Array,
  offset: number,
  requests: readonly { index: number; amount: number }[],
): number {
  let count = Number.POSITIVE_INFINITY;
  for (const { index, amount } of requests) {
    const n = Math.floor((free[offset + index] as number) / amount);
    if (n < count) count = n;
    if (count <= 0) return 0;
  }
  return count;
}
