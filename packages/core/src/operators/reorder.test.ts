import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createMetrics } from '../metrics/metrics.js';
import { reorder, reorderConfigSchema } from './reorder.js';
import { builtinOperators } from './registry.js';
import type { GenesysEvent } from '../model/events.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

interface Item {
  readonly name: string;
  readonly t?: number | string;
  readonly k?: string;
}
/** Marble values: each letter an item ordered by `t` (its place in the alphabet unless given). */
const items = (letters: string, overrides: Record<string, Partial<Item>> = {}): Record<string, Item> =>
  Object.fromEntries([...letters].map((l) => [l, { name: l, t: l.charCodeAt(0) - 96, ...overrides[l] }]));
const byT = (item: Item) => item.t;

describe('reorder in virtual time', () => {
  it('puts events held within maxDelay back in order, each going on at most maxDelay after it came', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('abcd');
      // b (2) at 0, a (1) at 2: both go when b has waited 5; d (4) at 6 and c (3) at 7 go when d has waited 5.
      expectObservable(cold('b-a---dc-------|', values).pipe(reorder({ by: byT, maxDelay: 5 }))).toBe('-----(ab)--(cd)|', values);
    });
  });

  it('sends an event on with the earlier ones of its key, not before them', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('abc');
      // a is due at 5 and goes alone; c (came at 2) is due at 7, and b (came at 4, earlier than c) goes with it.
      expectObservable(cold('a-c-b-------|', values).pipe(reorder({ by: byT, maxDelay: 5 }))).toBe('-----a-(bc)-|', values);
    });
  });

  it('keeps ties in their order of arrival', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('xyz', { x: { t: 5 }, y: { t: 5 }, z: { t: 1 } });
      expectObservable(cold('xyz|', values).pipe(reorder({ by: byT, maxDelay: 3 }))).toBe('---(zxy|)', values);
    });
  });

  it('passes a late event on at once, out of order, and tells onLate', () => {
    const late: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('ab');
      // b goes at 3; a, earlier than b, comes at 5: it can no longer go before b.
      const out = cold('b----a|', values).pipe(reorder({ by: byT, maxDelay: 3, onLate: (e) => late.push(e.name) }));
      expectObservable(out).toBe('---b-a|', values);
    });
    expect(late).toEqual(['a']);
  });

  it('orders each key on its own', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('abcd', { a: { k: 'x', t: 9 }, b: { k: 'y', t: 1 }, c: { k: 'y', t: 3 }, d: { k: 'y', t: 2 } });
      const source = cold('a-----b-c-d-------|', values);
      // x's a (9) goes at 4. y's b (1), c (3) and d (2) come after it: they are ordered among
      // themselves (b at 10, then d and c when c is due at 12), not held behind x's 9.
      expectObservable(source.pipe(reorder({ by: byT, per: (i) => i.k, maxDelay: 4 }))).toBe('----a-----b-(dc)--|', values);
      // In one order for all, they came after 9 had gone: each goes on at once, late.
      expectObservable(source.pipe(reorder({ by: byT, maxDelay: 4 }))).toBe('----a-b-c-d-------|', values);
    });
  });

  it('passes on at once an event without a value (or without its key), and tells onUnordered', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('abc', { a: { t: 'not a time', k: 'x' }, b: { k: undefined }, c: { k: 'x' } });
      expectObservable(cold('abc|', values).pipe(reorder({ by: byT, per: (i) => i.k, maxDelay: 4 }))).toBe('ab-(c|)', values);
    });
  });

  it('reads ISO 8601 times as well as numbers', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('ab', { a: { t: '2026-12-07T08:00:01.000Z' }, b: { t: '2026-12-07T08:00:02.000Z' } });
      expectObservable(cold('ba|', values).pipe(reorder({ by: byT, maxDelay: 2 }))).toBe('--(ab|)', values);
    });
  });

  it('sends the longest held on early past maxHeld, and tells onReleasedEarly', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('abc', { a: { t: 1 }, b: { t: 3 }, c: { t: 2 } });
      // Room for two: c's arrival sends a (the longest held) on at once; c and b go when b is due.
      expectObservable(cold('a-b-c-------|', values).pipe(reorder({ by: byT, maxDelay: 5, maxHeld: 2 }))).toBe('----a--(cb)-|', values);
    });
  });

  it('keeps a long backlog of one order in order past maxHeld, sending the longest held on early one by one', () => {
    // 6,000 events in one order, every tenth swapped with the one before: thousands held at once,
    // so the sent ones are passed over and the list is compacted many times.
    const input = new Subject<Item>();
    const out: number[] = [];
    let early = 0;
    input.pipe(reorder({ by: byT, maxDelay: 60_000, maxHeld: 2_500, onReleasedEarly: () => early++ })).subscribe((item) => out.push(item.t as number));
    const ts = Array.from({ length: 6_000 }, (_, i) => (i % 10 === 9 ? i - 1 : i % 10 === 8 ? i + 1 : i));
    for (const t of ts) input.next({ name: String(t), t });
    input.complete();
    expect(out).toEqual(Array.from({ length: 6_000 }, (_, i) => i));
    expect(early).toBe(6_000 - 2_500);
  });

  it('counts in onReleasedEarly each event sent on early, with the longest held the earlier ones of its key', () => {
    let early = 0;
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('abc', { a: { t: 5 }, b: { t: 1 }, c: { t: 9 } });
      // Room for two: c's arrival sends a (the longest held) on, and b (ordered before a) with it: two events early.
      expectObservable(cold('a-b-c---|', values).pipe(reorder({ by: byT, maxDelay: 10, maxHeld: 2, onReleasedEarly: () => early++ }))).toBe('----(ba)(c|)', values);
    });
    expect(early).toBe(2);
  });

  it('past maxHeld keys, forgets the key least recently sent on, so a late event of a key still in use is known as late', () => {
    const late: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('abcde', { a: { k: 'x', t: 10 }, b: { k: 'y', t: 1 }, c: { k: 'x', t: 11 }, d: { k: 'z', t: 1 }, e: { k: 'x', t: 5 } });
      // Room for two keys: z's arrival forgets y (last sent at 3), not x (seen first, but sent at 5);
      // e, earlier than x's 11, then goes on at once as late.
      const out = cold('a-b-c-d-e---|', values).pipe(reorder({ by: byT, per: (i) => i.k, maxDelay: 1, maxHeld: 2, onLate: (e) => late.push(e.name) }));
      expectObservable(out).toBe('-a-b-c-de---|', values);
    });
    expect(late).toEqual(['e']);
  });

  it('sends every held event on, in order, before completing or passing an error on', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('abc');
      expectObservable(cold('cb|', values).pipe(reorder({ by: byT, maxDelay: 100 }))).toBe('--(bc|)', values);
      expectObservable(cold('ca#', values).pipe(reorder({ by: byT, maxDelay: 100 }))).toBe('--(ac#)', values);
    });
  });

  it('dead-letters an event whose by or per function threw, or without onDeadLetter sends the held events on and errors', () => {
    const letters: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const values = items('abc', { b: { k: 'boom' } });
      const per = (i: Item) => {
        if (i.k === 'boom') throw new Error('no key here');
        return 'one';
      };
      expectObservable(cold('cba|', values).pipe(reorder({ by: byT, per, maxDelay: 10, onDeadLetter: (l) => letters.push(l.reason) }))).toBe('---(ac|)', values);
      expectObservable(cold('cba|', values).pipe(reorder({ by: byT, per, maxDelay: 10 }))).toBe('-(c#)', values, new Error('no key here'));
    });
    expect(letters).toEqual(['reading the value to order by or the key threw: no key here']);
  });

  it('holds nothing once unsubscribed, as its gauge says', () => {
    let held = (): number => Number.NaN;
    newScheduler().run(({ hot, expectObservable }) => {
      const values = items('ab');
      const source = hot('-b-a-------', values);
      expectObservable(source.pipe(reorder({ by: byT, maxDelay: 10, onHeld: (read) => (held = read) })), '^----!').toBe('------', values);
    });
    expect(held()).toBe(0);
  });

  it('stops its timer and its source when unsubscribed', () => {
    newScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const values = items('ab');
      const source = hot('-b-a-------', values);
      expectObservable(source.pipe(reorder({ by: byT, maxDelay: 10 })), '^----!').toBe('------', values);
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
  });
});

