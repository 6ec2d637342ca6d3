import { timer, type Observable, type SchedulerLike, asyncScheduler } from 'rxjs';

export interface BackoffOptions {
  /** The first delay's upper bound, in ms. @default 500 */
  initialDelay?: number;
  /** No delay is ever longer than this, in ms. @default 30000 */
  maxDelay?: number;
  /** A number in [0, 1); injected so tests are deterministic. @default Math.random */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: a uniform draw in [0, min(cap, initial * 2^attempt)).
 * Full jitter spreads the retries of many clients that failed at the same moment (sockets lost in
 * a Genesys maintenance, sink writes to a recovering database) instead of having them retry in
 * lockstep. The one backoff formula of gcstream: the source, REST, auth and the sink engine use it.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialDelay ?? 500;
  const cap = options.maxDelay ?? 30_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(cap, initial * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * A `retry({ delay })` callback: waits `backoffDelay(retryCount - 1)` on `scheduler`.
 * `retry` counts from 1 and, with `resetOnSuccess`, starts over after a value gets through.
 */
export function backoffRetryDelay(options: BackoffOptions & { scheduler?: SchedulerLike } = {}) {
  const scheduler = options.scheduler ?? asyncScheduler;
  return (_error: unknown, retryCount: number): Observable<0> => timer(backoffDelay(retryCount - 1, options), scheduler);
}
