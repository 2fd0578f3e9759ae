/**
 * The plan as a pull request comment. A reviewer must see in ten seconds whether
 * the change fits and what it costs: verdict and summary first, the pods that do
 * not fit next, and every detail folded below. Every string from a manifest or
 * the cluster goes through `escapeMarkdown`.
 */

import { delta, fmt, plural } from '../format/amounts.ts';
import type { Plan } from '../plan/types.ts';
import { escapeMarkdown as esc } from './escape.ts';
import { figuresLegend } from './format.ts';
import { capacitySection, nodesSection, resourcesSection } from './markdown-capacity.ts';
import {
  inputProblemsSection,
  inputWarningsSection,
  notScheduledSection,
  objectsSection,
  placementsSection,
  policySection,
  preemptionSection,
  RULE_TITLES,
  type Section,
  timelineSection,
  unsimulatedSection,
  waitingSection,
  whyNotSection,
  workloadsSection,
} from './markdown-sections.ts';

/** GitHub rejects comments over 65,536 characters; stay clear of it. */
export const MARKDOWN_LIMIT = 65_000;

export interface MarkdownOptions {
  /** Hidden marker that lets the Action find its own comment again. */
  marker?: string;
  /** Where the full report lives when the comment had to be shortened. */
  fullReportHint?: string;
  /** Title, e.g. the cluster name. */
  title?: string;
  /** Size limit (default MARKDOWN_LIMIT), as `measure` counts it. */
  limit?: number;
  /** How size is counted: UTF-16 code units by default (never fewer than GitHub's characters). */
  measure?: (text: string) => number;
  /** Extra Markdown placed after the summary (e.g. the batch timeline); trusted, already escaped. */
  extraSections?: { title: string; body: string; priority: number }[];
}

/** Sections at or above this priority are never dropped, only shortened. */
const KEPT_PRIORITY = 90;

/** GPU-like extended resources, summed for the headline. */
function gpuOf(list: Record<string, number>): number {
  return Object.entries(list)
    .filter(([name]) => name.endsWith('/gpu'))
    .reduce((n, [, v]) => n + v, 0);
}

/** `13.05 → 16.4 (+3.35)`, or `2Gi (±0)` when nothing changed. */
function beforeAfter(resource: string, before: number | undefined, after: number | undefined): string {
  const d = delta(resource, before, after);
  if (d === '0') return `${fmt(resource, after)} (±0)`;
  return `${fmt(resource, before)} → ${fmt(resource, after)} (${d})`;
}

