/**
 * The real kube-scheduler and berth, side by side: the same N pods (one
 * Deployment) on the same M kwok nodes, on this machine.
 *
 *   node bench/scheduler-vs-kube.ts [--pods N] [--nodes M] [--kubeconfig FILE]
 *
 * Without --kubeconfig it starts the test control plane (test/cluster) and stops
 * it afterwards. `npm run bench -- vs-kube` runs 500 pods on 50 nodes, where fixed
 * costs dominate, and 5,000 pods on 1,000 nodes. Figures printed:
 *   kube-scheduler end to end   Deployment created -> every pod bound (API server,
 *                               ReplicaSet controller and binding included)
 *   kube-scheduler algorithm    pods / its filtering-and-scoring time
 *                               (scheduler_scheduling_algorithm_duration_seconds)
 *   berth simulate              pods / time of `simulate` on a live read
 * and the ratios of berth's pods/s to kube-scheduler's, algorithm and end to end.
 */

import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { parse } from 'yaml';
import { readLiveCluster } from '../src/cluster/live.ts';
import { parseManifests } from '../src/manifests/index.ts';
import { simulate } from '../src/scheduler/simulate.ts';
import { expandWorkloads } from '../src/workloads/expand.ts';
import {
  type Clients,
  clients,
  createFakeNodes,
  deleteFakeNodes,
  deleteNamespace,
  until,
} from '../test/cluster/kube.ts';
import { startCluster } from '../tools/control-plane/harness.ts';

export interface SchedulerVsKubeOptions {
  pods?: number;
  nodes?: number;
  /** A running cluster to use (its scheduler must be the only one); default: start one. */
  kubeconfig?: string;
  /** `/metrics` of that cluster's kube-scheduler, for the algorithm-only figure. */
  schedulerMetrics?: string;
}

export interface SchedulerVsKubeFigures {
  pods: number;
  nodes: number;
  kube: {
    endToEndSeconds: number;
    endToEndPodsPerSecond: number;
    algorithmSeconds?: number;
    algorithmPodsPerSecond?: number;
  };
  berth: { seconds: number; podsPerSecond: number; scheduled: number };
  /** berth pods/s over kube-scheduler's algorithm pods/s (end to end when metrics are not readable). */
  ratio: number;
  /** berth pods/s over kube-scheduler's end-to-end pods/s. */
  ratioEndToEnd: number;
}

const NAMESPACE = 'bench';

function deployment(replicas: number): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: bench, namespace: ${NAMESPACE} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: bench } }
  template:
    metadata: { labels: { app: bench } }
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - name: app
        image: registry.k8s.io/pause:3.10
        resources: { requests: { cpu: 100m, memory: 128Mi } }
