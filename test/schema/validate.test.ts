import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/manifests/parse.ts';
import { checkSchemas, definitionsIn } from '../../src/schema/check.ts';
import { closest, crdSchemas, MAX_ISSUES, schemaVersion, validateObject } from '../../src/schema/validate.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

function check(yaml: string, clusterDefinitions: Record<string, unknown>[] = []) {
  const loaded = parseManifests(yaml, 'm.yaml');
  expect(loaded.objects.length).toBeGreaterThan(0);
  return checkSchemas(loaded.objects, [...definitionsIn(loaded.objects), ...clusterDefinitions]);
}

/** `line: severity: message` of each diagnostic, for compact expectations. */
function found(yaml: string, clusterDefinitions: Record<string, unknown>[] = []): string[] {
  return check(yaml, clusterDefinitions).diagnostics.map((d) => `${d.line}: ${d.severity}: ${d.message}`);
}

function deployment(container: string, spec = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
${spec}  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: app
          image: nginx
${container}`;
}

describe('built-in kinds against the Kubernetes schemas', () => {
  it('a misspelt field of the resources is a warning at its line, named as the API server names it', () => {
    const yaml = deployment(`          resources:
            requets: { cpu: 500m }
            limits: { cpu: "1" }
`);
    expect(found(yaml)).toEqual([
      '16: warning: Deployment "web": unknown field "spec.template.spec.containers[0].resources.requets" (did you mean "requests"?)',
    ]);
    expect(check(yaml).refused.size).toBe(0);
  });

  it('a value of the wrong type is an error and the object is refused', () => {
    const result = check(deployment('', '  replicas: three\n'));
    expect(result.diagnostics.map((d) => [d.line, d.severity, d.code, d.message])).toEqual([
      [
        8,
        'error',
        'invalid-type',
        'Deployment "web": spec.replicas: cannot unmarshal string into a field of type int32: the API server refuses the object',
      ],
    ]);
    expect(result.refused.size).toBe(1);
  });

  it.each([
    [
      'a label value written as a number',
      'metadata:\n  name: p\n  labels: { version: 1.5 }',
      'metadata.labels.version',
    ],
    [
      'a port number in quotes',
      'spec:\n  containers: [{ name: a, image: b, ports: [{ containerPort: "80" }] }]',
      'spec.containers[0].ports[0].containerPort',
    ],
    [
      'a list where an object goes',
      'spec:\n  containers: [{ name: a, image: b }]\n  nodeSelector: [a]',
      'spec.nodeSelector',
    ],
    [
      'a boolean read from yes',
      'spec:\n  containers:\n    - name: a\n      image: b\n      command:\n        - yes',
      'spec.containers[0].command[0]',
    ],
    [
      'an int32 out of range',
      'spec:\n  containers: [{ name: a, image: b }]\n  priority: 3000000000',
      'spec.priority',
    ],
    [
      'a fraction where an integer goes',
      'spec:\n  containers: [{ name: a, image: b }]\n  terminationGracePeriodSeconds: 1.5',
      'spec.terminationGracePeriodSeconds',
    ],
  ])('%s is refused', (_, body, path) => {
    const yaml = `apiVersion: v1\nkind: Pod\n${body.startsWith('metadata') ? body : `metadata:\n  name: p\n${body}`}\n${body.startsWith('metadata') ? 'spec:\n  containers: [{ name: a, image: b }]\n' : ''}`;
    const result = check(yaml);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining(`${path}: cannot unmarshal`),
    ]);
    expect(result.refused.size).toBe(1);
  });

  it('accepts what the API server decodes: null anywhere, quantities as numbers, int-or-string either way, raw extensions as they are', () => {
    expect(
      found(`apiVersion: apps/v1
kind: Deployment
metadata: { name: web, annotations: null }
spec:
  replicas: null
  strategy: { rollingUpdate: { maxSurge: 25%, maxUnavailable: 1 } }
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: nginx
          resources: { requests: { cpu: 0.5, memory: 64Mi } }
          livenessProbe: { httpGet: { port: http } }
---
apiVersion: apps/v1
kind: ControllerRevision
metadata: { name: rev }
revision: 1
data: { anything: [1, "two", { three: true }] }
`),
    ).toEqual([]);
  });

  it('a wrongly typed value is never quoted: it may be a Secret', () => {
    const result = validateObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { password: 123456789 },
      type: true,
    });
    expect(result.issues.map((i) => i.message)).toEqual([
      'stringData.password: cannot unmarshal number into a field of type string',
      'type: cannot unmarshal boolean into a field of type string',
    ]);
  });

  it('kinds berth has no schema for are not checked', () => {
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget', spec: { x: 1 } }).checked).toBe(
      'none',
    );
  });

  it('lists at most MAX_ISSUES problems of one object and counts the rest', () => {
    const fields = Array.from({ length: 500 }, (_, i) => `field${i}: 1`).join('\n');
    const result = check(`apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n${fields}\n`);
    expect(result.diagnostics).toHaveLength(MAX_ISSUES + 1);
    expect(result.diagnostics.at(-1)?.message).toBe(
      `ConfigMap "c": ${500 - MAX_ISSUES} more schema problems not listed`,
    );
  });

  it('an object refused for a type error beyond the listed problems still gets an error', () => {
    const fields = Array.from({ length: 30 }, (_, i) => `a${i}: 1`).join('\n');
    const result = check(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n${fields}\ndata: { k: 1 }\n`,
    );
    expect(result.refused.size).toBe(1);
    expect(result.diagnostics.at(-1)).toMatchObject({ severity: 'error', code: 'invalid-type' });
  });

  it('suggests the known field closest to a misspelt one, and nothing for a field unlike any', () => {
    expect(closest('requets', ['limits', 'requests', 'claims'])).toBe('requests');
    expect(closest('memroy', ['cpu', 'memory'])).toBe('memory');
    expect(closest('Requests', ['requests', 'limits'])).toBe('requests');
    expect(closest('banana', ['requests', 'limits'])).toBeUndefined();
  });
});

