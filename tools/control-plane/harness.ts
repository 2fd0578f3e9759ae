/**
 * Starts and stops a real control plane on loopback: etcd, kube-apiserver
 * (TLS on 127.0.0.1, static token auth, Node+RBAC authorization),
 * kube-controller-manager, kube-scheduler (upstream's default profile) and kwok,
 * which plays the kubelet of fake nodes so bound pods become Running.
 *
 * Everything lives in one temporary folder (certificates, kubeconfigs, etcd data,
 * logs, `state.json` with the process ids); stopping kills each process group and
 * removes the folder.
 */

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { type ControlPlaneBinaries, ensureControlPlane } from './build.ts';

const run = promisify(execFile);

export interface ClusterProcess {
  name: string;
  pid: number;
}

/** What a running cluster leaves on disk in `state.json`, enough for another process to stop it. */
export interface ClusterState {
  dir: string;
  /** Admin kubeconfig (token user in `system:masters`). */
  kubeconfig: string;
  server: string;
  caFile: string;
  processes: ClusterProcess[];
  /** kube-scheduler's `/metrics` (the admin token may read it). */
  schedulerMetrics: string;
  startedAt: string;
  /** Seconds from the first process start to a ready cluster. */
  startSeconds: number;
}

export interface StartOptions {
  /** Leave the processes running when this Node process exits (`npm run cluster:up`). */
  detach?: boolean;
  log?: (line: string) => void;
  binaries?: ControlPlaneBinaries;
}

export interface RunningCluster extends ClusterState {
  stop(): Promise<void>;
}

const SERVICE_CIDR = '10.96.0.0/16';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await run('openssl', args, { cwd });
}

/** A throwaway CA and a serving certificate for the API server, valid for two days. */
async function writeCertificates(pki: string): Promise<void> {
  await mkdir(pki, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=berth-test-ca',
    ],
    pki,
  );
  await openssl(
    ['req', ...ec, '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver'],
    pki,
  );
  await writeFile(
    join(pki, 'apiserver.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc',
      '',
    ].join('\n'),
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'apiserver.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'apiserver.ext',
      '-out',
      'apiserver.crt',
    ],
    pki,
  );
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  await writeFile(join(pki, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(pki, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
}

function kubeconfigYaml(server: string, caFile: string, user: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'berth-test', cluster: { server, 'certificate-authority': caFile } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'berth-test', context: { cluster: 'berth-test', user, namespace: 'default' } }],
    'current-context': 'berth-test',
  });
}

interface HttpResult {
  status: number;
  body: string;
}

