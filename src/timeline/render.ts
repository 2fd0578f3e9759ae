/**
 * The timeline as Markdown (a Mermaid Gantt chart and a table) and as plain text (the
 * same table). Pure functions; every user-controlled string goes through `escape`
 * (Markdown) or `escapeMermaid` (chart source), which the report passes in.
 */

import { printable } from '../model/printable.ts';
import { formatDuration } from './duration.ts';
import { TIMELINE_POLICIES, type TimelineJobEntry, type TimelineResult } from './types.ts';

export interface TimelineRenderOptions {
  /** Escapes a string for inline Markdown and table cells. */
  escape?: (value: string) => string;
  /** Makes a string safe inside Mermaid source. */
  escapeMermaid?: (value: string) => string;
  /** Bars drawn in the chart before the rest is left to the table (default 60). */
  maxChartJobs?: number;
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

function summaryLine(t: TimelineResult): string {
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
  lines.push(summaryLine(t), '');
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
    lines.push('', `${drawn.length - chart.length} more runs are in the table below, not in the chart.`);
  }
  lines.push('');

  lines.push(
    '| Job | Pods | Release | Start | Finish | Deadline | Status |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const job of t.jobs) {
    const name = `${job.critical ? '**' : ''}${esc(jobLabel(job))}${job.critical ? '**' : ''}`;
    const status = job.reason ? `${statusText(job)}: ${esc(job.reason)}` : statusText(job);
    lines.push(
      `| ${name} | ${job.pods} | ${when(job.release)} | ${when(job.start)} | ${when(job.finish)} | ${when(job.deadline)} | ${job.missed ? '❌ ' : ''}${status} |`,
    );
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
  const lines: string[] = ['Batch timeline', plain(summaryLine(t))];
  if (t.jobs.length === 0) return `${lines.join('\n')}\n`;
  lines.push(
    `Compare: ${TIMELINE_POLICIES.map((p) => `${p} ${t.compare[p].missed} missed, makespan ${formatDuration(t.compare[p].makespan * 1000)}`).join('; ')}.`,
    '',
  );
  const rows = [['JOB', 'PODS', 'RELEASE', 'START', 'FINISH', 'DEADLINE', 'STATUS']];
  for (const job of t.jobs) {
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
