import { describe, expect, it } from 'vitest';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { DeadLetter } from '../../model/events.js';
import { window } from './window.js';
import type { LateEvent, WindowOptions, WindowResult, WindowType } from './types.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

interface Ev {
  readonly t: number;
  readonly q?: string;
  readonly v?: number;
}
const ev = (t: number, q = 'q1', v = 1): Ev => ({ t, q, v });

const result = (type: WindowType, start: number, end: number, count: number, reason: WindowResult['reason'] = 'close', group: Record<string, unknown> = {}): WindowResult => ({
  type,
  start,
  end,
  group,
  values: { count },
  count,
  final: reason !== 'early',
  reason,
});

const opts = <T extends Partial<WindowOptions<Ev>>>(o: T): WindowOptions<Ev> & T => ({ onLate: () => {}, eventTime: 't', ...o }) as WindowOptions<Ev> & T;

describe('tumbling windows in virtual time', () => {
  it('emits each window when the watermark passes its end, and the rest on completion', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d|', { a: ev(1), b: ev(5), c: ev(12), d: ev(25) });
      expectObservable(source.pipe(window(opts({ type: 'tumbling', size: 10 })))).toBe('----x-y(z|)', {
        x: result('tumbling', 0, 10, 2),
        y: result('tumbling', 10, 20, 1),
        z: result('tumbling', 20, 30, 1, 'complete'),
      });
    });
  });

  it('holds a window open for events up to maxOutOfOrderness behind the newest', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      // 8 arrives after 12 but is within 5 of it: it still counts in [0, 10).
      const source = cold('a-b-c-d|', { a: ev(1), b: ev(12), c: ev(8), d: ev(20) });
      expectObservable(source.pipe(window(opts({ type: 'tumbling', size: 10, maxOutOfOrderness: 5 })))).toBe('------x(yz|)', {
        x: result('tumbling', 0, 10, 2),
        y: result('tumbling', 10, 20, 1, 'complete'),
        z: result('tumbling', 20, 30, 1, 'complete'),
      });
    });
  });

  it('updates a closed window within allowedLateness and sends later events to the side output', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const late$ = new Subject<LateEvent<Ev>>();
      const values = { a: ev(1), b: ev(12), c: ev(3), d: ev(25), e: ev(4) };
      const source = cold('a-b-c-d-e|', values);
      const out = source.pipe(window(opts({ type: 'tumbling', size: 10, allowedLateness: 10, onLate: (l) => late$.next(l) })));
      expectObservable(out).toBe('--x-y-z--(w|)', {
        x: result('tumbling', 0, 10, 1),
        y: result('tumbling', 0, 10, 2, 'late'),
        z: result('tumbling', 10, 20, 1),
        w: result('tumbling', 20, 30, 1, 'complete'),
      });
      expectObservable(late$).toBe('--------l', { l: { event: values.e, eventTime: 4, watermark: 25, reason: 'late' } });
      void hot;
    });
  });

  it('groups by one field or several', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abc|', { a: ev(1, 'q1'), b: ev(2, 'q2'), c: ev(3, 'q1') });
      expectObservable(source.pipe(window(opts({ type: 'tumbling', size: 10, groupBy: 'q' })))).toBe('---(xy|)', {
        x: result('tumbling', 0, 10, 2, 'complete', { q: 'q1' }),
        y: result('tumbling', 0, 10, 1, 'complete', { q: 'q2' }),
      });
      expectObservable(source.pipe(window(opts({ type: 'tumbling', size: 10, groupBy: ['q', 'v'] })))).toBe('---(xy|)', {
        x: result('tumbling', 0, 10, 2, 'complete', { q: 'q1', v: 1 }),
        y: result('tumbling', 0, 10, 1, 'complete', { q: 'q2', v: 1 }),
      });
    });
  });

  it('sends early updates of changed open windows and closes quiet windows after idleTimeout', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b 20ms |', { a: ev(1), b: ev(2) });
      expectObservable(source.pipe(window(opts({ type: 'tumbling', size: 10, earlyUpdates: 4 })))).toBe('----x 18ms (z|)', {
        x: { ...result('tumbling', 0, 10, 2, 'early') },
        z: result('tumbling', 0, 10, 2, 'complete'),
      });
      // Checked every 10 ms: at 20, nothing arrived for 18 ms, so the watermark moves from 2 to 20.
      expectObservable(source.pipe(window(opts({ type: 'tumbling', size: 10, idleTimeout: 10 })))).toBe('20ms x 2ms |', {
        x: result('tumbling', 0, 10, 2),
      });
    });
  });

  it('caps open windows × groups, emitting the oldest as evicted', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const evicted: WindowResult[] = [];
      const source = cold('abc|', { a: ev(1, 'q1'), b: ev(2, 'q2'), c: ev(3, 'q3') });
      expectObservable(source.pipe(window(opts({ type: 'tumbling', size: 10, groupBy: 'q', maxOpenWindows: 2, onEvicted: (r) => evicted.push(r) })))).toBe('--x(yz|)', {
        x: result('tumbling', 0, 10, 1, 'evicted', { q: 'q1' }),
        y: result('tumbling', 0, 10, 1, 'complete', { q: 'q2' }),
        z: result('tumbling', 0, 10, 1, 'complete', { q: 'q3' }),
      });
    });
  });

  it('unsubscribes from its source and passes errors through', () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-a-b---', { a: ev(1), b: ev(15) });
      expectObservable(source.pipe(window(opts({ type: 'tumbling', size: 10 }))), '^----!').toBe('---x', { x: result('tumbling', 0, 10, 1) });
      expectSubscriptions(source.subscriptions).toBe('^----!');
      expectObservable(cold('-a-#', { a: ev(1) }).pipe(window(opts({ type: 'tumbling', size: 10 })))).toBe('---#');
    });
  });
});

