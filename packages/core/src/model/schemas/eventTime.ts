import { MEDIA_LISTS, MEDIA_TIME_FIELDS, PARTICIPANT_TIME_FIELDS } from '../conversation.js';

/**
 * Where each family keeps the time an event happened. Every function returns epoch milliseconds,
 * or `undefined` when the body has no usable time (the caller then falls back).
 */

/** Epoch ms from ISO-8601 text or a number; `undefined` for anything unparseable. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

type Loose = Record<string, unknown>;

/**
 * `2025-06-01T11:59:45.500Z`, the form Genesys writes every timestamp in. Two such strings
 * compare as text in time order, so the latest of many costs string comparisons and one parse.
 */
function isCanonicalIso(s: string): boolean {
  return s.length === 24 && s.charCodeAt(23) === 90 /* Z */ && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(19) === 46 /* . */;
}

/** Running maximum over timestamps: canonical ISO text compared as text, anything else parsed. */
class Latest {
  iso: string | undefined = undefined;
  ms: number | undefined = undefined;

  offer(value: unknown): void {
    if (typeof value === 'string' && isCanonicalIso(value)) {
      if (this.iso === undefined || value > this.iso) this.iso = value;
      return;
    }
    const ms = toEpochMs(value);
    if (ms !== undefined && (this.ms === undefined || ms > this.ms)) this.ms = ms;
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
 * ACW times; media connect, disconnect, alerting and hold starts) is the most recent change the
 * body can prove, and unlike receive time it is the same for the WebSocket, EventBridge and
 * backfill copies of one notification. A snapshot with no timestamp yet (a call still alerting
 * with no alerting time) falls back to receive time.
 */
export function conversationEventTime(body: Loose): number | undefined {
  const participants = body.participants as Loose[];
  const latest = new Latest();
  for (const p of participants) {
    for (const field of PARTICIPANT_TIME_FIELDS) latest.offer(p[field]);
    for (const list of MEDIA_LISTS) {
      const items = p[list] as Loose[] | undefined;
      if (items === undefined || items.length === 0) continue;
      for (const item of items) for (const field of MEDIA_TIME_FIELDS) latest.offer(item[field]);
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
  const data = body.data as Loose[];
  let end: number | undefined;
  for (const entry of data) {
    const interval = entry.interval as string;
    const slash = interval.indexOf('/');
    const ms = toEpochMs(slash === -1 ? interval : interval.slice(slash + 1));
    if (ms !== undefined && (end === undefined || ms > end)) end = ms;
  }
  return end === undefined ? undefined : Math.min(end, receivedAt);
}

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
