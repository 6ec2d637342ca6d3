/**
 * The JSON text an event's body arrived in, kept so sinks write it as it came instead of turning
 * the parsed body back into JSON. Serializing is what bounds a sink that writes whole events (a
 * 2.3 KB conversation snapshot takes about 10 µs of `JSON.stringify` on a small server core); the
 * text is already in memory, as a slice of the frame it was parsed from.
 *
 * The frame is remembered for the body object it was parsed into, and for the event decode made,
 * in two WeakMaps: nothing is added to the event (its own keys, equality in tests and structured
 * clones stay as they were), a copy of the event that keeps the body keeps the text, and an
 * operator that builds a new body falls back to serializing what the event now holds. Events are
 * immutable by contract: a body changed in place would be written as it arrived.
 *
 * What either map keeps is the frame's text, which reaches neither key. A value that held the
 * event (and so its body, the key) kept every body alive through every young-generation
 * collection: the collector gives up such a cycle only in a full collection, so each decoded event
 * was copied and promoted, and a pipeline of decode alone spent about a quarter of its time in
 * collection pauses (`bench/README.md`, "analytics-runner.ts").
 */
import type { GenesysEvent } from './events.js';

/** Body object -> the frame it was parsed from. */
const bodyFrames = new WeakMap<object, string>();
/** The event decode made -> the frame it was decoded from: the event whose members are decode's. */
const eventFrames = new WeakMap<GenesysEvent, string>();

/**
 * The frame of an event decode made, while it still holds the body parsed from that frame (an
 * event's body replaced in place, against the contract, is then serialized as it now is).
 */
function decodedFrameOf(event: GenesysEvent): string | undefined {
  const frame = eventFrames.get(event);
  const body = event.eventBody;
  return frame !== undefined && typeof body === 'object' && body !== null && bodyFrames.get(body) === frame ? frame : undefined;
}

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

/**
 * Remembers the frame a body was parsed from (a plain envelope: see `plainEnvelope`), and the
 * event decode made of it: while a sink is handed that very event, its envelope members are the
 * strings parsed from this frame, and checking the frame's layout takes no comparing of text.
 */
export function keepFrameText(body: object, frame: string, event: GenesysEvent): void {
  bodyFrames.set(body, frame);
  eventFrames.set(event, frame);
}

/**
 * The body's arrival text, while the event still carries the body it was parsed into. Found in
 * the frame each time it is asked for (a few comparisons near the frame's two ends, and a slice
 * that shares the frame's characters) rather than remembered: a second WeakMap written for every
 * event made each young-generation collection walk one more table of every event in memory.
 */
export function bodyTextOf(event: GenesysEvent): string | undefined {
  const body = event.eventBody;
  if (typeof body !== 'object' || body === null) return undefined;
  const frame = bodyFrames.get(body);
  return frame === undefined ? undefined : bodyTextInFrame(event, frame);
}

/** The body's text in the frame it was parsed from, found by the event's correlation id. */
function bodyTextInFrame(event: GenesysEvent, frame: string): string | undefined {
  const correlationId = (event.metadata as Record<string, unknown> | undefined)?.CorrelationId;
  return typeof correlationId === 'string' ? bodyTextIn(frame, correlationId) : undefined;
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

/** JSON text of the envelope members that repeat from event to event (topic, family, source, channel). */
const repeatedJson = new Map<string, string>();
const MAX_REPEATED = 10_000;
const MAX_REPEATED_LENGTH = 256;

/** JSON of one member value, by `JSON.stringify`'s rules (undefined when the member is left out). */
function memberJson(key: string, value: unknown): string | undefined {
  if (typeof value === 'string') {
    // The strings shared by every event of a topic or channel are the same objects each time, so
    // their lookup is a pointer compare; a per-event string (the key) is not worth hashing.
    if (key === 'key' || value.length > MAX_REPEATED_LENGTH) return JSON.stringify(value);
    let json = repeatedJson.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      if (repeatedJson.size >= MAX_REPEATED) repeatedJson.clear();
      repeatedJson.set(value, json);
    }
    return json;
  }
  if (typeof value === 'number') return numberJson(value);
  if (Array.isArray(value) && Object.isFrozen(value)) return frozenListJson(value);
  return JSON.stringify(value);
}

const NINE_ZEROS = '000000000';

