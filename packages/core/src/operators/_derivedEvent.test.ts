import { describe, expect, it } from 'vitest';
import { concat, EMPTY, from, lastValueFrom, map, merge, mergeMap, of, Subject, take, throwError, toArray, type OperatorFunction } from 'rxjs';
import { makeEvent } from '@gcstream/testkit';
import type { GenesysEvent } from '../model/events.js';
import { withPassThrough } from './_derivedEvent.js';

const ev = (key: string) => makeEvent(key, { eventBody: { key } });
const consumesA = (e: GenesysEvent) => e.key.startsWith('a');
/** Emits `<key>:rec` for each event and `end` when its input completes. */
const recorder: OperatorFunction<GenesysEvent, GenesysEvent> = (source) => concat(source.pipe(map((e) => ev(`${e.key}:rec`))), of(ev('end')));
const keys = (events: GenesysEvent[]) => events.map((e) => e.key);

describe('withPassThrough', () => {
  it('passes on what the operator does not consume, each before the records that follow it', async () => {
    const out = await lastValueFrom(from([ev('a1'), ev('b1'), ev('a2'), ev('b2')]).pipe(withPassThrough('others', consumesA, recorder), toArray()));
    expect(keys(out)).toEqual(['a1:rec', 'b1', 'a2:rec', 'b2', 'end']);
  });

  it('passes every event on with all, the event before its record, and none with none', async () => {
    const all = await lastValueFrom(from([ev('a1'), ev('b1')]).pipe(withPassThrough('all', consumesA, recorder), toArray()));
    expect(keys(all)).toEqual(['a1', 'a1:rec', 'b1', 'end']);
    const none = await lastValueFrom(from([ev('a1'), ev('b1')]).pipe(withPassThrough('none', consumesA, recorder), toArray()));
    expect(keys(none)).toEqual(['a1:rec', 'end']);
  });

  it('refuses an event consumes answers undefined for: the operator never sees it, and only all passes it on', async () => {
    const judge = (e: GenesysEvent) => (e.key.startsWith('a') ? true : e.key.startsWith('x') ? undefined : false);
    const run = (mode: 'none' | 'others' | 'all') => lastValueFrom(from([ev('a1'), ev('x1'), ev('b1')]).pipe(withPassThrough(mode, judge, recorder), toArray()));
    expect(keys(await run('others'))).toEqual(['a1:rec', 'b1', 'end']);
    expect(keys(await run('all'))).toEqual(['a1', 'a1:rec', 'x1', 'b1', 'end']);
    expect(keys(await run('none'))).toEqual(['a1:rec', 'end']);
  });

  it('lets the operator flush on completion before the output completes', async () => {
    const out = await lastValueFrom(EMPTY.pipe(withPassThrough('others', consumesA, recorder), toArray()));
    expect(keys(out)).toEqual(['end']);
  });

  it('feeds an operator that subscribes to its input more than once', async () => {
    const twice: OperatorFunction<GenesysEvent, GenesysEvent> = (source) => merge(source.pipe(map((e) => ev(`${e.key}:x`))), source.pipe(map((e) => ev(`${e.key}:y`))));
    const out = await lastValueFrom(from([ev('a1'), ev('b1'), ev('a2')]).pipe(withPassThrough('others', consumesA, twice), toArray()));
    expect(keys(out)).toEqual(['a1:x', 'a1:y', 'b1', 'a2:x', 'a2:y']);
  });

  it('ends with an upstream error, and with an error the operator raises', async () => {
    const failing = concat(of(ev('b1')), throwError(() => new Error('socket gone')));
    await expect(lastValueFrom(failing.pipe(withPassThrough('others', consumesA, recorder), toArray()))).rejects.toThrow('socket gone');
    const bad: OperatorFunction<GenesysEvent, GenesysEvent> = (source) => source.pipe(mergeMap((e) => throwError(() => new Error(`cannot read ${e.key}`))));
    await expect(lastValueFrom(from([ev('b1'), ev('a1')]).pipe(withPassThrough('others', consumesA, bad), toArray()))).rejects.toThrow('cannot read a1');
  });

  it('ends the output with the error of a consumes that throws', async () => {
    const picky = (e: GenesysEvent) => {
      if (e.key === 'bad') throw new Error('cannot tell bad');
      return consumesA(e);
    };
    await expect(lastValueFrom(from([ev('a1'), ev('bad')]).pipe(withPassThrough('others', picky, recorder), toArray()))).rejects.toThrow('cannot tell bad');
  });

  it('stops routing once the output is unsubscribed', async () => {
    const input = new Subject<GenesysEvent>();
    const seen: string[] = [];
    const spy: OperatorFunction<GenesysEvent, GenesysEvent> = (source) => source.pipe(map((e) => (seen.push(e.key), ev(`${e.key}:rec`))));
    const out = lastValueFrom(input.pipe(withPassThrough('others', consumesA, spy), take(2), toArray()));
    for (const key of ['a1', 'b1', 'a2', 'a3']) input.next(ev(key));
    expect(keys(await out)).toEqual(['a1:rec', 'b1']);
    expect(seen).toEqual(['a1']);
    expect(input.observed).toBe(false);
  });
});
