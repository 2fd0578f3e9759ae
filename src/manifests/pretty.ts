/**
 * A diagnostic as a person reads it in a terminal or a CI log: the
 * `file:line:column: severity: message` line, then the source line with a caret
 * under the column, as the `yaml` package's prettifyError shows it.
 *
 * The source line is left out for anything inside a Secret: a diagnostic must
 * never carry a Secret's value into a log or a pull request comment.
 */

import { type Diagnostic, formatDiagnostic } from '../model/diagnostics.ts';
import { printable } from '../model/printable.ts';

const WHOLE_FILE = new Set<Diagnostic['code']>(['file-unreadable', 'file-too-large']);

/** Widest stretch of a source line shown; long lines are cut around the column. */
const WINDOW = 120;

// `kind: Secret` in block, flow or JSON form, including inside a last-applied-configuration annotation.
const SECRET_KIND = /["']?\bkind["']?\s*:\s*["']?Secret["']?(?=\s*(?:$|[,}\]#]))/m;
// Only Secrets have stringData; a document naming it is treated as one even when its kind is unreadable.
const SECRET_FIELD = /["']?\bstringData["']?\s*:/;

function isDocumentMarker(line: string): boolean {
  return /^(---|\.\.\.)(\s|$)/.test(line);
}

/** True when a document's text is, or may be, a Secret. */
export function mayBeSecret(documentText: string): boolean {
  return SECRET_KIND.test(documentText) || SECRET_FIELD.test(documentText);
}

/** True when the line at `index` belongs to a document that is, or may be, a Secret. */
export function isInSecret(lines: readonly string[], index: number): boolean {
  let start = index;
  while (start > 0 && !isDocumentMarker(lines[start] ?? '')) start--;
  let end = index + 1;
  while (end < lines.length && !isDocumentMarker(lines[end] ?? '')) end++;
  const document = lines.slice(start, end).join('\n');
  return mayBeSecret(document);
}

export function prettyDiagnostic(d: Diagnostic, sourceText?: string): string {
  const header = formatDiagnostic(d);
  // A file that is binary, too large or unreadable has no line to show: the problem is the whole file.
  if (sourceText === undefined || WHOLE_FILE.has(d.code)) return header;
  const lines = sourceText.split('\n').map((line) => line.replace(/\r$/, ''));
  const line = lines[d.line - 1];
  if (line === undefined || isInSecret(lines, d.line - 1)) return header;

  const column = Math.max(1, Math.min(d.column, line.length + 1));
  let from = 0;
  let to = line.length;
  if (line.length > WINDOW) {
    from = Math.max(0, Math.min(column - 1 - WINDOW / 2, line.length - WINDOW));
    to = from + WINDOW;
  }
  const lead = from > 0 ? '…' : '';
  const tail = to < line.length ? '…' : '';
  // A source line may hold anything (ESC, NUL, a lone CR): it is shown escaped, and the
  // caret is placed under the escaped text. Tabs are kept so the caret lines up with the
  // text however wide the terminal draws a tab.
  const shown = `${lead}${printable(line.slice(from, to), { keepTabs: true })}${tail}`;
  const before = printable(line.slice(from, column - 1), { keepTabs: true });
  const pad = `${lead ? ' ' : ''}${before.replace(/[^\t]/g, ' ')}`;
  const gutter = String(d.line);
  const blank = ' '.repeat(gutter.length);
  return `${header}\n\n ${gutter} | ${shown}\n ${blank} | ${pad}^\n`;
}
