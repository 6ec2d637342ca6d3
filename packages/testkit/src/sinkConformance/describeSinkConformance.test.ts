import { defineSink, errors } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeSinkConformance } from './describeSinkConformance.js';
import { firstArrivals, missing } from './_support.js';

// The smallest sink that keeps the contract, to check the suite itself against.
let kept: string[] = [];
let failNext: 'retryable' | 'fatal' | undefined;
const memorySink = defineSink({
  name: 'memory',
  core: '^0.1.0',
  configSchema: z.strictObject({ capacity: z.int().min(1).default(1000) }),
  create: (config) => ({
    async write(batch) {
      const fault = failNext;
      failNext = undefined;
      if (fault === 'retryable') throw errors.sinkRetryable('memory', 'store busy');
      if (fault === 'fatal') throw errors.sinkFatal('memory', 'store refused the batch');
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
  faults: {
    retryable: () => void (failNext = 'retryable'),
    fatal: () => void (failNext = 'fatal'),
  },
});

describe('conformance helpers', () => {
  const events = ['a', 'b', 'c'].map((key) => ({ key }));
  it('find the events a sink did not deliver', () => {
    expect(missing(events, ['c', 'a'])).toEqual(['b']);
    expect(missing(events, ['a', 'b', 'c', 'x'])).toEqual([]);
  });
  it('judge order on first arrivals, so a batch delivered twice by a retry still counts as in order', () => {
    expect(firstArrivals(events, ['x', 'a', 'b', 'a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(firstArrivals(events, ['b', 'a', 'c'])).toEqual(['b', 'a', 'c']);
  });
});
