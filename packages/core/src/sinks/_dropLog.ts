import type { Logger } from 'pino';
import type { SchedulerLike, Subscription } from 'rxjs';

/**
 * Warns about events dropped from a full buffer, at most once per `everyMs`: a sink that stalls
 * under load would otherwise log once per event. Drops after a warning are summed and reported when
 * the period ends, so every drop is logged, only not one line each.
 */
export interface DropLog {
  note(policy: string): void;
  /** Reports what is still unreported now (at drain or abort). */
  flush(): void;
}

export function createDropLog(logger: Logger, scheduler: SchedulerLike, bufferSize: number, everyMs = 10_000): DropLog {
  let unreported = 0;
  let lastPolicy = '';
  let lastAt = -Infinity;
  let trailing: Subscription | undefined;

  const report = () => {
    trailing?.unsubscribe();
    trailing = undefined;
    if (unreported === 0) return;
    logger.warn(
      { dropped: unreported, onFull: lastPolicy, bufferSize },
      `${unreported} event${unreported === 1 ? '' : 's'} dropped to dead letters: the buffer (${bufferSize} events) is full because the sink is failing or slower than the input (onFull: ${lastPolicy})`,
    );
    unreported = 0;
    lastAt = scheduler.now();
  };

  return {
    note(policy) {
      unreported++;
      lastPolicy = policy;
      const now = scheduler.now();
      if (now - lastAt >= everyMs) report();
      else trailing ??= scheduler.schedule(report, lastAt + everyMs - now);
    },
    flush: report,
  };
}
