/**
 * Helpers for tests of the live reader: kubeconfig files with credentials shaped like
 * real ones (so a leak shows in any message), and stand-in API servers on 127.0.0.1
 * for faults a real one will not produce on demand.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BerthError } from '../../src/model/diagnostics.ts';

export const TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IkJFUlRIIn0.c2VjcmV0LXRva2VuLWZvci10ZXN0cw.c2lnbmF0dXJl';
export const CA_DATA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIBberthtestcertificatedata\n-----END CERTIFICATE-----\n',
).toString('base64');
export const KEY_DATA = Buffer.from(
  '-----BEGIN EC PRIVATE KEY-----\nMHcberthtestkeydata\n-----END EC PRIVATE KEY-----\n',
).toString('base64');

export interface KubeconfigParts {
  server?: string;
  contexts?: string[];
  currentContext?: string;
  user?: Record<string, string>;
}

export function kubeconfigText(parts: KubeconfigParts = {}): string {
  const contexts = parts.contexts ?? ['test'];
  const user = parts.user ?? { token: TOKEN };
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: test',
    '  cluster:',
    parts.server === undefined ? '    insecure-skip-tls-verify: true' : `    server: ${parts.server}`,
    // client-node sends credentials over plain HTTP (the stand-in servers below) only when told to.
    ...(parts.server?.startsWith('http:') ? ['    insecure-skip-tls-verify: true'] : []),
    'users:',
    '- name: test',
    '  user:',
    ...Object.entries(user).map(([k, v]) => `    ${k}: ${v}`),
    'contexts:',
    ...contexts.flatMap((name) => [`- name: ${name}`, '  context:', '    cluster: test', '    user: test']),
    `current-context: ${parts.currentContext ?? contexts[0]}`,
    '',
  ].join('\n');
}

/** A directory for kubeconfig files, removed by `cleanup`. */
export async function scratch(): Promise<{
  file: (text: string, name?: string) => Promise<string>;
  dir: string;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-live-test-'));
  let files = 0;
  return {
    dir,
    file: async (text, name) => {
      const path = join(dir, name ?? `kubeconfig-${files++}`);
      await writeFile(path, text);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export async function failure(promise: Promise<unknown>): Promise<BerthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BerthError);
  return error as BerthError;
}

export function expectNoSecret(message: string): void {
  for (const secret of [TOKEN, CA_DATA, KEY_DATA, 'c2VjcmV0LXRva2VuLWZvci10ZXN0cw', 'BEGIN']) {
    expect(message).not.toContain(secret);
  }
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface FakeServer {
  url: string;
  server: Server;
  /** Request URLs, in order. */
  requests: string[];
  /** Authorization headers, in order ('' when none was sent). */
  authorizations: string[];
  close: () => void;
}

/** A stand-in API server on 127.0.0.1 for faults a real one will not produce on demand. */
export async function fakeServer(handler: Handler): Promise<FakeServer> {
  const requests: string[] = [];
  const authorizations: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    authorizations.push(req.headers.authorization ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    authorizations,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function list(items: unknown[], next?: string) {
  return { kind: 'List', apiVersion: 'v1', metadata: next ? { continue: next } : {}, items };
}

/** A server with one node and nothing else: enough for a read to succeed. */
export const oneNode: Handler = (req, res) =>
  req.url?.startsWith('/api/v1/nodes')
    ? json(
        res,
        200,
        list([{ metadata: { name: 'n1' }, status: { allocatable: { cpu: '4', memory: '8Gi' } } }]),
      )
    : json(res, 200, list([]));