/**
 * `JSON.stringify` of a number. Every event carries two epoch-millisecond times, and a 13-digit
 * number costs ~190 ns to write as a double; as two small integers, ~60.
 */
export function numberJson(value: number): string {
  if (value >= 1e9 && value < 1e14 && Number.isInteger(value)) {
    const high = Math.floor(value / 1e9);
    const low = `${value - high * 1e9}`;
    return `${high}${NINE_ZEROS.slice(low.length)}${low}`;
  }
  return Number.isFinite(value) ? String(value) : 'null';
}

/** JSON of frozen lists of strings (a topic's ids, shared by all its events), made once per list. */
const listJson = new WeakMap<readonly unknown[], string>();
function frozenListJson(list: readonly unknown[]): string {
  let json = listJson.get(list);
  if (json === undefined) {
    json = JSON.stringify(list);
    if (list.every((item) => typeof item === 'string')) listJson.set(list, json);
  }
  return json;
}

/** The members of a WebSocket envelope, in the order of the frame and of a decoded event. */
const HEAD_KEYS = ['topicName', 'version', 'eventBody', 'metadata'] as const;
const HEAD_OPEN = '{"topicName":"';
const HEAD_VERSION = '","version":"';
const HEAD_BODY = '","eventBody":';

/**
 * The frame without its closing brace when it is, byte for byte, `JSON.stringify` of the event's
 * first four members: `{"topicName":"T","version":"V","eventBody":B,"metadata":{"CorrelationId":"C"}`.
 * T and V are found verbatim where the compact layout puts them, ending at the quote that follows
 * (so they hold no escape), B is the body's arrival text (see `bodyTextIn`), and the metadata is
 * a plain object holding only the correlation id the frame ends with.
 */
function frameHead(event: GenesysEvent, frame: string): string | undefined {
  const { topicName, version, metadata } = event as { topicName: unknown; version: unknown; metadata: unknown };
  if (typeof topicName !== 'string' || typeof version !== 'string' || typeof metadata !== 'object' || metadata === null) return undefined;
  if (Object.getPrototypeOf(metadata) !== Object.prototype) return undefined;
  let members = 0;
  for (const _ in metadata) members++;
  const correlationId = (metadata as Record<string, unknown>).CorrelationId;
  if (members !== 1 || typeof correlationId !== 'string') return undefined;
  let at = HEAD_OPEN.length;
  if (!frame.startsWith(HEAD_OPEN) || !textAt(frame, at, topicName)) return undefined;
  at += topicName.length;
  if (!frame.startsWith(HEAD_VERSION, at) || !frame.startsWith(version, (at += HEAD_VERSION.length))) return undefined;
  at += version.length;
  if (!frame.startsWith(HEAD_BODY, at) || bodyTextIn(frame, correlationId, at + HEAD_BODY.length) === undefined) return undefined;
  return frame.slice(0, -1);
}

/**
 * Whether `frameHead` would hold for the event decode made of this frame (events are immutable
 * by contract), with the frame without its closing brace as the head. Its
 * topic name, version and correlation id are the strings parsed from the frame, and decode found
 * the envelope plain (`plainEnvelope`), so only the layout is left to check, by position: each
 * separator where the parsed lengths put it. A string that was escaped in the frame is longer
 * there than parsed, which moves what follows it; and none of the separators can appear inside a
 * JSON string, where every quote is escaped. So each separator found in place proves that the text
 * before it is the parsed string verbatim.
 */
function decodedLayout(event: GenesysEvent, frame: string): boolean {
  const correlationId = event.metadata.CorrelationId as string;
  let at = HEAD_OPEN.length + event.topicName.length;
  if (!partAt(frame, 0, HEAD_OPEN) || !partAt(frame, at, HEAD_VERSION)) return false;
  at += HEAD_VERSION.length + event.version.length;
  if (!partAt(frame, at, HEAD_BODY)) return false;
  const start = at + HEAD_BODY.length;
  const end = frame.length - METADATA_OPEN.length - correlationId.length - METADATA_CLOSE.length;
  if (end <= start || frame.charCodeAt(start) !== 123 /* { */ || frame.charCodeAt(end - 1) !== 125 /* } */) return false;
  return partAt(frame, end, METADATA_OPEN) && partAt(frame, frame.length - METADATA_CLOSE.length, METADATA_CLOSE);
}

