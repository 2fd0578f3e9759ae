/**
 * Charts and kustomizations rendered by the real helm, kustomize and kubectl, built
 * from their Go modules (tools/control-plane/build.ts) like the control plane: the
 * same plan as the renderer's output piped into `--head -`, the pods kustomize
 * gives, and renderers that fail, hang or print too much. In the cluster project
 * because that is where the built binaries are; no test here talks to the cluster.
 */

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliIO, runCli } from '../../src/cli/cli.ts';
import { loadManifests } from '../../src/manifests/load.ts';
import type { RenderOptions } from '../../src/render/index.ts';
import { ensureKubectl, ensureRenderer } from '../../tools/control-plane/build.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = 'test/fixtures/render';
const CHART = `${FIXTURES}/online-boutique/helm-chart`;
const OVERLAY = `${FIXTURES}/overlay`;
const MANIFESTS = `${FIXTURES}/online-boutique/kubernetes-manifests`;
const CLUSTER = 'examples/cluster.yaml';

let helm = '';
let kubectl = '';
let kustomize = '';

beforeAll(async () => {
  helm = (await ensureRenderer('helm')).path;
  kustomize = (await ensureRenderer('kustomize')).path;
  kubectl = (await ensureKubectl()).path;
}, 900_000);

/** berth in-process, with renderers found only where the environment names them. */
async function berth(args: string[], env: Record<string, string>, stdin = '') {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: (async function* () {
      if (stdin) yield Buffer.from(stdin);
    })(),
    env: { PATH: '', NO_COLOR: '1', ...env },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** A JSON plan without the positions (`<stdin>` on one side, the template or kustomization on the other). */
function withoutPositions(json: string): unknown {
  return JSON.parse(json, (key, value) => {
    if (key === 'source' && value && typeof value === 'object') return undefined;
    if (value && typeof value === 'object' && 'severity' in value && 'file' in value) {
      const { file: _file, line: _line, column: _column, ...rest } = value as Record<string, unknown>;
      return rest;
    }
    return value;
  });
}

describe('a Helm chart', () => {
  it('gives the same plan as helm template piped into --head -, with objects placed at their templates', async () => {
    const rendered = await run(helm, ['template', CHART, '--include-crds', '--skip-tests'], { cwd: ROOT });
    const piped = await berth(
      ['plan', '--cluster', CLUSTER, '--head', '-', '--format', 'json', '--exit-zero'],
      {},
      rendered.stdout,
    );
    const direct = await berth(
      ['plan', '--cluster', CLUSTER, '--head', CHART, '--format', 'json', '--exit-zero'],
      {
        BERTH_HELM: helm,
      },
    );
    expect(direct.code).toBe(0);
    const plan = JSON.parse(direct.stdout);
    expect(plan.summary.pods).toBeGreaterThan(10);
    expect(withoutPositions(direct.stdout)).toEqual(withoutPositions(piped.stdout));
    const files = new Set(plan.placements.map((p: { source: { file: string } }) => p.source.file));
    expect([...files].sort()).toContain(`${CHART}/templates/adservice.yaml`);
    for (const file of files) expect(file).toMatch(new RegExp(`^${CHART}/templates/[a-z-]+\\.yaml$`));
  });

  it('takes the release name and values files from the command line, as helm template does', async () => {
    const values = `${FIXTURES}/values-no-loadgenerator.yaml`;
    const rendered = await run(
      helm,
      ['template', 'shop', CHART, '--include-crds', '--skip-tests', '--values', values],
      { cwd: ROOT },
    );
    const piped = await berth(
      ['plan', '--cluster', CLUSTER, '--head', '-', '--format', 'json', '--exit-zero'],
      {},
      rendered.stdout,
    );
    const direct = await berth(
      [
        'plan',
        '--cluster',
        CLUSTER,
        '--head',
        CHART,
        '--release-name',
        'shop',
        '--values',
        values,
        '--format',
        'json',
      ],
      { BERTH_HELM: helm },
    );
    expect(withoutPositions(direct.stdout)).toEqual(withoutPositions(piped.stdout));
    const workloads = JSON.parse(direct.stdout).workloads.map((w: { name: string }) => w.name);
    expect(workloads).toContain('frontend');
    expect(workloads).not.toContain('loadgenerator');
  });
});

describe('a kustomization', () => {
  it('gives the same plan as kubectl kustomize piped into --head -, with kubectl or the standalone kustomize', async () => {
    const rendered = await run(kubectl, ['kustomize', OVERLAY], { cwd: ROOT });
    const piped = await berth(
      ['plan', '--cluster', CLUSTER, '--head', '-', '--format', 'json', '--exit-zero'],
      {},
      rendered.stdout,
    );
    const withKubectl = await berth(
      ['plan', '--cluster', CLUSTER, '--head', OVERLAY, '--format', 'json', '--exit-zero'],
      { BERTH_KUBECTL: kubectl },
    );
    const withKustomize = await berth(
      ['plan', '--cluster', CLUSTER, '--head', `${OVERLAY}/`, '--format', 'json', '--exit-zero'],
      { BERTH_KUSTOMIZE: kustomize },
    );
    expect(withKubectl.stderr).toBe('');
    expect(withoutPositions(withKubectl.stdout)).toEqual(withoutPositions(piped.stdout));
    expect(withoutPositions(withKustomize.stdout)).toEqual(withoutPositions(piped.stdout));
    const plan = JSON.parse(withKubectl.stdout);
    // The overlay's namespace and patch, and its component that drops the load generator.
    expect(
      plan.placements.filter((p: { workload: string }) => p.workload === 'Deployment/frontend'),
    ).toHaveLength(3);
    expect(new Set(plan.placements.map((p: { namespace: string }) => p.namespace))).toEqual(
      new Set(['shop']),
    );
    expect(plan.placements.some((p: { workload: string }) => p.workload === 'Deployment/loadgenerator')).toBe(
      false,
    );
    expect(plan.placements[0].source.file).toBe(`${OVERLAY}/kustomization.yaml`);
  });

  it('plans the 11 pods kubectl kustomize gives for Online Boutique, not the 12 of the folder files', async () => {
    const rendered = await run(kubectl, ['kustomize', MANIFESTS], { cwd: ROOT });
    const deployments = rendered.stdout.match(/^kind: Deployment$/gm)?.length;
    expect(deployments).toBe(11);
    // Its files read as plain YAML, as berth read them before it rendered kustomizations.
    const inFiles = await loadManifests([MANIFESTS], {
      cwd: ROOT,
      render: { env: { PATH: '' }, folders: { [MANIFESTS]: { kind: 'plain' } } },
    });
    expect(inFiles.objects.filter((o) => o.kind === 'Deployment')).toHaveLength(12);
    const planned = await berth(['plan', '--cluster', CLUSTER, '--head', MANIFESTS, '--format', 'json'], {
      BERTH_KUBECTL: kubectl,
    });
    expect(planned.code).toBe(0);
    expect(JSON.parse(planned.stdout).summary.pods).toBe(11);
  });

  it('renders base and head the same way', async () => {
    const same = JSON.parse(
      (
        await berth(
          ['plan', '--cluster', CLUSTER, '--base', OVERLAY, '--head', OVERLAY, '--format', 'json'],
          {
            BERTH_KUBECTL: kubectl,
          },
        )
      ).stdout,
    );
    expect(same.workloads.length).toBe(11);
    expect(same.workloads.filter((w: { change: string }) => w.change !== 'unchanged')).toEqual([]);
    const changed = JSON.parse(
      (
        await berth(
          [
            'plan',
            '--cluster',
            CLUSTER,
            '--base',
            `${FIXTURES}/online-boutique/kustomize`,
            '--head',
            MANIFESTS,
            '--format',
            'json',
          ],
          { BERTH_KUBECTL: kubectl },
        )
      ).stdout,
    );
    const changes = Object.fromEntries(
      changed.workloads.map((w: { name: string; change: string }) => [w.name, w.change]),
    );
    expect(changes.loadgenerator).toBe('removed');
    expect(changes.frontend).toBe('changed');
    expect(changed.workloads.filter((w: { change: string }) => w.change === 'added')).toEqual([]);
  });
});

describe('a folder holding charts and kustomizations', () => {
  it('renders each once: a kustomization other kustomizations use, and Components, only through them', async () => {
    const loaded = await loadManifests([`${FIXTURES}/online-boutique`], {
      cwd: ROOT,
      render: { env: { PATH: '', BERTH_HELM: helm, BERTH_KUBECTL: kubectl } },
    });
    const files = new Set(loaded.objects.map((o) => o.source.file.split('/templates/')[0]));
    expect([...files].sort()).toEqual([
      `${FIXTURES}/online-boutique/helm-chart`,
      `${FIXTURES}/online-boutique/kubernetes-manifests/kustomization.yaml`,
      `${FIXTURES}/online-boutique/kustomize/kustomization.yaml`,
    ]);
    // No template, values or kustomization file was read as YAML.
    expect(loaded.diagnostics.filter((d) => d.code !== 'duplicate-object')).toEqual([]);
  });
});

/** A chart in a fresh folder (its own root), one template. */
function chart(template: string): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'berth-chart-')));
  mkdirSync(join(root, 'bad', 'templates'), { recursive: true });
  writeFileSync(join(root, 'bad', 'Chart.yaml'), 'apiVersion: v2\nname: bad\nversion: 0.1.0\n');
  writeFileSync(join(root, 'bad', 'templates', 'x.yaml'), template);
  return root;
}

