/**
 * Bytes to text, for every file berth parses as YAML or JSON (manifests, cluster
 * files). A file that is not UTF-8, or holds a NUL byte, is binary: parsing it would
 * only produce a puzzling YAML error ("Implicit keys need to be on a single line") and
 * put binary bytes in a code frame. YAML 1.2 allows no NUL in a stream, and no
 * Kubernetes manifest or kubectl output has one.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text, or why the bytes are not text (`file is not UTF-8 text ...`). */
export type DecodedText = { ok: true; text: string } | { ok: false; why: string };

export function decodeText(bytes: Uint8Array): DecodedText {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, why: 'file is not UTF-8 text' };
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    return { ok: false, why: `file is not UTF-8 text (a NUL byte on line ${line}: binary data?)` };
  }
  return { ok: true, text };
}
