import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifests, loadManifestTexts, STDIN_NAME } from '../../src/manifests/index.ts';
import type { LoadResult } from '../../src/model/types.ts';
import { manifest } from './builders.ts';

let root: string;

/** A repository-like tree: manifests in nested folders next to files and folders that are not manifests. */
const tree: Record<string, string> = {
  'deploy/app/web.yaml': `${manifest('Deployment', 'web').yaml()}\n---\n${manifest('Service', 'web').yaml()}\n`,
  'deploy/app/worker.yml': `${manifest('Deployment', 'worker').yaml()}\n`,
  'deploy/db/nested/db.json': `${manifest('StatefulSet', 'db').json()}\n`,
  'deploy/Z-last.yaml': `${manifest('ConfigMap', 'z').yaml()}\n`,
  'deploy/README.md': '# not a manifest: kind: Pod\n',
  'deploy/app/notes.txt': 'apiVersion: v1\n',
  'deploy/.github/workflow.yaml': 'on: push\n',
  'deploy/node_modules/pkg/chart.yaml': `${manifest('ConfigMap', 'vendored').yaml()}\n`,
  'deploy/app/.hidden.yaml': `${manifest('ConfigMap', 'hidden').yaml()}\n`,
  'empty/README.md': 'nothing here\n',
  'other/web-again.yaml': `# the same Deployment as deploy/app/web.yaml\n${manifest('Deployment', 'web').yaml()}\n`,
  'other/plain.txt': `${manifest('ConfigMap', 'from-txt').yaml()}\n`,
  'other/latin1.yaml': '',
};

function names(result: LoadResult): string[] {
  return result.objects.map((o) => `${o.kind}/${o.metadata.name}`);
}

