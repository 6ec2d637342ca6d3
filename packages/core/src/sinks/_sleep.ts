import { asyncScheduler, type SchedulerLike } from 'rxjs';

/**
 * Resolves after `ms` on `scheduler`, or at once when `signal` aborts (the caller checks which).
 * Unlike `timers/promises`' `setTimeout`, an abort does not reject: a retry loop just looks at its
 * state. The scheduler lets the engine's tests run retries in virtual time.
 */
export function sleep(ms: number, signal?: AbortSignal, scheduler: SchedulerLike = asyncScheduler): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      timer.unsubscribe();
      resolve();
    };
    const timer = scheduler.schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
