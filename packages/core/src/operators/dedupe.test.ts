import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { arbEventStreamWithDuplicates, makeEvent } from '@gcstream/testkit';
import type { DeadLetter, GenesysEvent } from '../model/events.js';
import { createMetrics } from '../metrics/metrics.js';
import { dedupe } from './dedupe.js';
import { builtinOperators } from './registry.js';
import './index.js';

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** Marble values: each letter is an event whose key is the letter's upper case. */
const events = (letters: string): Record<string, GenesysEvent> =>
  Object.fromEntries([...letters].map((l) => [l, makeEvent(l.toUpperCase())]));

describe('dedupe in virtual time', () => {
  it('removes repeats within the TTL and lets a key through again once it expired', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = events('ab');
      // a at 0, a at 5 (dup), b at 6, a at 10 (ttl 10 from first sighting: passes again), a at 15 (dup of 10)
      const source = cold('a----ab---a----a|', values);
      expectObservable(source.pipe(dedupe({ ttl: 10 }))).toBe('a-----b---a-----|', values);
    });
  });

  it('does not extend a key TTL on duplicates', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = events('a');
      expectObservable(cold('a--a--a--a|', values).pipe(dedupe({ ttl: 6 }))).toBe('a-----a---|', values);
    });
  });

  it('forgets the oldest key past maxEntries', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = events('abc');
      // with room for two keys, c pushes a out, so the second a passes (pushing b out); c is still held
      expectObservable(cold('abcac|', values).pipe(dedupe({ ttl: 1000, maxEntries: 2 }))).toBe('abca-|', values);
    });
  });

  it('unsubscribes from its source on teardown and passes errors through', () => {
    newScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const values = events('ab');
      const source = hot('-a-a-b---a-', values);
      expectObservable(source.pipe(dedupe({ ttl: 100 })), '^-------!').toBe('-a---b', values);
      expectSubscriptions(source.subscriptions).toBe('^-------!');
      const failing = cold('-a-#', values);
      expectObservable(failing.pipe(dedupe())).toBe('-a-#', values);
    });
  });

  it('keeps state per subscription', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const values = events('a');
      const deduped = cold('aa|', values).pipe(dedupe({ ttl: 100 }));
      expectObservable(deduped).toBe('a-|', values);
      expectObservable(deduped).toBe('a-|', values);
    });
  });
});

describe('dedupe options', () => {
  it('is the identity for a no-op config', async () => {
    const xs = [makeEvent('a'), makeEvent('a')];
    expect(await lastValueFrom(from(xs).pipe(dedupe({ ttl: 0 }), toArray()))).toHaveLength(2);
  });

  it('uses a custom key and reports duplicates', async () => {
    const dups: GenesysEvent[] = [];
    const xs = [makeEvent('1', { topicName: 't' }), makeEvent('2', { topicName: 't' }), makeEvent('3', { topicName: 'u' })];
    const out = await lastValueFrom(from(xs).pipe(dedupe({ key: (e) => e.topicName, onDuplicate: (e) => dups.push(e) }), toArray()));
    expect(out.map((e) => e.key)).toEqual(['1', '3']);
    expect(dups.map((e) => e.key)).toEqual(['2']);
  });

  it('dead-letters an event whose key function throws, when given a handler', async () => {
    const letters: DeadLetter[] = [];
    const key = (e: GenesysEvent) => {
      if (e.key === 'bad') throw new Error('no key');
      return e.key;
    };
    const out = await lastValueFrom(from([makeEvent('a'), makeEvent('bad'), makeEvent('b')]).pipe(dedupe({ key, onDeadLetter: (l) => letters.push(l) }), toArray()));
    expect(out.map((e) => e.key)).toEqual(['a', 'b']);
    expect(letters[0]).toMatchObject({ stage: 'operator:dedupe', reason: 'key function threw: no key' });
    await expect(lastValueFrom(from([makeEvent('bad')]).pipe(dedupe({ key })))).rejects.toThrow('no key');
  });

  it('is registered as the `dedupe` operator with defaults and counts duplicates', () => {
    const definition = builtinOperators.get('dedupe');
    expect(definition).toBeDefined();
    const config = definition!.configSchema.parse({ ttl: '30s' }) as { ttl: number; maxEntries: number };
    expect(config).toEqual({ ttl: 30_000, maxEntries: 100_000 });
    expect(definition!.configSchema.parse(undefined)).toEqual({ ttl: 600_000, maxEntries: 100_000 });
    expect(definition!.configSchema.safeParse({ ttl: 'soon' }).success).toBe(false);
    const metrics = createMetrics();
    const subject = new Subject<GenesysEvent>();
    const seen: string[] = [];
    subject.pipe(definition!.create(config, { metrics, logger: undefined as never, deadLetter: () => {} })).subscribe((e) => seen.push(e.key));
    for (const k of ['a', 'a', 'b', 'a']) subject.next(makeEvent(k));
    expect(seen).toEqual(['a', 'b']);
    expect(metrics.get('gcstream_dedupe_duplicates_total')).toBe(2);
  });

  it('reports the keys it holds, and each key forgotten early because maxEntries was reached', () => {
    const definition = builtinOperators.get('dedupe')!;
    const metrics = createMetrics();
    const subject = new Subject<GenesysEvent>();
    const seen: string[] = [];
    subject.pipe(definition.create(definition.configSchema.parse({ maxEntries: 2 }), { metrics, logger: undefined as never, deadLetter: () => {} })).subscribe((e) => seen.push(e.key));
    for (const k of ['a', 'b']) subject.next(makeEvent(k));
    expect([metrics.get('gcstream_dedupe_keys'), metrics.get('gcstream_dedupe_forgotten_early_total')]).toEqual([2, 0]);
    // c pushes a out before its ttl, so a second a passes: the counter says so.
    for (const k of ['c', 'a']) subject.next(makeEvent(k));
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
    expect([metrics.get('gcstream_dedupe_keys'), metrics.get('gcstream_dedupe_forgotten_early_total')]).toEqual([2, 2]);
  });
});

