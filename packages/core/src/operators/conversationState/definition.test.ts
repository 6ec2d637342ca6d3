import { describe, expect, it } from 'vitest';
import { asyncScheduler, from, lastValueFrom, toArray } from 'rxjs';
import { createMetrics } from '../../metrics/metrics.js';
import type { DeadLetter, GenesysEvent } from '../../model/events.js';
import { conversationEventTime } from '../../model/schemas/eventTime.js';
import type { OperatorContext } from '../defineOperator.js';
import { queueMetricsConfigSchema, queueMetricsOperator } from '../queueMetrics/definition.js';
import type { QueueMetricsRecord } from '../queueMetrics/types.js';
import { conversationStateConfigSchema, conversationStateOperator } from './definition.js';
import type { ConversationRecord } from './types.js';

const ctx = () => ({ metrics: createMetrics(), logger: undefined as never, scheduler: asyncScheduler, deadLetter: (_: DeadLetter) => {} }) satisfies OperatorContext;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const Q = 'queue-1';

const conversationEvent = (id: string, participants: Record<string, unknown>[], key: string): GenesysEvent => {
  const eventBody = { id, participants };
  return { topicName: `v2.routing.queues.${Q}.conversations`, version: '2', eventBody, metadata: {}, topic: 'v2.routing.queues.{id}.conversations', family: 'conversation', ids: [Q], eventTime: conversationEventTime(eventBody)!, receivedAt: T0, source: 'websocket', key };
};
const media = (state: string, from: number, end?: number, type?: string) => ({ calls: [{ id: 'm', state, connectedTime: at(from), ...(end === undefined ? {} : { disconnectedTime: at(end), disconnectType: type }) }] });
/** A call queued at 0 that the customer abandons at `end` seconds. */
const abandonedCall = (id: string, end: number) => [
  conversationEvent(id, [{ id: `${id}-c`, purpose: 'customer', ...media('connected', 0) }, { id: `${id}-a`, purpose: 'acd', queueId: Q, ...media('connected', 0) }], `${id}-1`),
  conversationEvent(id, [{ id: `${id}-c`, purpose: 'customer', ...media('disconnected', 0, end, 'endpoint') }, { id: `${id}-a`, purpose: 'acd', queueId: Q, ...media('disconnected', 0, end, 'peer') }], `${id}-2`),
];
/** A web message queued at 0 that the customer leaves at `end` seconds, no agent having taken it. */
const leftMessage = (id: string, end: number) => {
  const messages = (state: string, type?: string) => ({ messages: [{ id: 'm', state, connectedTime: at(0), ...(type === undefined ? {} : { disconnectedTime: at(end), disconnectType: type }) }] });
  return [
    conversationEvent(id, [{ id: `${id}-c`, purpose: 'customer', ...messages('connected') }, { id: `${id}-a`, purpose: 'acd', queueId: Q, ...messages('connected') }], `${id}-1`),
    conversationEvent(id, [{ id: `${id}-c`, purpose: 'customer', ...messages('disconnected', 'endpoint') }, { id: `${id}-a`, purpose: 'acd', queueId: Q, ...messages('disconnected', 'peer') }], `${id}-2`),
  ];
};
const observation: GenesysEvent = { topicName: `v2.analytics.queues.${Q}.observations`, version: '2', eventBody: { group: { queueId: Q, mediaType: 'voice' }, data: [{ interval: `${at(0)}/${at(0)}`, metrics: [{ metric: 'oWaiting', stats: { count: 4 } }] }] }, metadata: {}, topic: 'v2.analytics.queues.{id}.observations', family: 'observation', ids: [Q], eventTime: T0 + 60_000, receivedAt: T0, source: 'websocket', key: 'obs' };

