import { errors, tlsUntrustedReason, tlsVerifyFailure, type GcsError, type SecretSet } from '@gcstream/core';
import type { Dispatcher } from 'undici';

/** Longest Retry-After honoured: a receiver asking for more is asked again after this. */
const MAX_RETRY_AFTER_MS = 15 * 60_000;
/** How much of a refusal's body goes into the dead letter: enough to read the receiver's reason. */
export const BODY_START_CHARS = 300;

/** `Retry-After` in milliseconds: seconds or an HTTP date (RFC 9110 §10.2.3); 0 when absent or unusable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return 0;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : 0;
}

/** Statuses worth retrying: the receiver timed out, is throttling, or failed on its side. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The start of a response body as one line, with the config's secrets scrubbed. */
export async function bodyStart(body: Dispatcher.ResponseData['body'], secrets: SecretSet): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length >= BODY_START_CHARS) break;
    }
  } catch {
    // A body cut off by the receiver still leaves what was read.
  } finally {
    // Breaking out of the loop leaves the rest unread; destroying it frees the connection.
    if (!body.destroyed) body.destroy();
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return secrets.scrub(line.length > BODY_START_CHARS ? `${line.slice(0, BODY_START_CHARS)}…` : line);
}

/** The error for a non-2xx answer: retryable for 408, 429 and 5xx (with Retry-After), fatal otherwise. */
export function statusError(target: string, status: number, retryAfter: number, start: string): GcsError {
  const said = start ? `: ${start}` : ' (empty body)';
  if (isRetryableStatus(status)) {
    const error = errors.sinkRetryable('webhook', `${target} answered ${status}${said}`);
    if (retryAfter > 0) error.details.retryAfterMs = retryAfter;
    error.details.status = status;
    return error;
  }
  const fix = status >= 300 && status < 400 ? '; set url to the final address (redirects are not followed)' : '; the receiver refused the batch, so it is not retried';
  const error = errors.sinkFatal('webhook', `${target} answered ${status}${said}${fix}`);
  error.details.status = status;
  return error;
}

/**
 * A request that got no answer (refused, reset, timed out): worth retrying. A receiver whose TLS
 * certificate cannot be verified is not: that is fatal, and the batch goes to dead letters with the fix.
 */
export function networkError(receiver: { readonly target: string; readonly origin: string }, error: unknown, timeoutMs: number, timedOut: boolean, stopping = false): GcsError {
  const { target } = receiver;
  if (stopping) return errors.sinkRetryable('webhook', `gave up waiting for ${target}: the pipeline is stopping and its shutdown timeout has passed`, error);
  if (timedOut) return errors.sinkRetryable('webhook', `${target} gave no complete answer within ${timeoutMs} ms; raise timeout if the receiver is slow`, error);
  const tls = tlsVerifyFailure(error);
  if (tls !== undefined) return errors.sinkFatal('webhook', `${target}: ${tlsUntrustedReason(receiver.origin, tls, 'insecureSkipTlsVerify')}`, error);
  const code = (error as { code?: string } | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  return errors.sinkRetryable('webhook', `cannot reach ${target} (${code ?? reason}): is the receiver running and reachable?`, error);
}
