import { describe, expect, it } from 'vitest';
import { createManualClock } from './manualClock.js';
import { createScheduler } from './scheduler.js';
import type { Clock } from '../clock.js';

describe('createScheduler', () => {
  it('runs events in time order, ties in insertion order, each at its own simulated time', () => {
    const clock = createManualClock(1000);
    const s = createScheduler(clock, 1000);
    const seen: string[] = [];
    s.after(50, () => seen.push(`b@${s.now}`));
    s.after(10, () => seen.push(`a@${s.now}`));
    s.after(50, () => {
      seen.push(`c@${s.now}`);
      s.after(0, () => seen.push(`d@${s.now}`));
    });
    s.start();
    clock.advance(100);
    expect(seen).toEqual(['a@1010', 'b@1050', 'c@1050', 'd@1050']);
  });

  it('does not run cancelled events or anything after stop', () => {
    const clock = createManualClock(0);
    const s = createScheduler(clock, 0);
    const seen: number[] = [];
    const cancel = s.after(10, () => seen.push(10));
    s.after(20, () => seen.push(20));
    s.after(40, () => seen.push(40));
    cancel();
    s.start();
    clock.advance(30);
    s.stop();
    clock.advance(100);
    expect(seen).toEqual([20]);
  });

  it('releases every due event when one late timer fires (a fast clock never loses events)', () => {
    // A clock whose timers fire far too late: all events are due at once.
    let now = 0;
    const timers: (() => void)[] = [];
    const lateClock: Clock = { speed: 3600, now: () => now, setTimeout: (fn) => (timers.push(fn), () => undefined) };
    const s = createScheduler(lateClock, 0);
    const seen: number[] = [];
    for (let i = 1; i <= 100; i++) s.after(i * 1000, () => seen.push(s.now));
    s.start();
    now = 1_000_000;
    timers.shift()!();
    expect(seen).toHaveLength(100);
    expect(seen[0]).toBe(1000);
    expect(seen[99]).toBe(100_000);
  });

  it('keeps a single live clock timer however many events wait (the manual clock stays linear)', () => {
    const clock = createManualClock(0);
    const s = createScheduler(clock, 0);
    let ran = 0;
    const tick = () => {
      ran++;
      s.after(7, tick);
      s.after(3, () => ran++);
    };
    s.after(0, tick);
    s.start();
    clock.advance(70_000);
    expect(ran).toBe(20_001);
    expect(clock.pending()).toBe(1);
    expect(s.size).toBeGreaterThan(0);
  });
});
