/**
 * How berth is bundled: `npm run build` writes `dist/` with these options, and the
 * whole-command benchmark bundles the CLI the same way, so it times what users run.
 */

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

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

const CLI_SOURCE = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/**
 * The `berth` command as users run it (`dist/cli.js`, the package's bin), bundled from the
 * current sources into `dir`, for benchmarks that time the whole command. Returns its path.
 */
export async function bundleCli(dir: string): Promise<string> {
  await build({ entryPoints: { cli: CLI_SOURCE }, outdir: join(dir, 'dist'), ...BUNDLE_OPTIONS });
  return join(dir, 'dist', 'cli.js');
}
