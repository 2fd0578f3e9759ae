/**
 * One lock per cluster: a coordination.k8s.io/v1 Lease named `berth-<cluster>` in the
 * inventory namespace, taken and renewed as client-go's leader election does
 * (k8s.io/client-go/tools/leaderelection): every write is a PUT carrying the
 * resourceVersion that was read, so of two processes that race for a free Lease the
 * API server lets exactly one through and answers the other 409 Conflict.
 *
 * The spec holds what client-go's LeaseLock holds: `holderIdentity` (which process),
 * `leaseDurationSeconds`, `acquireTime`, `renewTime` and `leaseTransitions`.
 * Annotations say why it is held (which repository and pull request, which job, since
 * when) so a waiting job can tell its pull request "held by X for PR #N since T".
 *
 * A Lease is free when it has no holder, or when its holder has let it lapse. Lapsed
 * means either of: its `renewTime` plus the duration is past by this process's clock,
 * or this process has watched it unchanged for the whole duration (client-go's rule,
 * which tolerates any clock skew; the first lets a process that just started take over
 * from a holder that died long ago). The first assumes the App's clocks agree to well
 * under `leaseDurationSeconds - renewDeadline`, as NTP keeps them.
 *
 * The holder renews every `retryPeriodMs`; when it cannot renew for `renewDeadlineMs`,
 * or finds someone else holding the Lease (a forced release, an expiry), it stops the
 * work it guards through an AbortSignal. `renewDeadlineMs` is shorter than the Lease's
 * duration, so the work stops before anyone else may take over.
 *
 * Over ~400 lines because taking, renewing, releasing and force-releasing the Lease share
 * its reading, its writing and the lapse rules above, which are only right together.
 */

import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { BerthError } from '../model/diagnostics.ts';
import { printable } from '../model/printable.ts';
import type { ApiAnswer, ApiResource, KubeWriter } from './writer.ts';

export const LEASE_RESOURCE: ApiResource = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  namespaced: true,
};

const NAMESPACE_RESOURCE: ApiResource = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  namespaced: false,
};

/** The namespace of the ApplySet parent, where the Lease lives unless told otherwise. */
export const DEFAULT_LOCK_NAMESPACE = 'berth-system';

export const LOCK_ANNOTATIONS = {
  repository: 'berth.dev/lock-repository',
  pr: 'berth.dev/lock-pr',
  job: 'berth.dev/lock-job',
  since: 'berth.dev/lock-since',
} as const;

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'berth' };

/** client-go's defaults for its own components (kube-controller-manager, kube-scheduler). */
export const LOCK_DEFAULTS = {
  leaseDurationSeconds: 15,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
  /** Longest pause between two looks at a held Lease while waiting for it. */
  maxPollMs: 10_000,
} as const;

/** Why a lock is held, written as annotations next to the holder. */
export interface LockPurpose {
  /** `owner/repo`. */
  repository?: string;
  /** The pull request whose change the job applies. */
  pr?: number;
  /** Which job: `apply 1a2b3c4 to prod`, a delivery id. */
  job?: string;
}

/** Who holds a Lease and why, as read from the cluster (annotations cleaned for display). */
export interface LeaseHolder extends LockPurpose {
  identity: string;
  /** When this holder took it (its `berth.dev/lock-since`, else `acquireTime`). */
  since?: Date;
  renewedAt?: Date;
  leaseDurationSeconds: number;
  transitions: number;
}

export type TryAcquireResult = { acquired: true } | { acquired: false; holder: LeaseHolder };

export interface ClusterLockOptions extends LockPurpose {
  writer: KubeWriter;
  /** berth's name for the cluster (the config's `clusters[].name`). */
  cluster: string;
  /** Default `berth-system`. */
  namespace?: string;
  /** Which process: default `<hostname>_<random>`, as client-go's callers do. */
  identity?: string;
  /** Create the namespace when it does not exist (default false: say so and stop). */
  createNamespace?: boolean;
  leaseDurationSeconds?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  maxPollMs?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /** Called when the job starts waiting and whenever the holder changes while it waits. */
  onWait?: (holder: LeaseHolder) => void;
}

