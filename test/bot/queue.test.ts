import { describe, expect, it } from 'vitest';
import { type Job, JobQueue } from '../../bot/queue.ts';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('the job queue', () => {
  it('runs one job per cluster at a time, clusters side by side, and a newer waiting merge supersedes an older one', async () => {
    const log: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const job = (key: string, label: string, kind: Job['kind'] = 'merge'): Job => {
      gates.set(label, deferred());
      return {
        key,
        kind,
        label,
        run: async () => {
          log.push(`start ${label}`);
          await gates.get(label)!.promise;
          log.push(`end ${label}`);
        },
        superseded: async (by) => {
          log.push(`superseded ${label} by ${by.label}`);
        },
        cancelled: async () => {
          log.push(`cancelled ${label}`);
        },
      };
    };
    const q = new JobQueue(() => undefined);
    q.enqueue(job('prod', 'm1'));
    q.enqueue(job('staging', 's1'));
    q.enqueue(job('prod', 'm2'));
    q.enqueue(job('prod', 'retry', 'command'));
    q.enqueue(job('prod', 'm3'));
    expect(q.view('prod')).toEqual({ running: 'm1', waiting: ['retry', 'm3'] });
    await Promise.resolve();
    expect(log).toEqual(['start m1', 'start s1', 'superseded m2 by m3']);
    gates.get('m1')!.resolve();
    gates.get('s1')!.resolve();
    gates.get('retry')!.resolve();
    gates.get('m3')!.resolve();
    await q.idle();
    expect(log.filter((l) => l.includes('prod') || /m\d|retry/.test(l))).toEqual([
      'start m1',
      'superseded m2 by m3',
      'end m1',
      'start retry',
      'end retry',
      'start m3',
      'end m3',
    ]);
  });

  it('cancels waiting jobs, never the running one', async () => {
    const log: string[] = [];
    const gate = deferred();
    const q = new JobQueue(() => undefined);
    const make = (label: string): Job => ({
      key: 'prod',
      kind: 'command',
      label,
      run: async () => {
        log.push(`run ${label}`);
        if (label === 'a') await gate.promise;
      },
      superseded: async () => undefined,
      cancelled: async () => {
        log.push(`cancelled ${label}`);
      },
    });
    q.enqueue(make('a'));
    q.enqueue(make('b'));
    q.enqueue(make('c'));
    expect(q.cancel('prod')).toEqual(['b', 'c']);
    gate.resolve();
    await q.idle();
    expect(log).toEqual(['run a', 'cancelled b', 'cancelled c']);
  });
});
