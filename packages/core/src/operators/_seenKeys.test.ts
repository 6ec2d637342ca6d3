import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SeenKeys } from './_seenKeys.js';

/** The reference: what dedupe did with a Set of strings and a FIFO. */
function reference(maxEntries: number) {
  const fifo: { key: string; time: number }[] = [];
  const set = new Set<string>();
  return (key: string, now: number, horizon: number): boolean => {
    while (fifo.length > 0 && fifo[0]!.time <= horizon) set.delete(fifo.shift()!.key);
    if (set.has(key)) return false;
    if (set.size >= maxEntries) set.delete(fifo.shift()!.key);
    set.add(key);
    fifo.push({ key, time: now });
    return true;
  };
}

describe('SeenKeys', () => {
  it('answers like a Set and a FIFO through growth, eviction, expiry and heavy churn', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 6000 }),
        (maxEntries, ttl, steps) => {
          const seen = new SeenKeys(maxEntries);
          const model = reference(maxEntries);
          let now = 0;
          for (const [k, dt] of steps) {
            now += dt;
            const key = `v2.routing.queues.q.conversations|${k}`;
            expect(seen.add(key, now, now - ttl)).toBe(model(key, now, now - ttl));
          }
          expect(seen.size).toBeLessThanOrEqual(maxEntries);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('holds exactly the newest maxEntries keys after many times its size went through', () => {
    const seen = new SeenKeys(1000);
    for (let i = 0; i < 50_000; i++) expect(seen.add(`k${i}`, 0, -1)).toBe(true);
    expect(seen.size).toBe(1000);
    for (let i = 49_000; i < 50_000; i++) expect(seen.add(`k${i}`, 0, -1)).toBe(false);
    expect(seen.add('k48999', 0, -1)).toBe(true);
  });

  it('accepts a fractional maxEntries as the Set did (room for the next whole key)', () => {
    const seen = new SeenKeys(2.5);
    expect([seen.add('a', 0, -1), seen.add('b', 0, -1), seen.add('c', 0, -1), seen.add('a', 0, -1)]).toEqual([true, true, true, false]);
    expect(seen.add('d', 0, -1)).toBe(true);
    expect(seen.add('a', 0, -1)).toBe(true);
  });
});
