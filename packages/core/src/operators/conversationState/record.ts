import { isEndedState, type ConversationFacts, type ParticipantFacts } from './facts.js';
import { memo } from './memo.js';
import { deriveHandles, deriveVisits } from './visits.js';
import type { AgentMessage, ConversationRecord, ParticipantSummary } from './types.js';

const AGENT_PURPOSES = new Set(['agent', 'user']);

/** True once every participant has ended and every agent who connected has finished after-call work. */
export function isConversationEnded(facts: ConversationFacts): boolean {
  if (facts.endTime !== undefined) return true;
  if (facts.participants.size === 0) return false;
  for (const p of facts.participants.values()) if (!participantDone(p)) return false;
  return true;
}

const participantDone = (p: ParticipantFacts): boolean => memo(p, 'done', deriveDone);

function deriveDone(p: ParticipantFacts): boolean {
  const media = [...p.media.values()];
  if (media.length === 0) return p.endTime !== undefined;
  if (!media.every((m) => isEndedState(m.state))) return false;
  if (!AGENT_PURPOSES.has(p.purpose ?? '')) return true;
  const connected = p.connectedTime !== undefined || media.some((m) => m.connectedTime !== undefined);
  // An agent who was only alerted (no answer) has no after-call work to finish.
  if (!connected || p.wrapupRequired !== true) return true;
  return p.endAcwTime !== undefined || p.acw !== undefined || p.wrapupCode !== undefined || media.some((m) => m.acwEnd !== undefined);
}

/** The latest moment the conversation is known to have had activity: its end, once ended. */
export function conversationEndTime(facts: ConversationFacts): number | undefined {
  let end = facts.endTime;
  const offer = (t: number | undefined) => {
    if (t !== undefined && (end === undefined || t > end)) end = t;
  };
  for (const p of facts.participants.values()) {
    offer(p.endTime);
    offer(p.endAcwTime);
    offer(p.acw?.time);
    for (const m of p.media.values()) offer(m.disconnectedTime), offer(m.acwEnd);
  }
  return end;
}

/**
 * The participant as records show it. Not kept between records: with 50,000 conversations
 * open that cost 36 MB for 2% of the operator's time.
 */
function summarize(p: ParticipantFacts): ParticipantSummary {
  const media = [...p.media.values()]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((m) => {
      // Held now: a hold started after the last "not held" sighting and the media is still up.
      let lastUnheld = Number.NEGATIVE_INFINITY;
      for (const t of m.unheldAt) if (t > lastUnheld) lastUnheld = t;
      let lastHold = Number.NEGATIVE_INFINITY;
      for (const t of m.holdStarts) if (t > lastHold) lastHold = t;
      const held = !isEndedState(m.state) && lastHold > lastUnheld;
      return strip({ id: m.id, mediaType: m.mediaType, state: m.state, held, connectedTime: m.connectedTime, disconnectedTime: m.disconnectedTime, disconnectType: m.disconnectType });
    });
  return strip({ id: p.id, purpose: p.purpose, userId: p.userId, queueId: p.queueId, name: p.name, connectedTime: p.connectedTime, endTime: p.endTime, media, wrapupCode: p.acw?.code ?? p.wrapupCode });
}

export function buildRecord(facts: ConversationFacts, kind: 'snapshot' | 'final', stale: boolean): ConversationRecord {
  const participants = [...facts.participants.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const visits = deriveVisits(facts);
  const ended = isConversationEnded(facts);
  let start: number | undefined;
  let holds = 0;
  let transfers = 0;
  let mediaType: string | undefined;
  for (const p of participants) {
    for (const m of p.media.values()) {
      if (m.connectedTime !== undefined && (start === undefined || m.connectedTime < start)) start = m.connectedTime;
      if (AGENT_PURPOSES.has(p.purpose ?? '')) holds += m.holdStarts.size;
      if (p.purpose === 'customer' || p.purpose === 'external') mediaType ??= m.mediaType;
    }
    if (p.connectedTime !== undefined && (start === undefined || p.connectedTime < start)) start = p.connectedTime;
  }
  for (const v of visits) transfers += v.nTransferred;
  return strip({
    conversationId: facts.id,
    kind,
    ended,
    stale,
    mediaType: mediaType ?? visits[0]?.mediaType,
    startTime: start,
    endTime: ended ? conversationEndTime(facts) : undefined,
    eventTime: facts.lastEventTime,
    participants: participants.map(summarize),
    queuePath: visits.map((v) => v.queueId),
    visits,
    handles: deriveHandles(facts),
    messages: agentMessages(participants),
    holds,
    transfers,
  }) as ConversationRecord;
}

function agentMessages(participants: readonly ParticipantFacts[]): AgentMessage[] {
  const out: AgentMessage[] = [];
  for (const p of participants) {
    if (!AGENT_PURPOSES.has(p.purpose ?? '') || p.queueId === undefined) continue;
    for (const m of p.media.values()) {
      for (const msg of m.messages?.values() ?? []) {
        if (msg.inbound || msg.time === undefined) continue;
        out.push(strip({ messageId: msg.id, participantId: p.id, queueId: p.queueId, sentAt: msg.time, deliveredSeenAt: msg.deliveredSeenAt, readSeenAt: msg.readSeenAt }));
      }
    }
  }
  return out.sort((a, b) => a.sentAt - b.sentAt || (a.messageId < b.messageId ? -1 : 1));
}

function strip<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}
