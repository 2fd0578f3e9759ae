import { describe, expect, it } from 'vitest';
import { isTimelineJob, parseRfc3339, readTimelineJobs } from '../../src/timeline/jobs.ts';
import { planTimeline } from '../../src/timeline/plan.ts';
import { cronJob, input, job, node, START } from './builders.ts';

const AFTER = ['metadata', 'annotations', 'berth.dev/after'];
const DURATION = ['metadata', 'annotations', 'berth.dev/expected-duration'];
const DEADLINE = ['metadata', 'annotations', 'berth.dev/deadline'];

describe('annotation problems are diagnostics at the annotation’s line', () => {
  it('an unparsable duration leaves the job off and says how to write one', () => {
    const fixture = input([job('bad').duration('90'), job('good').duration('1h')], [node('n1').obj()]);
    const { timeline, diagnostics } = planTimeline(fixture, { start: START });
    expect(timeline.jobs.map((j) => j.name)).toEqual(['good']);
    expect(diagnostics).toEqual([
      {
        file: 'batch.yaml',
        line: fixture.lineOf[0]?.(DURATION),
        column: 3,
        severity: 'error',
        code: 'timeline',
        message:
          'Job default/bad: berth.dev/expected-duration "90" is not a duration (time: missing unit in duration "90"); write it as Go does, e.g. 45m, 1h30m or 1.5h. The job is left off the timeline.',
      },
    ]);
  });

  it.each([['0s'], ['-1h']])('a duration of %s is refused', (text) => {
    const { diagnostics } = planTimeline(input([job('bad').duration(text)], [node('n1').obj()]), {
      start: START,
    });
    expect(diagnostics[0]?.message).toContain('it must be longer than zero');
  });

  it('an unparsable deadline plans the job without one', () => {
    const fixture = input([job('a').duration('1h').deadline('tomorrow')], [node('n1').obj()]);
    const { timeline, diagnostics } = planTimeline(fixture, { start: START });
    expect(timeline.jobs[0]?.deadline).toBeNull();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.line).toBe(fixture.lineOf[0]?.(DEADLINE));
  });

  it('an unknown dependency is an error at berth.dev/after and the job still runs', () => {
    const fixture = input([job('load').duration('1h').after('extract, missing')], [node('n1').obj()]);
    const { timeline, diagnostics } = planTimeline(fixture, { start: START });
    expect(timeline.jobs[0]?.start).toBe(0);
    expect(diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      [
        'error',
        fixture.lineOf[0]?.(AFTER),
        'Job default/load: unknown dependency "extract" in berth.dev/after: no Job or CronJob default/extract with berth.dev/expected-duration in the manifests; the dependency is ignored.',
      ],
      [
        'error',
        fixture.lineOf[0]?.(AFTER),
        'Job default/load: unknown dependency "missing" in berth.dev/after: no Job or CronJob default/missing with berth.dev/expected-duration in the manifests; the dependency is ignored.',
      ],
    ]);
  });

  it('a dependency in another namespace is unknown: dependencies are namespace-local', () => {
    const { diagnostics } = planTimeline(
      input(
        [job('extract').ns('other').duration('1h'), job('load').duration('1h').after('extract')],
        [node('n1').obj()],
      ),
      { start: START },
    );
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('unknown dependency "extract"'),
    ]);
  });

  it('a dependency on a Job without an expected duration is a warning and ignored', () => {
    const fixture = input([job('plain'), job('load').duration('1h').after('plain')], [node('n1').obj()]);
    const { diagnostics } = planTimeline(fixture, { start: START });
    expect(diagnostics.map((d) => [d.severity, d.message])).toEqual([
      [
        'warning',
        'Job default/load: Job default/plain in berth.dev/after has no berth.dev/expected-duration, so it is not on the timeline; the dependency is ignored.',
      ],
    ]);
  });

  it('a dependency cycle is named, its jobs never start, the rest is planned', () => {
    const fixture = input(
      [
        job('a').duration('1h').after('c'),
        job('b').duration('1h').after('a'),
        job('c').duration('1h').after('b'),
        job('d').duration('1h').after('a'),
        job('free').duration('1h'),
      ],
      [node('n1').obj()],
    );
    const { timeline, diagnostics } = planTimeline(fixture, { start: START });
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [
        fixture.lineOf[0]?.(AFTER),
        'dependency cycle in berth.dev/after: default/a -> default/c -> default/b -> default/a; these jobs can never start.',
      ],
    ]);
    const reasons = Object.fromEntries(timeline.jobs.map((j) => [j.name, [j.status, j.reason]]));
    expect(reasons).toEqual({
      a: ['not-started', 'dependency cycle default/a -> default/c -> default/b -> default/a'],
      b: ['not-started', 'dependency cycle default/a -> default/c -> default/b -> default/a'],
      c: ['not-started', 'dependency cycle default/a -> default/c -> default/b -> default/a'],
      d: ['not-started', 'waits for default/a, which can never start'],
      free: ['completed', null],
    });
  });

  it('a job that waits for itself is a cycle of one', () => {
    const { diagnostics } = planTimeline(
      input([job('self').duration('1h').after('self')], [node('n1').obj()]),
      { start: START },
    );
    expect(diagnostics[0]?.message).toBe(
      'dependency cycle in berth.dev/after: default/self -> default/self; these jobs can never start.',
    );
  });

  it('activeDeadlineSeconds shorter than the expected duration is a warning at that field', () => {
    const fixture = input([job('slow').duration('45m').activeDeadlineSeconds(600)], [node('n1').obj()]);
    const { diagnostics } = planTimeline(fixture, { start: START });
    expect(diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      [
        'warning',
        fixture.lineOf[0]?.(['spec', 'activeDeadlineSeconds']),
        'Job default/slow: activeDeadlineSeconds 600 (10m) is shorter than its expected duration 45m: Kubernetes would kill the job before it finishes.',
      ],
    ]);
  });

  it('activeDeadlineSeconds at least the expected duration is fine', () => {
    const { diagnostics } = planTimeline(
      input([job('ok').duration('10m').activeDeadlineSeconds(600)], [node('n1').obj()]),
      {
        start: START,
      },
    );
    expect(diagnostics).toEqual([]);
  });

  it.each<[string, string, string]>([
    [
      'a bad schedule',
      '61 * * * *',
      'CronJob default/c: schedule "61 * * * *": end of range (61) above maximum (59): 61; it is left off the timeline.',
    ],
    [
      'an unknown zone prefix',
      'CRON_TZ=Nowhere 0 * * * *',
      'CronJob default/c: schedule "CRON_TZ=Nowhere 0 * * * *": unknown time zone Nowhere; it is left off the timeline.',
    ],
  ])('%s in a CronJob is an error', (_name, schedule, message) => {
    const { diagnostics, timeline } = planTimeline(
      input([cronJob('c').duration('1m').schedule(schedule)], [node('n1').obj()]),
      {
        start: START,
      },
    );
    expect(timeline.jobs).toEqual([]);
    expect(diagnostics.map((d) => d.message)).toEqual([message]);
  });

  it('a TZ prefix together with spec.timeZone is an error, as the API server says', () => {
    const { diagnostics } = planTimeline(
      input(
        [cronJob('c').duration('1m').schedule('TZ=UTC 0 * * * *', { timeZone: 'Europe/Paris' })],
        [node('n1').obj()],
      ),
      { start: START },
    );
    expect(diagnostics.map((d) => [d.severity, d.message])).toEqual([
      [
        'error',
        "CronJob default/c: cannot use both timeZone field and TZ or CRON_TZ in schedule; the schedule's zone is used here.",
      ],
    ]);
  });
});

