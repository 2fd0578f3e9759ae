import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

/** Runs the CLI as a user does: a separate Node process, from the repository root unless told. */
function berth(args: string[], input?: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input,
    encoding: 'utf8',
    env: { ...(options.env ?? process.env), NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EXAMPLE = [
  'plan',
  '--cluster',
  'examples/cluster.yaml',
  '--base',
  'examples/base',
  '--head',
  'examples/head',
];

/** Temporary files lie outside the repository, the CLI's root: a plan that reads one passes this flag. */
const OUTSIDE = '--allow-outside-root';

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('berth plan on the bundled example', () => {
  it('prints where every pod lands and exits 1 because one GPU pod does not fit', () => {
    const { code, stdout } = berth(EXAMPLE);
    expect(code).toBe(1);
    expect(stdout).toMatch(/berth plan FAIL: 16 pods, 15 scheduled, 1 unschedulable/);
    expect(stdout).toContain('ml/recommender-2');
    expect(stdout).toContain('0/6 nodes are available: 6 Insufficient nvidia.com/gpu.');
  });

  it('writes the versioned JSON schema with placements, nodes and diagnostics', () => {
    const { code, stdout } = berth([...EXAMPLE, '--format', 'json']);
    expect(code).toBe(1);
    const plan = JSON.parse(stdout);
    expect(plan.version).toBe(1);
    expect(plan.summary).toMatchObject({ pods: 16, scheduled: 15, unschedulable: 1 });
    const unplaced = plan.placements.filter((p: { node: string | null }) => p.node === null);
    expect(unplaced).toEqual([
      expect.objectContaining({
        namespace: 'ml',
        workload: 'Deployment/recommender',
        pod: 'recommender-2',
        node: null,
        reason: expect.stringMatching(/^0\/6 nodes are available: 6 Insufficient nvidia\.com\/gpu\./),
      }),
    ]);
    const gpuNode = plan.nodes.find((n: { name: string }) => n.name === 'ip-10-0-3-31');
    expect(gpuNode.allocatable['nvidia.com/gpu']).toBe(2);
    expect(gpuNode.requested.before['nvidia.com/gpu']).toBe(1);
    expect(gpuNode.requested.after['nvidia.com/gpu']).toBe(2);
    expect(plan.diagnostics).toEqual([]);
  });

  it('places only added and changed workloads when a base is given', () => {
    const plan = JSON.parse(berth([...EXAMPLE, '--format', 'json']).stdout);
    const workloads = new Set(plan.placements.map((p: { workload: string }) => p.workload));
    expect(workloads).toEqual(
      new Set([
        'Deployment/recommender',
        'DaemonSet/node-exporter',
        'Deployment/frontend',
        'Deployment/checkout',
      ]),
    );
    // The three running frontend pods are replaced by six new ones, not added to.
    const node = plan.nodes.find((n: { name: string }) => n.name === 'ip-10-0-1-11');
    expect(node.pods.before).toBe(3);
  });

  it('plans the nightly Jobs on the timeline, where FIFO misses the report deadline and EDF meets it', () => {
    const plan = JSON.parse(berth([...EXAMPLE, '--format', 'json']).stdout);
    expect(plan.placements.some((p: { workload: string }) => p.workload.startsWith('Job/'))).toBe(false);
    expect(plan.timeline.policy).toBe('edf');
    expect(plan.timeline.compare.fifo.missed).toBe(1);
    expect(plan.timeline.compare.edf.missed).toBe(0);
    const report = plan.timeline.jobs.find((j: { name: string }) => j.name === 'daily-report');
    expect(report).toMatchObject({ deadline: 7200, missed: false });
    expect(report.finish).toBeLessThanOrEqual(7200);
  });

  it('shows the batch timeline in the terminal too', () => {
    const { stdout } = berth([...EXAMPLE, '--no-advice']);
    expect(stdout).toContain('Batch timeline');
    expect(stdout).toMatch(/analytics\/daily-report\s+1\s+\+0s\s+\+1h\s+\+1h30m\s+\+2h\s+on time/);
  });

  it('renders Markdown with the verdict first', () => {
    const { stdout } = berth([...EXAMPLE, '--format', 'markdown']);
    const top = stdout.split('\n').slice(0, 4).join('\n');
    expect(top).toMatch(/❌ \*\*Fails\*\*/);
    expect(top).toMatch(/15 of 16 pods scheduled/);
  });

  it('--exit-zero keeps exit 0 when pods do not fit', () => {
    expect(berth([...EXAMPLE, '--exit-zero']).code).toBe(0);
  });
});

describe('the berth bin (the checked-in bundle, dist/cli.js)', () => {
  it('plans the example as the source does', () => {
    const run = (entry: string) =>
      spawnSync(
        process.execPath,
        [entry, ...EXAMPLE, '--format', 'json', '--start', '2026-01-01T00:00:00Z', '--no-advice'],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
    const bundled = run(join(ROOT, 'dist', 'cli.js'));
    expect(bundled.status).toBe(1);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(run(MAIN).stdout));
  });

  it('exits quietly when the reader closes the pipe early', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${MAIN}" ${EXAMPLE.join(' ')} | head -1`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stdout).toMatch(/^berth plan FAIL/);
    expect(result.stderr).not.toMatch(/EPIPE/);
  });
});

describe('berth plan exit codes and errors', () => {
  it('exits 0 when every pod fits', () => {
    const head = tempFile(
      'ok.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: small }\nspec:\n  containers: [{ name: c, image: x, resources: { requests: { cpu: 10m } } }]\n',
    );
    const { code, stdout } = berth(['plan', '--cluster', 'examples/cluster.yaml', '--head', head, OUTSIDE]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/PASS: 1 pods, 1 scheduled/);
  });

  it('reads manifests from stdin with --head -', () => {
    const { code, stdout } = berth(
      ['plan', '--cluster', 'examples/cluster.yaml', '--head', '-', '--format', 'json'],
      'apiVersion: v1\nkind: Pod\nmetadata: { name: from-stdin }\nspec:\n  containers: [{ name: c, image: x }]\n',
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).placements[0].pod).toBe('from-stdin');
  });

  it('a broken document exits 2 with file and line, and the other documents are still planned', () => {
    const head = tempFile(
      'mixed.yaml',
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: { name: good }',
        'spec:',
        '  containers: [{ name: c, image: x }]',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: { name: bad',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: { name: also-good }',
        'spec:',
        '  containers: [{ name: c, image: x, resources: { requests: { cpu: lots } } }]',
      ].join('\n'),
    );
    const { code, stdout, stderr } = berth([
      'plan',
      '--cluster',
      'examples/cluster.yaml',
      '--head',
      head,
      '--format',
      'json',
      OUTSIDE,
    ]);
    expect(code).toBe(2);
    const plan = JSON.parse(stdout);
    expect(plan.placements.map((p: { pod: string }) => p.pod)).toContain('good');
    expect(plan.diagnostics.some((d: { file: string; line: number }) => d.file === head && d.line >= 9)).toBe(
      true,
    );
    expect(
      plan.diagnostics.some((d: { line: number; message: string }) => d.line === 15 && /cpu/.test(d.message)),
    ).toBe(true);
    expect(stderr).toContain(`${head}:`);
  });

  it.each([
    ['no command', [], /Usage: berth/],
    ['an unknown command', ['deploy'], /unknown command "deploy"/],
    ['no cluster', ['plan', '--head', 'examples/head'], /--cluster <file> is required/],
    ['no head', ['plan', '--cluster', 'examples/cluster.yaml'], /--head <path> is required/],
    ['an unknown format', [...EXAMPLE, '--format', 'yaml'], /--format must be text, json or markdown/],
    ['an unknown flag', [...EXAMPLE, '--force'], /Unknown option '--force'/],
    [
      'a cluster file that does not exist',
      ['plan', '--cluster', 'nope.yaml', '--head', 'examples/head'],
      /nope\.yaml/,
    ],
  ])('%s is a usage error (exit 2)', (_name, args, message) => {
    const { code, stderr, stdout } = berth(args as string[]);
    expect(code).toBe(2);
    expect(stderr + stdout).toMatch(message);
  });
});

