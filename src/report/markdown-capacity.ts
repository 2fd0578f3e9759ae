/**
 * The sections of the pull request comment that are about the cluster's capacity:
 * headroom, rollout surge and N+1; requests by namespace, pool and cluster; the
 * nodes with their utilisation chart. Each section is one function of the plan.
 */

import { fmt, percent, plural, resourceColumns, usage } from '../format/amounts.ts';
import type { Plan } from '../plan/types.ts';
import { escapeMarkdown as esc, escapeMermaid } from './escape.ts';
import { skippedText } from './format.ts';
import { details, mdTable, type Section } from './markdown-sections.ts';

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

/** Headroom per workload, rollout surge and N+1, with what needs attention on the fold. */
export function capacitySection(plan: Plan): Section | undefined {
  const advice = plan.advice;
  const skipped = skippedText(advice?.skipped);
  if (
    !advice ||
    !(advice.headroom.length > 0 || advice.surge.length > 0 || advice.nPlusOne.worstNode || skipped)
  )
    return undefined;
  return {
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
  };
}

/** Requests by namespace (with quota headroom), by node pool and for the cluster; overcommit and cost. */
export function resourcesSection(plan: Plan): Section {
  const res = plan.resources;
  return {
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
  };
}

/** Every node's requested share of allocatable before → after, with a chart of the busiest. */
export function nodesSection(plan: Plan): Section {
  const columns = resourceColumns(plan.nodes.flatMap((n) => [n.requested.after, n.allocatable]));
  return {
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
  };
}
