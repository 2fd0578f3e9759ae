/**
 * The bundled Action, run as the runner runs it against the GitHub stand-in, on pull
 * requests that change a Helm chart, a kustomization and plain YAML: the charts and
 * kustomizations are fetched through the API at base and head and rendered with the
 * real helm and kubectl built from their Go modules (tools/control-plane/build.ts).
 * The bundle is built from source into a temporary folder with the options of
 * `npm run build`, so these tests run what the sources say, not the checked-in dist/.
 * In the cluster project because that is where the built renderers are; no test here
 * talks to the cluster.
 */

import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../action/core-adapter.ts';
import { type CliIO, runCli } from '../../src/cli/cli.ts';
import { BUNDLE_OPTIONS } from '../../tools/bundle.ts';
import { ensureKubectl, ensureRenderer } from '../../tools/control-plane/build.ts';
import { type FakeGitHub, initialState, startFakeGitHub } from '../action/github-server.ts';
import { type ActionRun, runAction, webhookExample } from '../action/run-action.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'test/fixtures/render');
const HEAD_SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE_SHA = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';
/** What the runner's environment holds and no renderer, log or comment may show. */
const RUNNER_TOKEN = 'ghs_runnerTokenThatMustNotLeak0123456789';
const RUNTIME_TOKEN = 'actionsRuntimeTokenThatMustNotLeak9876543210';

let bundle = '';
let helm = '';
let kubectl = '';
/** Folders holding `helm` and `kubectl` links: the PATH of a hosted runner, and one without helm. */
let withRenderers = '';
let withoutHelm = '';

beforeAll(async () => {
  helm = (await ensureRenderer('helm')).path;
  kubectl = (await ensureKubectl()).path;
  const dir = mkdtempSync(join(tmpdir(), 'berth-action-render-'));
  await build({
    entryPoints: { action: join(ROOT, 'action/main.ts') },
    outdir: join(dir, 'dist'),
    ...BUNDLE_OPTIONS,
  });
  bundle = join(dir, 'dist', 'action.js');
  withRenderers = join(dir, 'bin');
  withoutHelm = join(dir, 'bin-no-helm');
  mkdirSync(withRenderers);
  mkdirSync(withoutHelm);
  symlinkSync(helm, join(withRenderers, 'helm'));
  symlinkSync(kubectl, join(withRenderers, 'kubectl'));
  symlinkSync(kubectl, join(withoutHelm, 'kubectl'));
}, 900_000);

/** Every file under a fixture folder, keyed by `prefix/<path inside it>`. */
function filesOf(folder: string, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name !== 'README.md') out[`${prefix}/${relative(folder, file)}`] = readFileSync(file, 'utf8');
    }
  };
  walk(folder);
  return out;
}

const CHART = () => filesOf(join(FIXTURES, 'online-boutique/helm-chart'), 'deploy/chart');
const SHARED_BASE = () =>
  filesOf(join(FIXTURES, 'online-boutique/kustomize'), 'deploy/online-boutique/kustomize');
const OVERLAY = () => filesOf(join(FIXTURES, 'overlay'), 'deploy/overlay');
const WEB = () => ({
  'k8s/web.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web, namespace: default }',
    'spec:',
    '  replicas: 2',
    '  selector: { matchLabels: { app: web } }',
    '  template:',
    '    metadata: { labels: { app: web } }',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '          resources: { requests: { cpu: 250m, memory: 256Mi } }',
    '',
  ].join('\n'),
});
const CLUSTER = () => ({ 'cluster.yaml': readFileSync(join(ROOT, 'examples/cluster.yaml'), 'utf8') });

const INPUTS = {
  'github-token': 'test-token',
  snapshot: 'cluster.yaml',
  cluster: 'prod',
  manifests: 'deploy/**\nk8s/**',
  'fail-on': 'never',
};

let github: FakeGitHub | null = null;

afterEach(async () => {
  if (!github) return;
  await github.close();
  expect(github.violations).toEqual([]);
  github = null;
});

