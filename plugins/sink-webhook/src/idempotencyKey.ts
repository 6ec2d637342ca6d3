import { createHash } from 'node:crypto';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/**
 * The batch's `Idempotency-Key`: a hash of its events' keys, in order. The engine retries a batch
 * with the very same events, so every attempt carries the same key, and a receiver that already
 * took a request whose answer was lost can tell the retry apart from a new batch.
 */
export function batchIdempotencyKey(batch: readonly { readonly key: string }[]): string {
  const hash = createHash('sha256');
  for (const event of batch) hash.update(event.key).update('\n');
  return hash.digest('base64url');
}