type Arrival = { readonly key: string; readonly value: number; readonly at: number };
const KEYS = ['x', 'y', 'z'] as const;

/** Arrivals with any disorder: each comes 0-8 ms after the one before, whatever its value. */
const anyArrivals = fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.integer({ min: 0, max: 60 }), gap: fc.integer({ min: 0, max: 8 }) }), { maxLength: 60 }).map((list) => {
  let at = 0;
  return list.map(({ key, value, gap }): Arrival => ({ key, value, at: (at += gap) }));
});

/** Arrivals whose disorder `maxDelay` repairs: each comes 0 to maxDelay - 1 ms after its value (as ms). */
const repairableArrivals = (maxDelay: number) =>
  fc
    .array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.integer({ min: 0, max: 200 }), lag: fc.integer({ min: 0, max: maxDelay - 1 }) }), { maxLength: 60 })
    .map((list) => list.map(({ key, value, lag }): Arrival => ({ key, value, at: value + lag })).sort((a, b) => a.at - b.at));

/** Plays `arrivals` through reorder in virtual time; what came out, in order, with each event's place in the input as `seq`. */
function play(arrivals: readonly Arrival[], maxDelay: number, maxHeld = 1_000) {
  const scheduler = new TestScheduler(() => undefined);
  const out: { key: string; value: number; seq: number }[] = [];
  let late = 0;
  scheduler.run(() => {
    const input = new Subject<{ key: string; value: number; seq: number }>();
    input.pipe(reorder({ by: (e) => e.value, per: (e) => e.key, maxDelay, maxHeld, scheduler, onLate: () => late++ })).subscribe((e) => out.push(e));
    arrivals.forEach((a, seq) => scheduler.schedule(() => input.next({ key: a.key, value: a.value, seq }), a.at));
    scheduler.schedule(() => input.complete(), (arrivals.at(-1)?.at ?? 0) + 1);
  });
  return { out, late };
}

