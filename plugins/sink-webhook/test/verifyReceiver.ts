// The receiver's side of a signed gcstream webhook, as documented in the README: a receiver writes
// this itself, so it is deliberately separate from the code that signs.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function verifyGcstreamSignature(secret: string, rawBody: string, timestamp: string | undefined, signature: string | undefined, toleranceSeconds = 300, nowSeconds = Date.now() / 1000): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false; // too old (or too new): a replay
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}
