import { describe, expect, it } from 'vitest';
import { createClock } from '../clock.js';
import { createContactCenter } from './contactCenter.js';
import { createManualClock } from './manualClock.js';
import type { ContactCenterOptions } from './options.js';
import type { ContactCenter, SimNotification } from './types.js';

const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const HOUR = 3_600_000;

type Body = Record<string, any>;

function run(options: Partial<ContactCenterOptions> & { seed?: number }, durationMs: number) {
  const clock = createManualClock(START);
  const cc = createContactCenter({ clock, seed: 1, startTime: START, ...options });
  const notifications: SimNotification[] = [];
  cc.onNotification((n) => notifications.push(n));
  cc.start();
  clock.advance(durationMs);
  return { cc, notifications, clock };
}

const byPattern = (notifications: SimNotification[], pattern: RegExp) => notifications.filter((n) => pattern.test(n.topicName));
const queueConversationEvents = (ns: SimNotification[], conversationId: string) =>
  ns.filter((n) => n.conversationId === conversationId && /^v2\.routing\.queues\.[^.]+\.conversations$/.test(n.topicName));
const agentCallStates = (bodies: Body[]) =>
  bodies.map((b) => b.participants.filter((p: Body) => p.purpose === 'agent').map((p: Body) => p.calls[0]?.state).join(','));

