import type { Clock } from '../clock.js';

/** A clock that only moves when told to: tests drive the simulation through hours in milliseconds. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running every timer that falls due, in time order. */
  advance(ms: number): void;
  /** Timers not yet run. */
  pending(): number;
}

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export function createManualClock(start = 0): ManualClock {
  let now = start;
  let seq = 0;
  const timers: Timer[] = [];
  const nextDue = (limit: number): Timer | undefined => {
    let best: Timer | undefined;
    for (const t of timers) {
      if (t.cancelled || t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  };
  return {
    speed: 1,
    now: () => now,
    setTimeout(fn, simMs) {
      const timer: Timer = { at: now + Math.max(0, simMs), seq: seq++, fn, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
        // Removed at once: a scheduler re-arms often, and a list of dead timers would make advance quadratic.
        const index = timers.indexOf(timer);
        if (index >= 0) timers.splice(index, 1);
      };
    },
    advance(ms) {
      const target = now + ms;
      for (let timer = nextDue(target); timer; timer = nextDue(target)) {
        timer.cancelled = true;
        timers.splice(timers.indexOf(timer), 1);
        now = Math.max(now, timer.at);
        timer.fn();
      }
      now = target;
    },
    pending: () => timers.filter((t) => !t.cancelled).length,
  };
}