describe('sliding windows in virtual time', () => {
  it('counts each event in every window that covers it', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-----|', { a: ev(1), b: ev(7), c: ev(16) });
      expectObservable(source.pipe(window(opts({ type: 'sliding', size: 10, slide: 5 })))).toBe('--x-(yz)--(wv|)', {
        x: result('sliding', -5, 5, 1),
        y: result('sliding', 0, 10, 2),
        z: result('sliding', 5, 15, 1),
        w: result('sliding', 10, 20, 1, 'complete'),
        v: result('sliding', 15, 25, 1, 'complete'),
      });
    });
  });
});

describe('session windows in virtual time', () => {
  it('closes a session after the gap and starts a new one', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d|', { a: ev(1), b: ev(3), c: ev(10), d: ev(12) });
      expectObservable(source.pipe(window(opts({ type: 'session', gap: 5 })))).toBe('----x--(y|)', {
        x: result('session', 1, 8, 2),
        y: result('session', 10, 17, 2, 'complete'),
      });
    });
  });

  it('merges two sessions an out-of-order event bridges', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a-b-c-d|', { a: ev(1), b: ev(9), c: ev(5), d: ev(40) });
      expectObservable(source.pipe(window(opts({ type: 'session', gap: 5, maxOutOfOrderness: 10 })))).toBe('------x(y|)', {
        x: result('session', 1, 14, 3),
        y: result('session', 40, 45, 1, 'complete'),
      });
    });
  });

  it('sends an event whose session was purged to the side output', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const late: number[] = [];
      const source = cold('a-b-c|', { a: ev(1), b: ev(20), c: ev(2) });
      expectObservable(source.pipe(window(opts({ type: 'session', gap: 5, onLate: (l) => late.push(l.eventTime) })))).toBe('--x--(y|)', {
        x: result('session', 1, 6, 1),
        y: result('session', 20, 25, 1, 'complete'),
      });
    });
  });
});

