import { defer, of, switchMap, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { ServerTime } from './serverTime.js';

/** Longest local wait between checks: the estimate of the server's rate may change meanwhile. */
const RECHECK_MS = 1_000;

/**
 * Emits once when the server's clock reaches `deadline` (server epoch ms). Waits in local time,
 * re-reading the estimate at least every few seconds, so a rate learnt after the timer started
 * (an emulator at `--speed 20`) still fires it at the right server time.
 */
export function atServerTime(time: ServerTime, deadline: number, scheduler: SchedulerLike): Observable<void> {
  const step = (): Observable<void> =>
    defer(() => {
      const wait = time.toLocalMs(deadline - time.now());
      return wait <= 0 ? of(undefined) : timer(Math.min(wait, RECHECK_MS), scheduler).pipe(switchMap(step));
    });
  return step();
}

/** Emits once after `serverMs` of server time from now. */
export function afterServerMs(time: ServerTime, serverMs: number, scheduler: SchedulerLike): Observable<void> {
  return defer(() => atServerTime(time, time.now() + serverMs, scheduler));
}
