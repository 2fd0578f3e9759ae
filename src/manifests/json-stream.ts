/**
 * kubectl reads a stream that starts with `{` as concatenated JSON objects
 * (`{...}{...}` or one per line, as `jq -c` writes them) with no `---` between
 * them. YAML cannot parse that, so such a stream is cut into its values first.
 */

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[ \t\r\n]/.test(text[i] ?? '')) i++;
  return i;
}

/**
 * The `[start, end)` offsets of each top-level object when `text` is two or more
 * JSON objects with only whitespace between them; undefined for anything else
 * (including a single object, which YAML reads as it is).
 */
export function jsonStreamSegments(text: string): [number, number][] | undefined {
  let i = skipWhitespace(text, 0);
  if (text[i] !== '{') return undefined;
  const segments: [number, number][] = [];
  while (i < text.length) {
    if (text[i] !== '{') return undefined;
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 0x5c) i++;
        else if (c === 0x22) inString = false;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
    if (depth !== 0) return undefined;
    segments.push([start, i]);
    i = skipWhitespace(text, i);
  }
  return segments.length > 1 ? segments : undefined;
}
