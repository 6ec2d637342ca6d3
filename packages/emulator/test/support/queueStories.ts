import type { SimNotification } from '../../src/sim/types.js';

/**
 * What a client can learn about each queue visit (one ACD participant) from what the emulator
 * sends, derived here independently of the emulator's code, by Genesys's published rules
 * (genesys-analytics.md §8.2): each view is read on its own, so tests can check they agree.
 */
export interface VisitStory {
  readonly participantId: string;
  readonly conversationId: string;
  readonly queueId: string;
  readonly mediaType: string;
  readonly entry: number;
  readonly exit?: number;
  readonly outcome?: 'ANSWERED' | 'ABANDON' | 'FLOW_OUT';
  readonly flowOutTo?: 'voicemail' | 'callback' | 'transfer';
  readonly answeredUserId?: string;
}

type Body = Record<string, any>;
const MEDIA: Record<string, string> = { calls: 'voice', chats: 'chat', messages: 'message', emails: 'email', callbacks: 'callback' };
const t = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));

function mediaOf(p: Body): { type: string; media: Body }[] {
  const out: { type: string; media: Body }[] = [];
  for (const [array, type] of Object.entries(MEDIA)) for (const media of p[array] ?? []) out.push({ type, media });
  return out;
}

/** The last queue-conversation body of each conversation: each body is the whole conversation. */
export function lastBodies(notifications: readonly SimNotification[]): Map<string, Body> {
  const last = new Map<string, Body>();
  for (const n of notifications) if (/^v2\.routing\.queues\.[^.]+\.conversations$/.test(n.topicName)) last.set(n.conversationId!, n.eventBody as Body);
  return last;
}

/**
 * From a queue-conversation body. Entry: the ACD media's connectedTime. Exit: its disconnectedTime.
 * Answered: an agent of that queue connected at the exit. Flow-out: the ACD media left by
 * `transfer` and the customer went on to the queue's voicemail, a callback or another queue.
 * Abandon: the ACD media ended `peer` (the customer hung up) with no agent connected.
 */
export function visitsFromConversation(body: Body): VisitStory[] {
  const participants = body.participants as Body[];
  const stories: VisitStory[] = [];
  for (const acd of participants.filter((p) => p.purpose === 'acd')) {
    const [{ type, media }] = mediaOf(acd) as [{ type: string; media: Body }];
    const entry = t(media.connectedTime)!;
    const exit = t(media.disconnectedTime);
    const base = { participantId: acd.id, conversationId: body.id, queueId: acd.queueId, mediaType: type, entry };
    if (exit === undefined) {
      stories.push(base);
      continue;
    }
    const at = (p: Body) => mediaOf(p).some(({ media: m }) => t(m.connectedTime) === exit);
    const agent = participants.find((p) => p.purpose === 'agent' && p.queueId === acd.queueId && mediaOf(p).some(({ media: m }) => m.initialState === 'alerting' && m.direction !== 'outbound' && t(m.connectedTime) === exit));
    if (agent) {
      stories.push({ ...base, exit, outcome: 'ANSWERED', answeredUserId: agent.userId });
    } else if (media.disconnectType === 'transfer') {
      const voicemail = participants.find((p) => p.purpose === 'voicemail' && p.queueId === acd.queueId && at(p));
      const next = participants.find((p) => p.purpose === 'acd' && p !== acd && at(p));
      const flowOutTo = voicemail ? 'voicemail' : next && (next.callbacks ?? []).length > 0 && type === 'voice' ? 'callback' : next ? 'transfer' : undefined;
      stories.push({ ...base, exit, outcome: 'FLOW_OUT', ...(flowOutTo ? { flowOutTo } : {}) });
    } else if (media.disconnectType === 'peer') {
      stories.push({ ...base, exit, outcome: 'ABANDON' });
    } else {
      stories.push({ ...base, exit });
    }
  }
  return stories;
}

/** From `acd.start` / `acd.end` detail events. */
export function visitsFromDetailEvents(notifications: readonly SimNotification[]): Map<string, VisitStory> {
  const visits = new Map<string, VisitStory>();
  for (const n of notifications) {
    const b = n.eventBody as Body;
    if (n.topicName.endsWith('.acd.start')) {
      visits.set(b.participantId, { participantId: b.participantId, conversationId: b.conversationId, queueId: b.queueId, mediaType: String(b.mediaType).toLowerCase(), entry: b.eventTime });
    } else if (n.topicName.endsWith('.acd.end')) {
      const v = visits.get(b.participantId)!;
      visits.set(b.participantId, { ...v, exit: b.eventTime, outcome: b.acdOutcome, ...(b.answeredUserId ? { answeredUserId: b.answeredUserId } : {}) });
      if (b.connectedDurationMs !== b.eventTime - v.entry) throw new Error(`acd.end connectedDurationMs ${b.connectedDurationMs} is not its exit - entry`);
    }
  }
  return visits;
}

/** From the details query: the ACD session's first segment and its metrics. */
export function visitsFromDetails(conversations: readonly Body[]): Map<string, VisitStory> {
  const visits = new Map<string, VisitStory>();
  for (const c of conversations) {
    for (const p of c.participants as Body[]) {
      if (p.purpose !== 'acd') continue;
      const s = p.sessions[0];
      const seg = s.segments[0];
      const names = new Set((s.metrics as Body[]).map((m) => m.name));
      const outcome = names.has('tAnswered') ? 'ANSWERED' : names.has('tAbandon') ? 'ABANDON' : names.has('tFlowOut') ? 'FLOW_OUT' : undefined;
      const exit = t(seg.segmentEnd);
      visits.set(p.participantId, {
        participantId: p.participantId,
        conversationId: c.conversationId,
        queueId: seg.queueId,
        mediaType: s.mediaType,
        entry: t(seg.segmentStart)!,
        ...(exit !== undefined ? { exit } : {}),
        ...(outcome ? { outcome } : {}),
      });
    }
  }
  return visits;
}

/** Per queue, media type and 30-minute interval: the counts and sums Genesys's queue metrics have. */
export interface IntervalCounts {
  nOffered: number;
  answered: number[];
  abandoned: number[];
  flowOuts: number[];
  overSla: number;
}

export const HALF_HOUR = 30 * 60_000;

export function countVisits(visits: Iterable<VisitStory>, thresholdMs: (queueId: string, mediaType: string) => number): Map<string, IntervalCounts> {
  const counts = new Map<string, IntervalCounts>();
  const of = (v: VisitStory, time: number) => {
    const key = `${v.queueId}|${v.mediaType}|${Math.floor(time / HALF_HOUR) * HALF_HOUR}`;
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { nOffered: 0, answered: [], abandoned: [], flowOuts: [], overSla: 0 }));
    return c;
  };
  for (const v of visits) {
    of(v, v.entry).nOffered++;
    if (v.exit === undefined || !v.outcome) continue;
    const c = of(v, v.exit);
    const waited = v.exit - v.entry;
    if (v.outcome === 'ANSWERED') {
      c.answered.push(waited);
      if (waited > thresholdMs(v.queueId, v.mediaType)) c.overSla++;
    } else if (v.outcome === 'ABANDON') c.abandoned.push(waited);
    else c.flowOuts.push(waited);
  }
  return counts;
}

export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
