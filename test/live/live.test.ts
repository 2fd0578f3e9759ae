import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type KubeObject,
  readLiveCluster,
  readLiveObjects,
  redact,
  snapshotYaml,
  writeSnapshot,
} from '../../src/cluster/live.ts';
import {
  CA_DATA,
  expectNoSecret,
  failure,
  fakeServer,
  json,
  KEY_DATA,
  kubeconfigText,
  list,
  scratch,
  TOKEN,
} from './fake-api.ts';

let files: Awaited<ReturnType<typeof scratch>>;
let dir: string;

beforeAll(async () => {
  files = await scratch();
  dir = files.dir;
});

afterAll(async () => {
  await files.cleanup();
});

function kubeconfigFile(text: string): Promise<string> {
  return files.file(text);
}

describe('broken kubeconfigs give a clear error without secrets', () => {
  const cases: { name: string; text?: string; path?: string; options?: object; expected: RegExp }[] = [
    {
      name: 'a missing file is named',
      path: '/nonexistent/berth/kubeconfig',
      expected: /^kubeconfig \/nonexistent\/berth\/kubeconfig does not exist$/,
    },
    {
      name: 'invalid YAML is located by line and column, without quoting the file',
      text: `apiVersion: v1\nusers:\n- name: test\n  user:\n    token: ${TOKEN}\n    bad: [unclosed\n`,
      expected: /is not valid YAML \(line \d+, column \d+\)$/,
    },
    {
      name: 'a cluster without a server says which field is missing',
      text: kubeconfigText({}),
      expected: /is invalid: clusters\[0\]\.cluster\.server is missing$/,
    },
    {
      name: 'an unknown context lists the known ones',
      text: kubeconfigText({ server: 'https://127.0.0.1:6443', contexts: ['dev', 'prod'] }),
      options: { context: 'staging' },
      expected: /context staging is not in .* \(contexts: dev, prod\)$/,
    },
    {
      name: 'a current context that does not exist asks for one',
      text: kubeconfigText({ server: 'https://127.0.0.1:6443', contexts: ['dev'], currentContext: 'gone' }),
      expected: /has no current context; choose one with --cluster context:<name> \(contexts: dev\)$/,
    },
    {
      name: 'a server URL that is not a URL is reported without echoing it',
      text: kubeconfigText({ server: `https://${TOKEN}@[::bad`, user: { 'client-key-data': KEY_DATA } }),
      expected: /invalid server URL|not an http\(s\) URL/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const path = c.path ?? (await kubeconfigFile(c.text ?? ''));
      const error = await failure(readLiveObjects({ kubeconfig: path, ...c.options }));
      expect(error.code).toBe('io');
      expect(error.message).toMatch(c.expected);
      expectNoSecret(error.message);
    });
  }

  it('no kubeconfig anywhere says where berth looked', async () => {
    const error = await failure(readLiveObjects({ env: { HOME: dir } }));
    expect(error.message).toBe(
      'no kubeconfig found: set KUBECONFIG, pass a kubeconfig file, or run inside a cluster',
    );
  });

  it('KUBECONFIG is honoured when no file is given', async () => {
    const path = await kubeconfigFile(kubeconfigText({ server: 'https://127.0.0.1:6443', contexts: ['a'] }));
    const error = await failure(readLiveObjects({ env: { KUBECONFIG: path }, context: 'missing' }));
    expect(error.message).toContain(`KUBECONFIG (${path})`);
  });
});

