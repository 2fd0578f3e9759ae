import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/model/diagnostics.ts';

describe('diagnostics', () => {
  it('formats as file:line:column so editors can jump to it', () => {
    expect(
      formatDiagnostic({
        file: 'a.yaml',
        line: 3,
        column: 5,
        severity: 'error',
        code: 'yaml-syntax',
        message: 'bad',
      }),
    ).toBe('a.yaml:3:5: error: bad');
  });
});
