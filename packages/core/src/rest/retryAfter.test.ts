import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryAfterDelay } from './retryAfter.js';
import { sliceInterval } from './analytics.js';

describe('retryAfterDelay', () => {
  it('honours Retry-After seconds or an HTTP date, plus up to a second of jitter', () => {
    expect(retryAfterDelay('3', 0, () => 0)).toBe(3000);
    expect(retryAfterDelay('3', 0, () => 0.5)).toBe(3500);
    const date = new Date(Date.now() + 10_000).toUTCString();
    const d = retryAfterDelay(date, 0, () => 0);
    expect(d).toBeGreaterThan(8000);
    expect(d).toBeLessThanOrEqual(10_000);
  });

  it('falls back to a doubling delay, capped, without a usable header', () => {
    expect([0, 1, 2, 10].map((a) => retryAfterDelay(null, a, () => 0))).toEqual([1000, 2000, 4000, 30_000]);
    expect(retryAfterDelay('soon', 1, () => 0)).toBe(2000);
  });
});

describe('sliceInterval', () => {
  it('covers any interval with contiguous slices of at most an hour', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 0, max: 10 * 86_400_000 }), fc.integer({ min: 300_000, max: 7_200_000 }), (from, length, slice) => {
        const to = from + length;
        const slices = sliceInterval(from, to, Math.min(slice, 3_600_000));
        const start = from;
        if (length === 0) {
          expect(slices).toEqual([]);
          return;
        }
        expect(slices[0]![0]).toBe(start);
        expect(slices.at(-1)![1]).toBe(to);
        slices.forEach(([a, b], i) => {
          expect(b - a).toBeGreaterThan(0);
          expect(b - a).toBeLessThanOrEqual(3_600_000);
          if (i > 0) expect(a).toBe(slices[i - 1]![1]);
        });
      }),
      { numRuns: 50 },
    );
  });
});
