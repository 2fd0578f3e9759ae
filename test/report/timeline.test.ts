import { describe, expect, it } from 'vitest';
import {
  escapeTimelineMarkdown,
  escapeTimelineMermaid,
  renderTimelineMarkdown,
  renderTimelineText,
} from '../../src/report/timeline.ts';
import { planTimeline } from '../../src/timeline/plan.ts';
import { type BatchBuilder, cronJob, input, job, node, START } from '../timeline/builders.ts';

const plan = (builders: BatchBuilder[], policy: 'edf' | 'fifo' = 'edf') =>
  planTimeline(input(builders, [node('n1').cpu(1000).obj()]), { policy, start: START }).timeline;

const pipeline = () => [
  job('backfill').duration('2h'),
  job('report').duration('1h').deadline('1h'),
  job('publish').duration('15m').after('report').deadline('1h30m'),
];

describe('the Markdown timeline', () => {
  it('shows the comparison, a Gantt chart and the table (EDF meets what FIFO misses)', () => {
    expect(renderTimelineMarkdown(plan(pipeline()))).toMatchSnapshot();
  });

  it('flags missed deadlines in the chart and the table', () => {
    const markdown = renderTimelineMarkdown(plan(pipeline(), 'fifo'));
    expect(markdown).toContain('  report (missed) : active, j1, 1748829600, 3600s');
    expect(markdown).toContain('  report deadline missed : milestone, d1, 1748826000, 0s');
    expect(markdown).toContain(
      '| default/report | 1 | +0s | +2h | +3h | +1h | ❌ missed deadline: waited 2h for capacity |',
    );
  });

  it('marks the critical path as crit in the chart and bold in the table', () => {
    const markdown = renderTimelineMarkdown(
      plan([job('a').duration('1h'), job('b').duration('1h').after('a')]),
    );
    expect(markdown).toContain('  a : crit, j0, 1748822400, 3600s');
    expect(markdown).toContain('| **default/b** |');
    expect(markdown).toContain('Critical path (bold): default/a → default/b.');
  });

  it('labels CronJob runs with their run number', () => {
    const t = planTimeline(
      input([cronJob('sync').duration('10m').schedule('0 */6 * * *')], [node('n1').obj()]),
      { start: START },
    ).timeline;
    const markdown = renderTimelineMarkdown(t);
    expect(markdown).toContain(`  sync run 4 : crit, j3, ${START.getTime() / 1000 + 18 * 3600}, 600s`);
    expect(markdown).toContain('| **default/sync \\#4** |');
  });

  it('stops drawing bars at the cap and says where the rest is', () => {
    const jobs = Array.from({ length: 5 }, (_, i) => job(`j${i}`).duration('1m'));
    const markdown = renderTimelineMarkdown(plan(jobs), { maxChartJobs: 2 });
    expect(markdown.match(/ : .*j\d, /g)).toHaveLength(2);
    expect(markdown).toContain('3 more runs are counted in the table below, not drawn.');
  });

  it('counts the runs of an every-minute CronJob on one line (first, last, how many, misses)', () => {
    // 90 s runs every minute under Forbid, behind a backfill that holds the only node for a
    // day: runs come late, are skipped and miss their deadlines.
    const t = planTimeline(
      input(
        [
          cronJob('tick')
            .duration('90s')
            .deadline('2m')
            .schedule('* * * * *', { concurrencyPolicy: 'Forbid' }),
          job('backfill').duration('1h'),
        ],
        [node('n1').cpu(1000).obj()],
      ),
      { start: START, horizonMs: 24 * 3_600_000 },
    ).timeline;
    expect(t.jobs).toHaveLength(1441);
    const runs = t.jobs.filter((j) => j.name === 'tick');
    expect(t.cronJobs).toEqual([
      {
        namespace: 'default',
        name: 'tick',
        runs: 1440,
        first: 0,
        last: 86_340,
        completed: runs.filter((j) => j.status === 'completed').length,
        replaced: 0,
        skipped: runs.filter((j) => j.status === 'skipped').length,
        notStarted: 0,
        missed: runs.filter((j) => j.missed).length,
        waited: 0,
      },
    ]);
    expect(t.cronJobs[0]).toMatchObject({ completed: 961, skipped: 479, missed: 959 });

    const lines = (out: string, prefix: RegExp) => out.split('\n').filter((l) => prefix.test(l));
    expect(lines(renderTimelineMarkdown(t), /^\| (\*\*)?default\//)).toEqual([
      '| default/tick: 1440 runs, 3 listed below | 1 | +0s … +23h59m | +0s … +24h | +1m30s … +24h1m30s | each run | ❌ 961 done, 479 skipped, 959 missed deadline |',
      expect.stringMatching(
        /^\| default\/tick \\#3 \| 1 \| \+2m \| \+3m \| \+4m30s \| \+4m \| ❌ missed deadline: created late/,
      ),
      expect.stringMatching(/^\| default\/tick \\#4 \| .* ❌ skipped, missed deadline: not created/),
      expect.stringMatching(/^\| default\/tick \\#6 \| .* ❌ missed deadline: created late/),
      '| **default/backfill** | 1 | +0s | +24h1m30s | +25h1m30s | — | done: waited 24h1m30s for capacity |',
    ]);
    const text = renderTimelineText(t);
    expect(lines(text, /^default\//)).toEqual([
      expect.stringMatching(
        /^default\/tick: 1440 runs, 3 listed below +1 +\+0s \.\. \+23h59m +\+0s \.\. \+24h +\+1m30s \.\. \+24h1m30s +each run +961 done, 479 skipped, 959 missed deadline$/,
      ),
      expect.stringMatching(/^default\/tick #3 /),
      expect.stringMatching(/^default\/tick #4 /),
      expect.stringMatching(/^default\/tick #6 /),
      expect.stringMatching(/^default\/backfill \* /),
    ]);
    expect(text.split('\n').length).toBeLessThan(20);
  });

  it('says so when there is nothing to plan', () => {
    expect(renderTimelineMarkdown(plan([]))).toBe(
      '### Batch timeline\n\n0 batch job runs, policy edf: no deadlines, makespan 0s (lower bound 0s).\n',
    );
  });

  it('passes every user string through the escape it is given', () => {
    const seen: string[] = [];
    renderTimelineMarkdown(plan(pipeline()), {
      escape: (s) => {
        seen.push(s);
        return s;
      },
    });
    expect(seen).toEqual(
      expect.arrayContaining([
        'default/backfill',
        'default/report',
        'default/publish',
        'Job default/report',
        'berth-batch-1030',
      ]),
    );
  });
});

describe('escaping hostile names', () => {
  const hostile = '<img src=x onerror=alert(1)>@org/team|#12`x`';

  it('the default Markdown escape leaves no HTML, mention, pipe or code span', () => {
    const escaped = escapeTimelineMarkdown(hostile);
    expect(escaped).not.toMatch(/<|>/);
    expect(escaped).not.toMatch(/@org/);
    expect(escaped).not.toMatch(/[^\\][|`]/);
  });

  it('the Mermaid escape keeps only characters the Gantt syntax cannot misread', () => {
    expect(escapeTimelineMermaid(hostile)).toBe('_img src=x onerror=alert_1___org/team__12_x_');
    expect(escapeTimelineMermaid('a:b;c#d\ne')).toBe('a_b_c_d_e');
  });

  it('a hostile namespace reaches neither the chart nor the table raw', () => {
    const markdown = renderTimelineMarkdown(plan([job('x').ns(hostile).duration('1m')]));
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('@org');
  });
});

describe('the text timeline', () => {
  it('is the same table, aligned for a terminal', () => {
    expect(renderTimelineText(plan(pipeline()))).toMatchSnapshot();
  });

  it('writes control characters in names out as escapes', () => {
    const text = renderTimelineText(plan([job('x').ns('evil\u001b[2J').duration('1m')]));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('evil\\x1b[2J/x');
  });
});

describe('a Mermaid escape that lets separators through', () => {
  it('still cannot end a Gantt task line early', () => {
    const markdown = renderTimelineMarkdown(plan([job('x').ns('a:b;c#d').duration('1m')]), {
      escapeMermaid: (s) => s,
    });
    expect(markdown).toContain('  section a_b_c_d');
  });
});