function pullRequestPayload() {
  const payload = webhookExample('pull_request', 'synchronize');
  const pr = payload.pull_request as Record<string, Record<string, unknown>>;
  payload.number = 2;
  pr.number = 2 as never;
  pr.head!.sha = HEAD_SHA;
  pr.base!.sha = BASE_SHA;
  return payload;
}

/**
 * A repository at two commits, the pull request between them, and the checkout of
 * its head, as actions/checkout leaves it; then the bundled Action on `pull_request`.
 */
async function planPull(options: {
  base: Record<string, string>;
  head: Record<string, string>;
  changed: { filename: string; status: string }[];
  path?: string;
  /** More of the runner's environment. */
  env?: Record<string, string>;
  symlinks?: Record<string, string>;
}): Promise<ActionRun & { comment: string }> {
  const contents = new Map<string, string>();
  for (const [p, text] of Object.entries(options.base)) contents.set(`${BASE_SHA}:${p}`, text);
  for (const [p, text] of Object.entries(options.head)) contents.set(`${HEAD_SHA}:${p}`, text);
  const symlinks = new Map<string, string>();
  const workspace = mkdtempSync(join(tmpdir(), 'berth-workspace-'));
  for (const [p, target] of Object.entries(options.symlinks ?? {})) {
    symlinks.set(`${HEAD_SHA}:${p}`, target);
    mkdirSync(dirname(join(workspace, p)), { recursive: true });
    symlinkSync(target, join(workspace, p));
  }
  for (const [p, text] of Object.entries(options.head)) {
    mkdirSync(dirname(join(workspace, p)), { recursive: true });
    writeFileSync(join(workspace, p), text);
  }
  github = await startFakeGitHub(
    initialState({
      pull: { number: 2, headSha: HEAD_SHA, baseSha: BASE_SHA, headRepo: 'Codertocat/Hello-World' },
      pullFiles: options.changed,
      contents,
      symlinks,
    }),
  );
  const result = await runAction({
    event: 'pull_request',
    payload: pullRequestPayload(),
    inputs: INPUTS,
    apiUrl: github.url,
    workspace,
    bundle,
    env: {
      PATH: options.path ?? `${withRenderers}:/usr/bin:/bin`,
      GITHUB_TOKEN: RUNNER_TOKEN,
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: RUNTIME_TOKEN,
      ...options.env,
    },
  });
  return { ...result, comment: github.state.comments.at(-1)?.body ?? '' };
}

function reportOf(run: ActionRun): Plan {
  return JSON.parse(readFileSync(run.outputs.report!, 'utf8')) as Plan;
}

/** berth's command line in-process, on text piped into `--head -`. */
async function berthOnStdin(text: string, cluster: string): Promise<Plan> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: (async function* () {
      yield Buffer.from(text);
    })(),
    env: { PATH: '', NO_COLOR: '1' },
  };
  const code = await runCli(
    ['plan', '--cluster', cluster, '--head', '-', '--format', 'json', '--exit-zero'],
    io,
  );
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as Plan;
}

/** Workloads without where they were read from (`<stdin>` on one side, the template on the other). */
function workloadsOf(plan: Plan) {
  return plan.workloads
    .map(({ source: _source, ...rest }) => rest)
    .sort((a, b) => `${a.namespace}/${a.kind}/${a.name}`.localeCompare(`${b.namespace}/${b.kind}/${b.name}`));
}

