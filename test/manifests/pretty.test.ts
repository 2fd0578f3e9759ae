import { describe, expect, it } from 'vitest';
import { parseManifests, prettyDiagnostic } from '../../src/manifests/index.ts';
import { type Diagnostic, diagnostic } from '../../src/model/diagnostics.ts';
import { lines } from './builders.ts';

function at(line: number, column: number, message = 'something is wrong'): Diagnostic {
  return diagnostic({ file: 'app.yaml', line, column }, 'error', 'invalid-field', message);
}

describe('prettyDiagnostic', () => {
  it('shows the source line with a caret under the column', () => {
    const source = lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: Web');
    expect(prettyDiagnostic(at(4, 9), source)).toBe(
      ['app.yaml:4:9: error: something is wrong', '', ' 4 |   name: Web', '   |         ^', ''].join('\n'),
    );
  });

  it('keeps tabs before the column so the caret lines up', () => {
    const source = 'a:\n\tb: c\n';
    expect(prettyDiagnostic(at(2, 5), source).split('\n').slice(2, 4)).toEqual([
      ' 2 | \tb: c',
      '   | \t   ^',
    ]);
  });

  it('shows control characters of the source line escaped, with the caret under the escaped text', () => {
    const source = 'a: 1\nb: "\u001b[2J\r" c\n';
    // Column 12 is the `c`; escaped, 15 characters stand before it.
    expect(prettyDiagnostic(at(2, 12), source).split('\n').slice(2, 4)).toEqual([
      ' 2 | b: "\\x1b[2J\\r" c',
      `   | ${' '.repeat(15)}^`,
    ]);
  });

  it('shows no source line for a file that is not text: the problem is the whole file', () => {
    const binary = diagnostic(
      { file: 'bin.yaml', line: 1, column: 1 },
      'error',
      'file-unreadable',
      'file is not UTF-8 text',
    );
    expect(prettyDiagnostic(binary, '\u0000\u0001ELF\n')).toBe('bin.yaml:1:1: error: file is not UTF-8 text');
  });

  it('cuts a long line around the column', () => {
    const source = `data: ${'x'.repeat(500)}BAD${'y'.repeat(500)}\n`;
    const shown = prettyDiagnostic(at(1, 507), source).split('\n');
    expect(shown[2]?.length).toBeLessThan(140);
    const caret = shown[3]?.indexOf('^') ?? -1;
    expect(shown[2]?.slice(caret, caret + 3)).toBe('BAD');
  });

  it('prints only the header when the line is not in the source', () => {
    expect(prettyDiagnostic(at(40, 1), 'a: 1\n')).toBe('app.yaml:40:1: error: something is wrong');
  });

  const secrets: { name: string; source: string; line: number }[] = [
    {
      name: 'a line of a Secret document',
      source: lines(
        'apiVersion: v1',
        'kind: Secret',
        'metadata: {name: s}',
        'data:',
        '  password: aHVudGVyMg==',
      ),
      line: 5,
    },
    {
      name: 'a Secret whose kind comes after its data',
      source: lines(
        'apiVersion: v1',
        'stringData:',
        '  token: hunter2',
        'kind: "Secret"',
        'metadata: {name: s}',
      ),
      line: 3,
    },
    {
      name: 'a Secret written as JSON',
      source:
        '{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"k": "aHVudGVyMg=="}}\n',
      line: 1,
    },
    {
      name: 'a document naming stringData even when its kind is unreadable',
      source: lines('apiVersion: v1', 'kind: {{ .Kind }}', 'stringData:', '  token: hunter2'),
      line: 4,
    },
    {
      name: 'a Secret item inside a List',
      source: lines(
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: v1',
        '  kind: Secret',
        '  data: {k: aHVudGVyMg==}',
      ),
      line: 6,
    },
    {
      name: "an annotation holding a Secret's last applied configuration",
      source: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: c',
        '  annotations:',
        `    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"k":"aHVudGVyMg=="},"kind":"Secret"}'`,
      ),
      line: 6,
    },
  ];
  it.each(secrets)('never prints $name', ({ source, line }) => {
    const printed = prettyDiagnostic(at(line, 3), source);
    expect(printed).toBe(`app.yaml:${line}:3: error: something is wrong`);
  });

  it('still prints lines of other documents in a file that also holds a Secret', () => {
    const source = lines(
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: s}',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: Bad}',
    );
    expect(prettyDiagnostic(at(7, 18), source)).toContain(' 7 | metadata: {name: Bad}');
  });

  it('does not mistake a kind that starts with Secret for a Secret', () => {
    const source = lines(
      'apiVersion: secrets-store.csi.x-k8s.io/v1',
      'kind: SecretProviderClass',
      'metadata: {name: Bad}',
    );
    expect(prettyDiagnostic(at(3, 18), source)).toContain(' 3 | metadata: {name: Bad}');
  });

  it('renders a real diagnostic from the parser', () => {
    const source = lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: ../etc');
    const [first] = parseManifests(source, 'cm.yaml').diagnostics;
    expect(prettyDiagnostic(first!, source).split('\n').slice(2, 4)).toEqual([
      ' 4 |   name: ../etc',
      '   |         ^',
    ]);
  });
});
