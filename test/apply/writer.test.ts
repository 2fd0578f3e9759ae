/**
 * The writer's retries against stand-in servers (faults a real API server will
 * not produce on demand): 429 and 5xx answers and dropped connections are
 * retried with backoff, a bounded number of times; other answers are not.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KubeWriter } from '../../src/cluster/writer.ts';
import { BerthError } from '../../src/model/diagnostics.ts';

const TOKEN = 'writer-test-token-0123456789abcdef0123456789';
const servers: Server[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) s.close();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function writerFor(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res, n++));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const dir = await mkdtemp(join(tmpdir(), 'berth-writer-'));
  dirs.push(dir);
  const file = join(dir, 'kubeconfig');
  await writeFile(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{ name: t, cluster: { server: "http://127.0.0.1:' +
        port +
        '", insecure-skip-tls-verify: true } }]',
      `users: [{ name: t, user: { token: ${TOKEN} } }]`,
      'contexts: [{ name: t, context: { cluster: t, user: t } }]',
      'current-context: t',
      '',
    ].join('\n'),
  );
  const waits: number[] = [];
  const writer = new KubeWriter({
    kubeconfig: file,
    retry: { attempts: 4, baseMs: 100, maxMs: 1000, budgetMs: 10_000 },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  });
  return { writer, waits, requests: () => n };
}

const configMap = { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };
const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } };
const options = { dryRun: false, force: false, fieldManager: 'berth' };

function status(res: ServerResponse, code: number, extra: Record<string, string> = {}) {
  res.writeHead(code, { 'content-type': 'application/json', ...extra });
  res.end(
    JSON.stringify({
      kind: 'Status',
      code,
      reason: code === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
      message: 'busy',
    }),
  );
}

describe('the writer retries what may be retried, and only so often', () => {
  it('retries 503 and 429 with growing, jittered backoff (Retry-After honoured), then succeeds', async () => {
    const { writer, waits, requests } = await writerFor((_req, res, n) => {
      if (n === 0) return status(res, 503);
      if (n === 1) return status(res, 429, { 'retry-after': '2' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    const answer = await writer.apply(configMap, body, options);
    writer.close();
    expect(answer.ok).toBe(true);
    expect(requests()).toBe(3);
    // Full jitter: half of 100 ms, then Retry-After's 2 s over half of 200 ms.
    expect(waits).toEqual([50, 2000]);
  });

  it('gives up after the last attempt and returns the server answer', async () => {
    const { writer, requests } = await writerFor((_req, res) => status(res, 500));
    const answer = await writer.apply(configMap, body, options);
    writer.close();
    expect(answer).toMatchObject({ ok: false, status: 500 });
    expect(requests()).toBe(4);
  });

  it('retries dropped connections, then fails with a message that names the server and no credential', async () => {
    const { writer, requests } = await writerFor((req) => req.socket.destroy());
    const error = await writer.apply(configMap, body, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    writer.close();
    expect(error).toBeInstanceOf(BerthError);
    expect((error as Error).message).toMatch(
      /cannot reach the Kubernetes API server at 127.0.0.1:\d+ \(context t\): connection (reset|closed)/,
    );
    expect((error as Error).message).not.toContain(TOKEN);
    expect(requests()).toBe(4);
  });

  it('does not retry an answer that will not change (a 409 conflict)', async () => {
    const { writer, requests } = await writerFor((_req, res) => {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          code: 409,
          reason: 'Conflict',
          message: 'Apply failed with 1 conflict',
        }),
      );
    });
    const answer = await writer.apply(configMap, body, options);
    writer.close();
    expect(answer).toMatchObject({ ok: false, status: 409, reason: 'Conflict' });
    expect(requests()).toBe(1);
  });

  it('sends the object as written, as an apply patch, with berth as the field manager and no force', async () => {
    let seen: { url?: string; type?: string; body?: string } = {};
    const server = await writerFor((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
      seen = { url: req.url ?? '', type: req.headers['content-type'] ?? '' };
    });
    let raw = '';
    const original = server.writer.reader.send.bind(server.writer.reader);
    server.writer.reader.send = (request) => {
      raw = request.body ?? '';
      return original(request);
    };
    const unknownField = { ...body, spec: { someFieldNoModelKnows: { nested: [1, 2] } } };
    await server.writer.apply(configMap, unknownField, { ...options, dryRun: true });
    server.writer.close();
    expect(seen.url).toBe(
      '/api/v1/namespaces/default/configmaps/c?fieldManager=berth&force=false&dryRun=All',
    );
    expect(seen.type).toBe('application/apply-patch+yaml');
    expect(JSON.parse(raw)).toEqual(unknownField);
  });
});

describe("the API server's warnings", () => {
  it('are read from every Warning header, unescaped, and bounded however many a server sends', async () => {
    const { writer } = await writerFor((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('warning', [
        '299 - "unknown field \\"spec.colour\\""',
        '299 - "policy/v1beta1 is deprecated", 299 - "second in one header"',
        `299 - "long ${'x'.repeat(1200)}"`,
        `299 - "long ${'x'.repeat(1300)}"`,
        // Node refuses an answer whose headers pass 16 KiB; below that, berth keeps ten.
        ...Array.from({ length: 60 }, (_, i) => `299 - "noise ${i} ${'x'.repeat(100)}"`),
      ]);
      res.end('{}');
    });
    const answer = await writer.apply(configMap, body, options);
    writer.close();
    expect(answer.ok).toBe(true);
    expect(answer.warnings?.slice(0, 3)).toEqual([
      'unknown field "spec.colour"',
      'policy/v1beta1 is deprecated',
      'second in one header',
    ]);
    expect(answer.warnings).toHaveLength(10);
    expect(answer.warnings?.[3]).toBe(`long ${'x'.repeat(495)}`);
    // Two that differ only past the kept length are one warning as shown.
    expect(answer.warnings?.[4]).toMatch(/^noise 0 /);
  });

  it('come with a refusal too, and an answer without any has none', async () => {
    const { writer } = await writerFor((req, res) => {
      if (req.url?.includes('dryRun')) {
        res.setHeader('warning', '299 - "spec.template.spec.serviceAccount: deprecated"');
        status(res, 422);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const refused = await writer.apply(configMap, body, { ...options, dryRun: true });
    const plain = await writer.apply(configMap, body, options);
    writer.close();
    expect(refused).toMatchObject({
      ok: false,
      status: 422,
      warnings: ['spec.template.spec.serviceAccount: deprecated'],
    });
    expect(plain.warnings).toBeUndefined();
  });
});
