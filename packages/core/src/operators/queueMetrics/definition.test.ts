import { describe, expect, it } from 'vitest';
import { asyncScheduler, from, lastValueFrom, toArray } from 'rxjs';
import { createMetrics } from '../../metrics/metrics.js';
import { createDirectory } from '../../model/directory.js';
import type { DeadLetter, GenesysEvent } from '../../model/events.js';
import type { OperatorContext } from '../defineOperator.js';
import type { ConversationRecord } from '../conversationState/types.js';
import { queueMetricsConfigSchema, queueMetricsOperator } from './definition.js';
import type { QueueMetricsRecord } from './types.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const Q = 'queue-1';
const ctx = (extra: Partial<OperatorContext> = {}): OperatorContext => ({ metrics: createMetrics(), logger: undefined as never, scheduler: asyncScheduler, deadLetter: (_: DeadLetter) => {}, ...extra });

/** A final record of one voice call answered after `waitMs`, as conversationState emits it. */
const answeredCall = (id: string, waitMs: number): GenesysEvent => {
  const record: ConversationRecord = {
    conversationId: id, kind: 'final', ended: true, stale: false, eventTime: T0 + waitMs, participants: [], queuePath: [Q], handles: [], messages: [], holds: 0, transfers: 0,
    visits: [{ id: `${id}-acd`, queueId: Q, mediaType: 'voice', nTransferred: 0, enteredAt: T0, exitedAt: T0 + waitMs, answeredAt: T0 + waitMs, outcome: 'answered', tWait: waitMs, tAnswered: waitMs }],
  };
  return { topicName: `gcstream.conversations.${id}.state`, version: '2', eventBody: record, metadata: {}, topic: 'gcstream.conversations.{id}.state', family: 'unknown', ids: [id], eventTime: record.eventTime, receivedAt: T0, source: 'websocket', key: id };
};

const intervalRecord = async (operatorCtx: OperatorContext, config: Record<string, unknown> = {}) => {
  const op = queueMetricsOperator.create(queueMetricsConfigSchema.parse({ emitInterval: 0, ...config }), operatorCtx);
  const out = await lastValueFrom(from([answeredCall('c1', 12_000), answeredCall('c2', 25_000)]).pipe(op, toArray()));
  const records = out.map((e) => e.eventBody as QueueMetricsRecord).filter((r) => r.period === 'interval');
  return records.at(-1)!;
};

describe('queueMetrics config', () => {
  const problems = (config: Record<string, unknown>) => queueMetricsConfigSchema.safeParse(config).error?.issues.map((i) => [i.path.join('.'), i.message]);

  it('refuses an interval that does not divide a day, and a day that would start inside an interval', () => {
    expect(problems({ interval: '7m' })).toEqual([['interval', '7 minutes do not divide a day into whole intervals, so one would straddle midnight; use 15m, 30m (as Genesys does) or 1h']]);
    expect(problems({ interval: 0 })?.[0]?.[0]).toBe('interval');
    expect(problems({ interval: '1h', dayStartOffset: -19_800_000 })).toEqual([['dayStartOffset', '"today" would begin inside an interval: -330 minutes from UTC midnight is not a whole number of intervals of 60 minutes; make the interval divide it (15m or 30m do for every time zone offset of whole quarter hours)']]);
  });

  it('refuses keepIntervals that keep less than a day, naming how many would do', () => {
    expect(problems({ interval: '15m', keepIntervals: 48 })).toEqual([['keepIntervals', '48 intervals of 15 minutes keep less than a day, so "today" would miss what arrives late for its early hours; use at least 100 (25 hours), or leave it out']]);
    expect(problems({ keepIntervals: 50 })).toBeUndefined();
    expect(problems({ interval: '1h', keepIntervals: 25 })).toBeUndefined();
  });

  it('takes the day start as an offset from UTC written as people write them, or in ms', () => {
    const dayStart = (dayStartOffset: unknown) => queueMetricsConfigSchema.parse({ dayStartOffset }).dayStartOffset;
    expect(dayStart('-5h')).toBe(-18_000_000);
    expect(dayStart('+5.5h')).toBe(19_800_000);
    expect(dayStart('330m')).toBe(19_800_000);
    expect(dayStart(-18_000_000)).toBe(-18_000_000);
    expect(queueMetricsConfigSchema.parse({}).dayStartOffset).toBe(0);
    expect(problems({ dayStartOffset: 'UTC-5' })).toEqual([['dayStartOffset', '"UTC-5" is not an offset from UTC; write it like -5h (UTC-5), +5.5h or +330m (UTC+5:30), or a whole number of milliseconds']]);
    expect(problems({ dayStartOffset: 1.5 })?.[0]?.[0]).toBe('dayStartOffset');
    expect(problems({ interval: '1h', dayStartOffset: '+5.5h' })?.[0]?.[1]).toContain('330 minutes from UTC midnight is not a whole number of intervals of 60 minutes');
  });

  it('takes an IANA time zone for today, alone, whose offsets are whole intervals', () => {
    expect(problems({ timeZone: 'America/New_York' })).toBeUndefined();
    expect(problems({ timeZone: 'Asia/Kolkata' })).toBeUndefined();
    expect(problems({ timeZone: 'America/Nowhere' })).toEqual([['timeZone', 'not a time zone Node.js knows: write an IANA name such as America/New_York, Europe/London or UTC']]);
    expect(problems({ timeZone: 'Europe/Paris', dayStartOffset: 3_600_000 })).toEqual([['dayStartOffset', 'set timeZone or dayStartOffset, not both: with timeZone, "today" starts at its local midnight']]);
    expect(problems({ timeZone: 'Asia/Kathmandu' })).toEqual([['timeZone', 'Asia/Kathmandu is 345 minutes from UTC, not a whole number of intervals of 30 minutes, so its days would start inside one; use a shorter interval such as 15m']]);
    expect(problems({ timeZone: 'Asia/Kathmandu', interval: '15m' })).toBeUndefined();
  });

  it("refuses a service level under a media name no queue visit carries, such as mediaSettings' call, rather than ignoring it", () => {
    expect(problems({ serviceLevels: { Sales: { call: { durationMs: '30s' } } } })).toEqual([['serviceLevels.Sales.call', 'call is not a media type queue visits carry: write voice (Genesys\'s mediaSettings call), or one of voice, chat, message, callback, email, video']]);
    expect(problems({ defaultServiceLevel: { calls: { durationMs: '30s' } } })?.map(([path]) => path)).toEqual(['defaultServiceLevel.calls']);
    expect(problems({ serviceLevels: { Sales: { voice: { durationMs: '30s' }, email: { durationMs: '24h' } } }, defaultServiceLevel: { chat: { durationMs: '1m' } } })).toBeUndefined();
  });

  it('takes intervals that tile the day, with a day start on their boundaries', () => {
    for (const interval of ['5m', '15m', '30m', '1h', '2h', '1d']) expect(problems({ interval })).toBeUndefined();
    expect(problems({ interval: '30m', dayStartOffset: -19_800_000 })).toBeUndefined();
  });
});

