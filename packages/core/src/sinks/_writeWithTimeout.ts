import type { SchedulerLike, Subscription } from 'rxjs';
import { errors, isGcsError, type GcsError } from '../errors/errors.js';
import type { Sink } from './defineSink.js';

/** The error a write gets when it has not returned within `writeTimeout`; it is retryable. */
export function writeTimeoutError(sink: string, ms: number): GcsError {
  const error = errors.sinkRetryable(
    sink,
    `write did not return within ${ms} ms (writeTimeout). Check that the destination is reachable, or raise writeTimeout if it is only slow`,
  );
  error.details.writeTimeoutMs = ms;
  return error;
}

export const isWriteTimeout = (error: unknown): boolean => isGcsError(error, 'GCS_SINK_RETRYABLE') && typeof error.details.writeTimeoutMs === 'number';

/**
 * One `write`, given up on after `ms` (0: never). A write that never returns (a hung socket, a lock
 * that is never granted) would otherwise hold its batch and its write slot forever; the write
 * itself cannot be cancelled, so what it does later is ignored by the caller. The timer is kept in
 * `holder`, so that a hard stop giving the write up can cancel it instead of leaving it pending.
 */
export function writeWithTimeout<E>(
  sink: Sink<E>,
  name: string,
  batch: readonly E[],
  ms: number,
  scheduler: SchedulerLike,
  holder?: { timeout?: Subscription | undefined },
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = ms > 0 ? scheduler.schedule(() => reject(writeTimeoutError(name, ms)), ms) : undefined;
    if (holder) holder.timeout = timer;
    let written: Promise<void>;
    try {
      written = sink.write(batch);
    } catch (error) {
      // A write that is not an async function may throw before returning its promise.
      timer?.unsubscribe();
      return reject(error);
    }
    written.then(
      () => {
        timer?.unsubscribe();
        resolve();
      },
      (error: unknown) => {
        timer?.unsubscribe();
        reject(error);
      },
    );
  });
}
