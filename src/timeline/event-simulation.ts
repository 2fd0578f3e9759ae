/**
 * The discrete-event simulation. Time moves from event to event (a release, a CronJob
 * tick, a finish). At each instant finishes come first, then releases; then the ready
 * runs (released, dependencies finished) are taken in policy order and each starts if
 * all its pods fit at once. A run that does not fit does not hold the others back, as
 * kube-scheduler lets a lower-priority pod through when a higher one does not fit.
 * Nothing is preempted: a started run holds its pods until it finishes.
 *
 * Fit checks are the hot loop. Capacity only shrinks between two finishes, so a run
 * that did not fit is retried only after something finished; within one instant, a
 * run whose shape (nodes and requests) already failed with no more pods is not retried.
 */

import { formatDuration } from './duration.ts';
import { podsThatFit, type TimelineProblem, type TimelineRun } from './problem.ts';
import type { TimelineJobStatus, TimelinePolicy } from './types.ts';

export interface RunOutcome {
  start: number | null;
  finish: number | null;
  status: TimelineJobStatus;
  reason: string | null;
  /** (node index, pods) pairs while it runs. */
  placement: [number, number][];
  /** The run whose completion stands for this one (itself unless skipped or replaced). */
  standsFor: number;
}

export interface SimulationOutcome {
  policy: TimelinePolicy;
  outcomes: RunOutcome[];
  makespan: number;
  missed: number;
}

const FUTURE = 0;
const WAITING = 1;
const RUNNING = 2;
const DONE = 3;
const SKIPPED = 4;
const REPLACED = 5;

const FINISH_EVENT = 0;
const RELEASE_EVENT = 1;

/** Runs in the policy's order of preference; ties end in FIFO order. */
export function policyOrder(runs: readonly TimelineRun[], policy: TimelinePolicy): number[] {
  const ids = runs.map((r) => r.id);
  const deadline = (r: TimelineRun) => r.deadline ?? Number.POSITIVE_INFINITY;
  if (policy === 'edf') {
    ids.sort((a, b) => {
      const ra = runs[a] as TimelineRun;
      const rb = runs[b] as TimelineRun;
      return deadline(ra) - deadline(rb) || rb.remaining - ra.remaining || a - b;
    });
  } else if (policy === 'critical-path') {
    ids.sort((a, b) => {
      const ra = runs[a] as TimelineRun;
      const rb = runs[b] as TimelineRun;
      return rb.remaining - ra.remaining || deadline(ra) - deadline(rb) || a - b;
    });
  }
  // Infinity - Infinity is NaN, which sort treats as equal: the next key decides.
  return ids;
}

