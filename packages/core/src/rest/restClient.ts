import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { errors, isGcsError } from '../errors/errors.js';
import type { TokenProvider } from '../auth/tokenProvider.js';
import { backoffDelay } from '../retry/backoff.js';
import { retryAfterDelay } from './retryAfter.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, fetchWithin } from '../net/requestTimeout.js';

export interface RestClientOptions {
  /** The API origin; paths are appended as given (`/api/v2/...`). */
  apiUrl: string;
  tokens: TokenProvider;
  /** Total wait allowed across 429s and 5xx retries of one request, in ms. */
  maxRetryWait: number;
  /**
   * How long one attempt may take, answer and body, in ms. A request the server or the network
   * holds without answering (a lost response, a half-open connection) never errors by itself: past
   * this it is given up and retried like an unreachable server, within `maxRetryWait`.
   * @default 30000
   */
  requestTimeout?: number;
  fetch?: typeof fetch;
  logger?: Logger;
  signal?: AbortSignal;
  random?: () => number;
  now?: () => number;
}

export interface RestClient {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/**
 * The Genesys REST client the source uses: bearer auth, one re-login on 401 (the token expired or
 * was revoked), Retry-After on 429 and a short backoff on 5xx or no answer within
 * `requestTimeout`, all within `maxRetryWait`.
 */
export function createRestClient(options: RestClientOptions): RestClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timeoutMs = options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const started = now();
      let reauthorized = false;
      for (let attempt = 0; ; attempt++) {
        const token = await options.tokens.getToken();
        const { response, text, failure } = await fetchWithin(
          doFetch,
          `${options.apiUrl}${path}`,
          {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
          },
          { timeoutMs, signal: options.signal, method, path },
        );
        if (response?.ok) return (text ? JSON.parse(text) : undefined) as T;
        if (response?.status === 401 && !reauthorized) {
          reauthorized = true;
          await response.body?.cancel().catch(() => undefined);
          options.tokens.invalidate(token);
          continue;
        }
        const retryable = !response || response.status === 429 || response.status >= 500;
        if (!retryable) throw await httpError(method, path, response!);
        const wait = response?.status === 429 ? retryAfterDelay(response.headers.get('retry-after'), attempt, random) : backoffDelay(attempt, { initialDelay: 500, maxDelay: 10_000, random }) + 50;
        const waited = now() - started;
        if (waited + wait > options.maxRetryWait) {
          if (response?.status === 429) throw errors.rateLimited(path, waited);
          if (response) throw await httpError(method, path, response);
          if (isGcsError(failure, 'GCS_TIMEOUT')) throw failure;
          throw errors.http(method, path, 0, failure instanceof Error ? failure.message : String(failure), true);
        }
        await response?.body?.cancel().catch(() => undefined);
        // A 429 or an outage can hold a start for minutes: say so where a user looks, not at debug.
        const why = response ? (response.status === 429 ? 'rate limited (HTTP 429)' : `HTTP ${response.status}`) : isGcsError(failure, 'GCS_TIMEOUT') ? `no answer within ${timeoutMs / 1000} s` : `unreachable (${(failure as { cause?: { code?: string } })?.cause?.code ?? (failure instanceof Error ? failure.message : String(failure))})`;
        const level = response?.status === 429 || attempt > 0 ? 'warn' : 'info';
        options.logger?.[level]({ method, path, status: response?.status, waitMs: wait, attempt }, `${method} ${path} ${why}; retrying in ${Math.ceil(wait / 1000)} s`);
        await sleep(wait, undefined, { signal: options.signal });
      }
    },
  };
}

async function httpError(method: string, path: string, response: Response) {
  const text = await response.text().catch(() => '');
  let message = text.slice(0, 300);
  try {
    const parsed = JSON.parse(text) as { message?: string; code?: string };
    if (parsed.message) message = parsed.code ? `${parsed.message} (${parsed.code})` : parsed.message;
  } catch {
    // not JSON: keep the text
  }
  return errors.http(method, path, response.status, message, response.status === 429 || response.status >= 500, response.headers.get('inin-correlation-id') ?? undefined);
}
