/**
 * A Secret as the API server reads it. `data` values are base64 (the JSON form of
 * `[]byte`): text that does not decode is refused while decoding the request, before any
 * validation, with Go's message (`illegal base64 data at input byte 7`). Keys must be
 * valid config keys and everything together at most 1 MiB (ValidateSecret).
 *
 * Messages name keys and byte offsets, never a value: the values are secret.
 */

import { type Diagnostic, diagnostic, type SourcePosition } from '../model/diagnostics.ts';
import type { FieldPath } from '../model/types.ts';

/** core.MaxSecretSize. */
const MAX_SECRET_BYTES = 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]$/;

/**
 * Where Go's base64.StdEncoding.Decode stops on `text` (the index its CorruptInputError
 * names), or null when it decodes. Like Go: `\r` and `\n` are skipped, padding is required,
 * and nothing but newlines may follow it. Returns the decoded length too.
 */
export function base64Problem(text: string): { at: number } | { bytes: number } {
  const src = text;
  let si = 0;
  let bytes = 0;
  const newline = (c: string | undefined) => c === '\n' || c === '\r';
  while (true) {
    let j = 0;
    let padded = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { bytes };
        // A quantum cut short: Go reports where it began.
        return { at: si - j };
      }
      const c = src[si]!;
      si++;
      if (BASE64.test(c)) continue;
      if (newline(c)) {
        j--;
        continue;
      }
      if (c !== '=') return { at: si - 1 };
      // Padding: only after two or three characters of a quantum.
      if (j === 0 || j === 1) return { at: si - 1 };
      if (j === 2) {
        while (si < src.length && newline(src[si])) si++;
        if (si === src.length) return { at: src.length };
        if (src[si] !== '=') return { at: si - 1 };
        si++;
      }
      while (si < src.length && newline(src[si])) si++;
      if (si < src.length) return { at: si };
      padded = true;
      break;
    }
    bytes += padded ? j - 1 : 3;
    if (padded) return { bytes };
  }
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** IsConfigMapKey's messages for `key` (none when it is valid). */
function configKeyProblems(key: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(key, 'utf8') > 253) problems.push('must be no more than 253 bytes');
  if (!CONFIG_KEY.test(key)) {
    problems.push(
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    );
  }
  if (key === '.') problems.push("must not be '.'");
  else if (key === '..') problems.push("must not be '..'");
  else if (key.startsWith('..')) problems.push("must not start with '..'");
  return problems;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'object';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The API server's errors for a v1 Secret, each at its line; empty when it would accept it. */
export function validateSecret(
  raw: Record<string, unknown>,
  name: string,
  locate: (path: FieldPath) => SourcePosition,
): Diagnostic[] {
  const errors: Diagnostic[] = [];
  // Decoding errors stop the request before validation, as upstream's do.
  const undecodable = (path: FieldPath, detail: string) =>
    errors.push(
      diagnostic(
        locate(path),
        'error',
        'invalid-field',
        `Secret in version "v1" cannot be handled as a Secret: ${detail}`,
      ),
    );
  const invalid = (path: FieldPath, detail: string) =>
    errors.push(
      diagnostic(locate(path), 'error', 'invalid-field', `The Secret "${name}" is invalid: ${detail}`),
    );

  let total = 0;
  const keys: [string, FieldPath][] = [];
  for (const field of ['data', 'stringData'] as const) {
    const map = raw[field];
    if (map === undefined || map === null) continue;
    if (!isPlainObject(map)) {
      undecodable(
        [field],
        `json: cannot unmarshal ${jsonType(map)} into Go struct field Secret.${field} of type map[string]${field === 'data' ? '[]uint8' : 'string'}`,
      );
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      const at: FieldPath = [field, key];
      keys.push([key, at]);
      if (value === null) continue;
      if (field === 'stringData') {
        if (typeof value === 'string') total += Buffer.byteLength(value, 'utf8');
        else
          undecodable(
            at,
            `json: cannot unmarshal ${jsonType(value)} into Go struct field Secret.stringData of type string`,
          );
        continue;
      }
      if (typeof value !== 'string') {
        undecodable(
          at,
          `json: cannot unmarshal ${jsonType(value)} into Go struct field Secret.data of type []uint8`,
        );
        continue;
      }
      const decoded = base64Problem(value);
      if ('at' in decoded) undecodable(at, `illegal base64 data at input byte ${decoded.at}`);
      else total += decoded.bytes;
    }
  }
  if (errors.length > 0) return errors;
  // stringData is merged into data before validation, so its keys are data's.
  for (const [key, at] of keys) {
    for (const problem of configKeyProblems(key))
      invalid(at, `data[${key}]: Invalid value: ${JSON.stringify(key)}: ${problem}`);
  }
  if (total > MAX_SECRET_BYTES)
    invalid(['data'], `data: Too long: may not be more than ${MAX_SECRET_BYTES} bytes`);
  return errors;
}
