/**
 * Where each family keeps the time an event happened. Every function returns epoch milliseconds,
 * or `undefined` when the body has no usable time (the caller then falls back).
 */

/** Epoch ms from ISO-8601 text or a number; `undefined` for anything unparseable. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const ms = value.length === 24 ? canonicalIsoMs(value, 0) : Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

type Loose = Record<string, unknown>;

const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === 'string';

/**
 * `2025-06-01T11:59:45.500Z`, the form Genesys writes every timestamp in. Two such strings
 * compare as text in time order, so the latest of many costs string comparisons and one parse.
 */
function isCanonicalIso(s: string): boolean {
  return s.length === 24 && s.charCodeAt(23) === 90 /* Z */ && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(19) === 46 /* . */;
}

/** Two decimal digits at `i`, or -1000 (which fails every range check below) if either is not one. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1000;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil); `day` may overflow its month as in `Date.UTC`. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/**
 * `Date.parse` of the text from `at` to the end, by arithmetic when it is canonical ISO text
 * (`Date.parse` costs 0.6 µs, about a seventh of a frame's JSON.parse, and every conversation
 * and observation needs one); anything else, or a field out of its usual range, goes to
 * `Date.parse` so the answer is always the same as its.
 */
export function canonicalIsoMs(s: string, at: number): number {
  const century = twoDigits(s, at);
  const yearOfCentury = twoDigits(s, at + 2);
  const month = twoDigits(s, at + 5);
  const day = twoDigits(s, at + 8);
  const hour = twoDigits(s, at + 11);
  const minute = twoDigits(s, at + 14);
  const second = twoDigits(s, at + 17);
  const msHigh = twoDigits(s, at + 20);
  const msLow = s.charCodeAt(at + 22) - 48;
  if (
    s.length - at !== 24 ||
    s.charCodeAt(at + 4) !== 45 /* - */ ||
    s.charCodeAt(at + 7) !== 45 ||
    s.charCodeAt(at + 10) !== 84 /* T */ ||
    s.charCodeAt(at + 13) !== 58 /* : */ ||
    s.charCodeAt(at + 16) !== 58 ||
    s.charCodeAt(at + 19) !== 46 /* . */ ||
    s.charCodeAt(at + 23) !== 90 /* Z */ ||
    !(century >= 0 && yearOfCentury >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && msHigh >= 0 && msLow >= 0 && msLow <= 9)
  ) {
    return Date.parse(at === 0 ? s : s.slice(at));
  }
  return daysFromCivil(century * 100 + yearOfCentury, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + msHigh * 10 + msLow;
}

/** Running maximum over timestamps: canonical ISO text compared as text, anything else parsed. */
class Latest {
  iso: string | undefined = undefined;
  ms: number | undefined = undefined;

  offer(value: unknown): void {
    if (value === undefined) return;
    if (typeof value === 'string' && isCanonicalIso(value)) {
      if (this.iso === undefined || value > this.iso) this.iso = value;
      return;
    }
    const ms = toEpochMs(value);
    if (ms !== undefined && (this.ms === undefined || ms > this.ms)) this.ms = ms;
  }

  /**
   * Every session of one media list (`calls`, `chats`, ...). With `strict`, returns false when
   * the list is not one the conversation guard accepts (see `scanConversation`).
   */
  offerMedia(items: unknown, strict: boolean, withMessages = false): boolean {
    if (!Array.isArray(items)) return !strict || items === undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as Loose;
      if (strict && (!isObj(item) || !optString(item.id) || !optString(item.state) || !optString(item.connectedTime) || !optString(item.disconnectedTime))) return false;
      this.offer(item.connectedTime);
      this.offer(item.disconnectedTime);
      this.offer(item.startAlertingTime);
      this.offer(item.startHoldTime);
      // A `messages` session: the `messageTime` of each message it lists.
      const messages = withMessages ? item.messages : undefined;
      if (Array.isArray(messages)) for (let j = 0; j < messages.length; j++) this.offer((messages[j] as Loose | null)?.messageTime);
    }
    return true;
  }

  result(): number | undefined {
    const fromIso = this.iso === undefined ? undefined : toEpochMs(this.iso);
    if (fromIso === undefined) return this.ms;
    return this.ms === undefined || fromIso > this.ms ? fromIso : this.ms;
  }
}

