import { Observable, defer, type SchedulerLike, type Subscription } from 'rxjs';
import type { ServerTime } from './serverTime.js';

/** Longest local wait between checks: the estimate of the server's rate may change meanwhile. */
const RECHECK_MS = 1_000;

/**
 * Emits once when the server's clock reaches `deadline` (server epoch ms). Waits in local time,
 * re-reading the estimate at least every second, so a rate learnt after the timer started (an
 * emulator at `--speed 20`) still fires it at the right server time.
 *
 * Each check schedules the next one in place. (It was a `switchMap` to the next check inside the
 * last one: a 24-hour channel expiry held 86,400 nested subscriptions by its end, which grew the
 * soak's heap by about 2 a second per timer, and emitting through them all would overflow the stack.)
 */
export function atServerTime(time: ServerTime, deadline: number, scheduler: SchedulerLike): Observable<void> {
  return new Observable<void>((subscriber) => {
    let pending: Subscription | undefined;
    const check = () => {
      const wait = time.toLocalMs(deadline - time.now());
      if (wait <= 0) {
        subscriber.next();
        subscriber.complete();
        return;
      }
      pending = scheduler.schedule(check, Math.min(wait, RECHECK_MS));
    };
    check();
    return () => pending?.unsubscribe();
  });
}

/** Emits once after `serverMs` of server time from now. */
export function afterServerMs(time: ServerTime, serverMs: number, scheduler: SchedulerLike): Observable<void> {
  return defer(() => atServerTime(time, time.now() + serverMs, scheduler));
}
