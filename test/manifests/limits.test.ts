import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MANIFEST_LIMITS,
  formatBytes,
  parseManifests,
  resolveLimits,
} from '../../src/manifests/index.ts';
import { lines, manifest } from './builders.ts';

const MiB = 1024 * 1024;

/**
 * Parsing thousands of documents takes seconds on a busy machine; this guards against
 * a hang without asserting a speed (benchmarks do that).
 */
const SLOW = 60_000;

/** The classic billion laughs: nine levels of nine aliases, 9^9 strings once expanded. */
function billionLaughs(): string {
  const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const body = levels.map((level, i) => {
    if (i === 0) return `  ${level}: &${level} ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`;
    const previous = `*${levels[i - 1]}`;
    return `  ${level}: &${level} [${Array(9).fill(previous).join(',')}]`;
  });
  return lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', ...body);
}

function configMapDocuments(count: number): string {
  return Array.from({ length: count }, (_, i) => manifest('ConfigMap', `cm-${i}`).yaml()).join('\n---\n');
}

describe('resource limits', () => {
  it('refuses a billion laughs document before expanding it, pointing at the sequence that would overflow', () => {
    const result = parseManifests(billionLaughs(), 'lol.yaml');
    expect(result.objects).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['yaml-alias-limit', 12, 9]]);
    expect(result.diagnostics[0]?.message).toContain('aliases are expanded');
  });

  it('still refuses the billion laughs through the alias count when the node cap is lifted', () => {
    const result = parseManifests(billionLaughs(), 'lol.yaml', { maxNodes: 1e15 });
    expect(result.objects).toEqual([]);
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml-alias-limit', 1]]);
    expect(result.diagnostics[0]?.message).toContain('raise limits.maxAliasCount in the berth config');
  });

  it('accepts a document that reuses an anchor a few times', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - {name: a, resources: &r {requests: {cpu: 100m}}}',
      '  - {name: b, resources: *r}',
      '  - {name: c, resources: *r}',
    );
    const result = parseManifests(text, 'ok.yaml');
    expect(result.diagnostics).toEqual([]);
    const containers = (result.objects[0]!.raw.spec as { containers: { resources: unknown }[] }).containers;
    expect(containers.map((c) => c.resources)).toEqual(Array(3).fill({ requests: { cpu: '100m' } }));
  });

  it('refuses a 9 MiB file, saying the limit and how to raise it', () => {
    const filler = `# ${'x'.repeat(1022)}\n`.repeat(9 * 1024);
    const text = `${manifest('ConfigMap', 'big').yaml()}\n${filler}`;
    const result = parseManifests(text, 'big.yaml');
    expect(result.objects).toEqual([]);
    expect(result.diagnostics).toEqual([
      {
        file: 'big.yaml',
        line: 1,
        column: 1,
        severity: 'error',
        code: 'file-too-large',
        message:
          'file is 9.0 MiB, over the 8 MiB limit for one manifest file; split it, or raise limits.maxFileBytes in the berth config',
      },
    ]);
  });

  it('reads the same 9 MiB file when the caller raises the limit', () => {
    const filler = `# ${'x'.repeat(1022)}\n`.repeat(9 * 1024);
    const result = parseManifests(`${manifest('ConfigMap', 'big').yaml()}\n${filler}`, 'big.yaml', {
      maxFileBytes: 10 * MiB,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.objects.map((o) => o.metadata.name)).toEqual(['big']);
  });

  it(
    'reads the first 5,000 of 6,000 documents and reports the 5,001st',
    () => {
      const result = parseManifests(configMapDocuments(6000), 'many.yaml');
      expect(result.objects).toHaveLength(5000);
      expect(result.objects.at(-1)?.metadata.name).toBe('cm-4999');
      expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
        ['too-many-documents', 5000 * 5 + 1, 1],
      ]);
      expect(result.diagnostics[0]?.message).toContain('only the first 5000 were read');
    },
    SLOW,
  );

  it('honours a lower document limit given by the caller', () => {
    const result = parseManifests(configMapDocuments(3), 'few.yaml', { maxDocuments: 2 });
    expect(result.objects.map((o) => o.metadata.name)).toEqual(['cm-0', 'cm-1']);
    expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([['too-many-documents', 11]]);
  });

  it('refuses nesting deeper than the limit at the first node too deep', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: deep}',
      `data: ${'['.repeat(150)}${']'.repeat(150)}`,
    );
    const result = parseManifests(text, 'deep.yaml');
    expect(result.objects).toEqual([]);
    // The document mapping is level 1 and `data`'s sequence level 2, so level 101 is the 100th bracket.
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['too-deep', 4, 106]]);
  });

  it(
    'refuses nesting so deep the parser itself gives up, without throwing',
    () => {
      const result = parseManifests(`${'['.repeat(100_000)}\n`, 'abyss.yaml');
      expect(result.objects).toEqual([]);
      expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['too-deep', 'error']]);
    },
    SLOW,
  );

  it('refuses an object whose JSON form is over 1 MiB and names it', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: huge',
      'data:',
      `  blob: ${'a'.repeat(MiB + 10)}`,
    );
    const result = parseManifests(`${text}---\n${manifest('ConfigMap', 'small').yaml()}\n`, 'huge.yaml');
    expect(result.objects.map((o) => o.metadata.name)).toEqual(['small']);
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['object-too-large', 1, 1]]);
    expect(result.diagnostics[0]?.message).toMatch(/^ConfigMap "huge" is 1\.0 MiB as JSON, over the 1 MiB/);
  });
});

describe('resolveLimits', () => {
  it('fills what the caller leaves out with the defaults', () => {
    expect(resolveLimits({ maxDocuments: 10 })).toEqual({ ...DEFAULT_MANIFEST_LIMITS, maxDocuments: 10 });
  });

  it('ignores nonsense overrides instead of disabling a bound', () => {
    expect(resolveLimits({ maxFileBytes: Number.NaN, maxDepth: -1 })).toEqual(DEFAULT_MANIFEST_LIMITS);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_MANIFEST_LIMITS).toMatchObject({
      maxFileBytes: 8 * MiB,
      maxDocuments: 5000,
      maxObjectBytes: MiB,
    });
  });
});

describe('formatBytes', () => {
  it.each([
    [300, '300 bytes'],
    [1536, '1.5 KiB'],
    [8 * MiB, '8 MiB'],
    [9.5 * MiB, '9.5 MiB'],
  ])('%d bytes read as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
