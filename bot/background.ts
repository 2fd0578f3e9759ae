/**
 * Work the App does after answering a delivery. GitHub waits 10 s for the answer, so a
 * handler only starts work here and returns; nothing here depends on the HTTP reply.
 * Failures are logged (never thrown into the webhook answer), and `idle()` lets a
 * shutdown, or a test, wait for what is running.
 */

export interface Log {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export class Background {
  private readonly running = new Set<Promise<void>>();
  private readonly log: Log;
  constructor(log: Log) {
    this.log = log;
  }

  run(what: string, work: () => Promise<void>): void {
    const p = (async () => {
      try {
        await work();
      } catch (error) {
        this.log.error({ err: { message: (error as Error).message } }, `${what} failed`);
      }
    })();
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when nothing is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
