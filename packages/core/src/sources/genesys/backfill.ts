import { createHash } from 'node:crypto';
import type { AnalyticsConversation, AnalyticsParticipant } from '../../rest/analytics.js';
import { MEDIA_STATE_ENDED, mediaListOf } from '../../model/conversation.js';
import type { RawFrame } from '../../model/events.js';

/** What a live session's media state reads in a snapshot; analytics segments only tell open from ended. */
const MEDIA_STATE_LIVE = 'connected';

/**
 * A CorrelationId that depends only on the conversation and its state (`state` is the canonical
 * text of the backfilled body, so every change, such as a participant's segment ending, gives a
 * new one), shaped like a UUID: two backfills that find the same conversation in the same state
 * give the same dedupe key, and a state backfilled once is not emitted as new again.
 */
export function backfillCorrelationId(conversationId: string, state: string): string {
  const h = createHash('sha1').update(`gcstream-backfill:${conversationId}:${state}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type AnalyticsSegment = NonNullable<NonNullable<AnalyticsParticipant['sessions']>[number]['segments']>[number];

/**
 * After-call work shows in analytics as a `wrapup` segment that follows the media's last one: open
 * while the agent works, closed (with the wrap-up code) when they finish. The live snapshots say
 * the same with the media ended, `afterCallWork` and the participant's ACW times, so the copy says
 * it that way too: a media state alone cannot tell a conversation over from one still owed a wrap-up.
 */
function wrapupOf(segments: readonly AnalyticsSegment[]): AnalyticsSegment | undefined {
  const last = segments.at(-1);
  return last?.segmentType === 'wrapup' ? last : undefined;
}

function participantBody(p: AnalyticsParticipant, conversationEnded: boolean) {
  const media: Record<string, unknown[]> = {};
  let queueId: string | undefined;
  let start: string | undefined;
  let end: string | undefined;
  let allEnded = true;
  let acw: { start?: string; end?: string; code?: string } | undefined;
  for (const session of p.sessions ?? []) {
    const segments = session.segments ?? [];
    const wrapup = wrapupOf(segments);
    // The media ended where its after-call work began.
    const last = wrapup ? segments.at(-2) : segments.at(-1);
    const disconnectedTime = wrapup ? wrapup.segmentStart : last?.segmentEnd;
    const ended = conversationEnded || wrapup !== undefined || last?.segmentEnd !== undefined;
    queueId ??= segments.find((s) => s.queueId)?.queueId;
    start ??= segments[0]?.segmentStart;
    if (ended) end = disconnectedTime ?? end;
    else allEnded = false;
    if (wrapup) acw = { start: wrapup.segmentStart, end: wrapup.segmentEnd, code: wrapup.wrapUpCode };
    (media[mediaListOf(session.mediaType)] ??= []).push({
      id: session.sessionId,
      state: ended ? MEDIA_STATE_ENDED : MEDIA_STATE_LIVE,
      direction: session.direction,
      ...(ended && last?.disconnectType ? { disconnectType: last.disconnectType } : {}),
      ...(start ? { connectedTime: start } : {}),
      ...(ended && disconnectedTime ? { disconnectedTime } : {}),
      ...(wrapup ? { afterCallWork: { state: wrapup.segmentEnd ? 'complete' : 'pending', startTime: wrapup.segmentStart, ...(wrapup.segmentEnd ? { endTime: wrapup.segmentEnd } : {}) } } : {}),
    });
  }
  // A participant has left when all its media have, not when one of them has (a callback's agent
  // has the callback and the call it dialled).
  const endTime = allEnded ? end : undefined;
  return {
    id: p.participantId,
    name: p.participantName,
    purpose: p.purpose,
    userId: p.userId,
    queueId,
    ...(start ? { connectedTime: start } : {}),
    ...(endTime ? { endTime } : {}),
    ...(acw?.start ? { startAcwTime: acw.start } : {}),
    ...(acw?.end ? { endAcwTime: acw.end } : {}),
    ...(acw?.end && acw.code ? { wrapup: { code: acw.code, endTime: acw.end, ...acwSeconds(acw.start, acw.end) } } : {}),
    ...media,
  };
}

function acwSeconds(from: string | undefined, to: string): { durationSeconds?: number } {
  const ms = Date.parse(to) - Date.parse(from ?? '');
  return Number.isFinite(ms) ? { durationSeconds: Math.round(ms / 1000) } : {};
}

/** The queue a conversation went through, preferring one of the queues the gap concerned. */
export function conversationQueue(conversation: AnalyticsConversation, preferred: ReadonlySet<string>): string | undefined {
  let any: string | undefined;
  for (const p of conversation.participants ?? [])
    for (const s of p.sessions ?? [])
      for (const seg of s.segments ?? [])
        if (seg.queueId) {
          if (preferred.has(seg.queueId)) return seg.queueId;
          any ??= seg.queueId;
        }
  return any;
}

/**
 * Turns an analytics conversation into the envelope text the live
 * `v2.routing.queues.{queueId}.conversations` topic would have carried, so decode, dedupe and the
 * state operators treat backfilled conversations like live ones.
 */
export function backfillFrame(conversation: AnalyticsConversation, queueId: string, receivedAt: number): RawFrame {
  const ended = conversation.conversationEnd !== undefined;
  // Built in a fixed key order from the analytics record alone, so its text is canonical.
  const eventBody = {
    id: conversation.conversationId,
    startTime: conversation.conversationStart,
    ...(ended ? { endTime: conversation.conversationEnd } : {}),
    participants: (conversation.participants ?? []).map((p) => participantBody(p, ended)),
  };
  const envelope = {
    topicName: `v2.routing.queues.${queueId}.conversations`,
    version: '2',
    eventBody,
    metadata: { CorrelationId: backfillCorrelationId(conversation.conversationId, JSON.stringify(eventBody)) },
  };
  return { data: JSON.stringify(envelope), channelId: 'backfill', receivedAt, source: 'backfill' };
}

/** The queue ids named by a gap's queue conversation topics (any media): backfill filters the analytics query by them. */
export function queuesOfTopics(topics: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const t of topics) {
    const m = /^v2\.routing\.queues\.([^.?]+)\.conversations(\.|$)/.exec(t);
    if (m) ids.add(m[1]!);
  }
  return [...ids];
}
