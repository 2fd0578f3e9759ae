/**
 * Input that tries to talk to the terminal or to the GitHub Actions runner. A step's
 * output is read for workflow commands line by line, so a value holding
 * `\n::error::...` must never start a line; ESC, NUL and C1 bytes must never reach a
 * terminal raw. Every format and stream is checked.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

function berth(args: string[]) {
  // Inputs are temporary files outside the repository: allowed, as a user would allow them with the flag.
  const result = spawnSync(process.execPath, [MAIN, ...args, '--allow-outside-root'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Everything a terminal or the runner acts on; tabs stay (code frames keep them). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectInert(output: string): void {
  expect(output).not.toMatch(RAW);
  expect(output.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
}

const ESC = '\u001b';

// A JSON document is YAML too: JSON.stringify writes the hostile strings as escapes,
// and the parser turns them back into raw control characters.
const deployment = (image: string) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { team: 'a\n::error::pwned-label' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'c',
              image,
              resources: {
                requests: { cpu: '100m', 'example.com/gpu': '1' },
                limits: { 'example.com/gpu': '1' },
              },
            },
          ],
        },
      },
    },
  });

const HEAD = [
  deployment(`web:2\n::error::pwned-image${ESC}[2J\u009b31m\u202e\u0000`),
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm${ESC}[31m\n::error::pwned-name` },
  }),
  // A resource name the API server refuses: quoted in the error, escaped.
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: {
      containers: [
        { name: 'c', image: 'x', resources: { requests: { 'example.com/gpu\n::add-mask::m': '1' } } },
      ],
    },
  }),
  // A raw ESC in the source line a code frame shows.
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: { a: [unclosed ${ESC}[2J`,
].join('\n---\n');

describe('control characters from input never reach a terminal or the runner raw', () => {
  const head = tempFile('head.yaml', `${HEAD}\n`);
  const base = tempFile('base.yaml', `${deployment('web:1')}\n`);

  it.each(['text', 'json', 'markdown'])('berth plan --format %s', (format) => {
    const { code, stdout, stderr } = berth([
      'plan',
      '--cluster',
      'examples/cluster.yaml',
      '--base',
      base,
      '--head',
      head,
      '--format',
      format,
    ]);
    expect(code).toBe(2);
    expectInert(stdout);
    expectInert(stderr);
    // Written out, not dropped: the reader sees what the input holds.
    expect(stderr).toContain('cm\\x1b[31m\\n::error::pwned-name');
    expect(stderr).toContain(`[unclosed \\x1b[2J`);
  });

  it('shows names and values from manifests escaped in the text plan', () => {
    const { stdout } = berth(['plan', '--cluster', 'examples/cluster.yaml', '--base', base, '--head', head]);
    expect(stdout).toContain('web:2\\n::error::pwned-image\\x1b[2J\\x9b31m\\u202e\\x00');
  });

  it('quotes a refused resource name escaped in its error', () => {
    const { stderr } = berth(['plan', '--cluster', 'examples/cluster.yaml', '--base', base, '--head', head]);
    expect(stderr).toContain('example.com/gpu\\n::add-mask::m');
  });

  it('berth status escapes node pools and resource names from the cluster', () => {
    const cluster = tempFile(
      'cluster.json',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name: 'n1', labels: { 'berth.dev/pool': `pool${ESC}]0;title\u0007` } },
            status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110', 'ex.com/x\n::warning::w': '1' } },
          },
        ],
      }),
    );
    for (const format of ['text', 'json', 'markdown']) {
      const { stdout, stderr } = berth(['status', '--cluster', cluster, '--format', format]);
      expectInert(stdout);
      expectInert(stderr);
    }
    expect(berth(['status', '--cluster', cluster]).stdout).toContain('pool\\x1b]0;title\\x07');
  });

  it('berth explain escapes the pod it was asked about and everything it prints', () => {
    const explained = berth([
      'explain',
      'default/web-1',
      '--cluster',
      'examples/cluster.yaml',
      '--head',
      head,
    ]);
    expectInert(explained.stdout);
    expectInert(explained.stderr);
    expect(explained.stdout).toContain('Insufficient example.com/gpu');
    const missing = berth([
      'explain',
      `a\n::error::pwned/b${ESC}[2J`,
      '--cluster',
      'examples/cluster.yaml',
      '--head',
      head,
    ]);
    expect(missing.code).toBe(2);
    expectInert(missing.stdout);
    expectInert(missing.stderr);
    expect(missing.stdout + missing.stderr).toContain('no pod a\\n::error::pwned/b\\x1b[2J in this plan');
  });

  it.each([
    ['an unknown command', [`deploy\n::error::pwned${ESC}[2J`]],
    [
      'a cluster file that does not exist',
      ['plan', '--cluster', `nope\n::error::pwned${ESC}[2J`, '--head', 'examples/head'],
    ],
    [
      'a bad --format',
      [
        'plan',
        '--cluster',
        'examples/cluster.yaml',
        '--head',
        'examples/head',
        '--format',
        `x\n::add-mask::y`,
      ],
    ],
    [
      'a bad --start',
      ['plan', '--cluster', 'examples/cluster.yaml', '--head', 'examples/head', '--start', `x\n::error::z`],
    ],
  ])('errors quoting %s are escaped', (_name, args) => {
    const { code, stdout, stderr } = berth(args);
    expect(code).toBe(2);
    expectInert(stdout);
    expectInert(stderr);
    expect(stderr).toMatch(/\\n::/);
  });

  it('an internal error quoting input is printed escaped, its message on one line', async () => {
    let stderr = '';
    const code = await runCli(['help'], {
      stdout: {
        write: () => {
          throw new TypeError(`cannot read "x\n::error::pwned${ESC}[2J"`);
        },
      },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      stdin: (async function* () {})(),
      env: {},
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^berth: internal error: TypeError: cannot read "x\\n::error::pwned\\x1b\[2J"\n\s+at /,
    );
    expectInert(stderr);
  });
});