`;
}

interface SchedulerTimes {
  /** scheduler_scheduling_algorithm_duration_seconds: filtering and scoring only. */
  algorithm: number;
  count: number;
}

/** Cumulative scheduling times from the scheduler's Prometheus text. */
async function schedulerTimes(url: string, token: string, ca: Buffer): Promise<SchedulerTimes> {
  const text = await new Promise<string>((resolve, reject) => {
    // The scheduler serves /metrics with a certificate it made itself at start.
    const req = request(
      url,
      { headers: { authorization: `Bearer ${token}` }, ca, rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
  const times: SchedulerTimes = { algorithm: 0, count: 0 };
  for (const line of text.split('\n')) {
    const value = Number(line.split(' ').at(-1));
    if (line.startsWith('scheduler_scheduling_algorithm_duration_seconds_sum')) times.algorithm += value;
    if (line.startsWith('scheduler_scheduling_algorithm_duration_seconds_count')) times.count += value;
  }
  return times;
}

async function metricsReader(c: Clients, url: string | undefined) {
  if (!url) return undefined;
  const user = c.kc.getCurrentUser();
  const caFile = c.kc.getCurrentCluster()?.caFile;
  if (!user?.token || !caFile) return undefined;
  const ca = await readFile(caFile);
  return () => schedulerTimes(url, user.token as string, ca);
}

export async function runSchedulerVsKube(
  options: SchedulerVsKubeOptions = {},
): Promise<SchedulerVsKubeFigures> {
  const pods = options.pods ?? 500;
  const nodeCount = options.nodes ?? 50;
  const own = options.kubeconfig
    ? undefined
    : await startCluster({ log: (line) => process.stderr.write(`${line}\n`) });
  const kubeconfig = options.kubeconfig ?? own?.kubeconfig ?? '';
  const c = clients(kubeconfig);
  try {
    // In batches: a thousand nodes at once would each have to turn Ready within one wait.
    const specs = Array.from({ length: nodeCount }, (_, i) => ({
      name: `bench-${String(i).padStart(4, '0')}`,
      cpu: '32',
      memory: '128Gi',
    }));
    for (let i = 0; i < specs.length; i += 100) await createFakeNodes(c, specs.slice(i, i + 100));
    await c.core.createNamespace({ body: { metadata: { name: NAMESPACE } } });
    await until('the default service account', async () =>
      (await c.core.listNamespacedServiceAccount({ namespace: NAMESPACE })).items.length > 0
        ? true
        : undefined,
    );

    // berth: a live read, then simulate the Deployment's pods.
    const live = await readLiveCluster({ kubeconfig });
    const text = deployment(pods);
    const manifests = parseManifests(text, 'bench.yaml');
    const { pods: incoming } = expandWorkloads(manifests.objects, {
      nodes: live.cluster.nodes,
      limitRanges: live.cluster.limitRanges,
      priorityClasses: live.cluster.priorityClasses,
    });
    const started = performance.now();
    const plan = simulate(live.cluster, incoming);
    const berthSeconds = (performance.now() - started) / 1000;
    const scheduled = plan.placements.filter((p) => p.status === 'scheduled').length;

    // The real scheduler on the same cluster.
    const readMetrics = await metricsReader(c, options.schedulerMetrics ?? own?.schedulerMetrics);
    const before = await readMetrics?.().catch(() => undefined);
    const created = performance.now();
    await c.apps.createNamespacedDeployment({ namespace: NAMESPACE, body: parse(text) });
    await until(
      `${pods} pods to be bound`,
      async () => {
        const { items } = await c.core.listNamespacedPod({ namespace: NAMESPACE });
        return items.filter((p) => p.spec?.nodeName).length >= pods ? true : undefined;
      },
      600_000,
    );
    const endToEnd = (performance.now() - created) / 1000;
    const after = await readMetrics?.().catch(() => undefined);
    const measured = before && after && after.count > before.count;
    const algorithm = measured ? after.algorithm - before.algorithm : undefined;

    const berthRate = pods / berthSeconds;
    const kubeRate = algorithm ? pods / algorithm : pods / endToEnd;
    return {
      pods,
      nodes: nodeCount,
      kube: {
        endToEndSeconds: endToEnd,
        endToEndPodsPerSecond: pods / endToEnd,
        ...(algorithm ? { algorithmSeconds: algorithm, algorithmPodsPerSecond: pods / algorithm } : {}),
      },
      berth: { seconds: berthSeconds, podsPerSecond: berthRate, scheduled },
      ratio: berthRate / kubeRate,
      ratioEndToEnd: berthRate / (pods / endToEnd),
    };
  } finally {
    if (own) await own.stop();
    else {
      await c.apps.deleteNamespacedDeployment({ name: 'bench', namespace: NAMESPACE }).catch(() => undefined);
      await deleteNamespace(c, NAMESPACE);
      await deleteFakeNodes(c);
    }
  }
}

export function formatSchedulerVsKube(f: SchedulerVsKubeFigures): string {
  const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')} pods/s`;
  const lines = [
    `scheduler-vs-kube: ${f.pods} pods on ${f.nodes} kwok nodes`,
    `  kube-scheduler end to end  ${f.kube.endToEndSeconds.toFixed(2)} s  ${rate(f.kube.endToEndPodsPerSecond)}`,
  ];
  if (f.kube.algorithmSeconds !== undefined && f.kube.algorithmPodsPerSecond !== undefined) {
    lines.push(
      `  kube-scheduler algorithm   ${f.kube.algorithmSeconds.toFixed(3)} s  ${rate(f.kube.algorithmPodsPerSecond)}`,
    );
  }
  lines.push(
    `  berth simulate             ${f.berth.seconds.toFixed(3)} s  ${rate(f.berth.podsPerSecond)} (${f.berth.scheduled} placed)`,
  );
  if (f.kube.algorithmSeconds !== undefined)
    lines.push(`  ratio berth / kube-scheduler algorithm:  ${f.ratio.toFixed(2)}x`);
  lines.push(`  ratio berth / kube-scheduler end to end: ${f.ratioEndToEnd.toFixed(2)}x`);
  return lines.join('\n');
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.main) {
  const figures = await runSchedulerVsKube({
    pods: Number(flag('pods') ?? 500),
    nodes: Number(flag('nodes') ?? 50),
    ...(flag('kubeconfig') ? { kubeconfig: flag('kubeconfig') } : {}),
  });
  console.log(formatSchedulerVsKube(figures));
}
