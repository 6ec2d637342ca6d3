import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

/**
 * The CLI's tests are mostly end-to-end runs of child processes (an emulator at speed 60, a
 * pipeline, a webhook server) that spend their time waiting on simulated minutes, not on CPU: four
 * files at once overlap those waits and keep the suite inside its time budget on two cores.
 */
export default mergeConfig(shared, { test: { maxWorkers: 4 } });
