import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * One test recipe for every package. Workspace packages resolve to their TypeScript sources,
 * so a test never waits on another package's build. Core's own tests use `@gcstream/testkit`
 * through this alias alone: testkit depends on core, so declaring it back in core's package.json
 * would make a cycle in the workspace graph that turbo refuses to order.
 */
const shared = defineConfig({
  resolve: {
    alias: {
      '@gcstream/core': src('./packages/core/src/index.ts'),
      '@gcstream/emulator': src('./packages/emulator/src/index.ts'),
      '@gcstream/testkit': src('./packages/testkit/src/index.ts'),
      '@gcstream/sink-console': src('./plugins/sink-console/src/index.ts'),
      '@gcstream/sink-file': src('./plugins/sink-file/src/index.ts'),
      '@gcstream/sink-webhook': src('./plugins/sink-webhook/src/index.ts'),
      '@gcstream/sink-postgres': src('./plugins/sink-postgres/src/index.ts'),
      '@gcstream/sink-nats': src('./plugins/sink-nats/src/index.ts'),
      '@gcstream/sink-dashboard': src('./plugins/sink-dashboard/src/index.ts'),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});

export default shared;

/**
 * The same recipe with two test files at once, for packages whose files mostly wait on sockets,
 * timers and child processes: vitest's default on a two-core machine is one (a core less than the
 * machine has).
 */
export const twoFilesAtOnce = mergeConfig(shared, { test: { maxWorkers: 2 } });