/** How many times each key's values went back down in `out`, not counting a fall below the key's highest so far twice. */
function breaks(out: readonly { key: string; value: number }[]): number {
  const highest = new Map<string, number>();
  let broken = 0;
  for (const e of out) {
    const top = highest.get(e.key) ?? Number.NEGATIVE_INFINITY;
    if (e.value < top) broken++;
    else highest.set(e.key, e.value);
  }
  return broken;
}

describe('reorder properties', () => {
  it('conserves events: every event comes out once, whatever the disorder, the delay or the cap', () => {
    fc.assert(
      fc.property(anyArrivals, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 10 }), (arrivals, maxDelay, maxHeld) => {
        const { out } = play(arrivals, maxDelay, maxHeld);
        expect(out.map((e) => e.seq).sort((a, b) => a - b)).toEqual(arrivals.map((_, i) => i));
      }),
    );
  });

  it('puts each key in order of value, ties in order of arrival, when no event comes maxDelay or more after one it should precede', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).chain((maxDelay) => fc.tuple(fc.constant(maxDelay), repairableArrivals(maxDelay))),
        ([maxDelay, arrivals]) => {
          const { out, late } = play(arrivals, maxDelay);
          expect(late).toBe(0);
          for (const key of KEYS) {
            const mine = out.filter((e) => e.key === key);
            expect(mine).toEqual([...mine].sort((a, b) => a.value - b.value || a.seq - b.seq));
          }
        },
      ),
    );
  });

  it('whatever the disorder, each key is in order but for the events it counted late, each out of place once', () => {
    fc.assert(
      fc.property(anyArrivals, fc.integer({ min: 1, max: 20 }), (arrivals, maxDelay) => {
        const { out, late } = play(arrivals, maxDelay);
        expect(breaks(out)).toBe(late);
      }),
    );
  });
});

