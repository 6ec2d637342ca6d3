/**
 * The JSON text an event's body arrived in, kept so sinks write it as it came instead of turning
 * the parsed body back into JSON. Serializing is what bounds a sink that writes whole events (a
 * 2.3 KB conversation snapshot takes about 10 µs of `JSON.stringify` on a small server core); the
 * text is already in memory, as a slice of the frame it was parsed from.
 *
 * The text is remembered for the body object it was parsed into, in a WeakMap: nothing is added to
 * the event (its own keys, equality in tests and structured clones stay as they were), a copy of the
 * event that keeps the body keeps the text, and an operator that builds a new body falls back to
 * serializing what the event now holds. Events are immutable by contract: a body changed in place
 * would be written as it arrived.
 */
import type { GenesysEvent } from './events.js';

/** Body object -> the frame it was parsed from, until a sink first asks for its text. */
const frames = new WeakMap<object, string>();
/** Body object -> its text in that frame ('' when the frame turned out shaped otherwise). */
const texts = new WeakMap<object, string>();

/**
 * Whether a parsed frame is the plain WebSocket envelope: exactly `topicName`, `version` (both
 * strings), `eventBody` and `metadata` holding only a `CorrelationId` string. Decode checks this
 * with the parsed object at hand; where the body lies in the text is worked out when first asked.
 */
export function plainEnvelope(envelope: Record<string, unknown>): boolean {
  const metadata = envelope.metadata as Record<string, unknown> | undefined;
  if (typeof metadata?.CorrelationId !== 'string' || typeof envelope.version !== 'string' || typeof envelope.topicName !== 'string') return false;
  let keys = 0;
  for (const _ in envelope) keys++;
  let metadataKeys = 0;
  for (const _ in metadata) metadataKeys++;
  return keys === 4 && metadataKeys === 1;
}

/** Remembers the frame a body was parsed from (a plain envelope: see `plainEnvelope`). */
export function keepFrameText(body: object, frame: string): void {
  frames.set(body, frame);
}

/** The body's arrival text, while the event still carries the body it was parsed into. */
export function bodyTextOf(event: GenesysEvent): string | undefined {
  const body = event.eventBody;
  if (typeof body !== 'object' || body === null) return undefined;
  let text = texts.get(body);
  if (text === undefined) {
    const frame = frames.get(body);
    if (frame === undefined) return undefined;
    const correlationId = (event.metadata as Record<string, unknown> | undefined)?.CorrelationId;
    text = (typeof correlationId === 'string' ? bodyTextIn(frame, correlationId) : undefined) ?? '';
    texts.set(body, text);
    frames.delete(body);
  }
  return text === '' ? undefined : text;
}

/** JSON of the body: its arrival text when kept, else `JSON.stringify`. */
export function bodyJson(event: GenesysEvent): string | undefined {
  return bodyTextOf(event) ?? JSON.stringify(event.eventBody);
}

const quotedKeys = new Map<string, string>();
const quotedKey = (key: string): string => {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < 1000) quotedKeys.set(key, quoted);
  }
  return quoted;
};

/**
 * `JSON.stringify(event)`, with the body's arrival text in place of its re-serialization. The
 * envelope's members are written one by one, in the order and with the rules `JSON.stringify`
 * follows (own enumerable keys in insertion order, undefined and functions left out, `toJSON`
 * honoured by serializing each value with it), so for a body that arrived as compact JSON, which is
 * how Genesys Cloud and the emulator send it, the result is byte for byte the same.
 */
export function eventJson(event: GenesysEvent): string {
  const text = bodyTextOf(event);
  if (text === undefined || Object.getPrototypeOf(event) !== Object.prototype || typeof (event as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(event);
  const members = event as unknown as Record<string, unknown>;
  let out = '{';
  for (const key in members) {
    const value = members[key];
    let json: string | undefined;
    if (key === 'eventBody') json = text;
    else if (typeof value === 'string') json = JSON.stringify(value);
    else if (typeof value === 'number') json = Number.isFinite(value) ? String(value) : 'null';
    else json = JSON.stringify(value);
    if (json === undefined) continue;
    out += (out.length === 1 ? '' : ',') + quotedKey(key) + json;
  }
  return `${out}}`;
}

const TOP_KEY = '"eventBody":';
const METADATA_OPEN = ',"metadata":{"CorrelationId":"';
const METADATA_CLOSE = '"}}';
/** A correlation id written in JSON as it is (no character JSON escapes): its length in the frame is known. */
const PLAIN_ID = /^[\w.:-]+$/;

/**
 * Where the body's text lies in a compact frame of a plain envelope (see `plainEnvelope`),
 * `{"topicName":…,"version":…,"eventBody":{…},"metadata":{"CorrelationId":"…"}}`: undefined
 * whenever the text is laid out otherwise (another order, whitespace, escapes in the id), and the
 * body is then serialized, as for any event.
 *
 * The first `"eventBody":` is the envelope's: the strings before it cannot hold an unescaped quote.
 * The frame must end with exactly the metadata parsed from it, so where the body ends is known
 * from the correlation id's length, with nothing searched for. A string member between the body
 * and the metadata would end the slice with a quote, not a brace.
 */
export function bodyTextIn(frame: string, correlationId: string): string | undefined {
  if (!PLAIN_ID.test(correlationId)) return undefined;
  const start = frame.indexOf(TOP_KEY) + TOP_KEY.length;
  const end = frame.length - METADATA_OPEN.length - correlationId.length - METADATA_CLOSE.length;
  if (start < TOP_KEY.length || end <= start || frame.charCodeAt(start) !== 123 /* { */ || frame.charCodeAt(end - 1) !== 125 /* } */) return undefined;
  if (!frame.startsWith(METADATA_OPEN, end) || !frame.startsWith(correlationId, end + METADATA_OPEN.length) || !frame.endsWith(METADATA_CLOSE)) return undefined;
  return frame.slice(start, end);
}