function httpsGet(
  url: string,
  options: { ca?: Buffer; token?: string; insecure?: boolean },
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        timeout: 5000,
        ...(options.ca ? { ca: options.ca } : {}),
        // Component health ports serve certificates they generate themselves at start.
        ...(options.insecure ? { rejectUnauthorized: false } : {}),
        headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Stops every process group of a cluster (TERM, then KILL after a grace period)
 * and removes its folder. Safe to call twice and from another process.
 */
export async function stopCluster(
  state: Pick<ClusterState, 'dir' | 'processes'>,
  children?: ChildProcess[],
): Promise<void> {
  // Stop in reverse start order so clients go before the API server and etcd.
  const processes = [...state.processes].reverse();
  const exited = new Set<number>();
  for (const child of children ?? []) {
    if (child.pid !== undefined && (child.exitCode !== null || child.signalCode !== null))
      exited.add(child.pid);
    child.once('exit', () => {
      if (child.pid !== undefined) exited.add(child.pid);
    });
  }
  const isRunning = (pid: number) => !exited.has(pid) && alive(pid) && !isZombie(pid);
  for (const { pid } of processes) signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (processes.some(({ pid }) => isRunning(pid)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const { pid } of processes) signalGroup(pid, 'SIGKILL');
  await rm(state.dir, { recursive: true, force: true });
}

/** The synchronous last resort for `exit` handlers and signals: no waiting, no promises. */
export function killClusterNow(state: Pick<ClusterState, 'dir' | 'processes'>): void {
  for (const { pid } of state.processes) signalGroup(pid, 'SIGKILL');
  rmSync(state.dir, { recursive: true, force: true });
}

function isZombie(pid: number): boolean {
  // A child that exited but was not reaped yet still answers kill(pid, 0).
  try {
    return /\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Starts a cluster in a new temporary folder and waits until it schedules:
 * `/readyz` answers ok, the scheduler and the controller manager are healthy
 * and the `default` service account exists (pods are admitted).
 */
export async function startCluster(options: StartOptions = {}): Promise<RunningCluster> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const binaries = options.binaries ?? (await ensureControlPlane(log));
  const dir = await mkdtemp(join(tmpdir(), 'berth-cluster-'));
  const processes: ClusterProcess[] = [];
  const children: ChildProcess[] = [];
  const state: ClusterState = {
    dir,
    kubeconfig: join(dir, 'admin.kubeconfig'),
    server: '',
    caFile: join(dir, 'pki', 'ca.crt'),
    processes,
    schedulerMetrics: '',
    startedAt: new Date().toISOString(),
    startSeconds: 0,
  };
  const saveState = () => writeFile(join(dir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
  const started = Date.now();

  const launch = async (name: keyof ControlPlaneBinaries['paths'], args: string[]) => {
    const logFile = join(dir, 'logs', `${name}.log`);
    const fd = openSync(logFile, 'a');
    const child = spawn(binaries.paths[name], args, { cwd: dir, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    if (options.detach) child.unref();
    children.push(child);
    processes.push({ name, pid: child.pid });
    await saveState();
    return { child, logFile };
  };

  const waitFor = async (
    what: string,
    probe: () => Promise<boolean>,
    watched: { child: ChildProcess; logFile: string }[],
    timeoutMs = 60_000,
  ) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const { child, logFile } of watched) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `${what}: ${logFile.split('/').at(-1)} exited (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`,
          );
        }
      }
      if (await probe().catch(() => false)) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${what}: not ready after ${timeoutMs / 1000}s:\n${watched.map((w) => tail(w.logFile, 8)).join('\n---\n')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  try {
    await mkdir(join(dir, 'logs'));
    const pki = join(dir, 'pki');
    await writeCertificates(pki);
    const [etcdClient, etcdPeer, apiPort, kcmPort, schedulerPort, kwokPort] = await Promise.all(
      Array.from({ length: 6 }, () => freePort()),
    );
    const server = `https://127.0.0.1:${apiPort}`;
    state.server = server;
    state.schedulerMetrics = `https://127.0.0.1:${schedulerPort}/metrics`;
    const tokens = {
      admin: randomBytes(24).toString('hex'),
      scheduler: randomBytes(24).toString('hex'),
      controllerManager: randomBytes(24).toString('hex'),
      kwok: randomBytes(24).toString('hex'),
    };
    await writeFile(
      join(pki, 'tokens.csv'),
      [
        `${tokens.admin},berth-admin,berth-admin,"system:masters"`,
        `${tokens.scheduler},system:kube-scheduler,system:kube-scheduler`,
        `${tokens.controllerManager},system:kube-controller-manager,system:kube-controller-manager`,
        `${tokens.kwok},kwok,kwok,"system:masters"`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const caFile = state.caFile;
    await writeFile(state.kubeconfig, kubeconfigYaml(server, caFile, 'berth-admin', tokens.admin), {
      mode: 0o600,
    });
    const schedulerKubeconfig = join(dir, 'scheduler.kubeconfig');
    await writeFile(
      schedulerKubeconfig,
      kubeconfigYaml(server, caFile, 'system:kube-scheduler', tokens.scheduler),
      { mode: 0o600 },
    );
    const kcmKubeconfig = join(dir, 'controller-manager.kubeconfig');
    await writeFile(
      kcmKubeconfig,
      kubeconfigYaml(server, caFile, 'system:kube-controller-manager', tokens.controllerManager),
      {
        mode: 0o600,
      },
    );
    const kwokKubeconfig = join(dir, 'kwok.kubeconfig');
    await writeFile(kwokKubeconfig, kubeconfigYaml(server, caFile, 'kwok', tokens.kwok), { mode: 0o600 });

    const etcd = await launch('etcd', [
      '--name=berth',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=berth=http://127.0.0.1:${etcdPeer}`,
      // A test cluster's data is thrown away: skip fsync so a slow disk does not slow every write.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);

    const apiserver = await launch('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'apiserver-certs')}`,
      `--tls-cert-file=${join(pki, 'apiserver.crt')}`,
      `--tls-private-key-file=${join(pki, 'apiserver.key')}`,
      `--client-ca-file=${caFile}`,
      `--token-auth-file=${join(pki, 'tokens.csv')}`,
      '--authorization-mode=Node,RBAC',
      `--service-account-key-file=${join(pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      // The `kubernetes` Service's endpoints would point at loopback, which Endpoints reject.
      '--endpoint-reconciler-type=none',
      '--allow-privileged=true',
      '--profiling=false',
    ]);
    const ca = await readFile(caFile);
    await waitFor(
      'kube-apiserver',
      async () => (await httpsGet(`${server}/readyz`, { ca, token: tokens.admin })).body === 'ok',
      [etcd, apiserver],
      90_000,
    );

    const kcm = await launch('kube-controller-manager', [
      `--kubeconfig=${kcmKubeconfig}`,
      `--authentication-kubeconfig=${kcmKubeconfig}`,
      `--authorization-kubeconfig=${kcmKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      `--cert-dir=${join(dir, 'controller-manager-certs')}`,
      '--leader-elect=false',
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${join(pki, 'sa.key')}`,
      `--root-ca-file=${caFile}`,
      `--cluster-signing-cert-file=${caFile}`,
      `--cluster-signing-key-file=${join(pki, 'ca.key')}`,
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      // kwok's heartbeat comes every 20-45 s; a longer grace keeps fake nodes from flapping to Unknown.
      '--node-monitor-grace-period=5m',
      '--node-monitor-period=1s',
      // The default 20 requests/s would make the ReplicaSet controller, not the scheduler, the bottleneck.
      '--kube-api-qps=200',
      '--kube-api-burst=400',
    ]);

    const schedulerConfig = join(dir, 'scheduler-config.yaml');
    await writeFile(
      schedulerConfig,
      stringify({
        apiVersion: 'kubescheduler.config.k8s.io/v1',
        kind: 'KubeSchedulerConfiguration',
        clientConnection: { kubeconfig: schedulerKubeconfig, qps: 200, burst: 400 },
        leaderElection: { leaderElect: false },
        // berth scores every feasible node; so does upstream below 100 nodes, and always with 100.
        percentageOfNodesToScore: 100,
        // Upstream's default plugins and weights, as berth's default profile.
        profiles: [{ schedulerName: 'default-scheduler' }],
      }),
    );
    const scheduler = await launch('kube-scheduler', [
      `--config=${schedulerConfig}`,
      `--authentication-kubeconfig=${schedulerKubeconfig}`,
      `--authorization-kubeconfig=${schedulerKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${schedulerPort}`,
      `--cert-dir=${join(dir, 'scheduler-certs')}`,
    ]);

    const kwok = await launch('kwok', [
      `--kubeconfig=${kwokKubeconfig}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      `--server-address=127.0.0.1:${kwokPort}`,
      '--node-ip=10.244.0.1',
      '--cidr=10.244.0.0/16',
      ...binaries.kwokStages.map((file) => `--config=${file}`),
    ]);

    const all = [etcd, apiserver, kcm, scheduler, kwok];
    await waitFor(
      'kube-scheduler',
      async () =>
        (await httpsGet(`https://127.0.0.1:${schedulerPort}/healthz`, { insecure: true })).body === 'ok',
      all,
    );
    await waitFor(
      'kube-controller-manager',
      async () => (await httpsGet(`https://127.0.0.1:${kcmPort}/healthz`, { insecure: true })).body === 'ok',
      all,
    );
    await waitFor(
      'the default service account',
      async () =>
        (
          await httpsGet(`${server}/api/v1/namespaces/default/serviceaccounts/default`, {
            ca,
            token: tokens.admin,
          })
        ).status === 200,
      all,
    );
    await waitFor('kwok', async () => (await fetch(`http://127.0.0.1:${kwokPort}/healthz`)).ok, all);
    state.startSeconds = Math.round((Date.now() - started) / 100) / 10;
    await saveState();
  } catch (error) {
    await stopCluster(state, children);
    throw error;
  }
  return { ...state, stop: () => stopCluster(state, children) };
}

/** Reads `state.json` of a cluster started by another process. */
export async function readClusterState(dir: string): Promise<ClusterState | undefined> {
  const file = join(dir, 'state.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as ClusterState;
}

export function isClusterRunning(state: ClusterState): boolean {
  return state.processes.length > 0 && state.processes.every(({ pid }) => alive(pid));
}
