import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// One file at a time: natsRecovery.test.ts restarts the machine's nats-server, which would cut
// off a file running beside it.
export default mergeConfig(shared, { test: { fileParallelism: false } });
