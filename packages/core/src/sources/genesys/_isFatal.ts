import { isGcsError } from '../../errors/errors.js';

/** Errors a retry cannot fix: the source stops with them instead of retrying. */
export function isFatal(error: unknown): boolean {
  if (!isGcsError(error)) return false;
  if (error.code === 'GCS_AUTH_FAILED' || error.code === 'GCS_RATE_LIMITED' || error.usage) return true;
  const status = error.details.status;
  return error.code === 'GCS_HTTP' && (status === 400 || status === 403);
}
