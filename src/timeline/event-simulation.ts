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
 *
 * Over ~400 lines because the event loop, the CronJob concurrency rules and the fit
 * search all read and change one state (TimelineSimulation); split, each file would
 * reach into the others' fields.
 */

import { formatDuration } from './duration.ts';
import { QuotaLedger } from './kueue.ts';
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

/** A job's pod request, resource by resource (indices into the problem's resources). */
type RequestList = readonly { index: number; amount: number }[];

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
  return new TimelineSimulation(problem, policy).run();
}

/** One simulation under one policy: the state of every run, the free capacity, and the events to come. */
class TimelineSimulation {
  private readonly problem: TimelineProblem;
  private readonly policy: TimelinePolicy;
  private readonly runs: readonly TimelineRun[];
  /** Resources per node in `free`. */
  private readonly R: number;
  /** Free capacity, node by node (`free[n * R + i]`), and summed over the cluster. */
  private readonly free: Float64Array;
  private readonly totalFree: Float64Array;
  /** Each run's position in the policy's order. */
  private readonly rank: Int32Array;
  /** FUTURE, WAITING, RUNNING, DONE, SKIPPED or REPLACED, per run. */
  private readonly state: Uint8Array;
  private readonly outcomes: RunOutcome[];
  private readonly releasedAt: Float64Array;
  /** The run a skipped or replaced run was merged into (-1: none), and the reverse. */
  private readonly mergedInto: Int32Array;
  private readonly mergedFrom: number[][];
  /**
   * Per CronJob: the run that is active (Forbid/Replace allow one), runs whose tick came
   * while it was (Forbid), and runs that were dropped and wait for a later run to stand for them.
   */
  private readonly active: Int32Array;
  private readonly pending: number[][];
  private readonly orphans: number[][];
  private readonly events = new EventQueue();
  /** Released, dependencies finished, not started; sorted by rank. */
  private readonly waitingList: number[] = [];
  private readonly inList: Uint8Array;
  /** Who to look at when a run finishes: its dependents, and those of the runs it stands for. */
  private readonly dependents: number[][];
  /**
   * Per shape, an upper bound on how many of its pods fit in the whole cluster, valid
   * as of `boundAt` in the log of nodes where capacity was freed. Starts only take
   * capacity away, so the bound stays true until a node in the log frees some; then
   * adding what those nodes fit now keeps it true. A run needing more pods than the
   * bound is turned away without scanning every node (the benchmark's hot path).
   */
  private readonly bound: Float64Array;
  private readonly boundAt: Int32Array;
  private readonly freedLog: number[] = [];
  private readonly masks: (Uint8Array | undefined)[];
  /**
   * Per shape, the position in its node list before which no node takes one more pod
   * (as of `cursorAt` in the freed log): first fit fills the front nodes, and without
   * this every start would walk past all of them again.
   */
  private readonly cursor: Int32Array;
  private readonly cursorAt: Int32Array;
  /** Kueue's quota in use, when the problem has quotas; and why each run was last refused admission. */
  private readonly ledger: QuotaLedger | undefined;
  private readonly refusedBy: (string | null)[];

  constructor(problem: TimelineProblem, policy: TimelinePolicy) {
    const { runs, jobs, resources, shape } = problem;
    this.problem = problem;
    this.policy = policy;
    this.runs = runs;
    const R = resources.length;
    this.R = R;
    this.free = Float64Array.from(problem.free);
    this.totalFree = new Float64Array(R);
    for (let n = 0; n < problem.nodes.length; n++) {
      for (let i = 0; i < R; i++)
        this.totalFree[i] = (this.totalFree[i] as number) + (this.free[n * R + i] as number);
    }
    this.rank = new Int32Array(runs.length);
    policyOrder(runs, policy).forEach((id, position) => {
      this.rank[id] = position;
    });
    this.state = new Uint8Array(runs.length);
    this.outcomes = runs.map((r) => ({
      start: null,
      finish: null,
      status: 'not-started',
      reason: r.blocked,
      placement: [],
      standsFor: r.id,
    }));
    this.releasedAt = new Float64Array(runs.length);
    this.mergedInto = new Int32Array(runs.length).fill(-1);
    this.mergedFrom = runs.map(() => []);
    this.active = new Int32Array(jobs.length).fill(-1);
    this.pending = jobs.map(() => []);
    this.orphans = jobs.map(() => []);
    for (const run of runs) if (run.blocked === null) this.events.push(run.release, RELEASE_EVENT, run.id);
    this.inList = new Uint8Array(runs.length);
    this.dependents = runs.map(() => []);
    for (const run of runs) for (const d of run.deps) this.dependents[d]?.push(run.id);
    const shapeCount = shape.reduce((m, v) => Math.max(m, v + 1), 0);
    this.bound = new Float64Array(shapeCount).fill(Number.POSITIVE_INFINITY);
    this.boundAt = new Int32Array(shapeCount);
    this.masks = new Array(shapeCount);
    this.cursor = new Int32Array(shapeCount);
    this.cursorAt = new Int32Array(shapeCount);
    this.ledger = problem.admission ? new QuotaLedger(problem.admission) : undefined;
    this.refusedBy = runs.map(() => null);
  }

