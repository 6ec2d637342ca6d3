import { mediaTypeOfList, type CONVERSATION_MEDIA } from '../../model/conversation.js';
import { addTime, advanceState, dottedDisconnectType, keepMin, lesser, lesserText, mediaFacts, ms, participantFacts, RECEIPT_TIME_UNKNOWN, sharedId, type ConversationFacts, type MediaFacts, type ParticipantFacts } from './facts.js';

type Loose = Record<string, unknown>;

type MediaEntry = (typeof CONVERSATION_MEDIA)[number];
/** The model's media lists and their media types, for `mergeParticipant`, which reads each list by name (it fails to compile if the model gains a list). */
const LIST_MEDIA = { calls: 'voice', chats: 'chat', messages: 'message', callbacks: 'callback', emails: 'email', videos: 'video' } as const satisfies { readonly [L in MediaEntry['list']]: Extract<MediaEntry, { list: L }>['mediaType'] };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

let lastTopic: string | undefined;
let lastTopicMedia: string | undefined;

/**
 * `v2.routing.queues.{id}.conversations.calls` → `voice`; the whole-conversation topic → undefined.
 * The last answer is kept: a pipeline's conversation events share a few topic patterns (one
 * string each from the topic table), and slicing and looking up the suffix ran for every one.
 */