describe('an API server that cannot be read gives a clear error without secrets', () => {
  it('a refused connection names the host and the context, not the token or certificate', async () => {
    const path = await kubeconfigFile(kubeconfigText({ server: 'https://127.0.0.1:1' }));
    const error = await failure(readLiveObjects({ kubeconfig: path }));
    expect(error.message).toBe(
      'cannot reach the Kubernetes API server at 127.0.0.1:1 (context test): connection refused',
    );
    expectNoSecret(error.message);
  });

  it('client certificate data that is not a certificate is blamed on the kubeconfig, without quoting it', async () => {
    const path = await kubeconfigFile(
      kubeconfigText({
        server: 'https://127.0.0.1:1',
        user: { 'client-certificate-data': CA_DATA, 'client-key-data': KEY_DATA },
      }),
    );
    const error = await failure(readLiveObjects({ kubeconfig: path }));
    expect(error.message).toMatch(
      /^the certificates or key of context test cannot be used \(ERR_OSSL_\w+\): check the kubeconfig$/,
    );
    expectNoSecret(error.message);
  });

  it('user info in the server URL never reaches the message', async () => {
    const path = await kubeconfigFile(kubeconfigText({ server: `https://admin:${TOKEN}@127.0.0.1:1` }));
    const error = await failure(readLiveObjects({ kubeconfig: path }));
    expect(error.message).toContain('127.0.0.1:1');
    expectNoSecret(error.message);
    expect(error.message).not.toContain('admin:');
  });

  it('a server that does not answer in time is reported as such', async () => {
    const fake = await fakeServer(() => {
      // Never answers.
    });
    try {
      const path = await kubeconfigFile(kubeconfigText({ server: fake.url }));
      const error = await failure(readLiveObjects({ kubeconfig: path, timeoutMs: 200 }));
      expect(error.message).toMatch(
        /^cannot reach the Kubernetes API server at 127\.0\.0\.1:\d+ \(context test\): no answer within 0\.2s$/,
      );
    } finally {
      fake.server.closeAllConnections();
      fake.server.close();
    }
  });

  it('rejected credentials are a 401 message without the token', async () => {
    const fake = await fakeServer((_req, res) =>
      json(res, 401, { kind: 'Status', reason: 'Unauthorized', message: `token ${TOKEN} is invalid` }),
    );
    try {
      const path = await kubeconfigFile(kubeconfigText({ server: fake.url }));
      const error = await failure(readLiveObjects({ kubeconfig: path }));
      expect(error.message).toMatch(/rejected the credentials of context test \(401 Unauthorized\)$/);
      expectNoSecret(error.message);
    } finally {
      fake.server.close();
    }
  });

  it('an API error that echoes a credential is redacted', async () => {
    const fake = await fakeServer((_req, res) =>
      json(res, 500, { kind: 'Status', message: `internal error: Authorization: Bearer ${TOKEN}` }),
    );
    try {
      const path = await kubeconfigFile(kubeconfigText({ server: fake.url }));
      const error = await failure(readLiveObjects({ kubeconfig: path }));
      expect(error.message).toMatch(/HTTP 500 internal error: Authorization: Bearer \[redacted\]/);
      expectNoSecret(error.message);
    } finally {
      fake.server.close();
    }
  });
});

describe('listing', () => {
  it('follows continue tokens until the last page, asking for pages of the given size', async () => {
    const fake = await fakeServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/api/v1/nodes') {
        const page = url.searchParams.get('continue');
        if (!page)
          return json(res, 200, list([{ metadata: { name: 'n1' } }, { metadata: { name: 'n2' } }], 'p2'));
        if (page === 'p2') return json(res, 200, list([{ metadata: { name: 'n3' } }]));
      }
      return json(res, 200, list([]));
    });
    try {
      const path = await kubeconfigFile(kubeconfigText({ server: fake.url }));
      const read = await readLiveObjects({ kubeconfig: path, pageSize: 2 });
      expect(read.objects.filter((o) => o.kind === 'Node').map((o) => o.metadata.name)).toEqual([
        'n1',
        'n2',
        'n3',
      ]);
      const nodeRequests = fake.requests.filter((r) => r.startsWith('/api/v1/nodes'));
      expect(nodeRequests).toEqual(['/api/v1/nodes?limit=2', '/api/v1/nodes?limit=2&continue=p2']);
    } finally {
      fake.server.close();
    }
  });

  it('restarts a list whose continue token expired, as client-go does', async () => {
    let expired = false;
    const fake = await fakeServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/api/v1/pods') {
        if (url.searchParams.get('continue') === 'old' && !expired) {
          expired = true;
          return json(res, 410, { kind: 'Status', reason: 'Expired', message: 'continue token expired' });
        }
        if (!url.searchParams.get('continue') && !expired)
          return json(res, 200, list([{ metadata: { name: 'a', namespace: 'x' } }], 'old'));
        return json(
          res,
          200,
          list([{ metadata: { name: 'a', namespace: 'x' } }, { metadata: { name: 'b', namespace: 'x' } }]),
        );
      }
      return json(res, 200, list([]));
    });
    try {
      const path = await kubeconfigFile(kubeconfigText({ server: fake.url }));
      const read = await readLiveObjects({ kubeconfig: path });
      expect(read.objects.filter((o) => o.kind === 'Pod').map((o) => o.metadata.name)).toEqual(['a', 'b']);
    } finally {
      fake.server.close();
    }
  });

  it('reads RuntimeClasses, so their overhead reaches the plan and the snapshot', async () => {
    const fake = await fakeServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/apis/node.k8s.io/v1/runtimeclasses')
        return json(
          res,
          200,
          list([{ metadata: { name: 'gvisor' }, handler: 'runsc', overhead: { podFixed: { cpu: '250m' } } }]),
        );
      if (url.pathname === '/api/v1/nodes') return json(res, 200, list([{ metadata: { name: 'n1' } }]));
      return json(res, 200, list([]));
    });
    try {
      const path = await kubeconfigFile(kubeconfigText({ server: fake.url }));
      const read = await readLiveCluster({ kubeconfig: path });
      expect(read.cluster.runtimeClasses).toEqual([
        { name: 'gvisor', handler: 'runsc', overhead: { cpu: '250m' } },
      ]);
      const doc = parse(snapshotYaml(read.objects)) as { items: KubeObject[] };
      expect(doc.items.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual([
        'v1 Node/n1',
        'node.k8s.io/v1 RuntimeClass/gvisor',
      ]);
    } finally {
      fake.server.close();
    }
  });

  it('only reads: every request is a GET, and finished pods are left on the server', async () => {
    const methods = new Set<string>();
    const fake = await fakeServer((req, res) => {
      methods.add(req.method ?? '');
      json(res, 200, list([]));
    });
    try {
      const path = await kubeconfigFile(kubeconfigText({ server: fake.url }));
      await readLiveObjects({ kubeconfig: path });
      expect([...methods]).toEqual(['GET']);
      const pods = fake.requests.find((r) => r.startsWith('/api/v1/pods'));
      expect(decodeURIComponent(pods ?? '')).toContain(
        'fieldSelector=status.phase!=Succeeded,status.phase!=Failed',
      );
    } finally {
      fake.server.close();
    }
  });

  it('a kind the user may not list becomes a warning and the read goes on', async () => {
    const fake = await fakeServer((req, res) => {
      if (req.url?.startsWith('/apis/policy/v1/poddisruptionbudgets')) {
        return json(res, 403, {
          kind: 'Status',
          reason: 'Forbidden',
          message:
            'poddisruptionbudgets.policy is forbidden: User "ci" cannot list resource "poddisruptionbudgets"',
        });
      }
      if (req.url?.startsWith('/api/v1/nodes')) return json(res, 200, list([{ metadata: { name: 'n1' } }]));
      return json(res, 200, list([]));
    });
    try {
      const path = await kubeconfigFile(kubeconfigText({ server: fake.url }));
      const read = await readLiveObjects({ kubeconfig: path });
      expect(read.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Node/n1']);
      expect(read.diagnostics).toHaveLength(1);
      expect(read.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'invalid-cluster' });
      expect(read.diagnostics[0]?.message).toMatch(
        /^context test may not list poddisruptionbudgets at cluster scope \(403 Forbidden\): .*; planning without poddisruptionbudgets$/,
      );
    } finally {
      fake.server.close();
    }
  });

  it('nodes that may not be listed stop the read: there is nothing to plan against', async () => {
    const fake = await fakeServer((req, res) =>
      req.url?.startsWith('/api/v1/nodes')
        ? json(res, 403, { kind: 'Status', reason: 'Forbidden', message: 'nodes is forbidden' })
        : json(res, 200, list([])),
    );
    try {
      const path = await kubeconfigFile(kubeconfigText({ server: fake.url }));
      const error = await failure(readLiveObjects({ kubeconfig: path }));
      expect(error.message).toBe(
        'context test may not list nodes at cluster scope (403 Forbidden): nodes is forbidden',
      );
    } finally {
      fake.server.close();
    }
  });
});

