/** What the command says when the input is empty or cannot come: never a silent pass or a silent wait. */

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliIO, runCli } from '../../src/cli/cli.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

function berth(args: string[], input?: string) {
  // Inputs are temporary files outside the repository: allowed, as a user would allow them with the flag.
  const result = spawnSync(process.execPath, [MAIN, ...args, '--allow-outside-root'], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EMPTY = 'no Kubernetes objects in the manifests given: there is nothing to plan';

describe('input with no objects at all', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-empty-'));
  const empty = join(dir, 'empty.yaml');
  writeFileSync(empty, '# nothing here yet\n---\n');
  const folder = join(dir, 'docs');
  mkdirSync(folder);
  writeFileSync(join(folder, 'README.md'), '# not a manifest\n');

  it('fails the input rule and says so in text, on stderr and with exit 2', () => {
    const { code, stdout, stderr } = berth(['plan', '--cluster', 'examples/cluster.yaml', '--head', empty]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^berth plan FAIL: 0 pods/);
    expect(stdout).toMatch(/FAIL\s+inputErrors\s+1 input error/);
    expect(stderr).toContain(`${empty}:1:1: error: ${EMPTY}`);
  });

  it('fails the plan in JSON', () => {
    const plan = JSON.parse(
      berth(['plan', '--cluster', 'examples/cluster.yaml', '--head', empty, '--format', 'json']).stdout,
    );
    expect(plan.passed).toBe(false);
    expect(plan.policy.results.find((r: { rule: string }) => r.rule === 'inputErrors').passed).toBe(false);
    expect(plan.diagnostics).toEqual([
      {
        file: empty,
        line: 1,
        column: 1,
        severity: 'error',
        code: 'no-objects',
        message: expect.stringContaining(EMPTY),
      },
    ]);
  });

  it('fails the plan in Markdown, with the problem shown', () => {
    const { stdout } = berth([
      'plan',
      '--cluster',
      'examples/cluster.yaml',
      '--head',
      empty,
      '--format',
      'markdown',
    ]);
    expect(stdout).toMatch(/❌ \*\*Fails\*\*/);
    expect(stdout).toContain(EMPTY);
  });

  it('fails for a folder that holds no manifests, and for empty standard input', () => {
    const fromFolder = berth(['plan', '--cluster', 'examples/cluster.yaml', '--head', folder]);
    expect(fromFolder.code).toBe(2);
    expect(fromFolder.stderr).toContain(EMPTY);
    const fromStdin = berth(['plan', '--cluster', 'examples/cluster.yaml', '--head', '-'], '');
    expect(fromStdin.code).toBe(2);
    expect(fromStdin.stderr).toContain(`<stdin>:1:1: error: ${EMPTY}`);
  });

  it('still plans a change that removes every object: the base has them', () => {
    const base = join(dir, 'base.yaml');
    writeFileSync(base, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: gone }\n');
    const { code, stderr } = berth([
      'plan',
      '--cluster',
      'examples/cluster.yaml',
      '--base',
      base,
      '--head',
      empty,
    ]);
    expect(stderr).not.toContain(EMPTY);
    expect(code).toBe(0);
  });
});

describe('standard input that is a terminal', () => {
  function io(stdinIsTTY: boolean) {
    const out = { stdout: '', stderr: '' };
    const cli: CliIO = {
      stdout: { write: (c: string) => (out.stdout += c) },
      stderr: { write: (c: string) => (out.stderr += c) },
      // A terminal that never sends anything: reading it would wait forever.
      stdin: Object.assign(
        (async function* () {
          await new Promise(() => {});
        })(),
        { isTTY: stdinIsTTY },
      ),
      env: { NO_COLOR: '1' },
    };
    return { cli, out };
  }

  it.each([
    ['--head -', ['--head', '-']],
    ['--base -', ['--head', 'examples/head', '--base', '-']],
  ])('is refused for %s with a message and exit 2, instead of waiting', async (_name, args) => {
    const { cli, out } = io(true);
    const code = await runCli(['plan', '--cluster', 'examples/cluster.yaml', ...args], cli);
    expect(code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/standard input is a terminal: pipe them in/);
  });
});
