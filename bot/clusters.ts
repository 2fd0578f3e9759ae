/**
 * Which clusters the App may touch, and with which credentials. The operator lists the
 * credentials (`BERTH_CREDENTIALS`: kubeconfig contexts or `in-cluster`); a repository's
 * `clusters[].credentials` only picks one of them. Nothing from a repository becomes a
 * kubeconfig path, a server URL or a token.
 */

import { ClusterLock, type LeaseHolder } from '../src/cluster/lease.ts';
import { KubeWriter, type WriterOptions } from '../src/cluster/writer.ts';
import type { ClusterConfig } from '../src/config/config.ts';

export const IN_CLUSTER = 'in-cluster';

export interface ClusterAccess {
  /** Connection options for a configured cluster, or the one-line reason the App refuses it. */
  resolve(cluster: ClusterConfig): { ok: true; options: WriterOptions } | { ok: false; reason: string };
  /** One line per listed credential whose API server does not answer `/readyz`. */
  check(): Promise<string[]>;
}

export function clusterAccess(options: {
  credentials: string[];
  kubeconfig?: string;
  env?: NodeJS.ProcessEnv;
}): ClusterAccess {
  const allowed = new Set(options.credentials);
  const connection = (credential: string): WriterOptions => ({
    ...(credential === IN_CLUSTER
      ? { inCluster: true }
      : { context: credential, ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}) }),
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    resolve(cluster) {
      const credential = cluster.credentials;
      if (!credential)
        return {
          ok: false,
          reason: `cluster ${cluster.name} names no credentials in .github/berth.yml (clusters[].credentials)`,
        };
      if (!allowed.has(credential))
        return {
          ok: false,
          reason: `cluster ${cluster.name}: the App is not set up with credentials "${credential}" (the operator lists them in BERTH_CREDENTIALS)`,
        };
      return { ok: true, options: connection(credential) };
    },
    async check() {
      const problems: string[] = [];
      await Promise.all(
        [...allowed].map(async (credential) => {
          let writer: KubeWriter | undefined;
          try {
            writer = new KubeWriter({
              ...connection(credential),
              timeoutMs: 5_000,
              retry: { attempts: 1, budgetMs: 5_000 },
              keepAlive: false,
            });
            const answer = await writer.send({ path: '/readyz' });
            if (answer.status !== 200)
              problems.push(`cluster ${credential}: the API server answered /readyz with ${answer.status}`);
          } catch (error) {
            const message = writer ? writer.safe((error as Error).message) : (error as Error).message;
            problems.push(`cluster ${credential}: ${message.split('\n')[0]}`);
          } finally {
            writer?.close();
          }
        }),
      );
      return problems.sort();
    },
  };
}

/** Who holds a cluster's lock now (a lapsed Lease counts as free), over a connection of its own. */
export async function lockHolder(
  options: WriterOptions,
  cluster: string,
  namespace: string,
): Promise<LeaseHolder | undefined> {
  const writer = new KubeWriter(options);
  try {
    return await new ClusterLock({ writer, cluster, namespace }).read();
  } finally {
    writer.close();
  }
}
