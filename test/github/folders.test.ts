/**
 * Which folder a changed file of a pull request belongs to, and how a folder's files
 * are fetched from a commit's tree into a private folder: the refusals a hostile tree
 * meets before anything is written. The trees are written here as GitHub's trees API
 * lists them; blobs come from a map (the end-to-end tests fetch them from the stand-in).
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RepoTree, TreeEntry } from '../../src/github/api-repo.ts';
import { globSet } from '../../src/github/changes.ts';
import { belonging, fetchFolders, globsReach, indexTree } from '../../src/github/folders.ts';
import { resolveLimits } from '../../src/manifests/limits.ts';

/** A tree of `files` (path -> text), folders added as git lists them; `modes` overrides an entry's mode. */
function treeOf(
  files: Record<string, string>,
  modes: Record<string, string> = {},
  sizes: Record<string, number> = {},
) {
  const blobs = new Map<string, Buffer>();
  const entries: TreeEntry[] = [];
  const folders = new Set<string>();
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
    const sha = `sha-${path}`;
    blobs.set(sha, Buffer.from(text));
    const mode = modes[path] ?? '100644';
    entries.push({
      path,
      mode,
      type: mode === '160000' ? 'commit' : 'blob',
      sha,
      size: sizes[path] ?? Buffer.byteLength(text),
    });
  }
  for (const path of folders) entries.push({ path, mode: '040000', type: 'tree', sha: `tree-${path}` });
  const tree: RepoTree = { sha: 'c'.repeat(40), entries, truncated: false };
  const fetched: string[] = [];
  const github = {
    getBlob: async (sha: string) => {
      fetched.push(sha);
      const bytes = blobs.get(sha);
      if (!bytes) throw new Error(`no blob ${sha}`);
      return bytes;
    },
  };
  return { index: indexTree(tree), github, fetched };
}

const CHART = {
  'deploy/chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
  'deploy/chart/values.yaml': 'replicas: 2\n',
  'deploy/chart/templates/_helpers.tpl': '{{- define "x" }}{{ end }}\n',
  'deploy/chart/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'k8s/web.yaml': 'kind: Deployment\n',
};

describe('belonging', () => {
  it('gives a changed template, helper or subchart file to the outermost chart, and a plain file to itself', () => {
    const { index } = treeOf(CHART);
    for (const file of [
      'deploy/chart/templates/_helpers.tpl',
      'deploy/chart/values.yaml',
      'deploy/chart/charts/sub/Chart.yaml',
    ]) {
      expect(belonging(index, file, '.', {})).toEqual({ kind: 'render', folder: 'deploy/chart' });
    }
    expect(belonging(index, 'k8s/web.yaml', '.', {})).toEqual({ kind: 'file' });
  });

  it('follows render: (skip drops the file, a kind makes a plain folder rendered) from the working directory down', () => {
    const { index } = treeOf(CHART);
    expect(belonging(index, 'deploy/chart/values.yaml', '.', { deploy: { kind: 'skip' } })).toEqual({
      kind: 'skip',
    });
    expect(belonging(index, 'k8s/web.yaml', '.', { k8s: { kind: 'kustomize' } })).toEqual({
      kind: 'render',
      folder: 'k8s',
    });
    // Above the working directory nothing is looked at.
    expect(belonging(index, 'deploy/chart/values.yaml', 'deploy/chart/templates', {})).toEqual({
      kind: 'file',
    });
  });

  it('renders a folder only when the manifest globs reach into it', () => {
    const { index } = treeOf(CHART);
    expect(globsReach(index, 'deploy/chart', '.', globSet(['deploy/**']))).toBe(true);
    expect(globsReach(index, 'deploy/chart', '.', globSet(['**/*.yaml', '!deploy/chart/**']))).toBe(false);
    expect(globsReach(index, 'deploy/chart', '.', globSet(['k8s/**']))).toBe(false);
  });
});