/**
 * `text.startsWith(part, at)` for a short `part`, character by character: with the five
 * separators of a frame's layout checked by `startsWith`, `writeEventLine` took 2.23 µs a line over
 * 60,000 emulator events, and 1.89 µs with this loop (one process, best of six passes).
 */
function partAt(text: string, at: number, part: string): boolean {
  if (at < 0 || at + part.length > text.length) return false;
  for (let i = 0; i < part.length; i++) if (text.charCodeAt(at + i) !== part.charCodeAt(i)) return false;
  return true;
}

/**
 * `membersJson` of the members decode adds, and the closing brace, for the event decode made: its
 * keys are those of decode's object literal, in that order (`decode.ts`; the tests compare every
 * decoded event's `eventJson` with `JSON.stringify`), so they are written by name instead of being
 * found by walking the object (about 0.4 µs less an event). The members shared by a topic, a
 * source and a channel are made once (see `writeDecodedLine`). Undefined when the source or the
 * channel is not the string decode puts there.
 */
function decodedMembersJson(event: GenesysEvent): string | undefined {
  const { topicName, eventTime, receivedAt, key } = event;
  const source = sourceMembersOf(event.source);
  const channel = channelMembersOf(event.channelId);
  if (source === undefined || channel === undefined) return undefined;
  const keyJson = isPlainKey(key, topicName, event.metadata.CorrelationId as string) ? `"${key}"` : JSON.stringify(key);
  return `${topicMembersOf(event).json}${numberJson(eventTime)},"receivedAt":${numberJson(receivedAt)}${source.json}${keyJson}${channel.json}`;
}

/**
 * `text.startsWith(part, at)` for a long `part`: a slice compared at once costs ~50 ns where
 * `startsWith` compares an 80-character topic name in ~200.
 */
function textAt(text: string, at: number, part: string): boolean {
  return text.length >= at + part.length && text.slice(at, at + part.length) === part;
}

/** Whether `key` is `topicName|correlationId`, compared without building that text. */
function isPlainKey(key: unknown, topicName: string, correlationId: string): key is string {
  return typeof key === 'string' && key.length === topicName.length + 1 + correlationId.length && key.charCodeAt(topicName.length) === 124 /* | */ && textAt(key, 0, topicName) && textAt(key, topicName.length + 1, correlationId);
}

/**
 * `JSON.stringify(event)`'s text for the members from the `from`th on, with `text` for the body.
 * `topicName` and `correlationId`, when given, need no escaping (the frame holds them verbatim):
 * a key made of them, as decode makes it, is quoted as it is.
 */
function membersJson(event: GenesysEvent, from: number, text: string | undefined, topicName?: string, correlationId?: string): string | undefined {
  const members = event as unknown as Record<string, unknown>;
  let out = '';
  let index = 0;
  for (const key in members) {
    if (index < from) {
      if (key !== HEAD_KEYS[index]) return undefined;
      index++;
      continue;
    }
    index++;
    const value = members[key];
    const json = key === 'eventBody' && text !== undefined ? text : key === 'key' && correlationId !== undefined && isPlainKey(value, topicName!, correlationId) ? `"${value}"` : memberJson(key, value);
    if (json !== undefined) out += `,${quotedKey(key)}${json}`;
  }
  return index < from ? undefined : out;
}

/**
 * `JSON.stringify(event)`, with the body's arrival text in place of its re-serialization. The
 * envelope's members are written one by one, in the order and with the rules `JSON.stringify`
 * follows (own enumerable keys in insertion order, undefined and functions left out, `toJSON`
 * honoured by serializing each value with it), so for a body that arrived as compact JSON, which is
 * how Genesys Cloud and the emulator send it, the result is byte for byte the same.
 *
 * An event as decode made it starts with the frame's own four members, unchanged: those are the
 * frame itself, one slice, and only the members decode added are written (1 µs an event here
 * against 3.5 µs writing all twelve, and 6 µs for `JSON.stringify`).
 */
export function eventJson(event: GenesysEvent): string {
  const head = eventJsonHead(event, decodedFrameOf(event));
  return head === undefined ? jsonOf(event) : `${head}${tail}`;
}

