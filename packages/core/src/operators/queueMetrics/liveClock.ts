import type { SchedulerLike } from 'rxjs';

/**
 * The time the live numbers are as of. Event time moves only with events, so a caller waiting on
 * while none comes (a quiet queue, a quiet night) would wait no longer: at each tick the clock is
 * moved on by the scheduler's time since event time last moved, as seen at a tick (so at most a
 * tick late). It never goes back, and an event later than it moves it on.
 */
export function liveClock(scheduler: SchedulerLike) {
  /** The event time last seen at a tick, and the scheduler's time then. */
  let seen = Number.NEGATIVE_INFINITY;
  let seenAt = 0;
  let ticked = Number.NEGATIVE_INFINITY;
  return {
    /** At a tick, with the newest event time: the live time now. */
    tick(eventNow: number): number {
      const t = scheduler.now();
      if (eventNow !== seen) (seen = eventNow), (seenAt = t);
      const moved = eventNow + (t - seenAt);
      if (moved > ticked) ticked = moved;
      return ticked;
    },
    /** The live time for an emission: the newest event time, or the last tick's if later. */
    at(eventNow: number): number {
      return ticked > eventNow ? ticked : eventNow;
    },
  };
}
