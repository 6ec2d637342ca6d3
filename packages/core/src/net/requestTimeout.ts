import { errors } from '../errors/errors.js';

/** How long one request to Genesys Cloud (a REST call or a login) may go unanswered before it is given up and retried. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** What one request under a deadline came to. */
export interface Answer {
  /** The answer, when one came in time. */
  readonly response: Response | undefined;
  /** An ok answer's body, read under the same deadline. */
  readonly text: string | undefined;
  /** Why no answer came: the network's error, or `GCS_TIMEOUT` once `timeoutMs` passed. */
  readonly failure: unknown;
}

/**
 * One request whose answer, and an ok answer's body, must come within `timeoutMs`: a request the
 * server or the network holds never errors by itself (undici waits minutes for headers), and a
 * server can stall after the headers too. The REST client and the login share it. Aborting
 * `signal` (a stop) throws; any other failure is returned, for the caller's retry.
 */
export async function fetchWithin(
  doFetch: typeof fetch,
  url: string,
  init: RequestInit,
  within: { readonly timeoutMs: number; readonly signal: AbortSignal | undefined; readonly method: string; readonly path: string },
): Promise<Answer> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), within.timeoutMs);
  try {
    const response = await doFetch(url, { ...init, signal: within.signal ? AbortSignal.any([within.signal, deadline.signal]) : deadline.signal });
    const text = response.ok ? await response.text() : undefined;
    return { response, text, failure: undefined };
  } catch (error) {
    if (within.signal?.aborted) throw error;
    return { response: undefined, text: undefined, failure: deadline.signal.aborted ? errors.requestTimeout(within.method, within.path, within.timeoutMs) : error };
  } finally {
    clearTimeout(timer);
  }
}