/**
 * `eventJson(event)` and a newline, encoded as UTF-8 into `out` from `at`. Returns the offset
 * after the line, or -1 when `out` might not have room for it (three bytes a character, the most
 * UTF-8 takes), having written nothing. The frame's part of the text is encoded straight from
 * the frame, never copied into a joined string first: a sink that writes lines to a file or a
 * socket saves the join and the copy that encoding a joined text makes (about 1 µs a 1 KB line).
 */
export function writeEventLine(event: GenesysEvent, out: Buffer, at: number): number {
  const decoded = decodedFrameOf(event);
  if (decoded !== undefined && decodedLayout(event, decoded)) {
    const end = writeDecodedLine(event, decoded, out, at);
    if (end !== undefined) return end;
  }
  const head = eventJsonHead(event, decoded);
  const first = head ?? jsonOf(event);
  const second = head === undefined ? '' : tail;
  if ((first.length + second.length + 1) * 3 > out.length - at) return -1;
  at += out.write(first, at);
  if (second !== '') at += out.write(second, at);
  out[at] = 10; // \n
  return at + 1;
}

/**
 * The line of an event decode made, written as bytes: the frame less its closing brace, then
 * decode's members from bytes kept per topic, source and channel, the two times as digits and the
 * key. Building the members as text and encoding it cost three times what writing the 2 KB frame
 * does (about 2.5 µs a line against 0.8 here). Undefined when a member is not of the type decode
 * gives it (then the text path writes it); -1 when `out` might not have room.
 */
function writeDecodedLine(event: GenesysEvent, frame: string, out: Buffer, at: number): number | undefined {
  const { key, eventTime, receivedAt } = event;
  const topic = topicMembersOf(event);
  const source = sourceMembersOf(event.source);
  const channel = channelMembersOf(event.channelId);
  if (source === undefined || channel === undefined) return undefined;
  const plainKey = isPlainKey(key, event.topicName, event.metadata.CorrelationId as string);
  const keyText = plainKey ? key : JSON.stringify(key);
  // The frame and the key at three bytes a character at most, the members as they are, and two
  // numbers (at most 24 characters each as JSON) with what lies between them.
  if ((frame.length + keyText.length + 2) * 3 + topic.bytes.length + source.bytes.length + channel.bytes.length + 2 * 24 + RECEIVED_AT.length > out.length - at) return -1;
  at += out.write(frame, at) - 1; // its closing brace, one byte, is written over
  out.set(topic.bytes, at);
  at = writeNumber(out, at + topic.bytes.length, eventTime);
  out.set(RECEIVED_AT, at);
  at = writeNumber(out, at + RECEIVED_AT.length, receivedAt);
  out.set(source.bytes, at);
  at += source.bytes.length;
  if (plainKey) {
    out[at++] = 34; // "
    at += out.write(key, at);
    out[at++] = 34;
  } else {
    at += out.write(keyText, at);
  }
  out.set(channel.bytes, at);
  return at + channel.bytes.length;
}

const RECEIVED_AT = Buffer.from(',"receivedAt":');

/** A number as `JSON.stringify` writes it, as bytes: a non-negative safe integer digit by digit. */
function writeNumber(out: Buffer, at: number, value: number): number {
  if (!(value >= 0 && Number.isSafeInteger(value))) return at + out.write(numberJson(value), at);
  let digits = 1;
  for (let power = 10; power <= value; power *= 10) digits++;
  const end = at + digits;
  for (let i = end - 1; i >= at; i--) {
    const rest = Math.floor(value / 10);
    out[i] = 48 + value - rest * 10;
    value = rest;
  }
  return end;
}

/** Text and bytes of a run of members that many events share (the bytes may end the line). */
interface SharedMembers {
  readonly json: string;
  readonly bytes: Uint8Array;
}
const sharedMembers = (json: string, lineEnd = ''): SharedMembers => ({ json, bytes: Buffer.from(`${json}${lineEnd}`) });

/** `,"topic":…,"family":…,"ids":…,"eventTime":` per topic, kept by its frozen id list (one per topic name). */
const topicMembers = new WeakMap<readonly unknown[], SharedMembers & { readonly topic: string; readonly family: string }>();
function topicMembersOf(event: GenesysEvent): SharedMembers {
  const { topic, family, ids } = event;
  const known = topicMembers.get(ids);
  if (known !== undefined && known.topic === topic && known.family === family) return known;
  const made = { topic, family, ...sharedMembers(`,"topic":${memberJson('topic', topic)!},"family":${memberJson('family', family)!},"ids":${memberJson('ids', ids)!},"eventTime":`) };
  if (Object.isFrozen(ids)) topicMembers.set(ids, made);
  return made;
}

