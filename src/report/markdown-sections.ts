/**
 * The sections of the pull request comment that are about pods and objects: what
 * does not fit and why, preemption, the workloads and objects changed, placements,
 * the policy rules and the input problems. Each section is one function of the plan;
 * src/report/markdown.ts puts them in order and shortens the comment to fit.
 *
 * Just over ~400 lines: one short function per section, sharing the table helpers.
 */

import { delta, fmt, plural, resourceColumns } from '../format/amounts.ts';
import type { FixAdvice } from '../plan/advice.ts';
import type { ObjectChange } from '../plan/diff.ts';
import type { PolicyRule } from '../plan/policy.ts';
import type { PlacementEntry, Plan } from '../plan/types.ts';
import { escapeMarkdown as esc, escapeMermaid } from './escape.ts';
import { admissionFixOptions, fixOptions, groupUnplaced, workloadPods } from './format.ts';
import { renderTimelineMarkdown, timelineSummaryLine } from './timeline.ts';

export interface Section {
  /** When the comment is too long, sections under KEPT_PRIORITY are dropped, lowest first. */
  priority: number;
  title: string;
  render(rowLimit: number): string;
  /** What stays of the section when it is dropped (its heading and summary line), if anything. */
  brief?: string;
}

/** Workloads listed open under the verdict; more are folded. */
const FOLD_WORKLOADS = 10;

export function mdTable(header: string[], rows: string[][], rowLimit = Number.POSITIVE_INFINITY): string {
  const shown = rows.slice(0, rowLimit);
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const r of shown) lines.push(`| ${r.join(' | ')} |`);
  if (rows.length > shown.length) {
    lines.push(`| … and ${rows.length - shown.length} more |${' |'.repeat(header.length - 1)}`);
  }
  return lines.join('\n');
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

const CHANGE_ICON: Record<string, string> = { added: '🆕', changed: '✏️', removed: '🗑️', unchanged: '' };

export const RULE_TITLES: Record<PolicyRule, string> = {
  unschedulable: 'Unschedulable pods',
  quotaExceeded: 'Quota and admission',
  preemption: 'Preemption',
  utilization: 'Node utilisation',
  nPlusOne: 'N+1',
  missedDeadlines: 'Batch deadlines',
  requireRequests: 'Requests set',
  inputErrors: 'Input errors',
};

/** Opt-in rules the config leaves off, named so nobody mistakes silence for a pass. */
const OPT_IN: PolicyRule[] = ['preemption', 'utilization', 'nPlusOne', 'missedDeadlines', 'requireRequests'];

function fixText(fix: FixAdvice | undefined): string {
  if (!fix) return '';
  const options = fixOptions(fix, esc);
  return options.length > 0 ? options.join(' **or** ') : 'none found';
}

/** Nodes grouped under each reason the scheduler gave, most common first. */
function nodesByReason(p: PlacementEntry): string {
  const byReason = new Map<string, string[]>();
  for (const [node, reasons] of Object.entries(p.nodeReasons ?? {})) {
    for (const reason of reasons) byReason.set(reason, [...(byReason.get(reason) ?? []), node]);
  }
  return [...byReason]
    .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
    .map(([reason, nodes]) => {
      const sorted = [...nodes].sort();
      const shown = sorted.slice(0, 5).map(esc).join(', ');
      return `- ${esc(reason)}: ${shown}${sorted.length > 5 ? ` and ${sorted.length - 5} more` : ''}`;
    })
    .join('\n');
}

function podList(namespace: string, pods: string[]): string {
  const shown = pods.slice(0, 3).map((p) => esc(`${namespace}/${p}`));
  return pods.length > 3 ? `${shown.join(', ')} and ${pods.length - 3} more` : shown.join(', ');
}

