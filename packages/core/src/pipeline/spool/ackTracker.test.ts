import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AckTracker } from './ackTracker.js';

describe('AckTracker', () => {
  it('advances a sink past a gap only once the gap closes', () => {
    const tracker = new AckTracker(new Map([['a', 0], ['b', 5]]));
    tracker.ack('a', 2);
    tracker.ack('a', 3);
    expect(tracker.watermark('a')).toBe(0);
    tracker.ack('a', 1);
    expect(tracker.watermark('a')).toBe(3);
    expect(tracker.low()).toBe(3);
    tracker.ack('b', 4);
    expect(tracker.watermark('b')).toBe(5);
    tracker.ack('unknown', 1);
    expect(tracker.snapshot()).toEqual({ a: 3, b: 5 });
  });

  it('reaches n after acks of 1..n in any order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }).chain((n) => fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i + 1), { minLength: n })), (order) => {
        const tracker = new AckTracker(new Map([['s', 0]]));
        for (const seq of order) tracker.ack('s', seq);
        expect(tracker.watermark('s')).toBe(order.length);
      }),
    );
  });
});

describe('AckTracker skipped seqs', () => {
  it('passes over seqs that will never be acknowledged, wherever they fall', () => {
    const tracker = new AckTracker(new Map([['s', 0]]));
    tracker.skip('s', 1, 2);
    expect(tracker.watermark('s')).toBe(2);
    tracker.skip('s', 4, 6);
    tracker.skip('s', 8, 8);
    expect(tracker.watermark('s')).toBe(2);
    tracker.ack('s', 7);
    tracker.ack('s', 3);
    expect(tracker.watermark('s')).toBe(8);
    tracker.ack('s', 9);
    expect(tracker.watermark('s')).toBe(9);
  });
});
