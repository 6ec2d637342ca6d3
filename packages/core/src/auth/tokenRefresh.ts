import { asyncScheduler, defer, expand, from, retry, switchMap, take, timer, concatMap, type ObservableInput, type Observable, type SchedulerLike } from 'rxjs';

/** An OAuth access token and its lifetime as the login server stated it. */
export interface AccessToken {
  readonly accessToken: string;
  /** Lifetime in ms (the response's `expires_in` seconds, times 1000). */
  readonly expiresInMs: number;
}

/** When to refresh a token: at `fraction` of its life, so a slow login never leaves us with none. */
export function refreshDelay(expiresInMs: number, fraction = 0.8): number {
  return Math.max(0, Math.floor(expiresInMs * fraction));
}

export interface TokenRefreshOptions {
  /** Fraction of the lifetime after which to refresh. @default 0.8 */
  fraction?: number;
  /** Local ms per server ms is `1 / serverSpeed`; the emulator's clock may run faster. @default 1 */
  serverSpeed?: number;
  /** Waits `serverMs` of server time; overrides `serverSpeed` (the source passes its estimate of the server's clock). */
  wait?: (serverMs: number) => ObservableInput<unknown>;
  scheduler?: SchedulerLike;
}

/**
 * Fetches a token, then fetches the next one at 80% of each token's life, for as long as it is
 * subscribed. A failed fetch errors the stream (retries belong to `fetchToken`).
 */
export function tokenRefresh(fetchToken: () => ObservableInput<AccessToken>, options: TokenRefreshOptions = {}): Observable<AccessToken> {
  const wait = waitFor(options);
  const fetch$ = defer(() => from(fetchToken()));
  return fetch$.pipe(expand((token) => from(wait(refreshDelay(token.expiresInMs, options.fraction))).pipe(take(1), concatMap(() => fetch$))));
}

function waitFor(options: TokenRefreshOptions): (serverMs: number) => ObservableInput<unknown> {
  if (options.wait) return options.wait;
  const scheduler = options.scheduler ?? asyncScheduler;
  const speed = options.serverSpeed ?? 1;
  return (serverMs) => timer(serverMs / speed, scheduler);
}

export interface KeepTokenWarmOptions extends TokenRefreshOptions {
  /** A `retry({ delay })` callback for a failed refresh: emit to try again, error to give up. */
  retryDelay(error: unknown, retryCount: number): ObservableInput<unknown>;
}

/**
 * Keeps a token provider warm from a token the caller already has: refreshes at 80% of `first`'s
 * life, then of each new token's. A failed refresh is retried on its own (per `retryDelay`), so a
 * transient failure never starts the token's wait over.
 */
export function keepTokenWarm(first: AccessToken, refresh: () => ObservableInput<AccessToken>, options: KeepTokenWarmOptions): Observable<AccessToken> {
  const refreshed$ = defer(() => from(refresh())).pipe(retry({ delay: options.retryDelay }));
  return from(waitFor(options)(refreshDelay(first.expiresInMs, options.fraction))).pipe(
    take(1),
    switchMap(() => tokenRefresh(() => refreshed$, options)),
  );
}
