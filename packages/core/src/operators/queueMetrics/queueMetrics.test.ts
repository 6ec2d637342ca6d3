import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { concat, filter, from, lastValueFrom, map, NEVER, Subject, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { GenesysEvent } from '../../model/events.js';
import type { AgentHandle, ConversationRecord, QueueVisit } from '../conversationState/types.js';
import { queueMetrics, type QueueMetricsInput } from './queueMetrics.js';
import type { QueueBreach, QueueMetricsOptions, QueueMetricsRecord } from './types.js';

const Q = 'queue-a';
const T = (iso: string) => Date.parse(iso);
let n = 0;

/** A final conversation record with one queue visit. */
function record(visit: Partial<QueueVisit>, kind: 'snapshot' | 'final' = 'final', id = `c${n++}`): ConversationRecord {
  const v: QueueVisit = { id: `${id}-acd`, queueId: Q, mediaType: 'voice', nTransferred: 0, ...visit };
  const handles: AgentHandle[] =
    v.tHandle !== undefined && v.handledAt !== undefined
      ? [{ participantId: `${id}-agent`, queueId: v.queueId, mediaType: v.mediaType, tTalk: v.tTalk, tHeld: v.tHeld, tAcw: v.tAcw, tHandle: v.tHandle, handledAt: v.handledAt, nTransferred: v.nTransferred }]
      : [];
  return { conversationId: id, kind, ended: kind === 'final', stale: false, eventTime: Math.max(v.enteredAt ?? 0, v.exitedAt ?? 0, v.handledAt ?? 0), participants: [], queuePath: [v.queueId], visits: [v], handles, messages: [], holds: 0, transfers: 0 };
}
const answered = (enteredAt: number, waitMs: number, more: Partial<QueueVisit> = {}) =>
  record({ enteredAt, exitedAt: enteredAt + waitMs, answeredAt: enteredAt + waitMs, outcome: 'answered', tWait: waitMs, tAnswered: waitMs, ...more });
const abandoned = (enteredAt: number, waitMs: number) => record({ enteredAt, exitedAt: enteredAt + waitMs, outcome: 'abandoned', tWait: waitMs, tAbandon: waitMs });
const flowOut = (enteredAt: number, waitMs: number) => record({ enteredAt, exitedAt: enteredAt + waitMs, outcome: 'flowOut', tWait: waitMs, tFlowOut: waitMs });

const run = async (inputs: QueueMetricsInput[], options: QueueMetricsOptions = {}) => lastValueFrom(from(inputs).pipe(queueMetrics({ emitInterval: 0, ...options }), toArray()));
/** The newest record for each queue, media, period and start. */
const latest = (out: readonly unknown[]) => {
  const m = new Map<string, QueueMetricsRecord>();
  for (const r of out as QueueMetricsRecord[]) if (r.type === 'queueMetrics') m.set(`${r.queueId}|${r.mediaType}|${r.period}|${r.start}`, r);
  return m;
};

/** A Genesys event of `family` as decode hands it on, at `at`. */
const genesysEvent = (family: GenesysEvent['family'], ids: string[], eventBody: unknown, at: number): GenesysEvent =>
  ({ topicName: 'x', version: '2', eventBody, metadata: {}, topic: 'x', family, ids, eventTime: at, receivedAt: at, source: 'websocket', key: `k${n++}` }) as GenesysEvent;
/** A queue observation at `at` of `group` (a queue, with or without a media type) carrying `metrics`. */
const observationOf = (group: { queueId: string; mediaType?: string }, at: number, metrics: unknown[]): GenesysEvent =>
  genesysEvent('observation', [group.queueId], { group, data: [{ interval: `${new Date(at).toISOString()}/${new Date(at).toISOString()}`, metrics }] }, at);
/** queueMetrics fed by hand, emitting on every change: `after(input)` is what that input made it emit, each record described once, sorted. */
function emissions(describe: (r: QueueMetricsRecord) => string) {
  const input = new Subject<QueueMetricsInput>();
  let emitted: string[] = [];
  input.pipe(queueMetrics({ emitInterval: 0 })).subscribe((r) => (r as QueueMetricsRecord).type === 'queueMetrics' && emitted.push(describe(r as QueueMetricsRecord)));
  return (next: QueueMetricsInput): string[] => {
    emitted = [];
    input.next(next);
    return [...new Set(emitted)].sort();
  };
}

/** A checkpoint as gcstream saved it before parts were kept in lists: each conversation's parts in Maps by id. */
function asEarlierCheckpoint<T extends { conversations: [string, Record<string, { id: string }[] | undefined>][] }>(checkpoint: T): T {
  for (const [, c] of checkpoint.conversations) {
    for (const key of ['visits', 'messages', 'handles']) {
      const parts = c[key];
      if (parts !== undefined) (c as Record<string, unknown>)[key] = new Map(parts.map(({ id, ...moments }) => [id, moments]));
    }
  }
  return checkpoint;
}

describe('queueMetrics against Genesys numbers', () => {
  it('reproduces the captured observation sample: two abandons, SL 0 of 2 (genesys-analytics.md §7.2)', async () => {
    const start = T('2024-12-30T09:30:00.000Z');
    const out = latest(await run([abandoned(start + 60_000, 11_781), abandoned(start + 120_000, 74_387)], { serviceLevels: { [Q]: { voice: { durationMs: 20_000, percentage: 0.5 } } } }));
    const r = out.get(`${Q}|voice|interval|${start}`)!;
    expect(r).toMatchObject({ nOffered: 2, nAnswered: 0, nAbandoned: 2, tAbandon: { count: 2, sum: 86_168 }, tWait: { count: 2, sum: 86_168 }, abandonRate: 1, asaMs: null });
    expect(r.serviceLevel).toEqual({ numerator: 0, denominator: 2, ratio: 0, target: 0.5, thresholdMs: 20_000 });
  });

  it('applies the service level switches to the denominator (genesys-analytics.md §3)', async () => {
    const t = T('2026-01-05T09:00:00.000Z');
    // 10 answered (2 over the 20 s threshold), 3 abandoned (1 short, under 5 s), 2 flow-outs.
    const inputs = [
      ...Array.from({ length: 8 }, (_, i) => answered(t + i * 1000, 10_000)),
      answered(t + 9000, 25_000),
      answered(t + 10_000, 40_000),
      abandoned(t, 3_000),
      abandoned(t, 30_000),
      abandoned(t, 60_000),
      flowOut(t, 90_000),
      flowOut(t, 45_000),
    ];
    const sl = async (switches: QueueMetricsOptions['switches']) => latest(await run(inputs, { switches, shortAbandonThreshold: 5_000 })).get(`${Q}|voice|interval|${t}`)!.serviceLevel;
    expect(await sl(undefined)).toMatchObject({ numerator: 8, denominator: 13 });
    expect(await sl({ includeFlowOuts: true })).toMatchObject({ numerator: 8, denominator: 15 });
    expect(await sl({ includeShortAbandons: false })).toMatchObject({ numerator: 8, denominator: 12 });
    expect(await sl({ includeAbandons: false })).toMatchObject({ numerator: 8, denominator: 10, ratio: 0.8 });
    const r = latest(await run(inputs, { shortAbandonThreshold: 5_000 })).get(`${Q}|voice|interval|${t}`)!;
    expect(r).toMatchObject({ nOffered: 15, nAnswered: 10, nOverSla: 2, nAbandoned: 3, nShortAbandoned: 1, nFlowOut: 2, asaMs: (8 * 10_000 + 25_000 + 40_000) / 10, abandonRate: 3 / 15 });
    expect(r.avgWaitMs).toBe((8 * 10_000 + 25_000 + 40_000 + 3_000 + 30_000 + 60_000 + 90_000 + 45_000) / 15);
  });

  it("counts Offered in the entry interval and Answered in the answer interval, and sums them for today (RC FAQ's 7:00/7:30 example)", async () => {
    const out = latest(await run([answered(T('2026-01-05T07:29:00.000Z'), 120_000)]));
    expect(out.get(`${Q}|voice|interval|${T('2026-01-05T07:00:00.000Z')}`)).toMatchObject({ nOffered: 1, nAnswered: 0 });
    expect(out.get(`${Q}|voice|interval|${T('2026-01-05T07:30:00.000Z')}`)).toMatchObject({ nOffered: 0, nAnswered: 1, tAnswered: { count: 1, sum: 120_000 } });
    expect(out.get(`${Q}|voice|today|${T('2026-01-05T00:00:00.000Z')}`)).toMatchObject({ nOffered: 1, nAnswered: 1, end: T('2026-01-06T00:00:00.000Z') });
  });

  it('counts today from local midnight: a fixed offset, or a time zone through its 23-hour day', async () => {
    const calls = [answered(T('2026-03-08T04:30:00.000Z'), 5_000), answered(T('2026-03-08T06:00:00.000Z'), 5_000), answered(T('2026-03-09T04:30:00.000Z'), 5_000)];
    const today = (out: Map<string, QueueMetricsRecord>) => [...out.values()].filter((r) => r.period === 'today').map((r) => [new Date(r.start).toISOString(), new Date(r.end).toISOString(), r.nOffered]);
    // UTC-5 all year: 23:30 on 7 March is yesterday; 01:00 on the 8th and 23:30 on the 8th (04:30 UTC on the 9th) are today.
    expect(today(latest(await run(calls, { dayStartOffset: -5 * 3_600_000 })))).toEqual([
      ['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', 1],
      ['2026-03-08T05:00:00.000Z', '2026-03-09T05:00:00.000Z', 2],
    ]);
    // New York springs forward on the 8th: that day has 23 hours, and 04:30 UTC on the 9th is already 00:30 EDT on the 9th.
    expect(today(latest(await run(calls, { timeZone: 'America/New_York' })))).toEqual([
      ['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', 1],
      ['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 1],
      ['2026-03-09T04:00:00.000Z', '2026-03-10T04:00:00.000Z', 1],
    ]);
  });

  it('keeps a whole day of intervals by default at any interval length, so a late moment of early today still counts in today', async () => {
    // 15-minute intervals: 48 of them (the 30-minute default's count) are 12 hours, and an answer
    // of 01:00 arriving after one of 23:00 counted in no interval and no "today".
    const late = answered(T('2026-01-05T01:00:00.000Z'), 5_000);
    const out = latest(await run([answered(T('2026-01-05T23:00:00.000Z'), 5_000), late], { interval: 15 * 60_000 }));
    expect(out.get(`${Q}|voice|today|${T('2026-01-05T00:00:00.000Z')}`)).toMatchObject({ nOffered: 2, nAnswered: 2 });
    expect(out.get(`${Q}|voice|interval|${T('2026-01-05T01:00:00.000Z')}`)).toMatchObject({ nOffered: 1, nAnswered: 1 });
  });

  it('sums numerators and denominators for today, never averaging interval percentages', async () => {
    const a = T('2026-01-05T08:00:00.000Z');
    const b = T('2026-01-05T08:30:00.000Z');
    const out = latest(await run([answered(a, 5_000), answered(b, 5_000), abandoned(b + 1000, 9_000), abandoned(b + 2000, 9_000), abandoned(b + 3000, 9_000)]));
    expect(out.get(`${Q}|voice|interval|${a}`)!.serviceLevel.ratio).toBe(1);
    expect(out.get(`${Q}|voice|interval|${b}`)!.serviceLevel.ratio).toBe(0.25);
    expect(out.get(`${Q}|voice|today|${T('2026-01-05T00:00:00.000Z')}`)!.serviceLevel).toMatchObject({ numerator: 2, denominator: 5, ratio: 0.4 });
  });

  it("judges each queue by its own threshold, inclusive at the boundary by default", async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const b = (v: Partial<QueueVisit>) => record({ queueId: 'queue-b', ...v });
    const inputs = [answered(t, 25_000), b({ enteredAt: t, exitedAt: t + 25_000, answeredAt: t + 25_000, outcome: 'answered', tWait: 25_000, tAnswered: 25_000 }), answered(t, 30_000)];
    const out = latest(await run(inputs, { serviceLevels: { [Q]: { voice: { durationMs: 30_000 } } } }));
    expect(out.get(`${Q}|voice|interval|${t}`)!.nOverSla).toBe(0);
    expect(out.get(`queue-b|voice|interval|${t}`)!.nOverSla).toBe(1);
    const exclusive = latest(await run(inputs, { serviceLevels: { [Q]: { voice: { durationMs: 30_000 } } }, serviceLevelBoundary: 'exclusive' }));
    expect(exclusive.get(`${Q}|voice|interval|${t}`)!.nOverSla).toBe(1);
  });

  it("prefers the queue's own mediaSettings threshold over config", async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const queueEntity = { topicName: `gcstream.queues.${Q}.settings`, version: '2', eventBody: { id: Q, name: 'Sales', mediaSettings: { call: { serviceLevel: { durationMs: 10_000, percentage: 0.9 } }, email: { serviceLevel: { durationMs: 86_400_000, percentage: 0.8 } } } }, metadata: {}, topic: 'gcstream.queues.{id}.settings', family: 'unknown', ids: [Q], eventTime: t, receivedAt: t, source: 'websocket', key: 'qs' } as GenesysEvent;
    const out = latest(await run([queueEntity, answered(t, 15_000)], { serviceLevels: { [Q]: { voice: { durationMs: 30_000 } } } }));
    expect(out.get(`${Q}|voice|interval|${t}`)).toMatchObject({ nOverSla: 1, serviceLevel: { numerator: 0, denominator: 1, target: 0.9, thresholdMs: 10_000 } });
  });

  it("takes the target Genesys observes (oServiceLevel.target) over the built-in default when the queue's own setting is not known", async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    // As in the captured sample (genesys-analytics.md §7.2): the queue's target is 0.5, not the default 0.8.
    const observation = { topicName: 'x', version: '2', eventBody: { group: { queueId: Q, mediaType: 'voice' }, data: [{ interval: '2026-01-05T10:00:00.000Z/2026-01-05T10:30:00.000Z', metrics: [{ metric: 'oServiceLevel', stats: { ratio: 1, numerator: 1, denominator: 1, target: 0.5 } }] }] }, metadata: {}, topic: 'x', family: 'observation', ids: [Q], eventTime: t, receivedAt: t, source: 'websocket', key: `k${n++}` } as GenesysEvent;
    const out = await run([observation, answered(t, 5_000), answered(t, 5_000), answered(t, 25_000)], { breaches: {} });
    expect(latest(out).get(`${Q}|voice|interval|${t}`)!.serviceLevel).toMatchObject({ ratio: 2 / 3, target: 0.5 });
    // Two of three in time is above the queue's target of 0.5: no breach.
    expect((out as QueueBreach[]).filter((x) => x.type === 'queueBreach')).toEqual([]);
    // A target the config gives for the queue still wins.
    const configured = latest(await run([observation, answered(t, 5_000)], { serviceLevels: { [Q]: { voice: { durationMs: 20_000, percentage: 0.9 } } } }));
    expect(configured.get(`${Q}|voice|interval|${t}`)!.serviceLevel.target).toBe(0.9);
  });

  it('counts a visit that left the queue with no outcome (a message or email whose customer left, genesys-analytics.md §4) as offered, not waiting, and in no outcome', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const id = 'conv-left';
    const waiting = record({ mediaType: 'message', enteredAt: t }, 'snapshot', id);
    const left = (kind: 'snapshot' | 'final') => record({ mediaType: 'message', enteredAt: t, exitedAt: t + 600_000 }, kind, id);
    const out = await run([waiting, left('snapshot'), left('final')], { breaches: { longestWaitAbove: 60_000 } });
    const intervals = (out as QueueMetricsRecord[]).filter((r) => r.type === 'queueMetrics' && r.period === 'interval');
    // Its final record changes no count and nothing live: nothing more to emit.
    expect(intervals.map((r) => r.live.waiting)).toEqual([1, 0]);
    expect(intervals.at(-1)).toMatchObject({ nOffered: 1, nAnswered: 0, nAbandoned: 0, nFlowOut: 0, tWait: { count: 0 }, abandonRate: 0, serviceLevel: { numerator: 0, denominator: 0, ratio: null } });
    expect((out as QueueBreach[]).filter((x) => x.type === 'queueBreach')).toEqual([]);
  });

  it('counts handle time when after-call work ends: AHT = tHandle.sum / tHandle.count', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const out = latest(
      await run([
        answered(t, 10_000, { tTalk: 100_000, tHeld: 20_000, tAcw: 30_000, tHandle: 150_000, handledAt: t + 160_000 }),
        answered(t, 10_000, { tTalk: 50_000, tHeld: 0, tAcw: 0, tHandle: 50_000, handledAt: t + 1_810_000, nTransferred: 1 }),
      ]),
    );
    expect(out.get(`${Q}|voice|interval|${t}`)).toMatchObject({ tHandle: { count: 1, sum: 150_000 }, ahtMs: 150_000, tHeld: { count: 1, sum: 20_000 } });
    expect(out.get(`${Q}|voice|interval|${t + 1_800_000}`)).toMatchObject({ tHandle: { count: 1, sum: 50_000 }, nTransferred: 1 });
  });
});

