import { Observable, Subject, takeUntil } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { runStream } from './_runStream.js';

describe('runStream', () => {
  it('does not subscribe to the source when already stopped', async () => {
    let subscribed = false;
    const source = new Observable<number>(() => {
      subscribed = true;
    });
    const controller = new AbortController();
    controller.abort();
    const end = await runStream({ build: (stop$) => source.pipe(takeUntil(stop$)), next: () => {}, signal: controller.signal, flushTimeout: 10 });
    expect(end).toEqual({ reason: 'stopped' });
    expect(subscribed).toBe(false);
  });

  it('reports completion, failure, and a stop that lets the stream complete', async () => {
    const values: number[] = [];
    expect(await runStream({ build: () => new Observable<number>((s) => (s.next(1), s.complete())), next: (v) => values.push(v), flushTimeout: 10 })).toEqual({ reason: 'completed' });
    const error = new Error('boom');
    expect(await runStream({ build: () => new Observable<number>((s) => s.error(error)), next: () => {}, flushTimeout: 10 })).toEqual({ reason: 'failed', error });
    const source = new Subject<number>();
    const controller = new AbortController();
    const running = runStream({ build: (stop$) => source.pipe(takeUntil(stop$)), next: (v) => values.push(v), signal: controller.signal, flushTimeout: 10_000 });
    source.next(2);
    controller.abort();
    expect(await running).toEqual({ reason: 'stopped' });
    expect(values).toEqual([1, 2]);
    expect(source.observed).toBe(false);
  });
});
