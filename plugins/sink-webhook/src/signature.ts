import { createHmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-gcstream-timestamp';
export const SIGNATURE_HEADER = 'x-gcstream-signature';

/**
 * `sha256=<hex HMAC-SHA256 of timestamp + "." + body>`. The timestamp is inside what is signed, so
 * a receiver that rejects old timestamps also rejects a captured request replayed later.
 */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}
