/**
 * The live reader against an API server that misbehaves on purpose.
 *
 * The servers here are stand-ins for a malicious or broken API server (a kubeconfig
 * from a pull request, a compromised endpoint, a proxy in the way): no real
 * kube-apiserver repeats a continue token, pages forever, sends `null` items or
 * objects without names, so these faults can only be produced by a stand-in. Each
 * test drives the reader through a kubeconfig that points at one on 127.0.0.1.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLiveCluster, readLiveObjects } from '../../src/cluster/live.ts';
import {
  expectNoSecret,
  failure,
  fakeServer,
  type Handler,
  json,
  kubeconfigText,
  list,
  scratch,
} from './fake-api.ts';
import { berth } from './run-cli.ts';

let files: Awaited<ReturnType<typeof scratch>>;

beforeAll(async () => {
  files = await scratch();
});

afterAll(async () => {
  await files.cleanup();
});

/** Answers node lists with `nodes`, every other list with nothing. */
function nodesAnswer(nodes: (req: URL) => unknown): Handler {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/v1/nodes') return json(res, 200, nodes(url));
    return json(res, 200, list([]));
  };
}

async function readFrom(handler: Handler, options: object = {}) {
  const fake = await fakeServer(handler);
  try {
    const path = await files.file(kubeconfigText({ server: fake.url }));
    const error = await failure(readLiveObjects({ kubeconfig: path, ...options }));
    expectNoSecret(error.message);
    return { message: error.message, code: error.code, requests: fake.requests };
  } finally {
    fake.close();
  }
}

const node = (name: string) => ({ metadata: { name } });

describe('paging that would never end stops the read', () => {
  it('a server that gives the same continue token again is caught at once', async () => {
    const read = await readFrom(nodesAnswer(() => list([node('n1')], 'again')));
    expect(read.code).toBe('io');
    expect(read.message).toMatch(
      /^the API server at 127\.0\.0\.1:\d+ \(context test\) answered list nodes \(page 2\) with a continue token it gave before: paging would never end$/,
    );
    expect(read.requests.filter((r) => r.startsWith('/api/v1/nodes'))).toHaveLength(2);
  });

  it('a token seen two pages earlier is caught too (a cycle, not only a repeat)', async () => {
    const cycle = ['a', 'b'];
    let i = 0;
    const read = await readFrom(nodesAnswer(() => list([], cycle[i++ % 2])));
    expect(read.message).toContain('(page 3) with a continue token it gave before');
  });

  it('a server that sends fresh tokens forever is stopped at the page limit', async () => {
    let i = 0;
    const read = await readFrom(
      nodesAnswer(() => list([], `t${i++}`)),
      { maxPages: 25 },
    );
    expect(read.message).toMatch(/needed more than 25 list requests; stopped at list \w+ \(page \d+\)$/);
    // Lists only: add-on kinds (Kueue's queues) first ask discovery whether they are served.
    const lists = read.requests.filter((r) => !/^\/apis\/[^/]+\/[^/?]+(\?|$)/.test(r));
    expect(lists.length).toBeLessThanOrEqual(26);
  });

  it('more objects than the limit stop the read, naming the limit', async () => {
    let i = 0;
    const read = await readFrom(
      nodesAnswer(() => list([node(`n${i++}`), node(`n${i++}`)], `t${i}`)),
      { maxObjects: 9 },
    );
    expect(read.message).toMatch(/returned more than 9 objects; stopped at list nodes \(page 5\)$/);
  });

  it('a server that drips its answer a byte at a time is stopped at the answer deadline', async () => {
    const timers: NodeJS.Timeout[] = [];
    const read = await readFrom(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"items": [');
        // Always just inside the idle timeout, never finished.
        timers.push(setInterval(() => res.write(' '), 50));
      },
      { timeoutMs: 1000, answerTimeoutMs: 400 },
    );
    for (const timer of timers) clearInterval(timer);
    expect(read.message).toMatch(
      /^the API server at 127\.0\.0\.1:\d+ \(context test\) did not finish answering \/\S+ within 0\.4s: stopped reading$/,
    );
  });

  it('an answer larger than the byte limit is not read to the end', async () => {
    const big = Array.from({ length: 200 }, (_, i) => node(`node-${i}`));
    const read = await readFrom(
      nodesAnswer(() => list(big)),
      { maxResponseBytes: 2048 },
    );
    expect(read.message).toMatch(/answered \/api\/v1\/nodes with more than 2 KiB: stopped reading$/);
  });
});