export function topicMediaType(topic: string): string | undefined {
  // The suffix of a per-media topic is the participant's list name (`calls`), as the model names them.
  if (topic !== lastTopic) (lastTopicMedia = mediaTypeOfList(topic.slice(topic.lastIndexOf('.') + 1))), (lastTopic = topic);
  return lastTopicMedia;
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
 * time it is known by (`seenAt`: its receipt time, or `RECEIPT_TIME_UNKNOWN` for a backfilled
 * one, which any timed sighting then replaces as the smaller).
 */
function mergeMessages(m: MediaFacts, list: unknown, seenAt: number): boolean {
  if (!Array.isArray(list) || list.length === 0) return false;
  let changed = false;
  const messages = (m.messages ??= new Map());
  // Every notification lists all the conversation's messages, in the order they were sent, which
  // is the order the Map holds them in: each is compared with the next one there before it is
  // looked up by id (hashing a fresh 36-character id for every message of every notification).
  const known = messages.values();
  for (const raw of list as Loose[]) {
    const id = str(raw.messageId) ?? refId(raw.message);
    if (id === undefined) continue;
    const next = known.next();
    let msg = next.done !== true && next.value.id === id ? next.value : messages.get(id);
    if (msg === undefined) messages.set(id, (msg = { id, inbound: false, time: undefined, timeText: undefined, deliveredSeenAt: undefined, readSeenAt: undefined })), (changed = true);
    // By name, as in mergeMedia. The time's text is kept: a message's time comes again, as the
    // same text, in every later notification, and is then not parsed again.
    const timeText = raw.messageTime;
    if (timeText === undefined || timeText !== msg.timeText) {
      const seen = ms(timeText);
      const time = lesser(msg.time, seen);
      if (time !== msg.time) (msg.time = time), (changed = true);
      // Kept when it is the text of the time kept: the same text again can change nothing.
      if (seen !== undefined && seen === msg.time && typeof timeText === 'string') msg.timeText = timeText;
    }
    const status = raw.messageStatus;
    if (status === 'received' && !msg.inbound) (msg.inbound = true), (changed = true);
    if ((status === 'delivered' || status === 'read') && (msg.deliveredSeenAt === undefined || seenAt < msg.deliveredSeenAt)) (msg.deliveredSeenAt = seenAt), (changed = true);
    if (status === 'read' && (msg.readSeenAt === undefined || seenAt < msg.readSeenAt)) (msg.readSeenAt = seenAt), (changed = true);
  }
  return changed;
}

function mergeMedia(p: ParticipantFacts, mediaType: string, item: Loose, eventTime: number, seenAt = eventTime): boolean {
  const m = mediaFacts(p, mediaType, mediaType);
  let changed = advanceState(m, str(item.state));
  // Each fact is read, compared and written by name (not through keepMin's computed keys): this
  // runs for every media item of every participant of every snapshot.
  const connectedTime = lesser(m.connectedTime, ms(item.connectedTime));
  const disconnectedTime = lesser(m.disconnectedTime, ms(item.disconnectedTime));
  const disconnectType = lesserText(m.disconnectType, str(item.disconnectType));
  const startAlertingTime = lesser(m.startAlertingTime, ms(item.startAlertingTime));
  if (connectedTime !== m.connectedTime || disconnectedTime !== m.disconnectedTime || disconnectType !== m.disconnectType || startAlertingTime !== m.startAlertingTime) {
    m.connectedTime = connectedTime;
    m.disconnectedTime = disconnectedTime;
    m.disconnectType = disconnectType;
    m.startAlertingTime = startAlertingTime;
    changed = true;
  }
  if (item.held === true) {
    const holdStart = ms(item.startHoldTime);
    if (holdStart !== undefined && addTime(m, 'holdStarts', holdStart)) changed = true;
  } else if (m.holdStarts.length > 0 && item.state === 'connected') {
    // The notification that shows the call taken off hold carries no newer time than the hold's
    // own start (Genesys drops `startHoldTime` and adds no end), so its body time would end no
    // hold: it is dated like a receipt, by when it was received (a backfill's by its body).
    const unheld = seenAt === RECEIPT_TIME_UNKNOWN ? eventTime : seenAt;
    if (endsHold(m, unheld) && addTime(m, 'unheldAt', unheld)) changed = true;
  }
  const acw = item.afterCallWork as Loose | undefined;
  if (acw !== undefined && acw !== null) {
    const acwStart = lesser(m.acwStart, ms(acw.startTime));
    const acwEnd = lesser(m.acwEnd, ms(acw.endTime));
    if (acwStart !== m.acwStart || acwEnd !== m.acwEnd) (m.acwStart = acwStart), (m.acwEnd = acwEnd), (changed = true);
  }
  if (mediaType === 'message') changed = mergeMessages(m, item.messages, seenAt) || changed;
  return changed;
}

/** Whether a sighting not held at `t` is the first known end of one of the media's holds (only such sightings are kept). */
function endsHold(m: MediaFacts, t: number): boolean {
  for (const start of m.holdStarts) {
    if (start >= t) continue;
    let ended = false;
    for (const u of m.unheldAt) if (u > start && u <= t) ended = true;
    if (!ended) return true;
  }
  return false;
}

function mergeParticipant(p: ParticipantFacts, body: Loose, eventTime: number, flatMediaType: string | undefined, seenAt: number): boolean {
  let changed = false;
  const purpose = lesserText(p.purpose, str(body.purpose));
  const userId = lesserText(p.userId, str(body.userId) ?? refId(body.user));
  const queueId = lesserText(p.queueId, str(body.queueId) ?? refId(body.queue));
  const name = lesserText(p.name, str(body.name));
  if (purpose !== p.purpose || userId !== p.userId || queueId !== p.queueId || name !== p.name) {
    p.purpose = purpose;
    p.userId = sharedId(userId);
    p.queueId = sharedId(queueId);
    p.name = name;
    changed = true;
  }
  const connectedTime = lesser(p.connectedTime, ms(body.connectedTime));
  const endTime = lesser(p.endTime, ms(body.endTime));
  const startAcwTime = lesser(p.startAcwTime, ms(body.startAcwTime));
  let endAcwTime = lesser(p.endAcwTime, ms(body.endAcwTime));
  if (body.wrapupRequired === true && p.wrapupRequired !== true) (p.wrapupRequired = true), (changed = true);
  const wrapup = body.wrapup as Loose | undefined;
  if (wrapup !== undefined && wrapup !== null) {
    const wrapupCode = lesserText(p.wrapupCode, str(wrapup.code));
    const wrapupDurationMs = lesser(p.wrapupDurationMs, typeof wrapup.durationSeconds === 'number' ? wrapup.durationSeconds * 1000 : undefined);
    if (wrapupCode !== p.wrapupCode || wrapupDurationMs !== p.wrapupDurationMs) (p.wrapupCode = wrapupCode), (p.wrapupDurationMs = wrapupDurationMs), (changed = true);
    endAcwTime = lesser(endAcwTime, ms(wrapup.endTime));
  }
  if (connectedTime !== p.connectedTime || endTime !== p.endTime || startAcwTime !== p.startAcwTime || endAcwTime !== p.endAcwTime) {
    p.connectedTime = connectedTime;
    p.endTime = endTime;
    p.startAcwTime = startAcwTime;
    p.endAcwTime = endAcwTime;
    changed = true;
  }
  if (flatMediaType !== undefined && typeof body.state === 'string') {
    // A per-media topic's participant: its media item's state, times and hold are on it, and its
    // `endTime` is the media's disconnect.
    return mergeMedia(p, flatMediaType, { ...body, disconnectedTime: body.disconnectedTime ?? body.endTime }, eventTime, seenAt) || changed;
  }
  // Each list is read by name, in the model's order: read through a key taken from the table,
  // every read of a participant's lists was a megamorphic keyed load (this runs for every
  // participant of every snapshot).
  changed = mergeList(p, body.calls, LIST_MEDIA.calls, eventTime, seenAt) || changed;
  changed = mergeList(p, body.chats, LIST_MEDIA.chats, eventTime, seenAt) || changed;
  changed = mergeList(p, body.messages, LIST_MEDIA.messages, eventTime, seenAt) || changed;
  changed = mergeList(p, body.callbacks, LIST_MEDIA.callbacks, eventTime, seenAt) || changed;
  changed = mergeList(p, body.emails, LIST_MEDIA.emails, eventTime, seenAt) || changed;
  return mergeList(p, body.videos, LIST_MEDIA.videos, eventTime, seenAt) || changed;
}

function mergeList(p: ParticipantFacts, items: unknown, mediaType: string, eventTime: number, seenAt: number): boolean {
  if (!Array.isArray(items) || items.length === 0) return false;
  let changed = false;
  for (let i = 0; i < items.length; i++) changed = mergeMedia(p, mediaType, items[i] as Loose, eventTime, seenAt) || changed;
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
    for (let i = 0; i < participants.length; i++) {
      const raw = participants[i] as Loose;
      const id = str(raw.id);
      if (id === undefined) continue;
      const p = participantFacts(facts, id);
      const mediaBefore = p.media.length;
      // A media item seen without any fact still shows in the record: it moves the version too.
      if (mergeParticipant(p, raw, eventTime, flatMediaType, seenAt)) (changed = true), p.version++;
      else if (p.media.length !== mediaBefore) p.version++;
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
  let changed = keepMin(p, 'queueId', sharedId(str(body.queueId)));
  changed = keepMin(p, 'userId', sharedId(str(body.userId))) || changed;
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
        disconnectType: dottedDisconnectType(str(body.disconnectType)),
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
