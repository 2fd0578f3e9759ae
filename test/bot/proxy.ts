/**
 * A loopback TCP proxy in front of the test API server (TLS passes through), with a
 * kubeconfig that points at it. `cut()` drops every open connection and refuses new
 * ones, as an API server that goes away does; `restore()` lets them through again.
 */

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