describe('berth plan refuses the values the API server refuses', () => {
  const pod = (name: string, container: string, resources: string) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      `metadata: { name: ${name}, namespace: shop }`,
      'spec:',
      '  containers:',
      `    - name: ${container}`,
      '      image: x',
      `      resources: ${resources}`,
    ].join('\n');
  const HEAD = [
    pod('negative', 'c', '{ requests: { cpu: "-1" } }'),
    pod('huge', 'c', '{ requests: { cpu: "1e400" } }'),
    pod('spaced', 'my container', '{ requests: { cpu: 10m } }'),
    pod('html', 'c', '{ requests: { "<img src=x>": "1" } }'),
    'apiVersion: v1\nkind: Secret\nmetadata: { name: creds, namespace: shop }\ndata:\n  password: "hunter2 not base64!"',
    'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: shop }',
    pod('fine', 'c', '{ requests: { cpu: 10m } }'),
  ].join('\n---\n');

  it('plans only the valid objects, reports each invalid one at its line and never shows a secret value', () => {
    const head = tempFile('bad.yaml', `${HEAD}\n`);
    const plan = (format: string) =>
      berth(['plan', '--cluster', 'examples/cluster.yaml', '--head', head, '--format', format, OUTSIDE]);
    const json = plan('json');
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.placements.map((p: { pod: string }) => p.pod)).toEqual(['fine']);
    expect(report.workloads.map((w: { name: string }) => w.name)).toEqual(['fine']);
    expect(report.diff.map((o: { kind: string; name: string }) => `${o.kind}/${o.name}`)).toEqual([
      'Pod/fine',
      'Widget/w',
    ]);
    expect(
      report.diagnostics.map((d: { line: number; severity: string }) => `${d.line}:${d.severity}`),
    ).toEqual(['41:error', '8:error', '17:error', '24:error', '35:error', '35:error', '43:warning']);
    expect(json.stdout).not.toMatch(/"cpu": null|Infinity/);

    const text = plan('text');
    expect(text.code).toBe(2);
    expect(text.stdout).toMatch(/^berth plan FAIL: 1 pods, 1 scheduled/);
    expect(text.stdout).not.toContain('Infinity');
    expect(text.stdout).toContain(
      'The Pod "negative" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    );
    expect(text.stdout).toContain('unknown kind Widget (example.com/v1), not validated or simulated');
    for (const run of [json, text, plan('markdown')])
      expect(run.stdout + run.stderr).not.toContain('hunter2');
  });

  it('leaves what runs as it is when a change breaks a workload: unchanged, not removed', () => {
    const good = pod('web', 'c', '{ requests: { cpu: 10m } }');
    const base = tempFile('base.yaml', `${good}\n`);
    const head = tempFile('head.yaml', `${good.replace('cpu: 10m', 'cpu: "-10m"')}\n`);
    const { code, stdout } = berth([
      'plan',
      '--cluster',
      'examples/cluster.yaml',
      '--base',
      base,
      '--head',
      head,
      '--format',
      'json',
      OUTSIDE,
    ]);
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(report.workloads).toEqual([expect.objectContaining({ name: 'web', change: 'unchanged' })]);
    expect(report.placements).toEqual([]);
  });
});

