/**
 * berth's GitHub App as Probot loads it: `export default (app, { addHandler })`. The
 * runtime (queue, metrics, cluster access) comes from the environment, as `npm run bot`
 * builds it; bot/server.ts builds the same function with its own runtime.
 */

import type { ApplicationFunction } from 'probot';
import { berthApp } from './app.ts';
import { Background } from './background.ts';
import { clusterAccess } from './clusters.ts';
import { deploymentStore } from './deployments.ts';
import { readEnv } from './env.ts';
import { Metrics } from './metrics.ts';
import { JobQueue } from './queue.ts';

const berth: ApplicationFunction = (app, options) => {
  const env = readEnv(process.env);
  const log = app.log.child({ name: 'berth' });
  const clusters = clusterAccess({
    credentials: env.credentials,
    ...(env.kubeconfig ? { kubeconfig: env.kubeconfig } : {}),
  });
  let login = env.login;
  const runtime = {
    env,
    metrics: new Metrics(),
    background: new Background(log),
    queue: new JobQueue((job, error) =>
      log.error({ err: { message: (error as Error).message } }, `job ${job.label} failed`),
    ),
    clusters,
    deployments: deploymentStore,
    login: () => login,
    log,
  };
  const readiness = {
    async check() {
      const problems: string[] = [];
      try {
        const octokit = await app.auth();
        const { data } = await octokit.request('GET /app', {
          // A readiness probe answers in seconds: no retries, a short deadline.
          request: { retries: 0, signal: AbortSignal.timeout(5_000) },
        });
        if (data?.slug) login = `${data.slug}[bot]`;
      } catch (error) {
        problems.push(`GitHub: GET /app failed: ${(error as Error).message.split('\n')[0]}`);
      }
      return [...problems, ...(await clusters.check())];
    },
  };
  return berthApp(runtime, readiness)(app, options);
};

export default berth;
