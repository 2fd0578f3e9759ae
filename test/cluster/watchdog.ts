/**
 * `node watchdog.ts <pid> <cluster dir>`: stops the cluster in <cluster dir> once
 * process <pid> is gone, so a test run killed with SIGKILL leaves nothing behind.
 */

import { existsSync } from 'node:fs';
import { killClusterNow, readClusterState } from '../../tools/control-plane/harness.ts';

const [parentArg, dir] = process.argv.slice(2);
const parent = Number(parentArg);
if (!parent || !dir) {
  process.stderr.write('usage: watchdog.ts <pid> <cluster dir>\n');
  process.exit(2);
}

function parentAlive(): boolean {
  try {
    process.kill(parent, 0);
    return true;
  } catch {
    return false;
  }
}

setInterval(async () => {
  if (!existsSync(dir)) process.exit(0);
  if (parentAlive()) return;
  const state = await readClusterState(dir);
  killClusterNow(state ?? { dir, processes: [] });
  process.exit(0);
}, 500);
