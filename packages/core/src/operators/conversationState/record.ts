import { isAgentPurpose, isCustomerPurpose, isEndedMediaState } from '../../model/conversation.js';
import { RECEIPT_TIME_UNKNOWN, type ConversationFacts, type MediaFacts, type ParticipantFacts } from './facts.js';
import { memo } from './memo.js';
import { sortedIn } from './order.js';
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
  let acwStarted = p.startAcwTime !== undefined;
  let acwEnded = false;
  for (const m of p.media) {
    if (!isEndedMediaState(m.state)) return false;
    if (m.connectedTime !== undefined) connected = true;
    if (m.acwStart !== undefined) acwStarted = true;
    if (m.acwEnd !== undefined) acwEnded = true;
  }
  if (!isAgentPurpose(p.purpose)) return true;
  // An agent who was only alerted (no answer) has no after-call work to finish. One who started
  // it finishes it even when not required to (an optional or agent-requested wrap-up): tHandle
  // is emitted only when it ends.
  if (!connected || (p.wrapupRequired !== true && !acwStarted)) return true;
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

const byId = (a: { readonly id: string }, b: { readonly id: string }) => (a.id < b.id ? -1 : 1);

/*
 * Each record object is one literal with every key of its kind, in a fixed order, a value not
 * known yet being undefined (JSON leaves it out). Every object of a kind then has one hidden
 * class, made without a transition per key, and each read of it downstream (queueMetrics, the
 * live board, the window) is monomorphic: with keys added only when known, a visit took a dozen
 * shapes and every read of one was a megamorphic lookup (`bench/README.md`, "Record objects of
 * one shape each").
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
  return { id: m.id, mediaType: m.mediaType, state: m.state, held, connectedTime: m.connectedTime, disconnectedTime: m.disconnectedTime, disconnectType: m.disconnectType };
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
  return { id: p.id, purpose: p.purpose, userId: p.userId, queueId: p.queueId, name: p.name, connectedTime: p.connectedTime, endTime: p.endTime, media, wrapupCode: p.acw?.code ?? p.wrapupCode };
}

/*
 * Arrays are made at their size (`new Array(n)`) or from their first element (`[x]`): one grown
 * by `push` from empty reserves 17 slots, and a record made about ten of them on every change.
 */

/** The record of a conversation's facts now; `messageAbandons` as `ConversationStateOptions` has it. */
export function buildRecord(facts: ConversationFacts, kind: 'snapshot' | 'final', stale: boolean, messageAbandons: boolean): ConversationRecord {
  const participants = facts.participants;
  const visits = deriveVisits(facts, messageAbandons);
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
  return {
    conversationId: facts.id,
    kind,
    ended,
    stale,
    mediaType: mediaType ?? visits[0]?.mediaType,
    startTime: start,
    endTime: ended ? conversationEndTime(facts) : undefined,
    eventTime: facts.lastEventTime,
    participants: summaries,
    queuePath: queuePathOf(facts, visits),
    visits,
    handles: deriveHandles(facts),
    messages: agentMessages(participants),
    holds,
    transfers,
  };
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

/** A receipt's time, or undefined when it is not known (`RECEIPT_TIME_UNKNOWN`). */
const timeKnown = (seenAt: number | undefined): number | undefined => (seenAt === RECEIPT_TIME_UNKNOWN ? undefined : seenAt);

function agentMessages(participants: readonly ParticipantFacts[]): readonly AgentMessage[] {
  let out: AgentMessage[] | undefined;
  for (const p of participants) {
    if (!isAgentPurpose(p.purpose) || p.queueId === undefined) continue;
    for (const m of p.media) {
      if (m.messages === undefined) continue;
      for (const msg of m.messages.values()) {
        if (msg.inbound || msg.time === undefined) continue;
        const a: AgentMessage = {
          messageId: msg.id,
          participantId: p.id,
          queueId: p.queueId,
          sentAt: msg.time,
          delivered: msg.deliveredSeenAt !== undefined,
          deliveredSeenAt: timeKnown(msg.deliveredSeenAt),
          read: msg.readSeenAt !== undefined,
          readSeenAt: timeKnown(msg.readSeenAt),
        };
        if (out === undefined) out = [a];
        else out.push(a);
      }
    }
  }
  if (out === undefined) return NONE;
  return out.length < 2 ? out : sortedIn(out, (a, b) => a.sentAt - b.sentAt || (a.messageId < b.messageId ? -1 : 1));
}
