/**
 * How the engine reads a failed write. Duck-typed so that a plugin built against another copy of
 * `@gcstream/core` is still understood: `retryable: true` asks for a retry, anything else is fatal
 * for the batch.
 */
export function isRetryableError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}

/** `retryAfterMs` on the error or in its `details` (how `errors.sinkRetryable` callers pass it). */
export function retryAfterOf(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 0;
  const direct = (error as { retryAfterMs?: unknown }).retryAfterMs;
  const detailed = (error as { details?: { retryAfterMs?: unknown } }).details?.retryAfterMs;
  const value = typeof direct === 'number' ? direct : detailed;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** A message for a dead letter's `reason` or a log line, whatever was thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