describe('window aggregations and errors', () => {
  const run = (options: WindowOptions<Ev>, events: Ev[]) => lastValueFrom(from(events).pipe(window(options), toArray()));

  it('computes count, sum, avg, min, max, percentiles and distinct over a field', async () => {
    const events = Array.from({ length: 100 }, (_, i) => ({ t: i % 10, q: `q${i % 3}`, v: i + 1 }));
    const [r] = await run(
      opts({ type: 'tumbling', size: 1000, aggregate: { n: 'count', total: 'sum(v)', mean: 'avg(v)', lo: 'min(v)', hi: 'max(v)', median: 'p50(v)', p99: 'p99(v)', queues: 'distinct(q)', withQ: 'count(q)' } }),
      events,
    );
    expect(r!.values).toMatchObject({ n: 100, total: 5050, mean: 50.5, lo: 1, hi: 100, queues: 3, withQ: 100 });
    expect(Math.abs(r!.values.median! - 50) / 50).toBeLessThanOrEqual(0.02);
    expect(Math.abs(r!.values.p99! - 99) / 99).toBeLessThanOrEqual(0.02);
  });

  it('counts a field only where it has a value, as SQL COUNT(column) leaves out NULL', async () => {
    const [r] = await run(opts({ type: 'tumbling', size: 10, aggregate: { withQ: 'count(q)', n: 'count' } }), [{ t: 1, q: 'a' }, { t: 2, q: null }, { t: 3 }, { t: 4, q: 0 }] as unknown as Ev[]);
    expect(r!.values).toEqual({ withQ: 2, n: 4 });
  });

  it('gives null, not zero, for an average of no values', async () => {
    const [r] = await run(opts({ type: 'tumbling', size: 10, aggregate: { mean: 'avg(missing)', p90: 'p90(missing)', n: 'count' } }), [ev(1)]);
    expect(r!.values).toEqual({ mean: null, p90: null, n: 1 });
  });

  it('gives a percentile of one value as that value, never outside the values seen', async () => {
    const [one] = await run(opts({ type: 'tumbling', size: 10, aggregate: { p50: 'p50(v)', p99: 'p99(v)' } }), [ev(1, 'q1', 20_000)]);
    expect(one!.values).toEqual({ p50: 20_000, p99: 20_000 });
    const [two] = await run(opts({ type: 'tumbling', size: 10, aggregate: { p1: 'p1(v)', p99: 'p99(v)' } }), [ev(1, 'q1', 7), ev(2, 'q1', 1000)]);
    expect(two!.values.p1).toBeGreaterThanOrEqual(7);
    expect(two!.values.p99).toBeLessThanOrEqual(1000);
  });

  it('keeps negative values in a percentile when an event bridges two sessions', async () => {
    // [1, 6) and [9, 14) are two sessions until 5 arrives: the merged session's percentiles must be
    // those of one sketch that saw all three values.
    const aggregate = { p50: 'p50(v)', low: 'p1(v)', high: 'p99(v)' };
    const events = [ev(1, 'q1', -10), ev(9, 'q1', -50), ev(5, 'q1', -30)];
    const [merged] = await run(opts({ type: 'session', gap: 5, maxOutOfOrderness: 10, aggregate }), events);
    const [whole] = await run(opts({ type: 'tumbling', size: 100, aggregate }), events);
    expect(merged).toMatchObject({ start: 1, end: 14, count: 3 });
    expect(merged!.values).toEqual(whole!.values);
    expect(Math.abs(merged!.values.p50! + 30) / 30).toBeLessThanOrEqual(0.02);
  });

  it('groups by a field whose values are objects, one group per distinct value', async () => {
    const at = (t: number, q: unknown) => ({ t, q }) as unknown as Ev;
    const out = await run(opts({ type: 'tumbling', size: 10, groupBy: 'q' }), [at(1, { id: 'a' }), at(2, { id: 'b' }), at(3, { id: 'a' })]);
    expect(out.map((r) => [r.group, r.count])).toEqual([[{ q: { id: 'a' } }, 2], [{ q: { id: 'b' } }, 1]]);
  });

  it('dead-letters an event without a readable time, or errors without a handler', async () => {
    const letters: DeadLetter[] = [];
    const bad = { t: 'soon' } as unknown as Ev;
    const out = await run(opts({ type: 'tumbling', size: 10, onDeadLetter: (l) => letters.push(l) }), [bad, ev(1)]);
    expect(out).toHaveLength(1);
    expect(letters[0]).toMatchObject({ stage: 'operator:window', reason: 'event time is neither epoch ms nor an ISO 8601 time (soon)' });
    await expect(run(opts({ type: 'tumbling', size: 10 }), [bad])).rejects.toThrow('event time is neither epoch ms nor an ISO 8601 time');
  });

  it("reads an event time written as Genesys writes times, in ISO 8601 text", async () => {
    const iso = (ms: number) => ({ t: new Date(ms).toISOString() }) as unknown as Ev;
    const out = await run(opts({ type: 'tumbling', size: 10_000 }), [iso(Date.UTC(2026, 0, 5, 9, 0, 1)), iso(Date.UTC(2026, 0, 5, 9, 0, 9)), iso(Date.UTC(2026, 0, 5, 9, 0, 12))]);
    expect(out.map((r) => [new Date(r.start).toISOString(), r.count])).toEqual([['2026-01-05T09:00:00.000Z', 2], ['2026-01-05T09:00:10.000Z', 1]]);
  });

  it('refuses a window with no size or an aggregate it cannot read', () => {
    expect(() => window(opts({ type: 'tumbling' }))).toThrow('needs a positive size');
    expect(() => window(opts({ type: 'session' }))).toThrow('needs a positive gap');
    expect(() => window(opts({ type: 'sliding', size: 10, slide: 20 }))).toThrow('slide (20 ms) is longer than size (10 ms)');
    expect(() => window(opts({ type: 'tumbling', size: 10, aggregate: { x: 'median(v)' } }))).toThrow('is not understood');
    // A 0 ms timer would run without rest (and never let virtual time end).
    expect(() => window(opts({ type: 'tumbling', size: 10, earlyUpdates: 0 }))).toThrow('earlyUpdates must be a positive number of ms');
  });
});
