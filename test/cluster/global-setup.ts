/**
 * Vitest global setup of the `cluster` project: one real control plane for the
 * whole run, torn down afterwards whatever happens. A failing test, Ctrl-C or
 * SIGTERM stops the processes and removes the temporary folder; if this process
 * is killed outright, a small watchdog process does it instead.
 */

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { moduleDir } from '../../tools/control-plane/build.ts';
import { killClusterNow, startCluster } from '../../tools/control-plane/harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin kubeconfig of the test cluster. */
    kubeconfig: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startCluster({ log: (line) => process.stderr.write(`[cluster] ${line}\n`) });
  process.stderr.write(`[cluster] control plane ready in ${cluster.startSeconds}s (${cluster.server})\n`);

  const watchdog = spawn(
    process.execPath,
    [join(moduleDir, 'watchdog.ts'), String(process.pid), cluster.dir],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  watchdog.unref();

  const onExit = () => killClusterNow(cluster);
  const onSignal = (signal: NodeJS.Signals) => {
    killClusterNow(cluster);
    watchdog.kill();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  project.provide('kubeconfig', cluster.kubeconfig);

  return async () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cluster.stop();
    watchdog.kill();
  };
}
