/**
 * The plan as a pull request comment. A reviewer must see in ten seconds whether
 * the change fits and what it costs: verdict and summary first, the pods that do
 * not fit next, and every detail folded below. Every string from a manifest or
 * the cluster goes through `escapeMarkdown`.
 */

import { delta, fmt, percent, plural, resourceColumns, usage } from '../format/amounts.ts';
import type { FixAdvice } from '../plan/advice.ts';
import type { ObjectChange } from '../plan/diff.ts';
import type { PolicyRule } from '../plan/policy.ts';
import type { PlacementEntry, Plan } from '../plan/types.ts';
import { escapeMarkdown as esc, escapeMermaid } from './escape.ts';
import {
  admissionFixOptions,
  figuresLegend,
  fixOptions,
  groupUnplaced,
  skippedText,
  workloadPods,
} from './format.ts';
import { renderTimelineMarkdown, timelineSummaryLine } from './timeline.ts';

/** Workloads listed open under the verdict; more are folded. */
const FOLD_WORKLOADS = 10;

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

interface Section {
  /** When the comment is too long, sections under KEPT_PRIORITY are dropped, lowest first. */
  priority: number;
  title: string;
  render(rowLimit: number): string;
  /** What stays of the section when it is dropped (its heading and summary line), if anything. */
  brief?: string;
}

function mdTable(header: string[], rows: string[][], rowLimit = Number.POSITIVE_INFINITY): string {
  const shown = rows.slice(0, rowLimit);
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const r of shown) lines.push(`| ${r.join(' | ')} |`);
  if (rows.length > shown.length) {
    lines.push(`| … and ${rows.length - shown.length} more |${' |'.repeat(header.length - 1)}`);
  }
  return lines.join('\n');
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

const CHANGE_ICON: Record<string, string> = { added: '🆕', changed: '✏️', removed: '🗑️', unchanged: '' };

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
  if (s.preempted) parts.push(`**⚠️ ${plural(s.preempted, 'running pod')} preempted**`);
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

const RULE_TITLES: Record<PolicyRule, string> = {
  unschedulable: 'Unschedulable pods',
  quotaExceeded: 'Quota and admission',
  preemption: 'Preemption',
  utilization: 'Node utilisation',
  nPlusOne: 'N+1',
  missedDeadlines: 'Batch deadlines',
  inputErrors: 'Input errors',
};

/** Opt-in rules the config leaves off, named so nobody mistakes silence for a pass. */
const OPT_IN: PolicyRule[] = ['preemption', 'utilization', 'nPlusOne', 'missedDeadlines'];

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

/** The busiest nodes a chart can still label legibly. */
const CHART_NODES = 30;

function utilisationChart(plan: Plan, resource: string): string {
  const withResource = plan.nodes.filter((n) => (n.allocatable[resource] ?? 0) > 0).length;
  const nodes = [...plan.nodes]
    .filter((n) => (n.allocatable[resource] ?? 0) > 0)
    .sort((a, b) => {
      const share = (n: typeof a) => (n.requested.after[resource] ?? 0) / (n.allocatable[resource] ?? 1);
      return share(b) - share(a) || a.name.localeCompare(b.name);
    })
    .slice(0, CHART_NODES);
  if (nodes.length === 0) return '';
  const which = withResource > nodes.length ? `, the ${nodes.length} busiest of ${withResource} nodes` : '';
  const pct = (n: (typeof nodes)[number], when: 'before' | 'after') =>
    Math.round(((n.requested[when][resource] ?? 0) / (n.allocatable[resource] ?? 1)) * 100);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "${escapeMermaid(resource)} requested, % of allocatable (bars after, line before${which})"`,
    `  x-axis [${nodes.map((n) => `"${escapeMermaid(n.name)}"`).join(', ')}]`,
    '  y-axis "%" 0 --> 100',
    `  bar [${nodes.map((n) => Math.min(100, pct(n, 'after'))).join(', ')}]`,
    `  line [${nodes.map((n) => Math.min(100, pct(n, 'before'))).join(', ')}]`,
    '```',
  ].join('\n');
}

