/**
 * The plan as a pull request comment. A reviewer must see in ten seconds whether
 * the change fits: verdict and summary first, the pods that do not fit next, and
 * every detail folded below. Every string from a manifest or the cluster goes
 * through `escapeMarkdown`.
 */

import type { Plan } from '../plan/types.ts';
import { escapeMarkdown as esc } from './escape.ts';
import { resourceColumns, usage } from './format.ts';

/** GitHub rejects comments over 65,536 characters; stay clear of it. */
export const MARKDOWN_LIMIT = 65_000;

export interface MarkdownOptions {
  /** Hidden marker that lets the Action find its own comment again. */
  marker?: string;
  /** Where the full report lives when the comment had to be shortened. */
  fullReportHint?: string;
  /** Title line, e.g. the cluster name. */
  title?: string;
}

function cell(value: unknown): string {
  return esc(value);
}

function mdTable(header: string[], rows: string[][]): string {
  const head = `| ${header.join(' | ')} |`;
  const rule = `|${header.map(() => ' --- ').join('|')}|`;
  return [head, rule, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function headline(plan: Plan): string {
  const s = plan.summary;
  const icon = plan.passed ? '✅' : '❌';
  const parts = [`**${s.scheduled}/${s.pods} pods scheduled**`];
  if (s.unschedulable) parts.push(`**${s.unschedulable} unschedulable**`);
  if (s.rejected) parts.push(`**${s.rejected} rejected by admission**`);
  if (s.gated) parts.push(`${s.gated} gated`);
  if (s.preempted) parts.push(`**${s.preempted} running pods preempted**`);
  return `${icon} ${plan.passed ? 'Fits' : 'Does not fit'}: ${parts.join(', ')} on ${plan.cluster.nodes} nodes (${esc(plan.cluster.source)}).`;
}

interface Section {
  /** Lower is dropped first when the comment is too long. */
  priority: number;
  text: string;
}

function sections(plan: Plan): Section[] {
  const out: Section[] = [];
  const unplaced = plan.placements.filter((p) => p.status !== 'scheduled');
  if (unplaced.length > 0) {
    out.push({
      priority: 90,
      text: [
        '### Not scheduled',
        '',
        mdTable(
          ['Pod', 'Workload', 'Status', 'Reason'],
          unplaced.map((p) => [
            cell(`${p.namespace}/${p.pod}`),
            cell(p.workload) + (p.source ? ` (${cell(p.source.file)}:${p.source.line})` : ''),
            p.status,
            cell(p.reason ?? ''),
          ]),
        ),
      ].join('\n'),
    });
  }
  const preempting = plan.placements.filter((p) => (p.victims ?? []).length > 0);
  if (preempting.length > 0) {
    out.push({
      priority: 85,
      text: [
        '### Preemption',
        '',
        mdTable(
          ['Pod', 'Node', 'Evicts'],
          preempting.map((p) => [
            cell(`${p.namespace}/${p.pod}`),
            cell(p.node),
            (p.victims ?? []).map(cell).join(', '),
          ]),
        ),
      ].join('\n'),
    });
  }
  const changed = plan.workloads.filter((w) => w.change !== 'unchanged');
  if (changed.length > 0) {
    out.push({
      priority: 70,
      text: [
        '### Workloads',
        '',
        mdTable(
          ['Change', 'Workload', 'Replicas'],
          changed.map((w) => [
            w.change,
            cell(`${w.namespace}/${w.kind}/${w.name}`),
            w.change === 'added' ? String(w.replicas.after) : `${w.replicas.before} → ${w.replicas.after}`,
          ]),
        ),
      ].join('\n'),
    });
  }
  const columns = resourceColumns(plan.nodes.flatMap((n) => [n.requested.after, n.allocatable]));
  out.push({
    priority: 50,
    text: details(
      `Nodes: requested / allocatable, before → after (${plan.nodes.length})`,
      mdTable(
        ['Node', 'Pool', 'Pods', ...columns.map(cell)],
        plan.nodes.map((n) => [
          cell(n.name),
          cell(n.pool ?? '-'),
          n.pods.before === n.pods.after ? String(n.pods.after) : `${n.pods.before} → ${n.pods.after}`,
          ...columns.map((c) => {
            const before = usage(c, n.requested.before, n.allocatable);
            const after = usage(c, n.requested.after, n.allocatable);
            return before === after ? cell(after) : `${cell(before)} → **${cell(after)}**`;
          }),
        ]),
      ),
    ),
  });
  const placed = plan.placements.filter((p) => p.status === 'scheduled');
  if (placed.length > 0) {
    out.push({
      priority: 30,
      text: details(
        `Placements (${placed.length} pods)`,
        mdTable(
          ['Pod', 'Workload', 'Node'],
          placed.map((p) => [cell(`${p.namespace}/${p.pod}`), cell(p.workload), cell(p.node)]),
        ),
      ),
    });
  }
  if (plan.diagnostics.length > 0) {
    out.push({
      priority: 60,
      text: details(
        `Input problems (${plan.diagnostics.length})`,
        plan.diagnostics
          .map((d) => `- ${d.severity}: ${cell(d.file)}:${d.line}:${d.column}: ${cell(d.message)}`)
          .join('\n'),
      ),
    });
  }
  return out;
}

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const top: string[] = [];
  if (options.marker) top.push(options.marker);
  top.push(`## ${options.title ? esc(options.title) : 'berth plan'}`, '', headline(plan));
  const head = top.join('\n');
  const all = sections(plan);
  const legend = '<sub>Plan by berth: a simulation of kube-scheduler on the cluster above.</sub>';

  const compose = (kept: Section[], note: string | null) =>
    [head, ...kept.map((s) => s.text), ...(note ? [note] : []), legend].join('\n\n');

  let kept = [...all];
  let text = compose(kept, null);
  const dropped: string[] = [];
  // Staged shortening: drop the least important section until it fits; the
  // headline (verdict) is never dropped.
  while (text.length > MARKDOWN_LIMIT && kept.length > 0) {
    const victim = kept.reduce((a, b) => (b.priority < a.priority ? b : a));
    kept = kept.filter((s) => s !== victim);
    dropped.push(victim.text.split('\n')[0]!.replace(/<[^>]+>/g, '').replace(/^#+ /, ''));
    const note = `> ✂️ Shortened to fit a comment: left out ${dropped.map((d) => `"${d}"`).join(', ')}. ${
      options.fullReportHint ?? 'Run `berth plan --format json` for the full report.'
    }`;
    text = compose(kept, note);
  }
  if (text.length > MARKDOWN_LIMIT) text = `${text.slice(0, MARKDOWN_LIMIT - 200)}\n\n> ✂️ Cut at ${MARKDOWN_LIMIT} characters.`;
  return text;
}
