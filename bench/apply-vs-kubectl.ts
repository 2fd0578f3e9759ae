/**
 * `npm run bench -- apply`: berth apply beside `kubectl apply --server-side`, on
 * the same API server in one run. 1,000 objects (50 ConfigMaps and 50
 * Deployments in each of 10 namespaces) are applied from nothing, then again
 * unchanged, by each tool from the same generated files (one set of namespaces
 * each, so neither sees the other's objects). Both are timed as a person runs
 * them: the whole command, process start included; berth is the bundled command
 * (`dist/cli.js`, what `berth` runs when installed), built from the current sources.
 * Then the live objects of the two sets are compared field by field.
 *
 * Deployments have `replicas: 0`, so no pods start; the deployment controller
 * still makes a ReplicaSet for each, so every run starts once the control plane
 * is idle again, and none pays for the one before it. berth runs with `--no-wait`
 * (kubectl does not wait either) and without `--prune`.
 *
 * Beside the times it prints what each run cost the machine: CPU seconds of the
 * tool and of each control-plane process over the run, and the server-side applies
 * the API server counted (its `apiserver_request_total`, APPLY verb, dry runs
 * apart). berth dry-runs every object before writing any, so from nothing it sends
 * two applies per object to kubectl's one; on a small machine the API server's
 * CPU, not the client, sets how fast that can go, and these figures show it.
 *
 * Targets: berth at least 3x faster from nothing, 5x on the unchanged re-apply.
 */

import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Reader } from '../src/cluster/live.ts';
import { type Clients, clients } from '../test/cluster/kube.ts';
import { bundleCli } from '../tools/bundle.ts';
import { ensureKubectl } from '../tools/control-plane/build.ts';
import { type RunningCluster, startCluster } from '../tools/control-plane/harness.ts';

const run = promisify(execFile);
const NAMESPACES = 10;
const PER_KIND = 50;

