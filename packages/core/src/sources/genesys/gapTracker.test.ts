import { describe, expect, it } from 'vitest';
import { GapTracker } from './gapTracker.js';

describe('GapTracker', () => {
  it('records an interval per outage, keeps the first down time, and sums durations', () => {
    const gaps = new GapTracker();
    expect(gaps.up(0, 100)).toBeUndefined(); // first connection: nothing was promised before it
    gaps.down(0, ['a', 'b'], 1000);
    gaps.down(0, ['a', 'b'], 1500); // a second loss before recovery does not move the start
    gaps.down(1, ['c'], 1200);
    expect(gaps.stats().open).toBe(2);
    expect(gaps.up(0, 4000)).toEqual({ topics: ['a', 'b'], from: 1000, to: 4000 });
    expect(gaps.up(1, 1300)).toEqual({ topics: ['c'], from: 1200, to: 1300 });
    expect(gaps.stats()).toMatchObject({ open: 0, closed: 2, totalMs: 3100 });
  });
});
