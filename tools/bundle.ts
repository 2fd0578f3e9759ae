/**
 * How berth is bundled: `npm run build` writes `dist/` with these options, and the
 * whole-command benchmark bundles the CLI the same way, so it times what users run.
 */

import type { BuildOptions } from 'esbuild';

export const BUNDLE_OPTIONS = {
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
} satisfies BuildOptions;