describe('queueMetrics messaging', () => {
  it('counts agent messages delivered and read within the thresholds, in the interval they were sent', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const rec: ConversationRecord = {
      ...record({ queueId: Q, mediaType: 'message' }, 'snapshot', 'm1'),
      visits: [],
      messages: [
        { messageId: 'a', participantId: 'p', queueId: Q, sentAt: t, delivered: true, deliveredSeenAt: t + 5_000, read: true, readSeenAt: t + 60_000 },
        { messageId: 'b', participantId: 'p', queueId: Q, sentAt: t + 1000, delivered: true, deliveredSeenAt: t + 45_000, read: false },
        { messageId: 'c', participantId: 'p', queueId: Q, sentAt: t + 2000, delivered: false, read: false },
      ],
    };
    const r = latest(await run([rec], { messaging: { deliveredWithin: 30_000, readWithin: 120_000 } })).get(`${Q}|message|interval|${t}`)!;
    expect(r.messaging).toEqual({ sent: 3, delivered: 2, deliveredWithin: 1, deliveredUntimed: 0, read: 1, readWithin: 1, readUntimed: 0, deliveredWithinRatio: 1 / 3, readWithinRatio: 1 / 3 });
  });

  it('leaves a receipt of unknown time (first seen in a backfill) out of the within ratio, numerator and denominator, but counts it delivered', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const rec: ConversationRecord = {
      ...record({ queueId: Q, mediaType: 'message' }, 'snapshot', 'm2'),
      visits: [],
      messages: [
        { messageId: 'a', participantId: 'p', queueId: Q, sentAt: t, delivered: true, deliveredSeenAt: t + 5_000, read: true, readSeenAt: t + 60_000 },
        { messageId: 'b', participantId: 'p', queueId: Q, sentAt: t + 1000, delivered: true, read: true },
        { messageId: 'c', participantId: 'p', queueId: Q, sentAt: t + 2000, delivered: false, read: false },
      ],
    };
    const r = latest(await run([rec])).get(`${Q}|message|interval|${t}`)!;
    expect(r.messaging).toEqual({ sent: 3, delivered: 2, deliveredWithin: 1, deliveredUntimed: 1, read: 2, readWithin: 1, readUntimed: 1, deliveredWithinRatio: 1 / 2, readWithinRatio: 1 / 2 });
  });
});