describe('berth explain, status and config', () => {
  it('explain names each node and why the pod cannot go there, then the smallest fix', () => {
    const { code, stdout } = berth(['explain', 'ml/recommender-2', ...EXAMPLE.slice(1)]);
    expect(code).toBe(0);
    expect(stdout).toContain('Not scheduled (unschedulable): 0/6 nodes are available');
    expect(stdout).toMatch(/ip-10-0-3-31\s+Insufficient nvidia\.com\/gpu/);
    expect(stdout).toContain('Smallest fix: 1 replica, or 1 more node of pool gpu.');
  });

  it('explain of a pod that is not in the plan exits 2 and lists some that are, on stderr', () => {
    const { code, stdout, stderr } = berth(['explain', 'shop/nope', ...EXAMPLE.slice(1)]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no pod shop\/nope in this plan\. Pods in the plan: /);
    expect(stdout).toBe('');
  });

  it('status shows allocatable, requests and limits per node and namespace', () => {
    const { code, stdout } = berth(['status', '--cluster', 'examples/cluster.yaml', '--format', 'json']);
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.total.pods).toBe(17);
    expect(status.total.allocatable.cpu).toBe(6 * 1000 * 0 + (3 * 3900 + 2 * 7900 + 7900));
    const gpu = status.nodes.find((n: { name: string }) => n.name === 'ip-10-0-3-31');
    expect(gpu.requests).toMatchObject({ cpu: 2100, 'nvidia.com/gpu': 1 });
    const shop = status.namespaces.find((n: { name: string }) => n.name === 'shop');
    expect(shop).toMatchObject({ pods: 6, requests: { cpu: 2250 } });
    expect(berth(['status', '--cluster', 'examples/cluster.yaml']).stdout).toMatch(
      /NAMESPACE\s+PODS\s+CPU REQUESTS/,
    );
  });

  it('a config that turns off the unschedulable rule lets the example pass', () => {
    const config = tempFile('berth.yml', 'policy:\n  unschedulable: false\n');
    const { code, stdout } = berth([...EXAMPLE, '--config', config, OUTSIDE]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/berth plan PASS/);
  });

  it('a config mistake is reported at its line and exits 2', () => {
    const config = tempFile('berth.yml', 'policy:\n  utilizationPercent: { cpu: 500 }\n');
    const { code, stderr } = berth([...EXAMPLE, '--config', config, OUTSIDE]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${config}:2:`);
  });

  describe('a config with errors fails the input rule in every format, with its file and line', () => {
    // `"yes"` is no boolean: the rule must not quietly keep its default and let the plan pass.
    const config = () =>
      tempFile(
        'berth.yml',
        'version: 1\npolicy: { unschedulable: "yes" }\nscheduler:\n  scoringStrategy: Fastest\n',
      );
    const FITS = ['plan', '--cluster', 'examples/cluster.yaml', '--head', 'examples/head/shop.yaml'];

    it('text', () => {
      const path = config();
      const { code, stdout, stderr } = berth([...FITS, '--config', path, OUTSIDE]);
      expect(code).toBe(2);
      expect(stdout).toMatch(/^berth plan FAIL/);
      expect(stdout).toMatch(/FAIL +inputErrors +2 input errors: fix the config/);
      expect(stdout).toContain(`${path}:2:26: error: policy.unschedulable must be true or false`);
      expect(stderr).toContain(`${path}:4:20: error: scheduler.scoringStrategy must be one of`);
    });

    it('JSON', () => {
      const path = config();
      const { code, stdout } = berth([...FITS, '--config', path, '--format', 'json', OUTSIDE]);
      expect(code).toBe(2);
      const plan = JSON.parse(stdout);
      expect(plan.passed).toBe(false);
      expect(plan.policy.results[0]).toMatchObject({ rule: 'inputErrors', passed: false });
      expect(plan.diagnostics).toEqual([
        expect.objectContaining({ file: path, line: 2, severity: 'error', code: 'invalid-config' }),
        expect.objectContaining({ file: path, line: 4, severity: 'error', code: 'invalid-config' }),
      ]);
    });

    it('Markdown', () => {
      const path = config();
      const { code, stdout } = berth([...FITS, '--config', path, '--format', 'markdown', OUTSIDE]);
      expect(code).toBe(2);
      expect(stdout).toContain('❌ **Fails**');
      expect(stdout).not.toContain('Passes');
      expect(stdout).toContain('### ❌ Input problems (2)');
      expect(stdout).toContain(`- error: ${path}:2:26: policy.unschedulable must be true or false`);
    });
  });

  it('--policy fifo makes the timeline miss the report deadline and fails a missedDeadlines policy', () => {
    const config = tempFile('berth.yml', 'policy:\n  unschedulable: false\n  missedDeadlines: true\n');
    const { code, stdout } = berth([
      ...EXAMPLE,
      '--config',
      config,
      '--policy',
      'fifo',
      '--format',
      'json',
      OUTSIDE,
    ]);
    expect(code).toBe(1);
    const plan = JSON.parse(stdout);
    expect(plan.timeline.policy).toBe('fifo');
    expect(plan.policy.results.find((r: { rule: string }) => r.rule === 'missedDeadlines')).toMatchObject({
      passed: false,
      message: expect.stringContaining('analytics/daily-report'),
    });
  });

  it('--start fixes the timeline start so CronJob runs are reproducible', () => {
    const { stdout } = berth([...EXAMPLE, '--start', '2026-01-01T00:00:00Z', '--format', 'json']);
    expect(JSON.parse(stdout).timeline.start).toBe('2026-01-01T00:00:00.000Z');
  });

  it('manifest limits come from the config, and the limit message says which setting raises it', () => {
    const config = tempFile('berth.yml', 'limits:\n  maxFileBytes: 64\n');
    const head = tempFile(
      'pod.yaml',
      `apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: c, image: x }]\n`,
    );
    const { code, stderr } = berth([
      'plan',
      '--cluster',
      'examples/cluster.yaml',
      '--head',
      head,
      '--config',
      config,
      OUTSIDE,
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/over the 64 bytes limit.*limits\.maxFileBytes in the berth config/);
  });

  it('prints the offending source line with a caret for a manifest error', () => {
    const head = tempFile(
      'bad.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: c, image: x, resources: { requests: { cpu: lots } } }]\n',
    );
    const { code, stderr } = berth(['plan', '--cluster', 'examples/cluster.yaml', '--head', head, OUTSIDE]);
    expect(code).toBe(2);
    expect(stderr).toContain('cpu: lots');
    expect(stderr).toMatch(/\^/);
  });
});

describe('berth reads only files inside its root', () => {
  const TOKEN = 'berth-test-token-5b1f0c';
  const POD =
    'apiVersion: v1\nkind: Pod\nmetadata: { name: app }\nspec:\n  containers: [{ name: c, image: x, resources: { requests: { cpu: 10m } } }]\n';

  /** A repository in a temporary folder with the example cluster and one pod, next to a folder outside it. */
  function repository(): { repo: string; outside: string } {
    const base = mkdtempSync(join(tmpdir(), 'berth-root-'));
    const repo = join(base, 'repo');
    const outside = join(base, 'outside');
    mkdirSync(join(repo, 'k8s'), { recursive: true });
    mkdirSync(outside);
    copyFileSync(join(ROOT, 'examples/cluster.yaml'), join(repo, 'cluster.yaml'));
    writeFileSync(join(repo, 'k8s/app.yaml'), POD);
    writeFileSync(join(outside, 'pod.yaml'), POD.replace('name: app', `name: ${TOKEN}`));
    return { repo, outside };
  }

  it.each(['text', 'json', 'markdown'])(
    'a manifest linked to /proc/self/environ is refused by name and the environment reaches no output (%s)',
    (format) => {
      const { repo } = repository();
      symlinkSync('/proc/self/environ', join(repo, 'k8s/env.yaml'));
      // The token comes first in the environment, so a code frame of its first line would show it.
      const env = { BERTH_TEST_TOKEN: TOKEN };
      const run = berth(
        ['plan', '--cluster', 'cluster.yaml', '--head', 'k8s', '--format', format],
        undefined,
        {
          cwd: repo,
          env,
        },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `k8s/env.yaml:1:1: error: symbolic link that leads outside the root ${repo}; not read (pass --root <dir> or --allow-outside-root to read it)`,
      );
      expect(run.stdout + run.stderr).not.toContain(TOKEN);
    },
  );

  it('a folder linked to /usr is not walked, and the rest of the tree is planned', () => {
    const { repo } = repository();
    symlinkSync('/usr', join(repo, 'k8s/usr'));
    const run = berth(['plan', '--cluster', 'cluster.yaml', '--head', 'k8s', '--format', 'json'], undefined, {
      cwd: repo,
    });
    expect(run.code).toBe(2);
    const plan = JSON.parse(run.stdout);
    expect(plan.placements.map((p: { pod: string }) => p.pod)).toEqual(['app']);
    expect(plan.diagnostics.map((d: { file: string; code: string }) => [d.file, d.code])).toEqual([
      ['k8s/usr', 'outside-root'],
    ]);
  });

  it('refuses a config and a cluster file that are links out of the root, without showing their text', () => {
    const { repo, outside } = repository();
    writeFileSync(join(outside, 'berth.yml'), `policy: [${TOKEN}\n`);
    mkdirSync(join(repo, '.github'));
    symlinkSync('../../outside/berth.yml', join(repo, '.github/berth.yml'));
    const config = berth(['plan', '--cluster', 'cluster.yaml', '--head', 'k8s'], undefined, { cwd: repo });
    expect(config.code).toBe(2);
    expect(config.stderr).toContain(
      `berth: cannot read config .github/berth.yml: symbolic link that leads outside the root ${repo}; not read`,
    );
    expect(config.stdout + config.stderr).not.toContain(TOKEN);

    writeFileSync(join(outside, 'cluster.yaml'), `apiVersion: v1\nkind: Node\nmetadata: [${TOKEN}\n`);
    symlinkSync('../outside/cluster.yaml', join(repo, 'linked.yaml'));
    const cluster = berth(['status', '--cluster', 'linked.yaml'], undefined, { cwd: repo });
    expect(cluster.code).toBe(2);
    expect(cluster.stderr).toContain(
      `berth: cannot read cluster file linked.yaml: symbolic link that leads outside the root ${repo}; not read`,
    );
    expect(cluster.stdout + cluster.stderr).not.toContain(TOKEN);
  });

  it('reads a file outside the root with --allow-outside-root or a wider --root, and links inside it always', () => {
    const { repo } = repository();
    mkdirSync(join(repo, 'common'));
    writeFileSync(join(repo, 'common/shared.yaml'), POD.replace('name: app', 'name: shared'));
    symlinkSync('../common/shared.yaml', join(repo, 'k8s/shared.yaml'));
    const plan = (...extra: string[]) =>
      berth(
        [
          'plan',
          '--cluster',
          'cluster.yaml',
          '--head',
          'k8s',
          '--head',
          '../outside/pod.yaml',
          '-o',
          'json',
          ...extra,
        ],
        undefined,
        { cwd: repo },
      );
    const refused = plan();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`../outside/pod.yaml:1:1: error: outside the root ${repo}; not read`);
    expect(JSON.parse(refused.stdout).placements.map((p: { pod: string }) => p.pod)).toEqual([
      'app',
      'shared',
    ]);
    for (const allowed of [plan('--allow-outside-root'), plan('--root', '..')]) {
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(JSON.parse(allowed.stdout).placements.map((p: { pod: string }) => p.pod)).toEqual([
        'app',
        'shared',
        TOKEN,
      ]);
    }
  });

  it('shows a code frame from the text berth read, not from a file of the same name', () => {
    const { repo } = repository();
    writeFileSync(join(repo, '<stdin>'), `${TOKEN}: [\n`);
    const run = berth(
      ['plan', '--cluster', 'cluster.yaml', '--head', '-'],
      'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: c, image: x, resources: { requests: { cpu: lots } } }]\n',
      { cwd: repo },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('<stdin>:5:');
    expect(run.stderr).toContain('cpu: lots');
    expect(run.stderr).not.toContain(TOKEN);
  });
});
