/**
 * `berth explain <namespace>/<pod>`: for one pod of a plan, where it lands, or
 * why it fits nowhere, node by node, with the fix berth found. Every name and
 * reason is printed through `printable`: they come from manifests and the cluster.
 */

import { fmt } from '../format/amounts.ts';
import { printable as p } from '../model/printable.ts';
import type { Plan } from '../plan/types.ts';
import { fixOptions } from '../report/format.ts';
import { textTable } from '../report/table.ts';

export function explainPod(plan: Plan, ref: string): { found: boolean; text: string } {
  const [namespace, pod] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : ['default', ref];
  const placement = plan.placements.find((x) => x.namespace === namespace && x.pod === pod);
  if (!placement) {
    const names = plan.placements.slice(0, 10).map((x) => `${p(x.namespace)}/${p(x.pod)}`);
    const listed =
      names.length === 0
        ? 'The plan has no pods.'
        : `Pods in the plan: ${names.join(', ')}${plan.placements.length > names.length ? ', …' : ''}`;
    return {
      found: false,
      text: `berth explain: no pod ${p(namespace)}/${p(pod)} in this plan. ${listed}\n`,
    };
  }
  const lines = [`Pod ${p(namespace)}/${p(pod)} (${p(placement.workload)})`];
  if (placement.source) lines.push(`Defined at ${p(placement.source.file)}:${placement.source.line}`);
  lines.push(
    `Requests: ${
      Object.entries(placement.requests)
        .map(([r, v]) => `${p(r)}=${fmt(r, v)}`)
        .join(', ') || 'none'
    }`,
  );
  if (placement.node) {
    lines.push(`Scheduled on ${p(placement.node)}.`);
    if (placement.victims?.length) lines.push(`Preempts: ${placement.victims.map((v) => p(v)).join(', ')}`);
  } else {
    lines.push(`Not scheduled (${placement.status}): ${p(placement.reason ?? '')}`);
    const reasons = placement.nodeReasons ?? {};
    const rows = Object.keys(reasons)
      .sort()
      .map((node) => [p(node), p((reasons[node] ?? []).join('; '))]);
    if (rows.length > 0) lines.push('', textTable(['NODE', 'WHY NOT'], rows));
    const fix = plan.advice?.fixes.find(
      (f) => f.namespace === namespace && f.workload === placement.workload,
    );
    const options = fix ? fixOptions(fix, (text) => p(text), '<=') : [];
    if (options.length > 0) lines.push('', `Smallest fix: ${options.join(', or ')}.`);
  }
  return { found: true, text: `${lines.join('\n')}\n` };
}
