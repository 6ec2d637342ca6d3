import { errors, type GcsError } from '@gcstream/core';

/**
 * SQLSTATE classes worth a retry: connection exceptions (08), transaction rollbacks such as
 * serialization failures and deadlocks (40), insufficient resources (53), operator intervention
 * (57: a terminated backend, a server shutting down or starting up, a cancelled statement) and
 * system errors (58).
 */
const RETRYABLE_CLASSES = new Set(['08', '40', '53', '57', '58']);
/** A dropped database is not coming back by itself. */
const FATAL_CODES = new Set(['57P04']);
const RETRYABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/** Messages of a connection lost or given up on (`Query read timeout`: no answer within queryTimeout). */
const LOST_CONNECTION = /Connection terminated|not queryable|timeout exceeded when trying to connect|connection timeout|Connection ended|Query read timeout/i;

export function isRetryablePgError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (RETRYABLE_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return !FATAL_CODES.has(code) && RETRYABLE_CLASSES.has(code.slice(0, 2));
  }
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}

/** `127.0.0.1:5432/test`: where the sink writes, without the user or password. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname || ''}`;
  } catch {
    return 'the configured database';
  }
}

/** A coded gcstream error for a failed connect or write, retryable or fatal by what PostgreSQL said. */
export function toSinkError(error: unknown, action: string, target: string): GcsError {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const what = `${typeof message === 'string' ? message : String(error)}${typeof code === 'string' ? ` (${code})` : ''}`;
  if (isRetryablePgError(error)) {
    const hint = code === 'ECONNREFUSED' ? ': is PostgreSQL running?' : '; retrying';
    return errors.sinkRetryable('postgres', `cannot ${action} ${target}: ${what}${hint}`, error);
  }
  return errors.sinkFatal('postgres', `cannot ${action} ${target}: ${what}`, error);
}
