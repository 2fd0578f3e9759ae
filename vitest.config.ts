import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // CLI and Action tests start real Node processes; on a busy 2-core machine that takes seconds.
          testTimeout: 60_000,
          exclude: [
            'test/cluster/**',
            'test/fidelity/**',
            'test/bot/**/*.cluster.test.ts',
            '**/node_modules/**',
          ],
        },
      },
      {
        test: {
          // Tests against a real control plane (tools/control-plane/harness.ts), started once per run.
          name: 'cluster',
          // The App's end-to-end tests that apply to the real control plane are here too.
          include: [
            'test/cluster/**/*.test.ts',
            'test/fidelity/**/*.test.ts',
            'test/bot/**/*.cluster.test.ts',
          ],
          globalSetup: ['test/cluster/global-setup.ts'],
          // One cluster is shared: files run one after another so scenarios do not see each other.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