  run(): SimulationOutcome {
    while (this.events.size > 0) this.instant(this.events.peekTime());
    this.explain();
    return this.summary();
  }

  /** Every event at `now` (finishes first, then releases), then the starts they allow. */
  private instant(now: number): void {
    const { events, state, rank, waitingList, inList } = this;
    let freed = false;
    const fresh: number[] = [];
    while (events.size > 0 && events.peekTime() === now) {
      const event = events.pop();
      const id = event >> 1;
      if ((event & 1) === FINISH_EVENT) {
        if (state[id] !== RUNNING) continue; // killed by a Replace before it finished
        this.finish(id, now, fresh);
        freed = true;
      } else if (this.tick(id, now, fresh)) {
        freed = true;
      }
    }

    // Capacity only grew if something finished or was killed; otherwise only the runs
    // released now can start (the others did not fit before and fit no better now).
    const candidates = freed
      ? waitingList.slice()
      : fresh.sort((a, b) => (rank[a] as number) - (rank[b] as number));
    let started = false;
    for (const id of candidates) {
      if (state[id] !== WAITING) continue;
      const run = this.runs[id] as TimelineRun;
      if (!this.depsDone(run)) continue;
      if (this.tryStart(run, now)) {
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

  /** A run finished: its capacity is freed, its dependents may be ready, and a CronJob may create a missed run. */
  private finish(id: number, now: number, fresh: number[]): void {
    const { state, runs, outcomes, active, pending } = this;
    const run = runs[id] as TimelineRun;
    const outcome = outcomes[id] as RunOutcome;
    state[id] = DONE;
    outcome.finish = now;
    outcome.status = 'completed';
    this.freeUp(id);
    this.wakeDependents(id);
    const job = run.job.index;
    const cron = run.job.cron;
    if (!cron || active[job] !== id) return;
    active[job] = -1;
    const missedTicks = pending[job] ?? [];
    pending[job] = [];
    const latest = missedTicks[missedTicks.length - 1];
    if (latest === undefined) return;
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
        (this.orphans[job] as number[]).push(m);
      } else {
        this.merge(m, latest);
        o.reason = `not created: an earlier run was still active at its scheduled time (concurrencyPolicy Forbid); run #${runs[latest]?.run} was created in its place`;
      }
    }
    if (!late) {
      (outcomes[latest] as RunOutcome).reason =
        `created late, when run #${runs[id]?.run} finished (concurrencyPolicy Forbid)`;
      this.release(latest, now, fresh);
    }
  }

  /**
   * A run's release time (or CronJob tick) came. Under Forbid it waits while another run
   * of its CronJob is active; under Replace that run is killed. Returns true when killing
   * a running run freed capacity.
   */
  private tick(id: number, now: number, fresh: number[]): boolean {
    const { state, runs, outcomes, active } = this;
    const run = runs[id] as TimelineRun;
    const job = run.job.index;
    const cron = run.job.cron;
    let freed = false;
    if (cron && cron.concurrency !== 'Allow' && active[job] !== -1) {
      const current = active[job] as number;
      if (cron.concurrency === 'Forbid') {
        this.pending[job]?.push(id);
        return false;
      }
      // Replace: the controller deletes the active Job and creates the new one.
      const o = outcomes[current] as RunOutcome;
      if (state[current] === RUNNING) {
        this.freeUp(current);
        freed = true;
        o.finish = now;
      } else {
        this.removeWaiting(current);
      }
      state[current] = REPLACED;
      o.status = 'replaced';
      o.reason = `killed at the scheduled time of run #${run.run}, which replaced it (concurrencyPolicy Replace)`;
      this.merge(current, id);
    }
    this.release(id, now, fresh);
    return freed;
  }

  private release(id: number, now: number, fresh: number[]): void {
    const run = this.runs[id] as TimelineRun;
    this.state[id] = WAITING;
    this.releasedAt[id] = now;
    const job = run.job.index;
    if (run.job.cron) {
      this.active[job] = id;
      for (const o of this.orphans[job] ?? []) this.merge(o, id);
      this.orphans[job] = [];
    }
    if (this.depsDone(run)) {
      this.insertWaiting(id);
      fresh.push(id);
    }
  }

  /** A run finished: dependents whose last dependency it was become ready. */
  private wakeDependents(finished: number): void {
    const { state, inList, runs } = this;
    const stack = [finished];
    while (stack.length > 0) {
      const at = stack.pop() as number;
      for (const next of this.dependents[at] ?? []) {
        if (state[next] === WAITING && !inList[next] && this.depsDone(runs[next] as TimelineRun))
          this.insertWaiting(next);
      }
      for (const m of this.mergedFrom[at] ?? []) stack.push(m);
    }
  }

  private merge(from: number, into: number): void {
    this.mergedInto[from] = into;
    this.mergedFrom[into]?.push(from);
  }

  /** The run that stands for `id` (itself unless it was merged into a later one). */
  private resolve(id: number): number {
    let at = id;
    while ((this.mergedInto[at] as number) !== -1) at = this.mergedInto[at] as number;
    return at;
  }

  private depsDone(run: TimelineRun): boolean {
    for (const d of run.deps) if (this.state[this.resolve(d)] !== DONE) return false;
    return true;
  }

  private insertWaiting(id: number): void {
    const { rank, waitingList } = this;
    const key = rank[id] as number;
    let lo = 0;
    let hi = waitingList.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((rank[waitingList[mid] as number] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    waitingList.splice(lo, 0, id);
    this.inList[id] = 1;
  }

  private removeWaiting(id: number): void {
    const at = this.waitingList.indexOf(id);
    if (at !== -1) this.waitingList.splice(at, 1);
    this.inList[id] = 0;
  }

  private freeUp(id: number): void {
    const { free, totalFree, R } = this;
    this.ledger?.charge((this.runs[id] as TimelineRun).job.index, -1);
    const list = this.problem.requests[(this.runs[id] as TimelineRun).job.index] ?? [];
    for (const [n, count] of this.outcomes[id]?.placement ?? []) {
      this.freedLog.push(n);
      for (const { index, amount } of list) {
        free[n * R + index] = (free[n * R + index] as number) + amount * count;
        totalFree[index] = (totalFree[index] as number) + amount * count;
      }
    }
  }

  private maskOf(j: number): Uint8Array {
    const s = this.problem.shape[j] as number;
    let mask = this.masks[s];
    if (!mask) {
      mask = new Uint8Array(this.problem.nodes.length);
      for (const n of this.problem.feasible[j] ?? []) mask[n] = 1;
      this.masks[s] = mask;
    }
    return mask;
  }

  /** Starts the run when all its pods fit at once (first fit over its feasible nodes). */
  private tryStart(run: TimelineRun, now: number): boolean {
    const j = run.job.index;
    if (this.problem.neverFits[j] !== null) return false;
    // Kueue admits a workload whole, and only within its ClusterQueue's quota; quota in use
    // changes only when a run starts or finishes, like capacity.
    const refused = this.ledger?.refuses(j) ?? null;
    if (refused !== null) {
      this.refusedBy[run.id] = refused;
      return false;
    }
    const list = this.problem.requests[j] ?? [];
    const need = run.job.pods;
    for (const { index, amount } of list) {
      if (amount * need > (this.totalFree[index] as number)) return false;
    }
    if (!this.boundAllows(j, list, need)) return false;
    const from = this.firstWithRoom(j, list, need);
    if (from < 0) return false;
    this.take(run, list, from, now);
    return true;
  }

  /** False when the shape's bound (brought up to date with the freed log) says `need` pods cannot fit. */
  private boundAllows(j: number, list: RequestList, need: number): boolean {
    const s = this.problem.shape[j] as number;
    const { bound, boundAt, freedLog } = this;
    if (bound[s] === Number.POSITIVE_INFINITY) return true;
    const mask = this.maskOf(j);
    let b = bound[s] as number;
    for (let i = boundAt[s] as number; i < freedLog.length; i++) {
      const n = freedLog[i] as number;
      if (mask[n]) b += podsThatFit(this.free, n * this.R, list);
    }
    bound[s] = b;
    boundAt[s] = freedLog.length;
    return b >= need;
  }

  /**
   * Where first fit starts in the shape's node list, with the cursor moved back to any
   * node freed since; -1 (and the bound lowered to what fits) when `need` pods do not fit.
   */
  private firstWithRoom(j: number, list: RequestList, need: number): number {
    const s = this.problem.shape[j] as number;
    const { cursor, cursorAt, freedLog } = this;
    const nodesOk = this.problem.feasible[j] ?? new Int32Array(0);
    const mask = this.maskOf(j);
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
    let first = -1;
    for (let i = from; i < nodesOk.length; i++) {
      const fits = podsThatFit(this.free, (nodesOk[i] as number) * this.R, list);
      if (fits > 0 && first === -1) first = i;
      total += fits;
      if (total >= need) break;
    }
    cursor[s] = first === -1 ? nodesOk.length : first;
    if (total < need) {
      this.bound[s] = total;
      this.boundAt[s] = freedLog.length;
      return -1;
    }
    return cursor[s] as number;
  }

  /** Places the run's pods first fit from position `from`, takes their capacity and schedules its finish. */
  private take(run: TimelineRun, list: RequestList, from: number, now: number): void {
    const { free, totalFree, R } = this;
    const nodesOk = this.problem.feasible[run.job.index] ?? new Int32Array(0);
    const need = run.job.pods;
    const placement: [number, number][] = [];
    let placed = 0;
    for (let i = from; i < nodesOk.length; i++) {
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
    const outcome = this.outcomes[run.id] as RunOutcome;
    outcome.placement = placement;
    this.ledger?.charge(run.job.index, 1);
    outcome.start = now;
    this.state[run.id] = RUNNING;
    this.events.push(now + run.duration, FINISH_EVENT, run.id);
  }

  /** What never happened, and why. */
  private explain(): void {
    const { runs, outcomes, state } = this;
    for (const run of runs) {
      const outcome = outcomes[run.id] as RunOutcome;
      if (state[run.id] === FUTURE && run.blocked === null) {
        outcome.status = 'skipped';
        outcome.reason =
          'not created: an earlier run of its CronJob never finished (concurrencyPolicy Forbid)';
      } else if (state[run.id] === WAITING) {
        const stuck = run.deps.find((d) => state[this.resolve(d)] !== DONE);
        const never = this.ledger?.neverAdmits(run.job.index) ?? null;
        const refused = this.refusedBy[run.id];
        outcome.reason =
          stuck !== undefined
            ? `waits for ${runs[stuck]?.key}, which never finished`
            : (this.problem.neverFits[run.job.index] ??
              (never !== null
                ? `Kueue never admits it: ${never}`
                : refused
                  ? `not admitted by Kueue: ${refused}`
                  : 'its pods never fit'));
      } else if (outcome.start !== null && outcome.reason === null) {
        // Ready before it started: it waited for capacity, which the report should say.
        let readyAt = this.releasedAt[run.id] as number;
        for (const d of run.deps) readyAt = Math.max(readyAt, outcomes[this.resolve(d)]?.finish ?? 0);
        if (outcome.start > readyAt)
          outcome.reason = `waited ${formatDuration(outcome.start - readyAt)} for capacity`;
      }
    }
  }

  private summary(): SimulationOutcome {
    const { runs, outcomes, state } = this;
    let makespan = 0;
    let missed = 0;
    for (const run of runs) {
      const outcome = outcomes[run.id] as RunOutcome;
      if (outcome.finish !== null) makespan = Math.max(makespan, outcome.finish);
      outcome.standsFor = this.resolve(run.id);
      if (run.deadline !== null) {
        const done = outcomes[outcome.standsFor] as RunOutcome;
        const finish = state[outcome.standsFor] === DONE ? done.finish : null;
        if (finish === null || finish > run.deadline) missed++;
      }
    }
    return { policy: this.policy, outcomes, makespan, missed };
  }
}
