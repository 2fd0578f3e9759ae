/**
 * Bundles the Action (`dist/action.js`) and the `berth` command (`dist/cli.js`) as
 * ESM, checked in because the runner executes the repository as is. CI rebuilds
 * them and fails when they differ.
 */

import { rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../tools/bundle.ts';

// Chunk names carry content hashes: start clean so no stale chunk stays behind.
await rm('dist', { recursive: true, force: true });

await build({
  entryPoints: { action: 'action/main.ts', cli: 'src/cli/main.ts' },
  outdir: 'dist',
  ...BUNDLE_OPTIONS,
});