/** The lock was lost while held: renewal failed past the deadline, or someone else holds it now. */
export class LockLostError extends BerthError {
  readonly holder: LeaseHolder | undefined;
  constructor(message: string, holder?: LeaseHolder) {
    super('io', message);
    this.name = 'LockLostError';
    this.holder = holder;
  }
}

type Json = Record<string, unknown>;

/** `berth-<cluster>`: a valid object name; a cluster name that is not one is folded and given a hash. */
export function leaseName(cluster: string): string {
  const folded = cluster
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  if (folded === cluster && folded !== '') return `berth-${folded}`;
  const hash = createHash('sha256').update(cluster).digest('hex').slice(0, 10);
  return `berth-${folded ? `${folded}-` : ''}${hash}`;
}

/** `<hostname>_<random>`: unique per process, telling people which machine holds the lock. */
export function defaultIdentity(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, '-')
      .slice(0, 63) || 'berth';
  return `${host}_${randomBytes(6).toString('hex')}`;
}

/** metav1.MicroTime as the API server writes it: RFC 3339 with six fraction digits. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function parseTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** Annotation text shown to people: one inert line (see `printable`), bounded. */
function clean(value: unknown, max = 200): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = printable(value).trim();
  return text ? text.slice(0, max) : undefined;
}

function specOf(lease: Json | undefined): Json {
  return (lease?.spec ?? {}) as Json;
}

function metaOf(lease: Json | undefined): { resourceVersion?: string; annotations?: Record<string, string> } {
  return (lease?.metadata ?? {}) as { resourceVersion?: string; annotations?: Record<string, string> };
}

/** The holder a Lease names, or undefined when it names none. */
export function holderOf(lease: Json | undefined): LeaseHolder | undefined {
  const spec = specOf(lease);
  const identity = clean(spec.holderIdentity, 253);
  if (!identity) return undefined;
  const annotations = metaOf(lease).annotations ?? {};
  const pr = Number(annotations[LOCK_ANNOTATIONS.pr]);
  const holder: LeaseHolder = {
    identity,
    leaseDurationSeconds: typeof spec.leaseDurationSeconds === 'number' ? spec.leaseDurationSeconds : 0,
    transitions: typeof spec.leaseTransitions === 'number' ? spec.leaseTransitions : 0,
  };
  const repository = clean(annotations[LOCK_ANNOTATIONS.repository], 140);
  if (repository) holder.repository = repository;
  if (Number.isSafeInteger(pr) && pr > 0) holder.pr = pr;
  const job = clean(annotations[LOCK_ANNOTATIONS.job]);
  if (job) holder.job = job;
  const since = parseTime(annotations[LOCK_ANNOTATIONS.since]) ?? parseTime(spec.acquireTime);
  if (since) holder.since = since;
  const renewedAt = parseTime(spec.renewTime);
  if (renewedAt) holder.renewedAt = renewedAt;
  return holder;
}

