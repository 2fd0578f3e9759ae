/**
 * Kubeconfig files as kubectl reads them: `KUBECONFIG` lists files that are merged
 * (client-go's loading rules: the first file to name a cluster, user or context wins,
 * and its entry is taken whole; the current context is the first one set; files that
 * do not exist are skipped), `--kubeconfig` names one file. Every problem is a message
 * without a credential in it, and the CLI exits 2.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig, readLiveObjects } from '../../src/cluster/live.ts';
import {
  expectNoSecret,
  type FakeServer,
  failure,
  fakeServer,
  KEY_DATA,
  oneNode,
  scratch,
  TOKEN,
} from './fake-api.ts';
import { berth } from './run-cli.ts';

let files: Awaited<ReturnType<typeof scratch>>;
let api: FakeServer;

beforeAll(async () => {
  files = await scratch();
  api = await fakeServer(oneNode);
});

afterAll(async () => {
  api.close();
  await files.cleanup();
});

interface Entries {
  clusters?: Record<string, string>;
  users?: Record<string, Record<string, string>>;
  contexts?: Record<string, { cluster: string; user: string }>;
  current?: string;
}

/** A kubeconfig file; clusters map a name to a server URL (plain HTTP servers are told to skip TLS). */
function config(entries: Entries): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const [name, server] of Object.entries(entries.clusters ?? {})) {
    lines.push(
      `- name: ${name}`,
      '  cluster:',
      `    server: ${server}`,
      '    insecure-skip-tls-verify: true',
    );
  }
  lines.push('users:');
  for (const [name, fields] of Object.entries(entries.users ?? {})) {
    lines.push(`- name: ${name}`, '  user:');
    if (Object.keys(fields).length === 0) lines[lines.length - 1] = '  user: {}';
    for (const [k, v] of Object.entries(fields)) lines.push(`    ${k}: ${v}`);
  }
  lines.push('contexts:');
  for (const [name, c] of Object.entries(entries.contexts ?? {})) {
    lines.push(`- name: ${name}`, '  context:', `    cluster: ${c.cluster}`, `    user: ${c.user}`);
  }
  if (entries.current) lines.push(`current-context: ${entries.current}`);
  return `${lines.join('\n')}\n`;
}

const UNREACHABLE = 'http://127.0.0.1:1';

