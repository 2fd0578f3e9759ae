import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliIO, runCli } from '../../src/cli/cli.ts';

function io() {
  const out = { stdout: '', stderr: '' };
  const cli: CliIO = {
    stdout: { write: (c: string) => (out.stdout += c) },
    stderr: { write: (c: string) => (out.stderr += c) },
    stdin: Object.assign((async function* () {})(), { isTTY: false }),
    env: { NO_COLOR: '1' },
  };
  return { cli, out };
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-schemas-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const CLUSTER = `apiVersion: v1
kind: Node
metadata: { name: n1, labels: { kubernetes.io/hostname: n1 } }
status:
  allocatable: { cpu: "4", memory: 16Gi, pods: "110" }
`;

const TYPO = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: nginx
          resources:
            requets: { cpu: 500m }
            limits: { cpu: "1" }
`;

async function plan(dir: string, format: string, extra: string[] = []) {
  const { cli, out } = io();
  const code = await runCli(
    [
      'plan',
      '--cluster',
      join(dir, 'cluster.yaml'),
      '--head',
      join(dir, 'app.yaml'),
      '--format',
      format,
      '--allow-outside-root',
      ...extra,
    ],
    cli,
  );
  return { code, ...out };
}

const WARNING =
  'unknown field "spec.template.spec.containers[0].resources.requets" (did you mean "requests"?)';

describe('a misspelt field in a manifest', () => {
  const dir = tempDir({ 'cluster.yaml': CLUSTER, 'app.yaml': TYPO });

  it('warns at its line in the text report, with the line shown on stderr', async () => {
    const { code, stdout, stderr } = await plan(dir, 'text');
    expect(code).toBe(0);
    expect(stdout).toContain(`app.yaml:14:13: warning: Deployment "web": ${WARNING}`);
    expect(stderr).toContain('14 |             requets: { cpu: 500m }');
  });

  it('warns at its line in the JSON report', async () => {
    const { stdout } = await plan(dir, 'json');
    const report = JSON.parse(stdout) as { diagnostics: { line: number; code: string; message: string }[] };
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({ line: 14, column: 13, severity: 'warning', code: 'unknown-field' }),
    );
    expect(report.diagnostics.find((d) => d.code === 'unknown-field')?.message).toContain(WARNING);
  });

  it('warns at its line in the Markdown report', async () => {
    const { stdout } = await plan(dir, 'markdown');
    expect(stdout).toMatch(/app\.yaml:14:13: Deployment &quot;web&quot;: unknown field &quot;spec\.template/);
    expect(stdout).toContain('requets');
  });
});

describe('a value of the wrong type', () => {
  it('is an error at its line, exit 2, and the object takes no part in the plan', async () => {
    const dir = tempDir({
      'cluster.yaml': CLUSTER,
      'app.yaml': TYPO.replace('replicas: 2', 'replicas: "2"').replace('requets', 'requests'),
    });
    const { code, stdout } = await plan(dir, 'json');
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as {
      diagnostics: { line: number; severity: string; code: string; message: string }[];
      placements: unknown[];
    };
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({
        line: 5,
        severity: 'error',
        code: 'invalid-type',
        message:
          'Deployment "web": spec.replicas: cannot unmarshal string into a field of type int32: the API server refuses the object',
      }),
    );
    expect(report.placements).toEqual([]);
  });
});

describe('custom resources', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { size: { type: integer } } }
`;
  const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { sise: 3 }\n';

  it('are checked against a CustomResourceDefinition from the cluster snapshot', async () => {
    const dir = tempDir({ 'cluster.yaml': `${CLUSTER}---\n${crd}`, 'app.yaml': widget });
    const { stdout } = await plan(dir, 'json');
    const report = JSON.parse(stdout) as { diagnostics: { line: number; code: string; message: string }[] };
    expect(report.diagnostics.map((d) => [d.line, d.code, d.message])).toEqual([
      [4, 'unknown-field', 'Widget "w": unknown field "spec.sise" (did you mean "size"?)'],
    ]);
  });

  it('without a definition anywhere are an unknown kind, not checked', async () => {
    const dir = tempDir({ 'cluster.yaml': CLUSTER, 'app.yaml': widget });
    const { stdout } = await plan(dir, 'json');
    const report = JSON.parse(stdout) as { diagnostics: { code: string }[] };
    expect(report.diagnostics.map((d) => d.code)).toEqual(['unsupported-kind']);
  });
});