/** Which workloads the change touches, counted the way Atlantis counts a plan. */
function workloadCounts(plan: Plan): string {
  const counts = { added: 0, changed: 0, removed: 0 };
  for (const w of plan.workloads) if (w.change !== 'unchanged') counts[w.change]++;
  const parts = (['added', 'changed', 'removed'] as const)
    .filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}`);
  return parts.length > 0 ? `workloads ${parts.join(', ')}` : 'no workload changes';
}

/**
 * The first lines a reviewer reads: the verdict with the pod counts, then what the
 * change costs (cluster requests before → after, and money when rates are set),
 * then each failing rule with its reason.
 */
function headline(plan: Plan): string {
  const s = plan.summary;
  const parts = [
    s.pods === 0 ? 'no pods to schedule' : `${s.scheduled} of ${plural(s.pods, 'pod')} scheduled`,
  ];
  if (s.unschedulable) parts.push(`**${s.unschedulable} unschedulable**`);
  if (s.rejected) parts.push(`**${s.rejected} rejected by admission**`);
  if (s.gated) parts.push(`${s.gated} gated`);
  if (s.waiting) parts.push(`⏳ ${s.waiting} waiting for capacity`);
  if (s.preempted) parts.push(`**⚠️ ${plural(s.preempted, 'running pod')} preempted**`);
  const unsimulated = plan.unsimulated?.length ?? 0;
  if (unsimulated) parts.push(`**⚠️ ${plural(unsimulated, 'object')} not simulated**`);
  parts.push(workloadCounts(plan), `${plural(plan.cluster.nodes, 'node')}`);
  const verdict = plan.passed ? '✅ **Passes**' : '❌ **Fails**';

  const req = plan.resources.cluster.requests;
  const costs = [
    `CPU ${beforeAfter('cpu', req.before.cpu, req.after.cpu)}`,
    `memory ${beforeAfter('memory', req.before.memory, req.after.memory)}`,
  ];
  const gpuBefore = gpuOf(req.before);
  const gpuAfter = gpuOf(req.after);
  if (gpuBefore || gpuAfter) costs.push(`GPU ${beforeAfter('nvidia.com/gpu', gpuBefore, gpuAfter)}`);
  const cost = plan.resources.cost;
  if (cost) {
    const sign = cost.monthlyDelta > 0 ? '+' : cost.monthlyDelta < 0 ? '−' : '±';
    costs.push(`**${sign}${Math.abs(cost.monthlyDelta).toFixed(2)} ${esc(cost.currency)}/month**`);
  }

  const lines = [`${verdict} · ${parts.join(' · ')}`, '', `**Cluster requests** ${costs.join(' · ')}`];
  const failing = plan.policy.results.filter((r) => !r.passed);
  if (failing.length > 0) {
    lines.push('', ...failing.map((r) => `- ❌ **${RULE_TITLES[r.rule]}**: ${esc(r.message)}`));
  }
  return lines.join('\n');
}

/**
 * The sections in the order they are shown. Input errors come first (part of the
 * change was not planned at all); extra sections follow the batch timeline.
 */
function sections(plan: Plan, extra: MarkdownOptions['extraSections'] = []): Section[] {
  return [
    inputProblemsSection(plan),
    notScheduledSection(plan),
    unsimulatedSection(plan),
    waitingSection(plan),
    whyNotSection(plan),
    preemptionSection(plan),
    workloadsSection(plan),
    timelineSection(plan),
    ...extra.map((e) => ({ priority: e.priority, title: e.title, render: () => e.body })),
    capacitySection(plan),
    resourcesSection(plan),
    nodesSection(plan),
    placementsSection(plan),
    objectsSection(plan),
    policySection(plan),
    inputWarningsSection(plan),
  ].filter((s): s is Section => s !== undefined);
}

const LEGEND = `<sub>berth simulated kube-scheduler on this cluster: 🆕 added · ✏️ changed · 🗑️ removed · a → b is before → after · CPU in cores (m = millicores) · ${figuresLegend('→')} · requests are what the scheduler reserves, limits what containers may use.</sub>`;

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const size = options.measure ?? ((text: string) => text.length);
  const top: string[] = [];
  if (options.marker) top.push(options.marker);
  top.push(`## berth plan${options.title ? ` · ${esc(options.title)}` : ''}`, '', headline(plan));
  const head = top.join('\n');
  const all = sections(plan, options.extraSections);

  // A dropped section leaves its brief, in its place.
  const compose = (kept: Section[], rowLimit: number, note: string | null) =>
    [
      head,
      ...all.flatMap((s) => (kept.includes(s) ? [s.render(rowLimit)] : s.brief ? [s.brief] : [])),
      ...(note ? [note] : []),
      LEGEND,
    ].join('\n\n');
  const hint = options.fullReportHint ?? 'Run `berth plan --format json` for the full report.';

  // Staged shortening: at each table length, from whole tables down to five rows,
  // drop detail sections least important first until the comment fits. Each stage
  // starts again from every section, so sections the must-keep tables crowded out
  // at full length come back once those tables are cut. The verdict always stays.
  for (const rowLimit of [Number.POSITIVE_INFINITY, 100, 25, 5]) {
    const attempt = (kept: Section[]) => {
      const dropped = all
        .filter((s) => !kept.includes(s))
        .map((s) => (s.brief ? `${s.title} (but its summary)` : s.title));
      const parts: string[] = [];
      if (dropped.length > 0) parts.push(`left out ${dropped.join(', ')}`);
      if (rowLimit !== Number.POSITIVE_INFINITY) parts.push(`tables cut to ${rowLimit} rows`);
      const note = parts.length > 0 ? `> ✂️ Shortened to fit a comment: ${parts.join('; ')}. ${hint}` : null;
      return compose(kept, rowLimit, note);
    };
    let kept = [...all];
    const order: Section[] = [];
    let text = attempt(kept);
    while (size(text) > limit) {
      const droppable = kept.filter((s) => s.priority < KEPT_PRIORITY);
      if (droppable.length === 0) break;
      const victim = droppable.reduce((a, b) => (b.priority < a.priority ? b : a));
      kept = kept.filter((s) => s !== victim);
      order.push(victim);
      text = attempt(kept);
    }
    if (size(text) > limit) continue;
    // Dropping goes by priority, so a small section may have gone before the big one
    // whose removal made room: put back whatever still fits, most important first.
    for (const section of order.reverse()) {
      const trial = all.filter((s) => kept.includes(s) || s === section);
      const candidate = attempt(trial);
      if (size(candidate) <= limit) {
        kept = trial;
        text = candidate;
      }
    }
    return text;
  }
  const briefs = all.flatMap((s) => (s.brief ? [s.brief] : []));
  return [head, ...briefs, `> ✂️ The plan is too large for a comment. ${hint}`, LEGEND].join('\n\n');
}

/** GitHub takes at most 1 MiB of job summary per step, counted in bytes. */
export const JOB_SUMMARY_LIMIT_BYTES = 1_000_000;

/**
 * The GitHub job summary: the same report with no comment marker and a budget in
 * bytes (emoji and the zero-width spaces of escaping take several each).
 */
export function renderJobSummary(plan: Plan, options: Omit<MarkdownOptions, 'marker'> = {}): string {
  return renderMarkdown(plan, {
    ...options,
    limit: options.limit ?? JOB_SUMMARY_LIMIT_BYTES,
    measure: options.measure ?? ((text) => Buffer.byteLength(text, 'utf8')),
  });
}
