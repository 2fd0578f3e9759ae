/**
 * The fast reader (src/manifests/fast.ts) is held to the reference path (the
 * `yaml` package): for every file, the same objects, the same source positions,
 * the same field positions for every path a diagnostic could ask for, and the
 * same diagnostics. Files it cannot read must fall back, not differ.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFast } from '../../src/manifests/fast.ts';
import { DEFAULT_MANIFEST_LIMITS } from '../../src/manifests/limits.ts';
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

/** Scalars the fast reader reads itself: words, numbers and other schema values, colons and hashes inside. */
const READABLE = [
  'a',
  'app-1',
  'x y',
  '7900m',
  '30Gi',
  'http://example.com/a#b',
  'a#b',
  'a:b',
  "it's",
  '--flag',
  '0',
  '08',
  '0644',
  '1e3',
  '0x1F',
  '0o17',
  '-1',
  '+2',
  '.5',
  '1.',
  '.inf',
  '.NaN',
  '1_000',
  'true',
  'False',
  'null',
  '~',
  '',
];
/** Scalars it must leave to the reference path (or read the same when quoted). */
const TRICKY = [
  'yes',
  'n',
  'a #b',
  '-',
  '- x',
  '?x',
  ':x',
  '*a',
  '&a',
  '!t',
  '|',
  '>',
  '@x',
  '%x',
  '`x',
  'a: b',
  'a:',
  '[x]',
  '{x}',
  'a,b',
  '"q"',
  'b\\c',
  '__proto__',
  '<<',
  '---',
  '...',
];
const scalarArb = fc.oneof(
  { arbitrary: fc.constantFrom(...READABLE), weight: 40 },
  { arbitrary: fc.constantFrom(...TRICKY), weight: 1 },
);
const keyArb = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b', 'app-1', 'x y', 'f:metadata', 'k#1', "it's"), weight: 40 },
  { arbitrary: fc.constantFrom(...READABLE, ...TRICKY), weight: 1 },
);

type Shape = string | Shape[] | { [key: string]: Shape };

const shape: fc.Arbitrary<Shape> = fc.letrec<{ value: Shape }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(keyArb, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Writes a value as block YAML, choosing styles from `pick`; the text need not be valid YAML. */
function write(value: Shape, indent: number, pick: () => number, block = false): string[] {
  const pad = ' '.repeat(indent);
  const scalar = (s: string) => {
    const style = pick() % 6 < 4 ? 0 : pick() % 2 === 0 ? 1 : 2;
    return style === 0 ? s : style === 1 ? `'${s.replaceAll("'", "''")}'` : `"${s}"`;
  };
  const flow = (v: Shape): string =>
    typeof v === 'string'
      ? scalar(v)
      : Array.isArray(v)
        ? `[${v.map(flow).join(', ')}]`
        : `{${Object.entries(v)
            .map(([k, x]) => `${scalar(k)}: ${flow(x)}`)
            .join(', ')}}`;
  const comment = () => (pick() % 4 === 0 ? ' # note' : '');
  if (typeof value === 'string' || (!block && pick() % 4 === 0)) return [`${pad}${flow(value)}${comment()}`];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      const inner = write(item, indent + 2, pick);
      const first = inner[0]!.slice(indent + 2);
      return [`${pad}- ${first}`, ...inner.slice(1)];
    });
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return [`${pad}{}`];
  return entries.flatMap(([k, v]) => {
    if (typeof v === 'string' || Object.keys(v).length === 0 || pick() % 3 === 0)
      return [`${pad}${scalar(k)}: ${flow(v)}${comment()}`];
    const nested = write(v, Array.isArray(v) && pick() % 2 === 0 ? indent : indent + 2, pick, true);
    return [`${pad}${scalar(k)}:${comment()}`, ...nested];
  });
}