describe('a renderer that does not succeed', () => {
  const options = (extra: Partial<RenderOptions> = {}) => ({ env: { PATH: '', BERTH_HELM: helm }, ...extra });

  it('fails: an error at the chart with its stderr, credentials taken out', async () => {
    const root = chart('{{ fail "cannot render: password=hunter2hunter2" }}\n');
    const loaded = await loadManifests(['bad'], { cwd: root, render: options() });
    expect(loaded.objects).toEqual([]);
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        file: 'bad',
        severity: 'error',
        code: 'render-failed',
        message: expect.stringMatching(
          /^helm bad exited with status 1: Error: execution error at \(bad\/templates\/x\.yaml:1:3\): cannot render: password=\[redacted\]/,
        ),
      }),
    ]);
    expect(JSON.stringify(loaded.diagnostics)).not.toContain('hunter2');
  });

  it('fails with control characters in its message: printed escaped, so they cannot drive a terminal or a CI log', async () => {
    const root = chart('{{ fail "boom\\x1b[2J\\n::error::forged" }}\n');
    const out = await berth(
      [
        'plan',
        '--cluster',
        join(ROOT, CLUSTER),
        '--head',
        join(root, 'bad'),
        '--root',
        root,
        '--allow-outside-root',
      ],
      { BERTH_HELM: helm },
    );
    expect(out.code).toBe(2);
    // Lines of stderr are joined into one message, and the escape byte is shown, not sent.
    expect(out.stderr).toContain('boom\\x1b[2J; ::error::forged');
    expect(out.stderr).not.toContain('\u001b');
    expect(out.stderr).not.toMatch(/^::error::/m);
  });

  it('hangs: killed at the timeout and reported', async () => {
    const root = chart('{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}\n');
    const loaded = await loadManifests(['bad'], { cwd: root, render: options({ timeoutMs: 2000 }) });
    expect(loaded.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['render-failed', 'helm bad did not finish within 2s; stopped'],
    ]);
  });

  it('prints more than a file may hold: stopped at the limit', async () => {
    const root = chart(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata:\n  a: {{ repeat 100000 "x" | quote }}\n',
    );
    const loaded = await loadManifests(['bad'], {
      cwd: root,
      render: options(),
      limits: { maxFileBytes: 64 * 1024 },
    });
    expect(loaded.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['render-failed', 'helm bad printed more than 64 KiB (limits.maxFileBytes); stopped'],
    ]);
  });

  it('renders more documents than a file may hold: the first ones are read, and an error says so', async () => {
    const root = chart(
      '{{ range until 20 }}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{{ . }}\n{{ end }}',
    );
    const loaded = await loadManifests(['bad'], {
      cwd: root,
      render: options(),
      limits: { maxDocuments: 10 },
    });
    expect(loaded.objects).toHaveLength(10);
    expect(loaded.diagnostics.map((d) => [d.file, d.code, d.message])).toEqual([
      [
        'bad',
        'too-many-documents',
        'renders more than 10 documents; only the first 10 were read (raise limits.maxDocuments in the berth config)',
      ],
    ]);
  });

  it('is kustomize failing on a broken resource: its message, at the folder', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'berth-kustomize-')));
    mkdirSync(join(root, 'app'));
    writeFileSync(join(root, 'app', 'kustomization.yaml'), 'resources:\n  - broken.yaml\n');
    writeFileSync(join(root, 'app', 'broken.yaml'), 'apiVersion: v1\nkind: [ConfigMap\n');
    const loaded = await loadManifests(['app'], {
      cwd: root,
      render: { env: { PATH: '', BERTH_KUBECTL: kubectl } },
    });
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        file: 'app',
        code: 'render-failed',
        message: expect.stringMatching(/^kubectl kustomize app exited with status 1: error: .*broken\.yaml/),
      }),
    ]);
  });
});
