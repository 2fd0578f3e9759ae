/**
 * `npm run cluster:up`: starts the test control plane and leaves it running.
 * The admin kubeconfig's path is the last line of the output, so
 * `export KUBECONFIG=$(npm run -s cluster:up | tail -1)` works.
 * A cluster already up is reused. `npm run cluster:down` stops it.
 */

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheRoot } from '../tools/control-plane/build.ts';
import { isClusterRunning, readClusterState, startCluster } from '../tools/control-plane/harness.ts';

const pointer = join(cacheRoot(), 'cluster-up.json');

if (existsSync(pointer)) {
  const { dir } = JSON.parse(await readFile(pointer, 'utf8')) as { dir: string };
  const state = await readClusterState(dir);
  if (state && isClusterRunning(state)) {
    console.log(`the cluster is already up at ${state.server}`);
    console.log(state.kubeconfig);
    process.exit(0);
  }
}

const cluster = await startCluster({ detach: true });
await mkdir(cacheRoot(), { recursive: true });
await writeFile(pointer, `${JSON.stringify({ dir: cluster.dir })}\n`);
console.log(
  `cluster up at ${cluster.server} in ${cluster.startSeconds}s; logs in ${join(cluster.dir, 'logs')}`,
);
console.log(cluster.kubeconfig);
// The detached processes must not keep this script alive.
process.exit(0);
