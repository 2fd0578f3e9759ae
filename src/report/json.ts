/** The JSON report: the plan itself, which is the versioned schema (see src/plan/types.ts). */

import type { Plan } from '../plan/types.ts';

/**
 * Characters JSON.stringify leaves raw that a terminal or viewer acts on: DEL, the C1
 * controls, line and paragraph separators and bidirectional overrides. JSON.stringify
 * already escapes C0 controls; these can only stand inside strings, where `\uXXXX` reads
 * back as the same text.
 */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `value` as indented JSON that holds no control character, whoever reads it. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(
    RAW_IN_JSON,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )}\n`;
}

export function renderJson(plan: Plan): string {
  return jsonText(plan);
}
