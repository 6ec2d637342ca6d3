import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

/**
 * Two test files at once. Vitest's default on a two-core machine is one (a core less than the
 * machine has), and many of these files spend their time waiting on sockets, timers and child
 * processes rather than on the CPU.
 */
export default mergeConfig(shared, { test: { maxWorkers: 2 } });