describe('which objects go on the timeline', () => {
  it('Jobs and CronJobs with an expected duration, nothing else', () => {
    const built = [job('a').duration('1h'), job('b'), cronJob('c').duration('5m').schedule('@hourly')].map(
      (b) => b.build().object,
    );
    expect(built.map((o) => isTimelineJob(o))).toEqual([true, false, true]);
  });

  it.each<[string, number, number | undefined, number]>([
    ['parallelism alone', 4, undefined, 4],
    ['fewer completions than parallelism', 4, 2, 2],
    ['more completions than parallelism', 2, 10, 2],
  ])('the gang size of %s', (_name, parallelism, completions, pods) => {
    const fixture = input([job('j').duration('1h').parallelism(parallelism, completions)], []);
    expect(readTimelineJobs(fixture.objects, fixture.workloads).jobs[0]?.pods).toBe(pods);
  });
});

describe('RFC 3339 times', () => {
  it.each<[string, string | undefined]>([
    ['2025-06-02T06:00:00Z', '2025-06-02T06:00:00.000Z'],
    ['2025-06-02t06:00:00z', '2025-06-02T06:00:00.000Z'],
    ['2025-06-02T08:00:00+02:00', '2025-06-02T06:00:00.000Z'],
    ['2025-06-02T06:00:00.25-00:30', '2025-06-02T06:30:00.250Z'],
    ['2025-02-29T00:00:00Z', undefined],
    ['2025-06-02T24:00:00Z', undefined],
    ['2025-06-02T06:00:00', undefined],
    ['2025-06-02', undefined],
  ])('%s', (text, expected) => {
    const parsed = parseRfc3339(text);
    expect(parsed === undefined ? undefined : new Date(parsed).toISOString()).toBe(expected);
  });
});