/** A binary min-heap of (time, kind, run) events packed into parallel arrays. */
class EventQueue {
  private times: number[] = [];
  private keys: number[] = [];
  get size(): number {
    return this.times.length;
  }
  peekTime(): number {
    return this.times[0] as number;
  }
  push(time: number, kind: number, run: number): void {
    const key = run * 2 + kind;
    this.times.push(time);
    this.keys.push(key);
    let i = this.times.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** Pops the earliest event as `run * 2 + kind`. */
  pop(): number {
    const top = this.keys[0] as number;
    const lastTime = this.times.pop() as number;
    const lastKey = this.keys.pop() as number;
    if (this.times.length > 0) {
      this.times[0] = lastTime;
      this.keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.times.length && this.less(l, m)) m = l;
        if (r < this.times.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
  private less(a: number, b: number): boolean {
    const ta = this.times[a] as number;
    const tb = this.times[b] as number;
    if (ta !== tb) return ta < tb;
    const ka = this.keys[a] as number;
    const kb = this.keys[b] as number;
    // Finishes before releases at the same instant, then by run.
    const kindA = ka & 1;
    const kindB = kb & 1;
    if (kindA !== kindB) return kindA < kindB;
    return ka < kb;
  }
  private swap(a: number, b: number): void {
    const t = this.times[a] as number;
    this.times[a] = this.times[b] as number;
    this.times[b] = t;
    const k = this.keys[a] as number;
    this.keys[a] = this.keys[b] as number;
    this.keys[b] = k;
  }
}

export function simulateTimeline(problem: TimelineProblem, policy: TimelinePolicy): SimulationOutcome {
  const { runs, jobs, resources, requests, feasible, shape, neverFits } = problem;
  const R = resources.length;
  const free = Float64Array.from(problem.free);
  const totalFree = new Float64Array(R);
  for (let n = 0; n < problem.nodes.length; n++) {
    for (let i = 0; i < R; i++) totalFree[i] = (totalFree[i] as number) + (free[n * R + i] as number);
  }

  const order = policyOrder(runs, policy);
  const rank = new Int32Array(runs.length);
  order.forEach((id, position) => {
    rank[id] = position;
  });

  const state = new Uint8Array(runs.length);
  const mergedInto = new Int32Array(runs.length).fill(-1);
  const outcomes: RunOutcome[] = runs.map((r) => ({
    start: null,
    finish: null,
    status: 'not-started',
    reason: r.blocked,
    placement: [],
    standsFor: r.id,
  }));

  // Per CronJob: the run that is active (Forbid/Replace allow one), runs whose tick came
  // while it was (Forbid), and runs that were dropped and wait for a later run to stand for them.
  const active = new Int32Array(jobs.length).fill(-1);
  const pending: number[][] = jobs.map(() => []);
  const orphans: number[][] = jobs.map(() => []);

  const events = new EventQueue();
  for (const run of runs) if (run.blocked === null) events.push(run.release, RELEASE_EVENT, run.id);

  /** Released, dependencies finished, not started; sorted by rank. */
  const waitingList: number[] = [];
  const inList = new Uint8Array(runs.length);
  // Who to look at when a run finishes: its dependents, and those of the runs it stands for.
  const dependents: number[][] = runs.map(() => []);
  for (const run of runs) for (const d of run.deps) dependents[d]?.push(run.id);
  const mergedFrom: number[][] = runs.map(() => []);
  const merge = (from: number, into: number) => {
    mergedInto[from] = into;
    mergedFrom[into]?.push(from);
  };
  const insertWaiting = (id: number) => {
    const key = rank[id] as number;
    let lo = 0;
    let hi = waitingList.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((rank[waitingList[mid] as number] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    waitingList.splice(lo, 0, id);
    inList[id] = 1;
  };
  const removeWaiting = (id: number) => {
    const at = waitingList.indexOf(id);
    if (at !== -1) waitingList.splice(at, 1);
    inList[id] = 0;
  };

  const resolve = (id: number): number => {
    let at = id;
    while ((mergedInto[at] as number) !== -1) at = mergedInto[at] as number;
    return at;
  };
  const depsDone = (run: TimelineRun): boolean => {
    for (const d of run.deps) if (state[resolve(d)] !== DONE) return false;
    return true;
  };

  const freeUp = (id: number) => {
    const list = requests[(runs[id] as TimelineRun).job.index] ?? [];
    for (const [n, count] of outcomes[id]?.placement ?? []) {
      freedLog.push(n);
      for (const { index, amount } of list) {
        free[n * R + index] = (free[n * R + index] as number) + amount * count;
        totalFree[index] = (totalFree[index] as number) + amount * count;
      }
    }
  };

  const releasedAt = new Float64Array(runs.length);
  const release = (id: number, now: number, fresh: number[]) => {
    state[id] = WAITING;
    releasedAt[id] = now;
    const job = (runs[id] as TimelineRun).job.index;
    if ((runs[id] as TimelineRun).job.cron) {
      active[job] = id;
      for (const o of orphans[job] ?? []) merge(o, id);
      orphans[job] = [];
    }
    if (depsDone(runs[id] as TimelineRun)) {
      insertWaiting(id);
      fresh.push(id);
    }
  };

  /** A run finished: dependents whose last dependency it was become ready. */
  const wakeDependents = (finished: number) => {
    const stack = [finished];
    while (stack.length > 0) {
      const at = stack.pop() as number;
      for (const next of dependents[at] ?? []) {
        if (state[next] === WAITING && !inList[next] && depsDone(runs[next] as TimelineRun))
          insertWaiting(next);
      }
      for (const m of mergedFrom[at] ?? []) stack.push(m);
    }
  };

  // Per shape, an upper bound on how many of its pods fit in the whole cluster, valid
  // as of `boundAt` in the log of nodes where capacity was freed. Starts only take
  // capacity away, so the bound stays true until a node in the log frees some; then
  // adding what those nodes fit now keeps it true. A run needing more pods than the
  // bound is turned away without scanning every node (the benchmark's hot path).
  const shapeCount = shape.reduce((m, v) => Math.max(m, v + 1), 0);
  const bound = new Float64Array(shapeCount).fill(Number.POSITIVE_INFINITY);
  const boundAt = new Int32Array(shapeCount);
  const freedLog: number[] = [];
  const masks: (Uint8Array | undefined)[] = new Array(shapeCount);
  // Per shape, the position in its node list before which no node takes one more pod
  // (as of `cursorAt` in the freed log): first fit fills the front nodes, and without
  // this every start would walk past all of them again.
  const cursor = new Int32Array(shapeCount);
  const cursorAt = new Int32Array(shapeCount);
  const maskOf = (j: number): Uint8Array => {
    const s = shape[j] as number;
    let mask = masks[s];
    if (!mask) {
      mask = new Uint8Array(problem.nodes.length);
      for (const n of feasible[j] ?? []) mask[n] = 1;
      masks[s] = mask;
    }
    return mask;
  };

  const tryStart = (run: TimelineRun, now: number): boolean => {
    const j = run.job.index;
    if (neverFits[j] !== null) return false;
    const s = shape[j] as number;
    const list = requests[j] ?? [];
    const need = run.job.pods;
    for (const { index, amount } of list) {
      if (amount * need > (totalFree[index] as number)) return false;
    }
    if (bound[s] !== Number.POSITIVE_INFINITY) {
      const mask = maskOf(j);
      let b = bound[s] as number;
      for (let i = boundAt[s] as number; i < freedLog.length; i++) {
        const n = freedLog[i] as number;
        if (mask[n]) b += podsThatFit(free, n * R, list);
      }
      bound[s] = b;
      boundAt[s] = freedLog.length;
      if (b < need) return false;
    }
    const nodesOk = feasible[j] ?? new Int32Array(0);
    const mask = maskOf(j);
    let from = cursor[s] as number;
    for (let i = cursorAt[s] as number; i < freedLog.length; i++) {
      const n = freedLog[i] as number;
      if (!mask[n] || from === 0 || n >= (nodesOk[from] ?? Number.POSITIVE_INFINITY)) continue;
      // nodesOk is sorted: move the cursor back to the freed node.
      let lo = 0;
      let hi = from;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((nodesOk[mid] as number) < n) lo = mid + 1;
        else hi = mid;
      }
      from = lo;
    }
    cursorAt[s] = freedLog.length;
    let total = 0;
    let firstWithRoom = -1;
    for (let i = from; i < nodesOk.length; i++) {
      const fits = podsThatFit(free, (nodesOk[i] as number) * R, list);
      if (fits > 0 && firstWithRoom === -1) firstWithRoom = i;
      total += fits;
      if (total >= need) break;
    }
    cursor[s] = firstWithRoom === -1 ? nodesOk.length : firstWithRoom;
    if (total < need) {
      bound[s] = total;
      boundAt[s] = freedLog.length;
      return false;
    }
    const placement: [number, number][] = [];
    let placed = 0;
    for (let i = cursor[s] as number; i < nodesOk.length; i++) {
      const n = nodesOk[i] as number;
      const fits = podsThatFit(free, n * R, list);
      if (fits <= 0) continue;
      const take = Math.min(fits, need - placed);
      placement.push([n, take]);
      placed += take;
      if (placed === need) break;
    }
    for (const [n, count] of placement) {
      for (const { index, amount } of list) {
        free[n * R + index] = (free[n * R + index] as number) - amount * count;
        totalFree[index] = (totalFree[index] as number) - amount * count;
      }
    }
    const outcome = outcomes[run.id] as RunOutcome;
    outcome.placement = placement;
    outcome.start = now;
    state[run.id] = RUNNING;
    events.push(now + run.duration, FINISH_EVENT, run.id);
    return true;
  };

  while (events.size > 0) {
    const now = events.peekTime();
    let freed = false;
    const fresh: number[] = [];
    while (events.size > 0 && events.peekTime() === now) {
      const event = events.pop();
      const id = event >> 1;
      const kind = event & 1;
      const run = runs[id] as TimelineRun;
      const outcome = outcomes[id] as RunOutcome;
      const job = run.job.index;
      const cron = run.job.cron;
      if (kind === FINISH_EVENT) {
        if (state[id] !== RUNNING) continue; // killed by a Replace before it finished
        state[id] = DONE;
        outcome.finish = now;
        outcome.status = 'completed';
        freeUp(id);
        freed = true;
        wakeDependents(id);
        if (cron && active[job] === id) {
          active[job] = -1;
          const missedTicks = pending[job] ?? [];
          pending[job] = [];
          const latest = missedTicks[missedTicks.length - 1];
          if (latest !== undefined) {
            // The controller creates the most recent missed run once the active one ends,
            // unless startingDeadlineSeconds has passed for it.
            const late =
              cron.startingDeadlineMs !== null &&
              (runs[latest] as TimelineRun).release + cron.startingDeadlineMs < now;
            for (const m of missedTicks) {
              if (m === latest && !late) continue;
              state[m] = SKIPPED;
              const o = outcomes[m] as RunOutcome;
              o.status = 'skipped';
              if (late) {
                o.reason = `not created: run #${runs[id]?.run} was still active at its scheduled time and startingDeadlineSeconds had passed when it finished (concurrencyPolicy Forbid)`;
                (orphans[job] as number[]).push(m);
              } else {
                merge(m, latest);
                o.reason = `not created: an earlier run was still active at its scheduled time (concurrencyPolicy Forbid); run #${runs[latest]?.run} was created in its place`;
              }
            }
            if (!late) {
              (outcomes[latest] as RunOutcome).reason =
                `created late, when run #${runs[id]?.run} finished (concurrencyPolicy Forbid)`;
              release(latest, now, fresh);
            }
          }
        }
        continue;
      }
      // Release (or CronJob tick).
      if (cron && cron.concurrency !== 'Allow' && active[job] !== -1) {
        const current = active[job] as number;
        if (cron.concurrency === 'Forbid') {
          pending[job]?.push(id);
          continue;
        }
        // Replace: the controller deletes the active Job and creates the new one.
        const o = outcomes[current] as RunOutcome;
        if (state[current] === RUNNING) {
          freeUp(current);
          freed = true;
          o.finish = now;
        } else {
          removeWaiting(current);
        }
        state[current] = REPLACED;
        o.status = 'replaced';
        o.reason = `killed at the scheduled time of run #${run.run}, which replaced it (concurrencyPolicy Replace)`;
        merge(current, id);
      }
      release(id, now, fresh);
    }

    // Capacity only grew if something finished or was killed; otherwise only the runs
    // released now can start (the others did not fit before and fit no better now).
    const candidates = freed
      ? waitingList.slice()
      : fresh.sort((a, b) => (rank[a] as number) - (rank[b] as number));
    let started = false;
    for (const id of candidates) {
      if (state[id] !== WAITING) continue;
      const run = runs[id] as TimelineRun;
      if (!depsDone(run)) continue;
      if (tryStart(run, now)) {
        inList[id] = 0;
        started = true;
      }
    }
    if (started) {
      // Drop the runs that started, keeping rank order, in one sweep.
      let kept = 0;
      for (const id of waitingList) if (inList[id]) waitingList[kept++] = id;
      waitingList.length = kept;
    }
  }

  // What never happened, and why.
  for (const run of runs) {
    const outcome = outcomes[run.id] as RunOutcome;
    if (state[run.id] === FUTURE && run.blocked === null) {
      outcome.status = 'skipped';
      outcome.reason = 'not created: an earlier run of its CronJob never finished (concurrencyPolicy Forbid)';
    } else if (state[run.id] === WAITING) {
      const stuck = run.deps.find((d) => state[resolve(d)] !== DONE);
      outcome.reason =
        stuck !== undefined
          ? `waits for ${runs[stuck]?.key}, which never finished`
          : (neverFits[run.job.index] ?? 'its pods never fit');
    } else if (outcome.start !== null && outcome.reason === null) {
      // Ready before it started: it waited for capacity, which the report should say.
      let readyAt = releasedAt[run.id] as number;
      for (const d of run.deps) readyAt = Math.max(readyAt, outcomes[resolve(d)]?.finish ?? 0);
      if (outcome.start > readyAt)
        outcome.reason = `waited ${formatDuration(outcome.start - readyAt)} for capacity`;
    }
  }

  let makespan = 0;
  let missed = 0;
  for (const run of runs) {
    const outcome = outcomes[run.id] as RunOutcome;
    if (outcome.finish !== null) makespan = Math.max(makespan, outcome.finish);
    outcome.standsFor = resolve(run.id);
    if (run.deadline !== null) {
      const done = outcomes[outcome.standsFor] as RunOutcome;
      const finish = state[outcome.standsFor] === DONE ? done.finish : null;
      if (finish === null || finish > run.deadline) missed++;
    }
  }
  return { policy, outcomes, makespan, missed };
}
