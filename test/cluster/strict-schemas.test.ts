/**
 * berth's strict field validation against the real API server's: each object is sent
 * as kubectl sends it (the YAML as JSON) in a server-side dry-run create with
 * `fieldValidation=Strict`, and the server's answer (accepted, refused, which fields are
 * unknown) is compared with berth's verdict on the same text.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { type RequestOptions, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseManifests } from '../../src/manifests/parse.ts';
import { runPlan } from '../../src/plan/run.ts';
import { checkSchemas, definitionsIn } from '../../src/schema/check.ts';
import { crdSchemas, fieldPathText, validateObject } from '../../src/schema/validate.ts';
import { type Clients, clients, createNamespace, deleteNamespace } from './kube.ts';

const NS = 'strict-schemas';
let c: Clients;

interface Answer {
  status: number;
  message: string;
  warnings: string[];
}

/** One request to the API server with the admin credentials of the test cluster. */
async function send(method: string, path: string, body?: unknown): Promise<Answer> {
  const server = new URL(c.kc.getCurrentCluster()!.server);
  const options: RequestOptions = {
    method,
    hostname: server.hostname,
    port: server.port,
    path,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
  };
  await c.kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const warning = res.headers.warning;
        // `299 - "unknown field \"spec.x\""`: the text kubectl prints as `Warning: unknown field "spec.x"`.
        const warnings = [
          ...(Array.isArray(warning) ? warning.join(',') : (warning ?? '')).matchAll(
            /299 - "((?:[^"\\]|\\.)*)"/g,
          ),
        ].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
        let message = text;
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? text;
        } catch {}
        resolve({ status: res.statusCode ?? 0, message, warnings });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const COLLECTIONS: Record<string, string> = {
  Pod: `/api/v1/namespaces/${NS}/pods`,
  ConfigMap: `/api/v1/namespaces/${NS}/configmaps`,
  Service: `/api/v1/namespaces/${NS}/services`,
  Deployment: `/apis/apps/v1/namespaces/${NS}/deployments`,
  Job: `/apis/batch/v1/namespaces/${NS}/jobs`,
  Widget: `/apis/example.com/v1/namespaces/${NS}/widgets`,
};

/** What the API server says of an object: refused or not, and the unknown fields it names. */
async function serverVerdict(raw: Record<string, unknown>, validation = 'Strict') {
  const answer = await send(
    'POST',
    `${COLLECTIONS[raw.kind as string]}?dryRun=All&fieldValidation=${validation}`,
    raw,
  );
  const unknown = [
    ...`${answer.message}\n${answer.warnings.join('\n')}`.matchAll(/unknown field \\?"([^"\\]+)\\?"/g),
  ]
    .map((m) => m[1]!)
    .sort();
  return { refused: answer.status >= 300, unknown, answer };
}

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
            # As Strimzi's definitions have it: metadata stays the API server's ObjectMeta.
            metadata: { type: object }
            spec:
              type: object
              properties:
                size: { type: integer }
                tags: { type: array, items: { type: string } }
                colour: { type: string, nullable: true }
                settings: { type: object, x-kubernetes-preserve-unknown-fields: true }
                labels: { type: object, additionalProperties: { type: string } }
                amount: { x-kubernetes-int-or-string: true }
                mode: { type: string, enum: [fast, slow] }
                limits: { type: object, required: [max], properties: { max: { type: integer }, min: { type: integer } } }
`;

/** berth's verdict on one object: refused (a wrong type) or not, and the unknown fields it names. */
function berthVerdict(yaml: string) {
  const loaded = parseManifests(`${CRD}---\n${yaml}`, 'case.yaml');
  expect(loaded.diagnostics).toEqual([]);
  const object = loaded.objects[1]!;
  const checked = checkSchemas([object], definitionsIn(loaded.objects));
  const result = validateObject(object.raw, crdSchemas(definitionsIn(loaded.objects)));
  return {
    raw: object.raw,
    refused: checked.refused.size > 0,
    unknown: result.issues
      .filter((i) => i.kind === 'unknown')
      .map((i) => fieldPathText(i.path))
      .sort(),
    diagnostics: checked.diagnostics,
  };
}

const deployment = (container: string, spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
${spec}  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: nginx
${container}`;

