/**
 * The fast reader (src/manifests/fast.ts) is held to the reference path (the
 * `yaml` package): for every file, the same objects, the same source positions,
 * the same field positions for every path a diagnostic could ask for, and the
 * same diagnostics. Files it cannot read must fall back, not differ.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests, readsFast } from '../../src/manifests/parse.ts';
import type { FieldPath, LoadResult } from '../../src/model/types.ts';

const fixtures = path.resolve(import.meta.dirname, '../fixtures');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.(ya?ml|json)$/.test(name) ? [full] : [];
  });
}

/** Every path into a value, and one past each mapping and sequence (a field that is not there). */
function pathsOf(value: unknown, prefix: FieldPath = []): FieldPath[] {
  const paths: FieldPath[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      paths.push(...pathsOf(item, [...prefix, i]));
    });
    paths.push([...prefix, value.length]);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
    paths.push([...prefix, 'not-written']);
  }
  return paths;
}

function view(result: LoadResult) {
  return {
    diagnostics: result.diagnostics,
    objects: result.objects.map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: o.metadata,
      raw: o.raw,
      source: o.source,
      fields: pathsOf(o.raw).map((p) => [p.join('.'), o.locate(p)]),
    })),
  };
}

/** Parses `text` both ways and expects the same; returns whether the fast reader read it. */
function expectSame(text: string, file = 'test.yaml', limits = {}): boolean {
  const fast = parseManifests(text, file, limits);
  const reference = parseManifests(text, file, limits, { reference: true });
  expect(view(fast)).toEqual(view(reference));
  return readsFast(text, limits);
}

describe('the fast manifest reader', () => {
  it('reads every fixture exactly as the reference path does, and reads most of them itself', () => {
    const files = filesUnder(fixtures);
    expect(files.length).toBeGreaterThan(50);
    let read = 0;
    for (const file of files) {
      if (expectSame(readFileSync(file, 'utf8'), file)) read++;
    }
    expect(read).toBeGreaterThan(files.length / 3);
  });

  it('reads plain block, compact and flow YAML itself, with the same values and positions', () => {
    const text = [
      '# leading comment',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Node',
      '  metadata:',
      '    name: node-1   # trailing comment',
      "    labels: { zone: a, \"quoted key\": 'it''s', num: 1 }",
      '  status:',
      '    allocatable:',
      '      cpu: 7900m',
      "      pods: '110'",
      '      memory: 30Gi',
      '    flags: [1, 2.5, true, null, ~, 0x1f, 0o17, 0644, 1e3, .inf, "s"]',
      '    empty:',
      '    list:',
      '    - a:b',
      '    -',
      '    - - nested',
      '      - deeper',
      '    - url: http://example.com/a#b',
      '',
      '-   apiVersion: v1',
      '    kind: Node',
      '    metadata:',
      '      name: node-2',
      '      annotations: {}',
      '      finalizers: []',
      '---',
      '---',
      '# only a comment',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: cm, namespace: Bad_Namespace}',
      'data:',
      '  f:metadata: x',
      '  "k": -1',
      '  neg: -0.5',
      '  dash: --flag',
      '',
    ].join('\n');
    expect(expectSame(text)).toBe(true);
    // The bad namespace is reported at its line, found through the reference path on demand.
    const result = parseManifests(text, 'test.yaml');
    expect(result.diagnostics.map((d) => [d.line, d.column, d.code])).toEqual([[36, 33, 'invalid-field']]);
    expect(
      result.objects.map((o) => [o.metadata.name, o.source.line, o.source.column, o.source.document]),
    ).toEqual(
      [
        ['node-1', 5, 3],
        ['node-2', 24, 5],
      ].map(([name, line, column]) => [name, line, column, 0]),
    );
  });

  const fallbacks: [string, string][] = [
    ['anchors and aliases', 'apiVersion: v1\nkind: Pod\nmetadata: &m\n  name: a\nspec:\n  x: *m\n'],
    [
      'merge keys',
      'apiVersion: v1\nkind: ConfigMap\nbase: &b {x: 1}\ndata:\n  <<: *b\n  y: "2"\nmetadata:\n  name: a\n',
    ],
    ['duplicate keys', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n'],
    ['multi-line flow', 'apiVersion: v1\nkind: Pod\nmetadata: {\n  name: a }\n'],
    ['block scalars', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  f: |\n    line\n'],
    [
      'multi-line plain scalars',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  f: one\n    two\n',
    ],
    ['escapes', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  f: "a\\tb"\n'],
    ['tags', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !!str a\n'],
    ['YAML 1.1 booleans', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  f: yes\n'],
    ['JSON', '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}\n'],
    [
      'a JSON stream',
      '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a"}}\n{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "b"}}\n',
    ],
    ['tabs', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name:\ta\n'],
    ['CRLF line ends', 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a\r\n'],
    ['bad indentation', 'apiVersion: v1\nkind: Pod\nmetadata:\n    name: a\n  namespace: b\n'],
    ['a trailing comma', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a,}\n'],
    ['a document end marker', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n...\n'],
    ['a root sequence', '- apiVersion: v1\n  kind: Pod\n'],
    [
      'a list in a list',
      'apiVersion: v1\nkind: List\nitems:\n- kind: List\n  items:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: a\n',
    ],
    ['a key with a space before its colon', 'apiVersion : v1\nkind: Pod\nmetadata:\n  name: a\n'],
    [
      'a key over 1024 characters',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  ${'k'.repeat(1030)}: v\n`,
    ],
  ];
  it.each(fallbacks)('leaves %s to the reference path, with the same result', (_name, text) => {
    expect(expectSame(text)).toBe(false);
  });

  it('leaves documents beyond the limits to the reference path, which reports them', () => {
    const deep = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a:\n    b:\n      c: d\n';
    expect(expectSame(deep, 'deep.yaml', { maxDepth: 4 })).toBe(false);
    expect(expectSame(deep, 'deep.yaml', { maxDepth: 5 })).toBe(true);
    expect(expectSame(deep, 'deep.yaml', { maxNodes: 16 })).toBe(false);
    expect(expectSame(deep, 'deep.yaml', { maxNodes: 17 })).toBe(true);
    const two =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n';
    expect(expectSame(two, 'two.yaml', { maxDocuments: 1 })).toBe(false);
  });
});
