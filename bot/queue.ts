/**
 * Jobs per cluster, one at a time, in this process. A merge queued behind another for
 * the same cluster supersedes any older merge still waiting there: applying the older
 * commit after the newer one would only roll the cluster back and forth, so the older
 * one is told it was superseded instead (its Deployment becomes `inactive`). The Lease
 * (src/cluster/lease.ts) keeps jobs of different processes apart; this queue keeps a
 * process from waiting on its own Lease.
 */

export interface Job {
  /** Which cluster: jobs with the same key run one after another. */
  key: string;
  /** Merges supersede older waiting merges; commands (apply, rollback) are never dropped. */
  kind: 'merge' | 'command';
  /** Shown in `/berth status`: `apply of abc1234 (#12)`. */
  label: string;
  run(): Promise<void>;
  /** Called instead of `run` when a newer merge for the same key took its place. */
  superseded(by: Job): Promise<void>;
  /** Called instead of `run` when `/berth cancel` took it out of the queue. */
  cancelled?(): Promise<void>;
}

export interface QueueView {
  running: string | null;
  waiting: string[];
}

export class JobQueue {
  private readonly waiting = new Map<string, Job[]>();
  private readonly running = new Map<string, Job>();
  private readonly settled = new Set<Promise<void>>();
  private readonly onError: (job: Job, error: unknown) => void;

  constructor(onError: (job: Job, error: unknown) => void) {
    this.onError = onError;
  }

  enqueue(job: Job): void {
    const list = this.waiting.get(job.key) ?? [];
    if (job.kind === 'merge') {
      for (const old of list.filter((j) => j.kind === 'merge')) {
        list.splice(list.indexOf(old), 1);
        this.track(old, () => old.superseded(job));
      }
    }
    list.push(job);
    this.waiting.set(job.key, list);
    this.next(job.key);
  }

  /** Takes the waiting jobs of `key` out of the queue; returns their labels. */
  cancel(key: string): string[] {
    const list = this.waiting.get(key) ?? [];
    this.waiting.delete(key);
    for (const job of list) this.track(job, () => job.cancelled?.() ?? Promise.resolve());
    return list.map((j) => j.label);
  }

  view(key: string): QueueView {
    return {
      running: this.running.get(key)?.label ?? null,
      waiting: (this.waiting.get(key) ?? []).map((j) => j.label),
    };
  }

  /** Resolves when no job runs or waits. */
  async idle(): Promise<void> {
    while (this.settled.size > 0) await Promise.allSettled([...this.settled]);
  }

  private next(key: string): void {
    if (this.running.has(key)) return;
    const list = this.waiting.get(key);
    const job = list?.shift();
    if (!job) return;
    if (list!.length === 0) this.waiting.delete(key);
    this.running.set(key, job);
    this.track(
      job,
      () => job.run(),
      () => {
        this.running.delete(key);
        this.next(key);
      },
    );
  }

  private track(job: Job, work: () => Promise<void>, after?: () => void): void {
    const p = (async () => {
      try {
        await work();
      } catch (error) {
        this.onError(job, error);
      } finally {
        after?.();
      }
    })();
    this.settled.add(p);
    void p.finally(() => this.settled.delete(p));
  }
}
