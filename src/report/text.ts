/**
 * The plan for a terminal: the verdict and what the change costs first, then
 * failing rules, pods that do not fit with their fix, and compact tables of the
 * diff, resources, capacity and nodes. Colour only when asked (the CLI asks when
 * stdout is a TTY). Strings from manifests or the cluster have their control
 * characters escaped (`printable`), so a name cannot move the cursor, recolour the
 * terminal or start a line of its own.
 */

import { delta, fmt, percent, plural, resourceColumns, usage } from '../format/amounts.ts';
import { formatDiagnostic } from '../model/diagnostics.ts';
import { printable } from '../model/printable.ts';
import type { FixAdvice } from '../plan/advice.ts';
import type { ObjectChange } from '../plan/diff.ts';
import type { Plan } from '../plan/types.ts';
import {
  admissionFixOptions,
  figuresLegend,
  fixOptions,
  groupUnplaced,
  skippedText,
  workloadPods,
} from './format.ts';
import { textTable } from './table.ts';

export interface TextOptions {
  color?: boolean;
}

/** A user string made inert for a terminal: one line, every control character escaped. */
export function plain(value: unknown): string {
  return printable(value);
}

function beforeAfter(resource: string, before: number | undefined, after: number | undefined): string {
  const d = delta(resource, before, after);
  return d === '0' ? fmt(resource, after) : `${fmt(resource, before)} -> ${fmt(resource, after)} (${d})`;
}

function fixText(fix: FixAdvice | undefined): string {
  return fix ? fixOptions(fix, plain, '<=').join(' or ') : '';
}

function whatChanged(d: ObjectChange): string {
  if (d.secret) {
    return d.secret
      .map((k) =>
        k.change === 'changed'
          ? `key ${plain(k.key)} changed (${k.sizeBefore} -> ${k.sizeAfter} bytes)`
          : `key ${plain(k.key)} ${k.change} (${k.change === 'added' ? k.sizeAfter : k.sizeBefore} bytes)`,
      )
      .join('; ');
  }
  if (d.workload) {
    const w = d.workload;
    const bits: string[] = [];
    if (w.replicas) bits.push(`replicas ${w.replicas.before ?? '-'} -> ${w.replicas.after ?? '-'}`);
    for (const img of w.images ?? []) {
      bits.push(`image ${plain(img.container)}: ${plain(img.before ?? '-')} -> ${plain(img.after ?? '-')}`);
    }
    if (w.resources) bits.push('resources');
    if (w.scheduling) bits.push(`scheduling (${w.scheduling.map(plain).join(', ')})`);
    if (w.priorityClassName) {
      bits.push(
        `priorityClassName ${plain(w.priorityClassName.before ?? '-')} -> ${plain(w.priorityClassName.after ?? '-')}`,
      );
    }
    return bits.join('; ');
  }
  return d.fields.length > 4
    ? `${d.fields.slice(0, 4).map(plain).join(', ')} (+${d.fields.length - 4})`
    : d.fields.map(plain).join(', ');
}

