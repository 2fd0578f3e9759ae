import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFleetText, loadClusterFile, loadClusterText } from '../../src/cluster/load.ts';
import { BerthError } from '../../src/model/diagnostics.ts';

describe('loading a cluster file', () => {
  it('refuses a missing file with an io error naming it', async () => {
    const missing = join(tmpdir(), 'berth-no-such-cluster.yaml');
    const error = await loadClusterFile(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect(error).toMatchObject({ code: 'io', message: `cannot read cluster file ${missing}: no such file` });
  });

  it('refuses a directory with a hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-'));
    await expect(loadClusterFile(dir, { scope: { root: dir } })).rejects.toThrow(
      'it is a directory; give a snapshot or fleet file',
    );
  });

  it.each([
    ['a link to a file outside the root', 'repo/cluster.yaml', 'symbolic link that leads outside the root'],
    ['a path climbing out of the root', 'repo/../outside/snapshot.yaml', 'outside the root'],
    ['a FIFO', 'repo/pipe.yaml', 'not a regular file (a FIFO, socket or device); not read'],
  ])('refuses %s without reading it', async (_name, file, why) => {
    const base = mkdtempSync(join(tmpdir(), 'berth-cluster-'));
    mkdirSync(join(base, 'repo'));
    mkdirSync(join(base, 'outside'));
    writeFileSync(
      join(base, 'outside/snapshot.yaml'),
      'apiVersion: v1\nkind: Node\nmetadata: { name: outside }\n',
    );
    symlinkSync('../outside/snapshot.yaml', join(base, 'repo/cluster.yaml'));
    execFileSync('mkfifo', [join(base, 'repo/pipe.yaml')]);
    const sources = new Map<string, string>();
    const error = await loadClusterFile(join(base, file), {
      scope: { root: join(base, 'repo') },
      sources,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).message).toContain(`cannot read cluster file ${join(base, file)}: ${why}`);
    expect(sources.size).toBe(0);
  });

  it.each([
    ['binary bytes that are not UTF-8', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0xff, 0xfe, 0x0a]), ''],
    [
      'UTF-8 text with a NUL byte',
      Buffer.from('apiVersion: v1\nkind: List\x00\nitems: []\n'),
      ' (a NUL byte on line 2',
    ],
  ])('refuses a cluster file of %s, saying it is not text and naming it', async (_name, bytes, detail) => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-'));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, bytes);
    const error = await loadClusterFile(file, { scope: { root: dir } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect((error as BerthError).message).toContain(
      `cannot read cluster file ${file}: file is not UTF-8 text${detail}`,
    );
  });

  it('reads a fleet from disk, detected by its content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-'));
    const file = join(dir, 'cluster.yml');
    writeFileSync(
      file,
      'apiVersion: berth.dev/v1alpha1\nkind: Fleet\npools:\n  - { name: a, count: 2, allocatable: { cpu: "2" } }\n',
    );
    const { cluster, diagnostics } = await loadClusterFile(file, { scope: { root: dir } });
    expect(diagnostics).toEqual([]);
    expect(cluster.nodes.map((n) => n.name)).toEqual(['a-1', 'a-2']);
  });

  it.each([
    {
      name: 'a Fleet document',
      text: 'apiVersion: berth.dev/v1alpha1\nkind: Fleet\npools: []\n',
      fleet: true,
    },
    {
      name: 'a Fleet after a leading separator',
      text: '---\nkind: Fleet\napiVersion: berth.dev/v1alpha1\n',
      fleet: true,
    },
    { name: 'a Node list', text: 'apiVersion: v1\nkind: List\nitems: []\n', fleet: false },
    { name: 'a Fleet of another API group', text: 'apiVersion: example.com/v1\nkind: Fleet\n', fleet: false },
    {
      name: 'a Fleet in the second document only',
      text: 'kind: Node\n---\napiVersion: berth.dev/v1alpha1\nkind: Fleet\n',
      fleet: false,
    },
  ])('tells $name is a fleet: $fleet', ({ text, fleet }) => {
    expect(isFleetText(text)).toBe(fleet);
  });

  it.each([
    { name: 'an empty snapshot', text: '' },
    {
      name: 'a snapshot with only pods',
      text: 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [{ name: c }] }\n',
    },
  ])('reports $name as a cluster without nodes', ({ text }) => {
    const { diagnostics } = loadClusterText(text, 'c.yaml');
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'invalid-cluster', line: 1, file: 'c.yaml' }),
    );
    expect(diagnostics.find((d) => d.code === 'invalid-cluster')?.message).toMatch(/^cluster has no nodes/);
  });
});