describe('queueMetrics reads each queue threshold from the source directory', () => {
  it("uses the discovered queue's mediaSettings (call -> voice) over config", async () => {
    const directory = createDirectory();
    // As GET /api/v2/routing/queues lists it: every media type, alertingTimeoutSeconds beside serviceLevel.
    directory.addQueues([{ id: Q, name: 'Sales', mediaSettings: { call: { alertingTimeoutSeconds: 8, serviceLevel: { durationMs: 30_000, percentage: 0.7 } }, chat: { serviceLevel: { durationMs: 60_000, percentage: 0.9 } } } }]);
    const r = await intervalRecord(ctx({ directory }), { serviceLevels: { [Q]: { voice: { durationMs: 10_000, percentage: 0.5 } } } });
    expect(r.serviceLevel).toEqual({ numerator: 2, denominator: 2, ratio: 1, target: 0.7, thresholdMs: 30_000 });
  });

  it('falls back to config, then to the default, for queues the directory does not know', async () => {
    const directory = createDirectory();
    directory.addQueues([{ id: 'another-queue', name: 'Support', mediaSettings: { call: { serviceLevel: { durationMs: 30_000, percentage: 0.7 } } } }]);
    expect((await intervalRecord(ctx({ directory }), { serviceLevels: { [Q]: { voice: { durationMs: 15_000, percentage: 0.5 } } } })).serviceLevel).toMatchObject({ numerator: 1, denominator: 2, thresholdMs: 15_000, target: 0.5 });
    expect((await intervalRecord(ctx())).serviceLevel).toMatchObject({ numerator: 1, denominator: 2, thresholdMs: 20_000, target: 0.8 });
  });

  it('finds a config setting by the queue name the directory knows, the id winning over the name', async () => {
    const directory = createDirectory();
    directory.addQueues([{ id: Q, name: 'Sales' }]);
    const byName = { Sales: { voice: { durationMs: 15_000, percentage: 0.5 } } };
    expect((await intervalRecord(ctx({ directory }), { serviceLevels: byName })).serviceLevel).toMatchObject({ thresholdMs: 15_000, target: 0.5 });
    expect((await intervalRecord(ctx({ directory }), { serviceLevels: { ...byName, [Q]: { voice: { durationMs: 25_000, percentage: 0.9 } } } })).serviceLevel).toMatchObject({ thresholdMs: 25_000, target: 0.9 });
    // Without the directory the name means nothing: the default applies.
    expect((await intervalRecord(ctx(), { serviceLevels: byName })).serviceLevel).toMatchObject({ thresholdMs: 20_000, target: 0.8 });
  });
});
