import { describe, expect, it } from 'vitest';
import { planTimeline, timelineOptionsFromFlags } from '../../src/timeline/plan.ts';
import type { TimelineJobEntry, TimelineResult } from '../../src/timeline/types.ts';
import { cronJob, HOUR, input, job, node, START } from './builders.ts';

const byKey = (t: TimelineResult) => {
  const map = new Map<string, TimelineJobEntry>();
  for (const j of t.jobs) map.set(j.run === null ? j.name : `${j.name}#${j.run}`, j);
  return (key: string) => {
    const entry = map.get(key);
    if (!entry) throw new Error(`no job ${key} in ${[...map.keys()].join(', ')}`);
    return entry;
  };
};

const times = (j: TimelineJobEntry) => [
  j.start === null ? null : j.start / HOUR,
  j.finish === null ? null : j.finish / HOUR,
];

describe('the timeline orders ready jobs by policy', () => {
  // One node holds one job at a time. `report` is due an hour after release; FIFO runs
  // `backfill` (first in the manifests) for two hours first and misses it.
  const oneAtATime = () =>
    input(
      [job('backfill').duration('2h').cpu(1000), job('report').duration('1h').deadline('1h').cpu(1000)],
      [node('n1').cpu(1000).obj()],
    );

  it('FIFO misses a deadline that EDF meets', () => {
    const edf = planTimeline(oneAtATime(), { policy: 'edf', start: START }).timeline;
    const fifo = planTimeline(oneAtATime(), { policy: 'fifo', start: START }).timeline;
    expect(times(byKey(fifo)('report'))).toEqual([2, 3]);
    expect(byKey(fifo)('report').missed).toBe(true);
    expect(times(byKey(edf)('report'))).toEqual([0, 1]);
    expect(byKey(edf)('report').missed).toBe(false);
    expect(times(byKey(edf)('backfill'))).toEqual([1, 3]);
    expect(edf.compare).toEqual({
      fifo: { missed: 1, makespan: 3 * HOUR },
      edf: { missed: 0, makespan: 3 * HOUR },
      'critical-path': { missed: 1, makespan: 3 * HOUR },
    });
  });

  it('suggests PriorityClass values that put the EDF order first when EDF misses fewer', () => {
    const { timeline } = planTimeline(oneAtATime(), { policy: 'edf', start: START });
    expect(timeline.priorities).toEqual({
      policy: 'edf',
      classes: [
        {
          namespace: 'default',
          name: 'report',
          kind: 'Job',
          priorityClassName: 'berth-batch-1020',
          value: 1020,
        },
        {
          namespace: 'default',
          name: 'backfill',
          kind: 'Job',
          priorityClassName: 'berth-batch-1010',
          value: 1010,
        },
      ],
    });
  });

  it('suggests no PriorityClasses when FIFO already does as well', () => {
    const fine = input(
      [job('a').duration('1h').deadline('3h'), job('b').duration('1h').deadline('3h')],
      [node('n1').cpu(1000).obj()],
    );
    expect(planTimeline(fine, { start: START }).timeline.priorities).toBeNull();
  });

  it('critical-path starts the head of the longest chain first', () => {
    // One slot. `short` (1h) is first in the manifests; `head` (1h) unlocks `tail` (3h).
    const chain = () =>
      input(
        [
          job('short').duration('1h').cpu(1000),
          job('head').duration('1h').cpu(1000),
          job('tail').duration('3h').after('head').cpu(1000),
        ],
        [node('n1').cpu(1000).obj()],
      );
    const cp = planTimeline(chain(), { policy: 'critical-path', start: START }).timeline;
    const at = byKey(cp);
    expect(times(at('head'))).toEqual([0, 1]);
    expect(times(at('tail'))).toEqual([1, 4]);
    expect(times(at('short'))).toEqual([4, 5]);
    expect(cp.criticalPath).toEqual(['default/head', 'default/tail']);
    expect(at('head').critical && at('tail').critical && !at('short').critical).toBe(true);
  });

  it('critical-path can meet what EDF misses, and then its order is the one suggested', () => {
    // One slot. EDF starts `side` (due at 5h) before `head`, which has no deadline of
    // its own but unlocks `tail` (3h, due at 4h).
    const fixture = () =>
      input(
        [
          job('side').duration('1h').deadline('5h').cpu(1000),
          job('head').duration('1h').cpu(1000),
          job('tail').duration('3h').deadline('4h').after('head').cpu(1000),
        ],
        [node('n1').cpu(1000).obj()],
      );
    const edf = planTimeline(fixture(), { policy: 'edf', start: START }).timeline;
    expect(edf.compare).toEqual({
      fifo: { missed: 1, makespan: 5 * HOUR },
      edf: { missed: 1, makespan: 5 * HOUR },
      'critical-path': { missed: 0, makespan: 5 * HOUR },
    });
    expect(times(byKey(edf)('tail'))).toEqual([2, 5]);
    expect(edf.priorities?.policy).toBe('critical-path');
    expect(edf.priorities?.classes.map((c) => [c.name, c.value])).toEqual([
      ['head', 1030],
      ['tail', 1020],
      ['side', 1010],
    ]);
  });

  it('EDF breaks a deadline tie by the longest remaining path', () => {
    const tie = input(
      [
        job('leaf').duration('1h').deadline('5h').cpu(1000),
        job('root').duration('1h').deadline('5h').cpu(1000),
        job('child').duration('1h').after('root').cpu(1000),
      ],
      [node('n1').cpu(1000).obj()],
    );
    const at = byKey(planTimeline(tie, { policy: 'edf', start: START }).timeline);
    expect(times(at('root'))).toEqual([0, 1]);
  });
});