describe('KUBECONFIG with several files is merged as kubectl merges it', () => {
  it('two files that define the same cluster, user and context: the first file wins, and the read works', async () => {
    const a = await files.file(
      config({
        clusters: { shared: api.url },
        users: { admin: {} },
        contexts: { prod: { cluster: 'shared', user: 'admin' } },
        current: 'prod',
      }),
    );
    const b = await files.file(
      config({
        clusters: { shared: UNREACHABLE },
        // Same user name with a token: the first file's entry is taken whole, so no token is sent.
        users: { admin: { token: TOKEN } },
        contexts: { prod: { cluster: 'shared', user: 'admin' } },
        current: 'prod',
      }),
    );
    const before = api.authorizations.length;
    const read = await readLiveObjects({ env: { KUBECONFIG: `${a}:${b}` } });
    expect(read.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Node/n1']);
    expect(read.source.context).toBe('prod');
    expect(api.authorizations.slice(before).every((h) => h === '')).toBe(true);
  });

  it('the current context comes from the first file that sets one; contexts come from every file', async () => {
    const a = await files.file(config({ clusters: { one: UNREACHABLE } }));
    const b = await files.file(
      config({
        clusters: { two: api.url },
        users: { u: { token: TOKEN } },
        contexts: { second: { cluster: 'two', user: 'u' } },
        current: 'second',
      }),
    );
    const c = await files.file(
      config({
        users: { u: {} },
        contexts: { third: { cluster: 'one', user: 'u' } },
        current: 'third',
      }),
    );
    const loaded = loadKubeConfig({ env: { KUBECONFIG: `${a}:${b}:${c}` } });
    expect(loaded.kc.getCurrentContext()).toBe('second');
    expect(loaded.kc.getContexts().map((x) => x.name)).toEqual(['second', 'third']);
    expect(loaded.kc.getCurrentUser()?.token).toBe(TOKEN);
    const read = await readLiveObjects({ env: { KUBECONFIG: `${a}:${b}:${c}` }, context: 'second' });
    expect(read.source.context).toBe('second');
  });

  it('a file KUBECONFIG lists that does not exist is skipped with a warning, as kubectl skips it', async () => {
    const a = await files.file(
      config({
        clusters: { c: api.url },
        users: { u: {} },
        contexts: { x: { cluster: 'c', user: 'u' } },
        current: 'x',
      }),
    );
    const missing = `${files.dir}/not-there.yaml`;
    const read = await readLiveObjects({ env: { KUBECONFIG: `${missing}:${a}` } });
    expect(read.objects).toHaveLength(1);
    expect(read.diagnostics.map((d) => d.message)).toEqual([
      `KUBECONFIG lists ${missing}, which does not exist; skipped, as kubectl skips it`,
    ]);
  });

  it('an empty file among them is an empty config, as client-go reads it', async () => {
    const empty = await files.file('');
    const a = await files.file(
      config({
        clusters: { c: api.url },
        users: { u: {} },
        contexts: { x: { cluster: 'c', user: 'u' } },
        current: 'x',
      }),
    );
    const read = await readLiveObjects({ env: { KUBECONFIG: `${empty}:${a}` } });
    expect(read.objects).toHaveLength(1);
  });
});

describe('kubeconfig problems are one clear message without secrets', () => {
  it('no file of KUBECONFIG exists', async () => {
    const error = await failure(readLiveObjects({ env: { KUBECONFIG: '/nonexistent/a:/nonexistent/b' } }));
    expect(error.message).toBe(
      'none of the kubeconfig files in KUBECONFIG exists: /nonexistent/a, /nonexistent/b',
    );
  });

  it('broken YAML in the second file names that file and the position, not the content', async () => {
    const a = await files.file(config({ clusters: { c: api.url } }));
    const b = await files.file(`users:\n- name: x\n  user:\n    token: ${TOKEN}\n    bad: [unclosed\n`);
    const error = await failure(readLiveObjects({ env: { KUBECONFIG: `${a}:${b}` } }));
    expect(error.message).toMatch(
      new RegExp(`^kubeconfig ${b} is not valid YAML \\(line \\d+, column \\d+\\)$`),
    );
    expectNoSecret(error.message);
  });

  it('an unknown context lists the contexts of every file', async () => {
    const a = await files.file(
      config({ clusters: { c: api.url }, users: { u: {} }, contexts: { dev: { cluster: 'c', user: 'u' } } }),
    );
    const b = await files.file(
      config({ clusters: { c: api.url }, users: { u: {} }, contexts: { prod: { cluster: 'c', user: 'u' } } }),
    );
    const error = await failure(readLiveObjects({ env: { KUBECONFIG: `${a}:${b}` }, context: 'staging' }));
    expect(error.message).toBe(`context staging is not in KUBECONFIG (${a}, ${b}) (contexts: dev, prod)`);
  });

  it('one file that names two clusters alike is refused, as client-go refuses it, without quoting it', async () => {
    const text = config({
      clusters: { c: api.url },
      users: { u: { 'client-key-data': KEY_DATA } },
      contexts: { x: { cluster: 'c', user: 'u' } },
      current: 'x',
    }).replace('users:', `- name: c\n  cluster:\n    server: ${UNREACHABLE}\nusers:`);
    const a = await files.file(text);
    const error = await failure(readLiveObjects({ kubeconfig: a }));
    expect(error.message).toBe(`kubeconfig ${a} is invalid: two clusters are named c`);
    expectNoSecret(error.message);
  });

  it('a token-file that does not exist is named as such, not as a missing kubeconfig', async () => {
    const a = await files.file(
      config({
        clusters: { c: api.url },
        users: { u: { 'token-file': '/nonexistent/token' } },
        contexts: { x: { cluster: 'c', user: 'u' } },
        current: 'x',
      }),
    );
    const error = await failure(readLiveObjects({ kubeconfig: a }));
    expect(error.message).toBe(`kubeconfig ${a} names /nonexistent/token, which cannot be read (ENOENT)`);
  });
});

describe('a token-file in a kubeconfig', () => {
  it('a relative path is read from the kubeconfig’s folder, as client-go reads it, wherever berth runs', async () => {
    const token = await files.file(TOKEN, 'service-token');
    const a = await files.file(
      config({
        clusters: { c: api.url },
        users: { u: { 'token-file': 'service-token' } },
        contexts: { x: { cluster: 'c', user: 'u' } },
        current: 'x',
      }),
    );
    expect(token.startsWith(files.dir)).toBe(true);
    const seen = api.authorizations.length;
    const read = await readLiveObjects({ kubeconfig: a });
    expect(read.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Node/n1']);
    expect(api.authorizations.slice(seen)).toContain(`Bearer ${TOKEN}`);
  });
});

describe('the berth command with kubeconfig files', () => {
  it('KUBECONFIG=a:b defining the same cluster reads the cluster (it used to crash with a stack trace)', async () => {
    const entries: Entries = {
      clusters: { shared: api.url },
      users: { admin: {} },
      contexts: { prod: { cluster: 'shared', user: 'admin' } },
      current: 'prod',
    };
    const a = await files.file(config(entries));
    const b = await files.file(config({ ...entries, clusters: { shared: UNREACHABLE } }));
    const run = await berth(['status', '--cluster', 'live'], { KUBECONFIG: `${a}:${b}` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('n1');
  });

  it('--kubeconfig reads that file alone, whatever KUBECONFIG says', async () => {
    const good = await files.file(
      config({
        clusters: { c: api.url },
        users: { u: {} },
        contexts: { x: { cluster: 'c', user: 'u' } },
        current: 'x',
      }),
    );
    const run = await berth(['status', '--cluster', 'live', '--kubeconfig', good], {
      KUBECONFIG: '/nonexistent/a',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('n1');
  });

  const good = () =>
    config({
      clusters: { c: api.url },
      users: { u: { token: TOKEN } },
      contexts: { x: { cluster: 'c', user: 'u' } },
      current: 'x',
    });
  const broken: {
    name: string;
    text: () => string;
    args: (file: string) => string[];
    env: (file: string) => NodeJS.ProcessEnv;
    expected: RegExp;
  }[] = [
    {
      name: 'a --kubeconfig file that does not exist',
      text: good,
      args: () => ['status', '--cluster', 'live', '--kubeconfig', '/nonexistent/kubeconfig'],
      env: () => ({}),
      expected: /^berth: kubeconfig \/nonexistent\/kubeconfig does not exist\n$/,
    },
    {
      name: 'broken YAML in KUBECONFIG',
      text: () => `${good()}bad: [${TOKEN}\n`,
      args: () => ['plan', '--cluster', 'live', '--head', 'examples/head'],
      env: (file) => ({ KUBECONFIG: file }),
      expected: /^berth: kubeconfig \S+ is not valid YAML \(line \d+, column \d+\)\n$/,
    },
    {
      name: 'an unknown context',
      text: good,
      args: (file) => ['snapshot', '--context', 'nope', '--kubeconfig', file],
      env: () => ({}),
      expected: /^berth: context nope is not in \S+ \(contexts: x\)\n$/,
    },
  ];
  for (const c of broken) {
    it(`${c.name} exits 2 with one line on stderr, no stack trace and no secret`, async () => {
      const file = await files.file(c.text());
      const run = await berth(c.args(file), { HOME: files.dir, ...c.env(file) });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(c.expected);
      expectNoSecret(run.stderr + run.stdout);
    });
  }
});