/** "held by host_1a2b for acme/web PR #12 (apply 1a2b3c4) since 2026-12-06T22:00:00Z". */
export function describeHolder(holder: LeaseHolder): string {
  const parts = [`held by ${clean(holder.identity, 253) ?? '(unknown)'}`];
  const pr = holder.pr ? `PR #${holder.pr}` : '';
  const target = [clean(holder.repository, 140), pr].filter(Boolean).join(' ');
  if (target) parts.push(`for ${target}`);
  const job = clean(holder.job);
  if (job) parts.push(`(${job})`);
  if (holder.since) parts.push(`since ${holder.since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  return parts.join(' ');
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Conflicts retried at once (a fresh read, then the write again) before a call gives up. */
const CONFLICT_RETRIES = 5;

export class ClusterLock {
  readonly cluster: string;
  readonly name: string;
  readonly namespace: string;
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  private readonly writer: KubeWriter;
  private readonly purpose: LockPurpose;
  private readonly createNamespace: boolean;
  private readonly maxPollMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The Lease as last read or written by this process. */
  private last: Json | undefined;
  /** client-go's observedTime: when this process last saw the Lease change. */
  private observedVersion: string | undefined;
  private observedAt = 0;
  private holding = false;

  constructor(options: ClusterLockOptions) {
    this.writer = options.writer;
    this.cluster = options.cluster;
    this.name = leaseName(options.cluster);
    this.namespace = options.namespace ?? DEFAULT_LOCK_NAMESPACE;
    this.identity = options.identity ?? defaultIdentity();
    if (!this.identity || this.identity.length > 253 || /[\s]/.test(this.identity)) {
      throw new BerthError('usage', 'a lock identity is 1 to 253 characters without spaces');
    }
    this.purpose = {
      ...(options.repository ? { repository: options.repository } : {}),
      ...(options.pr ? { pr: options.pr } : {}),
      ...(options.job ? { job: options.job } : {}),
    };
    this.createNamespace = options.createNamespace ?? false;
    this.leaseDurationSeconds = options.leaseDurationSeconds ?? LOCK_DEFAULTS.leaseDurationSeconds;
    this.renewDeadlineMs = options.renewDeadlineMs ?? LOCK_DEFAULTS.renewDeadlineMs;
    this.retryPeriodMs = options.retryPeriodMs ?? LOCK_DEFAULTS.retryPeriodMs;
    this.maxPollMs = options.maxPollMs ?? LOCK_DEFAULTS.maxPollMs;
    if (!Number.isInteger(this.leaseDurationSeconds) || this.leaseDurationSeconds < 1) {
      throw new BerthError('usage', 'leaseDurationSeconds must be a whole number of seconds, at least 1');
    }
    // client-go's own checks (NewLeaderElector): duration > deadline > retry period.
    if (this.renewDeadlineMs >= this.leaseDurationSeconds * 1000) {
      throw new BerthError('usage', 'the renew deadline must be shorter than the lease duration');
    }
    if (this.retryPeriodMs <= 0 || this.retryPeriodMs >= this.renewDeadlineMs) {
      throw new BerthError('usage', 'the retry period must be positive and shorter than the renew deadline');
    }
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Whether this process holds the Lease, as far as it last knew. */
  get held(): boolean {
    return this.holding;
  }

  private get where(): string {
    return `Lease ${this.namespace}/${this.name}`;
  }

  private fail(what: string, answer: ApiAnswer & { ok: false }): BerthError {
    return new BerthError('io', this.writer.safe(`cannot ${what} ${this.where}: ${answer.message}`));
  }

  private observe(lease: Json | undefined): void {
    const version = metaOf(lease).resourceVersion;
    if (version !== this.observedVersion) {
      this.observedVersion = version;
      this.observedAt = this.now();
    }
    this.last = lease;
  }

  /** Whether a Lease read now leaves the lock free to take. */
  private lapsed(lease: Json): boolean {
    const holder = holderOf(lease);
    if (!holder) return true;
    const durationMs = holder.leaseDurationSeconds * 1000;
    if (this.observedAt + durationMs <= this.now()) return true;
    return holder.renewedAt !== undefined && holder.renewedAt.getTime() + durationMs <= this.now();
  }

  private async get(): Promise<Json | undefined> {
    const answer = await this.writer.call({
      path: this.writer.path(LEASE_RESOURCE, this.namespace, this.name),
    });
    if (answer.ok) return answer.object;
    if (answer.status === 404) return undefined;
    throw this.fail('read', answer);
  }

  /** The holder of the Lease if it is held and has not lapsed. */
  async read(): Promise<LeaseHolder | undefined> {
    const lease = await this.get();
    this.observe(lease);
    if (!lease || this.lapsed(lease)) return undefined;
    return holderOf(lease);
  }

  private annotations(existing: Record<string, string> | undefined, since: string): Record<string, string> {
    const out: Record<string, string> = { ...(existing ?? {}) };
    for (const key of Object.values(LOCK_ANNOTATIONS)) delete out[key];
    if (this.purpose.repository) out[LOCK_ANNOTATIONS.repository] = this.purpose.repository;
    if (this.purpose.pr) out[LOCK_ANNOTATIONS.pr] = String(this.purpose.pr);
    if (this.purpose.job) out[LOCK_ANNOTATIONS.job] = this.purpose.job;
    out[LOCK_ANNOTATIONS.since] = since;
    return out;
  }

  private async create(now: string): Promise<ApiAnswer> {
    const body = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels: MANAGED_BY,
        annotations: this.annotations(undefined, now),
      },
      spec: {
        holderIdentity: this.identity,
        leaseDurationSeconds: this.leaseDurationSeconds,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: 0,
      },
    };
    return this.writer.call({
      method: 'POST',
      path: this.writer.path(LEASE_RESOURCE, this.namespace),
      body: JSON.stringify(body),
    });
  }

  private put(lease: Json): Promise<ApiAnswer> {
    return this.writer.call({
      method: 'PUT',
      path: this.writer.path(LEASE_RESOURCE, this.namespace, this.name),
      body: JSON.stringify(lease),
    });
  }

  private async ensureNamespace(): Promise<void> {
    const answer = await this.writer.call({
      method: 'POST',
      path: this.writer.path(NAMESPACE_RESOURCE, ''),
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: this.namespace, labels: MANAGED_BY },
      }),
    });
    if (!answer.ok && answer.status !== 409) {
      throw new BerthError(
        'io',
        this.writer.safe(`cannot create namespace ${this.namespace} for the cluster lock: ${answer.message}`),
      );
    }
  }

  /**
   * One attempt: takes the Lease if it is free (or already this process's), else says
   * who holds it. A write that loses a race (409) is retried on a fresh read.
   */
  async tryAcquire(): Promise<TryAcquireResult> {
    for (let attempt = 0; ; attempt++) {
      const lease = await this.get();
      this.observe(lease);
      const at = microTime(this.now());
      let answer: ApiAnswer;
      if (!lease) {
        answer = await this.create(at);
        if (!answer.ok && answer.status === 404 && this.createNamespace) {
          await this.ensureNamespace();
          answer = await this.create(at);
        }
        if (!answer.ok && answer.status === 404) {
          throw new BerthError(
            'io',
            this.writer.safe(
              `cannot take the cluster lock: namespace ${this.namespace} does not exist on ${this.writer.host} (create it, or let berth create it)`,
            ),
          );
        }
      } else {
        const holder = holderOf(lease);
        const mine = holder?.identity === this.identity;
        if (!mine && !this.lapsed(lease)) {
          this.holding = false;
          return { acquired: false, holder: holder! };
        }
        const spec = specOf(lease);
        const meta = metaOf(lease);
        const transitions = typeof spec.leaseTransitions === 'number' ? spec.leaseTransitions : 0;
        const since = mine ? (meta.annotations?.[LOCK_ANNOTATIONS.since] ?? at) : at;
        answer = await this.put({
          ...lease,
          metadata: { ...(lease.metadata as Json), annotations: this.annotations(meta.annotations, since) },
          spec: {
            holderIdentity: this.identity,
            leaseDurationSeconds: this.leaseDurationSeconds,
            acquireTime: mine && typeof spec.acquireTime === 'string' ? spec.acquireTime : at,
            renewTime: at,
            // As client-go counts them: every take by a process that did not hold it.
            leaseTransitions: mine ? transitions : transitions + 1,
          },
        });
      }
      if (answer.ok) {
        this.observe(answer.object);
        this.holding = true;
        return { acquired: true };
      }
      // 409: another writer got there between our read and our write (or a retried
      // create that had in fact succeeded): read again and decide again.
      if (answer.status !== 409 || attempt >= CONFLICT_RETRIES) throw this.fail('take', answer);
    }
  }

  /**
   * Waits until the Lease is taken, looking again with jittered backoff (from the
   * retry period up to `maxPollMs`, never past the moment the holder's Lease would
   * lapse). Rejects with the signal's reason when it is aborted.
   */
  async acquire(options: AcquireOptions = {}): Promise<void> {
    const { signal, onWait } = options;
    let reported: string | undefined;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortError(signal);
      const result = await this.tryAcquire();
      if (result.acquired) return;
      const key = `${result.holder.identity}\n${result.holder.since?.getTime() ?? ''}`;
      if (key !== reported) {
        reported = key;
        onWait?.(result.holder);
      }
      const backoff = Math.min(this.maxPollMs, this.retryPeriodMs * 2 ** Math.min(attempt, 10));
      const untilLapse = this.untilLapseMs(result.holder);
      // client-go's JitterUntil adds up to 20% (JitterFactor 1.2) so waiters do not poll in step.
      const wait = Math.max(50, Math.min(backoff, untilLapse) * (1 + 0.2 * this.random()));
      await this.sleep(wait, signal);
    }
  }

  private untilLapseMs(holder: LeaseHolder): number {
    const durationMs = holder.leaseDurationSeconds * 1000;
    const byObservation = this.observedAt + durationMs - this.now();
    const byRenewTime = holder.renewedAt ? holder.renewedAt.getTime() + durationMs - this.now() : Infinity;
    return Math.max(0, Math.min(byObservation, byRenewTime)) + 10;
  }

  /**
   * Renews a held Lease: true when renewed, false when another process holds it now
   * (then this process no longer holds it). Throws when the API server cannot be
   * reached or refuses; the caller decides whether the renew deadline has passed.
   */
  async renew(): Promise<boolean> {
    if (!this.holding) return false;
    let lease = this.last;
    for (let attempt = 0; ; attempt++) {
      if (!lease || holderOf(lease)?.identity !== this.identity) {
        this.holding = false;
        return false;
      }
      const answer = await this.put({
        ...lease,
        spec: { ...specOf(lease), renewTime: microTime(this.now()) },
      });
      if (answer.ok) {
        this.observe(answer.object);
        return true;
      }
      if (answer.status === 404) {
        this.holding = false;
        return false;
      }
      if (answer.status !== 409 || attempt >= CONFLICT_RETRIES) throw this.fail('renew', answer);
      // Someone wrote the Lease since: read it and look again at who holds it.
      lease = await this.get();
      this.observe(lease);
    }
  }

  /**
   * Gives the Lease up at once if this process holds it, as client-go's
   * ReleaseOnCancel does: no holder, a one-second duration, transitions kept.
   * True when released (or not held by this process any more).
   */
  async release(): Promise<boolean> {
    if (!this.holding) return true;
    this.holding = false;
    let lease = this.last;
    for (let attempt = 0; ; attempt++) {
      if (!lease || holderOf(lease)?.identity !== this.identity) return true;
      const answer = await this.put(freed(lease, microTime(this.now())));
      if (answer.ok) {
        this.observe(answer.object);
        return true;
      }
      if (answer.status === 404) return true;
      if (answer.status !== 409 || attempt >= CONFLICT_RETRIES) throw this.fail('release', answer);
      lease = await this.get();
      this.observe(lease);
    }
  }

  /**
   * Runs `work` while holding the lock: waits for it, renews it every retry period,
   * and releases it when the work ends however it ends. If the lock is lost while the
   * work runs (renewal failing past the renew deadline, or another holder), the
   * signal given to `work` is aborted with a `LockLostError`; `work` is expected to
   * stop at its next step. The outcome is the work's own (its result or its error).
   */
  async run<T>(work: (signal: AbortSignal) => Promise<T>, options: AcquireOptions = {}): Promise<T> {
    await this.acquire(options);
    const lost = new AbortController();
    const stop = new AbortController();
    const renewing = this.renewLoop(lost, stop.signal);
    try {
      const signal = options.signal ? AbortSignal.any([options.signal, lost.signal]) : lost.signal;
      return await work(signal);
    } finally {
      stop.abort();
      await renewing;
      await this.release().catch(() => undefined);
    }
  }

  private async renewLoop(lost: AbortController, stop: AbortSignal): Promise<void> {
    let renewedAt = this.now();
    let lastError = '';
    while (!stop.aborted) {
      try {
        await this.sleep(this.retryPeriodMs, stop);
      } catch {
        return;
      }
      try {
        // A renewal stuck in the writer's own retries must not outlive the deadline.
        const left = Math.max(0, this.renewDeadlineMs - (this.now() - renewedAt));
        if (await withDeadline(this.renew(), left, stop)) {
          renewedAt = this.now();
          continue;
        }
        const now = await this.read().catch(() => undefined);
        lost.abort(
          new LockLostError(
            `lost the cluster lock ${this.where}: ${now ? describeHolder(now) : 'it was released by someone else'}`,
            now,
          ),
        );
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
      if (this.now() - renewedAt >= this.renewDeadlineMs) {
        this.holding = false;
        lost.abort(
          new LockLostError(
            `lost the cluster lock ${this.where}: could not renew it for ${Math.round(this.renewDeadlineMs / 1000)}s (${lastError})`,
          ),
        );
        return;
      }
    }
  }
}

/** `work`'s outcome, or a rejection once `ms` have passed (the work itself is left to finish). */
function withDeadline<T>(work: Promise<T>, ms: number, stop: AbortSignal): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)}s`)), ms);
  });
  const onStop = () => clearTimeout(timer);
  stop.addEventListener('abort', onStop, { once: true });
  work.catch(() => undefined);
  return Promise.race([work, late]).finally(() => {
    clearTimeout(timer);
    stop.removeEventListener('abort', onStop);
  });
}

