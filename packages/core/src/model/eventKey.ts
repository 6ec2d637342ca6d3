/**
 * The dedupe identity of a notification. Genesys gives each notification a `CorrelationId`, and the
 * same notification delivered on two channels (a rollover overlap) or through EventBridge carries
 * the same one, so topic + CorrelationId identifies it. Without one, the body's content decides.
 */

/** The high 32 bits of the last `cyrb53` call; read right after it. */
let lastHigh = 0;

const SEED_1 = 0xdeadbeef;
const SEED_2 = 0x41c6ce57;

/**
 * cyrb53's mixing (public domain, by bryc): returns the low 32 bits of the 64-bit state and
 * leaves the high ones for `cyrb53High()`, so a caller that wants both halves allocates nothing.
 */
export function cyrb53(text: string): number {
  return cyrb53Continue(SEED_1, SEED_2, text);
}

/**
 * cyrb53 of `prefix + text`, given the state (`h1`, `h2`) its loop had after `prefix`'s
 * characters: the hash reads one character at a time, so a caller that knows the state after a
 * common prefix hashes only the rest, and gets exactly `cyrb53(prefix + text)`.
 */
function cyrb53Continue(h1: number, h2: number, text: string): number {
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

/** cyrb53's state after a topic name and its `|`. */
export interface HashState {
  readonly h1: number;
  readonly h2: number;
}

/** The key `eventKey` made last, the part after its `|`, and the hash state after the part before when the caller had it. */
const made: { key: string | undefined; tail: string; afterHead: HashState | undefined } = { key: undefined, tail: '', afterHead: undefined };

/**
 * `topicName|CorrelationId`, or `topicName|#<hash of the body>` when there is no CorrelationId.
 * The body is hashed in its JSON form rather than the frame text, because the EventBridge wrapper
 * around the same body differs from the WebSocket frame.
 */
export function eventKey(topicName: string, correlationId: unknown, eventBody: unknown, afterTopic?: HashState): string {
  const tail = typeof correlationId === 'string' && correlationId.length > 0 ? correlationId : `#${hash53(JSON.stringify(eventBody) ?? 'undefined').toString(36)}`;
  const key = `${topicName}|${tail}`;
  made.key = key;
  made.tail = tail;
  made.afterHead = afterTopic;
  return key;
}

/** cyrb53's state after `topicName|`: decode keeps it with the topic's classification (`topics.ts`) and hands it to `eventKey`. */
export function hashStateAfter(topicName: string): HashState {
  let h1 = SEED_1;
  let h2 = SEED_2;
  for (let i = 0; i <= topicName.length; i++) {
    const ch = i < topicName.length ? topicName.charCodeAt(i) : 124; /* | */
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return { h1, h2 };
}

/**
 * `cyrb53(key)` (high half in `cyrb53High()`), the hash dedupe remembers a key by. The key
 * `eventKey` just made (the event decode handed on is normally the next one dedupe sees) is hashed
 * from the state after its topic name, which decode keeps with the topic (`topics.ts`), so only
 * its CorrelationId is read: a 120-character key built by concatenation costs ~0.7 µs to read
 * character by character here, the CorrelationId alone ~0.1. Any other key is read whole; both
 * give the same number.
 */
export function keyHash(key: string): number {
  const state = made.afterHead;
  if (key === made.key && state !== undefined) return cyrb53Continue(state.h1, state.h2, made.tail);
  return cyrb53(key);
}
