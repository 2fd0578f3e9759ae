/**
 * The command line as kubectl users type it: help on every command, --version, -f and
 * -n, several paths after one --head (a shell glob), `!` excludes, colour variables,
 * missing paths refused before any output, and shell completion.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliIO, runCli } from '../../src/cli/cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

function io(options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const out = { stdout: '', stderr: '' };
  const cli: CliIO = {
    stdout: { write: (c: string) => (out.stdout += c), isTTY: options.tty ?? false },
    stderr: { write: (c: string) => (out.stderr += c) },
    stdin: Object.assign((async function* () {})(), { isTTY: false }),
    env: options.env ?? {},
  };
  return { cli, out };
}

async function berth(args: string[], options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const { cli, out } = io(options);
  const code = await runCli(args, cli);
  return { code, ...out };
}

function placements(stdout: string): string[] {
  const plan = JSON.parse(stdout) as {
    placements: { namespace: string; pod: string; node: string | null }[];
  };
  return plan.placements.map((p) => `${p.namespace}/${p.pod}`).sort();
}

const CLUSTER = ['--cluster', 'examples/cluster.yaml'];

describe('help and version', () => {
  it.each(['plan', 'explain', 'status', 'snapshot', 'apply', 'completion'])(
    'berth %s -h and --help print its usage and exit 0',
    async (command) => {
      for (const flag of ['-h', '--help']) {
        const { code, stdout, stderr } = await berth([command, flag]);
        expect(code).toBe(0);
        expect(stdout).toMatch(new RegExp(`^Usage: berth ${command}`));
        expect(stderr).toBe('');
      }
      expect((await berth(['help', command])).stdout).toMatch(new RegExp(`^Usage: berth ${command}`));
    },
  );

  it('--help wins over the other arguments, even incomplete ones', async () => {
    const { code, stdout } = await berth(['plan', '--head', 'nowhere.yaml', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: berth plan/);
  });

  it('--version prints the package version and the Kubernetes release the schemas come from', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const kubernetes = /k8s\.io\/kubernetes (v\S+)/.exec(
      readFileSync(join(ROOT, 'test', 'cluster', 'go.mod'), 'utf8'),
    )?.[1];
    const { code, stdout } = await berth(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`berth ${pkg.version} (Kubernetes ${kubernetes} schemas)\n`);
  });
});

describe('paths', () => {
  it('several paths after one --head (as a shell glob expands) plan as --head repeated', async () => {
    const spread = await berth([
      'plan',
      ...CLUSTER,
      '--head',
      'examples/head/shop.yaml',
      'examples/head/ml.yaml',
      '-o',
      'json',
    ]);
    const repeated = await berth([
      'plan',
      ...CLUSTER,
      '--head',
      'examples/head/shop.yaml',
      '--head',
      'examples/head/ml.yaml',
      '-o',
      'json',
    ]);
    expect(placements(spread.stdout)).toEqual(placements(repeated.stdout));
    expect(placements(spread.stdout)).toContain('ml/recommender-1');
    expect(placements(spread.stdout)).toContain('shop/frontend-1');
  });

  it('-f is --head', async () => {
    const short = await berth(['plan', ...CLUSTER, '-f', 'examples/head/shop.yaml', '-o', 'json']);
    const long = await berth(['plan', ...CLUSTER, '--head', 'examples/head/shop.yaml', '-o', 'json']);
    expect(short.code).toBe(0);
    expect(placements(short.stdout)).toEqual(placements(long.stdout));
  });

  it('a !pattern leaves matching files out, as the Action globs do', async () => {
    const all = await berth(['plan', ...CLUSTER, '--head', 'examples/head', '-o', 'json']);
    const less = await berth([
      'plan',
      ...CLUSTER,
      '--head',
      'examples/head',
      '!examples/head/ml.yaml',
      '-o',
      'json',
    ]);
    expect(placements(all.stdout)).toContain('ml/recommender-1');
    expect(placements(less.stdout)).not.toContain('ml/recommender-1');
    expect(placements(less.stdout)).toContain('shop/frontend-1');
    const globbed = await berth([
      'plan',
      ...CLUSTER,
      '-f',
      'examples/head',
      '-f',
      '!examples/head/m*.yaml',
      '-o',
      'json',
    ]);
    expect(placements(globbed.stdout).some((p) => p.startsWith('ml/') || p.startsWith('monitoring/'))).toBe(
      false,
    );
  });

  it.each([
    ['--head', ['plan', ...CLUSTER, '--head', 'examples/head/shop.yml']],
    ['--base', ['plan', ...CLUSTER, '--head', 'examples/head', '--base', 'examples/bsae']],
    ['--cluster', ['plan', '--cluster', 'examples/clutser.yaml', '--head', 'examples/head']],
    ['--config', ['plan', ...CLUSTER, '--head', 'examples/head', '--config', 'berth.yml']],
    ['--cluster of status', ['status', '--cluster', 'examples/clutser.yaml']],
    ['--head of apply', ['apply', '--cluster', 'live', '--head', 'examples/head/shop.yml']],
  ])('a %s path that does not exist is an error before any output, exit 2', async (_, args) => {
    const { code, stdout, stderr } = await berth(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^berth( apply)?: --(head|base|cluster|config) \S+: no such file or directory\n$/);
  });
});

describe('-n/--namespace, as kubectl apply -n', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-ns-'));
  const file = join(dir, 'app.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: bare }',
      'spec: { containers: [{ name: a, image: b, resources: { requests: { cpu: 10m } } }] }',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: elsewhere, namespace: other }',
      'spec: { containers: [{ name: a, image: b, resources: { requests: { cpu: 10m } } }] }',
      '---',
      'apiVersion: scheduling.k8s.io/v1',
      'kind: PriorityClass',
      'metadata: { name: cluster-wide }',
      'value: 10',
      '',
    ].join('\n'),
  );

  it('puts objects that name no namespace in it, and leaves cluster-wide ones alone', async () => {
    const { stdout } = await berth([
      'plan',
      ...CLUSTER,
      '-f',
      file,
      '-n',
      'team',
      '-o',
      'json',
      '--allow-outside-root',
    ]);
    expect(placements(stdout)).toContain('team/bare');
    const plan = JSON.parse(stdout) as { diagnostics: { message: string }[] };
    expect(plan.diagnostics.some((d) => d.message.includes('PriorityClass'))).toBe(false);
  });

  it('an object naming another namespace is an error at its line (exit 2)', async () => {
    const { code, stdout } = await berth([
      'plan',
      ...CLUSTER,
      '-f',
      file,
      '--namespace',
      'team',
      '-o',
      'json',
      '--allow-outside-root',
    ]);
    expect(code).toBe(2);
    const plan = JSON.parse(stdout) as { diagnostics: { line: number; severity: string; message: string }[] };
    expect(plan.diagnostics).toEqual([
      expect.objectContaining({
        line: 8,
        severity: 'error',
        message:
          'Pod "elsewhere": the namespace from the provided object "other" does not match the namespace "team": pass --namespace other or remove the object\'s namespace',
      }),
    ]);
  });

  it('without -n, objects that name no namespace are in default', async () => {
    const { stdout } = await berth(['plan', ...CLUSTER, '-f', file, '-o', 'json', '--allow-outside-root']);
    expect(placements(stdout)).toContain('default/bare');
  });

  it('a namespace that is not a DNS label is a usage error', async () => {
    const { code, stderr } = await berth([
      'plan',
      ...CLUSTER,
      '-f',
      file,
      '-n',
      'Team_A',
      '--allow-outside-root',
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('--namespace must be a namespace name');
  });
});

describe('colour', () => {
  const ESC = '\u001b[';
  const plan = ['plan', ...CLUSTER, '--head', 'examples/head/shop.yaml'];

  it.each([
    ['a terminal', true, {}, true],
    ['a pipe', false, {}, false],
    ['a terminal with NO_COLOR', true, { NO_COLOR: '1' }, false],
    ['a terminal with NO_COLOR empty (unset, as no-color.org says)', true, { NO_COLOR: '' }, true],
    ['a pipe with FORCE_COLOR', false, { FORCE_COLOR: '1' }, true],
    ['a terminal with FORCE_COLOR=0', true, { FORCE_COLOR: '0' }, false],
    [
      'FORCE_COLOR and NO_COLOR together (FORCE_COLOR wins, as in Node.js)',
      false,
      { FORCE_COLOR: '1', NO_COLOR: '1' },
      true,
    ],
  ])('%s: colour %s', async (_, tty, env, colour) => {
    const { stdout } = await berth(plan, { tty, env });
    expect(stdout.includes(ESC)).toBe(colour);
  });
});

describe('shell completion', () => {
  let scriptPath: string | undefined;
  /** The script as `berth completion bash` prints it, written once to a file to source. */
  function script(): string {
    if (scriptPath) return scriptPath;
    const text = spawnSync(process.execPath, [join(ROOT, 'src', 'cli', 'main.ts'), 'completion', 'bash'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).stdout;
    scriptPath = join(mkdtempSync(join(tmpdir(), 'berth-completion-')), 'berth.bash');
    writeFileSync(scriptPath, text);
    return scriptPath;
  }

  function complete(words: string[]): string[] {
    // Sourced in a real bash, then asked as bash asks when Tab is pressed.
    const result = spawnSync(
      'bash',
      [
        '--norc',
        '-c',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash array, not a template.
        'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _berth; printf "%s\\n" "${COMPREPLY[@]}"',
        'complete',
        script(),
        ...words,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter(Boolean);
  }

  it.each([
    ['a command', ['berth', 'pl'], ['plan']],
    ['an option of the command', ['berth', 'plan', '--form'], ['--format']],
    ['the values of --format', ['berth', 'plan', '--format', ''], ['text', 'json', 'markdown']],
    ['the values of --policy', ['berth', 'explain', '--policy', 'e'], ['edf']],
    ['live for --cluster', ['berth', 'status', '--cluster', 'li'], ['live']],
    ['files after --head', ['berth', 'plan', '--head', 'examples/head/s'], ['examples/head/shop.yaml']],
    ['files after -f', ['berth', 'apply', '-f', 'examples/cl'], ['examples/cluster.yaml']],
    ['the shells of completion', ['berth', 'completion', ''], ['bash', 'zsh', 'fish']],
    ['options of apply', ['berth', 'apply', '--dry'], ['--dry-run']],
    ['nothing for a namespace (not file names)', ['berth', 'plan', '-n', 'ex'], []],
  ])('bash completes %s', (_, words, expected) => {
    expect(complete(words)).toEqual(expected);
  });

  it.each(['zsh', 'fish'])('the %s script names every command and option', async (shell) => {
    const { code, stdout } = await berth(['completion', shell]);
    expect(code).toBe(0);
    for (const word of [
      'plan',
      'explain',
      'status',
      'snapshot',
      'apply',
      'completion',
      'head',
      'namespace',
      'dry-run',
    ])
      expect(stdout).toContain(word);
  });

  it('an unknown shell is a usage error', async () => {
    const { code, stderr } = await berth(['completion', 'powershell']);
    expect(code).toBe(2);
    expect(stderr).toContain('name one shell: berth completion bash, zsh or fish');
  });
});
