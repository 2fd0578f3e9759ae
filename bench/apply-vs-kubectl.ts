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
 * Deployments have `replicas: 0`, so the controllers stay idle and the API
 * server's time goes to the two clients' requests. berth runs with `--no-wait`
 * (kubectl does not wait either) and without `--prune`.
 *
 * Targets: berth at least 3x faster from nothing, 5x on the unchanged re-apply.
 */

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Clients, clients } from '../test/cluster/kube.ts';
import { bundleCli } from '../tools/bundle.ts';
import { ensureKubectl } from '../tools/control-plane/build.ts';
import { startCluster } from '../tools/control-plane/harness.ts';

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

async function timed(what: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  try {
    await run(command, args, { env, maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string };
    throw new Error(`${what} failed: ${(e.stderr || e.stdout || String(error)).slice(0, 2000)}`);
  }
  return (performance.now() - started) / 1000;
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
  kubectl: { first: number; again: number };
  berth: { first: number; again: number };
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
    const figures = {
      kubectl: { first: 0, again: 0 },
      berth: { first: 0, again: 0 },
    };
    figures.kubectl.first = await timed('kubectl apply', kubectl, kubectlArgs, env);
    figures.berth.first = await timed('berth apply', process.execPath, berthArgs, env);
    figures.kubectl.again = await timed('kubectl apply (again)', kubectl, kubectlArgs, env);
    figures.berth.again = await timed('berth apply (again)', process.execPath, berthArgs, env);
    const k = await liveSet(c, kubectlNs);
    const b = await liveSet(c, berthNs);
    const differences: string[] = [];
    for (const [key, value] of k) if (b.get(key) !== value) differences.push(key);
    for (const key of b.keys()) if (!k.has(key)) differences.push(key);
    return {
      objects: NAMESPACES * (2 * PER_KIND + 1),
      ...figures,
      identical: differences.length === 0 && k.size === NAMESPACES * 2 * PER_KIND,
      differences,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await cluster.stop();
  }
}

export function formatApplyBench(f: ApplyBenchFigures): { text: string; pass: boolean } {
  const ratioFirst = f.kubectl.first / f.berth.first;
  const ratioAgain = f.kubectl.again / f.berth.again;
  const pass = ratioFirst >= 3 && ratioAgain >= 5 && f.identical;
  const lines = [
    `apply: ${f.objects} objects (${NAMESPACES} namespaces, ${NAMESPACES * PER_KIND} ConfigMaps, ${NAMESPACES * PER_KIND} Deployments)`,
    `                     kubectl --server-side   berth apply   ratio (target)`,
    `  from nothing       ${f.kubectl.first.toFixed(2).padStart(8)} s            ${f.berth.first.toFixed(2).padStart(6)} s    ${ratioFirst.toFixed(2)}x (>= 3x) ${ratioFirst >= 3 ? 'PASS' : 'FAIL'}`,
    `  unchanged again    ${f.kubectl.again.toFixed(2).padStart(8)} s            ${f.berth.again.toFixed(2).padStart(6)} s    ${ratioAgain.toFixed(2)}x (>= 5x) ${ratioAgain >= 5 ? 'PASS' : 'FAIL'}`,
    `  live objects identical: ${f.identical ? 'PASS' : `FAIL (${f.differences.length} differ: ${f.differences.slice(0, 5).join(', ')})`}`,
  ];
  return { text: lines.join('\n'), pass };
}
