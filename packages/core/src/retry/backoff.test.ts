import fc from 'fast-check';
import { defer, retry } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { backoffDelay, backoffRetryDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles the ceiling each attempt up to the cap (random = just under 1)', () => {
    const max = () => 0.999999;
    const delays = [0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, { initialDelay: 100, maxDelay: 1000, random: max }));
    expect(delays).toEqual([99, 199, 399, 799, 999, 999, 999, 999]);
  });

  it('is full jitter: a uniform draw between 0 and the ceiling', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 120_000 }), (attempt, r, initial, cap) => {
        const d = backoffDelay(attempt, { initialDelay: initial, maxDelay: cap, random: () => r });
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(cap, initial * 2 ** attempt));
        expect(d).toBe(Math.floor(r * Math.min(cap, initial * 2 ** Math.min(attempt, 30))));
      }),
    );
  });
});

describe('backoffRetryDelay', () => {
  it('resubscribes after growing, capped delays and stops retrying once a value gets through', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      let attempt = 0;
      // three failures, then a connection that emits and stays open
      const connect = defer(() => (++attempt <= 3 ? cold('#') : cold('c')));
      const delay = backoffRetryDelay({ initialDelay: 10, maxDelay: 25, random: () => 0.5 });
      // waits: 0.5*10=5, 0.5*20=10, 0.5*min(25,40)=12 -> values at 27
      expectObservable(connect.pipe(retry({ delay }))).toBe('27ms c');
    });
  });
});