describe('conversationState and queueMetrics from config, chained', () => {
  it('parses defaults', () => {
    expect(conversationStateConfigSchema.parse(undefined)).toEqual({ staleAfter: 14_400_000, maxConversations: 100_000, maxOutOfOrderness: 0, snapshots: true, snapshotInterval: 0, messageAbandons: false, passThrough: 'others' });
    expect(conversationStateConfigSchema.parse({ snapshotInterval: '1s' })).toMatchObject({ snapshotInterval: 1000 });
    expect(queueMetricsConfigSchema.parse({ switches: { includeFlowOuts: true }, breaches: { longestWaitAbove: '2m' } })).toMatchObject({ interval: 1_800_000, emitInterval: 1000, switches: { includeFlowOuts: true, includeShortAbandons: true, includeAbandons: true }, breaches: { longestWaitAbove: 120_000 } });
  });

  it('turns conversation events into records, passes observations on, and queueMetrics counts them', async () => {
    const state = conversationStateOperator.create(conversationStateConfigSchema.parse({}), ctx());
    const metrics = queueMetricsOperator.create(queueMetricsConfigSchema.parse({ emitInterval: 0 }), ctx());
    const input = [...abandonedCall('c1', 12), ...abandonedCall('c2', 40), observation];
    const records = await lastValueFrom(from(input).pipe(state, toArray()));
    expect(records.map((e) => e.topicName)).toEqual([
      'gcstream.conversations.c1.snapshot',
      'gcstream.conversations.c1.snapshot',
      'gcstream.conversations.c1.final',
      'gcstream.conversations.c2.snapshot',
      'gcstream.conversations.c2.snapshot',
      'gcstream.conversations.c2.final',
      `v2.analytics.queues.${Q}.observations`,
    ]);
    expect(records[2]!.key).toBe('conversation:c1:final');
    expect((records[2] as GenesysEvent<ConversationRecord>).eventBody.visits[0]).toMatchObject({ outcome: 'abandoned', tAbandon: 12_000 });
    const out = await lastValueFrom(from(input).pipe(state, metrics, toArray()));
    const last = out.filter((e) => e.topicName === `gcstream.queues.${Q}.metrics`).map((e) => e.eventBody as QueueMetricsRecord);
    const interval = last.filter((r) => r.period === 'interval').at(-1)!;
    expect(interval).toMatchObject({ nOffered: 2, nAbandoned: 2, tAbandon: { count: 2, sum: 52_000 }, serviceLevel: { numerator: 0, denominator: 2 }, live: { waiting: 4, source: 'observation' } });
    expect(last.filter((r) => r.period === 'today').at(-1)).toMatchObject({ nOffered: 2, nAbandoned: 2 });
  });

  it('with snapshotInterval, counts the changes folded into a later record in gcstream_conversation_snapshots_folded_total', async () => {
    const c = ctx();
    const state = conversationStateOperator.create(conversationStateConfigSchema.parse({ snapshotInterval: '1s' }), c);
    // Both notifications at once: the first goes on, the second (the end) waits and is folded into the final record.
    const records = await lastValueFrom(from(abandonedCall('c1', 12)).pipe(state, toArray()));
    expect(records.map((e) => e.topicName)).toEqual(['gcstream.conversations.c1.snapshot', 'gcstream.conversations.c1.final']);
    expect(c.metrics.get('gcstream_conversation_snapshots_folded_total')).toBe(1);
  });

  it('counts a web message whose customer left in queue as offered and gone, not abandoned, unless messageAbandons says so', async () => {
    const count = async (config: Record<string, unknown>) => {
      const state = conversationStateOperator.create(conversationStateConfigSchema.parse(config), ctx());
      const metrics = queueMetricsOperator.create(queueMetricsConfigSchema.parse({ emitInterval: 0 }), ctx());
      const out = await lastValueFrom(from(leftMessage('m1', 300)).pipe(state, metrics, toArray()));
      return out.map((e) => e.eventBody as QueueMetricsRecord).filter((r) => r.period === 'interval').at(-1)!;
    };
    expect(await count({})).toMatchObject({ mediaType: 'message', nOffered: 1, nAbandoned: 0, tWait: { count: 0 }, abandonRate: 0, serviceLevel: { denominator: 0, ratio: null }, live: { waiting: 0 } });
    expect(await count({ messageAbandons: true })).toMatchObject({ mediaType: 'message', nOffered: 1, nAbandoned: 1, tAbandon: { count: 1, sum: 300_000 }, abandonRate: 1, serviceLevel: { denominator: 1 }, live: { waiting: 0 } });
  });
});