describe('the generated schemas', () => {
  it('are those of the Kubernetes release the control plane in test/cluster pins, and say they are generated', () => {
    const goMod = readFileSync(join(ROOT, 'test', 'cluster', 'go.mod'), 'utf8');
    const pinned = /k8s\.io\/kubernetes (v\S+)/.exec(goMod)?.[1];
    expect(schemaVersion()).toBe(pinned);
    const generated = readFileSync(join(ROOT, 'src', 'schema', 'kubernetes.generated.ts'), 'utf8');
    expect(generated.slice(0, 300)).toContain('GENERATED by scripts/generate-schemas.ts');
  });
});

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                replicas: { type: integer }
                tags: { type: array, items: { type: string } }
                size: { x-kubernetes-int-or-string: true }
                note: { type: string, nullable: true }
                settings: { type: object, x-kubernetes-preserve-unknown-fields: true }
                labels: { type: object, additionalProperties: { type: string } }
                template: { type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true }
`;

describe('custom resources against their CustomResourceDefinition', () => {
  it('an unknown field warns, a wrong type is an error in the API server words', () => {
    expect(
      found(`${CRD}---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w }
spec:
  replicas: "2"
  replcas: 2
  labels: { a: 1 }
`),
    ).toEqual([
      '31: error: Widget "w": spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string": the API server refuses the object',
      '32: warning: Widget "w": unknown field "spec.replcas" (did you mean "replicas"?)',
      '33: error: Widget "w": spec.labels.a: Invalid value: "number": spec.labels.a in body must be of type string: "number": the API server refuses the object',
    ]);
  });

  it('honours x-kubernetes-preserve-unknown-fields, nullable, int-or-string and embedded resources', () => {
    expect(
      found(`${CRD}---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w }
spec:
  replicas: 2
  size: 10Gi
  note: null
  settings: { anything: { goes: [1, 2] } }
  template: { apiVersion: v1, kind: Pod, metadata: { name: p }, spec: { free: form } }
`),
    ).toEqual([]);
  });

  it('a null field is dropped as the API server drops it, a null list item is refused unless nullable', () => {
    expect(
      found(
        `${CRD}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { replicas: null }\n`,
      ),
    ).toEqual([]);
    expect(
      found(
        `${CRD}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { tags: [a, null] }\n`,
      ),
    ).toEqual([
      '30: error: Widget "w": spec.tags[1]: Invalid value: "null": spec.tags[1] in body must be of type string: "null": the API server refuses the object',
    ]);
  });

  it('unknown fields of the metadata are checked as for every object', () => {
    expect(
      found(`${CRD}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, lables: { a: b } }\n`),
    ).toEqual(['29: warning: Widget "w": unknown field "metadata.lables" (did you mean "labels"?)']);
  });

  it('metadata is read as ObjectMeta even where the definition declares it as a bare object (Strimzi)', () => {
    const crd = CRD.replace(
      '          properties:\n            spec:',
      '          properties:\n            metadata: { type: object }\n            spec:',
    );
    expect(crd).not.toBe(CRD);
    expect(
      found(`${crd}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, labels: { a: b } }\n`),
    ).toEqual([]);
    expect(
      found(`${crd}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, lables: { a: b } }\n`),
    ).toEqual(['30: warning: Widget "w": unknown field "metadata.lables" (did you mean "labels"?)']);
  });

  it('a value outside an enum and a missing required field are refused, without quoting the value', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'example.com',
        names: { kind: 'Gadget' },
        versions: [
          {
            name: 'v1',
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    required: ['max'],
                    properties: {
                      mode: { type: 'string', enum: ['fast', 'slow'] },
                      max: { type: 'integer' },
                      shape: {
                        type: 'object',
                        'x-kubernetes-preserve-unknown-fields': true,
                        enum: [{ a: 1, b: 2 }],
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    };
    const custom = crdSchemas([crd]);
    const check = (spec: unknown) =>
      validateObject(
        { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec },
        custom,
      ).issues.map((i) => i.message);
    expect(check({ mode: 'hunter2', max: 1 })).toEqual([
      'spec.mode: Unsupported value: supported values: "fast", "slow"',
    ]);
    expect(check({ mode: 'fast' })).toEqual(['spec.max: Required value']);
    expect(check({ max: null })).toEqual(['spec.max: Required value']);
    expect(check({ mode: 'slow', max: 3, shape: { b: 2, a: 1 } })).toEqual([]);
  });

  it('uses a definition from the cluster when the manifests have none', () => {
    const crd = parseManifests(CRD, 'crd.yaml').objects[0]!.raw;
    expect(
      found('apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { colour: red }\n', [
        crd,
      ]),
    ).toEqual(['4: warning: Widget "w": unknown field "spec.colour"']);
  });

  it('a hostile schema nested deeper than any object is only looked up as far as the object goes', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 5000; i++) schema = { type: 'object', properties: { a: schema } };
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'example.com',
        names: { kind: 'Deep' },
        versions: [{ name: 'v1', schema: { openAPIV3Schema: schema } }],
      },
    };
    const result = validateObject(
      { apiVersion: 'example.com/v1', kind: 'Deep', metadata: { name: 'd' }, a: { a: { b: 1 } } },
      new Map([['example.com/v1/Deep', schema]]),
    );
    expect(result.issues.map((i) => i.message)).toEqual(['unknown field "a.a.b"']);
    expect(crd.spec.group).toBe('example.com');
  });
});
