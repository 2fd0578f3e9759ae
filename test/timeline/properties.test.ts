import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, ResourceList } from '../../src/model/types.ts';
import { type SimulationOutcome, simulateTimeline } from '../../src/timeline/event-simulation.ts';
import { bareCluster, schedulerFitter } from '../../src/timeline/filter-fitter.ts';
import { readTimelineJobs } from '../../src/timeline/jobs.ts';
import { buildProblem, podsThatFit, type TimelineProblem } from '../../src/timeline/problem.ts';
import { TIMELINE_POLICIES } from '../../src/timeline/types.ts';
import { type BatchBuilder, cronJob, input, job, node, START } from './builders.ts';

const GI = 2 ** 30;

const nodeArb = fc.record({
  cpu: fc.integer({ min: 2, max: 16 }).map((n) => n * 500),
  memory: fc.integer({ min: 2, max: 16 }).map((n) => n * GI),
  pods: fc.integer({ min: 1, max: 8 }),
  tainted: fc.boolean(),
  usedCpu: fc.integer({ min: 0, max: 4 }).map((n) => n * 250),
});

const jobArb = fc.record({
  minutes: fc.integer({ min: 1, max: 240 }),
  extraMs: fc.constantFrom(0, 0, 0, 250),
  cpu: fc.integer({ min: 1, max: 16 }).map((n) => n * 250),
  memory: fc.integer({ min: 1, max: 16 }).map((n) => (n * GI) / 2),
  parallelism: fc.integer({ min: 1, max: 4 }),
  deadlineMinutes: fc.option(fc.integer({ min: 10, max: 900 }), { nil: undefined }),
  tolerates: fc.boolean(),
  deps: fc.array(fc.nat(), { maxLength: 3 }),
  cron: fc.option(
    fc.record({
      minute: fc.integer({ min: 0, max: 59 }),
      everyHours: fc.constantFrom(1, 2, 3, 6),
      policy: fc.constantFrom('Allow', 'Forbid', 'Replace'),
    }),
    { nil: undefined },
  ),
});

const instanceArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 5 }),
  jobs: fc.array(jobArb, { minLength: 1, maxLength: 14 }),
});

type Instance = typeof instanceArb extends fc.Arbitrary<infer I> ? I : never;

function build(instance: Instance): TimelineProblem {
  const nodes: Node[] = [];
  const used: Record<string, ResourceList> = {};
  instance.nodes.forEach((n, i) => {
    const b = node(`n${i}`).cpu(n.cpu).allocatable({ memory: n.memory, pods: n.pods });
    if (n.tainted) b.taint({ key: 'dedicated', value: 'batch', effect: 'NoSchedule' });
    nodes.push(b.obj());
    used[`n${i}`] = { cpu: n.usedCpu, pods: n.usedCpu > 0 ? 1 : 0 };
  });
  const builders: BatchBuilder[] = instance.jobs.map((j, i) => {
    const b = j.cron
      ? cronJob(`j${i}`).schedule(`${j.cron.minute} */${j.cron.everyHours} * * *`, {
          concurrencyPolicy: j.cron.policy,
        })
      : job(`j${i}`);
    b.duration(`${j.minutes}m${j.extraMs ? `${j.extraMs}ms` : ''}`)
      .requests({ cpu: j.cpu, memory: j.memory })
      .parallelism(j.parallelism);
    if (j.deadlineMinutes !== undefined) b.deadline(`${j.deadlineMinutes}m`);
    if (j.tolerates) b.tolerate({ key: 'dedicated', operator: 'Exists' });
    // Only earlier jobs, so the graph has no cycles.
    const deps = i === 0 ? [] : [...new Set(j.deps.map((d) => `j${d % i}`))];
    if (deps.length > 0) b.after(deps.join(','));
    return b;
  });
  const fixture = input(builders, nodes, used);
  const read = readTimelineJobs(fixture.objects, fixture.workloads);
  return buildProblem(read.jobs, nodes, used, {
    startMs: START.getTime(),
    horizonMs: 12 * 3_600_000,
    fitter: schedulerFitter(bareCluster(nodes)),
  }).problem;
}

