import { throwError, type Observable, type SchedulerLike } from 'rxjs';
import type { Logger } from 'pino';
import type { TokenProvider } from '../../auth/tokenProvider.js';
import { keepTokenWarm, type AccessToken } from '../../auth/tokenRefresh.js';
import { backoffRetryDelay } from '../../retry/backoff.js';
import { isFatal } from './_isFatal.js';
import type { ServerTime } from './serverTime.js';
import { afterServerMs } from './serverTimer.js';

export interface TokenKeeperOptions {
  readonly tokens: TokenProvider;
  readonly time: ServerTime;
  readonly scheduler: SchedulerLike;
  readonly logger: Logger;
  readonly random?: () => number;
  /** A refresh is failing and being retried (text for status), or works again (undefined). */
  onProblem(problem: string | undefined): void;
}

/**
 * Refreshes the token at 80% of its life, counted in the server's time. A refresh that fails for
 * a reason a retry can fix (429 past `maxRetryWait`, unreachable) is retried with backoff while
 * the current token is valid, said at `warn` and in status; the stream errors (and the source
 * stops) only when nothing valid is left, or the credentials were refused.
 */
export function keepTokensFresh(first: AccessToken, options: TokenKeeperOptions): Observable<AccessToken> {
  const { tokens, time, scheduler, logger } = options;
  const backoff = backoffRetryDelay({ initialDelay: 1000, maxDelay: 60_000, random: options.random, scheduler });
  return keepTokenWarm(
    first,
    () =>
      tokens.refresh().then((token) => {
        options.onProblem(undefined);
        return token;
      }),
    {
      wait: (serverMs) => afterServerMs(time, serverMs, scheduler),
      retryDelay: (error, n) => {
        const validFor = (tokens.validUntil() ?? 0) - time.now();
        if (isFatal(error) || validFor <= 0) return throwError(() => error);
        options.onProblem(`token refresh failed (${error instanceof Error ? error.message : String(error)}); the current token stays in use for ${Math.round(validFor / 1000)} s more while retrying`);
        logger.warn({ err: error, attempt: n, validForMs: validFor }, 'token refresh failed; the current token is still valid, retrying with backoff');
        return backoff(error, n);
      },
    },
  );
}
