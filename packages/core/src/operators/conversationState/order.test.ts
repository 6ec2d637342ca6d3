import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortedIn } from './order.js';

const byNumberThenId = (a: { n: number; id: string }, b: { n: number; id: string }) => a.n - b.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('sortedIn', () => {
  it('orders a list as Array.prototype.sort does, short lists (by insertion) and long ones, in place', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ n: fc.integer({ min: 0, max: 5 }), id: fc.string({ maxLength: 4 }) }), { selector: (x) => x.id, maxLength: 40 }), (items) => {
        const list = items.slice();
        const result = sortedIn(list, byNumberThenId);
        expect(result).toBe(list);
        expect(result).toEqual(items.slice().sort(byNumberThenId));
      }),
    );
  });

  it('returns a list already in order untouched', () => {
    const list = [1, 2, 3];
    expect(sortedIn(list, (a, b) => a - b)).toBe(list);
    expect(list).toEqual([1, 2, 3]);
  });
});
