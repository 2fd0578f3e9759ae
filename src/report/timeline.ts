/**
 * The timeline as Markdown (a Mermaid Gantt chart and a table) and as plain text (the
 * same table). Pure functions; every user-controlled string goes through `escape`
 * (Markdown) or `escapeMermaid` (chart source), which the report passes in.
 */

import { printable } from '../model/printable.ts';
import { formatDuration } from '../timeline/duration.ts';
import {
  type CronJobRuns,
  TIMELINE_POLICIES,
  type TimelineJobEntry,
  type TimelineResult,
} from '../timeline/types.ts';

export interface TimelineRenderOptions {
  /** Escapes a string for inline Markdown and table cells. */
  escape?: (value: string) => string;
  /** Makes a string safe inside Mermaid source. */
  escapeMermaid?: (value: string) => string;
  /** Bars drawn in the chart before the rest is left to the table (default 60). */
  maxChartJobs?: number;
  /** Rows of the job table (default: all); the summary line is always there. */
  maxRows?: number;
}

/** Runs of one CronJob listed one by one under its line, the ones worth a look first. */
const NOTABLE_RUNS = 3;

/** A row of the job table: a Job or a single run, or one CronJob's runs counted. */
type Row =
  | { kind: 'run'; job: TimelineJobEntry }
  | { kind: 'cronjob'; runs: CronJobRuns; jobs: TimelineJobEntry[]; listed: number };

/** A run that needs a reader's eye: late, not run to completion, or on the critical path. */
function notable(job: TimelineJobEntry): boolean {
  return job.missed || job.status !== 'completed' || job.critical;
}

/**
 * The job table's rows: each Job, each CronJob with one run as that run, and each CronJob
 * with more runs as one line counting them (first, last, how many, misses), followed by
 * at most NOTABLE_RUNS of its runs that need a look. In the order of first release.
 */
function tableRows(t: TimelineResult): Row[] {
  const groups = new Map(
    (t.cronJobs ?? []).filter((g) => g.runs > 1).map((g) => [`${g.namespace}/${g.name}`, g]),
  );
  const runsOf = new Map<string, TimelineJobEntry[]>();
  for (const job of t.jobs) {
    const key = `${job.namespace}/${job.name}`;
    if (job.run === null || !groups.has(key)) continue;
    runsOf.set(key, [...(runsOf.get(key) ?? []), job]);
  }
  const rows: Row[] = [];
  const done = new Set<string>();
  for (const job of t.jobs) {
    const key = `${job.namespace}/${job.name}`;
    const group = job.run === null ? undefined : groups.get(key);
    if (!group) {
      rows.push({ kind: 'run', job });
      continue;
    }
    if (done.has(key)) continue;
    done.add(key);
    const all = runsOf.get(key) ?? [];
    const shown = all.filter(notable).slice(0, NOTABLE_RUNS);
    rows.push({ kind: 'cronjob', runs: group, jobs: all, listed: shown.length });
    for (const run of shown) rows.push({ kind: 'run', job: run });
  }
  return rows;
}

