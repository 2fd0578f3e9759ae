/** The plan for a terminal: aligned tables, colour only when the stream is a TTY. */

import { formatDiagnostic } from '../model/diagnostics.ts';
import type { Plan } from '../plan/types.ts';
import { resourceColumns, usage } from './format.ts';
import { textTable } from './table.ts';

export interface TextOptions {
  color?: boolean;
}

export function renderText(plan: Plan, options: TextOptions = {}): string {
  const paint = (code: number) => (s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const red = paint(31);
  const green = paint(32);
  const yellow = paint(33);
  const bold = paint(1);
  const out: string[] = [];
  const s = plan.summary;

  const verdict = plan.passed ? green('PASS') : red('FAIL');
  const parts = [`${s.pods} pods`, `${s.scheduled} scheduled`];
  if (s.unschedulable) parts.push(red(`${s.unschedulable} unschedulable`));
  if (s.rejected) parts.push(red(`${s.rejected} rejected`));
  if (s.gated) parts.push(yellow(`${s.gated} gated`));
  if (s.preempted) parts.push(yellow(`${s.preempted} running pods preempted`));
  out.push(
    `${bold('berth plan')} ${verdict}: ${parts.join(', ')} (cluster ${plan.cluster.source}: ${plan.cluster.nodes} nodes)`,
  );

  if (plan.workloads.length > 0) {
    out.push('', bold('Workloads'));
    out.push(
      textTable(
        ['CHANGE', 'NAMESPACE', 'WORKLOAD', 'REPLICAS'],
        plan.workloads
          .filter((w) => w.change !== 'unchanged')
          .map((w) => [
            w.change,
            w.namespace,
            `${w.kind}/${w.name}`,
            w.change === 'added'
              ? String(w.replicas.after)
              : w.change === 'removed'
                ? `${w.replicas.before} -> 0`
                : `${w.replicas.before} -> ${w.replicas.after}`,
          ]),
      ),
    );
  }

  const columns = resourceColumns(plan.nodes.flatMap((n) => [n.requested.after, n.allocatable]));
  out.push('', bold('Nodes (requested/allocatable, before -> after)'));
  out.push(
    textTable(
      ['NODE', 'POOL', 'PODS', ...columns.map((c) => c.toUpperCase())],
      plan.nodes.map((n) => [
        n.name,
        n.pool ?? '-',
        `${n.pods.before} -> ${n.pods.after}`,
        ...columns.map((c) => {
          const before = usage(c, n.requested.before, n.allocatable);
          const after = usage(c, n.requested.after, n.allocatable);
          return before === after ? after : `${before} -> ${after}`;
        }),
      ]),
    ),
  );

  const placed = plan.placements.filter((p) => p.status === 'scheduled');
  if (placed.length > 0) {
    out.push('', bold('Placements'));
    out.push(
      textTable(
        ['NAMESPACE', 'WORKLOAD', 'POD', 'NODE', 'EVICTS'],
        placed.map((p) => [p.namespace, p.workload, p.pod, p.node ?? '', (p.victims ?? []).join(', ')]),
      ),
    );
  }

  const unplaced = plan.placements.filter((p) => p.status !== 'scheduled');
  if (unplaced.length > 0) {
    out.push('', bold(red('Not scheduled')));
    for (const p of unplaced) {
      const where = p.source ? ` (${p.source.file}:${p.source.line})` : '';
      out.push(`${red(p.status)} ${p.namespace}/${p.pod} [${p.workload}]${where}`);
      out.push(`  ${p.reason ?? ''}`);
    }
  }

  if (plan.diagnostics.length > 0) {
    out.push('', bold('Diagnostics'));
    for (const d of plan.diagnostics) {
      const line = formatDiagnostic(d);
      out.push(d.severity === 'error' ? red(line) : yellow(line));
    }
  }
  return `${out.join('\n')}\n`;
}