describe('queueMetrics bookkeeping', () => {
  it('counts a visit once across snapshots, and moves it when a later record corrects the outcome', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const id = 'conv-x';
    const waiting = record({ enteredAt: t }, 'snapshot', id);
    const derived = record({ enteredAt: t, exitedAt: t + 8000, outcome: 'flowOut', tWait: 8000, tFlowOut: 8000 }, 'snapshot', id);
    const settled = record({ enteredAt: t, exitedAt: t + 8000, outcome: 'abandoned', tWait: 8000, tAbandon: 8000 }, 'final', id);
    const out = await run([waiting, waiting, derived, settled, settled]);
    const r = latest(out).get(`${Q}|voice|interval|${t}`)!;
    expect(r).toMatchObject({ nOffered: 1, nFlowOut: 0, nAbandoned: 1, tWait: { count: 1, sum: 8000 } });
    const firstWaiting = (out as QueueMetricsRecord[]).find((x) => x.type === 'queueMetrics' && x.period === 'interval')!;
    expect(firstWaiting.live).toMatchObject({ waiting: 1, longestWaitMs: 0, source: 'derived' });
    expect(r.live.waiting).toBe(0);
  });

  it('counts a part again when any field its moments read changes, and only then (each field of a visit, a handle and a message)', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const half = 1_800_000;
    /** Every count of every queue, media, period and start, zeros left out: what the run ends on. */
    const counted = (out: readonly unknown[]) =>
      [...latest(out)]
        .map(([key, r]) => [key, { ...r, live: undefined, serviceLevel: { ...r.serviceLevel } }] as const)
        .filter(([, r]) => r.nOffered + r.nAnswered + r.nAbandoned + r.nFlowOut + r.tHandle.count + r.messaging.sent > 0)
        .sort(([a], [b]) => (a < b ? -1 : 1));
    const visit: Partial<QueueVisit> = { enteredAt: t, exitedAt: t + 9000, answeredAt: t + 9000, outcome: 'answered', tWait: 9000, tAnswered: 9000, tTalk: 60_000, tHeld: 0, tAcw: 5000, tHandle: 65_000, handledAt: t + 74_000 };
    const message = { messageId: 'm', participantId: 'p', queueId: Q, sentAt: t + 20_000, delivered: true, deliveredSeenAt: t + 21_000 as number | undefined, read: true, readSeenAt: t + 50_000 as number | undefined };
    const conversation = (v: Partial<QueueVisit>, handle: Partial<AgentHandle> = {}, msg: Partial<typeof message> = {}) => {
      const r = record({ ...visit, ...v }, 'snapshot', 'conv-fields');
      return { ...r, handles: r.handles.map((h) => ({ ...h, ...handle })), messages: [{ ...message, ...msg }] };
    };
    const changes: [string, Partial<QueueVisit>, Partial<AgentHandle>?, Partial<typeof message>?][] = [
      ['visit enteredAt', { enteredAt: t - half }],
      ['visit exitedAt and answeredAt', { exitedAt: t + half, answeredAt: t + half }],
      ['visit tAnswered', { tAnswered: 30_000 }],
      ['visit tWait', { tWait: 12_000 }],
      ['visit outcome', { outcome: 'abandoned', tAbandon: 9000, tAnswered: undefined, answeredAt: undefined }],
      ['visit tFlowOut', { outcome: 'flowOut', tFlowOut: 9000, tAnswered: undefined, answeredAt: undefined }],
      ['visit queue', { queueId: 'queue-b' }],
      ['visit media type', { mediaType: 'chat' }],
      ['handle handledAt', {}, { handledAt: t + half }],
      ['handle tHandle', {}, { tHandle: 99_000 }],
      ['handle tTalk', {}, { tTalk: 1000 }],
      ['handle tHeld', {}, { tHeld: 7000 }],
      ['handle tAcw', {}, { tAcw: 1 }],
      ['handle transfer', {}, { nTransferred: 1 }],
      ['handle queue', {}, { queueId: 'queue-b' }],
      ['handle media type', {}, { mediaType: 'callback' }],
      ['message sentAt', {}, {}, { sentAt: t + half }],
      ['message delivered', {}, {}, { deliveredSeenAt: t + 90_000 }],
      ['message read', {}, {}, { readSeenAt: undefined, read: false }],
      ['message read at a time not known', {}, {}, { readSeenAt: undefined }],
      ['message delivered at a time not known', {}, {}, { deliveredSeenAt: undefined }],
      ['message queue', {}, {}, { queueId: 'queue-b' }],
    ];
    const before = conversation({});
    for (const [what, v, handle, msg] of changes) {
      const after = conversation(v, handle, msg);
      expect(counted(await run([before, before, after, after])), what).toEqual(counted(await run([after])));
      expect(counted(await run([before, after, before])), what).toEqual(counted(await run([before])));
    }
  });

  it('remembers a counted conversation as long as its interval is kept; a record older than that counts nowhere', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const half = 30 * 60_000;
    const first = answered(t, 5000);
    const intervalAt = (out: unknown[], start: number) => (out as QueueMetricsRecord[]).filter((r) => r.type === 'queueMetrics' && r.period === 'interval' && r.start === start);
    // Replayed while its interval is kept: refused, so counted once.
    let out = await run([first, answered(t + half, 5000), first], { keepIntervals: 2 });
    expect(latest(out).get(`${Q}|voice|interval|${t}`)).toMatchObject({ nOffered: 1, nAnswered: 1 });
    // Replayed after three newer intervals (two are kept): its interval is gone and so is the
    // memory of it; the replay re-creates nothing, and a new record that old is not counted either.
    out = await run([first, answered(t + 3 * half, 5000)], { keepIntervals: 2 });
    const before = out.length;
    out = await run([first, answered(t + 3 * half, 5000), first, answered(t + 60_000, 5000)], { keepIntervals: 2 });
    expect(intervalAt(out.slice(before), t)).toEqual([]);
    expect(latest(out).get(`${Q}|voice|interval|${t + 3 * half}`)).toMatchObject({ nOffered: 1 });
  });

  it('checkpoints and restores its counts: a run cut in two (the first dies), state through V8 serialization, counts as one run', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const id = 'conv-cut';
    const inputs: QueueMetricsInput[] = [
      answered(t, 4000),
      record({ enteredAt: t + 1000 }, 'snapshot', id),
      abandoned(t + 2000, 9000),
      record({ enteredAt: t + 1000, exitedAt: t + 31_000, outcome: 'abandoned', tWait: 30_000, tAbandon: 30_000 }, 'final', id),
      answered(t + 40 * 60_000, 25_000),
      record({ enteredAt: t + 1000, exitedAt: t + 31_000, outcome: 'abandoned', tWait: 30_000, tAbandon: 30_000 }, 'final', id),
    ];
    const counted = (out: readonly unknown[]) => [...latest(out)].map(([key, r]) => [key, r.nOffered, r.nAnswered, r.nAbandoned, r.tWait]);
    const whole = counted(await run(inputs));
    for (let cut = 1; cut < inputs.length; cut++) {
      let snapshot: (() => unknown) | undefined;
      const before: unknown[] = [];
      concat(from(inputs.slice(0, cut)), NEVER)
        .pipe(queueMetrics({ emitInterval: 0, state: { restored: undefined, save: (s) => (snapshot = s) } }))
        .subscribe((r) => before.push(r))
        .unsubscribe();
      const after = await run(inputs.slice(cut), { state: { restored: deserialize(serialize(snapshot!())), save: () => undefined } });
      expect(counted([...before, ...after]), `cut after ${cut}`).toEqual(whole);
      // A checkpoint from before parts were kept in lists (a Map of parts by id) restores the same.
      const older = asEarlierCheckpoint(deserialize(serialize(snapshot!())) as { conversations: [string, Record<string, { id: string }[] | undefined>][] });
      const afterOlder = await run(inputs.slice(cut), { state: { restored: older, save: () => undefined } });
      expect(counted([...before, ...afterOlder]), `cut after ${cut}, earlier checkpoint`).toEqual(whole);
    }
  });

  it('checkpoints the records still waiting for the next emission with the counts', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    let snapshot: (() => unknown) | undefined;
    // Emitting every second of a clock that never moves: both records wait when the checkpoint is taken.
    const waiting: unknown[] = [];
    concat(from([answered(t, 4000), record({ enteredAt: t + 1000 }, 'snapshot', 'conv-waiting')]), NEVER)
      .pipe(queueMetrics({ emitInterval: 1000, scheduler: new TestScheduler(() => undefined), state: { restored: undefined, save: (s) => (snapshot = s) } }))
      .subscribe((r) => waiting.push(r))
      .unsubscribe();
    expect(waiting).toEqual([]);
    const after = latest(await run([answered(t + 60_000, 5000), record({ enteredAt: t + 1000, exitedAt: t + 31_000, outcome: 'abandoned', tWait: 30_000, tAbandon: 30_000 }, 'final', 'conv-waiting')], { state: { restored: deserialize(serialize(snapshot!())), save: () => undefined } }));
    // Offered once each (the waiting snapshot's offer is not counted again by its final), one answered on each side of the cut.
    expect(after.get(`${Q}|voice|interval|${t}`)).toMatchObject({ nOffered: 3, nAnswered: 2, nAbandoned: 1 });
  });

  it('takes live numbers from queue observations and agents from routing statuses', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const event = (family: GenesysEvent['family'], ids: string[], eventBody: unknown) => genesysEvent(family, ids, eventBody, t);
    const observation = observationOf({ queueId: Q, mediaType: 'voice' }, t, [{ metric: 'oWaiting', stats: { count: 3 } }, { metric: 'oInteracting', stats: { count: 2 } }, { metric: 'oLongestWaiting', stats: { count: 3, calculatedMetricValue: t - 45_000 } }]);
    // u1 and u2 were seen working the queue; u4's status comes without queues and it was never
    // seen on one, so it counts on no queue (not on every one).
    const agent = (userId: string, state: string) => ({ id: `p-${userId}`, purpose: 'agent', userId, queueId: Q, media: [{ id: 'm', mediaType: 'voice', state, held: false }] });
    const worked = { ...record({ enteredAt: t - 5000, exitedAt: t - 2000, answeredAt: t - 2000, outcome: 'answered', tAnswered: 3000, tWait: 3000 }, 'snapshot', 'worked'), participants: [agent('u1', 'connected'), agent('u2', 'connected')] };
    const out = latest(
      await run([
        record({ enteredAt: t - 1000 }, 'snapshot'),
        worked,
        event('routing-status', ['u1'], { routingStatus: { status: 'IDLE' } }),
        event('routing-status', ['u2'], { routingStatus: { status: 'interacting' } }),
        event('activity', ['u3'], { id: 'u3', routingStatus: { status: 'IDLE' }, activeQueueIds: ['other'] }),
        event('routing-status', ['u4'], { routingStatus: { status: 'IDLE' } }),
        observation,
      ]),
    );
    expect(out.get(`${Q}|voice|interval|${t}`)!.live).toEqual({ waiting: 3, interacting: 2, alerting: 0, longestWaitMs: 45_000, agents: { IDLE: 1, INTERACTING: 1 }, source: 'observation', asOf: t });
  });

  it("re-emits, for a routing status change, only the queues the agent counts on, and none whose agents Genesys observes", () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const B = 'queue-b';
    const status = (userId: string, value: string) => genesysEvent('routing-status', [userId], { routingStatus: { status: value } }, t);
    const agent = (userId: string, queueId: string) => ({ id: `p-${userId}`, purpose: 'agent', userId, queueId, media: [{ id: 'm', mediaType: 'voice', state: 'connected', held: false }] });
    const working = (queueId: string, userId: string) => ({
      ...record({ queueId, enteredAt: t - 5000, exitedAt: t - 2000, answeredAt: t - 2000, outcome: 'answered', tAnswered: 3000, tWait: 3000 }, 'snapshot', `on-${queueId}`),
      participants: [agent(userId, queueId)],
    });
    const after = emissions((r) => `${r.queueId} ${r.period}`);
    after(working(Q, 'u1'));
    after(working(B, 'u2'));
    // The first status: agents are counted by status from now on, on every queue.
    expect(after(status('u1', 'IDLE'))).toEqual([`${Q} interval`, `${Q} today`, `${B} interval`, `${B} today`]);
    expect(after(status('u2', 'AWAY'))).toEqual([`${B} interval`, `${B} today`]);
    // The same status again changes no count.
    expect(after(status('u1', 'IDLE'))).toEqual([]);
    expect(after(status('u1', 'INTERACTING'))).toEqual([`${Q} interval`, `${Q} today`]);
    // Once Genesys observes queue A's agents, its counts are the observation's: u1 changes nothing there.
    after(observationOf({ queueId: Q }, t, [{ metric: 'oUserRoutingStatuses', qualifier: 'IDLE', stats: { count: 4 } }]));
    expect(after(status('u1', 'IDLE'))).toEqual([]);
  });

  it("re-emits every media type of a queue when Genesys's observation of its agents (a group without a media type) changes them", () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const agents = (counts: Record<string, number>) => observationOf({ queueId: Q }, t, Object.entries(counts).map(([qualifier, count]) => ({ metric: 'oUserRoutingStatuses', qualifier, stats: { count } })));
    const after = emissions((r) => `${r.mediaType} ${r.period} ${JSON.stringify(r.live.agents)}`);
    after(answered(t - 5000, 3000));
    after(record({ mediaType: 'chat', enteredAt: t - 4000, exitedAt: t - 1000, answeredAt: t - 1000, outcome: 'answered', tWait: 3000, tAnswered: 3000 }));
    after(genesysEvent('routing-status', ['u1'], { routingStatus: { status: 'IDLE' } }, t));
    expect(after(agents({ IDLE: 4, INTERACTING: 2 }))).toEqual(['chat interval {"IDLE":4,"INTERACTING":2}', 'chat today {"IDLE":4,"INTERACTING":2}', 'voice interval {"IDLE":4,"INTERACTING":2}', 'voice today {"IDLE":4,"INTERACTING":2}']);
    // The same counts again change nothing: observations come every few seconds.
    expect(after(agents({ IDLE: 4, INTERACTING: 2 }))).toEqual([]);
    expect(after(agents({ IDLE: 5, INTERACTING: 1 }))).toEqual(['chat interval {"IDLE":5,"INTERACTING":1}', 'chat today {"IDLE":5,"INTERACTING":1}', 'voice interval {"IDLE":5,"INTERACTING":1}', 'voice today {"IDLE":5,"INTERACTING":1}']);
  });

  it('shows no longest wait once an observation says nothing waits (the real sample carries no oLongestWaiting then, genesys-analytics.md §7.2)', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const observation = (at: number, metrics: unknown[]) => observationOf({ queueId: Q, mediaType: 'voice' }, at, metrics);
    const out = await run([
      observation(t, [{ metric: 'oWaiting', stats: { count: 1 } }, { metric: 'oLongestWaiting', stats: { count: 1, calculatedMetricValue: t - 30_000 } }]),
      observation(t + 60_000, [{ metric: 'oAlerting', stats: { count: 0 } }, { metric: 'oWaiting', stats: { count: 0 } }]),
    ], { breaches: { longestWaitAbove: 60_000 } });
    expect(latest(out).get(`${Q}|voice|interval|${t}`)!.live).toMatchObject({ waiting: 0, longestWaitMs: null, source: 'observation' });
    expect((out as QueueBreach[]).filter((x) => x.type === 'queueBreach' && x.metric === 'longestWaitAbove')).toEqual([]);
  });

  it('derives interacting agents from conversations when no routing status is subscribed', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const agent = (userId: string, state: string) => ({ id: `p-${userId}`, purpose: 'agent', userId, queueId: Q, media: [{ id: 'm', mediaType: 'voice', state, held: false }] });
    const busy = { ...record({ enteredAt: t - 5000, exitedAt: t, answeredAt: t, outcome: 'answered', tAnswered: 5000, tWait: 5000 }, 'snapshot', 'cx'), participants: [agent('u1', 'connected')] };
    const ringing = { ...record({ enteredAt: t - 1000 }, 'snapshot', 'cy'), participants: [agent('u2', 'alerting'), agent('u1', 'disconnected')] };
    const out = latest(await run([busy, ringing]));
    expect(out.get(`${Q}|voice|interval|${t}`)!.live).toMatchObject({ waiting: 1, interacting: 1, alerting: 1, agents: { INTERACTING: 2 }, source: 'derived' });
  });

  it('emits a breach once when a threshold is crossed, and a recovery', async () => {
    const t = T('2026-01-05T10:00:00.000Z');
    const out = await run([answered(t, 5000), abandoned(t + 1000, 9000), answered(t + 2000, 5000), answered(t + 3000, 5000)], { breaches: { abandonRateAbove: 0.3 } });
    const b = (out as QueueBreach[]).filter((x) => x.type === 'queueBreach');
    // With breaches configured, service level is also checked against the queue's target (0.8 by default).
    expect(b.map((x) => [x.state, x.metric, x.value])).toEqual([
      ['breach', 'serviceLevelBelow', 0.5],
      ['breach', 'abandonRateAbove', 0.5],
      ['recovered', 'abandonRateAbove', 0.25],
    ]);
  });

  it('trips longestWaitAbove for a caller left waiting while no event comes, once, as the scheduler clock passes the threshold', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const t = T('2026-01-05T10:00:00.000Z');
      // One call queued at t; then silence for 40 s, until an agent answers it.
      const queued = record({ enteredAt: t }, 'snapshot', 'conv-silent');
      const answeredAt40 = record({ enteredAt: t, exitedAt: t + 40_000, answeredAt: t + 40_000, outcome: 'answered', tWait: 40_000, tAnswered: 40_000 }, 'snapshot', 'conv-silent');
      const breaches = (emitInterval: number) =>
        cold<QueueMetricsInput>('a 40s b', { a: queued, b: answeredAt40 }).pipe(
          queueMetrics({ emitInterval, breaches: { longestWaitAbove: 30_000 } }),
          filter((r): r is QueueBreach => r.type === 'queueBreach' && r.metric === 'longestWaitAbove'),
          map((b) => `${b.state}:${b.metric}:${b.value}:${b.at - t}`),
        );
      // The record is applied at the first tick (1 s, the clock then at t); the wait passes 30 s at
      // the tick of 32 s; the answer (at 40 s) is applied at the tick of 41 s.
      expectObservable(breaches(1000), '^ 60s !').toBe('32s x 8999ms y', { x: 'breach:longestWaitAbove:31000:31000', y: 'recovered:longestWaitAbove:0:40000' });
      // Emitting every change at once, the wait is checked every second all the same; the clock starts at the first second's check.
      expectObservable(breaches(0), '^ 60s !').toBe('32s x 8000ms y', { x: 'breach:longestWaitAbove:31000:31000', y: 'recovered:longestWaitAbove:0:40000' });
    });
  });

  it('emits changed queues at most once per emitInterval, in virtual time', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const t = T('2026-01-05T10:00:00.000Z');
      const source = cold<QueueMetricsInput>('ab 100ms c|', { a: answered(t, 1000), b: answered(t, 2000), c: answered(t, 3000) });
      const counts = source.pipe(queueMetrics({ emitInterval: 50 }));
      const summary = (r: QueueMetricsInput | QueueMetricsRecord) => `${(r as QueueMetricsRecord).period}:${(r as QueueMetricsRecord).nAnswered}`;
      // a and b flushed together at the first tick (50), c on completion (103).
      expectObservable(counts.pipe(map(summary))).toBe('50ms (xy) 49ms (zw|)', { x: 'interval:2', y: 'today:2', z: 'interval:3', w: 'today:3' });
    });
  });
});