describe('the simulation follows the issue’s rules', () => {
  it('a later job starts when an earlier one does not fit', () => {
    const t = planTimeline(
      input(
        [
          job('big').duration('1h').cpu(3000),
          job('wide').duration('1h').cpu(2000),
          job('small').duration('1h').cpu(1000),
        ],
        [node('n1').cpu(4000).obj()],
      ),
      { policy: 'fifo', start: START },
    ).timeline;
    const at = byKey(t);
    expect(times(at('big'))).toEqual([0, 1]);
    expect(times(at('small'))).toEqual([0, 1]);
    expect(times(at('wide'))).toEqual([1, 2]);
    expect([at('small').reason, at('wide').reason]).toEqual([null, 'waited 1h for capacity']);
  });

  it.each<[string, string, boolean]>([
    ['finishing exactly at the deadline meets it', '1h', false],
    ['finishing a millisecond late misses it', '59m59.999s', true],
  ])('%s', (_name, deadline, missed) => {
    const t = planTimeline(input([job('a').duration('1h').deadline(deadline)], [node('n1').obj()]), {
      start: START,
    }).timeline;
    expect(t.jobs[0]?.missed).toBe(missed);
    expect(t.missed).toBe(missed ? 1 : 0);
  });

  it('an RFC 3339 deadline is measured from the timeline start', () => {
    const t = planTimeline(
      input([job('a').duration('1h').deadline('2025-06-02T02:30:00+02:00')], [node('n1').obj()]),
      {
        start: START,
      },
    ).timeline;
    expect(t.jobs[0]?.deadline).toBe(0.5 * HOUR);
    expect(t.jobs[0]?.missed).toBe(true);
  });

  it('a job starts when its dependencies have finished, not before', () => {
    const t = planTimeline(
      input(
        [
          job('load').duration('30m').after('extract'),
          job('extract').duration('1h'),
          job('other').duration('10m'),
        ],
        [node('n1').obj()],
      ),
      { start: START },
    ).timeline;
    const at = byKey(t);
    expect(at('load').start).toBe(at('extract').finish);
    expect(at('load').after).toEqual(['default/extract']);
    expect(at('other').start).toBe(0);
  });

  it('parallel pods start together, only when all of them fit', () => {
    const t = planTimeline(
      input(
        [job('blocker').duration('1h').cpu(1000), job('gang').duration('1h').parallelism(3).cpu(1000)],
        [node('n1').cpu(2000).obj(), node('n2').cpu(1000).obj()],
      ),
      { policy: 'fifo', start: START },
    ).timeline;
    const at = byKey(t);
    expect(at('gang').pods).toBe(3);
    expect(times(at('gang'))).toEqual([1, 2]);
  });

  it('a gang larger than the cluster never starts, and says why', () => {
    const t = planTimeline(
      input(
        [job('gang').duration('1h').parallelism(4, 3).cpu(1000)],
        [node('n1').cpu(1000).obj(), node('n2').cpu(1000).obj()],
      ),
      { start: START },
    ).timeline;
    expect(t.jobs[0]).toMatchObject({
      pods: 3,
      start: null,
      status: 'not-started',
      reason: 'its 3 pods must run together but at most 2 fit at once on the capacity left for batch work',
    });
  });

  it('pods that fit no node get kube-scheduler’s reasons', () => {
    const t = planTimeline(
      input(
        [
          job('train').duration('1h').cpu(1000).deadline('2h'),
          job('after-train').duration('1h').after('train'),
        ],
        [
          node('gpu-1').taint({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }).obj(),
          node('small').cpu(500).obj(),
          node('gone').unschedulable().obj(),
        ],
      ),
      { start: START },
    ).timeline;
    const at = byKey(t);
    expect(at('train').reason).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable.',
    );
    expect(at('train').missed).toBe(true);
    expect(at('after-train').reason).toBe('waits for default/train, which never finished');
    expect(t.makespan).toBe(0);
  });

  it('tolerations and node selectors are honoured', () => {
    const t = planTimeline(
      input(
        [
          job('train')
            .duration('1h')
            .tolerate({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' })
            .selector({ pool: 'gpu' }),
        ],
        [
          node('cpu-1').label('pool', 'cpu').obj(),
          node('gpu-1')
            .label('pool', 'gpu')
            .taint({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' })
            .obj(),
        ],
      ),
      { start: START },
    ).timeline;
    expect(t.jobs[0]?.start).toBe(0);
  });

  it('capacity held by long-running pods is not available to batch jobs', () => {
    const t = planTimeline(
      input(
        [job('a').duration('1h').cpu(2000), job('b').duration('1h').cpu(2000)],
        [node('n1').cpu(4000).obj()],
        {
          n1: { cpu: 2000, pods: 3 },
        },
      ),
      { start: START },
    ).timeline;
    expect(t.jobs.map(times)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('the lower bound is total work over capacity when that beats the longest chain', () => {
    // 4 one-hour jobs of 1 CPU on 2 CPUs: 4 CPU-hours / 2 CPUs = 2h.
    const jobs = ['a', 'b', 'c', 'd'].map((n) => job(n).duration('1h').cpu(1000));
    const t = planTimeline(input(jobs, [node('n1').cpu(2000).obj()]), { start: START }).timeline;
    expect(t.lowerBound).toBe(2 * HOUR);
    expect(t.makespan).toBe(2 * HOUR);
  });

  it('the lower bound is the longest chain when that is longer', () => {
    const t = planTimeline(
      input(
        [job('a').duration('1h'), job('b').duration('2h').after('a'), job('c').duration('30m')],
        [node('n1').cpu(8000).obj()],
      ),
      { start: START },
    ).timeline;
    expect(t.lowerBound).toBe(3 * HOUR);
    expect(t.criticalPath).toEqual(['default/a', 'default/b']);
  });

  it('reads capacity from a cluster and the static plan’s node usage', () => {
    const n1 = node('n1').cpu(2000).obj();
    const built = input([job('a').duration('1h').cpu(2000)], []);
    const t = planTimeline(
      {
        ...built,
        capacity: {
          cluster: {
            nodes: [n1],
            pods: [],
            pendingPods: [],
            quotas: [],
            limitRanges: [],
            priorityClasses: [],
            pdbs: [],
            namespaces: {},
          },
          simulation: {
            placements: [],
            nodes: [
              {
                name: 'n1',
                allocatable: n1.allocatable,
                requested: { cpu: 1000, pods: 1 },
                limits: {},
                pods: ['x/y'],
              },
            ],
          },
        },
      },
      { start: START },
    ).timeline;
    expect(t.jobs[0]?.reason).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });
});

describe('CronJob runs inside the horizon', () => {
  const hourly = (policy: string, duration: string, extra: Record<string, unknown> = {}) =>
    cronJob('sync')
      .duration(duration)
      .deadline('50m')
      .schedule('0 * * * *', { concurrencyPolicy: policy, ...extra });

  it('Allow releases every run at its scheduled time, overlapping if capacity allows', () => {
    const t = planTimeline(input([hourly('Allow', '90m')], [node('n1').obj()]), {
      start: START,
      horizonMs: 3 * HOUR * 1000,
    }).timeline;
    expect(t.jobs.map((j) => [j.run, j.release / HOUR, ...times(j)])).toEqual([
      [1, 0, 0, 1.5],
      [2, 1, 1, 2.5],
      [3, 2, 2, 3.5],
    ]);
    expect(t.jobs.every((j) => j.deadline === j.release + 50 * 60)).toBe(true);
    expect(t.missed).toBe(3);
  });

  it('Forbid holds a run back while the previous one is active and creates only the latest missed run when it ends', () => {
    const t = planTimeline(input([hourly('Forbid', '150m')], [node('n1').obj()]), {
      start: START,
      horizonMs: 4 * HOUR * 1000,
    }).timeline;
    const at = byKey(t);
    expect(times(at('sync#1'))).toEqual([0, 2.5]);
    expect(at('sync#2').status).toBe('skipped');
    expect(at('sync#2').reason).toContain('run #3 was created in its place');
    expect(times(at('sync#3'))).toEqual([2.5, 5]);
    expect(at('sync#3').reason).toBe('created late, when run #1 finished (concurrencyPolicy Forbid)');
    expect(times(at('sync#4'))).toEqual([5, 7.5]);
  });

  it('Forbid drops a missed run entirely once startingDeadlineSeconds has passed', () => {
    const t = planTimeline(
      input([hourly('Forbid', '90m', { startingDeadlineSeconds: 600 })], [node('n1').obj()]),
      {
        start: START,
        horizonMs: 3 * HOUR * 1000,
      },
    ).timeline;
    const at = byKey(t);
    expect(at('sync#2').status).toBe('skipped');
    expect(times(at('sync#3'))).toEqual([2, 3.5]);
  });

  it('Replace kills the active run when the next one is due', () => {
    const t = planTimeline(input([hourly('Replace', '90m')], [node('n1').obj()]), {
      start: START,
      horizonMs: 3 * HOUR * 1000,
    }).timeline;
    const at = byKey(t);
    expect(at('sync#1')).toMatchObject({ status: 'replaced', start: 0, finish: HOUR, missed: true });
    expect(at('sync#2')).toMatchObject({ status: 'replaced', start: HOUR, finish: 2 * HOUR });
    expect(at('sync#3')).toMatchObject({ status: 'completed', start: 2 * HOUR, finish: 3.5 * HOUR });
  });

  it('a Job after a CronJob waits for the run scheduled last before its release, else the first', () => {
    const t = planTimeline(
      input(
        [
          cronJob('nightly').duration('1h').schedule('0 2 * * *'),
          job('publish').duration('10m').after('nightly'),
        ],
        [node('n1').obj()],
      ),
      { start: START },
    ).timeline;
    const at = byKey(t);
    expect(at('publish').after).toEqual(['default/nightly#1']);
    expect(at('publish').start).toBe(3 * HOUR);
  });

  it('a suspended CronJob is left off with a warning', () => {
    const { timeline, diagnostics } = planTimeline(
      input([cronJob('off').duration('1h').schedule('0 * * * *', { suspend: true })], [node('n1').obj()]),
      { start: START },
    );
    expect(timeline.jobs).toEqual([]);
    expect(diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });
});

describe('timeline flags', () => {
  it('reads policy, horizon and start', () => {
    expect(
      timelineOptionsFromFlags({
        policy: 'critical-path',
        horizon: '7h30m',
        start: '2025-06-02T01:00:00+01:00',
      }),
    ).toEqual({
      options: { policy: 'critical-path', horizonMs: 7.5 * HOUR * 1000, start: START },
      errors: [],
    });
  });

  it('says what to write for each bad flag', () => {
    expect(timelineOptionsFromFlags({ policy: 'sjf', horizon: '1d', start: 'now' }).errors).toEqual([
      'timeline policy "sjf" is not one of fifo, edf, critical-path',
      'horizon "1d" is not a positive duration such as 24h or 7h30m',
      'start "now" is not an RFC 3339 time such as 2025-06-02T00:00:00Z',
    ]);
  });
});

describe('limits', () => {
  it('plans at most 5,000 runs of one CronJob and says so', () => {
    const { timeline, diagnostics } = planTimeline(
      input([cronJob('tick').duration('1s').schedule('@every 10s')], [node('n1').obj()]),
      { start: START, horizonMs: 24 * HOUR * 1000 },
    );
    expect(timeline.jobs).toHaveLength(5000);
    expect(diagnostics.map((d) => [d.severity, d.message])).toEqual([
      [
        'warning',
        'CronJob default/tick runs more than 5000 times inside the horizon; only the first 5000 runs are planned (shorten --horizon to see them all).',
      ],
    ]);
  });
});
