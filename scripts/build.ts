/**
 * Bundles the Action (`dist/action.js`) and the `berth` command (`dist/cli.js`) as
 * ESM, checked in because the runner executes the repository as is. CI rebuilds
 * them and fails when they differ.
 */

import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

// Chunk names carry content hashes: start clean so no stale chunk stays behind.
await rm('dist', { recursive: true, force: true });

await build({
  entryPoints: { action: 'action/main.ts', cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  // The live-cluster client is large and only needed with a kubeconfig: a chunk loaded on demand.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Some dependencies still call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __berthCreateRequire } from 'node:module';\nconst require = __berthCreateRequire(import.meta.url);",
  },
  legalComments: 'eof',
  logLevel: 'warning',
  // No timestamps or absolute paths in the output: the same sources give the same bytes.
  sourcemap: false,
  minify: false,
  charset: 'utf8',
});
