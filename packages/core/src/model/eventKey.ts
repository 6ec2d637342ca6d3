/**
 * The dedupe identity of a notification. Genesys gives each notification a `CorrelationId`, and the
 * same notification delivered on two channels (a rollover overlap) or through EventBridge carries
 * the same one, so topic + CorrelationId identifies it. Without one, the body's content decides.
 */

/** The high 32 bits of the last `cyrb53` call; read right after it. */
let lastHigh = 0;

/**
 * cyrb53's mixing (public domain, by bryc): returns the low 32 bits of the 64-bit state and
 * leaves the high ones for `cyrb53High()`, so a caller that wants both halves allocates nothing.
 */
export function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  lastHigh = h2;
  return h1;
}

/** The high half of the last `cyrb53` result. */
export function cyrb53High(): number {
  return lastHigh;
}

/**
 * cyrb53 as a 53-bit number. 53 bits keep collisions negligible at dedupe's default 100 000
 * entries, where a 32-bit hash would collide about once.
 */
export function hash53(text: string): number {
  const low = cyrb53(text);
  return 4294967296 * (2097151 & lastHigh) + (low >>> 0);
}

/**
 * `topicName|CorrelationId`, or `topicName|#<hash of the body>` when there is no CorrelationId.
 * The body is hashed in its JSON form rather than the frame text, because the EventBridge wrapper
 * around the same body differs from the WebSocket frame.
 */
export function eventKey(topicName: string, correlationId: unknown, eventBody: unknown): string {
  if (typeof correlationId === 'string' && correlationId.length > 0) return `${topicName}|${correlationId}`;
  const text = JSON.stringify(eventBody) ?? 'undefined';
  return `${topicName}|#${hash53(text).toString(36)}`;
}
