import { describe, expect, it } from 'vitest';
import { Observable, interval, map } from 'rxjs';
import { z } from 'zod';
import { defineOperator, testCaseSchema, type GenesysEvent } from '@gcstream/core';
import { parse } from 'yaml';
import { builtinOperator, expectOperator, OperatorPropertyError, pipeOperators, runOperator, runStream, assertConservesCounts } from './index.js';
import { counterexampleYaml } from './properties/counterexample.js';

const presence = (user: string, at: string) => ({ topicName: `v2.users.${user}.presence`, eventBody: { presenceDefinition: { id: 'p', systemPresence: 'Available' }, modifiedDate: at, source: 'PURECLOUD', primary: true, message: '' }, metadata: { CorrelationId: `${user}-${at}` } });

const tickEvent = (at: number): GenesysEvent => ({ topicName: 'gcstream.tick', version: '2', eventBody: { at }, metadata: {}, topic: 'gcstream.tick', family: 'unknown', ids: [], eventTime: at, receivedAt: at, source: 'websocket', key: `tick:${at}` });

/** Emits a `tick` event every `every` ms of the scheduler's clock, and passes inputs on. */
const ticker = defineOperator({
  name: 'ticker',
  configSchema: z.strictObject({ every: z.number().int().positive() }),
  create: ({ every }, ctx) => (source) =>
    new Observable<GenesysEvent>((subscriber) => {
      const timer = ctx.scheduler.schedule(function (this: { schedule(s?: unknown, d?: number): unknown }) {
        subscriber.next(tickEvent(ctx.scheduler.now()));
        this.schedule(undefined, every);
      }, every);
      const subscription = source.subscribe(subscriber);
      return () => (timer.unsubscribe(), subscription.unsubscribe());
    }),
});

describe('marbles', () => {
  it("runs an operator's timers in the diagram's virtual time, through ctx.scheduler", () => {
    expectOperator(ticker, { every: 1000 }, { marbles: 'a 1500ms b 999ms |', values: { a: presence('u1', '2026-01-05T09:00:00Z'), b: presence('u2', '2026-01-05T09:00:01Z') } }).toEmit(
      'a 999ms t 500ms b 498ms t 500ms |',
      { a: { family: 'presence', ids: ['u1'] }, t: { topicName: 'gcstream.tick' }, b: { ids: ['u2'] } },
    );
  });

  it('says what was emitted and what the diagram expects when they differ', () => {
    expect(() => expectOperator(ticker, { every: 1000 }, { marbles: 'a|', values: { a: presence('u1', '2026-01-05T09:00:00Z') } }).toEmit('a|', { a: { family: 'observation' } })).toThrow(
      /operator "ticker" emitted\n\s+0ms next .*v2\.users\.u1\.presence[\s\S]*but the diagram "a\|" expects\n\s+0ms next \{"family":"observation"\}/,
    );
  });

  it('decodes inputs on arrival: a bad frame is a dead letter of decode, received at the epoch plus the frame', () => {
    const run = runOperator(ticker, { every: 60_000 }, { marbles: 'a 9ms b|', values: { a: { frame: 'not json' }, b: presence('u1', '2026-01-05T09:00:00Z') }, epoch: 1_000 });
    expect(run.deadLetters.map((l) => [l.stage, l.reason.slice(0, 19)])).toEqual([['decode', 'frame is not JSON (']]);
    expect(run.events.map((e) => e.receivedAt)).toEqual([1_010]);
  });

  it('refuses options the schema refuses, naming the option', () => {
    expect(() => runOperator(ticker, { every: -1 }, { marbles: '|' })).toThrow(/options for operator "ticker" do not fit its configSchema: every:/);
  });
});

