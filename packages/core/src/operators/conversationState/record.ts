import { isAgentPurpose, isCustomerPurpose, isEndedMediaState } from '../../model/conversation.js';
import type { ConversationFacts, MediaFacts, ParticipantFacts } from './facts.js';
import { memo } from './memo.js';
import { sortedIn } from './order.js';
import { plainMaker, type Mutable } from './plain.js';
import { deriveHandles, deriveVisits } from './visits.js';
import type { AgentMessage, ConversationRecord, MediaSummary, ParticipantSummary, QueueVisit } from './types.js';
import { NONE } from '../_lists.js';

/** True once every participant has ended and every agent who connected has finished after-call work. */
export function isConversationEnded(facts: ConversationFacts): boolean {
  if (facts.endTime !== undefined) return true;
  if (facts.participants.length === 0) return false;
  for (const p of facts.participants) if (!participantDone(p)) return false;
  return true;
}

const participantDone = (p: ParticipantFacts): boolean => memo(p, 'done', deriveDone);

function deriveDone(p: ParticipantFacts): boolean {
  if (p.media.length === 0) return p.endTime !== undefined;
  // One loop over the media, not a copy of them and three passes.
  let connected = p.connectedTime !== undefined;
  let acwEnded = false;
  for (const m of p.media) {
    if (!isEndedMediaState(m.state)) return false;
    if (m.connectedTime !== undefined) connected = true;
    if (m.acwEnd !== undefined) acwEnded = true;
  }
  if (!isAgentPurpose(p.purpose)) return true;
  // An agent who was only alerted (no answer) has no after-call work to finish.
  if (!connected || p.wrapupRequired !== true) return true;
  return p.endAcwTime !== undefined || p.acw !== undefined || p.wrapupCode !== undefined || acwEnded;
}

/** The latest moment the conversation is known to have had activity: its end, once ended. */
export function conversationEndTime(facts: ConversationFacts): number | undefined {
  let end = facts.endTime;
  for (const p of facts.participants) {
    end = later(later(later(end, p.endTime), p.endAcwTime), p.acw?.time);
    for (const m of p.media) end = later(later(end, m.disconnectedTime), m.acwEnd);
  }
  return end;
}

/** The later of two times, either unknown (a plain function: a closure over `end` was made on every record). */
const later = (a: number | undefined, b: number | undefined): number | undefined => (b === undefined || (a !== undefined && a >= b) ? a : b);

const newMediaSummary = plainMaker<MediaSummary>()(['id', 'mediaType', 'state', 'held', 'connectedTime', 'disconnectedTime', 'disconnectType']);
const newParticipantSummary = plainMaker<ParticipantSummary>()(['id', 'purpose', 'userId', 'queueId', 'name', 'connectedTime', 'endTime', 'media', 'wrapupCode']);
const newRecord = plainMaker<ConversationRecord>()(['conversationId', 'kind', 'ended', 'stale', 'mediaType', 'startTime', 'endTime', 'eventTime', 'participants', 'queuePath', 'visits', 'handles', 'messages', 'holds', 'transfers']);

const byId = (a: { readonly id: string }, b: { readonly id: string }) => (a.id < b.id ? -1 : 1);

/*
 * Records are built with their keys in a fixed order, each only when known, straight into the
 * object that is emitted: building every key and then copying the defined ones (as records were
 * made before) allocated each object twice, on every change of every conversation.
 */

function summarizeMedia(m: MediaFacts): MediaSummary {
  // Held now: a hold started after the last "not held" sighting and the media is still up.
  let held = false;
  if (m.holdStarts.length > 0 && !isEndedMediaState(m.state)) {
    let lastUnheld = Number.NEGATIVE_INFINITY;
    for (const t of m.unheldAt) if (t > lastUnheld) lastUnheld = t;
    let lastHold = Number.NEGATIVE_INFINITY;
    for (const t of m.holdStarts) if (t > lastHold) lastHold = t;
    held = lastHold > lastUnheld;
  }
  const s = newMediaSummary();
  s.id = m.id;
  s.mediaType = m.mediaType;
  s.state = m.state;
  s.held = held;
  if (m.connectedTime !== undefined) s.connectedTime = m.connectedTime;
  if (m.disconnectedTime !== undefined) s.disconnectedTime = m.disconnectedTime;
  if (m.disconnectType !== undefined) s.disconnectType = m.disconnectType;
  return s;
}

/**
 * The participant as records show it, made for each record. Summaries were once kept with the
 * facts until they changed, so consecutive records shared them; but a snapshot is made because a
 * participant changed, and a kept summary outlived the young generation only to be replaced
 * (copied twice, then garbage in the old one). Made per record, they die young with it: the
 * analytics pipeline ran 4% faster (`bench/README.md`, "Summaries made per record").
 */