export function renderText(plan: Plan, options: TextOptions = {}): string {
  const paint = (code: number) => (s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const red = paint(31);
  const green = paint(32);
  const yellow = paint(33);
  const bold = paint(1);
  const dim = paint(2);
  const out: string[] = [];
  const section = (title: string) => out.push('', bold(title));
  const s = plan.summary;

  const verdict = plan.passed ? green('PASS') : red('FAIL');
  const parts = [`${s.pods} pods`, `${s.scheduled} scheduled`];
  if (s.unschedulable) parts.push(red(`${s.unschedulable} unschedulable`));
  if (s.rejected) parts.push(red(`${s.rejected} rejected`));
  if (s.gated) parts.push(yellow(`${s.gated} gated`));
  if (s.waiting) parts.push(yellow(`${s.waiting} waiting for capacity`));
  if (s.preempted) parts.push(yellow(`${plural(s.preempted, 'running pod')} preempted`));
  if (plan.unsimulated?.length)
    parts.push(yellow(`${plural(plan.unsimulated.length, 'object')} not simulated`));
  out.push(
    `${bold('berth plan')} ${verdict}: ${parts.join(', ')} (cluster ${plain(plan.cluster.source)}: ${plural(plan.cluster.nodes, 'node')})`,
  );
  const req = plan.resources.cluster.requests;
  const columns = resourceColumns([req.before, req.after]);
  let costLine = `Cluster requests: ${columns.map((c) => `${plain(c)} ${beforeAfter(c, req.before[c], req.after[c])}`).join(', ')}`;
  const cost = plan.resources.cost;
  if (cost) {
    const sign = cost.monthlyDelta > 0 ? '+' : cost.monthlyDelta < 0 ? '-' : '+-';
    costLine += `; cost ${sign}${Math.abs(cost.monthlyDelta).toFixed(2)} ${plain(cost.currency)}/month (${cost.monthlyBefore.toFixed(2)} -> ${cost.monthlyAfter.toFixed(2)})`;
  }
  out.push(costLine);

  section('Policy');
  const checked = new Set(plan.policy.results.map((r) => r.rule));
  out.push(
    textTable(
      ['', 'RULE', 'RESULT'],
      plan.policy.results.map((r) => [r.passed ? green('ok') : red('FAIL'), r.rule, plain(r.message)]),
    ),
  );
  const off = (
    ['preemption', 'utilization', 'nPlusOne', 'missedDeadlines', 'requireRequests'] as const
  ).filter((r) => !checked.has(r));
  if (off.length > 0) out.push(dim(`not checked (opt-in): ${off.join(', ')}`));

  const waiting = plan.placements.filter((p) => p.status === 'waiting');
  if (waiting.length > 0) {
    section(yellow(`Waiting for capacity (${plural(waiting.length, 'pod')}: batch work, not a failure)`));
    for (const { first: p, pods } of groupUnplaced(waiting)) {
      const where = p.source ? ` (${plain(p.source.file)}:${p.source.line})` : '';
      const names = pods.slice(0, 5).map((pod) => `${plain(p.namespace)}/${plain(pod)}`);
      const more = pods.length > 5 ? ` and ${pods.length - 5} more` : '';
      out.push(`${yellow('waiting')} ${names.join(', ')}${more} [${plain(p.workload)}]${where}`);
      out.push(`  ${plain(p.reason ?? '')}`);
    }
  }

  const unplaced = plan.placements.filter((p) => p.status !== 'scheduled' && p.status !== 'waiting');
  if (unplaced.length > 0) {
    section(red(`Not scheduled (${plural(unplaced.length, 'pod')})`));
    const fixes = plan.advice?.fixes ?? [];
    for (const { first: p, pods } of groupUnplaced(unplaced)) {
      const where = p.source ? ` (${plain(p.source.file)}:${p.source.line})` : '';
      const names = pods.slice(0, 5).map((pod) => `${plain(p.namespace)}/${plain(pod)}`);
      const more = pods.length > 5 ? ` and ${pods.length - 5} more` : '';
      out.push(`${red(p.status)} ${names.join(', ')}${more} [${plain(p.workload)}]${where}`);
      out.push(`  ${plain(p.reason ?? '')}`);
      const fix =
        p.status === 'rejected'
          ? admissionFixOptions(plan, p, plain).join(' or ')
          : fixText(fixes.find((f) => f.namespace === p.namespace && f.workload === p.workload));
      if (fix) out.push(`  ${green('fix:')} ${fix}`);
    }
  }

  const unsimulated = plan.unsimulated ?? [];
  if (unsimulated.length > 0) {
    section(
      yellow(`Not simulated (${plural(unsimulated.length, 'object')}: their pods are not in the figures)`),
    );
    for (const u of unsimulated) {
      out.push(
        `${yellow('not simulated')} ${plain(u.namespace)}/${plain(u.name)} [${plain(u.kind)}] (${plain(u.source.file)}:${u.source.line})`,
      );
      out.push(`  ${plain(u.reason)}`);
    }
  }

  const preempting = plan.placements.filter((p) => (p.victims ?? []).length > 0);
  if (preempting.length > 0) {
    section(yellow(`Preemption (${plural(s.preempted, 'running pod')} evicted)`));
    out.push(
      textTable(
        ['POD', 'NODE', 'EVICTS'],
        preempting.map((p) => [
          `${plain(p.namespace)}/${plain(p.pod)}`,
          plain(p.node ?? ''),
          (p.victims ?? []).map(plain).join(', '),
        ]),
      ),
    );
  }

  const changed = plan.workloads.filter((w) => w.change !== 'unchanged');
  const evicted = plan.resources.cluster.preempted;
  if (changed.length > 0 || evicted.pods > 0) {
    section('Workloads');
    const cols = resourceColumns([
      ...changed.flatMap((w) => [w.requests.before, w.requests.after]),
      evicted.requests,
    ]);
    const rows = changed.map((w) => [
      w.change,
      plain(w.namespace),
      `${plain(w.kind)}/${plain(w.name)}`,
      workloadPods(w, '->'),
      ...cols.map((c) => beforeAfter(c, w.requests.before[c], w.requests.after[c])),
    ]);
    if (evicted.pods > 0) {
      rows.push([
        'preempted',
        '-',
        'running pods evicted',
        `${evicted.pods} -> 0`,
        ...cols.map((c) => beforeAfter(c, evicted.requests[c], 0)),
      ]);
    }
    out.push(
      textTable(
        ['CHANGE', 'NAMESPACE', 'WORKLOAD', 'PODS', ...cols.map((c) => `${plain(c).toUpperCase()} REQUESTS`)],
        rows,
        ['left', 'left', 'left', 'right'],
      ),
    );
  }

  if (plan.diff.length > 0) {
    section('Objects changed');
    out.push(
      textTable(
        ['CHANGE', 'KIND', 'OBJECT', 'WHAT'],
        plan.diff.map((d) => [
          d.change,
          plain(d.kind),
          plain(d.namespace ? `${d.namespace}/${d.name}` : d.name),
          whatChanged(d),
        ]),
      ),
    );
  }

  const res = plan.resources;
  if (res.namespaces.length > 0) {
    section('Requests by namespace');
    const cols = resourceColumns(res.namespaces.flatMap((n) => [n.requests.before, n.requests.after]));
    out.push(
      textTable(
        ['NAMESPACE', 'PODS', ...cols.map((c) => plain(c).toUpperCase()), 'QUOTA HEADROOM AFTER'],
        res.namespaces.map((n) => [
          plain(n.namespace),
          n.pods.before === n.pods.after ? String(n.pods.after) : `${n.pods.before} -> ${n.pods.after}`,
          ...cols.map((c) => beforeAfter(c, n.requests.before[c], n.requests.after[c])),
          n.quotas
            .map(
              (q) =>
                `${plain(q.name)}: ${Object.entries(q.headroom)
                  .map(([k, v]) => {
                    const text = `${plain(k)} ${fmt(k.replace(/^(requests|limits)\./, ''), v)}`;
                    return v < 0 ? red(text) : text;
                  })
                  .join(', ')}`,
            )
            .join('; '),
        ]),
        ['left', 'right'],
      ),
    );
  }
  if (res.pools.length > 0) {
    section('Requests by node pool (of allocatable)');
    const cols = resourceColumns(res.pools.flatMap((p) => [p.requests.after, p.allocatable]));
    out.push(
      textTable(
        ['POOL', 'NODES', ...cols.map((c) => plain(c).toUpperCase())],
        res.pools.map((p) => [
          plain(p.pool),
          String(p.nodes),
          ...cols.map((c) => {
            const b = usage(c, p.requests.before, p.allocatable);
            const a = usage(c, p.requests.after, p.allocatable);
            return b === a ? a : `${b} -> ${a}`;
          }),
        ]),
        ['left', 'right'],
      ),
    );
  }
  if (res.overcommit.length > 0) {
    out.push(
      yellow(
        `Limit overcommit: ${res.overcommit
          .map((o) => `${plain(o.node)} ${plain(o.resource)} ${percent(o.limits, o.allocatable)}`)
          .join(', ')}`,
      ),
    );
  }

  const advice = plan.advice;
  const skipped = skippedText(advice?.skipped);
  if (
    advice &&
    (advice.headroom.length > 0 || advice.surge.length > 0 || advice.nPlusOne.worstNode || skipped)
  ) {
    section('Capacity');
    if (skipped) out.push(yellow(skipped));
    if (advice.headroom.length > 0) {
      out.push(
        `headroom: ${advice.headroom
          .map((h) => `${plain(h.namespace)}/${plain(h.workload)} +${h.more}${h.capped ? ' or more' : ''}`)
          .join(', ')}`,
      );
    }
    for (const sg of advice.surge) {
      const extra = Object.entries(sg.extra)
        .map(([r, v]) => `${fmt(r, v)} ${plain(r)}`)
        .join(', ');
      out.push(
        `rollout ${plain(sg.namespace)}/${plain(sg.workload)}: ${plural(sg.extraPods, 'surge pod')} (${extra}), max unavailable ${sg.maxUnavailable}: ${
          sg.fits
            ? green('fits')
            : sg.maxUnavailable > 0
              ? yellow(`does not fit, old pods go first (${sg.maxUnavailable} at a time)`)
              : red('does not fit, the rollout stalls (maxUnavailable 0)')
        }`,
      );
    }
    const n1 = advice.nPlusOne;
    if (n1.worstNode) {
      out.push(
        n1.unplaced === 0
          ? `N+1: ${green('ok')}, any single node can fail (hardest: ${plain(n1.worstNode)}, ${plural(n1.pods, 'pod')})`
          : `N+1: ${(checked.has('nPlusOne') ? red : yellow)('at risk')}, if ${plain(n1.worstNode)} fails, ${n1.unplaced} of its ${plural(n1.pods, 'pod')} cannot be placed elsewhere`,
      );
    }
  }

  const nodeColumns = resourceColumns(plan.nodes.flatMap((n) => [n.requested.after, n.allocatable]));
  section('Nodes (requested/allocatable, before -> after)');
  out.push(
    textTable(
      ['NODE', 'POOL', 'PODS', ...nodeColumns.map((c) => plain(c).toUpperCase())],
      plan.nodes.map((n) => [
        plain(n.name),
        plain(n.pool ?? '-'),
        n.pods.before === n.pods.after ? String(n.pods.after) : `${n.pods.before} -> ${n.pods.after}`,
        ...nodeColumns.map((c) => {
          const before = usage(c, n.requested.before, n.allocatable);
          const after = usage(c, n.requested.after, n.allocatable);
          return before === after ? after : `${before} -> ${after}`;
        }),
      ]),
      ['left', 'left', 'right'],
    ),
  );

  const placed = plan.placements.filter((p) => p.status === 'scheduled');
  if (placed.length > 0) {
    section('Placements');
    out.push(
      textTable(
        ['NAMESPACE', 'WORKLOAD', 'POD', 'NODE'],
        placed.map((p) => [plain(p.namespace), plain(p.workload), plain(p.pod), plain(p.node ?? '')]),
      ),
    );
  }

  if (plan.diagnostics.length > 0) {
    section('Diagnostics');
    for (const d of plan.diagnostics) {
      const line = plain(formatDiagnostic(d));
      out.push(d.severity === 'error' ? red(line) : yellow(line));
    }
  }
  out.push('', dim(`Figures: ${figuresLegend('->')}.`));
  return `${out.join('\n')}\n`;
}