describe('dedupe at scale', () => {
  it('keeps exactly the newest maxEntries keys through many evictions', () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `k${i}`);
    const replay = [...keys.slice(-1500), 'k0', 'k8499'];
    const out: string[] = [];
    from([...keys, ...replay].map((k) => makeEvent(k)))
      .pipe(dedupe({ maxEntries: 1500 }))
      .subscribe((e) => out.push(e.key));
    expect(out.length).toBe(10_000 + 2);
    expect(out.slice(-2)).toEqual(['k0', 'k8499']);
  });

  it('expires keys by TTL through many evictions, in virtual time', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const many = Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [String.fromCharCode(0x4e00 + i), makeEvent(`k${i}`)]));
      const letters = Object.keys(many).join('');
      // 1200 keys in one frame each (enough to compact the FIFO), then all again exactly 1999 frames
      // after each first sighting: a duplicate under a 2000-frame TTL, new under a 1999-frame one.
      const source = cold(`${letters}${'-'.repeat(799)}${letters}|`, many);
      expectObservable(source.pipe(dedupe({ ttl: 1999 }))).toBe(`${letters}${'-'.repeat(799)}${letters}|`, many);
      expectObservable(source.pipe(dedupe({ ttl: 2000 }))).toBe(`${letters}${'-'.repeat(799)}${'-'.repeat(1200)}|`, many);
    });
  });
});

describe('dedupe properties', () => {
  const run = (xs: GenesysEvent[], options = {}) => {
    const out: GenesysEvent[] = [];
    from(xs).pipe(dedupe(options)).subscribe((e) => out.push(e));
    return out;
  };

  it('outputs exactly the first occurrences of each key, in order, within TTL and maxEntries', () => {
    fc.assert(
      fc.property(arbEventStreamWithDuplicates(), (xs) => {
        const seen = new Set<string>();
        const firsts = xs.filter((e) => (seen.has(e.key) ? false : (seen.add(e.key), true)));
        expect(run(xs)).toEqual(firsts);
      }),
    );
  });

  it('is idempotent: dedupe(dedupe(xs)) equals dedupe(xs)', () => {
    fc.assert(
      fc.property(arbEventStreamWithDuplicates({ keys: 20 }), fc.integer({ min: 1, max: 25 }), (xs, maxEntries) => {
        const once = run(xs, { maxEntries });
        expect(run(once, { maxEntries })).toEqual(once);
      }),
    );
  });

  it('never holds more than maxEntries keys: a key evicted by maxEntries can pass again', () => {
    fc.assert(
      fc.property(arbEventStreamWithDuplicates({ keys: 6 }), fc.integer({ min: 1, max: 6 }), (xs, maxEntries) => {
        // Reference model: a FIFO of first-seen keys capped at maxEntries.
        const fifo: string[] = [];
        const expected = xs.filter((e) => {
          if (fifo.includes(e.key)) return false;
          if (fifo.length >= maxEntries) fifo.shift();
          fifo.push(e.key);
          return true;
        });
        expect(run(xs, { maxEntries })).toEqual(expected);
      }),
    );
  });
});
