/**
 * The per-cluster lock against the real API server: the Lease it writes, contention
 * decided by resourceVersion, a 409 retried, expiry of a holder that stopped renewing,
 * renewal, release (after success and failure), forced release and aborting a wait.
 */

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ClusterLock,
  type ClusterLockOptions,
  describeHolder,
  forceRelease,
  type LeaseHolder,
  LOCK_ANNOTATIONS,
  LockLostError,
  leaseName,
} from '../../src/cluster/lease.ts';
import type { KubeRequest } from '../../src/cluster/live.ts';
import { type ApiAnswer, KubeWriter } from '../../src/cluster/writer.ts';
import { type Clients, clients, deleteNamespace } from './kube.ts';

const NS = 'lease-test';
let kubeconfig: string;
let c: Clients;
const writers: KubeWriter[] = [];

function writer(): KubeWriter {
  const w = new KubeWriter({ kubeconfig });
  writers.push(w);
  return w;
}

function lock(cluster: string, identity: string, extra: Partial<ClusterLockOptions> = {}): ClusterLock {
  return new ClusterLock({ writer: writer(), cluster, namespace: NS, identity, ...extra });
}

async function leaseObject(cluster: string): Promise<Record<string, unknown>> {
  const w = writer();
  const answer = await w.call({
    path: `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/${leaseName(cluster)}`,
  });
  if (!answer.ok) throw new Error(answer.message);
  return answer.object;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Short timings, so expiry and renewal happen within a test. */
const quick = { leaseDurationSeconds: 2, renewDeadlineMs: 1_500, retryPeriodMs: 300 };

beforeAll(() => {
  kubeconfig = inject('kubeconfig');
  c = clients(kubeconfig);
});

afterAll(async () => {
  for (const w of writers) w.close();
  await deleteNamespace(c, NS);
});

describe('the cluster lock (a coordination.k8s.io Lease)', () => {
  it('refuses to create the namespace unless asked, then writes the Lease with the expected fields', async () => {
    const refused = lock('prod', 'app-1');
    await expect(refused.tryAcquire()).rejects.toThrow(
      `cannot take the cluster lock: namespace ${NS} does not exist`,
    );

    const first = lock('prod', 'app-1_pod-a', {
      createNamespace: true,
      repository: 'acme/web',
      pr: 42,
      job: 'apply 1a2b3c4 to prod',
    });
    const before = Date.now();
    expect(await first.tryAcquire()).toEqual({ acquired: true });
    expect(first.held).toBe(true);

    const lease = await leaseObject('prod');
    const meta = lease.metadata as {
      name: string;
      labels: Record<string, string>;
      annotations: Record<string, string>;
    };
    const spec = lease.spec as Record<string, unknown>;
    expect(meta.name).toBe('berth-prod');
    expect(meta.labels).toEqual({ 'app.kubernetes.io/managed-by': 'berth' });
    expect(spec).toMatchObject({
      holderIdentity: 'app-1_pod-a',
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    // metav1.MicroTime: six fraction digits, as client-go writes them.
    expect(spec.acquireTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(spec.renewTime).toBe(spec.acquireTime);
    expect(Date.parse(String(spec.acquireTime).replace(/(\.\d{3})\d+/, '$1'))).toBeGreaterThanOrEqual(
      before - 1000,
    );
    expect(meta.annotations).toMatchObject({
      [LOCK_ANNOTATIONS.repository]: 'acme/web',
      [LOCK_ANNOTATIONS.pr]: '42',
      [LOCK_ANNOTATIONS.job]: 'apply 1a2b3c4 to prod',
      [LOCK_ANNOTATIONS.since]: spec.acquireTime,
    });

    // Another process is told who holds it, for what and since when.
    const other = lock('prod', 'app-2_pod-b');
    const answer = await other.tryAcquire();
    expect(answer.acquired).toBe(false);
    const holder = (answer as { holder: LeaseHolder }).holder;
    expect(describeHolder(holder)).toMatch(
      /^held by app-1_pod-a for acme\/web PR #42 \(apply 1a2b3c4 to prod\) since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(await first.release()).toBe(true);
  });

  it('lets exactly one of several processes that race for a free Lease take it', async () => {
    for (const cluster of ['race-new', 'race-free']) {
      if (cluster === 'race-free') {
        // A Lease that exists and is free: the race is decided by resourceVersion on PUT.
        const setup = lock(cluster, 'setup');
        await setup.tryAcquire();
        await setup.release();
      }
      const contenders = Array.from({ length: 5 }, (_, i) => lock(cluster, `contender-${i}`));
      const results = await Promise.all(contenders.map((l) => l.tryAcquire()));
      const winners = contenders.filter((_, i) => results[i]!.acquired);
      expect(winners, cluster).toHaveLength(1);
      const winner = winners[0]!.identity;
      for (const r of results) if (!r.acquired) expect(r.holder.identity).toBe(winner);
      expect((await leaseObject(cluster)).spec).toMatchObject({ holderIdentity: winner });
      await winners[0]!.release();
    }
  });

  it('retries a write that the API server refuses with 409 Conflict, on a fresh read', async () => {
    const setup = lock('conflict', 'setup');
    await setup.tryAcquire();
    await setup.release();

    /** Before the first PUT goes out, someone else changes the Lease: the PUT carries a stale resourceVersion. */
    class Interfering extends KubeWriter {
      statuses: number[] = [];
      private interfered = false;
      override async call(request: KubeRequest): Promise<ApiAnswer> {
        if (request.method === 'PUT' && !this.interfered) {
          this.interfered = true;
          const other = writer();
          const current = await other.call({ path: request.path });
          if (!current.ok) throw new Error(current.message);
          const meta = current.object.metadata as { labels?: Record<string, string> };
          meta.labels = { ...meta.labels, touched: 'yes' };
          const put = await other.call({
            method: 'PUT',
            path: request.path,
            body: JSON.stringify(current.object),
          });
          if (!put.ok) throw new Error(put.message);
        }
        const answer = await super.call(request);
        if (request.method === 'PUT') this.statuses.push(answer.ok ? 200 : answer.status);
        return answer;
      }
    }
    const w = new Interfering({ kubeconfig });
    writers.push(w);
    const l = new ClusterLock({ writer: w, cluster: 'conflict', namespace: NS, identity: 'retrier' });
    expect(await l.tryAcquire()).toEqual({ acquired: true });
    expect(w.statuses).toEqual([409, 200]);
    const lease = await leaseObject('conflict');
    expect(lease.spec).toMatchObject({ holderIdentity: 'retrier' });
    expect((lease.metadata as { labels: Record<string, string> }).labels.touched).toBe('yes');
    await l.release();
  });

  it('lets a waiter take the Lease once its holder stops renewing and the duration passes, saying who held it', async () => {
    const dead = lock('expiry', 'crashed-app', { ...quick, pr: 7, job: 'apply abc to expiry' });
    expect(await dead.tryAcquire()).toEqual({ acquired: true });
    const micro = (t: unknown) => Date.parse(String(t).replace(/(\.\d{3})\d+/, '$1'));
    const lastRenewal = micro(((await leaseObject('expiry')).spec as { renewTime: string }).renewTime);
    // The holder "dies": it never renews.
    const waiter = lock('expiry', 'waiting-app', quick);
    const seen: LeaseHolder[] = [];
    await waiter.acquire({ onWait: (h) => seen.push(h) });
    expect(seen.map((h) => [h.identity, h.pr, h.job])).toEqual([['crashed-app', 7, 'apply abc to expiry']]);
    const taken = (await leaseObject('expiry')).spec as Record<string, unknown>;
    expect(taken).toMatchObject({ holderIdentity: 'waiting-app', leaseTransitions: 1 });
    // Not taken before the dead holder's last renewal plus its two seconds.
    expect(micro(taken.acquireTime)).toBeGreaterThanOrEqual(lastRenewal + 2_000);
    // The dead holder, if it woke up, would find it lost.
    expect(await dead.renew()).toBe(false);
    await waiter.release();
  });

  it('tells the waiter each new holder while it waits', async () => {
    const first = lock('handover', 'first-app', { ...quick, pr: 1 });
    const second = lock('handover', 'second-app', { ...quick, pr: 2 });
    await first.tryAcquire();
    const waiter = lock('handover', 'waiter', quick);
    const seen: string[] = [];
    let handedOver: Promise<unknown> = Promise.resolve();
    await waiter.acquire({
      onWait: (h) => {
        seen.push(`${h.identity} PR #${h.pr}`);
        // While the waiter sleeps, the first holder hands the Lease to another process (which then dies).
        if (h.identity === 'first-app') handedOver = first.release().then(() => second.tryAcquire());
      },
    });
    await handedOver;
    expect(seen).toEqual(['first-app PR #1', 'second-app PR #2']);
    expect((await leaseObject('handover')).spec).toMatchObject({ holderIdentity: 'waiter' });
    await waiter.release();
  });

  it('keeps the Lease while the holder renews it, past its duration, and frees it at once when the work ends', async () => {
    const holder = lock('renewed', 'worker', quick);
    const rival = lock('renewed', 'rival', quick);
    const renewTimes = new Set<string>();
    const attempts: boolean[] = [];
    await holder.run(async (signal) => {
      for (let i = 0; i < 10; i++) {
        await sleep(400);
        renewTimes.add(String(((await leaseObject('renewed')).spec as { renewTime: string }).renewTime));
        attempts.push((await rival.tryAcquire()).acquired);
      }
      expect(signal.aborted).toBe(false);
    });
    // Four seconds of work, twice the Lease's duration: renewed all along, never taken.
    expect(attempts.every((a) => a === false)).toBe(true);
    expect(renewTimes.size).toBeGreaterThan(3);
    expect(holder.held).toBe(false);
    // Released: free at once, not after the duration.
    expect((await leaseObject('renewed')).spec).not.toHaveProperty('holderIdentity');
    expect(await rival.tryAcquire()).toEqual({ acquired: true });
    await rival.release();
  });

  it('releases the Lease when the work throws', async () => {
    const l = lock('throws', 'worker');
    await expect(
      l.run(async () => {
        throw new Error('apply failed');
      }),
    ).rejects.toThrow('apply failed');
    const next = lock('throws', 'next');
    expect(await next.tryAcquire()).toEqual({ acquired: true });
    await next.release();
  });

  it('is freed by a forced release (/berth unlock), and the holder stops its work at its next renewal', async () => {
    const holder = lock('unlock', 'stuck-app', { ...quick, pr: 9 });
    let aborted: unknown;
    const running = holder.run(
      (signal) =>
        new Promise<string>((resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = signal.reason;
            reject(signal.reason);
          });
          setTimeout(() => resolve('finished'), 20_000);
        }),
    );
    await sleep(500);
    const released = await forceRelease(writer(), 'unlock', NS);
    expect(released).toMatchObject({ identity: 'stuck-app', pr: 9 });
    const next = lock('unlock', 'next-app', quick);
    expect(await next.tryAcquire()).toEqual({ acquired: true });
    await expect(running).rejects.toBeInstanceOf(LockLostError);
    // Held by next-app, or released: whichever the holder saw first at its renewal.
    expect(String((aborted as Error).message)).toMatch(
      /^lost the cluster lock Lease lease-test\/berth-unlock: (held by next-app|it was released by someone else)/,
    );
    // The old holder's release leaves the new holder alone.
    expect((await leaseObject('unlock')).spec).toMatchObject({ holderIdentity: 'next-app' });
    await next.release();
    expect(await forceRelease(writer(), 'unlock', NS)).toBeUndefined();
  });

  it('stops the work when the API server stops answering its renewals, before the Lease can lapse', async () => {
    /** Answers until told to hang, then never answers a PUT again (an API server cut off). */
    class Hanging extends KubeWriter {
      hang = false;
      override call(request: KubeRequest): Promise<ApiAnswer> {
        if (this.hang && request.method === 'PUT') return new Promise(() => {});
        return super.call(request);
      }
    }
    const w = new Hanging({ kubeconfig });
    writers.push(w);
    const holder = new ClusterLock({
      writer: w,
      cluster: 'cut',
      namespace: NS,
      identity: 'cut-off',
      leaseDurationSeconds: 4,
      renewDeadlineMs: 2_000,
      retryPeriodMs: 300,
    });
    let abortedAt = 0;
    const outcome = await holder
      .run(
        (signal) =>
          new Promise((_resolve, reject) => {
            w.hang = true;
            signal.addEventListener('abort', () => {
              abortedAt = Date.now();
              reject(signal.reason);
            });
          }),
      )
      .catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(LockLostError);
    expect((outcome as Error).message).toMatch(
      /^lost the cluster lock Lease lease-test\/berth-cut: could not renew it for 2s \(no answer within \d+s\)$/,
    );
    // The work stopped while the Lease was still its own: before its last renewal plus the duration.
    const spec = (await leaseObject('cut')).spec as { holderIdentity: string; renewTime: string };
    expect(spec.holderIdentity).toBe('cut-off');
    expect(abortedAt).toBeLessThan(Date.parse(spec.renewTime.replace(/(\.\d{3})\d+/, '$1')) + 4_000);
  });

  it('stops waiting when its signal is aborted', async () => {
    const holder = lock('abort', 'holder');
    await holder.tryAcquire();
    const waiter = lock('abort', 'waiter');
    const controller = new AbortController();
    const waiting = waiter.acquire({
      signal: controller.signal,
      onWait: () => controller.abort(new Error('cancelled')),
    });
    await expect(waiting).rejects.toThrow('cancelled');
    expect(waiter.held).toBe(false);
    expect((await leaseObject('abort')).spec).toMatchObject({ holderIdentity: 'holder' });
    await holder.release();
  });
});