describe('runStream', () => {
  it('ends a run whose operator never completes (a timer that reschedules itself) and reports errors thrown in callbacks', () => {
    const inputs = [{ at: 0, input: presence('u1', '2026-01-05T09:00:00Z') }];
    const deaf = defineOperator({ name: 'deaf', configSchema: z.object({}), create: (config, ctx) => (source) => ticker.create({ every: 10 }, ctx)(new Observable<GenesysEvent>((s) => source.subscribe({ next: (e) => s.next(e) }))) });
    // It ignores completion, so the run ends it settleMs after the last input: ticks at 10, 20, ..., 100.
    expect(runStream(deaf, {}, inputs, { settleMs: 100 }).events.filter((e) => e.topicName === 'gcstream.tick')).toHaveLength(10);
    const throwing = defineOperator({ name: 'throwing', configSchema: z.object({}), create: () => (source) => source.pipe(map(() => { throw new Error('boom'); })) });
    const run = runStream(throwing, {}, inputs);
    expect((run.error as Error).message).toBe('boom');
    expect(run.errorFrame).toBe(0);
  });

  // rxjs's VirtualAction chains each reschedule under the one before: unsubscribing 2,000 ticks
  // of it overflowed the stack, the rest kept ticking, and a queueMetrics property ran out of heap.
  it('ends a run whose timers ticked tens of thousands of times, with no error, whichever way they reschedule', () => {
    const inputs = [{ at: 0, input: presence('u1', '2026-01-05T09:00:00Z') }, { at: 20_000_000, input: presence('u2', '2026-01-05T14:33:20Z') }];
    const byInterval = defineOperator({
      name: 'byInterval',
      configSchema: z.object({}),
      create: (config, ctx) => (source) =>
        new Observable<GenesysEvent>((subscriber) => {
          const ticks = interval(1000, ctx.scheduler).subscribe((n) => subscriber.next({ ...tickEvent(ctx.scheduler.now()), eventBody: { n } }));
          const subscription = source.subscribe(subscriber);
          return () => (ticks.unsubscribe(), subscription.unsubscribe());
        }),
    });
    // Both pass completion on: ticks at 1 s, 2 s, ... up to the last input's arrival.
    for (const [definition, options] of [[ticker, { every: 1000 }], [byInterval, {}]] as const) {
      const run = runStream(definition, options, inputs);
      expect(run.error).toBeUndefined();
      expect(run.events.filter((e) => e.topicName === 'gcstream.tick')).toHaveLength(19_999);
    }
    const marbles = runOperator(ticker, { every: 100 }, { marbles: 'a', values: { a: presence('u1', '2026-01-05T09:00:00Z') } });
    expect(marbles.events.filter((e) => e.topicName === 'gcstream.tick')).toHaveLength(35_999);
  });

  it('pipeOperators runs a chain as a config would', () => {
    const events = [1, 2, 2, 3].map((n) => ({ at: n, input: presence(`u${n}`, '2026-01-05T09:00:00Z') }));
    const run = runStream(pipeOperators([builtinOperator('dedupe'), {}], [ticker, { every: 1 }]), {}, events);
    expect(run.events.filter((e) => e.family === 'presence').map((e) => e.ids[0])).toEqual(['u1', 'u2', 'u3']);
  });
});

describe('counterexamples', () => {
  it('print as a tests: case that validates, one line per media item, without YAML aliases', () => {
    const body = { id: 'c1', participants: [{ id: 'p1', purpose: 'acd', calls: [{ state: 'connected' }], chats: [], attributes: {} }] };
    const yaml = counterexampleYaml({ name: 'a case', input: [{ topicName: 'v2.routing.queues.q1.conversations', eventBody: body }, { topicName: 'v2.routing.queues.q2.conversations', eventBody: body }], expect: { count: 2 } }, 'what failed\nand why');
    expect(yaml).toMatch(/^# what failed\n# and why\n/);
    expect(yaml).toContain('calls:\n              - { state: connected }');
    expect(yaml).not.toMatch(/[&*]a\d/);
    expect(yaml).not.toContain('chats');
    const [testCase] = parse(yaml) as unknown[];
    expect(testCaseSchema.parse(testCase).input).toHaveLength(2);
  });

  it('a failing property throws OperatorPropertyError with the seed to replay it', () => {
    const dropsAll = defineOperator({ name: 'dropsAll', configSchema: z.object({}), create: () => (source) => new Observable<GenesysEvent>((s) => source.subscribe({ complete: () => s.complete() })) });
    let error: unknown;
    try {
      assertConservesCounts(dropsAll, {}, { seed: 7, numRuns: 5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OperatorPropertyError);
    const failure = error as OperatorPropertyError;
    expect(failure.seed).toBe(7);
    expect(failure.yaml).toMatch(/# \d+ in, but 0 out \+ 0 dead letters = 0/);
    // Shrunk to the smallest stream that loses an event: one conversation's life.
    const [testCase] = parse(failure.yaml) as { input: { eventBody: { id: string } }[] }[];
    expect(new Set(testCase!.input.map((i) => i.eventBody.id)).size).toBe(1);
  });
});