function objectDiffRows(diff: ObjectChange[]): string[][] {
  return diff.map((d) => {
    let what = '';
    if (d.secret) {
      what = d.secret
        .map((k) => {
          const size =
            k.change === 'changed'
              ? `${k.sizeBefore} → ${k.sizeAfter} bytes`
              : `${k.change === 'added' ? k.sizeAfter : k.sizeBefore} bytes`;
          return `key ${esc(k.key)} ${k.change} (${size})`;
        })
        .join('; ');
      if (d.fields.length > 0) what += `${what ? '; ' : ''}${d.fields.slice(0, 5).map(esc).join(', ')}`;
    } else if (d.workload) {
      const w = d.workload;
      const bits: string[] = [];
      if (w.replicas) bits.push(`replicas ${w.replicas.before ?? '?'} → ${w.replicas.after ?? '?'}`);
      for (const img of w.images ?? [])
        bits.push(`image ${esc(img.container)}: ${esc(img.before ?? '∅')} → ${esc(img.after ?? '∅')}`);
      if (w.resources) bits.push('resources');
      if (w.scheduling) bits.push(`scheduling (${w.scheduling.map(esc).join(', ')})`);
      if (w.priorityClassName)
        bits.push(
          `priorityClassName ${esc(w.priorityClassName.before ?? '∅')} → ${esc(w.priorityClassName.after ?? '∅')}`,
        );
      what = bits.join('; ');
    } else if (d.fields.length > 0) {
      what =
        d.fields.slice(0, 8).map(esc).join(', ') +
        (d.fields.length > 8 ? ` … (+${d.fields.length - 8})` : '');
    }
    return [
      `${CHANGE_ICON[d.change]} ${d.change}`,
      esc(d.kind),
      esc(d.namespace ? `${d.namespace}/${d.name}` : d.name),
      what || '—',
    ];
  });
}

const STATUS_LABEL: Record<string, string> = {
  unschedulable: 'unschedulable',
  rejected: 'rejected',
  gated: 'gated',
};

/** The pods that are not scheduled, grouped by workload, with the smallest fix. */
export function notScheduledSection(plan: Plan): Section | undefined {
  const unplaced = plan.placements.filter((p) => p.status !== 'scheduled' && p.status !== 'waiting');
  if (unplaced.length === 0) return undefined;
  const fixes = plan.advice?.fixes ?? [];
  const groups = groupUnplaced(unplaced);
  return {
    priority: 100,
    title: 'Not scheduled',
    render: (limit) =>
      [
        `### ❌ Not scheduled (${plural(unplaced.length, 'pod')})`,
        '',
        mdTable(
          ['Workload', 'Pods', 'Why', 'Smallest fix'],
          groups.map(({ first: p, pods }) => [
            `${esc(`${p.namespace}/${p.workload}`)}${p.source ? `<br><sub>${esc(p.source.file)}:${p.source.line}</sub>` : ''}`,
            podList(p.namespace, pods),
            `**${STATUS_LABEL[p.status] ?? esc(p.status)}**: ${esc(p.reason ?? '')}`,
            p.status === 'unschedulable'
              ? fixText(fixes.find((f) => f.namespace === p.namespace && f.workload === p.workload))
              : p.status === 'rejected'
                ? admissionFixOptions(plan, p, esc).join(' **or** ')
                : '',
          ]),
          limit,
        ),
      ].join('\n'),
  };
}

/** Batch pods that wait for capacity: they fit the cluster when it is empty, and run on the timeline. */
export function waitingSection(plan: Plan): Section | undefined {
  const waiting = plan.placements.filter((p) => p.status === 'waiting');
  if (waiting.length === 0) return undefined;
  return {
    priority: 96,
    title: 'Waiting for capacity',
    render: (limit) =>
      [
        `### ⏳ Waiting for capacity (${plural(waiting.length, 'pod')}: batch work that runs when room frees up, not a failure)`,
        '',
        mdTable(
          ['Workload', 'Pods', 'Why'],
          groupUnplaced(waiting).map(({ first: p, pods }) => [
            `${esc(`${p.namespace}/${p.workload}`)}${p.source ? `<br><sub>${esc(p.source.file)}:${p.source.line}</sub>` : ''}`,
            podList(p.namespace, pods),
            esc(p.reason ?? ''),
          ]),
          limit,
        ),
      ].join('\n'),
  };
}