/**
 * A conversation notification is a snapshot sent on every change, but Genesys gives it no event
 * time of its own. The latest timestamp anywhere in the snapshot (participants' connect, end and
 * ACW times; media connect, disconnect, alerting and hold starts; each message's time, which is all
 * that moves when a message is sent) is the most recent change the
 * body can prove, and unlike receive time it is the same for the WebSocket, EventBridge and
 * backfill copies of one notification. A snapshot with no timestamp yet (a call still alerting
 * with no alerting time) falls back to receive time.
 *
 * The fields are read by name, not by looping over `PARTICIPANT_TIME_FIELDS`, `MEDIA_LISTS`,
 * `MEDIA_TIME_FIELDS` and `MESSAGE_TIME_FIELDS` of `model/conversation.ts`: `p[field]` with a changing `field` is a
 * megamorphic lookup, and the loops made this a third of decode's cost beyond JSON.parse
 * (1.0 µs a snapshot, 0.3 by name). `eventTime.test.ts` checks that this reads exactly the fields
 * those lists name, so a field added there fails the test until it is added here.
 */
export function conversationEventTime(body: Loose): number | undefined {
  return scanConversation(body, false) ?? undefined;
}

/**
 * `conversationEventTime` and the conversation guard of `guards.ts` in one walk: `null` when the
 * body is not certainly valid (decode then asks the zod schema), else the body's event time.
 * Walking the participants and their media twice, once to check and once for the time, cost
 * 0.5 µs a snapshot; `decode` takes both from this one pass.
 */
export function checkedConversationEventTime(body: Loose): number | undefined | null {
  return scanConversation(body, true);
}

function scanConversation(body: Loose, strict: boolean): number | undefined | null {
  const participants = body.participants as Loose[];
  if (strict && (typeof body.id !== 'string' || !Array.isArray(participants))) return null;
  const latest = new Latest();
  for (let i = 0; i < participants.length; i++) {
    const p = participants[i]!;
    if (strict && (!isObj(p) || typeof p.id !== 'string' || !optString(p.purpose) || !optString(p.userId) || !optString(p.queueId))) return null;
    const connected = p.connectedTime;
    const end = p.endTime;
    if (strict && (!optString(connected) || !optString(end))) return null;
    latest.offer(connected);
    latest.offer(end);
    latest.offer(p.startAcwTime);
    latest.offer(p.endAcwTime);
    if (
      !latest.offerMedia(p.calls, strict) ||
      !latest.offerMedia(p.chats, strict) ||
      !latest.offerMedia(p.messages, strict, true) ||
      !latest.offerMedia(p.callbacks, strict) ||
      !latest.offerMedia(p.emails, strict) ||
      !latest.offerMedia(p.videos, strict)
    ) {
      return null;
    }
  }
  return latest.result();
}

/**
 * Observations describe the queue "now", inside an interval that can run into the future (the
 * current half hour). The end of the latest interval, but never later than receipt, is the
 * closest the body gets to when the numbers were true.
 */
export function observationEventTime(body: Loose, receivedAt: number): number | undefined {
  return scanObservation(body, receivedAt, false) ?? undefined;
}

/** `observationEventTime` and the observation guard in one walk; `null` when not certainly valid. */
export function checkedObservationEventTime(body: Loose, receivedAt: number): number | undefined | null {
  return scanObservation(body, receivedAt, true);
}

function scanObservation(body: Loose, receivedAt: number, strict: boolean): number | undefined | null {
  const data = body.data as Loose[];
  if (strict) {
    const g = body.group;
    if (!isObj(g) || !optString(g.queueId) || !optString(g.mediaType) || !Array.isArray(data)) return null;
  }
  let end: number | undefined;
  for (let i = 0; i < data.length; i++) {
    const entry = data[i]!;
    if (strict && (!isObj(entry) || typeof entry.interval !== 'string')) return null;
    const interval = entry.interval as string;
    if (strict) {
      const metrics = entry.metrics;
      if (!Array.isArray(metrics)) return null;
      for (let j = 0; j < metrics.length; j++) {
        const m = metrics[j] as Loose;
        if (!isObj(m) || typeof m.metric !== 'string' || !isObj(m.stats)) return null;
      }
    }
    const slash = interval.indexOf('/');
    const ms = slash === -1 ? toEpochMs(interval) : nanToUndefined(canonicalIsoMs(interval, slash + 1));
    if (ms !== undefined && (end === undefined || ms > end)) end = ms;
  }
  return end === undefined ? undefined : Math.min(end, receivedAt);
}

const nanToUndefined = (ms: number): number | undefined => (Number.isNaN(ms) ? undefined : ms);

/** The body's own event time for a validated body of `family`. */
export function bodyEventTime(family: string, body: unknown, receivedAt: number): number | undefined {
  const b = body as Loose;
  switch (family) {
    case 'conversation':
      return conversationEventTime(b);
    case 'transcription':
    case 'detail':
      return toEpochMs(b.eventTime);
    case 'observation':
      return observationEventTime(b, receivedAt);
    case 'presence':
      return toEpochMs(b.modifiedDate);
    case 'routing-status':
      return toEpochMs((b.routingStatus as Loose).startTime);
    case 'activity':
      return toEpochMs((b.routingStatus as Loose | undefined)?.startTime);
    default:
      return undefined;
  }
}

