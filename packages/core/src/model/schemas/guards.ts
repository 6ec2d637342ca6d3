/**
 * Hand-written fast paths for the family schemas in `families.ts`. A guard answers "certainly
 * valid" with a few `typeof` checks and no allocation; when it says no, decode asks the zod schema,
 * which stays the source of truth and words the dead letter's reason. So a guard may be stricter
 * than its schema (that only costs speed) but never more lenient: `guards.test.ts` checks that with
 * fast-check. Validating through zod alone copies every field of every participant and media item,
 * which made a conversation frame cost almost half again its JSON.parse.
 */
import type { EventFamily } from '../events.js';
import { bodyEventTime, checkedConversationEventTime, checkedObservationEventTime } from './eventTime.js';

type Loose = Record<string, unknown>;

const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === 'string';
const optBool = (v: unknown) => v === undefined || typeof v === 'boolean';
// zod's z.number() refuses Infinity, which JSON.parse gives for 1e999.
const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isTime = (v: unknown) => typeof v === 'string' || isNum(v);

/** Walked together with the event time: see `checkedConversationEventTime`. */
function conversationOk(b: Loose): boolean {
  return checkedConversationEventTime(b) !== null;
}

function transcriptionOk(b: Loose): boolean {
  if (!isTime(b.eventTime) || typeof b.conversationId !== 'string') return false;
  if (b.status !== undefined && !(isObj(b.status) && optString(b.status.status))) return false;
  if (b.transcripts === undefined) return true;
  if (!Array.isArray(b.transcripts)) return false;
  for (const t of b.transcripts) {
    if (!isObj(t) || !optString(t.utteranceId) || !optBool(t.isFinal) || !optString(t.channel)) return false;
  }
  return true;
}

function detailOk(b: Loose): boolean {
  return (
    isNum(b.eventTime) &&
    typeof b.conversationId === 'string' &&
    optString(b.participantId) &&
    optString(b.queueId) &&
    optString(b.userId) &&
    optString(b.mediaType)
  );
}

function observationOk(b: Loose): boolean {
  return checkedObservationEventTime(b, 0) !== null;
}

function presenceOk(b: Loose): boolean {
  const d = b.presenceDefinition;
  return isObj(d) && optString(d.id) && typeof d.systemPresence === 'string' && optString(b.modifiedDate) && optBool(b.primary);
}

function routingStatusOk(b: Loose): boolean {
  const r = b.routingStatus;
  return optString(b.id) && isObj(r) && typeof r.status === 'string' && optString(r.startTime);
}

function activityOk(b: Loose): boolean {
  if (typeof b.id !== 'string') return false;
  const r = b.routingStatus;
  if (r !== undefined && !(isObj(r) && optString(r.status) && optString(r.startTime))) return false;
  const p = b.presence;
  if (p !== undefined) {
    if (!isObj(p)) return false;
    const d = p.presenceDefinition;
    if (d !== undefined && !(isObj(d) && optString(d.systemPresence))) return false;
  }
  const q = b.activeQueueIds;
  if (q !== undefined) {
    if (!Array.isArray(q)) return false;
    for (const id of q) if (typeof id !== 'string') return false;
  }
  return true;
}

const GUARDS: Partial<Record<EventFamily, (body: Loose) => boolean>> = {
  conversation: conversationOk,
  transcription: transcriptionOk,
  detail: detailOk,
  observation: observationOk,
  presence: presenceOk,
  'routing-status': routingStatusOk,
  activity: activityOk,
};

/** True when `body` certainly fits `family`'s schema; false means "ask the schema". */
export function fitsFamilyFast(family: EventFamily, body: unknown): boolean {
  const guard = GUARDS[family];
  return guard !== undefined && isObj(body) && guard(body);
}

/**
 * The body's event time (as `bodyEventTime`) when `body` certainly fits `family`'s schema, or
 * `null`: `decode` then asks the zod schema and, if it passes, takes `bodyEventTime`.
 * Conversations and observations are checked and timed in one walk.
 */
export function checkedBodyEventTime(family: EventFamily, body: unknown, receivedAt: number): number | undefined | null {
  if (!isObj(body)) return null;
  if (family === 'conversation') return checkedConversationEventTime(body);
  if (family === 'observation') return checkedObservationEventTime(body, receivedAt);
  const guard = GUARDS[family];
  return guard !== undefined && guard(body) ? bodyEventTime(family, body, receivedAt) : null;
}
