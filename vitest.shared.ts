import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

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

/**
 * Test files that share one module graph per worker, not one each: a file then costs its own
 * tests, not a fresh import of core's sources (vitest's default, `isolate`, spent about 50 s of
 * core's run importing the same modules again for each of its hundred files). Safe where no test
 * mocks a module, stubs a global or changes the environment (none here does), and where the
 * modules' own state is caches that any order of files may share: core's suite passes with its
 * files shuffled.
 */
export const sharedModules = { test: { isolate: false } } as const;

/**
 * Four files at once sharing one module graph per worker, for the packages with the most files
 * and the longest waits (core's sources on real WebSockets and reconnect timers, the CLI's
 * end-to-end runs of child processes): their files spend their time waiting on sockets and
 * simulated minutes, not on CPU, so four overlap those waits on two cores.
 */
export const fourFilesSharingModules = mergeConfig(mergeConfig(shared, sharedModules), { test: { maxWorkers: 4 } });

/**
 * A sequencer that starts the named files first, in the order given, then the rest in vitest's
 * own order. On a fresh clone vitest has no durations from an earlier run and starts the largest
 * files first; a short file that runs for a minute and a half (the chaos run) then started last
 * and held the whole package up alone. `slow` lists path endings, longest-running first.
 */
export function slowFilesFirst(slow: readonly string[]) {
  const rank = (spec: TestSpecification) => {
    const at = slow.findIndex((ending) => spec.moduleId.endsWith(ending));
    return at < 0 ? slow.length : at;
  };
  return class SlowFilesFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(files);
      return sorted
        .map((spec, index) => ({ spec, index, rank: rank(spec) }))
        .sort((a, b) => a.rank - b.rank || a.index - b.index)
        .map(({ spec }) => spec);
    }
  };
}
