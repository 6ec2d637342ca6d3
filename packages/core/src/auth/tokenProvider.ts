import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { errors, isGcsError } from '../errors/errors.js';
import { tlsUntrusted, tlsVerifyFailure } from '../net/tls.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, fetchWithin } from '../net/requestTimeout.js';
import { retryAfterDelay } from '../rest/retryAfter.js';
import { backoffDelay } from '../retry/backoff.js';
import { refreshDelay, type AccessToken } from './tokenRefresh.js';

/** A token this close to its expiry is not used while a refresh fails (server ms). */
const EXPIRY_MARGIN_MS = 30_000;

export interface TokenProviderOptions {
  /** The login origin; the token endpoint is `${loginUrl}/oauth/token`. */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  /** Give up on a rate-limited or unreachable login after waiting this long in total, in ms. */
  maxRetryWait: number;
  /**
   * How long one login may take, answer and body, in ms. A login the server or the network holds
   * without answering never errors by itself (undici waits 5 minutes for headers), and every REST
   * call waits for it: past this it is given up and retried, within `maxRetryWait`.
   * @default 30000
   */
  requestTimeout?: number;
  fetch?: typeof fetch;
  /** Every access token obtained is handed here so the logger can redact it. */
  registerSecret?: (value: string) => void;
  logger?: Logger;
  signal?: AbortSignal;
  random?: () => number;
  /** Local clock, in ms (measures the time spent retrying). @default Date.now */
  now?: () => number;
  /** The server's clock, epoch ms: a token's life is counted in it. @default `now` */
  serverNow?: () => number;
}

export interface TokenProvider {
  /** The cached token, or a fresh one when the cached one is past 80% of its life. */
  getToken(): Promise<string>;
  /** Logs in now (one login at a time: concurrent callers share it). */
  refresh(): Promise<AccessToken>;
  /** Drops `token` from the cache after it was refused (401, token_revoked). */
  invalidate(token: string): void;
  /** Server epoch ms at which the cached token expires; undefined without one. */
  validUntil(): number | undefined;
}

/** `ECONNREFUSED 127.0.0.1:443` from a failed fetch (undici puts the system error in `cause`). */
function networkCause(failure: unknown): string {
  const cause = (failure as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause?.code) return cause.message?.includes(cause.code) ? cause.message.replace(/^connect /, '') : `${cause.code}: ${cause.message ?? ''}`;
  return cause?.message ?? (failure instanceof Error ? failure.message : String(failure));
}

/** OAuth client-credentials login with a cached token. Bad credentials fail fast, never retried. */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const serverNow = options.serverNow ?? now;
  const timeoutMs = options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64');
  let cached: { token: AccessToken; refreshAt: number; expiresAt: number } | undefined;
  let inFlight: Promise<AccessToken> | undefined;

  async function login(): Promise<AccessToken> {
    const started = now();
    for (let attempt = 0; ; attempt++) {
      const { response, text, failure } = await fetchWithin(
        doFetch,
        `${options.loginUrl}/oauth/token`,
        { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' },
        { timeoutMs, signal: options.signal, method: 'POST', path: '/oauth/token' },
      );
      // A certificate that cannot be verified stays so: say how to fix it instead of retrying.
      const tls = failure === undefined ? undefined : tlsVerifyFailure(failure);
      if (tls !== undefined) throw tlsUntrusted('source:genesys', new URL(options.loginUrl).origin, tls, 'source.genesys.insecureSkipTlsVerify', failure);
      if (response?.ok) {
        const body = JSON.parse(text ?? '') as { access_token?: string; expires_in?: number };
        if (!body.access_token) throw errors.authFailed(response.status, 'the response carried no access_token');
        options.registerSecret?.(body.access_token);
        return { accessToken: body.access_token, expiresInMs: (body.expires_in ?? 86_400) * 1000 };
      }
      if (response && (response.status === 400 || response.status === 401 || response.status === 403)) {
        const text = await response.text().catch(() => '');
        throw errors.authFailed(response.status, describe(text));
      }
      const wait = response?.status === 429 ? retryAfterDelay(response.headers.get('retry-after'), attempt, random) : backoffDelay(attempt, { initialDelay: 1000, maxDelay: 30_000, random }) + 100;
      if (response) await response.body?.cancel().catch(() => undefined);
      const waited = now() - started;
      if (waited + wait > options.maxRetryWait) {
        if (response?.status === 429) throw errors.rateLimited('/oauth/token', waited);
        if (isGcsError(failure, 'GCS_TIMEOUT')) throw failure;
        if (!response) {
          const cause = failure instanceof Error ? ((failure.cause as Error | undefined)?.message ?? failure.message) : String(failure);
          throw errors.http('POST', `${options.loginUrl}/oauth/token`, 0, `unreachable (${cause}); check region or baseUrl, and the network`, true);
        }
        throw errors.http('POST', '/oauth/token', response.status, 'login unavailable', true);
      }
      // Name the cause: a user watching a login retry for minutes must see ECONNREFUSED or the 429.
      const cause = response
        ? `HTTP ${response.status}${response.status === 429 ? ', rate limited' : ''}`
        : isGcsError(failure, 'GCS_TIMEOUT')
          ? `no answer within ${timeoutMs / 1000} s`
          : networkCause(failure);
      options.logger?.warn({ status: response?.status, cause, waitMs: wait, url: `${options.loginUrl}/oauth/token` }, `login failed (${cause}); retrying in ${Math.ceil(wait / 1000)} s`);
      await sleep(wait, undefined, { signal: options.signal });
    }
  }

  return {
    async getToken() {
      if (cached && serverNow() < cached.refreshAt) return cached.token.accessToken;
      const held = cached;
      // A refresh is under way (the background one at 80%, or one that waits out a 429): the
      // current token is still good, so callers use it instead of waiting minutes for the login.
      if (held && inFlight && serverNow() < held.expiresAt - EXPIRY_MARGIN_MS) return held.token.accessToken;
      try {
        return (await this.refresh()).accessToken;
      } catch (error) {
        // A login that is rate limited or unreachable does not end a token that is still good:
        // keep using it (a margin short of its expiry) and let the background refresh retry.
        if (isGcsError(error) && error.code === 'GCS_AUTH_FAILED') throw error;
        if (held && cached === held && serverNow() < held.expiresAt - EXPIRY_MARGIN_MS) {
          options.logger?.warn({ err: error, validForMs: held.expiresAt - serverNow() }, 'token refresh failed; the current token is still valid and stays in use');
          return held.token.accessToken;
        }
        throw error;
      }
    },
    refresh() {
      inFlight ??= login()
        .then((token) => {
          const at = serverNow();
          cached = { token, refreshAt: at + refreshDelay(token.expiresInMs), expiresAt: at + token.expiresInMs };
          return token;
        })
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token.accessToken === token) cached = undefined;
    },
    validUntil() {
      return cached?.expiresAt;
    },
  };
}

function describe(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: string; description?: string; error_description?: string; message?: string };
    return [body.error, body.description ?? body.error_description ?? body.message].filter(Boolean).join(': ') || 'rejected';
  } catch {
    return text.slice(0, 200) || 'rejected';
  }
}