/** `1437 done, 2 missed deadline, 1 skipped; 3 waited for capacity`. */
function groupStatus(g: CronJobRuns): string {
  const parts = [
    [g.completed, 'done'],
    [g.replaced, 'replaced'],
    [g.skipped, 'skipped'],
    [g.notStarted, 'not started'],
    [g.missed, 'missed deadline'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${n} ${what}`);
  return `${parts.join(', ')}${g.waited > 0 ? `; ${g.waited} waited for capacity` : ''}`;
}

/**
 * A CronJob's line after its name: pods, then release, start and finish as the first
 * and the last of its runs, how many runs have a deadline, and the runs by outcome.
 */
function groupCells(g: CronJobRuns, jobs: TimelineJobEntry[], dots: string): string[] {
  const span = (values: number[]) =>
    values.length === 0 ? '—' : `${when(Math.min(...values))} ${dots} ${when(Math.max(...values))}`;
  const deadlines = jobs.filter((j) => j.deadline !== null).length;
  return [
    String(jobs[0]?.pods ?? ''),
    `${when(g.first)} ${dots} ${when(g.last)}`,
    span(jobs.flatMap((j) => (j.start === null ? [] : [j.start]))),
    span(jobs.flatMap((j) => (j.finish === null ? [] : [j.finish]))),
    deadlines === 0 ? '—' : deadlines === jobs.length ? 'each run' : `${deadlines} of ${jobs.length} runs`,
    groupStatus(g),
  ];
}

/** `ns/name: 1440 runs` plus how many of them the table lists one by one. */
function groupLabel(g: CronJobRuns, listed: number): string {
  return `${g.namespace}/${g.name}: ${g.runs} runs${listed > 0 ? `, ${listed} listed below` : ''}`;
}

/**
 * A small stand-in for the report's escaper: HTML and Markdown specials escaped,
 * mentions and references defused with a zero-width space.
 */
export function escapeTimelineMarkdown(value: string): string {
  return (
    value
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters would end a table row
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
      .replace(/@/g, '@\u200b')
  );
}

/** Only characters Mermaid's Gantt syntax cannot misread; names are DNS labels anyway. */
export function escapeTimelineMermaid(value: string): string {
  return value.replace(/[^A-Za-z0-9 ./_=-]/g, '_').slice(0, 80);
}

const when = (seconds: number | null): string =>
  seconds === null ? '—' : `+${formatDuration(seconds * 1000)}`;

function jobLabel(job: TimelineJobEntry): string {
  return job.run === null ? `${job.namespace}/${job.name}` : `${job.namespace}/${job.name} #${job.run}`;
}

function statusText(job: TimelineJobEntry): string {
  const parts: string[] = [];
  if (job.status === 'completed')
    parts.push(job.deadline === null ? 'done' : job.missed ? 'missed deadline' : 'on time');
  else parts.push(job.status.replace('-', ' '));
  if (job.status !== 'completed' && job.missed) parts.push('missed deadline');
  return parts.join(', ');
}

/** `4 batch job runs, policy edf: 0 of 1 deadline missed, makespan 3h (lower bound 3h).` */
export function timelineSummaryLine(t: TimelineResult): string {
  const withDeadline = t.jobs.filter((j) => j.deadline !== null).length;
  const deadlines =
    withDeadline === 0
      ? 'no deadlines'
      : `${t.missed} of ${withDeadline} deadline${withDeadline === 1 ? '' : 's'} missed`;
  return `${t.jobs.length} batch job run${t.jobs.length === 1 ? '' : 's'}, policy ${t.policy}: ${deadlines}, makespan ${formatDuration(t.makespan * 1000)} (lower bound ${formatDuration(t.lowerBound * 1000)}).`;
}

function ganttDuration(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function renderTimelineMarkdown(t: TimelineResult, options: TimelineRenderOptions = {}): string {
  const esc = options.escape ?? escapeTimelineMarkdown;
  const escapeLabel = options.escapeMermaid ?? escapeTimelineMermaid;
  // Whatever escape is passed in, `:` `;` and `#` would end or re-open a Gantt task line.
  const mer = (s: string) => escapeLabel(s).replace(/[:;#\n]/g, '_');
  const maxChart = options.maxChartJobs ?? 60;
  const lines: string[] = [];
  lines.push('### Batch timeline', '');
  lines.push(timelineSummaryLine(t), '');
  if (t.jobs.length === 0) return `${lines.join('\n').trimEnd()}\n`;

  lines.push('| Policy | Missed deadlines | Makespan |', '| --- | ---: | ---: |');
  for (const p of TIMELINE_POLICIES) {
    const mark = p === t.policy ? ' (chosen)' : '';
    lines.push(`| ${p}${mark} | ${t.compare[p].missed} | ${formatDuration(t.compare[p].makespan * 1000)} |`);
  }
  lines.push('');

  const startSeconds = Math.floor(Date.parse(t.start) / 1000);
  const drawn = t.jobs.filter((j) => j.start !== null || j.deadline !== null);
  // Critical and late runs first so they survive the cap.
  const ordered = [...drawn].sort(
    (a, b) => Number(b.critical) - Number(a.critical) || Number(b.missed) - Number(a.missed),
  );
  const chart = ordered.slice(0, maxChart);
  const keep = new Set(chart);
  lines.push(
    '```mermaid',
    'gantt',
    `  title Batch timeline (${t.policy})`,
    '  dateFormat X',
    '  axisFormat %H:%M',
  );
  let section: string | null = null;
  t.jobs.forEach((job, i) => {
    if (!keep.has(job)) return;
    if (job.namespace !== section) {
      section = job.namespace;
      lines.push(`  section ${mer(job.namespace)}`);
    }
    // `#` starts an entity in Mermaid, so runs read "run 2" in the chart.
    const label = mer(job.run === null ? job.name : `${job.name} run ${job.run}`);
    if (job.start !== null && job.finish !== null) {
      const tags = [job.critical ? 'crit' : '', job.missed ? 'active' : ''].filter(Boolean);
      const flag = job.missed ? ' (missed)' : '';
      lines.push(
        `  ${label}${flag} :${tags.length ? ` ${tags.join(', ')},` : ''} j${i}, ${startSeconds + Math.floor(job.start)}, ${ganttDuration(job.finish - job.start)}`,
      );
    }
    if (job.deadline !== null) {
      const flag = job.missed ? ' missed' : '';
      lines.push(
        `  ${label} deadline${flag} : milestone, d${i}, ${startSeconds + Math.floor(job.deadline)}, 0s`,
      );
    }
  });
  lines.push('```');
  if (drawn.length > chart.length) {
    lines.push('', `${drawn.length - chart.length} more runs are counted in the table below, not drawn.`);
  }
  lines.push('');

  lines.push(
    '| Job | Pods | Release | Start | Finish | Deadline | Status |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  const rows = tableRows(t);
  const shown = rows.slice(0, options.maxRows ?? rows.length);
  for (const row of shown) {
    if (row.kind === 'cronjob') {
      const [pods, release, start, finish, deadline, status] = groupCells(row.runs, row.jobs, '…');
      lines.push(
        `| ${esc(groupLabel(row.runs, row.listed))} | ${pods} | ${release} | ${start} | ${finish} | ${deadline} | ${row.runs.missed > 0 ? '❌ ' : ''}${status} |`,
      );
      continue;
    }
    const job = row.job;
    const name = `${job.critical ? '**' : ''}${esc(jobLabel(job))}${job.critical ? '**' : ''}`;
    const status = job.reason ? `${statusText(job)}: ${esc(job.reason)}` : statusText(job);
    lines.push(
      `| ${name} | ${job.pods} | ${when(job.release)} | ${when(job.start)} | ${when(job.finish)} | ${when(job.deadline)} | ${job.missed ? '❌ ' : ''}${status} |`,
    );
  }
  if (rows.length > shown.length) {
    lines.push(`| … and ${rows.length - shown.length} more |${' |'.repeat(6)}`);
  }
  if (t.criticalPath.length > 0) {
    lines.push('', `Critical path (bold): ${t.criticalPath.map((k) => esc(k)).join(' → ')}.`);
  }

  if (t.priorities) {
    const p = t.priorities;
    lines.push(
      '',
      `${p.policy} misses ${t.compare[p.policy].missed} deadline(s) where FIFO misses ${t.compare.fifo.missed}. kube-scheduler takes higher priority first; these PriorityClasses (with \`preemptionPolicy: Never\`, so running jobs are not evicted) make it follow the ${p.policy} order:`,
      '',
      '| Job | priorityClassName | value |',
      '| --- | --- | ---: |',
    );
    for (const c of p.classes) {
      lines.push(
        `| ${esc(`${c.kind} ${c.namespace}/${c.name}`)} | ${esc(c.priorityClassName)} | ${c.value} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function pad(cells: string[][]): string[] {
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  }
  return cells.map((row) =>
    row
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length))
      .join('  ')
      .trimEnd(),
  );
}

/** Control characters in names must not move the terminal's cursor or start a line. */
const plain = (s: string): string => printable(s);

export function renderTimelineText(t: TimelineResult): string {
  const lines: string[] = ['Batch timeline', plain(timelineSummaryLine(t))];
  if (t.jobs.length === 0) return `${lines.join('\n')}\n`;
  lines.push(
    `Compare: ${TIMELINE_POLICIES.map((p) => `${p} ${t.compare[p].missed} missed, makespan ${formatDuration(t.compare[p].makespan * 1000)}`).join('; ')}.`,
    '',
  );
  const rows = [['JOB', 'PODS', 'RELEASE', 'START', 'FINISH', 'DEADLINE', 'STATUS']];
  for (const row of tableRows(t)) {
    if (row.kind === 'cronjob') {
      rows.push([plain(groupLabel(row.runs, row.listed)), ...groupCells(row.runs, row.jobs, '..')]);
      continue;
    }
    const job = row.job;
    rows.push([
      plain(jobLabel(job)) + (job.critical ? ' *' : ''),
      String(job.pods),
      when(job.release),
      when(job.start),
      when(job.finish),
      when(job.deadline),
      plain(job.reason ? `${statusText(job)}: ${job.reason}` : statusText(job)),
    ]);
  }
  lines.push(...pad(rows));
  if (t.criticalPath.length > 0) lines.push('', `* critical path: ${plain(t.criticalPath.join(' -> '))}`);
  if (t.priorities) {
    lines.push('', `PriorityClasses to follow ${t.priorities.policy} (preemptionPolicy: Never):`);
    lines.push(
      ...pad(
        t.priorities.classes.map((c) => [
          plain(`${c.kind} ${c.namespace}/${c.name}`),
          plain(c.priorityClassName),
          String(c.value),
        ]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
