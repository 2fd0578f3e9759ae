/**
 * One escape function for every string that comes from a manifest or the cluster
 * before it reaches Markdown. Names, labels, images and reasons are attacker
 * controlled in a pull request: they must not mention people (`@org/team`), link
 * issues (`#123`), inject HTML (`<img onerror>`), open code fences, break a table
 * row (`|`) or smuggle a link (`](javascript:...)`).
 */

import { printable } from '../model/printable.ts';

const ZWSP = '\u200b';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  commat: '@',
  num: '#',
  vert: '|',
  verbar: '|',
  grave: '`',
  lsqb: '[',
  rsqb: ']',
  lpar: '(',
  rpar: ')',
  colon: ':',
  nbsp: ' ',
};

/**
 * Decode HTML character references first, so `&#64;user` cannot survive escaping
 * and turn back into a mention when GitHub renders it.
 */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) return '';
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Characters that can start emphasis, code, links, strikethrough or end a table
 * cell anywhere in a line. `(`, `.`, `-` and friends only matter after an
 * unescaped `]` or at the start of a line, and berth never puts a user string
 * there, so they stay readable. `$` opens GitHub's inline math, which can draw
 * arbitrary large text.
 */
const MARKDOWN_SPECIALS = new Set(['\\', '`', '*', '_', '[', ']', '|', '~', '$']);

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/**
 * Escape a user-controlled string for inline Markdown (paragraphs, list items and
 * table cells alike). The result renders as the literal text.
 */
export function escapeMarkdown(value: unknown): string {
  // Control characters and newlines would end a table row or a list item, and invisible
  // direction overrides can make a name read as something else: they are written out
  // as escapes (`\n`, `\x1b`, `\u202e`), as in every other format.
  const text = printable(decodeEntities(String(value ?? '')));
  let out = '';
  for (const ch of text) {
    const html = HTML_ESCAPES[ch];
    if (html) out += html;
    else if (MARKDOWN_SPECIALS.has(ch)) out += `\\${ch}`;
    else out += ch;
  }
  // A backslash does not stop GitHub from linking @mentions, #refs or bare URLs:
  // a zero-width space after the trigger does.
  return (
    out
      .replace(/@/g, `@${ZWSP}`)
      .replace(/#/g, `#${ZWSP}`)
      // GitHub links `GH-123` to an issue as it does `#123`.
      .replace(/\b(GH)-(?=\d)/gi, `$1${ZWSP}-`)
      .replace(/:\/\//g, `:/${ZWSP}/`)
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`)
  );
}

/** Escape for a Mermaid label: no quotes, brackets, semicolons or HTML reach the chart source. */
export function escapeMermaid(value: unknown): string {
  return decodeEntities(String(value ?? ''))
    .replace(/[^A-Za-z0-9 ./_:=-]/g, '_')
    .slice(0, 80);
}