function summarize(p: ParticipantFacts): ParticipantSummary {
  const media: MediaSummary[] = new Array(p.media.length);
  let i = 0;
  for (const m of p.media) media[i++] = summarizeMedia(m);
  if (i > 1) sortedIn(media, byId);
  const s = newParticipantSummary();
  s.id = p.id;
  if (p.purpose !== undefined) s.purpose = p.purpose;
  if (p.userId !== undefined) s.userId = p.userId;
  if (p.queueId !== undefined) s.queueId = p.queueId;
  if (p.name !== undefined) s.name = p.name;
  if (p.connectedTime !== undefined) s.connectedTime = p.connectedTime;
  if (p.endTime !== undefined) s.endTime = p.endTime;
  s.media = media;
  const wrapupCode = p.acw?.code ?? p.wrapupCode;
  if (wrapupCode !== undefined) s.wrapupCode = wrapupCode;
  return s;
}

/*
 * Arrays are made at their size (`new Array(n)`) or from their first element (`[x]`): one grown
 * by `push` from empty reserves 17 slots, and a record made about ten of them on every change.
 */

export function buildRecord(facts: ConversationFacts, kind: 'snapshot' | 'final', stale: boolean): ConversationRecord {
  const participants = facts.participants;
  const visits = deriveVisits(facts);
  const ended = isConversationEnded(facts);
  let start: number | undefined;
  let holds = 0;
  let transfers = 0;
  let mediaType: string | undefined;
  const summaries: ParticipantSummary[] = new Array(participants.length);
  for (let i = 0; i < participants.length; i++) {
    const p = participants[i]!;
    const agent = isAgentPurpose(p.purpose);
    const customer = isCustomerPurpose(p.purpose);
    for (const m of p.media) {
      if (m.connectedTime !== undefined && (start === undefined || m.connectedTime < start)) start = m.connectedTime;
      if (agent) holds += m.holdStarts.length;
      if (customer) mediaType ??= m.mediaType;
    }
    if (p.connectedTime !== undefined && (start === undefined || p.connectedTime < start)) start = p.connectedTime;
    summaries[i] = summarize(p);
  }
  for (let i = 0; i < visits.length; i++) transfers += visits[i]!.nTransferred;
  const r = newRecord();
  r.conversationId = facts.id;
  r.kind = kind;
  r.ended = ended;
  r.stale = stale;
  mediaType ??= visits[0]?.mediaType;
  if (mediaType !== undefined) r.mediaType = mediaType;
  if (start !== undefined) r.startTime = start;
  const endTime = ended ? conversationEndTime(facts) : undefined;
  if (endTime !== undefined) r.endTime = endTime;
  r.eventTime = facts.lastEventTime;
  r.participants = summaries;
  r.queuePath = queuePathOf(facts, visits);
  r.visits = visits;
  r.handles = deriveHandles(facts);
  r.messages = agentMessages(participants);
  r.holds = holds;
  r.transfers = transfers;
  return r;
}

/** The queue ids of the visits in order: the conversation's last queue path while it is the same. */
function queuePathOf(facts: ConversationFacts, visits: readonly QueueVisit[]): readonly string[] {
  const last = facts.queuePath;
  if (last !== undefined && last.length === visits.length) {
    let same = true;
    for (let i = 0; i < visits.length && same; i++) same = last[i] === visits[i]!.queueId;
    if (same) return last;
  }
  if (visits.length === 0) return (facts.queuePath = NONE);
  const path: string[] = new Array(visits.length);
  for (let i = 0; i < visits.length; i++) path[i] = visits[i]!.queueId;
  return (facts.queuePath = path);
}

function agentMessages(participants: readonly ParticipantFacts[]): readonly AgentMessage[] {
  let out: AgentMessage[] | undefined;
  for (const p of participants) {
    if (!isAgentPurpose(p.purpose) || p.queueId === undefined) continue;
    for (const m of p.media) {
      if (m.messages === undefined) continue;
      for (const msg of m.messages.values()) {
        if (msg.inbound || msg.time === undefined) continue;
        const a = { messageId: msg.id, participantId: p.id, queueId: p.queueId, sentAt: msg.time } as Mutable<AgentMessage>;
        if (msg.deliveredSeenAt !== undefined) a.deliveredSeenAt = msg.deliveredSeenAt;
        if (msg.readSeenAt !== undefined) a.readSeenAt = msg.readSeenAt;
        if (out === undefined) out = [a];
        else out.push(a);
      }
    }
  }
  if (out === undefined) return NONE;
  return out.length < 2 ? out : sortedIn(out, (a, b) => a.sentAt - b.sentAt || (a.messageId < b.messageId ? -1 : 1));
}
