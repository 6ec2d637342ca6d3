import { EMPTY, concat, exhaustMap, from, interval, take, timer, catchError, type Observable, type SchedulerLike } from 'rxjs';
import type { RestClient } from '../../rest/restClient.js';

export interface ClockProbeOptions {
  readonly rest: RestClient;
  readonly scheduler: SchedulerLike;
  /** A live channel: `HEAD .../channels/{id}` is the cheapest call, and its answer carries a Date header. */
  channelId(): string | undefined;
  onError(error: unknown): void;
}

/**
 * Asks the server for the time now and then (the REST client feeds every answer's Date header to
 * the estimate), so the estimate keeps improving when the source makes no other request, as in a
 * steady stream: every second for the first ten, by which time a clock running faster than real
 * time is measured, then every thirty seconds.
 */
export function clockProbe(options: ClockProbeOptions): Observable<unknown> {
  const ticks = concat(timer(1000, 1000, options.scheduler).pipe(take(10)), interval(30_000, options.scheduler));
  return ticks.pipe(
    exhaustMap(() => {
      const id = options.channelId();
      if (id === undefined) return EMPTY;
      return from(options.rest.request('HEAD', `/api/v2/notifications/channels/${encodeURIComponent(id)}`)).pipe(
        catchError((error: unknown) => {
          options.onError(error);
          return EMPTY;
        }),
      );
    }),
  );
}
