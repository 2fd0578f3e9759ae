/**
 * The apply result for people: text for a terminal, Markdown for a pull
 * request comment (same escaping and size limit as the plan's), and JSON in the
 * versioned schema. Values of Secrets and ConfigMaps never reach here: the
 * result carries key names and sizes only.
 */

import type { ApplyResult, ObjectResult } from '../apply/types.ts';
import { plural } from '../format/amounts.ts';
import { escapeMarkdown as esc } from './escape.ts';
import { MARKDOWN_LIMIT } from './markdown.ts';
import { plain } from './text.ts';

export function renderApplyJson(result: ApplyResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

function objectName(o: ObjectResult): string {
  const type = o.group ? `${o.kind}.${o.group}` : o.kind;
  return `${type} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** What changed or went wrong, in words; `quote` makes a user string inert for the medium. */
function detail(o: ObjectResult, quote: (s: string) => string): string {
  const bits: string[] = [];
  if (o.keys && o.keys.length > 0) {
    bits.push(
      o.keys
        .map((k) => `key ${quote(k.key)} ${k.change}${k.size === undefined ? '' : ` (${k.size} bytes)`}`)
        .join(', '),
    );
  } else if (o.fields && o.fields.length > 0) {
    const shown = o.fields.slice(0, 6).map(quote).join(', ');
    bits.push(o.fields.length > 6 ? `${shown} (+${o.fields.length - 6})` : shown);
  }
  for (const c of o.conflicts ?? []) {
    bits.push(
      `conflict: ${quote(c.field)} is owned by ${quote(c.manager)}${c.hint ? ` (${quote(c.hint)})` : ''}`,
    );
  }
  if (o.message && !(o.conflicts && o.conflicts.length > 0)) bits.push(quote(o.message));
  for (const w of o.warnings ?? []) bits.push(`warning: ${quote(w)}`);
  if (o.health && o.health.status !== 'Current') bits.push(`${o.health.status}: ${quote(o.health.message)}`);
  return bits.join('; ');
}

function headline(r: ApplyResult): { verdict: string; counts: string } {
  const s = r.summary;
  const parts: string[] = [];
  for (const k of ['created', 'configured', 'unchanged', 'pruned', 'failed', 'skipped'] as const) {
    if (s[k] > 0) parts.push(`${s[k]} ${k}`);
  }
  if (s.unhealthy > 0) parts.push(`${s.unhealthy} unhealthy`);
  if (s.notAttempted > 0) parts.push(`${s.notAttempted} not attempted`);
  const warned = r.objects.filter((o) => o.warnings && o.warnings.length > 0).length;
  if (warned > 0) parts.push(`${warned} with warnings`);
  const verdict = r.dryRun
    ? r.summary.failed > 0
      ? 'DRY RUN FAILED'
      : 'DRY RUN'
    : r.success
      ? 'APPLIED'
      : r.summary.failed > 0 || r.stoppedAt !== 'done'
        ? 'FAILED'
        : 'UNHEALTHY';
  return { verdict, counts: parts.join(', ') || 'nothing to do' };
}

export interface ApplyTextOptions {
  color?: boolean;
}

export function renderApplyText(r: ApplyResult, options: ApplyTextOptions = {}): string {
  const paint = (code: number) => (s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const red = paint(31);
  const green = paint(32);
  const bold = paint(1);
  const { verdict, counts } = headline(r);
  const out: string[] = [];
  const ok = verdict === 'APPLIED' || verdict === 'DRY RUN';
  out.push(
    `${bold('berth apply')} ${ok ? green(verdict) : red(verdict)}: ${counts} (cluster ${plain(r.cluster.context)}@${plain(r.cluster.host)}, ApplySet ${plain(r.applySet.namespace)}/${plain(r.applySet.parent)})`,
  );
  if (r.forceConflicts) out.push('--force-conflicts: fields owned by other managers were taken over');
  if (r.stages.length > 0)
    out.push(`stages: ${r.stages.map((s) => `${s.name} ${s.objects} ${s.outcome}`).join(', ')}`);
  if (r.prune.refused) out.push(red(`prune refused: ${plain(r.prune.refused)}`));
  for (const m of r.messages) out.push(red(plain(m)));
  const width = Math.max(...r.objects.map((o) => o.outcome.length), 9);
  for (const o of r.objects) {
    const where = o.source ? ` (${plain(o.source.file)}:${o.source.line})` : '';
    const text = detail(o, plain);
    const label = o.outcome.padEnd(width);
    const coloured = o.outcome === 'failed' ? red(label) : label;
    out.push(`${coloured} ${plain(objectName(o))}${where}${text ? `: ${text}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

const ICON: Record<string, string> = {
  created: '🆕',
  configured: '✏️',
  unchanged: '➖',
  pruned: '🗑️',
  failed: '❌',
  skipped: '⏭️',
};

export interface ApplyMarkdownOptions {
  limit?: number;
  title?: string;
}

/** The result as a pull request comment, shortened below GitHub's limit by dropping rows, never the verdict. */
export function renderApplyMarkdown(r: ApplyResult, options: ApplyMarkdownOptions = {}): string {
  const limit = options.limit ?? MARKDOWN_LIMIT;
  const { verdict, counts } = headline(r);
  const icon = verdict === 'APPLIED' || verdict === 'DRY RUN' ? '✅' : '❌';
  const head = [
    `## ${esc(options.title ?? 'berth apply')}`,
    '',
    `${icon} **${verdict}** · ${esc(counts)} · ApplySet ${esc(r.applySet.namespace)}/${esc(r.applySet.parent)}`,
  ];
  if (r.forceConflicts)
    head.push('', '⚠️ `--force-conflicts`: fields owned by other managers were taken over.');
  if (r.prune.refused) head.push('', `❌ Prune refused: ${esc(r.prune.refused)}`);
  for (const m of r.messages) head.push('', `❌ ${esc(m)}`);
  if (r.stages.length > 0)
    head.push('', `Stages: ${r.stages.map((s) => `${s.name} (${s.objects}) ${s.outcome}`).join(' → ')}`);
  // Failures first, then changes, then the rest: what a reviewer must see survives shortening.
  const rank: Record<string, number> = {
    failed: 0,
    skipped: 1,
    pruned: 2,
    configured: 3,
    created: 4,
    unchanged: 5,
  };
  const rows = [...r.objects]
    .sort((a, b) => (rank[a.outcome] ?? 9) - (rank[b.outcome] ?? 9))
    .map(
      (o) =>
        `| ${ICON[o.outcome] ?? ''} ${o.outcome} | ${esc(o.group ? `${o.kind}.${o.group}` : o.kind)} | ${esc(`${o.namespace ? `${o.namespace}/` : ''}${o.name}`)} | ${detail(o, esc) || '—'} |`,
    );
  const table = (n: number) => {
    const lines = [
      '| Result | Kind | Object | What changed |',
      '| --- | --- | --- | --- |',
      ...rows.slice(0, n),
    ];
    if (n < rows.length) lines.push(`| … and ${plural(rows.length - n, 'more object')} | | | |`);
    return lines.join('\n');
  };
  let shown = rows.length;
  let body = `${head.join('\n')}\n\n${table(shown)}\n`;
  while (body.length > limit && shown > 0) {
    shown = Math.max(0, Math.floor(shown * 0.8) - 1);
    body = `${head.join('\n')}\n\n${table(shown)}\n`;
  }
  return body;
}