/** A checkout of the fixture folders under their repository paths, for the real renderers to read. */
function onDisk(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-render-expected-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

function expectNoLeak(result: ActionRun & { comment: string }) {
  for (const text of [result.stdout, result.stderr, result.summary, result.comment]) {
    expect(text).not.toContain(RUNNER_TOKEN);
    expect(text).not.toContain(RUNTIME_TOKEN);
  }
}

describe('the Action on a pull request with a chart, a kustomization and plain YAML', () => {
  it('plans all three as helm template and kubectl kustomize piped into berth plan --head - do', async () => {
    const head = { ...CHART(), ...SHARED_BASE(), ...OVERLAY(), ...WEB(), ...CLUSTER() };
    const added = [...Object.keys(CHART()), ...Object.keys(OVERLAY()), ...Object.keys(WEB())];
    const result = await planPull({
      base: { ...SHARED_BASE(), ...CLUSTER() },
      head,
      changed: added.map((filename) => ({ filename, status: 'added' })),
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);

    const dir = onDisk(head);
    const chart = await run(helm, ['template', 'deploy/chart', '--include-crds', '--skip-tests'], {
      cwd: dir,
    });
    const overlay = await run(kubectl, ['kustomize', 'deploy/overlay'], { cwd: dir });
    const expected = await berthOnStdin(
      `${chart.stdout}\n---\n${overlay.stdout}\n---\n${WEB()['k8s/web.yaml']}`,
      'examples/cluster.yaml',
    );
    const report = reportOf(result);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(workloadsOf(report)).toEqual(workloadsOf(expected));
    expect(report.summary.pods).toBe(expected.summary.pods);
    expect(report.summary.pods).toBeGreaterThan(20);
    // The chart's frontend, the overlay's three frontends in `shop`, and the plain web Deployment.
    const names = report.workloads.map((w) => `${w.namespace}/${w.name}:${w.replicas.after}`);
    expect(names).toEqual(expect.arrayContaining(['default/frontend:1', 'shop/frontend:3']));
    expect(report.workloads.some((w) => w.source?.file === 'k8s/web.yaml')).toBe(true);
    expect(report.workloads.some((w) => w.source?.file === 'deploy/overlay/kustomization.yaml')).toBe(true);
    expect(report.workloads.some((w) => w.source?.file === 'deploy/chart/templates/frontend.yaml')).toBe(
      true,
    );
    // The comment is the plan: the chart's, the overlay's and the plain file's workloads are in it.
    expect(result.comment).toContain('<!-- berth:plan cluster=prod -->');
    expect(result.comment).toContain('shop');
    expect(result.comment).toContain('loadgenerator');
    expect(result.stdout).toContain('2 chart or kustomization folders (deploy/chart, deploy/overlay)');
    expectNoLeak(result);
  });

  it('renders the chart at the base and at the head commit: a values change shows as its diff', async () => {
    const values = 'deploy/chart/values.yaml';
    const head: Record<string, string> = { ...CHART(), ...CLUSTER() };
    const base = {
      ...head,
      [values]: head[values]!.replace(/loadGenerator:\n {2}create: true/, 'loadGenerator:\n  create: false'),
    };
    expect(base[values]).not.toBe(head[values]);
    const result = await planPull({ base, head, changed: [{ filename: values, status: 'modified' }] });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = reportOf(result);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const changes = Object.fromEntries(report.workloads.map((w) => [w.name, w.change]));
    expect(changes.loadgenerator).toBe('added');
    expect(changes.frontend).toBe('unchanged');
    expect(report.workloads.filter((w) => w.change === 'unchanged').length).toBe(11);
    expect(report.summary.pods).toBe(1);
    expect(result.comment).toContain('loadgenerator');
  });

  it('builds an overlay again when the base it names changes, at base and head', async () => {
    const file = 'deploy/online-boutique/kustomize/base/frontend.yaml';
    const base: Record<string, string> = { ...SHARED_BASE(), ...OVERLAY(), ...CLUSTER() };
    const head = { ...base, [file]: base[file]!.replace('cpu: 100m', 'cpu: 150m') };
    expect(head[file]).not.toBe(base[file]);
    const result = await planPull({ base, head, changed: [{ filename: file, status: 'modified' }] });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = reportOf(result);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const frontends = report.workloads
      .filter((w) => w.name === 'frontend')
      .map((w) => [w.namespace, w.change, w.replicas.after, w.requests.after.cpu]);
    // The overlay's three frontends in `shop` and the upstream kustomization's one, 150m a pod now.
    expect(frontends).toEqual(
      expect.arrayContaining([
        ['shop', 'changed', 3, 450],
        ['default', 'changed', 1, 150],
      ]),
    );
    expect(report.workloads.filter((w) => w.change !== 'unchanged')).toHaveLength(2);
    expect(result.stdout).toContain('deploy/online-boutique/kustomize, deploy/overlay');
  });

  it('builds a changed base only through the overlay that names it, as the command line walk does', async () => {
    const moved = (files: Record<string, string>, from: string, to: string) =>
      Object.fromEntries(
        Object.entries(files)
          .filter(([p]) => p.startsWith(from))
          .map(([p, t]) => [to + p.slice(from.length), t]),
      );
    const shared = SHARED_BASE();
    const overlay = OVERLAY()['deploy/overlay/kustomization.yaml']!.replaceAll(
      '../online-boutique/kustomize/',
      '../',
    );
    const base: Record<string, string> = {
      ...moved(shared, 'deploy/online-boutique/kustomize/base/', 'deploy/base/'),
      ...moved(shared, 'deploy/online-boutique/kustomize/components/', 'deploy/components/'),
      'deploy/overlay/kustomization.yaml': overlay,
      ...CLUSTER(),
    };
    for (const p of Object.keys(base)) expect(p.startsWith('deploy/online-boutique/')).toBe(false);
    const file = 'deploy/base/frontend.yaml';
    const head = { ...base, [file]: base[file]!.replace('cpu: 100m', 'cpu: 150m') };
    const result = await planPull({ base, head, changed: [{ filename: file, status: 'modified' }] });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = reportOf(result);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(
      report.workloads.filter((w) => w.change !== 'unchanged').map((w) => `${w.namespace}/${w.name}`),
    ).toEqual(['shop/frontend']);
    expect(new Set(report.workloads.map((w) => w.namespace))).toEqual(new Set(['shop']));
    expect(result.stdout).toContain('1 chart or kustomization folders (deploy/overlay)');
  });

  it('renders the charts and kustomizations of the checked-out tree on push, as the command line walks it', async () => {
    const head = { ...CHART(), ...SHARED_BASE(), ...OVERLAY(), ...WEB(), ...CLUSTER() };
    const workspace = onDisk(head);
    github = await startFakeGitHub(initialState());
    const result = await runAction({
      event: 'push',
      payload: webhookExample('push'),
      inputs: INPUTS,
      apiUrl: github.url,
      workspace,
      bundle,
      env: { PATH: `${withRenderers}:/usr/bin:/bin`, GITHUB_TOKEN: RUNNER_TOKEN },
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const dir = onDisk(head);
    const chart = await run(helm, ['template', 'deploy/chart', '--include-crds', '--skip-tests'], {
      cwd: dir,
    });
    const upstream = await run(kubectl, ['kustomize', 'deploy/online-boutique/kustomize'], { cwd: dir });
    const overlay = await run(kubectl, ['kustomize', 'deploy/overlay'], { cwd: dir });
    const expected = await berthOnStdin(
      [chart.stdout, upstream.stdout, overlay.stdout, WEB()['k8s/web.yaml']].join('\n---\n'),
      'examples/cluster.yaml',
    );
    const report = reportOf(result);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(workloadsOf(report)).toEqual(workloadsOf(expected));
    expect(result.stdout).toContain(
      'planning 4 manifest files and chart or kustomization folders of the tree',
    );
  });

  it('says what to install when helm is missing, and still plans the plain YAML', async () => {
    const head = { ...CHART(), ...WEB(), ...CLUSTER() };
    const result = await planPull({
      base: { ...CLUSTER() },
      head,
      changed: [...Object.keys(CHART()), ...Object.keys(WEB())].map((filename) => ({
        filename,
        status: 'added',
      })),
      path: `${withoutHelm}:/usr/bin:/bin`,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = reportOf(result);
    const missing = report.diagnostics.filter((d) => d.code === 'renderer-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.file).toBe('deploy/chart');
    expect(missing[0]!.message).toContain(
      'helm is not on PATH: install Helm (https://helm.sh/docs/intro/install/)',
    );
    expect(result.comment).toContain('helm is not on PATH');
    expect(result.summary).toContain('helm is not on PATH');
    expect(report.workloads.map((w) => w.source?.file)).toEqual(['k8s/web.yaml']);
    expect(report.summary.pods).toBeGreaterThan(0);
    expectNoLeak(result);
  });

  it('refuses a chart with a link out or a file over the limit, reports a template that fails, and leaks nothing', async () => {
    const chart = (name: string, templates: Record<string, string>) => ({
      [`deploy/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
      ...Object.fromEntries(Object.entries(templates).map(([f, t]) => [`deploy/${name}/templates/${f}`, t])),
    });
    const config = { '.github/berth.yml': 'limits:\n  maxFileBytes: 65536\n' };
    const head = {
      ...chart('linked', { 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n' }),
      ...chart('huge', { 'big.yaml': `# ${'x'.repeat(70_000)}\n` }),
      ...chart('failing', {
        'x.yaml': `{{ fail (printf "cannot render: password=hunter2-%s token=%s" "abc" "${'q'.repeat(8)}") }}\n`,
      }),
      ...WEB(),
      ...CLUSTER(),
      ...config,
    };
    const symlinks = { 'deploy/linked/templates/leak.yaml': '/proc/self/environ' };
    const result = await planPull({
      base: { ...CLUSTER(), ...config },
      head,
      symlinks,
      changed: [
        ...Object.keys(head).filter((p) => p.startsWith('deploy/') || p.startsWith('k8s/')),
        ...Object.keys(symlinks),
      ].map((filename) => ({ filename, status: 'added' })),
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const report = reportOf(result);
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    const byFile = Object.fromEntries(errors.map((d) => [d.file, d]));
    expect(byFile['deploy/linked/templates/leak.yaml']?.message).toMatch(/symbolic link/);
    expect(byFile['deploy/huge/templates/big.yaml']?.code).toBe('file-too-large');
    const failed = byFile['deploy/failing']!;
    expect(failed.code).toBe('render-failed');
    expect(failed.message).toMatch(
      /^helm deploy\/failing exited with status 1: Error: .*cannot render: password=\[redacted\]/,
    );
    expect(failed.message).not.toContain('hunter2');
    // Nothing of the refused charts is planned; the plain file is.
    expect(report.workloads.map((w) => w.source?.file)).toEqual(['k8s/web.yaml']);
    expect(result.comment).toContain('symbolic link');
    expect(result.comment).not.toContain('hunter2');
    expect(result.comment).not.toContain('GITHUB_');
    expectNoLeak(result);
  });

  it('runs the renderer with none of the runner environment (a stand-in helm that prints its environment)', async () => {
    // No real helm or kustomize can print its environment, so a script named by BERTH_HELM does, as helm's stderr.
    const dir = mkdtempSync(join(tmpdir(), 'berth-env-helm-'));
    const script = join(dir, 'helm');
    writeFileSync(script, '#!/bin/sh\nenv >&2\nexit 1\n', { mode: 0o755 });
    const head = { ...CHART(), ...WEB(), ...CLUSTER() };
    const result = await planPull({
      base: { ...CLUSTER() },
      head,
      changed: Object.keys(CHART()).map((filename) => ({ filename, status: 'added' })),
      env: {
        BERTH_HELM: script,
        ACTIONS_RUNTIME_URL: 'https://pipelines.example/leak-canary-url',
        ACTIONS_CACHE_URL: 'https://cache.example/leak-canary-cache',
        AWS_SECRET_ACCESS_KEY: 'leak-canary-aws',
        KUBECONFIG: '/home/runner/leak-canary-kubeconfig',
      },
    });
    const failed = reportOf(result).diagnostics.find((d) => d.code === 'render-failed');
    // What the renderer saw: berth's own clean environment, printed.
    expect(failed?.message).toMatch(/^helm deploy\/chart exited with status 1: .*HOME=/);
    expect(failed?.message).toContain('PATH=/usr/local/bin:/usr/bin:/bin');
    for (const text of [failed?.message ?? '', result.comment, result.summary, result.stdout]) {
      expect(text).not.toContain('leak-canary');
      expect(text).not.toContain('GITHUB_');
      expect(text).not.toContain('ACTIONS_');
    }
    expectNoLeak(result);
  });
});
