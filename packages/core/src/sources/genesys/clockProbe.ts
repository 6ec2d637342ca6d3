import { EMPTY, catchError, concatMap, defer, from, repeat, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { RestClient } from '../../rest/restClient.js';
import type { ServerTime } from './serverTime.js';

export interface ClockProbeOptions {
  readonly rest: RestClient;
  readonly time: ServerTime;
  readonly scheduler: SchedulerLike;
  /** A live channel: `HEAD .../channels/{id}` is the cheapest call, and its answer carries a Date header. */
  channelId(): string | undefined;
  onError(error: unknown): void;
}

/**
 * Asks the server for the time now and then (the REST client feeds every answer's Date header to
 * the estimate), so the estimate keeps improving when the source makes no other request, as in a
 * steady stream: every quarter second while a fast clock's rate is still rough, every second for
 * the first ten, then every thirty seconds.
 */
export function clockProbe(options: ClockProbeOptions): Observable<unknown> {
  let probes = 0;
  const nextDelay = () => (options.time.unsure ? 250 : probes < 10 ? 1000 : 30_000);
  return defer(() => timer(nextDelay(), options.scheduler)).pipe(
    concatMap(() => {
      probes++;
      const id = options.channelId();
      if (id === undefined) return EMPTY;
      return from(options.rest.request('HEAD', `/api/v2/notifications/channels/${encodeURIComponent(id)}`)).pipe(
        catchError((error: unknown) => {
          options.onError(error);
          return EMPTY;
        }),
      );
    }),
    repeat(),
  );
}
