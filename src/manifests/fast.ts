/**
 * A fast reader for the plain YAML most manifests and snapshots are written in:
 * block mappings and sequences, one-line plain and quoted scalars, literal block
 * scalars (`|`, `|-`, `|+`) under a key or a dash, one-line flow collections,
 * comments and `---` separators. Anything else (anchors, aliases, merge keys,
 * tags, folded scalars, block scalars with an indentation indicator or an empty
 * or unusually indented start, multi-line plain or quoted scalars, escapes, tabs,
 * duplicate keys, directives, YAML 1.1 booleans, limits reached) makes it give
 * up on the whole file, which is then read by the reference path (parse.ts, the
 * `yaml` package).
 * When it does not give up, its values are the reference path's values: scalars
 * are resolved with the same schema tags, in the same order, and
 * test/manifests/fast.test.ts holds it to the reference over the test corpus.
 *
 * It keeps no syntax tree: only where each document's top-level objects start.
 * Finding where a field is written is left to the reference path, on demand.
 *
 * Over ~400 lines because the Reader is one state machine over the lines: a rule moved
 * out of it would need its cursor and its give-up path.
 */

import { Document, type DocumentOptions, isScalar, type ScalarTag, type SchemaOptions } from 'yaml';
import type { ManifestLimits } from './limits.ts';
import { isYaml11OnlyBoolean } from './yaml11.ts';

/** Thrown to give the file to the reference path. */
class GiveUp {}
const GIVE_UP = new GiveUp();

function giveUp(): never {
  throw GIVE_UP;
}

/** One document that holds a value: its index in the file, the value, and where its objects start. */
export interface FastDocument {
  index: number;
  value: Record<string, unknown>;
  /** Offset of the document's first key. */
  start: number;
  /** For a document whose `items` is a sequence of mappings: the offset of each item's first key. */
  itemStarts: number[] | undefined;
}

export interface FastResult {
  documents: FastDocument[];
  /** Documents in the file, empty ones included (as the reference path counts them). */
  count: number;
  /** Offset of each line's first character. */
  lineStarts: number[];
}

let scalarTags: readonly ScalarTag[] | undefined;

/** Resolves plain scalars exactly as the reference path's composer does: the first default tag whose test matches. */
export function setScalarSchema(options: DocumentOptions & SchemaOptions): void {
  scalarTags = (new Document(null, options).schema.tags as ScalarTag[]).filter(
    (tag) => tag.default === true && tag.test !== undefined,
  );
}

function resolvePlain(source: string): unknown {
  // Most plain scalars in a manifest are words: only a handful of words resolve to anything but a string.
  const c = source.charCodeAt(0);
  const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  if (letter && source.length > 5) return source;
  for (const tag of scalarTags ?? giveUp()) {
    if (!tag.test?.test(source)) continue;
    // `yes` is a boolean only as YAML 1.1 reads it; the reference path warns about it.
    if (isYaml11OnlyBoolean(source)) giveUp();
    const resolved = tag.resolve(source, giveUp, { intAsBigInt: false } as never);
    return isScalar(resolved) ? resolved.value : resolved;
  }
  return source;
}

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past the line's last character (before the newline). */
  end: number;
  /** Column of the first non-space character. */
  indent: number;
}

class Reader {
  private readonly text: string;
  private readonly lines: Line[];
  private readonly limits: ManifestLimits;
  /** The line being read, and the column its content is taken from (deeper than its indent inside `- key: value`). */
  private i = 0;
  private column = 0;
  private nodes = 0;

  constructor(text: string, lines: Line[], limits: ManifestLimits) {
    this.text = text;
    this.lines = lines;
    this.limits = limits;
  }

  /** The document's value: a block mapping at column 0. */
  document(): { value: Record<string, unknown>; start: number; itemStarts: number[] | undefined } {
    const first = this.lines[0]!;
    if (first.indent !== 0) giveUp();
    this.i = 0;
    this.column = 0;
    this.nodes = 1;
    const starts: number[] = [];
    const value = this.mapping(0, 1, starts);
    if (this.i < this.lines.length) giveUp();
    return { value, start: first.start, itemStarts: starts.length > 0 ? starts : undefined };
  }

  private count(depth: number): void {
    if (depth > this.limits.maxDepth || ++this.nodes > this.limits.maxNodes) giveUp();
  }

