/** `npm run cluster:down`: stops the cluster `npm run cluster:up` started and removes its folder. */

import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheRoot } from '../tools/control-plane/build.ts';
import { readClusterState, stopCluster } from '../tools/control-plane/harness.ts';

const pointer = join(cacheRoot(), 'cluster-up.json');

if (!existsSync(pointer)) {
  console.log('no cluster is up');
  process.exit(0);
}
const { dir } = JSON.parse(await readFile(pointer, 'utf8')) as { dir: string };
const state = await readClusterState(dir);
await stopCluster(state ?? { dir, processes: [] });
await rm(pointer, { force: true });
console.log(`cluster stopped; removed ${dir}`);
