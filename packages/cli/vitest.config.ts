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

export default mergeConfig(fourFilesSharingModules, { test: { sequence: { sequencer: slowFilesFirst(slowest) } } });
