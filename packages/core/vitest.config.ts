import { fourFilesSharingModules } from '../../vitest.shared.ts';

/**
 * Core's slow files are the source's: real WebSockets to the emulator, waiting on reconnect
 * delays and channel timers, not on CPU (a run of all of them uses under one core). One module
 * graph per worker spares a hundred imports of the sources.
 */
export default fourFilesSharingModules;