/** Free capacity at instant t after every start and finish at t: nodes x resources. */
function freeAt(problem: TimelineProblem, result: SimulationOutcome, t: number): Float64Array {
  const R = problem.resources.length;
  const free = Float64Array.from(problem.free);
  result.outcomes.forEach((o, id) => {
    if (o.start === null || o.start > t) return;
    if (o.finish !== null && o.finish <= t) return;
    const requests = problem.requests[problem.runs[id]?.job.index ?? 0] ?? [];
    for (const [n, count] of o.placement) {
      for (const { index, amount } of requests)
        free[n * R + index] = (free[n * R + index] as number) - amount * count;
    }
  });
  return free;
}

function instants(problem: TimelineProblem, result: SimulationOutcome): number[] {
  const set = new Set<number>();
  for (const run of problem.runs) set.add(run.release);
  for (const o of result.outcomes) {
    if (o.start !== null) set.add(o.start);
    if (o.finish !== null) set.add(o.finish);
  }
  return [...set].sort((a, b) => a - b);
}

const property = (check: (problem: TimelineProblem, result: SimulationOutcome) => void) =>
  fc.assert(
    fc.property(instanceArb, fc.constantFrom(...TIMELINE_POLICIES), (instance, policy) => {
      const problem = build(instance);
      check(problem, simulateTimeline(problem, policy));
    }),
    { numRuns: 120 },
  );

// Each property simulates over a hundred random instances; that takes a few seconds.
const SLOW = 30_000;

describe('simulation properties over random instances', () => {
  it(
    'dependencies are always respected',
    () => {
      property((problem, result) => {
        problem.runs.forEach((run, id) => {
          const start = result.outcomes[id]?.start;
          if (start == null) return;
          for (const d of run.deps) {
            const dep = result.outcomes[result.outcomes[d]?.standsFor ?? d];
            expect(dep?.status).toBe('completed');
            expect(dep?.finish ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(start);
          }
        });
      });
    },
    SLOW,
  );

  it(
    'capacity is never exceeded at any instant on any node',
    () => {
      property((problem, result) => {
        for (const t of instants(problem, result)) {
          const free = freeAt(problem, result, t);
          for (const value of free) expect(value).toBeGreaterThanOrEqual(0);
        }
        // Every pod of a started run is placed on a node that passes the static checks.
        problem.runs.forEach((run, id) => {
          const o = result.outcomes[id];
          if (!o || o.start === null) return;
          expect(o.placement.reduce((sum, [, count]) => sum + count, 0)).toBe(run.job.pods);
          const feasible = new Set(problem.feasible[run.job.index]);
          for (const [n] of o.placement) expect(feasible.has(n)).toBe(true);
        });
      });
    },
    SLOW,
  );

  it(
    'never leaves a ready job waiting while it fits',
    () => {
      property((problem, result) => {
        const R = problem.resources.length;
        for (const t of instants(problem, result)) {
          const free = freeAt(problem, result, t);
          problem.runs.forEach((run, id) => {
            const o = result.outcomes[id];
            // Forbid and Replace move or cancel releases; the rule is checked where release is plain.
            if (!o || (run.job.cron && run.job.cron.concurrency !== 'Allow')) return;
            if (run.blocked !== null || run.release > t || (o.start !== null && o.start <= t)) return;
            const ready = run.deps.every((d) => {
              const dep = result.outcomes[result.outcomes[d]?.standsFor ?? d];
              return dep?.status === 'completed' && (dep.finish ?? Number.POSITIVE_INFINITY) <= t;
            });
            if (!ready) return;
            let fits = 0;
            for (const n of problem.feasible[run.job.index] ?? []) {
              fits += podsThatFit(free, n * R, problem.requests[run.job.index] ?? []);
            }
            expect(
              fits,
              `${run.key} waits at ${t} although ${fits} of ${run.job.pods} pods fit`,
            ).toBeLessThan(run.job.pods);
          });
        }
      });
    },
    SLOW,
  );

  it(
    'makespan is at least the lower bound',
    () => {
      property((problem, result) => {
        expect(result.makespan).toBeGreaterThanOrEqual(problem.lowerBound);
      });
    },
    SLOW,
  );

  it(
    'a job that finishes was running for exactly its duration',
    () => {
      property((problem, result) => {
        problem.runs.forEach((run, id) => {
          const o = result.outcomes[id];
          if (o?.status === 'completed') expect((o.finish ?? 0) - (o.start ?? 0)).toBe(run.duration);
        });
      });
    },
    SLOW,
  );
});