/** Objects with a pod template berth did not plan (unknown workload kinds): their pods are not in the figures. */
export function unsimulatedSection(plan: Plan): Section | undefined {
  const rows = plan.unsimulated ?? [];
  if (rows.length === 0) return undefined;
  return {
    priority: 98,
    title: 'Not simulated',
    render: (limit) =>
      [
        `### ⚠️ Not simulated (${plural(rows.length, 'object')}: their pods are not in the figures)`,
        '',
        mdTable(
          ['Object', 'Kind', 'Why'],
          rows.map((u) => [
            `${esc(`${u.namespace}/${u.name}`)}<br><sub>${esc(u.source.file)}:${u.source.line}</sub>`,
            esc(u.kind),
            esc(u.reason),
          ]),
          limit,
        ),
      ].join('\n'),
  };
}

/** For each unschedulable workload, the nodes under each reason the scheduler gave. */
export function whyNotSection(plan: Plan): Section | undefined {
  const unplaced = plan.placements.filter((p) => p.status !== 'scheduled');
  const explained = groupUnplaced(unplaced).filter(
    (g) => g.first.status === 'unschedulable' && Object.keys(g.first.nodeReasons ?? {}).length > 0,
  );
  if (explained.length === 0) return undefined;
  return {
    priority: 85,
    title: 'Why not, node by node',
    render: (limit) =>
      details(
        'Why not, node by node',
        explained
          .slice(0, Math.min(limit, 10))
          .map(
            ({ first: p }) =>
              `**${esc(`${p.namespace}/${p.workload}`)}** (${esc(p.pod)})\n${nodesByReason(p)}`,
          )
          .join('\n\n'),
      ),
  };
}

/** The incoming pods that evict running ones, and whom they evict. */
export function preemptionSection(plan: Plan): Section | undefined {
  const preempting = plan.placements.filter((p) => (p.victims ?? []).length > 0);
  if (preempting.length === 0) return undefined;
  return {
    priority: 95,
    title: 'Preemption',
    render: (limit) =>
      [
        `### ⚠️ Preemption: ${plural(plan.summary.preempted, 'running pod')} evicted`,
        '',
        mdTable(
          ['Incoming pod', 'Node', 'Evicts'],
          preempting.map((p) => [
            esc(`${p.namespace}/${p.pod}`),
            esc(p.node),
            (p.victims ?? []).map(esc).join(', '),
          ]),
          limit,
        ),
      ].join('\n'),
  };
}

/** The workloads the change touches and their requests before → after, with what preemption evicts. */
export function workloadsSection(plan: Plan): Section | undefined {
  const changed = plan.workloads.filter((w) => w.change !== 'unchanged');
  const evicted = plan.resources.cluster.preempted;
  if (changed.length === 0 && evicted.pods === 0) return undefined;
  const columns = resourceColumns([
    ...changed.flatMap((w) => [w.requests.before, w.requests.after]),
    evicted.requests,
  ]);
  const cells = (before: Record<string, number>, after: Record<string, number>) =>
    columns.map((c) => {
      const b = before[c] ?? 0;
      const a = after[c] ?? 0;
      return b === a ? fmt(c, a) : `${fmt(c, b)} → ${fmt(c, a)} (${delta(c, b, a)})`;
    });
  const rows = changed.map((w) => [
    `${CHANGE_ICON[w.change]} ${w.change}`,
    esc(`${w.namespace}/${w.kind}/${w.name}`),
    workloadPods(w, '→'),
    ...cells(w.requests.before, w.requests.after),
  ]);
  if (evicted.pods > 0) {
    rows.push(['⚠️ preempted', 'running pods evicted', `${evicted.pods} → 0`, ...cells(evicted.requests, {})]);
  }
  return {
    priority: 90,
    title: 'Workloads',
    render: (limit) => {
      const table = mdTable(
        ['', 'Workload', 'Pods', ...columns.map((c) => `${esc(c)} requests`)],
        rows,
        limit,
      );
      // A long list would push everything else out of the first screen: fold it.
      return rows.length > FOLD_WORKLOADS
        ? details(`Workloads changed (${changed.length})`, table)
        : `### Workloads changed\n\n${table}`;
    },
  };
}

