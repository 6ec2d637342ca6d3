import { mergeConfig } from 'vitest/config';
import shared, { sharedModules } from '../../vitest.shared.ts';

/**
 * Core's slow files are the source's: real WebSockets to the emulator, waiting on reconnect
 * delays and channel timers, not on CPU (a run of all of them uses under one core). Four files at
 * once overlap those waits, and one module graph per worker spares a hundred imports of the
 * sources.
 */
export default mergeConfig(mergeConfig(shared, sharedModules), { test: { maxWorkers: 4 } });