function summary(result: LoadResult) {
  return result.diagnostics.map((d) => ({ file: d.file, line: d.line, code: d.code, severity: d.severity }));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'berth-load-'));
  for (const [file, text] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  // Not UTF-8: a Latin-1 "é" on its own.
  await writeFile(path.join(root, 'other/latin1.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  // A link back up the tree must not be walked forever.
  await symlink(path.join(root, 'deploy/db'), path.join(root, 'deploy/db/nested/up'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadManifests', () => {
  it('walks a directory recursively in sorted order, skipping hidden folders, node_modules and other files', async () => {
    const result = await loadManifests(['deploy'], { cwd: root });
    expect(result.diagnostics).toEqual([]);
    expect(names(result)).toEqual([
      'ConfigMap/z',
      'Deployment/web',
      'Service/web',
      'Deployment/worker',
      'StatefulSet/db',
    ]);
    expect(result.objects.map((o) => `${o.source.file}:${o.source.line}`)).toEqual([
      'deploy/Z-last.yaml:1',
      'deploy/app/web.yaml:1',
      'deploy/app/web.yaml:6',
      'deploy/app/worker.yml:1',
      'deploy/db/nested/db.json:1',
    ]);
  });

  it('expands a glob relative to cwd and keeps the matched paths relative', async () => {
    const result = await loadManifests(['deploy/**/*.y*ml'], { cwd: root });
    expect(result.diagnostics).toEqual([]);
    expect(result.objects.map((o) => o.source.file)).toEqual([
      'deploy/Z-last.yaml',
      'deploy/app/web.yaml',
      'deploy/app/web.yaml',
      'deploy/app/worker.yml',
    ]);
  });

  it('reads standard input for -, named <stdin> in diagnostics', async () => {
    const stdin = Readable.from([
      Buffer.from(`${manifest('ConfigMap', 'piped').yaml()}\n---\n`),
      'apiVersion: v1\nkind: Pod\n',
    ]);
    const result = await loadManifests(['-'], { stdin });
    expect(names(result)).toEqual(['ConfigMap/piped']);
    expect(summary(result)).toEqual([
      { file: STDIN_NAME, line: 6, code: 'missing-field', severity: 'error' },
    ]);
  });

  it('stops reading standard input once it passes the size limit', async () => {
    async function* endless() {
      for (;;) yield Buffer.alloc(64 * 1024, 0x20);
    }
    const result = await loadManifests(['-'], { stdin: endless(), limits: { maxFileBytes: 1024 * 1024 } });
    expect(result.objects).toEqual([]);
    expect(result.diagnostics.map((d) => [d.file, d.code, d.message])).toEqual([
      [
        STDIN_NAME,
        'file-too-large',
        'file is more than 1 MiB, over the 1 MiB limit for one manifest file; split it, or raise limits.maxFileBytes in the berth config',
      ],
    ]);
  });

  it('reports a missing path and a glob matching nothing, and still loads the rest', async () => {
    const result = await loadManifests(['missing.yaml', 'deploy/app/worker.yml', 'nothing/**/*.yaml'], {
      cwd: root,
    });
    expect(names(result)).toEqual(['Deployment/worker']);
    expect(summary(result)).toEqual([
      { file: 'missing.yaml', line: 1, code: 'no-files', severity: 'error' },
      { file: 'nothing/**/*.yaml', line: 1, code: 'no-files', severity: 'error' },
    ]);
  });

  it('warns about a directory that holds no manifests', async () => {
    const result = await loadManifests(['empty'], { cwd: root });
    expect(summary(result)).toEqual([{ file: 'empty', line: 1, code: 'no-files', severity: 'warning' }]);
  });

  it('refuses a 9 MiB file without parsing it and loads the files after it', async () => {
    await writeFile(path.join(root, 'other/big.yaml'), Buffer.alloc(9 * 1024 * 1024, 0x20));
    const result = await loadManifests(['other/big.yaml', 'deploy/app/worker.yml'], { cwd: root });
    expect(names(result)).toEqual(['Deployment/worker']);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.column, d.code, d.message])).toEqual([
      [
        'other/big.yaml',
        1,
        1,
        'file-too-large',
        'file is 9 MiB, over the 8 MiB limit for one manifest file; split it, or raise limits.maxFileBytes in the berth config',
      ],
    ]);
  });

  it('reads a file named explicitly whatever its extension', async () => {
    const result = await loadManifests(['other/plain.txt'], { cwd: root });
    expect(names(result)).toEqual(['ConfigMap/from-txt']);
  });

  it('reports a file that is not UTF-8 text as unreadable', async () => {
    const result = await loadManifests(['other/latin1.yaml'], { cwd: root });
    expect(result.diagnostics.map((d) => [d.file, d.code, d.message])).toEqual([
      ['other/latin1.yaml', 'file-unreadable', 'file is not UTF-8 text'],
    ]);
  });

  it('reports a file holding a NUL byte as not UTF-8 text, at the file, rather than as YAML', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-load-'));
    await writeFile(path.join(dir, 'bin.yaml'), 'apiVersion: v1\nkind: ConfigMap\x00\u001b[2J\n');
    const result = await loadManifests(['bin.yaml'], { cwd: dir });
    expect(result.diagnostics.map((d) => [d.file, d.line, d.code, d.message])).toEqual([
      ['bin.yaml', 1, 'file-unreadable', 'file is not UTF-8 text (a NUL byte on line 2: binary data?)'],
    ]);
  });

  it('reports a path through a regular file as missing', async () => {
    const result = await loadManifests(['deploy/Z-last.yaml/child.yaml'], { cwd: root });
    expect(summary(result)).toEqual([
      { file: 'deploy/Z-last.yaml/child.yaml', line: 1, code: 'no-files', severity: 'error' },
    ]);
  });

  it('reads a file named twice only once', async () => {
    const result = await loadManifests(['deploy/app/worker.yml', 'deploy/app', './deploy/app/worker.yml'], {
      cwd: root,
    });
    expect(result.diagnostics).toEqual([]);
    expect(names(result)).toEqual(['Deployment/worker', 'Deployment/web', 'Service/web']);
  });

  it('keeps the first of an object defined in two files and points at the second', async () => {
    const result = await loadManifests(['deploy/app/web.yaml', 'other/web-again.yaml'], { cwd: root });
    expect(names(result)).toEqual(['Deployment/web', 'Service/web']);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.column, d.code, d.message])).toEqual([
      [
        'other/web-again.yaml',
        2,
        1,
        'duplicate-object',
        'Deployment "web" is defined twice; the first definition (deploy/app/web.yaml:1:1) is used and this one is ignored',
      ],
    ]);
  });

  it('keeps an absolute path absolute in diagnostics', async () => {
    const missing = path.join(root, 'nope.yaml');
    const result = await loadManifests([missing]);
    expect(result.diagnostics.map((d) => d.file)).toEqual([missing]);
  });
});