describe('the fast manifest reader', () => {
  it('agrees with the reference path on generated YAML, valid or not', () => {
    let runs = 0;
    let fastDocs = 0;
    let fastLists = 0;
    fc.assert(
      fc.property(
        fc.array(shape, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
        (values, choices) => {
          let n = 0;
          const pick = () => choices[n++ % choices.length]!;
          const docs = values.map((data, i) =>
            [
              'apiVersion: v1',
              'kind: ConfigMap',
              'metadata:',
              `  name: cm-${i}`,
              ...write({ data }, 0, pick, true),
            ].join('\n'),
          );
          const list = [
            'apiVersion: v1',
            'kind: List',
            'items:',
            ...docs.flatMap((d) => d.split('\n').map((l, j) => (j === 0 ? `- ${l}` : `  ${l}`))),
          ];
          if (expectSame(`${docs.join('\n---\n')}\n`)) fastDocs++;
          if (expectSame(`${list.join('\n')}\n`)) fastLists++;
          runs++;
        },
      ),
      { numRuns: 300 },
    );
    // Most generated files are read by the fast reader itself (about four in five), not left to the reference.
    expect(fastDocs).toBeGreaterThan(runs / 3);
    expect(fastLists).toBeGreaterThan(runs / 3);
  });

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
    [
      'folded block scalars',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  f: >\n    line\n',
    ],
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

  describe('literal block scalars', () => {
    const named = (name: string, ...data: string[]) =>
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, 'data:', ...data].join('\n');
    const configMap = (...data: string[]) => named('cm', ...data);
    /** Reads `text` both ways, expects the fast reader to read it itself, and returns its ConfigMap data. */
    const dataOf = (text: string): unknown => {
      expect(expectSame(text)).toBe(true);
      return parseManifests(text, 'test.yaml').objects[0]?.raw.data;
    };

    it('reads clip, strip and keep chomping with blank lines inside and at the end', () => {
      const body = ['    one', '', '      deeper', '   ', '    # not a comment', '    two', '', '  ', ''];
      expect(
        dataOf(
          configMap('  clip: |', ...body, '  strip: |-', ...body, '  keep: |+', ...body, '  after: x', ''),
        ),
      ).toEqual({
        clip: 'one\n\n  deeper\n\n# not a comment\ntwo\n',
        strip: 'one\n\n  deeper\n\n# not a comment\ntwo',
        keep: 'one\n\n  deeper\n\n# not a comment\ntwo\n\n\n\n',
        after: 'x',
      });
    });

    it('reads a header comment, trailing spaces and lines of only spaces as the reference path does', () => {
      expect(
        dataOf(
          configMap('  a: |   # the header comment', '    x  ', '       ', '    y', '  b: |-  ', '    z', ''),
        ),
      ).toEqual({ a: 'x  \n   \ny\n', b: 'z' });
    });

    it.each([
      ['|', '', 'x\n'],
      ['|', '\n', 'x\n'],
      ['|', '\n\n\n', 'x\n'],
      ['|-', '', 'x'],
      ['|-', '\n\n', 'x'],
      ['|+', '', 'x\n'],
      ['|+', '\n', 'x\n'],
      ['|+', '\n\n\n', 'x\n\n\n'],
      ['|+', '\n\n  ', 'x\n\n'],
      ['|+', '\n\n      ', 'x\n\n  \n'],
    ])('reads `%s` as the last value in the file, followed by %j', (header, end, value) => {
      expect(dataOf(`${configMap(`  f: ${header}`, '    x')}${end}`)).toEqual({ f: value });
    });

    it('ends a block scalar at `---` and reads the next document', () => {
      const text = [
        named('a', '  keep: |+', '    a', '', ''),
        '---',
        named('b', '  clip: |', '    b', ''),
        '---',
        named('c', '  strip: |-', '    c'),
        '---',
        '',
      ].join('\n');
      expect(expectSame(text)).toBe(true);
      const result = parseManifests(text, 'test.yaml');
      expect(result.objects.map((o) => [o.source.line, o.raw.data])).toEqual([
        [1, { keep: 'a\n\n\n' }],
        [11, { clip: 'b\n' }],
        [20, { strip: 'c' }],
      ]);
    });

    it('reads block scalars in sequences, compact mappings and a Secret', () => {
      const text = [
        'apiVersion: batch/v1',
        'kind: Job',
        'metadata:',
        '  name: migrate',
        'spec:',
        '  template:',
        '    spec:',
        '      restartPolicy: Never',
        '      containers:',
        '      - name: run',
        '        image: busybox',
        '        command:',
        '        - sh',
        '        - -c',
        '        - |',
        '          set -e',
        '          # wait for the database',
        '          until nc -z db 5432; do sleep 1; done',
        '',
        '          echo done',
        '        env:',
        '        - name: SCRIPT',
        '          value: |-',
        '            line one',
        '              line two',
        '        - value: |+',
        '            first key',
        '',
        '          name: FIRST',
        '---',
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: creds',
        'stringData:',
        '  config.yaml: |',
        '    user: admin',
        '    password: "not: a real one"',
        '  token: abc',
        '',
      ].join('\n');
      expect(expectSame(text)).toBe(true);
      const [job, secret] = parseManifests(text, 'test.yaml').objects;
      const container = (
        job!.raw as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } }
      ).spec.template.spec.containers[0]!;
      expect(container.command).toEqual([
        'sh',
        '-c',
        'set -e\n# wait for the database\nuntil nc -z db 5432; do sleep 1; done\n\necho done\n',
      ]);
      expect(container.env).toEqual([
        { name: 'SCRIPT', value: 'line one\n  line two' },
        { value: 'first key\n\n', name: 'FIRST' },
      ]);
      expect(secret!.raw.stringData).toEqual({
        'config.yaml': 'user: admin\npassword: "not: a real one"\n',
        token: 'abc',
      });
      expect(secret!.source.line).toBe(31);
    });

    it('keeps the lines of objects and diagnostics after block scalars, in a List too', () => {
      const text = [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata:',
        '    name: first',
        '  data:',
        '    f: |',
        '      - not an item',
        '',
        '      # nor a comment',
        '- apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata: {name: second, namespace: Bad_Namespace}',
        '- apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata:',
        '    name: third',
        '  data: {f: x}',
        '---',
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: s',
        'data:',
        '  key: |',
        '    aGVsbG8=',
        '    !!!!',
        '',
      ].join('\n');
      expect(expectSame(text)).toBe(true);
      const result = parseManifests(text, 'test.yaml');
      expect(result.objects.map((o) => [o.metadata.name, o.source.line, o.source.column])).toEqual([
        ['first', 4, 3],
        ['third', 16, 3],
      ]);
      // The Secret's value is not base64 (a line of `!`), and the ConfigMap's namespace is not a name.
      expect(result.diagnostics.map((d) => [d.line, d.code])).toEqual([
        [15, 'invalid-field'],
        [27, 'invalid-field'],
      ]);
    });

    const giveUps: [string, string][] = [
      ['an indentation indicator', configMap('  f: |2', '     x', '')],
      ['an indentation indicator after chomping', configMap('  f: |-2', '     x', '')],
      ['two chomping indicators', configMap('  f: |+-', '    x', '')],
      ['text after the header', configMap('  f: | x', '    x', '')],
      ['a comment not parted from the header', configMap('  f: |#c', '    x', '')],
      ['a folded scalar', configMap('  f: >', '    x', '')],
      ['a stripped folded scalar', configMap('  f: >-', '    x', '')],
      ['a block scalar in a flow mapping', configMap('  f: {a: |}', '')],
      ['a block scalar in a flow sequence', configMap('  f: [|]', '')],
      ['a leading empty line longer than the content indent', configMap('  f: |', '       ', '    x', '')],
      ['content not indented past its key', configMap('  f: |', '  x', '')],
      ['content not indented past a compact key', configMap('  f:', '  - k: |', '    x', '')],
      ['content not indented past its dash', configMap('  f:', '  - |', '  x', '')],
      ['an empty block scalar', configMap('  f: |', '  g: x', '')],
      ['an empty block scalar at the end of the file', configMap('  f: |+')],
      ['content indented less than its first line', configMap('  f: |', '      x', '    y', '')],
      ['a tab inside', configMap('  f: |', '    x\ty', '')],
    ];
    it.each(giveUps)('leaves %s to the reference path, with the same result', (_name, text) => {
      expect(readFast(text, DEFAULT_MANIFEST_LIMITS)).toBeUndefined();
      expect(expectSame(text)).toBe(false);
    });

    it('counts a block scalar as one node of its document', () => {
      const text = configMap('  f: |', ...Array.from({ length: 50 }, (_, i) => `    line ${i}`), '');
      // apiVersion, kind, metadata, name and data are 10 nodes with their keys, plus the document.
      expect(expectSame(text, 'big.yaml', { maxNodes: 12 })).toBe(false);
      expect(expectSame(text, 'big.yaml', { maxNodes: 13 })).toBe(true);
    });

    it('agrees with the reference path on generated block scalars', () => {
      const lineArb = fc.oneof(
        // Content lines, some indented deeper, some that would mean something outside a block scalar.
        fc.record({
          extra: fc.constantFrom(0, 0, 0, 0, 0, 0, 1, 2, 4),
          text: fc.constantFrom(
            'x',
            'key: v',
            '- item',
            '# hash',
            '---',
            '...',
            'a  ',
            "'q'",
            '{b}',
            '|',
            '>',
          ),
        }),
        // Empty lines, with up to a few spaces more than the content indent.
        fc.record({
          spaces: fc.oneof({ arbitrary: fc.constantFrom(0, 1, 2), weight: 4 }, fc.nat({ max: 8 })),
        }),
      );
      const blockArb = fc.record({
        header: fc.constantFrom('|', '|-', '|+', '| # note', '|+  ', '|-  # x'),
        // How far the content is indented past the column it must pass.
        shift: fc.constantFrom(1, 2, 2, 4),
        lines: fc.array(lineArb, { minLength: 1, maxLength: 8 }),
      });
      const write = (
        block: {
          header: string;
          shift: number;
          lines: ({ extra: number; text: string } | { spaces: number })[];
        },
        parent: number,
      ) => {
        const indent = parent + block.shift;
        return [
          block.header,
          ...block.lines.map((line) =>
            'spaces' in line ? ' '.repeat(line.spaces) : `${' '.repeat(indent + line.extra)}${line.text}`,
          ),
        ];
      };
      let runs = 0;
      let fast = 0;
      fc.assert(
        fc.property(
          fc.array(blockArb, { minLength: 1, maxLength: 3 }),
          fc.constantFrom('key', 'nested', 'dash', 'compact', 'later'),
          fc.constantFrom('sibling', 'outdent', 'document', 'end', 'end without newline', 'comment'),
          (blocks, where, after) => {
            const lines: string[] = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cm'];
            blocks.forEach((block, i) => {
              const [header, ...body] =
                where === 'key'
                  ? write(block, 0)
                  : where === 'nested'
                    ? write(block, 2)
                    : where === 'dash'
                      ? write(block, 2)
                      : write(block, 4);
              if (where === 'key') lines.push(`k${i}: ${header}`);
              else if (where === 'nested') lines.push(`data${i}:`, `  k: ${header}`);
              else if (where === 'dash') lines.push(`list${i}:`, `  - ${header}`);
              else if (where === 'compact') lines.push(`list${i}:`, `  - k: ${header}`);
              else lines.push(`list${i}:`, '  - a: b', `    k: ${header}`);
              lines.push(...body);
            });
            if (after === 'sibling') lines.push(where === 'key' ? 'z: 1' : '  z: 1');
            if (after === 'outdent') lines.push('z: 1');
            if (after === 'document')
              lines.push('---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: b}');
            if (after === 'comment') lines.push('# trailing', '', 'z: 1');
            const text = lines.join('\n') + (after === 'end without newline' ? '' : '\n');
            if (expectSame(text)) fast++;
            runs++;
          },
        ),
        { numRuns: 400 },
      );
      // Many generated files are read by the fast reader itself (about two in five), not left to the reference.
      expect(fast).toBeGreaterThan(runs / 4);
    });
  });
});
