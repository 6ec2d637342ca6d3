import { iso } from './payloadFields.js';
import { AGGREGATE_ONLY_METRICS } from './metricLedger.js';
import type { Conversation, MediaSession, Segment } from './conversationRecord.js';
import type { AnalyticsConversation, DetailsQuery } from './types.js';

/**
 * A session's metrics, as the details query lists them: the emissions recorded for it (see
 * `metricLedger.ts`), without the aggregate-only ones. The same records feed the aggregates and
 * the observation totals, so a session's metrics always add up to them.
 */
function sessionMetrics(conversation: Conversation, session: MediaSession): { name: string; value: number; emitDate: string }[] {
  const metrics: { name: string; value: number; emitDate: string }[] = [];
  for (const m of conversation.metrics) {
    if (m.sessionId === session.id && !AGGREGATE_ONLY_METRICS.has(m.name)) metrics.push({ name: m.name, value: m.value, emitDate: iso(m.time) });
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
      sessions: p.sessions.map((s) => ({
        mediaType: s.kind,
        sessionId: s.id,
        direction: s.direction,
        ani: conversation.ani,
        dnis: conversation.dnis,
        segments: s.segments.map(segmentBody),
        metrics: sessionMetrics(conversation, s),
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

/** Conversations (kept in start order) whose start is in [from, to) and that match the filters, as the simulation holds them. */
export function detailsMatches(conversations: readonly Conversation[], query: DetailsQuery): Conversation[] {
  let lo = 0;
  let hi = conversations.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (conversations[mid]!.start < query.from) lo = mid + 1;
    else hi = mid;
  }
  const result: Conversation[] = [];
  for (let i = lo; i < conversations.length && conversations[i]!.start < query.to; i++) {
    const c = conversations[i]!;
    if (matches(c, query)) result.push(c);
  }
  return result;
}

/** Conversations (kept in start order) whose start is in [from, to) and that match the filters. */
export function detailsQuery(conversations: readonly Conversation[], query: DetailsQuery): AnalyticsConversation[] {
  return detailsMatches(conversations, query).map(analyticsConversation);
}

/**
 * One page of a details query in start order (or its reverse), with the number of matches:
 * only the page's conversations are turned into the analytics shape, so paging through a busy
 * interval costs each conversation once rather than every conversation of it on every page.
 */
export function detailsPage(conversations: readonly Conversation[], query: DetailsQuery, order: 'asc' | 'desc', offset: number, limit: number): { conversations: AnalyticsConversation[]; totalHits: number } {
  const matched = detailsMatches(conversations, query);
  const total = matched.length;
  const page: AnalyticsConversation[] = [];
  for (let n = offset; n < Math.min(total, offset + limit); n++) page.push(analyticsConversation(matched[order === 'asc' ? n : total - 1 - n]!));
  return { conversations: page, totalHits: total };
}

/** The conversations with these ids, whenever they started. */
export function conversationsById(conversations: readonly Conversation[], ids: ReadonlySet<string>): AnalyticsConversation[] {
  const found: AnalyticsConversation[] = [];
  for (const c of conversations) if (ids.has(c.id)) found.push(analyticsConversation(c));
  return found;
}
