import { describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { makeEvent } from '@gcstream/testkit';
import type { DeadLetter, GenesysEvent } from '../model/events.js';
import { filter, filterOperator } from './filter.js';

const detail = (outcome: string, waitMs: number) =>
  makeEvent(`d-${outcome}-${waitMs}`, {
    family: 'detail',
    topicName: 'v2.detail.events.conversation.c1.acd.end',
    topic: 'v2.detail.events.conversation.{id}.acd.end',
    eventBody: { acdOutcome: outcome, connectedDurationMs: waitMs, eventTime: 1, conversationId: 'c1' },
  });
const conversation = makeEvent('conv', { family: 'conversation', topicName: 'v2.routing.queues.q1.conversations.calls', topic: 'v2.routing.queues.{id}.conversations.calls', eventBody: { id: 'c1', participants: [{ id: 'p1' }, { id: 'p2' }] } });
const events = [detail('ABANDON', 5000), conversation, detail('ANSWERED', 30_000), makeEvent('other')];
const keys = async (xs: GenesysEvent[], options: Parameters<typeof filter>[0]) => (await lastValueFrom(from(xs).pipe(filter(options), toArray()))).map((e) => e.key);

describe('filter', () => {
  it('keeps events by family', async () => {
    expect(await keys(events, { family: 'detail' })).toEqual(['d-ABANDON-5000', 'd-ANSWERED-30000']);
    expect(await keys(events, { family: ['conversation', 'unknown'] })).toEqual(['conv', 'other']);
  });

  it('keeps events by topic pattern: * within a part, ** across parts, pattern or concrete name', async () => {
    expect(await keys(events, { topic: 'v2.routing.queues.*.conversations**' })).toEqual(['conv']);
    expect(await keys(events, { topic: 'v2.routing.queues.*.conversations*' })).toEqual([]);
    expect(await keys(events, { topic: 'v2.detail.events.**.acd.end' })).toEqual(['d-ABANDON-5000', 'd-ANSWERED-30000']);
    expect(await keys(events, { topic: 'v2.routing.queues.{id}.conversations.calls' })).toEqual(['conv']);
    expect(await keys(events, { topic: 'v2.routing.queues.q1.conversations.calls' })).toEqual(['conv']);
    // Placeholders as the source's topics name them match the event's `{id}` pattern.
    expect(await keys(events, { topic: 'v2.routing.queues.{queueId}.conversations.calls' })).toEqual(['conv']);
    expect(await keys(events, { topic: 'v2.detail.events.conversation.{conversationId}.acd.end' })).toEqual(['d-ABANDON-5000', 'd-ANSWERED-30000']);
    expect(await keys(events, { topic: 'v2.routing.queues.{queueId}.conversations**' })).toEqual(['conv']);
    expect(await keys(events, { topic: 'v2.*.conversations' })).toEqual([]);
  });

  it('keeps events by a CEL expression over their fields; a missing field is false', async () => {
    expect(await keys(events, { where: 'eventBody.acdOutcome == "ABANDON"' })).toEqual(['d-ABANDON-5000']);
    expect(await keys(events, { where: 'family == "detail" && eventBody.connectedDurationMs > 20000.0' })).toEqual(['d-ANSWERED-30000']);
    expect(await keys(events, { where: 'has(eventBody.participants) && eventBody.participants.size() > 1' })).toEqual(['conv']);
    expect(await keys(events, { family: 'detail', where: 'eventBody.acdOutcome in ["ABANDON", "FLOW_OUT"]', invert: true })).toEqual(['conv', 'd-ANSWERED-30000', 'other']);
  });

  it('is the identity with no criteria, and refuses an expression that does not parse', async () => {
    expect(await keys(events, {})).toEqual(events.map((e) => e.key));
    expect(() => filter({ where: 'family ==' })).toThrow('is not valid CEL: unexpected token "EOF" at column 10');
  });

  it("refuses a config whose expression does not parse, saying where and how CEL writes it", () => {
    const result = filterOperator.configSchema.safeParse({ where: "eventBody.kind = 'final'" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['where', 'not a valid CEL expression: unexpected character "=" at column 16; CEL compares with == and joins with && and || (e.g. eventBody.acdOutcome == "ABANDON")'],
    ]);
    expect(filterOperator.configSchema.safeParse({ where: 'eventBody.kind == "final" && ended' }).success).toBe(true);
  });

  it('cannot reach JavaScript: no globals, no prototypes', async () => {
    expect(await keys(events, { where: 'has(eventBody.constructor)' })).toEqual([]);
    expect(() => filter({ where: 'process.exit(1)' })).not.toThrow();
    expect(await keys([conversation], { where: 'has(process.env)' })).toEqual([]);
  });

  it('dead-letters an event the expression fails on, or errors without a handler', async () => {
    const letters: DeadLetter[] = [];
    const options = { where: 'eventBody.acdOutcome + 1 == 2' };
    expect(await keys([detail('ABANDON', 1)], { ...options, onDeadLetter: (l) => letters.push(l) })).toEqual([]);
    expect(letters[0]).toMatchObject({ stage: 'operator:filter' });
    expect(letters[0]!.reason).toContain('failed');
    await expect(keys([detail('ABANDON', 1)], options)).rejects.toThrow('failed');
    expect(await keys([detail('ABANDON', 1)], { where: 'eventBody.acdOutcome' , onDeadLetter: (l) => letters.push(l) })).toEqual([]);
    expect(letters[1]!.reason).toContain('not true or false');
  });

  it('passes completion, errors and unsubscription through, in virtual time', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const values = { a: events[0]!, b: events[1]!, c: events[2]! };
      const source = hot('-a-b-c-', values);
      expectObservable(source.pipe(filter({ family: 'detail' })), '^---!').toBe('-a--', values);
      expectSubscriptions(source.subscriptions).toBe('^---!');
      expectObservable(cold('-a-b-#', values).pipe(filter({ family: 'conversation' }))).toBe('---b-#', values);
    });
  });
});

describe('filter and map from config', () => {
  it('validate their expressions and build from config', async () => {
    const { filterConfigSchema, filterOperator } = await import('./filter.js');
    const { mapConfigSchema, mapOperator } = await import('./map.js');
    const { createMetrics } = await import('../metrics/metrics.js');
    const { asyncScheduler } = await import('rxjs');
    expect(filterConfigSchema.safeParse({ where: 'family ==' }).success).toBe(false);
    expect(filterConfigSchema.safeParse({ family: 'nope' }).success).toBe(false);
    expect(mapConfigSchema.safeParse({ set: { 'eventBody.x': '1 +' } }).success).toBe(false);
    const letters: DeadLetter[] = [];
    const ctx = { metrics: createMetrics(), logger: undefined as never, scheduler: asyncScheduler, deadLetter: (l: DeadLetter) => letters.push(l) };
    const f = filterOperator.create(filterConfigSchema.parse({ family: 'detail', where: 'eventBody.acdOutcome == "ABANDON"' }), ctx);
    const m = mapOperator.create(mapConfigSchema.parse({ set: { 'eventBody.abandoned': 'true' } }), ctx);
    const out = await lastValueFrom(from(events).pipe(f, m, toArray()));
    expect(out.map((e) => [e.key, (e.eventBody as { abandoned?: boolean }).abandoned])).toEqual([['d-ABANDON-5000', true]]);
  });
});
