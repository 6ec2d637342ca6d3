import { isGcsError } from '../../errors/errors.js';

/**
 * Errors a retry cannot fix: the source stops with them instead of retrying. A 429 that outlasted
 * `maxRetryWait` is not one of them: the caller keeps retrying with backoff (a token refresh only
 * while the current token is valid).
 */
export function isFatal(error: unknown): boolean {
  if (!isGcsError(error)) return false;
  if (error.code === 'GCS_AUTH_FAILED' || error.usage) return true;
  const status = error.details.status;
  return error.code === 'GCS_HTTP' && (status === 400 || status === 403);
}
