import { CONVERSATION_MEDIA } from '../../model/conversation.js';
import { advanceState, keepMax, keepMin, mediaFacts, ms, participantFacts, type ConversationFacts, type MediaFacts, type ParticipantFacts } from './facts.js';

type Loose = Record<string, unknown>;

/** Participant media lists and the analytics media type each one holds (the model's one table). */
export const MEDIA_LISTS: Readonly<Record<string, string>> = Object.fromEntries(CONVERSATION_MEDIA.map((m) => [m.list, m.mediaType]));

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Per-media topic suffixes (`...conversations.calls`) and the media type their participants carry. */
const TOPIC_MEDIA: Readonly<Record<string, string>> = MEDIA_LISTS;

/** `v2.routing.queues.{id}.conversations.calls` → `voice`; the whole-conversation topic → undefined. */
export function topicMediaType(topic: string): string | undefined {
  return TOPIC_MEDIA[topic.slice(topic.lastIndexOf('.') + 1)];
}

const refId = (v: unknown): string | undefined => str((v as Loose | null | undefined)?.id);

/**
 * One media item's facts. Media are keyed by media type: the per-media topics flatten a
 * participant's current item of that type onto the participant without its id, and both shapes
 * of one notification must land on the same facts.
 */
/**
 * Message receipts: a message is `sent`, then `delivered`, then `read` (or `received` when the
 * customer sent it). The receipt carries no time, so the first notification that shows it is the
 * time it is known by (`seenAt`: its receipt time).
 */
function mergeMessages(m: MediaFacts, list: unknown, seenAt: number): boolean {
  if (!Array.isArray(list)) return false;
  let changed = false;
  for (const raw of list as Loose[]) {
    const id = str(raw.messageId) ?? refId(raw.message);
    if (id === undefined) continue;
    const messages = (m.messages ??= new Map());
    let msg = messages.get(id);
    if (msg === undefined) messages.set(id, (msg = { id, inbound: false })), (changed = true);
    changed = keepMin(msg, 'time', ms(raw.messageTime)) || changed;
    const status = str(raw.messageStatus);
    if (status === 'received' && !msg.inbound) (msg.inbound = true), (changed = true);
    if (status === 'delivered' || status === 'read') changed = keepMin(msg, 'deliveredSeenAt', seenAt) || changed;
    if (status === 'read') changed = keepMin(msg, 'readSeenAt', seenAt) || changed;
  }
  return changed;
}

function mergeMedia(p: ParticipantFacts, mediaType: string, item: Loose, eventTime: number, seenAt = eventTime): boolean {
  const m = mediaFacts(p, mediaType, mediaType);
  let changed = advanceState(m, str(item.state));
  changed = keepMin(m, 'connectedTime', ms(item.connectedTime)) || changed;
  changed = keepMin(m, 'disconnectedTime', ms(item.disconnectedTime)) || changed;
  changed = keepMin(m, 'disconnectType', str(item.disconnectType)) || changed;
  changed = keepMin(m, 'startAlertingTime', ms(item.startAlertingTime)) || changed;
  const holdStart = ms(item.startHoldTime);
  if (item.held === true && holdStart !== undefined && !m.holdStarts.has(holdStart)) {
    m.holdStarts.add(holdStart);
    changed = true;
  } else if (item.held !== true && item.state === 'connected' && !m.unheldAt.has(eventTime) && m.holdStarts.size > 0) {
    m.unheldAt.add(eventTime);
    changed = true;
  }
  const acw = item.afterCallWork as Loose | undefined;
  if (acw !== undefined && acw !== null) {
    changed = keepMin(m, 'acwStart', ms(acw.startTime)) || changed;
    changed = keepMin(m, 'acwEnd', ms(acw.endTime)) || changed;
  }
  if (mediaType === 'message') changed = mergeMessages(m, item.messages, seenAt) || changed;
  return changed;
}