function objectsFor(namespace: string): string {
  const docs: string[] = [];
  for (let i = 0; i < PER_KIND; i++) {
    docs.push(`apiVersion: v1
kind: ConfigMap
metadata: { name: config-${i}, namespace: ${namespace}, labels: { app: app-${i} } }
data:
  settings.yaml: |
    replicas: ${i}
    feature: enabled
  level: info
`);
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: { name: app-${i}, namespace: ${namespace}, labels: { app: app-${i} } }
spec:
  replicas: 0
  selector: { matchLabels: { app: app-${i} } }
  template:
    metadata: { labels: { app: app-${i} } }
    spec:
      containers:
        - name: app
          image: registry.k8s.io/pause:3.10
          ports: [{ containerPort: 8080 }]
          resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { memory: 128Mi } }
          env: [{ name: CONFIG, valueFrom: { configMapKeyRef: { name: config-${i}, key: level } } }]
`);
  }
  return docs.join('---\n');
}

/** One file per namespace; `prefix` keeps the two tools' objects apart. */
async function writeSet(dir: string, prefix: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const namespaces: string[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `${prefix}-${n}`;
    namespaces.push(ns);
    await writeFile(
      join(dir, `${ns}.yaml`),
      `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n---\n${objectsFor(ns)}`,
    );
  }
  return namespaces;
}

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds (user + system) of a process so far; for this process, of the children it has waited for. */
function cpuSeconds(pid: number | 'self'): number {
  // Fields after the command name: state is the first, utime the 12th, then stime, cutime, cstime.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks =
    pid === 'self' ? Number(fields[13]) + Number(fields[14]) : Number(fields[11]) + Number(fields[12]);
  return ticks / TICKS_PER_SECOND;
}

/** Server-side applies the API server has answered so far, dry runs apart (from its `/metrics`). */
async function appliesCounted(c: Clients): Promise<{ applies: number; dryRuns: number }> {
  const reader = new Reader(c.kc, {});
  const response = await reader
    .send({ path: '/metrics', accept: 'text/plain' })
    .finally(() => reader.close());
  if (response.status !== 200)
    throw new Error(`the API server answered /metrics with HTTP ${response.status}`);
  const text = response.body;
  let applies = 0;
  let dryRuns = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{') || !line.includes('verb="APPLY"')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (/dry_run="[^"]+"/.test(line)) dryRuns += value;
    else applies += value;
  }
  return { applies, dryRuns };
}

/**
 * Waits until the control plane is idle: the controllers finish reacting to the
 * previous run's objects (a ReplicaSet for each new Deployment, status writes)
 * before the next run starts, so no run pays for the one before it.
 */
async function settle(cluster: RunningCluster): Promise<void> {
  const total = () => cluster.processes.reduce((sum, p) => sum + cpuSeconds(p.pid), 0);
  const deadline = Date.now() + 120_000;
  let quiet = 0;
  while (quiet < 3 && Date.now() < deadline) {
    const before = total();
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Under a tenth of a core over half a second: idle but for heartbeats and leases.
    quiet = total() - before < 0.05 ? quiet + 1 : 0;
  }
}

/** What one run cost: wall time, the tool's CPU, each control-plane process's CPU, the applies it sent. */
export interface RunCost {
  seconds: number;
  toolCpu: number;
  serverCpu: Record<string, number>;
  applies: number;
  dryRuns: number;
}

async function timed(
  what: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cluster: RunningCluster,
  c: Clients,
): Promise<RunCost> {
  await settle(cluster);
  const countedBefore = await appliesCounted(c);
  const cpuBefore = cluster.processes.map((p) => cpuSeconds(p.pid));
  const toolBefore = cpuSeconds('self');
  const started = performance.now();
  try {
    await run(command, args, { env, maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`${what} failed: ${(e.stderr || e.stdout || String(error)).slice(0, 2000)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const toolCpu = cpuSeconds('self') - toolBefore;
  const serverCpu = Object.fromEntries(
    cluster.processes.map((p, i) => [p.name, cpuSeconds(p.pid) - (cpuBefore[i] ?? 0)]),
  );
  const countedAfter = await appliesCounted(c);
  return {
    seconds,
    toolCpu,
    serverCpu,
    applies: countedAfter.applies - countedBefore.applies,
    dryRuns: countedAfter.dryRuns - countedBefore.dryRuns,
  };
}

/** A live object without what differs between any two copies: identity, bookkeeping, ownership, the set label. */
function normalized(o: Record<string, unknown>): string {
  const { metadata, status: _status, ...rest } = o as { metadata: Record<string, unknown>; status?: unknown };
  const {
    namespace: _ns,
    uid: _uid,
    resourceVersion: _rv,
    creationTimestamp: _ct,
    managedFields: _mf,
    generation: _gen,
    annotations,
    labels,
    ...meta
  } = metadata;
  const { 'applyset.kubernetes.io/part-of': _set, ...otherLabels } = (labels ?? {}) as Record<string, string>;
  const { 'deployment.kubernetes.io/revision': _rev, ...otherAnnotations } = (annotations ?? {}) as Record<
    string,
    string
  >;
  const stable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(stable)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, stable(x)]),
          )
        : v;
  return JSON.stringify(
    stable({ ...rest, metadata: { ...meta, labels: otherLabels, annotations: otherAnnotations } }),
  );
}

async function liveSet(c: Clients, namespaces: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [n, ns] of namespaces.entries()) {
    for (const cm of (await c.core.listNamespacedConfigMap({ namespace: ns })).items) {
      if (cm.metadata?.name === 'kube-root-ca.crt') continue;
      out.set(`${n}/ConfigMap/${cm.metadata?.name}`, normalized({ ...cm } as Record<string, unknown>));
    }
    for (const d of (await c.apps.listNamespacedDeployment({ namespace: ns })).items) {
      out.set(`${n}/Deployment/${d.metadata?.name}`, normalized({ ...d } as Record<string, unknown>));
    }
  }
  return out;
}

export interface ApplyBenchFigures {
  objects: number;
  kubectl: { first: RunCost; again: RunCost };
  berth: { first: RunCost; again: RunCost };
  cores: number;
  identical: boolean;
  differences: string[];
}