/**
 * Members made once per string value (a source, a channel) by `make` from its JSON, and forgotten
 * all at once past `MAX_REPEATED` values, as `repeatedJson` is. Undefined for a value that is not a
 * string (the text path then writes it).
 */
function sharedFor(cache: Map<string, SharedMembers>, value: unknown, make: (json: string) => SharedMembers): SharedMembers | undefined {
  if (typeof value !== 'string') return undefined;
  let known = cache.get(value);
  if (known === undefined) {
    known = make(JSON.stringify(value));
    if (cache.size >= MAX_REPEATED) cache.clear();
    cache.set(value, known);
  }
  return known;
}

/** `,"source":…,"key":` per source. */
const sourceMembers = new Map<string, SharedMembers>();
const makeSourceMembers = (json: string) => sharedMembers(`,"source":${json},"key":`);
const sourceMembersOf = (source: unknown) => sharedFor(sourceMembers, source, makeSourceMembers);

/** `,"channelId":…}` per channel (its bytes with the newline); the closing brace without one. */
const channelMembers = new Map<string, SharedMembers>();
const makeChannelMembers = (json: string) => sharedMembers(`,"channelId":${json}}`, '\n');
const NO_CHANNEL = sharedMembers('}', '\n');
const channelMembersOf = (channelId: unknown) => (channelId === undefined ? NO_CHANNEL : sharedFor(channelMembers, channelId, makeChannelMembers));

/** What `eventJsonHead` found after the frame's part, read right after it returns. */
let tail = '';

/**
 * The first part of `eventJson(event)` when it can be taken from the frame: the frame without its
 * closing brace, with `tail` set to the members decode added and the closing brace. Undefined
 * when the event is to be serialized whole (`jsonOf`). `decoded` is `decodedFrameOf(event)`, which
 * every caller has asked for already. (Not a default parameter: an undefined answer, that of every
 * event decode did not make, would make a default ask the event map again.)
 */
function eventJsonHead(event: GenesysEvent, decoded: string | undefined): string | undefined {
  const body = event.eventBody;
  const frame = decoded ?? (typeof body === 'object' && body !== null ? bodyFrames.get(body) : undefined);
  if (frame === undefined) return undefined;
  if (decoded !== undefined) {
    // The event decode made: a plain object of decode's members.
    if (decodedLayout(event, frame)) {
      const members = decodedMembersJson(event);
      if (members !== undefined) {
        tail = members;
        return frame.slice(0, -1);
      }
    }
  } else {
    // A copy keeping the body (an operator's spread, a test's literal): checked member by member.
    if (Object.getPrototypeOf(event) !== Object.prototype || typeof (event as { toJSON?: unknown }).toJSON === 'function') return undefined;
    const head = frameHead(event, frame);
    const rest = head === undefined ? undefined : membersJson(event, HEAD_KEYS.length, undefined, event.topicName, event.metadata.CorrelationId as string);
    if (rest !== undefined) {
      tail = `${rest}}`;
      return head;
    }
  }
  const text = bodyTextInFrame(event, frame);
  if (text === undefined) return undefined;
  // Set after the members are written: a member's toJSON may itself ask for an event's JSON.
  const json = `{${membersJson(event, 0, text)!.slice(1)}}`;
  tail = '';
  return json;
}

/** `JSON.stringify(event)` for an event whose text is not taken from its frame. */
function jsonOf(event: GenesysEvent): string {
  return JSON.stringify(event);
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
export function bodyTextIn(frame: string, correlationId: string, start = frame.indexOf(TOP_KEY) + TOP_KEY.length): string | undefined {
  if (!PLAIN_ID.test(correlationId)) return undefined;
  const end = frame.length - METADATA_OPEN.length - correlationId.length - METADATA_CLOSE.length;
  if (start < TOP_KEY.length || end <= start || frame.charCodeAt(start) !== 123 /* { */ || frame.charCodeAt(end - 1) !== 125 /* } */) return undefined;
  if (!frame.startsWith(METADATA_OPEN, end) || !textAt(frame, end + METADATA_OPEN.length, correlationId) || !frame.endsWith(METADATA_CLOSE)) return undefined;
  return frame.slice(start, end);
}
