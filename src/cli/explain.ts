/**
 * `berth explain <namespace>/<pod>`: for one pod of a plan, where it lands, or
 * why it fits nowhere, node by node, with the fix berth found.
 */

import type { Plan } from '../plan/types.ts';
import { fixOptions, fmt } from '../report/format.ts';
import { textTable } from '../report/table.ts';

export function explainPod(plan: Plan, ref: string): { found: boolean; text: string } {
  const [namespace, pod] = ref.includes('/') ? (ref.split('/', 2) as [string, string]) : ['default', ref];
  const placement = plan.placements.find((p) => p.namespace === namespace && p.pod === pod);
  if (!placement) {
    const names = plan.placements.slice(0, 10).map((p) => `${p.namespace}/${p.pod}`);
    return {
      found: false,
      text: `berth explain: no pod ${namespace}/${pod} in this plan. Pods in the plan: ${names.join(', ')}${
        plan.placements.length > names.length ? ', …' : ''
      }\n`,
    };
  }
  const lines = [`Pod ${namespace}/${pod} (${placement.workload})`];
  if (placement.source) lines.push(`Defined at ${placement.source.file}:${placement.source.line}`);
  lines.push(
    `Requests: ${
      Object.entries(placement.requests)
        .map(([r, v]) => `${r}=${fmt(r, v)}`)
        .join(', ') || 'none'
    }`,
  );
  if (placement.node) {
    lines.push(`Scheduled on ${placement.node}.`);
    if (placement.victims?.length) lines.push(`Preempts: ${placement.victims.join(', ')}`);
  } else {
    lines.push(`Not scheduled (${placement.status}): ${placement.reason ?? ''}`);
    const reasons = placement.nodeReasons ?? {};
    const rows = Object.keys(reasons)
      .sort()
      .map((node) => [node, (reasons[node] ?? []).join('; ')]);
    if (rows.length > 0) lines.push('', textTable(['NODE', 'WHY NOT'], rows));
    const fix = plan.advice?.fixes.find(
      (f) => f.namespace === namespace && f.workload === placement.workload,
    );
    const options = fix ? fixOptions(fix, (text) => text, '<=') : [];
    if (options.length > 0) lines.push('', `Smallest fix: ${options.join(', or ')}.`);
  }
  return { found: true, text: `${lines.join('\n')}\n` };
}