function mergeParticipant(p: ParticipantFacts, body: Loose, eventTime: number, flatMediaType: string | undefined, seenAt: number): boolean {
  let changed = false;
  changed = keepMin(p, 'purpose', str(body.purpose)) || changed;
  changed = keepMin(p, 'userId', str(body.userId) ?? refId(body.user)) || changed;
  changed = keepMin(p, 'queueId', str(body.queueId) ?? refId(body.queue)) || changed;
  changed = keepMin(p, 'name', str(body.name)) || changed;
  changed = keepMin(p, 'connectedTime', ms(body.connectedTime)) || changed;
  changed = keepMin(p, 'endTime', ms(body.endTime)) || changed;
  changed = keepMin(p, 'startAcwTime', ms(body.startAcwTime)) || changed;
  changed = keepMin(p, 'endAcwTime', ms(body.endAcwTime)) || changed;
  if (body.wrapupRequired === true) changed = keepMax(p, 'wrapupRequired', true) || changed;
  const wrapup = body.wrapup as Loose | undefined;
  if (wrapup !== undefined && wrapup !== null) {
    changed = keepMin(p, 'wrapupCode', str(wrapup.code)) || changed;
    const seconds = typeof wrapup.durationSeconds === 'number' ? wrapup.durationSeconds * 1000 : undefined;
    changed = keepMin(p, 'wrapupDurationMs', seconds) || changed;
    changed = keepMin(p, 'endAcwTime', ms(wrapup.endTime)) || changed;
  }
  if (flatMediaType !== undefined && typeof body.state === 'string') {
    // A per-media topic's participant: its media item's state, times and hold are on it, and its
    // `endTime` is the media's disconnect.
    return mergeMedia(p, flatMediaType, { ...body, disconnectedTime: body.disconnectedTime ?? body.endTime }, eventTime, seenAt) || changed;
  }
  for (const list in MEDIA_LISTS) {
    const items = body[list];
    if (!Array.isArray(items)) continue;
    for (const item of items as Loose[]) changed = mergeMedia(p, MEDIA_LISTS[list]!, item, eventTime, seenAt) || changed;
  }
  return changed;
}

/**
 * Merges one conversation notification (`v2.routing.queues.{id}.conversations`, a user's, or a
 * backfilled analytics conversation turned into the same shape). Returns whether a fact changed.
 */
export function mergeConversationBody(facts: ConversationFacts, body: Loose, eventTime: number, topic = '', seenAt = eventTime): boolean {
  let changed = false;
  const flatMediaType = topicMediaType(topic);
  const participants = body.participants;
  if (Array.isArray(participants)) {
    for (const raw of participants as Loose[]) {
      const id = str(raw.id);
      if (id === undefined) continue;
      const p = participantFacts(facts, id);
      const mediaBefore = p.media.size;
      // A media item seen without any fact still shows in the record: it moves the version too.
      if (mergeParticipant(p, raw, eventTime, flatMediaType, seenAt)) (changed = true), p.version++;
      else if (p.media.size !== mediaBefore) p.version++;
    }
  }
  changed = keepMin(facts, 'endTime', ms(body.endTime)) || changed;
  return changed;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Merges a `v2.detail.events.conversation.{id}.<kind>` body. `acd.end` settles a queue visit's
 * outcome; `user.end` and `acw` carry the agent's durations as Genesys measured them.
 */
export function mergeDetail(facts: ConversationFacts, kind: string, body: Loose): boolean {
  const participantId = str(body.participantId);
  if (participantId === undefined) return false;
  const p = participantFacts(facts, participantId);
  const changed = mergeDetailInto(p, kind, body);
  if (changed) p.version++;
  return changed;
}

function mergeDetailInto(p: ParticipantFacts, kind: string, body: Loose): boolean {
  const time = num(body.eventTime) ?? 0;
  let changed = keepMin(p, 'queueId', str(body.queueId));
  changed = keepMin(p, 'userId', str(body.userId)) || changed;
  switch (kind) {
    case 'acd.start':
      changed = keepMin(p, 'purpose', 'acd') || changed;
      return keepMin(p, 'acdStart', time) || changed;
    case 'acd.end':
      changed = keepMin(p, 'purpose', 'acd') || changed;
      if (p.acdEnd !== undefined && p.acdEnd.time <= time) return changed;
      p.acdEnd = { time, outcome: str(body.acdOutcome), answeredUserId: str(body.answeredUserId), connectedDurationMs: num(body.connectedDurationMs) };
      return true;
    case 'user.start':
      return keepMin(p, 'purpose', 'agent') || changed;
    case 'user.end':
      if (p.userEnd !== undefined && p.userEnd.time <= time) return changed;
      p.userEnd = {
        time,
        interactingDurationMs: num(body.interactingDurationMs),
        heldDurationMs: num(body.heldDurationMs),
        alertingDurationMs: num(body.alertingDurationMs),
        contactingDurationMs: num(body.contactingDurationMs),
        dialingDurationMs: num(body.dialingDurationMs),
        disconnectType: str(body.disconnectType),
      };
      return true;
    case 'acw':
    case 'wrapup':
      if (p.acw !== undefined && p.acw.time <= time) return changed;
      p.acw = { time, durationMs: num(body.wrapupDurationMs), code: str(body.wrapupCode) };
      return true;
    default:
      return changed;
  }
}
