import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCommand, parseWait } from '../../src/cli/apply.ts';

async function berthApply(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await applyCommand(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: (async function* () {})(),
    env: {},
  });
  return { code, stdout, stderr };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-apply-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('berth apply refuses bad input before anything is sent (exit 2)', () => {
  it.each([
    [['--head', 'x.yaml'], /--cluster live or --cluster context:<name> is required/],
    [
      ['--cluster', 'examples/cluster.yaml', '--head', 'x.yaml'],
      /--cluster must be live or context:<name> \(apply writes to a live cluster\)/,
    ],
    [['--cluster', 'live'], /--head <path> is required/],
    [
      ['--cluster', 'live', '--head', 'x.yaml', '--wait', 'soon'],
      /--wait must be a duration such as 5m or 90s, not "soon"/,
    ],
    [
      ['--cluster', 'live', '--head', 'x.yaml', '--format', 'yaml'],
      /--format must be text, json or markdown/,
    ],
    [['--cluster', 'live', '--head', 'x.yaml', '--force'], /Unknown option '--force'/],
    [
      ['--cluster', 'live', '--head', 'x.yaml', '--parallel', '0'],
      /--parallel must be a whole number from 1 to 256, not "0"/,
    ],
    [
      ['--cluster', 'live', '--head', 'x.yaml', '--parallel', '1e9'],
      /--parallel must be a whole number from 1 to 256, not "1e9"/,
    ],
  ])('%j', async (args, message) => {
    const { code, stderr } = await berthApply(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('stops at manifest errors with the file and line, before reading the cluster', async () => {
    const file = tempFile('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ../etc }\n');
    // No kubeconfig anywhere: reaching the cluster would be a different error.
    const { code, stderr } = await berthApply([
      '--cluster',
      'live',
      '--kubeconfig',
      '/nonexistent',
      '--head',
      file,
      '--allow-outside-root',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:3:\d+: error: .*metadata.name: Invalid value/);
    expect(stderr).toMatch(/the manifests have errors; nothing was applied/);
  });

  it('-n, as kubectl apply -n: an object naming another namespace stops it before the cluster is read', async () => {
    const file = tempFile(
      'cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: other }\n',
    );
    // No kubeconfig anywhere: reaching the cluster would be a different error.
    const { code, stderr } = await berthApply([
      '--cluster',
      'live',
      '--kubeconfig',
      '/nonexistent',
      '-f',
      file,
      '-n',
      'team',
      '--allow-outside-root',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /cm\.yaml:3:\d+: error: ConfigMap "c": the namespace from the provided object "other" does not match the namespace "team"/,
    );
    expect(stderr).toMatch(/the manifests have errors; nothing was applied/);
  });

  it('reads no manifest outside the root unless allowed', async () => {
    const file = tempFile('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: fine }\n');
    const { code, stderr } = await berthApply([
      '--cluster',
      'live',
      '--kubeconfig',
      '/nonexistent',
      '--head',
      file,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('outside the root');
    expect(stderr).toMatch(/the manifests have errors; nothing was applied/);
  });

  it('reads durations as kubectl does', () => {
    expect(parseWait('5m')).toBe(300_000);
    expect(parseWait('1h30m')).toBe(5_400_000);
    expect(parseWait('90s')).toBe(90_000);
    expect(parseWait('5')).toBeUndefined();
  });
});