describe('fetchFolders', () => {
  const limits = resolveLimits({ maxFileBytes: 1024 });
  const fetch = (tree: ReturnType<typeof treeOf>, folders: string[], maxFiles?: number) => {
    const root = mkdtempSync(join(tmpdir(), 'berth-folders-test-'));
    return {
      root,
      result: fetchFolders({
        github: tree.github,
        index: tree.index,
        folders,
        settings: {},
        root,
        limits,
        display: (p) => p,
        ...(maxFiles === undefined ? {} : { maxFiles }),
      }),
    };
  };

  it("writes a chart's files, and only them, under the private folder", async () => {
    const tree = treeOf(CHART);
    const { root, result } = fetch(tree, ['deploy/chart']);
    expect(await result).toEqual({ ready: ['deploy/chart'], diagnostics: [] });
    expect(readFileSync(join(root, 'deploy/chart/values.yaml'), 'utf8')).toBe('replicas: 2\n');
    expect(existsSync(join(root, 'deploy/chart/charts/sub/Chart.yaml'))).toBe(true);
    expect(existsSync(join(root, 'k8s'))).toBe(false);
  });

  it('fetches what a kustomization names outside its folder', async () => {
    const tree = treeOf({
      'base/kustomization.yaml': 'resources: [web.yaml]\n',
      'base/web.yaml': 'kind: Deployment\n',
      'overlay/kustomization.yaml': 'resources: [../base, ../extra/cm.yaml, https://example.com/x]\n',
      'extra/cm.yaml': 'kind: ConfigMap\n',
      'extra/unrelated.yaml': 'kind: Secret\n',
    });
    const { root, result } = fetch(tree, ['overlay']);
    expect((await result).ready).toEqual(['overlay']);
    expect(existsSync(join(root, 'base/web.yaml'))).toBe(true);
    expect(existsSync(join(root, 'extra/cm.yaml'))).toBe(true);
    expect(existsSync(join(root, 'extra/unrelated.yaml'))).toBe(false);
  });

  it('refuses a folder with a symbolic link, a submodule, a file over the limit or too many files, fetching nothing of it', async () => {
    const cases: [Record<string, string>, Record<string, string>, RegExp, number?][] = [
      [
        { ...CHART, 'deploy/chart/templates/leak.yaml': '/proc/self/environ' },
        { 'deploy/chart/templates/leak.yaml': '120000' },
        /deploy\/chart\/templates\/leak\.yaml is a symbolic link/,
      ],
      [{ ...CHART, 'deploy/chart/vendor': '' }, { 'deploy/chart/vendor': '160000' }, /is a submodule/],
      [{ ...CHART, 'deploy/chart/big.yaml': 'x'.repeat(2000) }, {}, /over the 1 KiB limit/],
      [CHART, {}, /more than 3 files to fetch/, 3],
    ];
    for (const [files, modes, message, maxFiles] of cases) {
      const tree = treeOf(files, modes);
      const { root, result } = fetch(tree, ['deploy/chart'], maxFiles);
      const outcome = await result;
      expect(outcome.ready).toEqual([]);
      expect(outcome.diagnostics.map((d) => d.message).join('\n')).toMatch(message);
      expect(tree.fetched).toEqual([]);
      expect(readdirSync(root)).toEqual([]);
    }
  });

  it('refuses a tree entry whose path would leave the private folder', async () => {
    const tree = treeOf({ ...CHART, 'deploy/chart/../../../escape.yaml': 'x' });
    const { root, result } = fetch(tree, ['deploy/chart']);
    const outcome = await result;
    expect(outcome.ready).toEqual([]);
    expect(outcome.diagnostics[0]?.message).toMatch(/unsafe path/);
    expect(readdirSync(root)).toEqual([]);
    expect(existsSync(join(root, '..', 'escape.yaml'))).toBe(false);
  });

  it("refuses folders whose files add up to more than helm's 100 MiB bound on a chart, by the sizes the tree lists", async () => {
    const MiB = 1024 * 1024;
    const tree = treeOf(
      CHART,
      {},
      { 'deploy/chart/values.yaml': 60 * MiB, 'deploy/chart/templates/_helpers.tpl': 60 * MiB },
    );
    const root = mkdtempSync(join(tmpdir(), 'berth-folders-test-'));
    const outcome = await fetchFolders({
      github: tree.github,
      index: tree.index,
      folders: ['deploy/chart'],
      settings: {},
      root,
      limits: resolveLimits({ maxFileBytes: 64 * MiB }),
      display: (p) => p,
    });
    expect(outcome.ready).toEqual([]);
    expect(outcome.diagnostics[0]?.message).toMatch(/more than 100 MiB of files/);
    expect(tree.fetched).toEqual([]);
  });
});
