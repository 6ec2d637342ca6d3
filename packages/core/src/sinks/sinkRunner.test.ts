import { describe, expect, it } from 'vitest';
import { errors } from '../errors/errors.js';
import { recordingSink, testEvent } from '../../test/pipelineSupport.js';
import { runner, writes } from '../../test/sinkHarness.js';
import { isRetryableError, retryAfterOf } from './sinkRunner.js';

describe('sink runner', () => {
  it('writes full batches at once and the remainder when the interval passes', async () => {
    const rec = recordingSink();
    const { r, advance } = runner(rec.sink, { batch: { size: 3, interval: 100 } });
    for (let i = 1; i <= 7; i++) r.offer(testEvent(i));
    await advance(0);
    expect(rec.batches).toEqual([[1, 2, 3], [4, 5, 6]]);
    await advance(99);
    expect(rec.batches).toHaveLength(2);
    await advance(1);
    expect(rec.batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(r.stats().delivered).toBe(7);
  });

  it('keeps at most maxInFlight writes running', async () => {
    const releases: Array<() => void> = [];
    let running = 0;
    let peak = 0;
    const rec = recordingSink(() => {
      running++;
      peak = Math.max(peak, running);
      return new Promise<void>((resolve) => {
        releases.push(() => {
          running--;
          resolve();
        });
      });
    });
    const { r, advance } = runner(rec.sink, { batch: { size: 1, interval: 10 }, maxInFlight: 2 });
    for (let i = 1; i <= 4; i++) r.offer(testEvent(i));
    await advance(0);
    expect(running).toBe(2);
    expect(r.stats().inFlight).toBe(2);
    for (let i = 0; i < 4; i++) {
      releases.shift()?.();
      await advance(0);
    }
    expect(peak).toBe(2);
    expect(rec.delivered().sort()).toEqual([1, 2, 3, 4]);
  });

  it('retries retryable errors with backoff, then delivers', async () => {
    const rec = recordingSink((call) => (call < 2 ? errors.sinkRetryable('test', 'HTTP 503') : undefined));
    const { r, metrics, advance } = runner(rec.sink, { batch: { size: 2, interval: 10 }, retry: { attempts: 3, initialDelay: 100, maxDelay: 1000 } });
    r.offer(testEvent(1));
    r.offer(testEvent(2));
    await advance(0);
    expect(writes(rec)).toBe(1);
    // random 0.5 (full jitter, half the ceiling): waits 50 ms, then 100 ms.
    await advance(49);
    expect(writes(rec)).toBe(1);
    await advance(1);
    expect(writes(rec)).toBe(2);
    await advance(99);
    expect(rec.batches).toEqual([]);
    await advance(1);
    expect(rec.batches).toEqual([[1, 2]]);
    expect(r.stats()).toMatchObject({ delivered: 2, retries: 2, deadLettered: 0 });
    expect(metrics.get('gcstream_sink_retries_total', { sink: 'test' })).toBe(2);
    // The batch took 150 ms of virtual time from leaving the buffer to being delivered.
    expect(metrics.snapshot()['gcstream_sink_batch_latency_seconds_sum{sink="test"}']).toBeCloseTo(0.15);
  });

  it('honours retryAfterMs over a shorter backoff', async () => {
    const rec = recordingSink((call) => (call === 0 ? Object.assign(errors.sinkRetryable('test', 'HTTP 429'), { retryAfterMs: 1000 }) : undefined));
    const { r, advance } = runner(rec.sink, { batch: { size: 1, interval: 10 }, retry: { attempts: 3, initialDelay: 10, maxDelay: 10 } });
    r.offer(testEvent(1));
    await advance(999);
    expect(rec.batches).toEqual([]);
    await advance(1);
    expect(rec.batches).toEqual([[1]]);
  });

  it('dead-letters a batch on a fatal error without retrying', async () => {
    const rec = recordingSink(() => errors.sinkFatal('test', 'table does not exist'));
    const { r, dead, attempts, advance } = runner(rec.sink, { batch: { size: 2, interval: 10 } });
    r.offer(testEvent(1));
    r.offer(testEvent(2));
    await advance(1000);
    expect(writes(rec)).toBe(1);
    expect(dead.map(([event]) => event)).toEqual([1, 2]);
    expect(dead[0]![1]).toContain('table does not exist');
    expect(attempts).toEqual([1, 1]);
    expect(r.stats()).toMatchObject({ delivered: 0, deadLettered: 2, retries: 0 });
  });

  it('dead-letters after the last retry, with the attempt count', async () => {
    const rec = recordingSink(() => errors.sinkRetryable('test', 'timeout'));
    const { r, dead, attempts, advance } = runner(rec.sink, { batch: { size: 1, interval: 10 }, retry: { attempts: 2, initialDelay: 10, maxDelay: 10 } });
    r.offer(testEvent(1));
    await advance(1000);
    expect(writes(rec)).toBe(3);
    expect(dead).toEqual([[1, expect.stringContaining('gave up after 3 attempts')]]);
    expect(attempts).toEqual([3]);
  });

  it('drops to dead letters when full with onFull: drop', async () => {
    const rec = recordingSink(() => new Promise(() => {}));
    const { r, dead } = runner(rec.sink, { batch: { size: 1, interval: 10 }, bufferSize: 2, onFull: 'drop' });
    for (let i = 1; i <= 5; i++) expect(r.offer(testEvent(i))).toBe(true);
    // 1 is in flight, 2 and 3 fill the buffer, 4 and 5 are dropped.
    expect(dead.map(([event]) => event)).toEqual([4, 5]);
    expect(r.stats()).toMatchObject({ dropped: 2, buffered: 2, inFlight: 1 });
  });

  it('refuses when full with onFull: block, and is ready again once a write completes', async () => {
    let release: () => void = () => {};
    const rec = recordingSink(() => new Promise<void>((resolve) => (release = resolve)));
    const { r, advance } = runner(rec.sink, { batch: { size: 1, interval: 10 }, bufferSize: 1, onFull: 'block' });
    expect(r.offer(testEvent(1))).toBe(true);
    expect(r.offer(testEvent(2))).toBe(true);
    expect(r.offer(testEvent(3))).toBe(false);
    let ready = false;
    void r.whenReady().then(() => (ready = true));
    await advance(0);
    expect(ready).toBe(false);
    release();
    await advance(0);
    expect(ready).toBe(true);
    expect(r.offer(testEvent(3))).toBe(true);
  });

  it('drain writes a partial batch at once and resolves when nothing is in flight', async () => {
    const rec = recordingSink();
    const { r, advance } = runner(rec.sink, { batch: { size: 100, interval: 60_000 } });
    r.offer(testEvent(1));
    r.offer(testEvent(2));
    let drained = false;
    void r.drain().then(() => (drained = true));
    await advance(0);
    expect(drained).toBe(true);
    expect(rec.batches).toEqual([[1, 2]]);
  });

  it('abort dead-letters the buffer and stops waiting for a retry', async () => {
    const rec = recordingSink(() => errors.sinkRetryable('test', 'down'));
    const { r, dead, advance } = runner(rec.sink, { batch: { size: 1, interval: 10 }, maxInFlight: 1, retry: { attempts: 10, initialDelay: 60_000, maxDelay: 60_000 } });
    r.offer(testEvent(1));
    r.offer(testEvent(2));
    await advance(0);
    r.abort('stopping');
    await advance(0);
    expect(dead.map(([event]) => event).sort()).toEqual([1, 2]);
    expect(r.offer(testEvent(3))).toBe(true);
    expect(dead.map(([event]) => event)).toContain(3);
    await advance(120_000);
    expect(writes(rec)).toBe(1);
  });
});

describe('isRetryableError', () => {
  it('recognises retryable gcstream errors and duck-typed ones from other copies of core', () => {
    expect(isRetryableError(errors.sinkRetryable('x', 'y'))).toBe(true);
    expect(isRetryableError(Object.assign(new Error('busy'), { retryable: true }))).toBe(true);
    expect(isRetryableError(errors.sinkFatal('x', 'y'))).toBe(false);
    expect(isRetryableError(new Error('plain'))).toBe(false);
    expect(isRetryableError(undefined)).toBe(false);
  });
  it('waits at least as long as the retryAfterMs the sink reported', () => {
    expect(retryAfterOf(Object.assign(new Error('429'), { retryAfterMs: 5000 }))).toBe(5000);
    const error = errors.sinkRetryable('webhook', 'HTTP 429');
    error.details.retryAfterMs = 2000;
    expect(retryAfterOf(error)).toBe(2000);
    expect(retryAfterOf(new Error('x'))).toBe(0);
    expect(retryAfterOf({ retryAfterMs: -1 })).toBe(0);
  });
});