export async function runApplyBench(): Promise<ApplyBenchFigures> {
  const kubectl = (await ensureKubectl((line) => process.stderr.write(`${line}\n`))).path;
  const cluster = await startCluster({ log: (line) => process.stderr.write(`${line}\n`) });
  const dir = await mkdtemp(join(tmpdir(), 'berth-bench-apply-'));
  try {
    const c = clients(cluster.kubeconfig);
    const kubectlNs = await writeSet(join(dir, 'kubectl'), 'bench-k');
    const berthNs = await writeSet(join(dir, 'berth'), 'bench-b');
    const env = { ...process.env, KUBECACHEDIR: join(dir, 'kube-cache'), NO_COLOR: '1' };
    const kubectlArgs = [
      '--kubeconfig',
      cluster.kubeconfig,
      'apply',
      '--server-side',
      '-f',
      join(dir, 'kubectl'),
    ];
    const berthCli = await bundleCli(join(dir, 'bundle'));
    const berthArgs = [
      berthCli,
      'apply',
      '--cluster',
      'live',
      '--kubeconfig',
      cluster.kubeconfig,
      '--root',
      dir,
      '--head',
      join(dir, 'berth'),
      '--applyset',
      'bench',
      '--no-wait',
    ];
    const kubectlFirst = await timed('kubectl apply', kubectl, kubectlArgs, env, cluster, c);
    const berthFirst = await timed('berth apply', process.execPath, berthArgs, env, cluster, c);
    const kubectlAgain = await timed('kubectl apply (again)', kubectl, kubectlArgs, env, cluster, c);
    const berthAgain = await timed('berth apply (again)', process.execPath, berthArgs, env, cluster, c);
    const figures = {
      kubectl: { first: kubectlFirst, again: kubectlAgain },
      berth: { first: berthFirst, again: berthAgain },
    };
    const k = await liveSet(c, kubectlNs);
    const b = await liveSet(c, berthNs);
    const differences: string[] = [];
    for (const [key, value] of k) if (b.get(key) !== value) differences.push(key);
    for (const key of b.keys()) if (!k.has(key)) differences.push(key);
    return {
      objects: NAMESPACES * (2 * PER_KIND + 1),
      ...figures,
      cores: availableParallelism(),
      identical: differences.length === 0 && k.size === NAMESPACES * 2 * PER_KIND,
      differences,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await cluster.stop();
  }
}

export function formatApplyBench(f: ApplyBenchFigures): { text: string; pass: boolean } {
  const ratioFirst = f.kubectl.first.seconds / f.berth.first.seconds;
  const ratioAgain = f.kubectl.again.seconds / f.berth.again.seconds;
  const pass = ratioFirst >= 3 && ratioAgain >= 5 && f.identical;
  const servers = Object.keys(f.berth.first.serverCpu);
  const short = (name: string) => name.replace(/^kube-/, '');
  const costLine = (label: string, r: RunCost) => {
    const server = servers.map((s) => (r.serverCpu[s] ?? 0).toFixed(2).padStart(short(s).length));
    const busy = (r.toolCpu + Object.values(r.serverCpu).reduce((a, b) => a + b, 0)) / r.seconds;
    return `  ${label.padEnd(22)} ${r.seconds.toFixed(2).padStart(6)} ${r.toolCpu.toFixed(2).padStart(8)}  ${server.join('  ')}  ${busy.toFixed(2).padStart(10)}  ${String(r.applies).padStart(7)} (${r.dryRuns} dry runs)`;
  };
  const lines = [
    `apply: ${f.objects} objects (${NAMESPACES} namespaces, ${NAMESPACES * PER_KIND} ConfigMaps, ${NAMESPACES * PER_KIND} Deployments), ${f.cores} cores`,
    `                     kubectl --server-side   berth apply   ratio (target)`,
    `  from nothing       ${f.kubectl.first.seconds.toFixed(2).padStart(8)} s            ${f.berth.first.seconds.toFixed(2).padStart(6)} s    ${ratioFirst.toFixed(2)}x (>= 3x) ${ratioFirst >= 3 ? 'PASS' : 'FAIL'}`,
    `  unchanged again    ${f.kubectl.again.seconds.toFixed(2).padStart(8)} s            ${f.berth.again.seconds.toFixed(2).padStart(6)} s    ${ratioAgain.toFixed(2)}x (>= 5x) ${ratioAgain >= 5 ? 'PASS' : 'FAIL'}`,
    `  live objects identical: ${f.identical ? 'PASS' : `FAIL (${f.differences.length} differ: ${f.differences.slice(0, 5).join(', ')})`}`,
    `  what each run cost (CPU seconds over the run; busy cores = all of them / wall time)`,
    `  ${''.padEnd(22)} ${'wall s'.padStart(6)} ${'tool CPU'.padStart(8)}  ${servers.map(short).join('  ')}  ${'busy cores'.padStart(10)}  applies`,
    costLine('kubectl from nothing', f.kubectl.first),
    costLine('berth from nothing', f.berth.first),
    costLine('kubectl unchanged', f.kubectl.again),
    costLine('berth unchanged', f.berth.again),
  ];
  return { text: lines.join('\n'), pass };
}