describe('redact', () => {
  const cases: { name: string; input: string; secrets?: string[]; expected: string }[] = [
    {
      name: 'a known secret is removed wherever it appears',
      input: 'x hunter22 y',
      secrets: ['hunter22'],
      expected: 'x [redacted] y',
    },
    {
      name: 'bearer tokens are removed',
      input: 'Authorization: Bearer abc.def',
      expected: 'Authorization: Bearer [redacted]',
    },
    { name: 'long base64 runs are removed', input: `data ${CA_DATA}`, expected: 'data [redacted]' },
    {
      name: 'PEM blocks are removed',
      input: 'key -----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY----- end',
      expected: 'key [redacted] end',
    },
    {
      name: 'host names and ordinary words survive',
      input: 'cannot reach api.prod-cluster.eu-west-1.eks.amazonaws.com:443',
      expected: 'cannot reach api.prod-cluster.eu-west-1.eks.amazonaws.com:443',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(redact(c.input, c.secrets)).toBe(c.expected);
    });
  }
});

describe('snapshotYaml', () => {
  it('writes one v1 List that reads back to the same objects', () => {
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable: { cpu: '4' } } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'default' },
        spec: { nodeName: 'n1' },
      },
    ];
    const doc = parse(snapshotYaml(objects)) as { apiVersion: string; kind: string; items: unknown[] };
    expect(doc.kind).toBe('List');
    expect(doc.apiVersion).toBe('v1');
    expect(doc.items).toEqual(objects);
  });
});

describe('writeSnapshot', () => {
  const objects: KubeObject[] = [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }];

  it('writes the file readable by its owner alone', async () => {
    const file = join(dir, 'snapshot.yaml');
    await writeSnapshot(file, objects);
    expect(readFileSync(file, 'utf8')).toBe(snapshotYaml(objects));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("refuses a symbolic link in the file's place and leaves its target as it was", async () => {
    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'keep me\n');
    const link = join(dir, 'linked-snapshot.yaml');
    symlinkSync(target, link);
    await expect(writeSnapshot(link, objects)).rejects.toThrow(
      `${link} is a symbolic link: the snapshot was not written`,
    );
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
  });
});