const CASES: [string, string][] = [
  [
    'a typo in the resources of a container',
    deployment(
      '          resources:\n            requets: { cpu: 500m }\n            limits: { cpu: "1" }\n',
    ),
  ],
  ['replicas as a string', deployment('', '  replicas: "3"\n')],
  ['a field in the wrong case', deployment('', '  Replicas: 3\n')],
  [
    'a valid Deployment with int-or-string, quantities as numbers and nulls',
    deployment(
      '          resources: { requests: { cpu: 0.5, memory: 64Mi } }\n          livenessProbe: { httpGet: { port: http } }\n',
      '  replicas: null\n  strategy: { rollingUpdate: { maxSurge: 25%, maxUnavailable: 1 } }\n',
    ),
  ],
  [
    'a label value written as a number',
    'apiVersion: v1\nkind: Pod\nmetadata: { name: p, labels: { version: 1.5 } }\nspec: { containers: [{ name: a, image: b }] }\n',
  ],
  [
    'a port in quotes',
    'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [{ name: a, image: b, ports: [{ containerPort: "80" }] }] }\n',
  ],
  [
    'misspelt metadata and several unknown fields',
    'apiVersion: v1\nkind: Pod\nmetadata: { name: p, lables: { a: b } }\nspec:\n  containers: [{ name: a, image: b, imagePullPolcy: Always }]\n  nodeSelecter: { a: b }\n',
  ],
  [
    'an unknown top-level field of a ConfigMap',
    'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndat: { a: b }\n',
  ],
  [
    'a list where a mapping goes',
    'apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { ports: [{ port: 80 }], selector: [app] }\n',
  ],
  [
    'a fraction where an integer goes',
    'apiVersion: batch/v1\nkind: Job\nmetadata: { name: j }\nspec:\n  backoffLimit: 1.5\n  template: { spec: { restartPolicy: Never, containers: [{ name: a, image: b }] } }\n',
  ],
  [
    'a custom resource with an unknown field',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { sise: 3 }\n',
  ],
  [
    'a custom resource with a wrong type',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: "3" }\n',
  ],
  [
    'a custom resource with preserved fields, a null where nullable, int-or-string and a map',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { colour: null, settings: { free: [1] }, amount: 10Gi, labels: { a: b } }\n',
  ],
  [
    'a custom resource with a null field where not nullable (dropped)',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { size: null }\n',
  ],
  [
    'a custom resource with a null list item where not nullable',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { tags: [a, null] }\n',
  ],
  [
    'a custom resource with an unknown field in its metadata',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, lables: { a: b } }\nspec: { size: 1 }\n',
  ],
  [
    'a custom resource with a value outside its enum',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { mode: medium }\n',
  ],
  [
    'a custom resource missing a required field',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { limits: { min: 1 } }\n',
  ],
  [
    'a custom resource with a required field null (dropped, so missing)',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { limits: { max: null } }\n',
  ],
  [
    'a custom resource with its enum and required fields right',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { mode: fast, limits: { max: 2 } }\n',
  ],
  [
    'a custom resource with a number in a map of strings',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { labels: { a: 1 } }\n',
  ],
];

beforeAll(async () => {
  c = clients(inject('kubeconfig'));
  await createNamespace(c, NS);
  const crd = parseManifests(CRD, 'crd.yaml').objects[0]!.raw;
  const created = await send('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  expect(created.status).toBe(201);
  // Custom resources are served once the definition is Established.
  for (let i = 0; i < 100; i++) {
    const got = await send('GET', `/apis/example.com/v1/namespaces/${NS}/widgets`);
    if (got.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  await send('DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
  await deleteNamespace(c, NS);
});

describe('berth and the API server agree on strict field validation', () => {
  it.each(CASES)('%s', async (_, yaml) => {
    const berth = berthVerdict(yaml);
    const server = await serverVerdict(berth.raw);
    if (berth.refused) {
      // A wrong type: the server refuses the object whatever the field validation.
      expect(server.refused, server.answer.message).toBe(true);
    } else {
      // Unknown fields alone: Strict refuses and names each; berth warns at each. None: both accept.
      expect(server.unknown, server.answer.message).toEqual(berth.unknown);
      expect(server.refused, server.answer.message).toBe(berth.unknown.length > 0);
    }
  });

  it('the typo warns as the server warns with fieldValidation=Warn, kubectl default', async () => {
    const berth = berthVerdict(CASES[0]![1]);
    const server = await serverVerdict(berth.raw, 'Warn');
    expect(server.refused).toBe(false);
    expect(server.answer.warnings.join('\n')).toContain(
      'unknown field "spec.template.spec.containers[0].resources.requets"',
    );
    expect(berth.diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([
      [
        // The line in the text berth read: the CRD and the separator come first.
        CRD.split('\n').length + CASES[0]![1].split('\n').findIndex((l) => l.includes('requets')) + 1,
        'warning',
        'Deployment "web": unknown field "spec.template.spec.containers[0].resources.requets" (did you mean "requests"?)',
      ],
    ]);
  });

  it('a custom resource is checked against the definition a live cluster serves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-strict-'));
    const head = join(dir, 'widget.yaml');
    await writeFile(
      head,
      `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: ${NS} }\nspec: { sise: 3 }\n`,
    );
    const plan = await runPlan({
      cluster: { kind: 'live' },
      kubeconfig: inject('kubeconfig'),
      head: [head],
      scope: { root: dir },
      skipAdvice: true,
    });
    expect(plan.diagnostics.map((d) => [d.file, d.line, d.code, d.message])).toContainEqual([
      head,
      4,
      'unknown-field',
      'Widget "w": unknown field "spec.sise" (did you mean "size"?)',
    ]);
    expect(plan.diagnostics.some((d) => d.code === 'unsupported-kind')).toBe(false);
  });
});

describe('the generated schemas', () => {
  it('are what scripts/generate-schemas.ts writes from the pinned Kubernetes module today', async () => {
    const root = resolve(import.meta.dirname, '..', '..');
    const out = join(await mkdtemp(join(tmpdir(), 'berth-schemas-')), 'kubernetes.generated.ts');
    // Go fetched the module for the control plane this project runs on; the script reads it from there.
    await promisify(execFile)(process.execPath, [join(root, 'scripts', 'generate-schemas.ts'), out], {
      cwd: root,
    });
    expect(await readFile(out, 'utf8')).toBe(
      await readFile(join(root, 'src', 'schema', 'kubernetes.generated.ts'), 'utf8'),
    );
  });
});
