import { asyncScheduler, map, startWith, switchMap, take, timer, type OperatorFunction, type SchedulerLike } from 'rxjs';

export interface HeartbeatWatchdogOptions {
  /** Silence after which the socket is dead, in ms. Genesys sends a heartbeat about every 30 s. @default 35000 */
  timeoutMs?: number;
  scheduler?: SchedulerLike;
}

/**
 * Watches the liveness signals of one socket (heartbeats and pongs) and emits once, with the
 * silence in ms, when none arrived for `timeoutMs`; the clock starts at subscription. A
 * half-open TCP connection never errors by itself, so silence is the only way to notice it.
 * Only liveness frames are fed in (not every data frame) so the hot path stays free of timers.
 */
export function heartbeatWatchdog<T>(options: HeartbeatWatchdogOptions = {}): OperatorFunction<T, number> {
  const timeoutMs = options.timeoutMs ?? 35_000;
  const scheduler = options.scheduler ?? asyncScheduler;
  return (liveness$) =>
    liveness$.pipe(
      startWith(undefined),
      switchMap(() => timer(timeoutMs, scheduler)),
      take(1),
      map(() => timeoutMs),
    );
}
