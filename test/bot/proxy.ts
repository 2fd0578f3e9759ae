/**
 * Loopback proxies in front of the test API server, each with a kubeconfig that points
 * at it. `cutProxy` passes TLS through as TCP: `cut()` drops every open connection and
 * refuses new ones, as an API server that goes away does; `restore()` lets them
 * through again. `countingProxy` ends TLS to see each request (method and path) and
 * passes it on, so a test can count the writes that reached the API server.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer, Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

export interface CutProxy {
  kubeconfig: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function cutProxy(kubeconfigFile: string): Promise<CutProxy> {
  const config = parse(await readFile(kubeconfigFile, 'utf8')) as {
    clusters: { cluster: { server: string } }[];
  };
  const upstream = new URL(config.clusters[0]!.cluster.server);
  let open = true;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const target = connect(Number(upstream.port), upstream.hostname);
    sockets.add(client);
    sockets.add(target);
    client.pipe(target).pipe(client);
    const drop = () => {
      client.destroy();
      target.destroy();
      sockets.delete(client);
      sockets.delete(target);
    };
    client.on('error', drop).on('close', drop);
    target.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  config.clusters[0]!.cluster.server = `https://127.0.0.1:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'berth-bot-cut-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, stringify(config), { mode: 0o600 });
  return {
    kubeconfig,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface CountingProxy {
  kubeconfig: string;
  /** Every request that went through, in order: method, path (no query) and whether it was a dry run. */
  requests: { method: string; path: string; dryRun: boolean }[];
  close(): Promise<void>;
}

/**
 * A loopback HTTPS proxy in front of the test API server that sees each request: it
 * ends TLS with the API server's own serving certificate (from the harness's pki folder,
 * next to the CA the kubeconfig names, and valid for 127.0.0.1), records the method and
 * path, and sends the request on unchanged over a new TLS connection. Its kubeconfig
 * differs from the original only in the port.
 */
export async function countingProxy(kubeconfigFile: string): Promise<CountingProxy> {
  const config = parse(await readFile(kubeconfigFile, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority': string } }[];
  };
  const upstream = new URL(config.clusters[0]!.cluster.server);
  const caFile = config.clusters[0]!.cluster['certificate-authority'];
  const pki = dirname(caFile);
  const ca = await readFile(caFile);
  const agent = new HttpsAgent({ ca, keepAlive: true });
  const requests: CountingProxy['requests'] = [];
  const server = createHttpsServer(
    { cert: await readFile(join(pki, 'apiserver.crt')), key: await readFile(join(pki, 'apiserver.key')) },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://proxy');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        dryRun: url.searchParams.getAll('dryRun').length > 0,
      });
      const headers = { ...req.headers, host: upstream.host };
      const out = httpsRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  config.clusters[0]!.cluster.server = `https://127.0.0.1:${port}`;
  const dir = await mkdtemp(join(tmpdir(), 'berth-bot-count-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(kubeconfig, stringify(config), { mode: 0o600 });
  return {
    kubeconfig,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
        void rm(dir, { recursive: true, force: true });
      }),
  };
}
