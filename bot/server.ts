/**
 * The App's HTTP server: Probot's `createNodeMiddleware` with berth's app function, on
 * one port. `npm run bot` (bot/main.ts) starts it from the environment; tests start it
 * the same way on a loopback port.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, Probot, ProbotOctokit } from 'probot';
import { berthApp } from './app.ts';
import { Background } from './background.ts';
import { type ClusterAccess, clusterAccess } from './clusters.ts';
import { deploymentStore } from './deployments.ts';
import type { BotEnv } from './env.ts';
import type { Readiness } from './http.ts';
import { Metrics } from './metrics.ts';
import { JobQueue } from './queue.ts';
import type { DeploymentStore } from './record.ts';
import { recoverInterrupted } from './recover.ts';
import type { BotRuntime, RepoContext } from './runtime.ts';

export interface BotServerOptions {
  env: BotEnv;
  /** Default: the credentials and kubeconfig `env` names. */
  clusters?: ClusterAccess;
  /** Default: GitHub Deployments through the installation's client. */
  deployments?: (repo: RepoContext) => DeploymentStore;
  /** Octokit options for every client Probot makes (tests turn throttling off). */
  octokit?: { throttle?: { enabled: boolean }; retry?: { enabled: boolean } };
  /** Look for Deployments a dead process left `in_progress` when starting (default true). */
  recover?: boolean;
}

export interface BotServer {
  server: Server;
  url: string;
  port: number;
  runtime: BotRuntime;
  probot: Probot;
  /** Resolves when no delivery's work and no job is left running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * ProbotOctokit with throttling and retrying switched as asked. Probot sets its own
 * `throttle` options on top of any defaults (dropping `enabled`), so the switch is made
 * in the constructor, after every layer of defaults.
 */
function withOptions(options: NonNullable<BotServerOptions['octokit']>): typeof ProbotOctokit {
  return class extends ProbotOctokit {
    constructor(...args: ConstructorParameters<typeof ProbotOctokit>) {
      const given = args[0] ?? {};
      super({
        ...given,
        ...(options.throttle ? { throttle: { ...given.throttle, ...options.throttle } } : {}),
        ...(options.retry ? { retry: { ...given.retry, ...options.retry } } : {}),
      } as ConstructorParameters<typeof ProbotOctokit>[0]);
    }
  } as typeof ProbotOctokit;
}

export async function createBotServer(options: BotServerOptions): Promise<BotServer> {
  const { env } = options;
  const Octokit = options.octokit ? withOptions(options.octokit) : ProbotOctokit;
  const probot = new Probot({
    appId: env.appId,
    privateKey: env.privateKey,
    secret: env.webhookSecret,
    baseUrl: env.baseUrl,
    logLevel: env.logLevel,
    logFormat: 'json',
    Octokit,
  });
  await probot.ready();
  const log = probot.log.child({ name: 'berth' });
  const metrics = new Metrics();
  const background = new Background(log);
  const queue = new JobQueue((job, error) =>
    log.error({ err: { message: (error as Error).message } }, `job ${job.label} failed`),
  );
  let login = env.login;
  const runtime: BotRuntime = {
    env,
    metrics,
    background,
    queue,
    clusters:
      options.clusters ??
      clusterAccess({
        credentials: env.credentials,
        ...(env.kubeconfig ? { kubeconfig: env.kubeconfig } : {}),
      }),
    deployments: options.deployments ?? ((repo) => deploymentStore(repo)),
    login: () => login,
    log,
  };

  const readiness: Readiness = {
    async check() {
      const problems: string[] = [];
      try {
        const app = await probot.auth();
        const { data } = await app.request('GET /app', {
          // A readiness probe answers in seconds: no retries, a short deadline.
          request: { retries: 0, signal: AbortSignal.timeout(5_000) },
        });
        if (data?.slug) login = `${data.slug}[bot]`;
      } catch (error) {
        const status = (error as { status?: number }).status;
        problems.push(
          `GitHub: GET /app failed${status ? ` with ${status}` : `: ${(error as Error).message}`}`,
        );
      }
      problems.push(...(await runtime.clusters.check()));
      return problems;
    },
  };

  const middleware = await createNodeMiddleware(berthApp(runtime, readiness), { probot });
  const server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    });
  });
  // A slow sender must not hold a connection open for ever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, env.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = env.host === '0.0.0.0' || env.host === '::' ? '127.0.0.1' : env.host;

  if (options.recover !== false)
    background.run('recovery of interrupted applies', async () => {
      await recoverInterrupted(runtime, probot);
    });

  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    runtime,
    probot,
    async idle() {
      for (let i = 0; i < 100; i++) {
        await background.idle();
        await queue.idle();
        if (background.size === 0) return;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
