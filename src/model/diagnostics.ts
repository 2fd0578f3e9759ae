/**
 * Errors are data. Every loader and parser collects diagnostics instead of
 * throwing at the first problem, so one bad document never hides the others.
 */

import { printable } from './printable.ts';

export type Severity = 'error' | 'warning';

/** Stable codes so tests, tools and people can match a problem without parsing prose. */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'yaml-duplicate-key'
  | 'yaml-alias-limit'
  | 'yaml-tag'
  | 'not-an-object'
  | 'missing-field'
  | 'invalid-field'
  | 'file-too-large'
  | 'too-many-documents'
  | 'too-deep'
  | 'object-too-large'
  | 'file-unreadable'
  | 'outside-root'
  | 'no-files'
  | 'no-objects'
  | 'invalid-quantity'
  | 'unknown-field'
  | 'invalid-type'
  | 'unsupported-kind'
  | 'invalid-cluster'
  | 'invalid-config'
  | 'duplicate-object'
  | 'too-many-pods'
  | 'timeline'
  | 'render-failed'
  | 'renderer-missing'
  | 'not-a-manifest'
  | 'estimate'
  | 'no-requests'
  | 'internal';

export interface SourcePosition {
  /** File path as the user gave it (relative paths stay relative); `<stdin>` for standard input. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

export interface Diagnostic extends SourcePosition {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
}

/** Base class for the few errors that are thrown (usage errors, I/O the caller must see). */
export class BerthError extends Error {
  readonly code: DiagnosticCode | 'usage' | 'io';
  constructor(code: DiagnosticCode | 'usage' | 'io', message: string) {
    super(message);
    this.name = 'BerthError';
    this.code = code;
  }
}

export function diagnostic(
  at: SourcePosition,
  severity: Severity,
  code: DiagnosticCode,
  message: string,
): Diagnostic {
  return { file: at.file, line: at.line, column: at.column, severity, code, message };
}

/**
 * `file:line:column: severity: message`, the form editors and CI log parsers understand.
 * Always one line: the file name and the message quote input, so they are made printable.
 */
export function formatDiagnostic(d: Diagnostic): string {
  return `${printable(d.file)}:${d.line}:${d.column}: ${d.severity}: ${printable(d.message)}`;
}
