import { errors, type GcsError } from '@gcstream/core';

/**
 * Failures after which the same publish may well succeed: no acknowledgement in time, no stream
 * listening (JetStream restarting or the stream being recreated), a connection lost or reconnecting.
 */
const RETRYABLE_NAMES = new Set(['TimeoutError', 'NoRespondersError', 'ClosedConnectionError', 'DrainingConnectionError', 'ConnectionError', 'RequestError']);
const RETRYABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

export function isRetryableNatsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, status, cause } = error as { name?: unknown; code?: unknown; status?: unknown; cause?: unknown };
  if (typeof name === 'string' && RETRYABLE_NAMES.has(name)) return true;
  if (typeof code === 'string' && RETRYABLE_NODE_CODES.has(code)) return true;
  // JetStream API errors carry an HTTP-like status: 503 is "JetStream unavailable right now".
  if (name === 'JetStreamApiError' && typeof status === 'number') return status >= 500;
  return cause !== undefined && cause !== error && isRetryableNatsError(cause);
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && error.cause.message !== error.message ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

/** The publish failures of one batch as one coded error, retryable or not as the first failure is. */
export function publishFailed(failed: number, total: number, first: unknown, subjectHint: string): GcsError {
  const what = `${failed} of ${total} events were not acknowledged by JetStream: ${describeError(first)}`;
  const noResponders = /no responders|NoResponders/i.test(describeError(first));
  const hint = noResponders ? `; no stream captures ${subjectHint}: check the stream and its subjects (or set createStream: true)` : '';
  return isRetryableNatsError(first)
    ? errors.sinkRetryable('nats', `${what}${hint}; the batch is published again (JetStream drops the copies it already has)`, first)
    : errors.sinkFatal('nats', what, first);
}