describe('reorder in a pipeline config', () => {
  it('is a built-in operator whose options default to event time, 2 s and 100,000 held', () => {
    expect(builtinOperators.get('reorder')?.configSchema.parse(undefined)).toEqual({ by: 'eventTime', maxDelay: 2_000, maxHeld: 100_000 });
  });

  it('orders by the first of several fields an event has', () => {
    const definition = builtinOperators.get('reorder')!;
    const scheduler = new TestScheduler(() => undefined);
    const out: string[] = [];
    scheduler.run(() => {
      const input = new Subject<GenesysEvent>();
      const config = definition.configSchema.parse({ by: ['eventBody.utteranceMs', 'eventBody.statusMs'], maxDelay: '1s' });
      input.pipe(definition.create(config, { logger: undefined as never, metrics: createMetrics(), scheduler, deadLetter: () => undefined })).subscribe((e) => out.push(e.key));
      const event = (key: string, body: object) => ({ key, eventTime: 0, eventBody: body }) as unknown as GenesysEvent;
      // The session's end (no utterance, its status at 9 s) comes before its last utterance (at 5 s).
      scheduler.schedule(() => input.next(event('end', { statusMs: 9_000 })), 0);
      scheduler.schedule(() => input.next(event('last words', { utteranceMs: 5_000, statusMs: 8_000 })), 200);
    });
    expect(out).toEqual(['last words', 'end']);
  });

  it('refuses a zero maxDelay and a path that is not one, saying what to write', () => {
    const zero = reorderConfigSchema.safeParse({ maxDelay: 0 });
    expect(zero.success).toBe(false);
    expect(zero.error?.issues[0]?.message).toMatch(/maxDelay must be more than 0, e\.g\. 2s/);
    const path = reorderConfigSchema.safeParse({ by: 'eventBody.transcripts[0].offsetMs' });
    expect(path.error?.issues[0]?.message).toMatch(/eventBody\.transcripts\.0\.offsetMs/);
  });

  it('orders a conversation\'s utterances by their offset, counts what it holds and what came late', () => {
    const definition = builtinOperators.get('reorder')!;
    const metrics = createMetrics();
    const scheduler = new TestScheduler(() => undefined);
    const utterance = (offsetMs: number, id: string) =>
      ({ ids: [id], eventTime: 0, eventBody: { transcripts: [{ alternatives: [{ offsetMs }] }] } }) as unknown as GenesysEvent;
    const out: number[] = [];
    scheduler.run(() => {
      const input = new Subject<GenesysEvent>();
      const config = definition.configSchema.parse({ by: 'eventBody.transcripts.0.alternatives.0.offsetMs', per: 'ids.0', maxDelay: '5s' });
      input.pipe(definition.create(config, { logger: undefined as never, metrics, scheduler, deadLetter: () => undefined })).subscribe((e) => out.push((e.eventBody as { transcripts: { alternatives: { offsetMs: number }[] }[] }).transcripts[0]!.alternatives[0]!.offsetMs));
      scheduler.schedule(() => input.next(utterance(9_000, 'c1')), 0);
      scheduler.schedule(() => input.next(utterance(4_000, 'c1')), 1_000);
      scheduler.schedule(() => expect(metrics.get('gcstream_reorder_held')).toBe(2), 2_000);
      scheduler.schedule(() => input.next(utterance(1_000, 'c1')), 7_000);
    });
    expect(out).toEqual([4_000, 9_000, 1_000]);
    expect(metrics.get('gcstream_reorder_late_total')).toBe(1);
    expect(metrics.get('gcstream_reorder_held')).toBe(0);
  });
});
