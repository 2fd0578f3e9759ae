import { describe, expect, it } from 'vitest';
import { applyCommand } from '../../src/cli/apply.ts';
import { runCli } from '../../src/cli/cli.ts';
import { type ClusterRef, formatClusterRef, parseClusterRef } from '../../src/cluster/ref.ts';

describe('one way to name a cluster', () => {
  it.each<[string, ClusterRef]>([
    ['live', { kind: 'live' }],
    ['context:prod-eu', { kind: 'live', context: 'prod-eu' }],
    ['clusters/prod.yaml', { kind: 'file', path: 'clusters/prod.yaml' }],
    ['./live', { kind: 'file', path: './live' }],
  ])('%s', (spec, ref) => {
    expect(parseClusterRef(spec)).toEqual({ ok: true, ref });
    expect(formatClusterRef(ref)).toBe(spec);
  });

  it.each(['context:', ''])('refuses %j, which names no cluster', (spec) => {
    expect(parseClusterRef(spec)).toMatchObject({ ok: false });
  });
});

function capture() {
  let stderr = '';
  return {
    io: {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      stdin: (async function* () {})(),
      env: {},
    },
    stderr: () => stderr,
  };
}

describe('--cluster context: with no name is a usage error, not the current context', () => {
  it.each([
    ['plan', ['plan', '--cluster', 'context:', '--head', 'x.yaml']],
    ['status', ['status', '--cluster', 'context:']],
  ])('berth %s', async (_name, args) => {
    const { io, stderr } = capture();
    expect(await runCli(args, io)).toBe(2);
    expect(stderr()).toContain(
      '"context:" names no context: write context:<name>, or live for the current one',
    );
  });

  it('berth apply', async () => {
    const { io, stderr } = capture();
    expect(await applyCommand(['--cluster', 'context:', '--head', 'x.yaml'], io)).toBe(2);
    expect(stderr()).toContain('"context:" names no context');
  });
});
