import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VersionApi } from '@kubernetes/client-node';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureControlPlane } from '../../tools/control-plane/build.ts';
import { startCluster } from '../../tools/control-plane/harness.ts';
import {
  clients,
  createFakeNodes,
  createNamespace,
  deleteFakeNodes,
  deleteNamespace,
  waitForRunning,
} from './kube.ts';

const run = promisify(execFile);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

describe('the control plane binaries', () => {
  const cases: {
    binary: 'kube-apiserver' | 'kube-scheduler' | 'kube-controller-manager' | 'etcd' | 'kwok';
    expected: RegExp;
  }[] = [
    { binary: 'kube-apiserver', expected: /^Kubernetes v1\.37\.2$/m },
    { binary: 'kube-scheduler', expected: /^Kubernetes v1\.37\.2$/m },
    { binary: 'kube-controller-manager', expected: /^Kubernetes v1\.37\.2$/m },
    { binary: 'etcd', expected: /^etcd Version: 3\.7\.0$/m },
    { binary: 'kwok', expected: /0\.8\.0/ },
  ];
  for (const c of cases) {
    it(`${c.binary} states the release it was built from`, async () => {
      const { paths } = await ensureControlPlane();
      const { stdout } = await run(paths[c.binary], ['--version']);
      expect(stdout).toMatch(c.expected);
    });
  }
});

describe('the running cluster', () => {
  const c = clients(inject('kubeconfig'));

  afterAll(async () => {
    await deleteNamespace(c, 'harness');
    await deleteFakeNodes(c);
  });

  it('serves Kubernetes v1.37.2', async () => {
    const version = await c.kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.37.2');
  });

  it('gives fake nodes the capacity, labels and taints asked for, and runs the pods kube-scheduler binds to them', async () => {
    await createFakeNodes(c, [
      {
        name: 'harness-gpu',
        cpu: '8',
        memory: '32Gi',
        extended: { 'example.com/gpu': '4' },
        labels: { pool: 'gpu' },
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      },
    ]);
    const node = await c.core.readNode({ name: 'harness-gpu' });
    expect(node.status?.allocatable).toMatchObject({ cpu: '8', memory: '32Gi', 'example.com/gpu': '4' });
    expect(node.metadata?.labels?.pool).toBe('gpu');
    expect(node.spec?.taints).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);

    await createNamespace(c, 'harness');
    await c.core.createNamespacedPod({
      namespace: 'harness',
      body: {
        metadata: { name: 'on-gpu' },
        spec: {
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
          containers: [
            { name: 'app', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '1' } } },
          ],
        },
      },
    });
    const [pod] = await waitForRunning(c, 'harness');
    expect(pod?.spec?.nodeName).toBe('harness-gpu');
    expect(pod?.status?.phase).toBe('Running');
  });
});

describe('stopping a cluster', () => {
  it('leaves no process and no temporary folder behind', async () => {
    const cluster = await startCluster({ log: () => {} });
    expect(cluster.processes.map((p) => p.name)).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kwok',
    ]);
    expect(cluster.processes.every((p) => alive(p.pid))).toBe(true);
    await cluster.stop();
    for (const p of cluster.processes) expect(await gone(p.pid)).toBe(true);
    expect(existsSync(cluster.dir)).toBe(false);
  });

  it('the watchdog stops a cluster whose owner was killed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'berth-cluster-'));
    // A stand-in cluster process in its own group, and an owner that dies at once.
    const member = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const owner = spawn('sleep', ['0.3'], { stdio: 'ignore' });
    await writeFile(
      join(dir, 'state.json'),
      JSON.stringify({ dir, processes: [{ name: 'etcd', pid: member.pid }] }),
    );
    const watchdog = spawn(
      process.execPath,
      [join(import.meta.dirname, 'watchdog.ts'), String(owner.pid), dir],
      { stdio: 'ignore' },
    );
    try {
      expect(await gone(member.pid ?? 0)).toBe(true);
      expect(existsSync(dir)).toBe(false);
    } finally {
      member.kill('SIGKILL');
      watchdog.kill('SIGKILL');
    }
  });
});