/** The batch timeline, which leaves its summary line when dropped. */
export function timelineSection(plan: Plan): Section | undefined {
  const timeline = plan.timeline;
  if (!timeline || timeline.jobs.length === 0) return undefined;
  return {
    priority: 80,
    title: 'Batch timeline',
    render: (limit) =>
      renderTimelineMarkdown(timeline, {
        escape: esc,
        escapeMermaid,
        ...(Number.isFinite(limit) ? { maxRows: limit } : {}),
      }),
    brief: `### Batch timeline\n\n${timelineSummaryLine(timeline)}`,
  };
}

/** Every scheduled pod and its node. */
export function placementsSection(plan: Plan): Section | undefined {
  const placed = plan.placements.filter((p) => p.status === 'scheduled');
  if (placed.length === 0) return undefined;
  return {
    priority: 20,
    title: 'Placements',
    render: (limit) =>
      details(
        `Placements (${plural(placed.length, 'pod')})`,
        mdTable(
          ['Pod', 'Workload', 'Node'],
          placed.map((p) => [esc(`${p.namespace}/${p.pod}`), esc(p.workload), esc(p.node)]),
          limit,
        ),
      ),
  };
}

/** Every object the change adds, changes or removes, and what changed in it. */
export function objectsSection(plan: Plan): Section | undefined {
  const otherChanges = plan.diff;
  if (otherChanges.length === 0) return undefined;
  return {
    priority: 30,
    title: 'Objects',
    render: (limit) =>
      details(
        `Objects changed (${otherChanges.length})`,
        mdTable(['Change', 'Kind', 'Object', 'What changed'], objectDiffRows(otherChanges), limit),
      ),
  };
}

/** Each policy rule checked and its result, and the opt-in rules left off. */
export function policySection(plan: Plan): Section {
  return {
    priority: 35,
    title: 'Policy',
    render: () => {
      const results = plan.policy.results;
      const checked = new Set(results.map((r) => r.rule));
      const off = OPT_IN.filter((r) => !checked.has(r)).map((r) => RULE_TITLES[r]);
      const lines = results.map(
        (r) => `- ${r.passed ? '✅' : '❌'} **${RULE_TITLES[r.rule]}**: ${esc(r.message)}`,
      );
      if (off.length > 0) lines.push(`- ➖ Not checked (opt-in in the config): ${off.join(', ')}`);
      return details(
        `Policy: ${results.filter((r) => r.passed).length} of ${plural(results.length, 'rule')} pass`,
        lines.join('\n'),
      );
    },
  };
}

/** The input diagnostics, errors first, as a list of at most `limit` lines. */
function diagnosticList(plan: Plan, limit: number): string {
  // Errors first: an input error means part of the change was not planned at all.
  const ordered = [...plan.diagnostics].sort(
    (a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'),
  );
  return (
    ordered
      .slice(0, limit)
      .map((d) => `- ${d.severity}: ${esc(d.file)}:${d.line}:${d.column}: ${esc(d.message)}`)
      .join('\n') + (ordered.length > limit ? `\n- … and ${ordered.length - limit} more` : '')
  );
}

/** Input diagnostics when any is an error: shown open, above everything else. */
export function inputProblemsSection(plan: Plan): Section | undefined {
  if (!plan.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return {
    priority: 92,
    title: 'Input problems',
    render: (limit) =>
      `### ❌ Input problems (${plan.diagnostics.length})\n\n${diagnosticList(plan, Math.min(limit, 25))}`,
  };
}

/** Input diagnostics when all are warnings: folded, last. */
export function inputWarningsSection(plan: Plan): Section | undefined {
  if (plan.diagnostics.length === 0 || plan.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return {
    priority: 70,
    title: 'Input warnings',
    render: (limit) => details(`⚠️ Input warnings (${plan.diagnostics.length})`, diagnosticList(plan, limit)),
  };
}
