import { defineSink } from '@gcstream/core';
import { z } from 'zod';
import { describeSinkConformance } from './describeSinkConformance.js';

// The smallest sink that keeps the contract, to check the suite itself against.
let kept: string[] = [];
const memorySink = defineSink({
  name: 'memory',
  core: '^0.1.0',
  configSchema: z.strictObject({ capacity: z.int().min(1).default(1000) }),
  create: (config) => ({
    async write(batch) {
      if (kept.length + batch.length > config.capacity * 100) throw new Error('full');
      kept.push(...batch.map((event) => event.key));
    },
    async close() {},
  }),
});

describeSinkConformance('memory', {
  definition: memorySink,
  options: {},
  invalidOptions: [{ capacity: 0 }, { other: true }],
  deliveredKeys: () => {
    const keys = kept;
    kept = [];
    return keys;
  },
});