function sections(plan: Plan, options: MarkdownOptions): Section[] {
  const out: Section[] = [];
  const unplaced = plan.placements.filter((p) => p.status !== 'scheduled');
  const fixes = plan.advice?.fixes ?? [];
  if (unplaced.length > 0) {
    const groups = groupUnplaced(unplaced);
    const label: Record<string, string> = {
      unschedulable: 'unschedulable',
      rejected: 'rejected',
      gated: 'gated',
    };
    out.push({
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
              `**${label[p.status] ?? esc(p.status)}**: ${esc(p.reason ?? '')}`,
              p.status === 'unschedulable'
                ? fixText(fixes.find((f) => f.namespace === p.namespace && f.workload === p.workload))
                : p.status === 'rejected'
                  ? admissionFixOptions(plan, p, esc).join(' **or** ')
                  : '',
            ]),
            limit,
          ),
        ].join('\n'),
    });
  }
  const explained = groupUnplaced(unplaced).filter(
    (g) => g.first.status === 'unschedulable' && Object.keys(g.first.nodeReasons ?? {}).length > 0,
  );
  if (explained.length > 0) {
    out.push({
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
    });
  }
  const preempting = plan.placements.filter((p) => (p.victims ?? []).length > 0);
  if (preempting.length > 0) {
    out.push({
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
    });
  }
  const changed = plan.workloads.filter((w) => w.change !== 'unchanged');
  const evicted = plan.resources.cluster.preempted;
  if (changed.length > 0 || evicted.pods > 0) {
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
      rows.push([
        '⚠️ preempted',
        'running pods evicted',
        `${evicted.pods} → 0`,
        ...cells(evicted.requests, {}),
      ]);
    }
    out.push({
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
    });
  }
  if (plan.timeline && plan.timeline.jobs.length > 0) {
    const timeline = plan.timeline;
    out.push({
      priority: 80,
      title: 'Batch timeline',
      render: (limit) =>
        renderTimelineMarkdown(timeline, {
          escape: esc,
          escapeMermaid,
          ...(Number.isFinite(limit) ? { maxRows: limit } : {}),
        }),
      brief: `### Batch timeline\n\n${timelineSummaryLine(timeline)}`,
    });
  }
  for (const extra of options.extraSections ?? []) {
    out.push({ priority: extra.priority, title: extra.title, render: () => extra.body });
  }
  const advice = plan.advice;
  const skipped = skippedText(advice?.skipped);
  if (
    advice &&
    (advice.headroom.length > 0 || advice.surge.length > 0 || advice.nPlusOne.worstNode || skipped)
  ) {
    out.push({
      priority: 60,
      title: 'Capacity',
      render: (limit) => {
        const body: string[] = [];
        if (skipped) body.push(`⚠️ ${esc(skipped)}.`);
        if (advice.headroom.length > 0) {
          body.push(
            mdTable(
              ['Workload', 'More replicas that fit now'],
              advice.headroom.map((h) => [
                esc(`${h.namespace}/${h.workload}`),
                `${h.more}${h.capped ? '+' : ''}`,
              ]),
              limit,
            ),
          );
        }
        if (advice.surge.length > 0) {
          body.push(
            mdTable(
              ['Rollout', 'Surge pods', 'Max unavailable', 'Extra requests at peak', 'Fits'],
              advice.surge.map((s) => [
                esc(`${s.namespace}/${s.workload}`),
                String(s.extraPods),
                String(s.maxUnavailable),
                Object.entries(s.extra)
                  .map(([r, v]) => `${fmt(r, v)} ${esc(r)}`)
                  .join(', '),
                s.fits
                  ? '✅'
                  : s.maxUnavailable > 0
                    ? `⚠️ no: old pods go first, ${s.maxUnavailable} at a time`
                    : '❌ no: the rollout stalls (maxUnavailable 0)',
              ]),
              limit,
            ),
          );
        }
        const n1 = advice.nPlusOne;
        if (n1.worstNode) {
          // ❌ only when the policy checks N+1; otherwise it is a warning.
          const mark = plan.policy.results.some((r) => r.rule === 'nPlusOne') ? '❌' : '⚠️';
          body.push(
            n1.unplaced === 0
              ? `**N+1** ✅: any single node can fail; the hardest case, ${esc(n1.worstNode)}, has ${plural(n1.pods, 'pod')} that all fit elsewhere.`
              : `**N+1** ${mark}: if ${esc(n1.worstNode)} fails, ${n1.unplaced} of its ${plural(n1.pods, 'pod')} cannot be placed elsewhere.`,
          );
        }
        // What needs attention shows on the fold, so nobody has to open it to find out.
        const alerts: string[] = [];
        const stalled = advice.surge.filter((s) => !s.fits && s.maxUnavailable === 0).length;
        const slowed = advice.surge.filter((s) => !s.fits && s.maxUnavailable > 0).length;
        if (stalled > 0) alerts.push(`❌ ${plural(stalled, 'rollout')} would stall`);
        if (slowed > 0) alerts.push(`⚠️ ${plural(slowed, 'rollout')} cannot surge`);
        if (n1.worstNode && n1.unplaced > 0) alerts.push('⚠️ N+1 at risk');
        const summary = `Capacity: headroom, rollout surge, N+1${alerts.length > 0 ? ` · ${alerts.join(' · ')}` : ''}`;
        return details(summary, body.join('\n\n'));
      },
    });
  }
  const res = plan.resources;
  out.push({
    priority: 50,
    title: 'Resources',
    render: (limit) => {
      const cols = resourceColumns([res.cluster.requests.after, res.cluster.requests.before]);
      const beforeAfter = (b: Record<string, number>, a: Record<string, number>) =>
        cols.map((c) => ((b[c] ?? 0) === (a[c] ?? 0) ? fmt(c, a[c]) : `${fmt(c, b[c])} → ${fmt(c, a[c])}`));
      const body = [
        '**Requests by namespace** (before → after)',
        '',
        res.namespaces.length === 0
          ? 'No namespace changes its requests.'
          : mdTable(
              ['Namespace', 'Pods', ...cols.map(esc), 'Quota headroom after'],
              res.namespaces.map((n) => [
                esc(n.namespace),
                n.pods.before === n.pods.after ? String(n.pods.after) : `${n.pods.before} → ${n.pods.after}`,
                ...beforeAfter(n.requests.before, n.requests.after),
                n.quotas
                  .map(
                    (q) =>
                      `${esc(q.name)}: ${Object.entries(q.headroom)
                        .map(
                          ([k, v]) =>
                            `${esc(k)} ${v < 0 ? '**' : ''}${fmt(k.replace(/^(requests|limits)\./, ''), v)}${v < 0 ? '**' : ''}`,
                        )
                        .join(', ')}`,
                  )
                  .join('; '),
              ]),
              limit,
            ),
        '',
        '**Requests by node pool** (of allocatable)',
        '',
        mdTable(
          ['Pool', 'Nodes', ...cols.map(esc)],
          res.pools.map((p) => [
            esc(p.pool),
            String(p.nodes),
            ...cols.map((c) => {
              const b = usage(c, p.requests.before, p.allocatable);
              const a = usage(c, p.requests.after, p.allocatable);
              return b === a ? a : `${b} → ${a}`;
            }),
          ]),
          limit,
        ),
        '',
        `**Cluster**: requests ${beforeAfter(res.cluster.requests.before, res.cluster.requests.after)
          .map((v, i) => `${esc(cols[i])} ${v}`)
          .join(', ')}; limits ${beforeAfter(res.cluster.limits.before, res.cluster.limits.after)
          .map((v, i) => `${esc(cols[i])} ${v}`)
          .join(', ')}.`,
      ];
      if (res.overcommit.length > 0) {
        body.push(
          '',
          `**Limit overcommit**: ${res.overcommit
            .slice(0, limit)
            .map(
              (o) => `${esc(o.node)} ${esc(o.resource)} ${percent(o.limits, o.allocatable)} of allocatable`,
            )
            .join(
              ', ',
            )}${res.overcommit.length > limit ? ` and ${res.overcommit.length - limit} more` : ''}.`,
        );
      }
      if (res.cost) {
        body.push(
          '',
          `**Cost** of requested resources: ${res.cost.monthlyBefore.toFixed(2)} → ${res.cost.monthlyAfter.toFixed(2)} ${esc(res.cost.currency)} per month.`,
        );
      }
      const alerts: string[] = [];
      const overQuota = res.namespaces
        .flatMap((n) => n.quotas)
        .filter((q) => Object.values(q.headroom).some((v) => v < 0));
      if (overQuota.length > 0) alerts.push(`❌ ${plural(overQuota.length, 'quota')} over`);
      const overcommitted = new Set(res.overcommit.map((o) => o.node)).size;
      if (overcommitted > 0) alerts.push(`⚠️ limits overcommit ${plural(overcommitted, 'node')}`);
      return details(
        `Resource diff: namespaces, pools, cluster${alerts.length > 0 ? ` · ${alerts.join(' · ')}` : ''}`,
        body.join('\n'),
      );
    },
  });
  const columns = resourceColumns(plan.nodes.flatMap((n) => [n.requested.after, n.allocatable]));
  out.push({
    priority: 40,
    title: 'Nodes',
    render: (limit) =>
      details(
        `Nodes: requested / allocatable, before → after (${plan.nodes.length})`,
        [
          limit >= 25 ? utilisationChart(plan, 'cpu') : '',
          mdTable(
            ['Node', 'Pool', 'Pods', ...columns.map(esc)],
            plan.nodes.map((n) => [
              esc(n.name),
              esc(n.pool ?? '-'),
              n.pods.before === n.pods.after ? String(n.pods.after) : `${n.pods.before} → ${n.pods.after}`,
              ...columns.map((c) => {
                const before = usage(c, n.requested.before, n.allocatable);
                const after = usage(c, n.requested.after, n.allocatable);
                return before === after ? after : `${before} → **${after}**`;
              }),
            ]),
            limit,
          ),
        ]
          .filter(Boolean)
          .join('\n\n'),
      ),
  });
  const placed = plan.placements.filter((p) => p.status === 'scheduled');
  if (placed.length > 0) {
    out.push({
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
    });
  }
  const otherChanges = plan.diff;
  if (otherChanges.length > 0) {
    out.push({
      priority: 30,
      title: 'Objects',
      render: (limit) =>
        details(
          `Objects changed (${otherChanges.length})`,
          mdTable(['Change', 'Kind', 'Object', 'What changed'], objectDiffRows(otherChanges), limit),
        ),
    });
  }
  out.push({
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
  });
  if (plan.diagnostics.length > 0) {
    // Errors first: an input error means part of the change was not planned at all.
    const ordered = [...plan.diagnostics].sort(
      (a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'),
    );
    const errors = ordered.filter((d) => d.severity === 'error').length;
    const list = (limit: number) =>
      ordered
        .slice(0, limit)
        .map((d) => `- ${d.severity}: ${esc(d.file)}:${d.line}:${d.column}: ${esc(d.message)}`)
        .join('\n') + (ordered.length > limit ? `\n- … and ${ordered.length - limit} more` : '');
    if (errors > 0) {
      out.unshift({
        priority: 92,
        title: 'Input problems',
        render: (limit) => `### ❌ Input problems (${ordered.length})\n\n${list(Math.min(limit, 25))}`,
      });
    } else {
      out.push({
        priority: 70,
        title: 'Input warnings',
        render: (limit) => details(`⚠️ Input warnings (${ordered.length})`, list(limit)),
      });
    }
  }
  return out;
}

const LEGEND = `<sub>berth simulated kube-scheduler on this cluster: 🆕 added · ✏️ changed · 🗑️ removed · a → b is before → after · CPU in cores (m = millicores) · ${figuresLegend('→')} · requests are what the scheduler reserves, limits what containers may use.</sub>`;

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const size = options.measure ?? ((text: string) => text.length);
  const top: string[] = [];
  if (options.marker) top.push(options.marker);
  top.push(`## berth plan${options.title ? ` · ${esc(options.title)}` : ''}`, '', headline(plan));
  const head = top.join('\n');
  const all = sections(plan, options);

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