describe('createContactCenter: determinism', () => {
  it('gives byte-identical notifications for the same seed and start time, different ones for another seed', () => {
    const a = run({ seed: 11 }, HOUR / 2).notifications;
    const b = run({ seed: 11 }, HOUR / 2).notifications;
    const c = run({ seed: 12 }, HOUR / 2).notifications;
    expect(a.length).toBeGreaterThan(100);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('produces, on a fast real clock, a prefix of the same sequence as on a manual clock', async () => {
    const clock = createClock({ speed: 3600, start: START });
    const cc = createContactCenter({ clock, seed: 5, startTime: START });
    const live: SimNotification[] = [];
    cc.onNotification((n) => live.push(n));
    cc.start();
    await new Promise<void>((resolve) => {
      const check = () => (live.length >= 300 ? resolve() : setTimeout(check, 20));
      check();
    });
    cc.stop();
    const last = live[live.length - 1]!.time;
    const manual = run({ seed: 5 }, last - START + 1).notifications;
    expect(JSON.stringify(manual.slice(0, live.length))).toBe(JSON.stringify(live));
  });
});

describe('createContactCenter: conversation lifecycle', () => {
  const oneAgentVoice: Partial<ContactCenterOptions> = {
    queues: [{ name: 'Voice', mediaTypes: ['voice'] }],
    agents: [{ name: 'Solo Agent', skills: ['English', 'Spanish'] }],
    arrivalRatePerMinute: 0.2,
    timing: { patienceMs: { voice: 1e12 } },
  };

  it('shows queued -> alerting -> connected -> wrap-up -> ended on calls[].state', () => {
    const { notifications, cc } = run(oneAgentVoice, HOUR);
    const first = notifications.find((n) => n.topicName.endsWith('.customer.start'))!;
    const events = queueConversationEvents(notifications, first.conversationId!).map((n) => n.eventBody as Body);
    expect(events[0]!.participants.map((p: Body) => p.purpose)).toEqual(['customer', 'ivr', 'acd']);
    expect(events[0]!.participants[2].calls[0].state).toBe('connected');
    expect(events[0]!.participants[2].queueId).toBe(cc.queues[0]!.id);
    const states = agentCallStates(events).filter((s, i, all) => s !== '' && s !== all[i - 1]);
    expect(states.slice(0, 3)).toEqual(['alerting', 'connected', 'disconnected']);
    expect(states.at(-1)).toBe('terminated');
    const wrapping = events.find((b) => b.participants.some((p: Body) => p.purpose === 'agent' && p.calls[0].afterCallWork?.state === 'pending'))!;
    const agent = wrapping.participants.find((p: Body) => p.purpose === 'agent');
    expect(agent.wrapupExpected).toBe(true);
    expect(typeof agent.startAcwTime).toBe('string');
    const last = events.at(-1)!;
    for (const p of last.participants) for (const call of p.calls) expect(call.state).toBe('terminated');
    expect(last.participants.find((p: Body) => p.purpose === 'agent').wrapup.code).toMatch(/^[0-9a-f-]{36}$/);
    expect(last.participants.find((p: Body) => p.purpose === 'agent').calls[0].afterCallWork.state).toBe('complete');
    // The agent's own topic carries the same conversation.
    const userId = agent.userId as string;
    expect(notifications.some((n) => n.topicName === `v2.users.${userId}.conversations.calls` && n.conversationId === first.conversationId)).toBe(true);
  });

  it('detail events follow the conversation: customer.start, acd.start, user.start, acd.end ANSWERED, user.end, customer.end, acw, wrapup', () => {
    const { notifications } = run(oneAgentVoice, HOUR);
    const first = notifications.find((n) => n.topicName.endsWith('.customer.start'))!;
    const kinds = notifications
      .filter((n) => n.conversationId === first.conversationId && n.topicName.startsWith('v2.detail.events.'))
      .map((n) => n.topicName.split(`${first.conversationId}.`)[1]);
    for (const k of ['customer.start', 'flow.start', 'flow.end', 'acd.start', 'user.start', 'acd.end', 'user.end', 'customer.end', 'acw', 'wrapup']) {
      expect(kinds).toContain(k);
    }
    expect(kinds.indexOf('acd.start')).toBeLessThan(kinds.indexOf('acd.end'));
    expect(kinds.indexOf('user.start')).toBeLessThan(kinds.indexOf('user.end'));
    const acdEnd = notifications.find((n) => n.topicName.endsWith(`${first.conversationId}.acd.end`))!.eventBody as Body;
    expect(acdEnd.acdOutcome).toBe('ANSWERED');
    expect(typeof acdEnd.answeredUserId).toBe('string');
  });

  it('abandons while queued when no agent can take the conversation', () => {
    const { notifications } = run({ queues: [{ name: 'Chat', mediaTypes: ['chat'] }], agents: [], arrivalRatePerMinute: 1 }, HOUR);
    const ends = byPattern(notifications, /\.acd\.end$/).map((n) => n.eventBody as Body);
    expect(ends.length).toBeGreaterThan(5);
    for (const e of ends) {
      expect(e.acdOutcome).toBe('ABANDON');
      expect(e.mediaType).toBe('CHAT');
    }
    const abandoned = ends[0]!.conversationId as string;
    const final = queueConversationEvents(notifications, abandoned).at(-1)!.eventBody as Body;
    const customer = final.participants.find((p: Body) => p.purpose === 'customer');
    expect(customer.chats[0].disconnectType).toBe('endpoint');
    expect(customer.chats[0].state).toBe('terminated');
    expect(final.participants.some((p: Body) => p.purpose === 'agent')).toBe(false);
  });

  it('transfers to another queue: the first agent leaves with disconnectType transfer, a second acd participant queues', () => {
    const { notifications } = run(
      { queues: [{ name: 'A', mediaTypes: ['voice'] }, { name: 'B', mediaTypes: ['voice'] }], agents: 6, arrivalRatePerMinute: 1.5 },
      2 * HOUR,
    );
    const finals = new Map<string, Body>();
    for (const n of notifications) if (/^v2\.routing\.queues\.[^.]+\.conversations$/.test(n.topicName)) finals.set(n.conversationId!, n.eventBody as Body);
    // An agent of the first queue took the call, then a second queue got it (not an in-queue flow-out).
    const transferred = [...finals.values()].filter((b) => {
      const acds = b.participants.filter((p: Body) => p.purpose === 'acd');
      return acds.length === 2 && b.participants.find((p: Body) => p.purpose === 'agent')?.queueId === acds[0].queueId;
    });
    expect(transferred.length).toBeGreaterThan(0);
    const body = transferred[0]!;
    const acds = body.participants.filter((p: Body) => p.purpose === 'acd');
    expect(acds[0].queueId).not.toBe(acds[1].queueId);
    const firstAgent = body.participants.find((p: Body) => p.purpose === 'agent');
    expect(['transfer']).toContain(firstAgent.calls[0].disconnectType);
    for (const acd of acds) {
      expect(notifications.some((n) => n.topicName === `v2.routing.queues.${acd.queueId}.conversations` && n.conversationId === body.id)).toBe(true);
    }
  });

  it('holds and consults on voice calls', () => {
    const { notifications } = run({ agents: 12, arrivalRatePerMinute: 0.4 }, 2 * HOUR);
    const bodies = byPattern(notifications, /^v2\.routing\.queues\.[^.]+\.conversations$/).map((n) => n.eventBody as Body);
    const held = bodies.some((b) => b.participants.some((p: Body) => p.calls.some((c: Body) => c.held === true && typeof c.startHoldTime === 'string')));
    expect(held).toBe(true);
    const consulted = bodies.some((b) => b.participants.filter((p: Body) => p.purpose === 'agent' && p.calls.some((c: Body) => c.state === 'connected')).length === 2);
    expect(consulted).toBe(true);
  });

  it('runs callbacks: the agent takes the callback, then dials the customer on a call', () => {
    const { notifications } = run({ queues: [{ name: 'Callbacks', mediaTypes: ['callback'] }], agents: 3, arrivalRatePerMinute: 0.5 }, HOUR);
    const outbound = byPattern(notifications, /\.outbound$/);
    expect(outbound.length).toBeGreaterThan(0);
    const id = outbound[0]!.conversationId!;
    const events = notifications.filter((n) => n.conversationId === id && /queues\.[^.]+\.conversations$/.test(n.topicName)).map((n) => n.eventBody as Body);
    const customer = events.at(-1)!.participants.find((p: Body) => p.purpose === 'customer');
    expect(customer.callbacks[0].callbackNumbers).toEqual([customer.address]);
    expect(customer.calls).toHaveLength(1);
    const agentStates = events.map((b) => b.participants.find((p: Body) => p.purpose === 'agent')?.calls[0]?.state).filter(Boolean);
    expect(agentStates[0]).toBe('dialing');
    expect(notifications.some((n) => n.topicName.endsWith('.conversations.callbacks') && n.conversationId === id)).toBe(true);
    expect(notifications.some((n) => n.topicName.endsWith('.conversations.calls') && n.conversationId === id)).toBe(true);
  });

  it('carries messages with bodies and a sent -> delivered status on messaging conversations', () => {
    const { notifications } = run({ queues: [{ name: 'Msg', mediaTypes: ['message'] }], agents: 3, arrivalRatePerMinute: 0.5 }, HOUR);
    // The whole-conversation topic: per-media topics name a message by reference (message.id).
    const bodies = byPattern(notifications, /queues\.[^.]+\.conversations$/).map((n) => n.eventBody as Body);
    const all = bodies.flatMap((b) => b.participants.flatMap((p: Body) => p.messages.flatMap((m: Body) => m.messages ?? [])));
    expect(all.some((m: Body) => m.messageStatus === 'received' && typeof m.messageId === 'string')).toBe(true);
    const sent = all.find((m: Body) => m.messageStatus === 'sent')!;
    expect(all.some((m: Body) => m.messageId === sent.messageId && m.messageStatus === 'delivered')).toBe(true);
    expect(Date.parse(sent.messageTime)).toBeGreaterThanOrEqual(START);
  });
});

describe('createContactCenter: transcription', () => {
  it('streams utterances from both channels and ends each session with SESSION_ENDED', () => {
    const { notifications } = run({ queues: [{ name: 'Voice', mediaTypes: ['voice'] }], agents: 4, arrivalRatePerMinute: 0.5 }, HOUR);
    const byConversation = new Map<string, Body[]>();
    for (const n of byPattern(notifications, /\.transcription$/)) {
      const list = byConversation.get(n.conversationId!) ?? [];
      list.push(n.eventBody as Body);
      byConversation.set(n.conversationId!, list);
    }
    expect(byConversation.size).toBeGreaterThan(3);
    const channels = new Set<string>();
    let ended = 0;
    for (const [, list] of byConversation) {
      const endIndex = list.findIndex((b) => b.status.status === 'SESSION_ENDED');
      if (endIndex >= 0) {
        ended++;
        expect(endIndex).toBe(list.length - 1);
      }
      for (const b of list.slice(0, -1)) for (const t of b.transcripts) channels.add(t.channel);
    }
    expect(ended).toBeGreaterThan(3);
    expect([...channels].sort()).toEqual(['EXTERNAL', 'INTERNAL']);
  });
});

describe('createContactCenter: observations', () => {
  it('notifies at most once per simulated second per queue', () => {
    const { notifications, cc } = run({ arrivalRatePerMinute: 3, agents: 12 }, HOUR);
    const last = new Map<string, number>();
    let count = 0;
    for (const n of byPattern(notifications, /^v2\.analytics\.queues\.[^.]+\.observations$/)) {
      count++;
      const prev = last.get(n.topicName);
      if (prev !== undefined) expect(n.time - prev).toBeGreaterThanOrEqual(1000);
      last.set(n.topicName, n.time);
    }
    expect(count).toBeGreaterThan(100);
    const obs = cc.observations(cc.queues.map((q) => q.id));
    // One group per queue and media type, and one per queue for its users.
    expect(obs.length).toBe(cc.queues.reduce((sum, q) => sum + q.mediaTypes.length + 1, 0));
    for (const o of obs) {
      const names = new Set(o.data.map((m) => m.metric));
      for (const m of o.group['mediaType'] ? ['oWaiting', 'oInteracting', 'oAlerting'] : ['oMemberUsers', 'oOnQueueUsers']) expect(names).toContain(m);
      for (const m of o.data) expect(m.stats['count'] ?? 0).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports oWaiting that matches the conversations still queued', () => {
    const { notifications, cc } = run({ queues: [{ name: 'Chat', mediaTypes: ['chat'] }], agents: [], arrivalRatePerMinute: 2, timing: { patienceMs: { chat: 1e12 } } }, HOUR / 4);
    const queued = new Set(byPattern(notifications, /\.acd\.start$/).map((n) => n.conversationId));
    const [obs] = cc.observations([cc.queues[0]!.id]);
    expect(queued.size).toBeGreaterThan(5);
    expect(obs!.data.find((m) => m.metric === 'oWaiting')!.stats['count']).toBe(queued.size);
  });

  it("carries the current half hour's totals (nOffered, tAnswered, oServiceLevel) with the live observations", () => {
    const { notifications } = run({ arrivalRatePerMinute: 2 }, HOUR);
    const totals = byPattern(notifications, /observations$/)
      .map((n) => n.eventBody as Body)
      .filter((b) => b.data[1]?.metrics.some((m: Body) => m.metric === 'nOffered') && b.data[1].metrics.some((m: Body) => m.metric === 'oServiceLevel'));
    expect(totals.length).toBeGreaterThan(0);
    const [live, interval] = totals[0]!.data as Body[];
    const [from, to] = (live!.interval as string).split('/');
    expect(from).toBe(to);
    expect(Date.parse(interval!.interval.split('/')[1]) - Date.parse(interval!.interval.split('/')[0])).toBe(30 * 60_000);
    const metrics = interval!.metrics as Body[];
    expect(metrics.find((m) => m.metric === 'nOffered')!.stats.count).toBeGreaterThan(0);
    expect(Object.keys(metrics.find((m) => m.metric === 'oServiceLevel')!.stats).sort()).toEqual(['denominator', 'numerator', 'ratio', 'target']);
  });
});

describe('createContactCenter: analytics agree with the stream', () => {
  it('detailsQuery returns exactly the conversations that were notified, with the same ids', () => {
    const { notifications, cc } = run({ arrivalRatePerMinute: 1 }, HOUR);
    const notified = new Set(notifications.map((n) => n.conversationId).filter(Boolean));
    const analytics = cc.detailsQuery({ from: START, to: START + HOUR + 1 });
    expect(analytics.length).toBeGreaterThan(100);
    expect(new Set(analytics.map((c) => c.conversationId))).toEqual(notified);
    const starts = analytics.map((c) => Date.parse(c.conversationStart));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    const finals = new Map<string, Body>();
    for (const n of notifications) if (/^v2\.routing\.queues\.[^.]+\.conversations$/.test(n.topicName)) finals.set(n.conversationId!, n.eventBody as Body);
    for (const conversation of analytics) {
      const body = finals.get(conversation.conversationId);
      if (!body) continue;
      const streamed = body.participants.map((p: Body) => p.id).sort();
      const analyzed = (conversation.participants as Body[]).map((p) => p.participantId).sort();
      expect(analyzed).toEqual(streamed);
      const ended = body.participants.every((p: Body) => ['calls', 'chats', 'messages', 'emails', 'callbacks'].every((k) => p[k].every((m: Body) => m.state === 'terminated')));
      expect(conversation.conversationEnd !== undefined).toBe(ended);
    }
  });

  it('filters by queue and media type, and by interval', () => {
    const { cc } = run({ arrivalRatePerMinute: 1 }, HOUR);
    const queueId = cc.queues[0]!.id;
    const all = cc.detailsQuery({ from: START, to: START + HOUR });
    const inQueue = cc.detailsQuery({ from: START, to: START + HOUR, queueIds: [queueId] });
    expect(inQueue.length).toBeGreaterThan(0);
    expect(inQueue.length).toBeLessThan(all.length);
    for (const c of inQueue) expect(JSON.stringify(c.participants)).toContain(queueId);
    const chats = cc.detailsQuery({ from: START, to: START + HOUR, mediaTypes: ['chat'] });
    for (const c of chats) expect((c.participants as Body[]).some((p) => p.sessions.some((s: Body) => s.mediaType === 'chat'))).toBe(true);
    const firstHalf = cc.detailsQuery({ from: START, to: START + HOUR / 2 });
    for (const c of firstHalf) expect(Date.parse(c.conversationStart)).toBeLessThan(START + HOUR / 2);
  });

  it('pages and looks up by id exactly as the whole query sorted by start would', () => {
    const { cc } = run({ arrivalRatePerMinute: 2 }, HOUR);
    const query = { from: START, to: START + HOUR, queueIds: [cc.queues[0]!.id, cc.queues[1]!.id] };
    const byStart = [...cc.detailsQuery(query)].sort((x, y) => Date.parse(x.conversationStart) - Date.parse(y.conversationStart));
    expect(byStart.length).toBeGreaterThan(25);
    for (const [offset, limit] of [[0, 10], [10, 10], [byStart.length - 3, 10], [byStart.length + 5, 10]] as const) {
      expect(cc.detailsPage(query, 'asc', offset, limit)).toEqual({ conversations: byStart.slice(offset, offset + limit), totalHits: byStart.length });
      expect(cc.detailsPage(query, 'desc', offset, limit)).toEqual({ conversations: [...byStart].reverse().slice(offset, offset + limit), totalHits: byStart.length });
    }
    const ids = new Set([byStart[3]!.conversationId, byStart[17]!.conversationId, 'not-a-conversation']);
    expect(cc.conversationsById(ids).map((c) => c.conversationId).sort()).toEqual([byStart[3]!.conversationId, byStart[17]!.conversationId].sort());
  });
});

describe('createContactCenter: utilization', () => {
  /** Per agent, the most interactions in hand at once, from the analytics segments. */
  function peakLoad(cc: ContactCenter, kinds: string[]) {
    const spans = new Map<string, [number, number][]>();
    for (const c of cc.detailsQuery({ from: START, to: START + 10 * HOUR })) {
      for (const p of c.participants as Body[]) {
        if (p.purpose !== 'agent') continue;
        const segments = p.sessions.filter((s: Body) => kinds.includes(s.mediaType)).flatMap((s: Body) => s.segments);
        if (segments.length === 0) continue;
        const start = Math.min(...segments.map((g: Body) => Date.parse(g.segmentStart)));
        const end = Math.max(...segments.map((g: Body) => Date.parse(g.segmentEnd ?? '9999-01-01T00:00:00Z')));
        spans.set(p.userId, [...(spans.get(p.userId) ?? []), [start, end]]);
      }
    }
    const peaks: number[] = [];
    for (const list of spans.values()) {
      const edges = list.flatMap(([a, b]) => [[a, 1], [b, -1]] as [number, number][]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      let load = 0;
      let peak = 0;
      for (const [, d] of edges) peak = Math.max(peak, (load += d));
      peaks.push(peak);
    }
    return peaks;
  }

  it('lets an agent handle several chats at once, never more than the limit', () => {
    const { cc } = run({ queues: [{ name: 'Chat', mediaTypes: ['chat'] }], agents: 2, arrivalRatePerMinute: 2, utilization: { chat: 3 } }, 2 * HOUR);
    const peaks = peakLoad(cc, ['chat']);
    expect(Math.max(...peaks)).toBe(3);
  });

  it('never gives a voice agent a second interaction at the same time', () => {
    const { cc } = run({ queues: [{ name: 'V', mediaTypes: ['voice'] }], arrivalRatePerMinute: 3, agents: 4 }, HOUR);
    const peaks = peakLoad(cc, ['voice']);
    expect(peaks).toHaveLength(4);
    expect(Math.max(...peaks)).toBe(1);
  });
});

describe('createContactCenter: timing', () => {
  it('scales every phase with the timing options: short talk and wrap-up make conversations of seconds', () => {
    const talkMs = { voice: 2000, chat: 2000, message: 2000, callback: 2000, email: 2000 };
    const { cc } = run({ arrivalRatePerMinute: 2, timing: { ivrMs: 500, ringMs: 300, acwMs: 500, talkMs } }, HOUR / 2);
    const durations = cc
      .detailsQuery({ from: START, to: START + HOUR / 2 })
      .filter((c) => c.conversationEnd)
      .map((c) => Date.parse(c.conversationEnd!) - Date.parse(c.conversationStart))
      .sort((a, b) => a - b);
    expect(durations.length).toBeGreaterThan(50);
    expect(durations[Math.floor(durations.length / 2)]).toBeLessThan(10_000);
  });
});

describe('createContactCenter: retention', () => {
  it('drops ended conversations older than retentionMs from analytics, keeping recent ones', () => {
    const { cc } = run({ retentionMs: HOUR / 2 }, 2 * HOUR);
    expect(cc.detailsQuery({ from: START, to: START + HOUR / 2 }).filter((c) => c.conversationEnd)).toEqual([]);
    expect(cc.detailsQuery({ from: START + 1.5 * HOUR, to: START + 2 * HOUR }).length).toBeGreaterThan(10);
  });
});

describe('createContactCenter: invariants over a busy shift', () => {
  it('ends every conversation and frees every agent: nothing is left stuck', () => {
    const patienceMs = { voice: 120_000, chat: 120_000, message: 120_000, callback: 120_000, email: 120_000 };
    const duration = 4 * HOUR;
    const { notifications, cc } = run({ seed: 21, arrivalRatePerMinute: 1.2, agents: 10, timing: { patienceMs } }, duration);
    const starts = new Map<string, number>();
    const ended = new Set<string>();
    for (const n of notifications) {
      if (!n.conversationId) continue;
      if (!starts.has(n.conversationId)) starts.set(n.conversationId, n.time);
      const body = n.eventBody as Body;
      if (/conversations$/.test(n.topicName) && body.participants.every((p: Body) => p.calls.concat(p.chats, p.messages, p.emails, p.callbacks).every((m: Body) => m.state === 'terminated'))) {
        ended.add(n.conversationId);
      }
    }
    const old = [...starts].filter(([, t]) => t < START + duration - HOUR).map(([id]) => id);
    expect(old.length).toBeGreaterThan(200);
    expect(old.filter((id) => !ended.has(id))).toEqual([]);
    // Every conversation the analytics API knows as ended was also seen ending on the stream.
    const analyticsEnded = cc.detailsQuery({ from: START, to: START + duration }).filter((c) => c.conversationEnd).map((c) => c.conversationId);
    expect(analyticsEnded.filter((id) => !ended.has(id))).toEqual([]);
    // Agents still INTERACTING are on a conversation that has not ended.
    const status = new Map<string, string>();
    for (const n of notifications) if (n.topicName.endsWith('.routingStatus')) status.set((n.eventBody as Body).id, (n.eventBody as Body).routingStatus.status);
    const openUsers = new Set<string>();
    for (const c of cc.detailsQuery({ from: START, to: START + duration })) {
      if (c.conversationEnd) continue;
      for (const p of c.participants as Body[]) if (p.userId) openUsers.add(p.userId);
    }
    for (const [userId, s] of status) if (s === 'INTERACTING') expect(openUsers.has(userId), userId).toBe(true);
  });
});
