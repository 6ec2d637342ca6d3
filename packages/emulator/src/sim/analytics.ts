import { iso } from './conversationPayload.js';
import type { Conversation, MediaSession, Participant, Segment } from './model.js';
import type { AnalyticsConversation, DetailsQuery } from './types.js';

const duration = (segments: readonly Segment[], type: string, now: number) =>
  segments.filter((s) => s.type === type).reduce((sum, s) => sum + ((s.end ?? now) - s.start), 0);

/** Session metrics, emitted (like Genesys Cloud) only once the segment they measure has ended. */
function sessionMetrics(participant: Participant, session: MediaSession): { name: string; value: number; emitDate: string }[] {
  const metrics: { name: string; value: number; emitDate: string }[] = [];
  const add = (name: string, value: number, at: number | undefined) => {
    if (at !== undefined) metrics.push({ name, value, emitDate: iso(at) });
  };
  const segs = session.segments;
  const closed = (type: string) => segs.filter((s) => s.type === type && s.end !== undefined);
  const lastEnd = (type: string) => closed(type).at(-1)?.end;
  if (participant.purpose === 'acd') {
    const wait = segs.find((s) => s.type === 'interact');
    if (wait) add('nOffered', 1, wait.start);
    if (wait?.end !== undefined) {
      if (wait.disconnectType === 'peer') add('tAbandon', wait.end - wait.start, wait.end);
      else add('tAcd', wait.end - wait.start, wait.end);
    }
  }
  if (participant.purpose === 'ivr') add('tIvr', duration(closed('ivr'), 'ivr', 0), lastEnd('ivr'));
  if (participant.purpose === 'agent') {
    const alerts = closed('alert');
    if (alerts.length > 0) add('tAlert', duration(alerts, 'alert', 0), lastEnd('alert'));
    if (alerts.some((s) => s.disconnectType === 'timeout')) add('tNotResponding', duration(alerts, 'alert', 0), lastEnd('alert'));
    const talk = closed('interact');
    if (talk.length > 0) {
      add('nConnected', 1, talk[0]!.start);
      add('tTalkComplete', duration(talk, 'interact', 0), lastEnd('interact'));
    }
    const holds = closed('hold');
    if (holds.length > 0) add('tHeldComplete', duration(holds, 'hold', 0), lastEnd('hold'));
    const acw = closed('wrapup');
    if (acw.length > 0) {
      add('tAcw', duration(acw, 'wrapup', 0), lastEnd('wrapup'));
      add('tHandle', duration(talk, 'interact', 0) + duration(holds, 'hold', 0) + duration(acw, 'wrapup', 0), lastEnd('wrapup'));
    }
    if (session.disconnectType === 'transfer') add('nTransferred', 1, session.disconnectedTime);
  }
  return metrics;
}

function segmentBody(s: Segment): Record<string, unknown> {
  const body: Record<string, unknown> = { segmentStart: iso(s.start) };
  if (s.end !== undefined) body['segmentEnd'] = iso(s.end);
  if (s.queueId) body['queueId'] = s.queueId;
  if (s.disconnectType) body['disconnectType'] = s.disconnectType;
  body['segmentType'] = s.type;
  if (s.wrapUpCode) body['wrapUpCode'] = s.wrapUpCode;
  return body;
}

/** The conversation as `POST /api/v2/analytics/conversations/details/query` returns it. */
export function analyticsConversation(conversation: Conversation): AnalyticsConversation {
  const result: AnalyticsConversation & { conversationEnd?: string } = {
    conversationId: conversation.id,
    conversationStart: iso(conversation.start),
    originatingDirection: 'inbound',
    divisionIds: [conversation.divisionId],
    participants: conversation.participants.map((p) => ({
      participantId: p.id,
      participantName: p.name,
      purpose: p.purpose,
      ...(p.userId ? { userId: p.userId } : {}),
      ...(p.purpose === 'customer' && Object.keys(p.attributes).length > 0 ? { attributes: { ...p.attributes } } : {}),
      sessions: p.sessions.map((s) => ({
        mediaType: s.kind,
        sessionId: s.id,
        direction: s.direction,
        ani: conversation.ani,
        dnis: conversation.dnis,
        ...(s.kind === 'email' && typeof s.extra['subject'] === 'string' ? { subject: s.extra['subject'] } : {}),
        segments: s.segments.map(segmentBody),
        metrics: sessionMetrics(p, s),
      })),
    })),
  };
  if (conversation.end !== undefined) result.conversationEnd = iso(conversation.end);
  return result;
}

function matches(conversation: Conversation, query: DetailsQuery): boolean {
  if (query.queueIds?.length && !query.queueIds.some((q) => conversation.queueIds.has(q))) return false;
  if (query.mediaTypes?.length) {
    const wanted = query.mediaTypes.map((m) => m.toLowerCase());
    if (!conversation.participants.some((p) => p.sessions.some((s) => wanted.includes(s.kind)))) return false;
  }
  return true;
}

/** Conversations (kept in start order) whose start is in [from, to) and that match the filters. */
export function detailsQuery(conversations: readonly Conversation[], query: DetailsQuery): AnalyticsConversation[] {
  let lo = 0;
  let hi = conversations.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (conversations[mid]!.start < query.from) lo = mid + 1;
    else hi = mid;
  }
  const result: AnalyticsConversation[] = [];
  for (let i = lo; i < conversations.length && conversations[i]!.start < query.to; i++) {
    const c = conversations[i]!;
    if (matches(c, query)) result.push(analyticsConversation(c));
  }
  return result;
}
