import { describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import { asyncScheduler } from 'rxjs';
import { makeEvent } from '@gcstream/testkit';
import { createMetrics } from '../../metrics/metrics.js';
import type { DeadLetter, GenesysEvent } from '../../model/events.js';
import type { OperatorContext } from '../defineOperator.js';
import { windowConfigSchema, windowOperator } from './definition.js';
import type { WindowResult } from './types.js';

const ctx = (letters: DeadLetter[] = []) => ({ metrics: createMetrics(), logger: undefined as never, scheduler: asyncScheduler, deadLetter: (l: DeadLetter) => letters.push(l) }) satisfies OperatorContext;
const ev = (key: string, t: number, queueId = 'q1', waitMs = 1000) => makeEvent(key, { eventTime: t, eventBody: { queueId, waitMs } });

describe('the window operator from config', () => {
  it('parses durations and aggregates, and names what is missing', () => {
    expect(windowConfigSchema.parse({ type: 'tumbling', size: '30m', aggregate: { n: 'count', p90: 'p90(eventBody.waitMs)' } })).toMatchObject({ size: 1_800_000, maxOutOfOrderness: 0, allowedLateness: 0, late: 'deadLetter', maxOpenWindows: 10_000 });
    expect(windowConfigSchema.safeParse({ type: 'session' }).error?.issues[0]).toMatchObject({ path: ['gap'], message: 'a session window needs gap, e.g. 30m' });
    expect(windowConfigSchema.safeParse({ type: 'tumbling', size: '1m', aggregate: { x: 'median(v)' } }).success).toBe(false);
  });

  it('refuses what would silently read nothing: a path with brackets, a gap between sliding windows, an option the type ignores', () => {
    const problems = (config: Record<string, unknown>) => windowConfigSchema.safeParse(config).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(problems({ type: 'tumbling', size: '5m', groupBy: 'eventBody..queueId', aggregate: { h: 'sum(eventBody.handles[0].tHandle)' } })).toEqual([
      ['groupBy', '"eventBody..queueId" is not a field path: write names and indexes joined by dots, like eventBody.queueId'],
      ['aggregate.h', '"eventBody.handles[0].tHandle" is not a field path: write names and indexes joined by dots, like eventBody.handles.0.tHandle'],
    ]);
    expect(problems({ type: 'sliding', size: '5m', slide: '10m' })).toEqual([['slide', 'slide (600000 ms) is longer than size (300000 ms), so events between two windows would be counted in none; make slide at most size']]);
    expect(problems({ type: 'tumbling', size: '5m', slide: '1m', gap: '1m' })).toEqual([
      ['slide', 'a tumbling window has no slide: its windows follow each other (use type: sliding for overlapping ones)'],
      ['gap', 'a tumbling window has no gap: gap closes session windows (type: session)'],
    ]);
    expect(problems({ type: 'tumbling', size: '5m', aggregate: {} })).toEqual([['aggregate', 'name at least one output, e.g. { conversations: count }; leave aggregate out to count events']]);
    expect(problems({ type: 'tumbling', size: '5m', aggregate: { x: 'p999(eventBody.a)' } })?.[0]?.[1]).toContain('a percentile above p0 and below p100 (p0.5(field) to p99.9(field))');
    expect(problems({ type: 'session', gap: '5m', size: '1h' })).toEqual([['size', 'a session window has no size: a session lasts until gap passes without an event']]);
    expect(problems({ type: 'sliding', size: '10m', slide: '5m', groupBy: ['eventBody.queueId', 'eventBody.participants.0.purpose'], eventTime: 'eventBody.at', aggregate: { p: 'p90(eventBody.handles.0.tHandle)' } })).toBeUndefined();
  });

  it('refuses a zero size, slide, gap, earlyUpdates or idleTimeout when validating, naming the fix', () => {
    const problems = (config: Record<string, unknown>) => windowConfigSchema.safeParse(config).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(problems({ type: 'tumbling', size: '0s' })).toEqual([['size', 'size must be more than 0: write the window length, e.g. 30m']]);
    expect(problems({ type: 'session', gap: 0 })).toEqual([['gap', 'gap must be more than 0: write the quiet time that ends a session, e.g. 30m']]);
    expect(problems({ type: 'sliding', size: '10m', slide: '0m' })).toEqual([['slide', 'slide must be more than 0: write how often a window starts, e.g. 5m (leave it out to start one every size)']]);
    expect(problems({ type: 'tumbling', size: '10m', earlyUpdates: 0, idleTimeout: '0s' })).toEqual([
      ['earlyUpdates', 'earlyUpdates must be more than 0, e.g. 5s; leave it out for no early updates'],
      ['idleTimeout', 'idleTimeout must be more than 0, e.g. 1m; leave it out to move event time only with events'],
    ]);
  });

  it('emits results as gcstream.window events and sends late events to dead letters, counted', async () => {
    const letters: DeadLetter[] = [];
    const c = ctx(letters);
    const config = windowConfigSchema.parse({ type: 'tumbling', size: '10s', groupBy: 'eventBody.queueId', aggregate: { n: 'count', avgWait: 'avg(eventBody.waitMs)' } });
    const out = await lastValueFrom(from([ev('a', 1000), ev('b', 2000, 'q1', 3000), ev('c', 15_000), ev('late', 500)]).pipe(windowOperator.create(config, c), toArray()));
    expect(out[0]).toMatchObject({ topicName: 'gcstream.window.tumbling', family: 'unknown', eventTime: 10_000, key: 'window:tumbling:0:10000:{"eventBody.queueId":"q1"}' });
    expect((out[0] as GenesysEvent<WindowResult>).eventBody).toMatchObject({ values: { n: 2, avgWait: 2000 }, reason: 'close' });
    expect(letters.map((l) => [l.stage, (l.payload as GenesysEvent).key])).toEqual([['operator:window', 'late']]);
    expect(letters[0]!.reason).toContain('late: event time 500 is behind the watermark 15000');
    expect(c.metrics.get('gcstream_window_late_total')).toBe(1);
  });

  it('dead-letters an event of a window the cap evicted, naming the cap, and counts it', async () => {
    const letters: DeadLetter[] = [];
    const c = ctx(letters);
    const config = windowConfigSchema.parse({ type: 'tumbling', size: '10s', groupBy: 'eventBody.queueId', maxOpenWindows: 1 });
    const out = await lastValueFrom(from([ev('a', 1000), ev('b', 2000, 'q2'), ev('c', 3000)]).pipe(windowOperator.create(config, c), toArray()));
    expect(out.map((e) => [e.key, (e.eventBody as WindowResult).count, (e.eventBody as WindowResult).reason])).toEqual([
      ['window:tumbling:0:10000:{"eventBody.queueId":"q1"}', 1, 'evicted'],
      ['window:tumbling:0:10000:{"eventBody.queueId":"q2"}', 1, 'complete'],
    ]);
    expect(letters.map((l) => (l.payload as GenesysEvent).key)).toEqual(['c']);
    expect(letters[0]!.reason).toBe('late: event time 3000 is in a window that maxOpenWindows (1) closed early, and its result went out as evicted; raise maxOpenWindows or group by fewer values');
    expect([c.metrics.get('gcstream_window_evicted_total'), c.metrics.get('gcstream_window_late_total'), c.metrics.get('gcstream_window_evicted_late_total')]).toEqual([1, 1, 1]);
  });

  it('keys a session by its start, and retracts the row of a session a late event merges away', async () => {
    const config = windowConfigSchema.parse({ type: 'session', gap: '5s', allowedLateness: '1m' });
    const out = await lastValueFrom(from([ev('a', 1000), ev('b', 9000), ev('c', 20_000), ev('d', 5000)]).pipe(windowOperator.create(config, ctx()), toArray()));
    expect(out.map((e) => [e.key, (e.eventBody as WindowResult).count, (e.eventBody as WindowResult).reason])).toEqual([
      ['window:session:1000:{}', 1, 'close'],
      ['window:session:9000:{}', 1, 'close'],
      ['window:session:9000:{}', 0, 'retracted'],
      ['window:session:1000:{}', 3, 'late'],
      ['window:session:20000:{}', 1, 'complete'],
    ]);
  });

  it('passes late events on when asked, and every input with passThrough', async () => {
    const config = windowConfigSchema.parse({ type: 'tumbling', size: '10s', late: 'emit', passThrough: false });
    const out = await lastValueFrom(from([ev('a', 1000), ev('c', 15_000), ev('late', 500)]).pipe(windowOperator.create(config, ctx()), toArray()));
    expect(out.map((e) => e.key)).toEqual(['window:tumbling:0:10000:{}', 'late', 'window:tumbling:10000:20000:{}']);
    const all = await lastValueFrom(from([ev('a', 1000), ev('c', 15_000)]).pipe(windowOperator.create(windowConfigSchema.parse({ type: 'tumbling', size: '10s', passThrough: true }), ctx()), toArray()));
    expect(all.map((e) => e.key)).toEqual(['a', 'c', 'window:tumbling:0:10000:{}', 'window:tumbling:10000:20000:{}']);
  });

  it('aggregates only the events its topic, family and where select, and passes the others on in order', async () => {
    const final = (key: string, t: number, queueId: string) => makeEvent(key, { topic: 'gcstream.conversations.{id}.final', topicName: `gcstream.conversations.${key}.final`, eventTime: t, eventBody: { queueId } });
    const input = [ev('obs', 500), final('c1', 1000, 'q1'), ev('snap', 1500), final('c2', 2000, 'q2'), final('c3', 15_000, 'q1')];
    const config = windowConfigSchema.parse({ type: 'tumbling', size: '10s', topic: 'gcstream.conversations.{id}.final', groupBy: 'eventBody.queueId', passThrough: 'others' });
    const out = await lastValueFrom(from(input).pipe(windowOperator.create(config, ctx()), toArray()));
    // The events it does not aggregate go on where they came; the window's results follow the event that closed them.
    expect(out.map((e) => e.key)).toEqual(['obs', 'snap', 'window:tumbling:0:10000:{"eventBody.queueId":"q1"}', 'window:tumbling:0:10000:{"eventBody.queueId":"q2"}', 'window:tumbling:10000:20000:{"eventBody.queueId":"q1"}']);
    expect(out.filter((e) => e.topic === 'gcstream.window.tumbling').map((e) => (e.eventBody as WindowResult).values.count)).toEqual([1, 1, 1]);
    // A pattern with `*` matches the concrete topic name too; `all` passes every input on.
    const all = windowConfigSchema.parse({ type: 'tumbling', size: '10s', topic: 'gcstream.conversations.*.final', passThrough: 'all' });
    const both = await lastValueFrom(from(input).pipe(windowOperator.create(all, ctx()), toArray()));
    expect(both.map((e) => e.key)).toEqual(['obs', 'c1', 'snap', 'c2', 'c3', 'window:tumbling:0:10000:{}', 'window:tumbling:10000:20000:{}']);
    expect((both[5]!.eventBody as WindowResult).values.count).toBe(2);
    // Without passThrough, only the results leave.
    const only = await lastValueFrom(from(input).pipe(windowOperator.create(windowConfigSchema.parse({ type: 'tumbling', size: '10s', family: 'unknown', where: 'eventBody.queueId == "q1"' }), ctx()), toArray()));
    expect(only.map((e) => [e.key, (e.eventBody as WindowResult).values.count])).toEqual([['window:tumbling:0:10000:{}', 3], ['window:tumbling:10000:20000:{}', 1]]);
  });

  it('sends an event whose where fails to the dead letters and leaves it out of the window', async () => {
    const letters: DeadLetter[] = [];
    const config = windowConfigSchema.parse({ type: 'tumbling', size: '10s', where: 'eventBody.waitMs > 100.0', passThrough: 'others' });
    const bad = makeEvent('bad', { eventTime: 2000, eventBody: { waitMs: 'soon' } });
    const out = await lastValueFrom(from([ev('a', 1000), bad, ev('short', 3000, 'q1', 50)]).pipe(windowOperator.create(config, ctx(letters)), toArray()));
    expect(out.map((e) => e.key)).toEqual(['short', 'window:tumbling:0:10000:{}']);
    expect((out[1]!.eventBody as WindowResult).values.count).toBe(1);
    expect(letters.map((l) => [l.stage, (l.payload as GenesysEvent).key])).toEqual([['operator:window', 'bad']]);
    expect(letters[0]!.reason).toContain('eventBody.waitMs > 100.0');
  });
});