  /** Whether the current content is a sequence entry (`-` then a space or the line's end). */
  private atDash(): boolean {
    const line = this.lines[this.i]!;
    const p = line.start + this.column;
    if (this.text.charCodeAt(p) !== 0x2d) return false;
    return p + 1 === line.end || this.text.charCodeAt(p + 1) === 0x20;
  }

  /** The block value under `key:` written with nothing after it, whose parent's indent is `indent`. */
  private nested(indent: number, depth: number): unknown {
    const line = this.lines[this.i];
    if (line === undefined || line.indent < indent) return null;
    this.column = line.indent;
    if (line.indent === indent) return this.atDash() ? this.sequence(indent, depth) : null;
    return this.atDash() ? this.sequence(line.indent, depth) : this.mapping(line.indent, depth);
  }

  /** A block mapping whose keys are at `indent`; `starts` collects its `items`' first keys when given. */
  private mapping(indent: number, depth: number, starts?: number[]): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (;;) {
      const line = this.lines[this.i]!;
      const from = line.start + this.column;
      const { key, after } = this.key(from, line.end);
      if (key === '<<' || key === '__proto__' || Object.hasOwn(map, key)) giveUp();
      this.count(depth + 1);
      this.count(depth + 1);
      let value: unknown;
      const rest = this.skipSpaces(after, line.end);
      if (rest === line.end || this.text.charCodeAt(rest) === 0x23) {
        if (rest !== line.end && rest === after) giveUp();
        this.i++;
        value =
          key === 'items' && starts
            ? this.nestedItems(indent, depth + 1, starts)
            : this.nested(indent, depth + 1);
      } else {
        if (rest === after) giveUp();
        if (this.text.charCodeAt(rest) === 0x7c) {
          value = this.literal(rest, line.end, indent);
        } else {
          value = this.inline(rest, line.end, depth + 1);
          this.i++;
        }
      }
      map[key] = value;
      const next = this.lines[this.i];
      if (next === undefined || next.indent < indent) return map;
      if (next.indent > indent) giveUp();
      this.column = indent;
      if (this.atDash()) {
        // A sequence at the mapping's own indent belongs to a key above it: only valid right after `key:`.
        return map;
      }
    }
  }

  private nestedItems(indent: number, depth: number, starts: number[]): unknown {
    const from = this.i;
    const value = this.nested(indent, depth);
    if (!Array.isArray(value)) {
      if (value !== null) giveUp();
      return value;
    }
    // Each item is a mapping whose first key was written right after its dash.
    let item = 0;
    for (let i = from; i < this.i && item < value.length; i++) {
      const line = this.lines[i]!;
      if (line.indent !== this.lines[from]!.indent || this.text.charCodeAt(line.start + line.indent) !== 0x2d)
        continue;
      const p = this.skipSpaces(line.start + line.indent + 1, line.end);
      // The item must be a block mapping whose first key follows the dash.
      if (p === line.end || this.text.charCodeAt(p) === 0x7b) giveUp();
      starts.push(p);
      item++;
    }
    if (item !== value.length || value.some((v) => typeof v !== 'object' || v === null || Array.isArray(v)))
      giveUp();
    return value;
  }

  /** A block sequence whose dashes are at `indent`. */
  private sequence(indent: number, depth: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      const line = this.lines[this.i]!;
      const dash = line.start + this.column;
      this.count(depth + 1);
      const rest = this.skipSpaces(dash + 1, line.end);
      if (rest === line.end || this.text.charCodeAt(rest) === 0x23) {
        if (rest !== line.end && rest === dash + 1) giveUp();
        this.i++;
        const next = this.lines[this.i];
        if (next !== undefined && next.indent > indent) {
          this.column = next.indent;
          items.push(
            this.atDash() ? this.sequence(next.indent, depth + 1) : this.mapping(next.indent, depth + 1),
          );
        } else {
          items.push(null);
        }
      } else {
        // `- key: value` opens a mapping at the column after the dash; `- - x` a sequence.
        this.column = rest - line.start;
        if (this.text.charCodeAt(rest) === 0x7c) {
          items.push(this.literal(rest, line.end, indent));
        } else if (this.atDash()) {
          items.push(this.sequence(this.column, depth + 1));
        } else if (this.isKeyLine(rest, line.end)) {
          items.push(this.mapping(this.column, depth + 1));
        } else {
          items.push(this.inline(rest, line.end, depth + 1));
          this.i++;
        }
      }
      const next = this.lines[this.i];
      if (next === undefined || next.indent < indent) return items;
      if (next.indent > indent) giveUp();
      this.column = indent;
      if (!this.atDash()) return items;
    }
  }

  /**
   * A literal block scalar whose header (`|`, `|-` or `|+`) is at `p` on the current line, the
   * value of a key or dash at column `parent`. Blank lines and `#` lines inside it are content,
   * so its lines are read from the text; the reader then moves past every line it covers.
   */
  private literal(p: number, end: number, parent: number): string {
    const text = this.text;
    let q = p + 1;
    const chomping = text.charCodeAt(q);
    if (chomping === 0x2d || chomping === 0x2b) q++;
    // Only spaces and a comment may follow: an indentation indicator or anything else is left to the reference path.
    this.expectLineEnd(q, end);
    /** Content indent, once the first line with content sets it. */
    let indent = -1;
    /** The most spaces on an empty line before it: more than the content indent is an error. */
    let leading = 0;
    const lines: string[] = [];
    /** Lines up to the last one with content; the empty lines after it are kept only by `|+`. */
    let content = 0;
    let stop = text.length;
    for (let start = end + 1; start < text.length; ) {
      let lineEnd = text.indexOf('\n', start);
      const last = lineEnd === -1;
      if (last) lineEnd = text.length;
      let s = start;
      while (s < lineEnd && text.charCodeAt(s) === 0x20) s++;
      const spaces = s - start;
      if (s === lineEnd && (indent === -1 || spaces <= indent)) {
        // An empty line; a last one without a line break adds nothing.
        if (indent === -1) leading = Math.max(leading, spaces);
        if (!last) lines.push('');
      } else {
        if (indent === -1) {
          // An empty scalar, or content not indented past its parent, is left to the reference path.
          if (spaces <= parent || spaces < leading) giveUp();
          indent = spaces;
        } else if (spaces < indent) {
          stop = start;
          break;
        }
        lines.push(text.slice(start + indent, lineEnd));
        content = lines.length;
      }
      if (last) break;
      start = lineEnd + 1;
    }
    if (indent === -1) giveUp();
    while (this.i < this.lines.length && this.lines[this.i]!.start < stop) this.i++;
    const body = lines.slice(0, content).join('\n');
    if (chomping === 0x2d) return body;
    if (chomping === 0x2b) return `${body}\n${'\n'.repeat(lines.length - content)}`;
    return `${body}\n`;
  }

  /** Whether the content from `p` is `key: ...` or `key:`. */
  private isKeyLine(p: number, end: number): boolean {
    const c = this.text.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      const close = this.quotedEnd(p, end);
      return this.text.charCodeAt(close) === 0x3a;
    }
    if (c === 0x7b || c === 0x5b) return false;
    return this.keyColon(p, end) !== -1;
  }

  /** The offset of the `:` that ends a plain key starting at `p`, or -1. */
  private keyColon(p: number, end: number): number {
    for (let q = p; q < end; q++) {
      if (this.text.charCodeAt(q) !== 0x3a) continue;
      if (q + 1 === end || this.text.charCodeAt(q + 1) === 0x20) return q;
    }
    return -1;
  }

  private key(p: number, end: number): { key: string; after: number } {
    const c = this.text.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      const close = this.quotedEnd(p, end);
      // An implicit key may be at most 1024 characters long.
      if (this.text.charCodeAt(close) !== 0x3a || close - p > 1000) giveUp();
      return { key: this.quoted(p, close), after: close + 1 };
    }
    const colon = this.keyColon(p, end);
    // `key : value` (space before the colon) is left to the reference path.
    if (colon === -1 || colon - p > 1000 || this.text.charCodeAt(colon - 1) === 0x20) giveUp();
    const source = this.plain(p, colon, false);
    const key = resolvePlain(source);
    if (typeof key !== 'string') giveUp();
    return { key, after: colon + 1 };
  }

  private skipSpaces(p: number, end: number): number {
    let q = p;
    while (q < end && this.text.charCodeAt(q) === 0x20) q++;
    return q;
  }

  /** After a value ends at `p`: only spaces and a comment may follow on the line. */
  private expectLineEnd(p: number, end: number): void {
    const q = this.skipSpaces(p, end);
    if (q === end) return;
    if (this.text.charCodeAt(q) !== 0x23 || q === p) giveUp();
  }

  /** A value written on the key's (or dash's) own line: a scalar or a one-line flow collection. */
  private inline(p: number, end: number, depth: number): unknown {
    const c = this.text.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      const close = this.quotedEnd(p, end);
      this.expectLineEnd(close, end);
      return this.quoted(p, close);
    }
    if (c === 0x7b || c === 0x5b) {
      const { value, next } = this.flow(p, end, depth);
      this.expectLineEnd(next, end);
      return value;
    }
    // A plain scalar runs to a comment or the line's end; a more indented line
    // after it would continue it, which the callers leave to the reference path.
    let last = end;
    for (let q = p + 1; q < end; q++) {
      if (this.text.charCodeAt(q) === 0x23 && this.text.charCodeAt(q - 1) === 0x20) {
        last = q - 1;
        break;
      }
    }
    while (last > p && this.text.charCodeAt(last - 1) === 0x20) last--;
    const source = this.plain(p, last, false);
    if (source.includes(': ') || source.endsWith(':')) giveUp();
    return resolvePlain(source);
  }

  /** Checks a plain scalar's first character and returns its text. */
  private plain(p: number, end: number, flow: boolean): string {
    if (end <= p) giveUp();
    const c = this.text.charCodeAt(p);
    // Indicators that cannot start a plain scalar (`-` only before a space, handled by the caller).
    if (
      c === 0x3f || // ?
      c === 0x3a || // :
      c === 0x2c || // ,
      c === 0x5b ||
      c === 0x5d ||
      c === 0x7b ||
      c === 0x7d ||
      c === 0x23 || // #
      c === 0x26 || // &
      c === 0x2a || // *
      c === 0x21 || // !
      c === 0x7c || // |
      c === 0x3e || // >
      c === 0x25 || // %
      c === 0x40 || // @
      c === 0x60 || // `
      c === 0x22 ||
      c === 0x27
    )
      giveUp();
    if (c === 0x2d && (p + 1 === end || this.text.charCodeAt(p + 1) === 0x20)) giveUp();
    const source = this.text.slice(p, end);
    if (source.includes(' #')) giveUp();
    if (flow && /[,[\]{}]/.test(source)) giveUp();
    return source;
  }

  /** The offset just past a quoted scalar's closing quote on this line. */
  private quotedEnd(p: number, end: number): number {
    const quote = this.text.charCodeAt(p);
    for (let q = p + 1; q < end; q++) {
      const c = this.text.charCodeAt(q);
      if (quote === 0x22 && c === 0x5c) giveUp();
      if (c !== quote) continue;
      if (quote === 0x27 && this.text.charCodeAt(q + 1) === 0x27 && q + 1 < end) {
        q++;
        continue;
      }
      return q + 1;
    }
    return giveUp();
  }

  private quoted(p: number, close: number): string {
    const inner = this.text.slice(p + 1, close - 1);
    return this.text.charCodeAt(p) === 0x27 ? inner.replaceAll("''", "'") : inner;
  }

  /** A flow mapping or sequence closed on the same line, of plain and quoted scalars and flow collections. */
  private flow(p: number, end: number, depth: number): { value: unknown; next: number } {
    const open = this.text.charCodeAt(p);
    const close = open === 0x7b ? 0x7d : 0x5d;
    const map: Record<string, unknown> = {};
    const seq: unknown[] = [];
    let q = this.skipSpaces(p + 1, end);
    if (this.text.charCodeAt(q) === close) return { value: open === 0x7b ? map : seq, next: q + 1 };
    for (;;) {
      if (open === 0x7b) {
        const { key, next } = this.flowKey(q, end);
        if (key === '<<' || key === '__proto__' || Object.hasOwn(map, key)) giveUp();
        this.count(depth + 1);
        this.count(depth + 1);
        const at = this.skipSpaces(next, end);
        const { value, next: after } = this.flowValue(at, end, depth + 1);
        map[key] = value;
        q = after;
      } else {
        this.count(depth + 1);
        const { value, next } = this.flowValue(q, end, depth + 1);
        seq.push(value);
        q = next;
      }
      q = this.skipSpaces(q, end);
      const c = this.text.charCodeAt(q);
      if (c === close) return { value: open === 0x7b ? map : seq, next: q + 1 };
      if (c !== 0x2c) giveUp();
      q = this.skipSpaces(q + 1, end);
      // A trailing comma, or a missing entry, is left to the reference path.
      const d = this.text.charCodeAt(q);
      if (d === close || d === 0x2c || q >= end) giveUp();
    }
  }

  private flowKey(p: number, end: number): { key: string; next: number } {
    const c = this.text.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      const close = this.quotedEnd(p, end);
      if (this.text.charCodeAt(close) !== 0x3a || this.text.charCodeAt(close + 1) !== 0x20) giveUp();
      return { key: this.quoted(p, close), next: close + 1 };
    }
    let colon = -1;
    for (let q = p; q < end; q++) {
      const d = this.text.charCodeAt(q);
      if (d === 0x3a && this.text.charCodeAt(q + 1) === 0x20) {
        colon = q;
        break;
      }
      if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x7b || d === 0x5b) giveUp();
    }
    if (colon === -1) giveUp();
    let last = colon;
    while (last > p && this.text.charCodeAt(last - 1) === 0x20) last--;
    const key = resolvePlain(this.plain(p, last, true));
    if (typeof key !== 'string') giveUp();
    return { key, next: colon + 1 };
  }

  private flowValue(p: number, end: number, depth: number): { value: unknown; next: number } {
    const c = this.text.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      const close = this.quotedEnd(p, end);
      return { value: this.quoted(p, close), next: close };
    }
    if (c === 0x7b || c === 0x5b) return this.flow(p, end, depth);
    let q = p;
    while (q < end) {
      const d = this.text.charCodeAt(q);
      if (d === 0x2c || d === 0x7d || d === 0x5d) break;
      if (d === 0x3a || d === 0x23 || d === 0x7b || d === 0x5b) giveUp();
      q++;
    }
    let last = q;
    while (last > p && this.text.charCodeAt(last - 1) === 0x20) last--;
    return { value: resolvePlain(this.plain(p, last, true)), next: q };
  }
}

