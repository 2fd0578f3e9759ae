import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvent } from '../../action/event.ts';
import { manifestsInTree } from '../../action/files.ts';
import { InputError, parseInputs } from '../../action/inputs.ts';
import { globSet } from '../../src/github/changes.ts';

const inputsFrom = (values: Record<string, string>) => parseInputs((name) => values[name] ?? '');

describe('parseInputs', () => {
  it('fills the defaults a workflow leaves out', () => {
    expect(inputsFrom({ snapshot: 'cluster.yaml' })).toEqual({
      githubToken: '',
      config: null,
      configRef: 'base',
      cluster: 'default',
      manifests: [],
      clusterFile: 'cluster.yaml',
      clusterFileKind: 'snapshot',
      kubeconfig: null,
      comment: null,
      commentAuthor: 'github-actions[bot]',
      failOn: 'policy',
      workingDirectory: '.',
    });
  });

  it('takes .github/berth.yml of the working directory when the config input is empty', () => {
    const asked: string[] = [];
    const present = (dir: string, path: string) => {
      asked.push(`${dir}/${path}`);
      return dir === 'deploy';
    };
    const get = (values: Record<string, string>) => (name: string) => values[name] ?? '';
    expect(parseInputs(get({ 'working-directory': 'deploy' }), present).config).toBe('.github/berth.yml');
    expect(asked).toEqual(['deploy/.github/berth.yml']);
    // The input wins; without the file and without a cluster input there is nothing to plan against.
    expect(parseInputs(get({ 'working-directory': 'deploy', config: 'b.yml' }), present).config).toBe(
      'b.yml',
    );
    expect(() => parseInputs(get({}), present)).toThrow(/or add \.github\/berth\.yml/);
  });

  it('reads manifest globs written one per line or comma separated', () => {
    expect(
      inputsFrom({ fleet: 'f.yaml', manifests: 'k8s/**\n  apps/*.yaml, !k8s/test/**\n' }).manifests,
    ).toEqual(['k8s/**', 'apps/*.yaml', '!k8s/test/**']);
  });

  it.each([
    [
      { snapshot: 's.yaml', 'comment-author': 'x[bot]<img src=x>' },
      'input "comment-author" is "x[bot]<img src=x>"; give a GitHub login or an App\'s <slug>[bot]',
    ],
    [
      { snapshot: 's.yaml', comment: 'sometimes' },
      'input "comment" is "sometimes"; use one of: update, new, hide-and-new, off',
    ],
    [
      { snapshot: 's.yaml', 'fail-on': 'always' },
      'input "fail-on" is "always"; use one of: policy, unschedulable, never',
    ],
    [
      { snapshot: 's.yaml', fleet: 'f.yaml' },
      'inputs snapshot and fleet both name the cluster; give only one',
    ],
    [
      { config: '.github/berth.yml', 'config-ref': 'head' },
      'input "config-ref" is "head"; use one of: base, checkout',
    ],
    [{}, 'no cluster to plan against'],
    [{ snapshot: 's.yaml', cluster: 'prod --> <b>' }, 'input "cluster" is "prod --> <b>"'],
  ])('rejects %j with a message that says what to fix', (values, message) => {
    expect(() => inputsFrom(values)).toThrow(InputError);
    expect(() => inputsFrom(values)).toThrow(message);
  });
});

describe('readEvent', () => {
  it('marks a pull request from another repository as a fork', () => {
    const event = readEvent(
      'pull_request',
      {
        number: 5,
        pull_request: {
          number: 5,
          head: { sha: 'h', repo: { full_name: 'them/x' } },
          base: { sha: 'b', repo: { full_name: 'us/x' } },
        },
      },
      '',
    );
    expect(event).toEqual({
      kind: 'pull-request',
      number: 5,
      baseSha: 'b',
      headSha: 'h',
      fork: true,
      headFromWorkspace: true,
    });
  });

  it.each([
    [
      'a comment on an issue',
      'issue_comment',
      { action: 'created', issue: { number: 1 }, comment: { body: '/berth plan' } },
    ],
    [
      'an edited comment',
      'issue_comment',
      { action: 'edited', issue: { number: 1, pull_request: {} }, comment: { body: '/berth plan' } },
    ],
    ['a release', 'release', {}],
    [
      'a command the Action does not run',
      'issue_comment',
      { action: 'created', issue: { number: 1, pull_request: {} }, comment: { body: '/berth apply prod' } },
    ],
    [
      'a refused command',
      'issue_comment',
      { action: 'created', issue: { number: 1, pull_request: {} }, comment: { body: '/berth plan --force' } },
    ],
    [
      'the command in a quote',
      'issue_comment',
      { action: 'created', issue: { number: 1, pull_request: {} }, comment: { body: '> /berth plan' } },
    ],
  ])('ignores %s', (_name, eventName, payload) => {
    expect(readEvent(eventName, payload, '').kind).toBe('ignored');
  });

  it('reads /berth plan with the cluster it names', () => {
    const payload = (body: string) => ({
      action: 'created',
      issue: { number: 7, pull_request: {} },
      comment: { id: 11, body, user: { login: 'ana' } },
    });
    expect(readEvent('issue_comment', payload('/berth plan staging\nthanks'), '')).toEqual({
      kind: 'plan-command',
      number: 7,
      commentId: 11,
      user: 'ana',
      cluster: 'staging',
    });
    expect(readEvent('issue_comment', payload('/berth plan'), '')).toMatchObject({ cluster: null });
  });
});

describe('manifestsInTree', () => {
  /** A workspace with links that stay in it and links that lead out, next to a folder outside it. */
  function workspace(): string {
    const base = mkdtempSync(join(tmpdir(), 'berth-tree-'));
    const files = {
      'workspace/k8s/app.yaml': 'kind: Pod',
      'workspace/k8s/notes.md': 'not a manifest',
      'workspace/common/common.yaml': 'kind: ConfigMap',
      'workspace/node_modules/pkg/chart.yaml': 'kind: Pod',
      'outside/secret.yaml': 'kind: Secret',
      'outside/tree/deep.yaml': 'kind: Pod',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(base, path, '..'), { recursive: true });
      writeFileSync(join(base, path), text);
    }
    const ws = join(base, 'workspace');
    symlinkSync('../common', join(ws, 'k8s/common'));
    symlinkSync('..', join(ws, 'k8s/up'));
    symlinkSync('../../outside/secret.yaml', join(ws, 'k8s/env.yaml'));
    symlinkSync(join(base, 'outside/tree'), join(ws, 'k8s/usr'));
    symlinkSync('/usr', join(ws, 'docs-usr'));
    return ws;
  }

  it('follows folder links once while they stay in the workspace, and lists links out of it unread', async () => {
    const ws = workspace();
    const found = await manifestsInTree(ws, globSet(['k8s/**/*.yaml']), { root: ws });
    // Links out of the workspace are listed so that reading them reports them; nothing under them is.
    expect(found).toEqual(['k8s/app.yaml', 'k8s/common/common.yaml', 'k8s/env.yaml', 'k8s/usr']);
  });

  it('does not enter a folder link out of the workspace that no glob could match below', async () => {
    const ws = workspace();
    const found = await manifestsInTree(ws, globSet(['**/*.yaml']), { root: ws });
    expect(found).toEqual([
      'common/common.yaml',
      'docs-usr',
      'k8s/app.yaml',
      'k8s/common/common.yaml',
      'k8s/env.yaml',
      'k8s/usr',
    ]);
    expect(await manifestsInTree(ws, globSet(['common/*.yaml']), { root: ws })).toEqual([
      'common/common.yaml',
    ]);
  });
});
