/**
 * What berth reads from a folder before any renderer runs: YAML that is no manifest
 * is skipped with a note, a chart's or kustomization's files are never read as
 * plain YAML, a missing renderer says what to install or pipe, and a chart or
 * kustomization that reaches outside the tree or onto the network is refused
 * without starting a renderer. Tests that run helm and kustomize themselves are in
 * test/cluster/render.test.ts, where the built binaries are.
 */

import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';
import { loadManifests } from '../../src/manifests/load.ts';
import { redactRendererText, splitHelmOutput } from '../../src/render/index.ts';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx }]
`;

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'berth-render-')));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

/** No renderer can be found: PATH is empty and nothing is named. */
const NO_RENDERERS = { env: { PATH: '' } };

describe('YAML that is not a manifest', () => {
  const root = tree({
    'deploy/web.yaml': DEPLOYMENT,
    'deploy/config/app.yaml': 'server:\n  port: 8080\nlogLevel: debug\n',
    'deploy/config/empty.yaml': '# filled in later\n',
    'deploy/.github/workflows/ci.yml': 'on: push\njobs: {}\n',
    'deploy/node_modules/pkg/broken.yaml': 'a: [\n',
  });

  it('is skipped with one note when a folder is walked, and the manifests beside it are read', async () => {
    const loaded = await loadManifests(['deploy'], { cwd: root, render: NO_RENDERERS });
    expect(loaded.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/web']);
    expect(loaded.diagnostics).toEqual([
      {
        file: join('deploy', 'config', 'app.yaml'),
        line: 1,
        column: 1,
        severity: 'warning',
        code: 'not-a-manifest',
        message: 'no apiVersion or kind anywhere in this file: not a Kubernetes manifest, skipped',
      },
    ]);
  });

  it('is an error when named on the command line', async () => {
    const loaded = await loadManifests(['deploy/config/app.yaml'], { cwd: root, render: NO_RENDERERS });
    expect(loaded.objects).toEqual([]);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((d) => d.file === 'deploy/config/app.yaml')).toBe(true);
    expect(errors.map((d) => d.message).join('\n')).toMatch(/apiVersion|kind/);
  });

  it('is still a manifest with errors when it names a kind but is broken', async () => {
    const root = tree({ 'k8s/half.yaml': 'kind: Deployment\nmetadata: { name: x }\n' });
    const loaded = await loadManifests(['k8s'], { cwd: root, render: NO_RENDERERS });
    expect(
      loaded.diagnostics.some((d) => d.severity === 'error' && d.file === join('k8s', 'half.yaml')),
    ).toBe(true);
  });
});

describe('a chart or kustomization found in a folder', () => {
  const root = tree({
    'deploy/web.yaml': DEPLOYMENT,
    'deploy/chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
    'deploy/chart/values.yaml': 'replicas: 3\nimage: { tag: "1.0" }\n',
    'deploy/chart/templates/deployment.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n',
    'deploy/overlay/kustomization.yaml': 'resources:\n  - web.yaml\n',
    'deploy/overlay/web.yaml': DEPLOYMENT.replace('name: web', 'name: api'),
  });

  it('is never read as plain YAML: no template or values error, one message per folder saying what to install or pipe', async () => {
    const loaded = await loadManifests(['deploy'], { cwd: root, render: NO_RENDERERS });
    // Only the plain file beside them is read.
    expect(loaded.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/web']);
    expect(loaded.diagnostics).toEqual([
      {
        file: join('deploy', 'chart'),
        line: 1,
        column: 1,
        severity: 'error',
        code: 'renderer-missing',
        message:
          'deploy/chart is a Helm chart and helm is not on PATH: install Helm (https://helm.sh/docs/intro/install/) or set BERTH_HELM to the path of helm; or render it yourself and pipe it in: helm template deploy/chart --include-crds --skip-tests | berth plan --head - ...',
      },
      {
        file: join('deploy', 'overlay'),
        line: 1,
        column: 1,
        severity: 'error',
        code: 'renderer-missing',
        message:
          'deploy/overlay is a Kustomize folder and neither kustomize nor kubectl is on PATH: install kubectl (it has kubectl kustomize) or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/), or set BERTH_KUSTOMIZE or BERTH_KUBECTL to its path; or render it yourself and pipe it in: kubectl kustomize deploy/overlay | berth plan --head - ...',
      },
    ]);
  });

  it('puts the release name, namespace and values of render: and the command line into the command to pipe', async () => {
    const loaded = await loadManifests(['deploy/chart'], {
      cwd: root,
      render: {
        ...NO_RENDERERS,
        folders: { 'deploy/chart': { releaseName: 'shop', namespace: 'prod', values: ['deploy/prod.yaml'] } },
        values: ['deploy/chart/values.yaml'],
      },
    });
    // deploy/prod.yaml does not exist: the values file is checked before anything runs.
    expect(loaded.diagnostics.map((d) => d.message)).toEqual([
      'chart not rendered: values file deploy/prod.yaml: no such file or directory',
    ]);
    const withValues = await loadManifests(['deploy/chart'], {
      cwd: root,
      render: {
        ...NO_RENDERERS,
        folders: {
          'deploy/chart': { releaseName: 'shop', namespace: 'prod', args: ['--set', 'replicas=5'] },
        },
        values: ['deploy/chart/values.yaml'],
      },
    });
    expect(withValues.diagnostics[0]!.message).toContain(
      'helm template shop deploy/chart --include-crds --skip-tests --namespace prod --values deploy/chart/values.yaml --set replicas=5 | berth plan --head -',
    );
  });

  it('is read as plain YAML or left out when render: says so', async () => {
    const plain = await loadManifests(['deploy'], {
      cwd: root,
      render: {
        ...NO_RENDERERS,
        folders: { 'deploy/overlay': { kind: 'plain' }, 'deploy/chart': { kind: 'skip' } },
      },
    });
    expect(plain.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/api',
      'Deployment/web',
    ]);
    // kustomization.yaml names no kind: a note, not an error.
    expect(plain.diagnostics.map((d) => [d.file, d.code])).toEqual([
      [join('deploy', 'overlay', 'kustomization.yaml'), 'not-a-manifest'],
    ]);
  });

  it('does not let a values file or a release name from the command line leave the tree or pose as a flag', async () => {
    const outside = await loadManifests(['deploy/chart'], {
      cwd: root,
      render: { ...NO_RENDERERS, values: ['/etc/passwd'] },
    });
    expect(outside.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'file-unreadable',
        expect.stringMatching(/^chart not rendered: values file \/etc\/passwd: outside the root/),
      ],
    ]);
    const flag = await loadManifests(['deploy/chart'], {
      cwd: root,
      render: { ...NO_RENDERERS, releaseName: '--post-renderer=/bin/sh' },
    });
    expect(flag.diagnostics.map((d) => d.code)).toEqual(['invalid-config']);
  });
});

describe('hostile charts and kustomizations are refused before any renderer starts', () => {
  it('refuses a chart whose template links outside the tree, naming the link', async () => {
    const root = tree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: leak\nversion: 1.0.0\n',
      'chart/templates/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ok }\n',
    });
    symlinkSync('/etc/passwd', join(root, 'chart', 'templates', 'leak.yaml'));
    const loaded = await loadManifests(['chart'], { cwd: root, render: NO_RENDERERS });
    expect(loaded.objects).toEqual([]);
    // The refusal, not "helm is not on PATH": the tree is checked first.
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        file: join('chart', 'templates', 'leak.yaml'),
        severity: 'error',
        code: 'outside-root',
        message: expect.stringMatching(/^chart not rendered: symbolic link that leads outside the root/),
      }),
    ]);
  });

  it('refuses a chart folder that links to a folder outside the tree', async () => {
    const root = tree({ 'chart/Chart.yaml': 'apiVersion: v2\nname: leak\nversion: 1.0.0\n' });
    symlinkSync('/etc', join(root, 'chart', 'files'));
    const loaded = await loadManifests(['chart'], { cwd: root, render: NO_RENDERERS });
    expect(loaded.diagnostics.map((d) => [d.file, d.code])).toEqual([
      [join('chart', 'files'), 'outside-root'],
    ]);
  });

  it('refuses a chart holding more bytes than helm loads from a chart', async () => {
    const root = tree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: big\nversion: 1.0.0\n',
      'chart/blob.bin': '',
    });
    // A sparse file: its size, not its blocks, is what helm would read.
    truncateSync(join(root, 'chart', 'blob.bin'), 101 * 1024 * 1024);
    const loaded = await loadManifests(['chart'], { cwd: root, render: NO_RENDERERS });
    expect(loaded.diagnostics.map((d) => [d.file, d.message])).toEqual([
      [
        'chart',
        'chart not rendered: holds more than 100 MiB of files, more than helm loads from a chart; not rendered',
      ],
    ]);
  });

  it('refuses a kustomization whose base is remote: nothing is fetched', async () => {
    const root = tree({
      'overlay/kustomization.yaml':
        'resources:\n  - https://github.com/example/app//deploy?ref=v1\n  - deployment.yaml\n',
      'overlay/deployment.yaml': DEPLOYMENT,
    });
    const loaded = await loadManifests(['overlay'], { cwd: root, render: NO_RENDERERS });
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({
        file: join('overlay', 'kustomization.yaml'),
        code: 'outside-root',
        message:
          'kustomization not rendered: "https://github.com/example/app//deploy?ref=v1" is not a file or folder in the tree: kustomize would fetch it as a remote base, and berth fetches nothing',
      }),
    ]);
  });

  it('refuses a kustomization whose base, two levels down, links out of the tree', async () => {
    const root = tree({
      'overlay/kustomization.yaml': 'resources:\n  - ../base\n',
      'base/kustomization.yaml': 'resources:\n  - secrets.yaml\n',
    });
    symlinkSync('/proc/self/environ', join(root, 'base', 'secrets.yaml'));
    const loaded = await loadManifests(['overlay'], { cwd: root, render: NO_RENDERERS });
    expect(loaded.diagnostics.map((d) => [d.file, d.code])).toEqual([
      [join('overlay', '..', 'base', 'secrets.yaml'), 'outside-root'],
    ]);
  });

  it('refuses helm chart inflation inside a kustomization', async () => {
    const root = tree({
      'overlay/kustomization.yaml': 'helmCharts:\n  - name: nginx\n    repo: https://charts.example.com\n',
    });
    const loaded = await loadManifests(['overlay'], { cwd: root, render: NO_RENDERERS });
    expect(loaded.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('helmCharts: kustomize would fetch and render Helm charts; berth does not'),
    ]);
  });
});

describe('render: in .github/berth.yml', () => {
  it('reads folders, kinds, names, values and allowed arguments', () => {
    const { config, diagnostics } = parseConfig(
      `render:
  deploy/chart/:
    kind: helm
    releaseName: shop
    namespace: prod
    values: [deploy/values-prod.yaml]
    args: [--set, replicas=3, --kube-version=1.33.0]
  deploy/legacy: { kind: plain }