describe('every list item is checked before it is used', () => {
  const cases: { name: string; items: unknown[]; path?: string; expected: string }[] = [
    {
      name: 'a null item',
      items: [node('n1'), null],
      expected: 'list nodes (page 1) with item 1 is null, not an object',
    },
    { name: 'an item that is a string', items: ['n1'], expected: 'item 0 is a string, not an object' },
    { name: 'an item without metadata', items: [{ spec: {} }], expected: 'item 0 has no metadata' },
    {
      name: 'an item whose metadata is a list',
      items: [{ metadata: [] }],
      expected: 'item 0 has metadata that is a list',
    },
    {
      name: 'an item without a name',
      items: [{ metadata: { namespace: 'x' } }],
      expected: 'item 0 has no metadata.name',
    },
    {
      name: 'a name that is a number',
      items: [{ metadata: { name: 7 } }],
      expected: 'item 0 has no metadata.name',
    },
    {
      name: 'a name Kubernetes would never accept (control characters are not echoed)',
      items: [{ metadata: { name: 'n1\n::error::x\u001b[31m' } }],
      expected: 'item 0 has a metadata.name that is not a valid Kubernetes name',
    },
    {
      name: 'an item of another kind',
      items: [{ kind: 'Secret', metadata: { name: 'n1' } }],
      expected: 'item 0 has kind Secret, not Node',
    },
    {
      name: 'a pod without a namespace',
      path: '/api/v1/pods',
      items: [{ metadata: { name: 'p1' }, spec: { containers: [] } }],
      expected: 'list pods (page 1) with item 0 (p1) has no metadata.namespace',
    },
    {
      name: 'a node with a namespace',
      items: [{ metadata: { name: 'n1', namespace: 'default' } }],
      expected: 'item 0 (n1) has a metadata.namespace, but nodes are not namespaced',
    },
    {
      name: 'the same object twice',
      items: [node('n1'), node('n1')],
      expected: 'item 1 (n1) listed twice',
    },
  ];
  for (const c of cases) {
    it(`${c.name} is a clear error`, async () => {
      const path = c.path ?? '/api/v1/nodes';
      const read = await readFrom((req, res) =>
        json(res, 200, list(new URL(req.url ?? '/', 'http://x').pathname === path ? c.items : [])),
      );
      expect(read.code).toBe('io');
      expect(read.message).toContain(c.expected);
      expect(read.message).not.toContain('TypeError');
      expect(read.message).not.toContain('\n');
      expect(read.message).not.toContain('\u001b');
    });
  }

  const bodies: { name: string; body: unknown; expected: string }[] = [
    {
      name: 'items that are not a list',
      body: { items: { a: 1 } },
      expected: 'with items that are an object, not a list',
    },
    {
      name: 'no items at all',
      body: { metadata: {} },
      expected: 'with items that are a undefined, not a list',
    },
    { name: 'a JSON list', body: [], expected: 'with a JSON list instead of a list object' },
    {
      name: 'a continue token that is not a string',
      body: { items: [], metadata: { continue: 5 } },
      expected: 'with a continue token that is a number',
    },
  ];
  for (const c of bodies) {
    it(`an answer with ${c.name} is a clear error`, async () => {
      const read = await readFrom(nodesAnswer(() => c.body));
      expect(read.message).toContain(`list nodes (page 1) ${c.expected}`);
    });
  }

  it('an item nested 200,000 deep (the snapshot writer would overflow its stack) is a clear error', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const read = await readFrom((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        req.url?.startsWith('/api/v1/nodes')
          ? `{"items":[{"metadata":{"name":"n1"},"x":${deep}}]}`
          : '{"items":[]}',
      );
    });
    expect(read.message).toContain(
      'list nodes (page 1) with item 0 is nested deeper than 100 levels, as no Kubernetes object is',
    );
  });

  it('a pod whose ownerReferences hold null is read, its broken references ignored', async () => {
    const fake = await fakeServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/api/v1/nodes') return json(res, 200, list([node('n1')]));
      if (url.pathname === '/api/v1/pods')
        return json(
          res,
          200,
          list([
            {
              metadata: { name: 'p1', namespace: 'default', ownerReferences: [null, 5, { kind: 'Job' }] },
              spec: { nodeName: 'n1', containers: [{ name: 'app' }] },
            },
          ]),
        );
      return json(res, 200, list([]));
    });
    try {
      const path = await files.file(kubeconfigText({ server: fake.url }));
      const read = await readLiveCluster({ kubeconfig: path });
      expect(read.cluster.pods.map((p) => [p.key, p.workload])).toEqual([['default/p1', undefined]]);
    } finally {
      fake.close();
    }
  });

  it('an empty list written as null (as Go writes it) is an empty list', async () => {
    const fake = await fakeServer((req, res) =>
      req.url?.startsWith('/api/v1/nodes')
        ? json(res, 200, list([node('n1')]))
        : json(res, 200, { kind: 'List', metadata: {}, items: null }),
    );
    try {
      const path = await files.file(kubeconfigText({ server: fake.url }));
      const read = await readLiveObjects({ kubeconfig: path });
      expect(read.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Node/n1']);
    } finally {
      fake.close();
    }
  });
});

describe('the berth command against a hostile API server', () => {
  const hostile: { name: string; handler: Handler; expected: RegExp }[] = [
    {
      name: 'a repeated continue token',
      handler: nodesAnswer(() => list([node('n1')], 'again')),
      expected: /continue token it gave before: paging would never end/,
    },
    {
      name: 'a null item',
      handler: nodesAnswer(() => list([null])),
      expected: /item 0 is null, not an object/,
    },
    {
      name: 'an item nested 200,000 deep',
      handler: (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
        res.end(
          req.url?.startsWith('/api/v1/nodes')
            ? `{"items":[{"metadata":{"name":"n1"},"x":${deep}}]}`
            : '{"items":[]}',
        );
      },
      expected: /item 0 is nested deeper than 100 levels/,
    },
  ];
  for (const c of hostile) {
    for (const command of [
      ['status', '--cluster', 'live'],
      ['plan', '--cluster', 'live', '--head', 'examples/head'],
      ['snapshot'],
    ]) {
      it(`berth ${command[0]} stops on ${c.name} with exit 2 and a one-line message without the token`, async () => {
        const fake = await fakeServer(c.handler);
        try {
          const path = await files.file(kubeconfigText({ server: fake.url }));
          const run = await berth(command, { KUBECONFIG: path });
          expect(run.code).toBe(2);
          expect(run.stderr).toMatch(c.expected);
          expect(run.stderr).not.toMatch(/TypeError|\n\s+at /);
          expectNoSecret(run.stderr + run.stdout);
          expect(fake.requests.length).toBeLessThan(50);
        } finally {
          fake.close();
        }
      });
    }
  }
});
