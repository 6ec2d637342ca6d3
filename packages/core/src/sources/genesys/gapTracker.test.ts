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

  it('opens a gap only when the last live socket of a slot goes, never for a socket let go after its replacement', () => {
    const gaps = new GapTracker();
    gaps.socketUp(0, 'ch1#1');
    expect(gaps.up(0, 100)).toBeUndefined(); // startup: no gap
    gaps.socketUp(0, 'ch2#2'); // turnover overlap: two live
    expect(gaps.up(0, 200)).toBeUndefined();
    expect(gaps.liveSockets(0)).toBe(2);
    gaps.socketDown(0, 'ch1#1', ['a'], 300); // one of two lost: the other still delivers
    expect(gaps.stats().open).toBe(0);
    gaps.socketDown(0, 'ch1#1', ['a'], 350); // an already-gone socket changes nothing
    gaps.socketDown(0, 'ch2#2', ['a'], 400);
    expect(gaps.stats().open).toBe(1);
    gaps.socketUp(0, 'ch3#3');
    expect(gaps.stats().open).toBe(1); // connected, but nothing delivered yet
    gaps.socketDown(0, 'ch3#3', ['a'], 700); // lost before its first frame: the gap keeps its start
    gaps.socketUp(0, 'ch3#3');
    expect(gaps.up(0, 900)).toEqual({ topics: ['a'], from: 400, to: 900 });
    gaps.socketUp(1, 'ch4#4');
    expect(gaps.up(1, 950)).toBeUndefined();
    gaps.forgetSocket(0, 'ch3#3'); // closed on purpose after a replacement went live
    expect(gaps.stats().open).toBe(0);
    expect(gaps.liveSockets()).toBe(1);
    gaps.forgetSockets();
    expect(gaps.liveSockets()).toBe(0);
    expect(gaps.stats()).toMatchObject({ open: 0, closed: 1, totalMs: 500 });
  });

  it('knows the start of the oldest gap still open: where a run that stops now must be resumed from', () => {
    const gaps = new GapTracker();
    expect(gaps.oldestOpen()).toBeUndefined();
    gaps.socketUp(0, 'a');
    gaps.socketUp(1, 'b');
    gaps.socketDown(1, 'b', ['t1'], 500);
    gaps.socketDown(0, 'a', ['t0'], 700);
    expect(gaps.oldestOpen()).toBe(500);
    gaps.socketUp(1, 'b2');
    expect(gaps.oldestOpen()).toBe(500); // connected, not yet delivering
    gaps.up(1, 900);
    expect(gaps.oldestOpen()).toBe(700);
    gaps.socketUp(0, 'a2');
    gaps.up(0, 950);
    expect(gaps.oldestOpen()).toBeUndefined();
  });
});