function freed(lease: Json, now: string): Json {
  const annotations = { ...(metaOf(lease).annotations ?? {}) };
  for (const key of Object.values(LOCK_ANNOTATIONS)) delete annotations[key];
  const spec = specOf(lease);
  return {
    ...lease,
    metadata: { ...(lease.metadata as Json), annotations },
    spec: {
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: typeof spec.leaseTransitions === 'number' ? spec.leaseTransitions : 0,
    },
  };
}

/**
 * `/berth unlock`: frees the Lease whoever holds it, and says who did. A live holder
 * finds out at its next renewal and stops its work.
 */
export async function forceRelease(
  writer: KubeWriter,
  cluster: string,
  namespace = DEFAULT_LOCK_NAMESPACE,
  now: () => number = Date.now,
): Promise<LeaseHolder | undefined> {
  const path = writer.path(LEASE_RESOURCE, namespace, leaseName(cluster));
  for (let attempt = 0; ; attempt++) {
    const read = await writer.call({ path });
    if (!read.ok && read.status === 404) return undefined;
    if (!read.ok)
      throw new BerthError(
        'io',
        writer.safe(`cannot read Lease ${namespace}/${leaseName(cluster)}: ${read.message}`),
      );
    const holder = holderOf(read.object);
    if (!holder) return undefined;
    const answer = await writer.call({
      method: 'PUT',
      path,
      body: JSON.stringify(freed(read.object, microTime(now()))),
    });
    if (answer.ok) return holder;
    if (answer.status !== 409 || attempt >= CONFLICT_RETRIES) {
      throw new BerthError(
        'io',
        writer.safe(`cannot release Lease ${namespace}/${leaseName(cluster)}: ${answer.message}`),
      );
    }
  }
}