/**
 * Reads `text` (a whole manifest file, byte order mark removed), or returns
 * undefined when the file uses anything beyond what this reader knows: the
 * reference path then reads it.
 */
export function readFast(text: string, limits: ManifestLimits): FastResult | undefined {
  if (scalarTags === undefined) return undefined;
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const lineStarts: number[] = [];
  // The lines of each document, without blank and comment-only lines.
  const documents: Line[][] = [];
  let current: Line[] = [];
  let opened = false;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineStarts.push(start);
    const c = text.charCodeAt(start);
    if (
      c === 0x2d &&
      text.startsWith('---', start) &&
      (end === start + 3 || text.charCodeAt(start + 3) === 0x20)
    ) {
      // A marker with content after it, on its own line or not, is left to the reference path.
      let q = start + 3;
      while (q < end && text.charCodeAt(q) === 0x20) q++;
      if (q < end && (text.charCodeAt(q) !== 0x23 || q === start + 3)) return undefined;
      if (opened || current.length > 0) documents.push(current);
      current = [];
      opened = true;
    } else if (c === 0x25 || (c === 0x2e && text.startsWith('...', start))) {
      return undefined;
    } else {
      let indent = start;
      while (indent < end && text.charCodeAt(indent) === 0x20) indent++;
      if (indent < end && text.charCodeAt(indent) !== 0x23)
        current.push({ start, end, indent: indent - start });
    }
    if (end === text.length) break;
    start = end + 1;
  }
  if (opened || current.length > 0) documents.push(current);
  if (documents.length > limits.maxDocuments) return undefined;

  const read: FastDocument[] = [];
  try {
    documents.forEach((lines, index) => {
      if (lines.length === 0) return;
      const { value, start, itemStarts } = new Reader(text, lines, limits).document();
      read.push({ index, value, start: start + lines[0]!.indent, itemStarts });
    });
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
  return { documents: read, count: documents.length, lineStarts };
}