describe('loadManifests reads only inside its root', () => {
  // A sibling of the repository stands for the rest of the runner: its files must never be read.
  const SECRET = 'token-from-outside-the-repository';
  let base: string;
  let repo: string;
  let outside: string;

  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  };

  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'berth-contained-'));
    repo = path.join(base, 'repo');
    outside = path.join(base, 'outside');
    await write(path.join(outside, 'secret.yaml'), `${manifest('Pod', SECRET).yaml()}\n`);
    await write(path.join(outside, 'dir/more.yaml'), `${manifest('Pod', `more-${SECRET}`).yaml()}\n`);
    await write(path.join(repo, 'k8s/app.yaml'), `${manifest('Deployment', 'web').yaml()}\n`);
    await write(path.join(repo, 'common/shared.yaml'), `${manifest('ConfigMap', 'shared').yaml()}\n`);
    await write(path.join(repo, 'lib/extra.yaml'), `${manifest('ConfigMap', 'extra').yaml()}\n`);
    // Links that stay inside the repository keep working; links out of it do not.
    await symlink('../common/shared.yaml', path.join(repo, 'k8s/shared.yaml'));
    await symlink('../lib', path.join(repo, 'k8s/lib'));
    await symlink('../../outside/secret.yaml', path.join(repo, 'k8s/env.yaml'));
    await symlink(path.join(outside, 'dir'), path.join(repo, 'k8s/usr'));
    await mkdir(path.join(repo, 'loops'));
    await symlink('b.yaml', path.join(repo, 'loops/a.yaml'));
    await symlink('a.yaml', path.join(repo, 'loops/b.yaml'));
    await mkdir(path.join(repo, 'pipes'));
    execFileSync('mkfifo', [path.join(repo, 'pipes/pipe.yaml')]);
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const refusals = (result: LoadResult) =>
    result.diagnostics.map((d) => `${d.file} ${d.code}: ${d.message}`).sort();
  const OUTSIDE_LINK = 'outside-root: symbolic link that leads outside the root';

  it.each([
    ['a directory', 'k8s'],
    ['a glob', 'k8s/**/*.yaml'],
  ])(
    'reading %s, refuses the links that lead out by their names and follows those that stay in',
    async (_what, input) => {
      const sources = new Map<string, string>();
      const result = await loadManifests([input], { cwd: repo, sources });
      expect(names(result).sort()).toEqual(['ConfigMap/extra', 'ConfigMap/shared', 'Deployment/web']);
      expect(refusals(result)).toEqual([
        expect.stringContaining(`k8s/env.yaml ${OUTSIDE_LINK}`),
        expect.stringContaining(`k8s/usr ${OUTSIDE_LINK}`),
      ]);
      expect(JSON.stringify(result)).not.toContain(SECRET);
      expect([...sources.values()].join('\n')).not.toContain(SECRET);
      expect([...sources.keys()].sort()).toEqual(['k8s/app.yaml', 'k8s/lib/extra.yaml', 'k8s/shared.yaml']);
    },
  );

  it('refuses a path named outside the root, and a link named explicitly, unless outside is allowed', async () => {
    const inputs = ['k8s/env.yaml', path.join(outside, 'dir/more.yaml'), 'k8s/app.yaml'];
    const contained = await loadManifests(inputs, { cwd: repo });
    expect(names(contained)).toEqual(['Deployment/web']);
    expect(refusals(contained)).toEqual([
      `${path.join(outside, 'dir/more.yaml')} outside-root: outside the root ${repo}; not read`,
      `k8s/env.yaml ${OUTSIDE_LINK} ${repo}; not read`,
    ]);
    const allowed = await loadManifests(inputs, { cwd: repo, scope: { root: repo, allowOutsideRoot: true } });
    expect(allowed.diagnostics).toEqual([]);
    expect(names(allowed)).toEqual([`Pod/${SECRET}`, `Pod/more-${SECRET}`, 'Deployment/web']);
    // The root is the scope's, not the working directory: a link out of a subfolder into the root is read.
    const fromSubfolder = await loadManifests(['shared.yaml'], {
      cwd: path.join(repo, 'k8s'),
      scope: { root: repo },
    });
    expect(fromSubfolder.diagnostics).toEqual([]);
    expect(names(fromSubfolder)).toEqual(['ConfigMap/shared']);
  });

  it('reports a symbolic link loop by name instead of skipping it or following it', async () => {
    const result = await loadManifests(['loops'], { cwd: repo });
    expect(refusals(result)).toEqual([
      'loops/a.yaml file-unreadable: symbolic link loop; not read',
      'loops/b.yaml file-unreadable: symbolic link loop; not read',
    ]);
  });

  it('refuses a FIFO in a directory or named explicitly without waiting for a writer', async () => {
    const walked = await loadManifests(['pipes'], { cwd: repo });
    const named = await loadManifests(['pipes/pipe.yaml'], { cwd: repo });
    for (const result of [walked, named]) {
      expect(refusals(result)).toEqual([
        'pipes/pipe.yaml file-unreadable: not a regular file (a FIFO, socket or device); not read',
      ]);
    }
  });
});

describe('loadManifestTexts', () => {
  it('parses texts in hand by their names, with the loader rules for binary files and duplicates', () => {
    const web = `${manifest('Deployment', 'web').yaml()}\n`;
    const loaded = loadManifestTexts(
      new Map([
        ['deploy/web.yaml', web],
        ['deploy/copy.yaml', `# the same object again\n${web}`],
        ['deploy/binary.yaml', 'kind: Pod\n\0'],
      ]),
    );
    expect(loaded.objects.map((o) => `${o.source.file}:${o.source.line}`)).toEqual(['deploy/web.yaml:1']);
    expect(loaded.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      'deploy/binary.yaml:1 file-unreadable',
      'deploy/copy.yaml:2 duplicate-object',
    ]);
  });
});
