import { mergeConfig } from 'vitest/config';
import { fourFilesSharingModules, slowFilesFirst } from '../../vitest.shared.ts';

/**
 * The CLI's tests are mostly end-to-end runs of child processes (an emulator at speed 60, a
 * pipeline, a webhook server) that spend their time waiting on simulated minutes, not on CPU: four
 * files at once overlap those waits and keep the suite inside its time budget on two cores. The
 * files that run longest start first, so none of them is left to finish alone at the end; a new
 * file that runs for over half a minute belongs in this list.
 */
export const slowest = [
  'test/chaos.e2e.test.ts',
  'test/cli.e2e.test.ts',
  'test/analyticsAgreement.e2e.test.ts',
  'test/readmeCommands.e2e.test.ts',
  'test/refusals.e2e.test.ts',
  'test/init.e2e.test.ts',
  'test/twoProcessBackfill.e2e.test.ts',
  'test/shutdown.e2e.test.ts',
];

/**
 * A test here runs the CLI as child processes, often several in series, while three other files
 * run emulators and pipelines beside it: on a loaded two-core machine a process that starts in
 * 0.16 s alone took several seconds, and four in series passed the shared 30 s (a fresh-clone run
 * on 2026-12-07, with the whole suite taking 11.5 minutes). The timeout guards against a hang, not
 * against slowness, so it is 120 s here.
 */
const CHILD_PROCESS_TIMEOUT = 120_000;

export default mergeConfig(fourFilesSharingModules, { test: { testTimeout: CHILD_PROCESS_TIMEOUT, sequence: { sequencer: slowFilesFirst(slowest) } } });
