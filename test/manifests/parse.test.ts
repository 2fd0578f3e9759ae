import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/manifests/index.ts';
import { jsonStreamSegments } from '../../src/manifests/json-stream.ts';
import type { Diagnostic } from '../../src/model/diagnostics.ts';
import { corpusDir, lines, ManifestBuilder, manifest } from './builders.ts';

/** The fields a test asserts: where, how bad, which code. */
function where(d: Diagnostic) {
  return { file: d.file, line: d.line, column: d.column, severity: d.severity, code: d.code };
}

describe('parseManifests on bad input', () => {
  const cases: {
    name: string;
    text: string;
    expected: { line: number; column: number; severity: 'error' | 'warning'; code: string }[];
    /** Names of the objects that still load. */
    loaded: string[];
  }[] = [
    {
      name: 'broken YAML is a syntax error at the line the parser names, and the next document still loads',
      text: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: a: b',
        '---',
        manifest('Pod', 'ok').yaml(),
      ),
      expected: [{ line: 4, column: 9, severity: 'error', code: 'yaml-syntax' }],
      loaded: ['ok'],
    },
    {
      name: 'a misaligned key is a syntax error at that key',
      text: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: x',
        ' bad: indent',
        '---',
        manifest('Pod', 'ok').yaml(),
      ),
      expected: [{ line: 5, column: 1, severity: 'error', code: 'yaml-syntax' }],
      loaded: ['ok'],
    },
    {
      name: 'an unclosed quote runs on to the end of the file and is reported there',
      text: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: "unclosed',
        '---',
        manifest('Pod', 'eaten').yaml(),
      ),
      expected: [{ line: 10, column: 1, severity: 'error', code: 'yaml-syntax' }],
      loaded: [],
    },
    {
      name: 'a key written twice in one mapping is reported at the second key',
      text: lines(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: twice',
        'spec:',
        '  containers: []',
        '  containers: []',
      ),
      expected: [{ line: 7, column: 3, severity: 'error', code: 'yaml-duplicate-key' }],
      loaded: [],
    },
    {
      name: 'a document that is a sequence is not an object',
      text: lines('- a', '- b', '---', manifest('Pod', 'after').yaml()),
      expected: [{ line: 1, column: 1, severity: 'error', code: 'not-an-object' }],
      loaded: ['after'],
    },
    {
      name: 'a document that is a bare string is not an object',
      text: lines(manifest('Pod', 'before').yaml(), '---', 'just some words'),
      expected: [{ line: 6, column: 1, severity: 'error', code: 'not-an-object' }],
      loaded: ['before'],
    },
    {
      name: 'a missing apiVersion is reported where the object starts',
      text: lines('# leading comment', 'kind: Pod', 'metadata:', '  name: p'),
      expected: [{ line: 2, column: 1, severity: 'error', code: 'missing-field' }],
      loaded: [],
    },
    {
      name: 'a missing kind is reported where the object starts',
      text: lines('apiVersion: v1', 'metadata:', '  name: p'),
      expected: [{ line: 1, column: 1, severity: 'error', code: 'missing-field' }],
      loaded: [],
    },
    {
      name: 'a missing metadata.name is reported at metadata',
      text: lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  labels: {app: x}'),
      expected: [{ line: 3, column: 1, severity: 'error', code: 'missing-field' }],
      loaded: [],
    },
    {
      name: 'an object with no metadata at all is reported where it starts',
      text: lines('apiVersion: v1', 'kind: Pod'),
      expected: [{ line: 1, column: 1, severity: 'error', code: 'missing-field' }],
      loaded: [],
    },
    {
      name: 'a generateName without a name is accepted as the name with a warning',
      text: lines('apiVersion: v1', 'kind: Node', 'metadata:', '  generateName: pool-a-'),
      expected: [{ line: 4, column: 17, severity: 'warning', code: 'missing-field' }],
      loaded: ['pool-a-'],
    },
    {
      name: 'a name with ../ is refused at the name',
      text: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: ../etc'),
      expected: [{ line: 4, column: 9, severity: 'error', code: 'invalid-field' }],
      loaded: [],
    },
    {
      name: 'a name with spaces is refused at the name',
      text: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: "my config"'),
      expected: [{ line: 4, column: 9, severity: 'error', code: 'invalid-field' }],
      loaded: [],
    },
    {
      name: 'an uppercase name is refused at the name',
      text: lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: Web'),
      expected: [{ line: 4, column: 9, severity: 'error', code: 'invalid-field' }],
      loaded: [],
    },
    {
      name: 'a name longer than 253 characters is refused',
      text: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${'a'.repeat(300)}`),
      expected: [{ line: 4, column: 9, severity: 'error', code: 'invalid-field' }],
      loaded: [],
    },
    {
      name: 'a namespace that is not a DNS label is refused at the namespace',
      text: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c', '  namespace: Team_A'),
      expected: [{ line: 5, column: 14, severity: 'error', code: 'invalid-field' }],
      loaded: [],
    },
    {
      name: 'a numeric name is refused because the API wants a string',
      text: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: 42'),
      expected: [{ line: 4, column: 9, severity: 'error', code: 'invalid-field' }],
      loaded: [],
    },
    {
      name: 'a !!js/function tag is refused with the core schema',
      text: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: c',
        'data:',
        '  run: !!js/function "function () { return 1 }"',
      ),
      expected: [{ line: 6, column: 8, severity: 'error', code: 'yaml-tag' }],
      loaded: [],
    },
    {
      name: 'a local tag is refused too',
      text: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: !secret c'),
      expected: [{ line: 4, column: 9, severity: 'error', code: 'yaml-tag' }],
      loaded: [],
    },
    {
      name: 'an alias that refers to its own ancestor is refused',
      text: lines('apiVersion: v1', 'kind: ConfigMap', 'metadata: &m', '  name: c', '  self: *m'),
      expected: [{ line: 5, column: 9, severity: 'error', code: 'yaml-alias-limit' }],
      loaded: [],
    },
    {
      name: 'Go template placeholders in a name are refused, not a crash',
      text: readFileSync(
        path.join(
          corpusDir,
          'kubernetes__kubernetes/test/integration/scheduler_perf/cpg/templates/tas-node.yaml',
        ),
        'utf8',
      ),
      expected: [{ line: 4, column: 9, severity: 'error', code: 'invalid-field' }],
      loaded: [],
    },
    {
      name: 'the same object twice in one file keeps the first and points at the second',
      text: lines(manifest('Pod', 'same').yaml(), '---', manifest('Pod', 'same').yaml()),
      expected: [{ line: 6, column: 1, severity: 'error', code: 'duplicate-object' }],
      loaded: ['same'],
    },
  ];

  it.each(cases)('$name', ({ text, expected, loaded }) => {
    const result = parseManifests(text, 'bad.yaml');
    expect(result.diagnostics.map(where)).toEqual(expected.map((e) => ({ file: 'bad.yaml', ...e })));
    expect(result.objects.map((o) => o.metadata.name)).toEqual(loaded);
  });

  it('the kubeconform duplicate_property fixture reports the second containers key', () => {
    const file = 'yannh__kubeconform/fixtures/duplicate_property.yaml';
    const result = parseManifests(readFileSync(path.join(corpusDir, file), 'utf8'), file);
    expect(result.diagnostics.map(where)).toEqual([
      { file, line: 16, column: 7, severity: 'error', code: 'yaml-duplicate-key' },
    ]);
    expect(result.diagnostics[0]?.message).toContain('"containers"');
    expect(result.objects).toEqual([]);
  });

  it('the kubeconform missing_apiversion fixture names the object that lacks apiVersion', () => {
    const file = 'yannh__kubeconform/fixtures/missing_apiversion.yaml';
    const result = parseManifests(readFileSync(path.join(corpusDir, file), 'utf8'), file);
    expect(result.diagnostics.map(where)).toEqual([
      { file, line: 1, column: 1, severity: 'error', code: 'missing-field' },
    ]);
    expect(result.diagnostics[0]?.message).toBe(
      'ReplicationController "bob" has no apiVersion; every object needs apiVersion, kind and metadata.name',
    );
  });

  it("an invalid name is explained in the API server's words", () => {
    const result = parseManifests(lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: Web'), 'p.yaml');
    expect(result.diagnostics[0]?.message).toBe(
      "The Pod \"Web\" is invalid: metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });

  it('a syntax error inside a Secret does not echo the offending token', () => {
    const result = parseManifests(
      lines(
        'apiVersion: v1',
        'kind: Secret',
        'metadata: {name: s}',
        'stringData: {password: "hunter2"} "leak"',
      ),
      's.yaml',
    );
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) expect(d.message).not.toContain('leak');
  });
});

describe('parseManifests on names the API server accepts', () => {
  const cases: { name: string; kind: string; objectName: string }[] = [
    {
      name: 'a ClusterRole may have colons in its name',
      kind: 'ClusterRole',
      objectName: 'system:aggregate-to-edit',
    },
    { name: 'a dotted name is a valid subdomain', kind: 'ConfigMap', objectName: 'app.config.v2' },
    { name: 'a name of exactly 253 characters is accepted', kind: 'ConfigMap', objectName: 'a'.repeat(253) },
  ];
  it.each(cases)('$name', ({ kind, objectName }) => {
    const result = parseManifests(new ManifestBuilder(kind, objectName).yaml(), 'ok.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.objects.map((o) => o.metadata.name)).toEqual([objectName]);
  });

  const refused: { name: string; kind: string; objectName: string }[] = [
    { name: 'a Service name must start with a letter', kind: 'Service', objectName: '1web' },
    { name: 'a Namespace name may not contain dots', kind: 'Namespace', objectName: 'team.a' },
    { name: 'a RoleBinding name may not contain a slash', kind: 'RoleBinding', objectName: 'a/b' },
  ];
  it.each(refused)('$name', ({ kind, objectName }) => {
    const result = parseManifests(new ManifestBuilder(kind, objectName).yaml(), 'bad.yaml');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['invalid-field']);
    expect(result.objects).toEqual([]);
  });
});

describe('parseManifests on valid streams', () => {
  it('reads every document of a multi-document file with its own line and index', () => {
    const text = lines(
      '# comment before anything',
      manifest('Deployment', 'web').yaml(),
      '---',
      '# a comment-only document',
      '---',
      '',
      '---',
      manifest('Service', 'web').yaml(),
    );
    const result = parseManifests(text, 'app.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.objects.map((o) => [o.kind, o.metadata.name, o.source])).toEqual([
      ['Deployment', 'web', { file: 'app.yaml', line: 2, column: 1, document: 0 }],
      ['Service', 'web', { file: 'app.yaml', line: 11, column: 1, document: 3 }],
    ]);
  });

  it('reads a JSON file holding one object', () => {
    const text = JSON.stringify(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'json' }, data: { a: '1' } },
      null,
      2,
    );
    const result = parseManifests(text, 'c.json');
    expect(result.diagnostics).toEqual([]);
    expect(result.objects.map((o) => [o.metadata.name, o.source.line, o.source.column])).toEqual([
      ['json', 2, 3],
    ]);
    expect(result.objects[0]?.raw).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'json' },
      data: { a: '1' },
    });
  });

  it('reads JSON and YAML documents mixed in one stream', () => {
    const text = lines(
      '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "from-json"}}',
      '---',
      manifest('ConfigMap', 'from-yaml').yaml(),
    );
    const result = parseManifests(text, 'mixed.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.objects.map((o) => [o.metadata.name, o.source.line])).toEqual([
      ['from-json', 1],
      ['from-yaml', 3],
    ]);
  });

  it('counts lines the same with Windows line endings and a byte order mark', () => {
    const text = `\uFEFF${lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: a', '---', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: B').replaceAll('\n', '\r\n')}`;
    const result = parseManifests(text, 'crlf.yaml');
    expect(result.objects.map((o) => [o.metadata.name, o.source.line, o.source.column])).toEqual([
      ['a', 1, 1],
    ]);
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['invalid-field', 9, 9]]);
  });

  it('unwraps a List written as JSON, each item at its own line', () => {
    const text = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [manifest('ConfigMap', 'a').obj(), manifest('ConfigMap', 'b').obj()],
      },
      null,
      2,
    );
    const result = parseManifests(text, 'list.json');
    expect(result.diagnostics).toEqual([]);
    expect(result.objects.map((o) => [o.metadata.name, o.source.line, o.source.column])).toEqual([
      ['a', 6, 7],
      ['b', 13, 7],
    ]);
  });

  it('reads concatenated JSON objects as kubectl does, each at its own line and column', () => {
    const text = lines(
      manifest('ConfigMap', 'first').json(),
      `  ${manifest('ConfigMap', 'second').json()}${manifest('ConfigMap', 'Third').json()}`,
    );
    const result = parseManifests(text, 'stream.json');
    expect(
      result.objects.map((o) => [o.metadata.name, o.source.line, o.source.column, o.source.document]),
    ).toEqual([
      ['first', 1, 2, 0],
      ['second', 2, 4, 1],
    ]);
    // The third object's uppercase name is refused at the name itself, far along line 2.
    const nameColumn = (text.split('\n')[1] ?? '').indexOf('"Third"') + 1;
    expect(nameColumn).toBeGreaterThan(100);
    expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['invalid-field', 2, nameColumn],
    ]);
  });

  it('unwraps a List into its items, each keeping its own line', () => {
    const file = 'yannh__kubeconform/fixtures/multi_with_list.yaml';
    const result = parseManifests(readFileSync(path.join(corpusDir, file), 'utf8'), file);
    expect(result.diagnostics).toEqual([]);
    expect(
      result.objects.map((o) => [o.kind, o.metadata.name, o.source.line, o.source.column, o.source.document]),
    ).toEqual([
      ['Service', 'redis-master', 2, 1, 0],
      ['Namespace', 'b', 23, 5, 1],
    ]);
  });

  it("unwraps a typed list as kubectl writes it, giving items the list's kind and apiVersion", () => {
    const text = lines(
      'apiVersion: v1',
      'kind: PodList',
      'items:',
      '- metadata:',
      '    name: first',
      '- apiVersion: v1',
      '  kind: Pod',
      '  metadata:',
      '    name: second',
      'metadata:',
      '  resourceVersion: "1"',
    );
    const result = parseManifests(text, 'pods.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(
      result.objects.map((o) => [o.apiVersion, o.kind, o.metadata.name, o.source.line, o.source.column]),
    ).toEqual([
      ['v1', 'Pod', 'first', 4, 3],
      ['v1', 'Pod', 'second', 6, 3],
    ]);
  });

  it('reports a bad item of a List at the item and keeps the others', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: {name: good}',
      '- "not an object"',
      '- kind: ConfigMap',
      '  metadata: {name: no-version}',
    );
    const result = parseManifests(text, 'list.yaml');
    expect(result.diagnostics.map(where)).toEqual([
      { file: 'list.yaml', line: 7, column: 3, severity: 'error', code: 'not-an-object' },
      { file: 'list.yaml', line: 8, column: 3, severity: 'error', code: 'missing-field' },
    ]);
    expect(result.objects.map((o) => o.metadata.name)).toEqual(['good']);
  });

  it('keeps a custom kind that merely ends in List as an object', () => {
    const result = parseManifests(
      lines('apiVersion: example.com/v1', 'kind: AllowList', 'metadata: {name: ips}', 'spec: {cidrs: []}'),
      'crd.yaml',
    );
    expect(result.objects.map((o) => [o.kind, o.metadata.name])).toEqual([['AllowList', 'ips']]);
  });

  it('applies merge keys as kubectl does, with keys written in the mapping winning', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: merged',
      '  labels:',
      '    <<: &base {app: shop, tier: web}',
      '    tier: api',
    );
    const result = parseManifests(text, 'merge.yaml');
    expect(result.diagnostics).toEqual([]);
    expect(result.objects[0]?.metadata.labels).toEqual({ app: 'shop', tier: 'api' });
  });

  it('keeps numbers as numbers and quoted values as strings', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: values}',
      'spec:',
      '  containers:',
      '  - name: c',
      '    resources:',
      '      requests: {cpu: 0.5, memory: "128Mi", nvidia.com/gpu: 1, ephemeral-storage: 1e3}',
    );
    const result = parseManifests(text, 'v.yaml');
    expect(result.diagnostics).toEqual([]);
    const spec = result.objects[0]!.raw.spec as {
      containers: { resources: { requests: Record<string, unknown> } }[];
    };
    expect(spec.containers[0]?.resources.requests).toEqual({
      cpu: 0.5,
      memory: '128Mi',
      'nvidia.com/gpu': 1,
      'ephemeral-storage': 1000,
    });
  });

  it('reads YAML 1.1 booleans and octal numbers as kubectl does, warning about the booleans', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: yaml11}',
      'spec:',
      '  nodeSelector: {gpu: yes, quoted: "yes", spot: "off"}',
      '  volumes:',
      '  - name: config',
      '    configMap: {name: c, defaultMode: 0644, items: [{key: k, path: p, mode: 0o600}]}',
      '  enableServiceLinks: true',
    );
    const result = parseManifests(text, 'y.yaml');
    const spec = result.objects[0]!.raw.spec as {
      nodeSelector: Record<string, unknown>;
      volumes: { configMap: { defaultMode: number; items: { mode: number }[] } }[];
      enableServiceLinks: boolean;
    };
    expect(spec.nodeSelector).toEqual({ gpu: true, quoted: 'yes', spot: 'off' });
    expect(spec.volumes[0]?.configMap.defaultMode).toBe(0o644);
    expect(spec.volumes[0]?.configMap.items[0]?.mode).toBe(0o600);
    expect(spec.enableServiceLinks).toBe(true);
    expect(result.diagnostics.map((d) => [d.severity, d.line, d.column, d.message])).toEqual([
      [
        'warning',
        5,
        23,
        'yes is read as the boolean true, as kubectl reads YAML 1.1; quote it ("yes") if you mean the string',
      ],
    ]);
  });

  it("keeps a __proto__ key as plain data instead of changing the object's prototype", () => {
    const text = lines(
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: p}',
      'data:',
      '  __proto__: {polluted: "yes"}',
    );
    const raw = parseManifests(text, 'p.yaml').objects[0]?.raw as { data: Record<string, unknown> };
    expect(Object.getPrototypeOf(raw.data)).toBe(Object.prototype);
    expect(Object.hasOwn(raw.data, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('ManifestObject.locate', () => {
  const text = lines(
    'apiVersion: apps/v1', // 1
    'kind: Deployment', // 2
    'metadata:', // 3
    '  name: web', // 4
    'spec:', // 5
    '  template:', // 6
    '    spec:', // 7
    '      containers:', // 8
    '      - name: app', // 9
    '        resources:', // 10
    '          requests:', // 11
    '            cpu: 250x', // 12
    '      - name: sidecar', // 13
    '        image: busybox', // 14
  );
  const object = parseManifests(text, 'web.yaml').objects[0]!;

  const cases: { name: string; path: (string | number)[]; line: number; column: number }[] = [
    {
      name: 'points at a scalar value itself',
      path: ['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu'],
      line: 12,
      column: 18,
    },
    {
      name: 'points at the key of a mapping value',
      path: ['spec', 'template', 'spec', 'containers', 0, 'resources'],
      line: 10,
      column: 9,
    },
    {
      name: 'points at a sequence item',
      path: ['spec', 'template', 'spec', 'containers', 1],
      line: 13,
      column: 9,
    },
    {
      name: 'falls back to the nearest written ancestor',
      path: ['spec', 'template', 'spec', 'containers', 1, 'resources', 'limits'],
      line: 13,
      column: 9,
    },
    {
      name: 'falls back to the object for a path with nothing written',
      path: ['status', 'replicas'],
      line: 1,
      column: 1,
    },
  ];
  it.each(cases)('$name', ({ path: fieldPath, line, column }) => {
    expect(object.locate(fieldPath)).toEqual({ file: 'web.yaml', line, column });
  });

  it('finds a field that comes from a merge key at the line it is written', () => {
    const merged = parseManifests(
      lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: m',
        '  labels:',
        '    <<: {app: shop}',
        '    tier: api',
      ),
      'm.yaml',
    ).objects[0]!;
    expect(merged.locate(['metadata', 'labels', 'app'])).toEqual({ file: 'm.yaml', line: 6, column: 15 });
    expect(merged.locate(['metadata', 'labels', 'tier'])).toEqual({ file: 'm.yaml', line: 7, column: 11 });
  });

  it('locates fields of a List item relative to the item', () => {
    const list = parseManifests(
      lines(
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata:',
        '    name: inner',
      ),
      'l.yaml',
    ).objects[0]!;
    expect(list.locate(['metadata', 'name'])).toEqual({ file: 'l.yaml', line: 7, column: 11 });
  });
});

describe('jsonStreamSegments', () => {
  const cases: { name: string; text: string; expected: [number, number][] | undefined }[] = [
    {
      name: 'two objects on one line are two segments',
      text: '{"a":1}{"b":2}',
      expected: [
        [0, 7],
        [7, 14],
      ],
    },
    {
      name: 'objects one per line are segments',
      text: '{"a":1}\n {"b":[{}]}\n',
      expected: [
        [0, 7],
        [9, 19],
      ],
    },
    {
      name: 'braces inside strings do not count',
      text: '{"a":"}{\\""}{"b":2}',
      expected: [
        [0, 12],
        [12, 19],
      ],
    },
    { name: 'a single object is left to the YAML parser', text: '{"a":1}\n', expected: undefined },
    { name: 'a YAML stream is left to the YAML parser', text: '{"a":1}\n---\n{"b":2}', expected: undefined },
    { name: 'an unterminated object is left to the YAML parser', text: '{"a":1}{"b":', expected: undefined },
  ];
  it.each(cases)('$name', ({ text, expected }) => {
    expect(jsonStreamSegments(text)).toEqual(expected);
  });
});