`,
      '.github/berth.yml',
    );
    expect(diagnostics).toEqual([]);
    expect(config.render['deploy/chart']).toMatchObject({
      kind: 'helm',
      releaseName: 'shop',
      namespace: 'prod',
      values: ['deploy/values-prod.yaml'],
      args: ['--set', 'replicas=3', '--kube-version=1.33.0'],
    });
    expect(config.render['deploy/legacy']).toMatchObject({ kind: 'plain' });
  });

  it('refuses arguments that run, fetch or read something, folders outside the repository and bad names, at their lines', () => {
    const { diagnostics } = parseConfig(
      `render:
  chart:
    args: [--post-renderer, ./evil.sh]
  ../outside: { kind: helm }
  other:
    kind: kustomize
    args: [--enable-helm]
  third:
    releaseName: "-x"
    values: [/etc/passwd]
`,
      '.github/berth.yml',
    );
    expect(diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([
      [3, 'error', expect.stringContaining('"--post-renderer" is not an argument berth passes to helm')],
      [4, 'error', 'render: "../outside" must be a folder inside the repository, relative to its root'],
      [7, 'error', expect.stringContaining('"--enable-helm" is not an argument berth passes to kustomize')],
      [9, 'error', expect.stringContaining('release name "-x" must be a lowercase DNS name')],
      [10, 'error', expect.stringContaining('"/etc/passwd" must be a file inside the repository')],
    ]);
  });

  it('keeps a folder called __proto__ as a folder', () => {
    const { config } = parseConfig('render:\n  __proto__: { kind: skip }\n', 'c.yml');
    expect(Object.getPrototypeOf(config.render)).toBe(Object.prototype);
    expect(Object.hasOwn(config.render, '__proto__')).toBe(true);
  });
});

describe("helm's output", () => {
  it('is split by document, each named by its template as helm says', () => {
    const out = `---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
---
# Source: shop/charts/db/templates/sts.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
---
# Source: ../../etc/passwd
apiVersion: v1
kind: ConfigMap
metadata:
  name: x
`;
    expect(splitHelmOutput(out, 'deploy/chart').map((t) => t.display)).toEqual([
      join('deploy/chart', 'templates', 'service.yaml'),
      join('deploy/chart', 'charts', 'db', 'templates', 'sts.yaml'),
      join('deploy/chart', 'Chart.yaml'),
    ]);
  });

  it('has what looks like a credential taken out of renderer messages', () => {
    expect(
      redactRendererText(
        'Error: execution error at (x/templates/s.yaml:3:4): password=hunter2 token: abc Authorization: Bearer eyJhbGciOi dGhpcyBpcyBhIHNlY3JldCB2YWx1ZSBvZiBhIHNlY3JldA==',
      ),
    ).toBe(
      'Error: execution error at (x/templates/s.yaml:3:4): password=[redacted] token: [redacted] Authorization: Bearer [redacted] [redacted]',
    );
  });
});
