import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable, Subject, bufferCount, concat, filter, from, mergeMap, of, throwError } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { errors } from '../errors/errors.js';
import { createMetrics } from '../metrics/metrics.js';
import type { RawFrame } from '../model/events.js';
import { frame, recordingSink, silentLogger, testDecode } from '../../test/pipelineSupport.js';
import { runPipeline, type PipelineSink } from './runPipeline.js';

const sinkOf = (name: string, rec: ReturnType<typeof recordingSink>, engine: PipelineSink['engine'] = {}): PipelineSink => ({
  name,
  create: () => rec.sink,
  engine,
});

/** Resolves when `check` holds, polling on the event loop; generous bound so slow machines pass. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { stage: string; reason: string; payload: unknown });

describe('runPipeline', () => {
  it('runs source, decode, operators, and fans out to every sink, then closes them', async () => {
    const a = recordingSink();
    const b = recordingSink();
    const summary = await runPipeline({
      source$: from([1, 2, 3, 4, 5].map(frame)),
      decode: testDecode,
      operators: [{ name: 'odd', create: () => filter((e) => (e.eventBody as { n: number }).n % 2 === 1) }],
      sinks: [sinkOf('a', a, { batch: { size: 2, interval: 10 } }), sinkOf('b', b)],
      logger: silentLogger,
    });
    expect(summary).toMatchObject({ reason: 'completed', frames: 5, events: 3, drained: true, deadLetters: 0 });
    expect(a.batches).toEqual([[1, 3], [5]]);
    expect(b.delivered()).toEqual([1, 3, 5]);
    expect(a.calls[0]).toBe('connect');
    expect(a.calls.at(-1)).toBe('close');
    expect(summary.sinks.a).toMatchObject({ delivered: 3 });
  });

  it('keeps feeding a healthy sink while another fails (drop policy)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-run-'));
    const healthy = recordingSink();
    const broken = recordingSink(() => errors.sinkRetryable('broken', 'connection refused'));
    const source = new Subject<RawFrame>();
    const controller = new AbortController();
    const run = runPipeline({
      source$: source,
      decode: testDecode,
      sinks: [
        sinkOf('broken', broken, { batch: { size: 1, interval: 5 }, bufferSize: 2, retry: { attempts: 100, initialDelay: 60_000, maxDelay: 60_000 } }),
        sinkOf('healthy', healthy, { batch: { size: 1, interval: 5 } }),
      ],
      logger: silentLogger,
      signal: controller.signal,
      baseDir: dir,
      deadLetterFile: 'dead.ndjson',
      shutdownTimeout: 200,
    });
    await until(() => source.observed, 'the subscription');
    for (let n = 1; n <= 20; n++) source.next(frame(n));
    await until(() => healthy.delivered().length === 20, 'the healthy sink');
    controller.abort();
    const summary = await run;
    expect(summary.reason).toBe('stopped');
    expect(summary.sinks.healthy!.delivered).toBe(20);
    expect(summary.sinks.broken!.delivered).toBe(0);
    expect(summary.sinks.broken!.dropped).toBe(17);
    expect(summary.drained).toBe(false);
    // Every event the broken sink never delivered is in the dead-letter file, none is lost.
    const letters = readLines(join(dir, 'dead.ndjson'));
    expect(letters).toHaveLength(20);
    expect(new Set(letters.map((l) => l.stage))).toEqual(new Set(['sink:broken']));
    expect(letters.some((l) => l.reason.includes('buffer full'))).toBe(true);
    expect(broken.calls.at(-1)).toBe('close');
  });

  it('with onFull: block, a full sink holds the other sinks until it has room', async () => {
    const releases: Array<() => void> = [];
    const slow = recordingSink(() => new Promise<void>((resolve) => releases.push(resolve)));
    const fast = recordingSink();
    const source = new Subject<RawFrame>();
    const run = runPipeline({
      source$: source,
      decode: testDecode,
      sinks: [sinkOf('slow', slow, { batch: { size: 1, interval: 5 }, bufferSize: 1, onFull: 'block' }), sinkOf('fast', fast, { batch: { size: 1, interval: 5 } })],
      logger: silentLogger,
    });
    await until(() => source.observed, 'the subscription');
    for (let n = 1; n <= 5; n++) source.next(frame(n));
    await until(() => fast.delivered().length === 2, 'the first two events');
    // 1 is being written by slow, 2 waits in its buffer; 3 cannot enter, so fast does not get it yet.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fast.delivered()).toEqual([1, 2]);
    source.complete();
    while (slow.delivered().length < 5) {
      releases.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const summary = await run;
    expect(summary.reason).toBe('completed');
    expect(slow.delivered()).toEqual([1, 2, 3, 4, 5]);
    expect(fast.delivered()).toEqual([1, 2, 3, 4, 5]);
  });

  it('drains buffered events to the sinks on abort before closing them', async () => {
    const rec = recordingSink();
    const source = new Subject<RawFrame>();
    const controller = new AbortController();
    const run = runPipeline({
      source$: source,
      decode: testDecode,
      sinks: [sinkOf('s', rec, { batch: { size: 1000, interval: 3_600_000 } })],
      logger: silentLogger,
      signal: controller.signal,
    });
    await until(() => source.observed, 'the subscription');
    for (let n = 1; n <= 3; n++) source.next(frame(n));
    expect(rec.delivered()).toEqual([]);
    controller.abort();
    const summary = await run;
    expect(summary).toMatchObject({ reason: 'stopped', events: 3, drained: true });
    expect(rec.batches).toEqual([[1, 2, 3]]);
    expect(rec.calls.slice(-2)).toEqual(['write', 'close']);
    expect(source.observed).toBe(false);
  });

  it('gives up after shutdownTimeout when a sink never finishes a write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-run-'));
    const stuck = recordingSink(() => new Promise(() => {}));
    const controller = new AbortController();
    const source = new Subject<RawFrame>();
    const run = runPipeline({
      source$: source,
      decode: testDecode,
      sinks: [sinkOf('stuck', stuck, { batch: { size: 1, interval: 5 }, deadLetterFile: 'stuck.ndjson' })],
      logger: silentLogger,
      signal: controller.signal,
      baseDir: dir,
      shutdownTimeout: 50,
    });
    await until(() => source.observed, 'the subscription');
    source.next(frame(1));
    source.next(frame(2));
    controller.abort();
    const summary = await run;
    expect(summary.drained).toBe(false);
    // Event 1's write never returned: it is dead-lettered with event 2, which was still buffered (issue 8: it used to be lost).
    expect(readLines(join(dir, 'stuck.ndjson')).map((l) => l.reason)).toEqual([expect.stringContaining('shutdown timeout'), expect.stringContaining('shutdown timeout')]);
    expect(stuck.calls.at(-1)).toBe('close');
  });

  it('sends undecodable frames to the dead-letter file and counts them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-run-'));
    const rec = recordingSink();
    const metrics = createMetrics();
    const summary = await runPipeline({
      source$: from([frame(1), { data: 'not json', channelId: 'c', receivedAt: 0 }, frame(2)]),
      decode: testDecode,
      sinks: [sinkOf('s', rec)],
      logger: silentLogger,
      metrics,
      baseDir: dir,
      deadLetterFile: 'dead.ndjson',
    });
    expect(rec.delivered()).toEqual([1, 2]);
    expect(summary.deadLetters).toBe(1);
    expect(metrics.get('gcstream_dead_letters_total', { stage: 'decode' })).toBe(1);
    expect(readLines(join(dir, 'dead.ndjson'))).toEqual([expect.objectContaining({ stage: 'decode', payload: 'not json' })]);
  });

  it('ends with reason failed when the source errors, still delivering what came before', async () => {
    const rec = recordingSink();
    const summary = await runPipeline({
      source$: concat(of(frame(1)), throwError(() => new Error('socket exploded'))),
      decode: testDecode,
      sinks: [sinkOf('s', rec)],
      logger: silentLogger,
    });
    expect(summary.reason).toBe('failed');
    expect((summary.error as Error).message).toBe('socket exploded');
    expect(rec.delivered()).toEqual([1]);
    expect(rec.calls.at(-1)).toBe('close');
  });

  it('stops after maxEvents', async () => {
    const rec = recordingSink();
    const source = new Subject<RawFrame>();
    const run = runPipeline({ source$: source, decode: testDecode, sinks: [sinkOf('s', rec)], logger: silentLogger, maxEvents: 2 });
    await until(() => source.observed, 'the subscription');
    for (let n = 1; n <= 5; n++) source.next(frame(n));
    const summary = await run;
    expect(summary.reason).toBe('max-events');
    expect(rec.delivered()).toEqual([1, 2]);
    expect(source.observed).toBe(false);
  });

  it('rejects and closes opened sinks when a sink cannot connect', async () => {
    const first = recordingSink();
    const second = recordingSink();
    second.sink.connect = () => Promise.reject(errors.sinkFatal('second', 'cannot connect to 127.0.0.1:5432'));
    await expect(
      runPipeline({ source$: from([frame(1)]), decode: testDecode, sinks: [sinkOf('first', first), sinkOf('second', second)], logger: silentLogger }),
    ).rejects.toThrow(/cannot connect/);
    expect(first.calls).toEqual(['connect', 'close']);
  });

  it('on stop, ends the source so stateful operators flush what they hold into the sinks', async () => {
    const rec = recordingSink();
    const source = new Subject<RawFrame>();
    const controller = new AbortController();
    const run = runPipeline({
      source$: source,
      decode: testDecode,
      // Holds every event until its input completes, like a window emitting its last aggregate.
      operators: [{ name: 'hold', create: () => (events$) => events$.pipe(bufferCount(1000), mergeMap((all) => all)) }],
      sinks: [sinkOf('s', rec)],
      logger: silentLogger,
      signal: controller.signal,
    });
    await until(() => source.observed, 'the subscription');
    for (let n = 1; n <= 3; n++) source.next(frame(n));
    controller.abort();
    const summary = await run;
    expect(summary).toMatchObject({ reason: 'stopped', events: 3 });
    expect(rec.delivered()).toEqual([1, 2, 3]);
    expect(source.observed).toBe(false);
  });

  it('cuts an operator that never completes after shutdownTimeout', async () => {
    const rec = recordingSink();
    const source = new Subject<RawFrame>();
    const controller = new AbortController();
    const run = runPipeline({
      source$: source,
      decode: testDecode,
      operators: [{ name: 'endless', create: () => (events$) => new Observable((subscriber) => events$.subscribe({ next: (e) => subscriber.next(e) })) }],
      sinks: [sinkOf('s', rec)],
      logger: silentLogger,
      signal: controller.signal,
      shutdownTimeout: 50,
    });
    await until(() => source.observed, 'the subscription');
    source.next(frame(1));
    controller.abort();
    const summary = await run;
    expect(summary.reason).toBe('stopped');
    expect(rec.delivered()).toEqual([1]);
  });

  it('spends one shutdownTimeout on the whole stop: operator flush, drain and close share it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    try {
      // Everything that can stall a stop does: an operator that never completes, a write that
      // never resolves, a close that never resolves.
      const stuck = recordingSink(() => new Promise(() => {}));
      stuck.sink.close = () => new Promise(() => {});
      const source = new Subject<RawFrame>();
      const controller = new AbortController();
      let settled = false;
      const run = runPipeline({
        source$: source,
        decode: testDecode,
        operators: [{ name: 'endless', create: () => (events$) => new Observable((subscriber) => events$.subscribe({ next: (e) => subscriber.next(e) })) }],
        sinks: [sinkOf('stuck', stuck, { batch: { size: 1, interval: 5 } })],
        logger: silentLogger,
        signal: controller.signal,
        shutdownTimeout: 1000,
      }).finally(() => (settled = true));
      for (let i = 0; i < 1000 && !source.observed; i++) await vi.advanceTimersByTimeAsync(1);
      source.next(frame(1));
      await vi.advanceTimersByTimeAsync(20);
      expect(stuck.calls).toContain('write');
      controller.abort();
      await vi.advanceTimersByTimeAsync(1000 + 20);
      expect(settled).toBe(true);
      expect((await run).drained).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('retries a retryable connect failure, then runs', async () => {
    const rec = recordingSink();
    let attempts = 0;
    rec.sink.connect = async () => {
      if (++attempts < 3) throw errors.sinkRetryable('db', 'ECONNREFUSED');
    };
    const summary = await runPipeline({
      source$: from([frame(1)]),
      decode: testDecode,
      sinks: [sinkOf('db', rec, { retry: { attempts: 5, initialDelay: 1, maxDelay: 1 } })],
      logger: silentLogger,
    });
    expect(attempts).toBe(3);
    expect(summary.sinks.db!.delivered).toBe(1);
  });

  it('creates no sink when a stage cannot be built', async () => {
    let created = false;
    await expect(
      runPipeline({
        source$: from([frame(1)]),
        decode: testDecode,
        operators: [{ name: 'broken', create: () => { throw new Error('bad operator'); } }],
        sinks: [{ name: 's', create: () => { created = true; return recordingSink().sink; } }],
        logger: silentLogger,
      }),
    ).rejects.toThrow('bad operator');
    expect(created).toBe(false);
  });

  it('with a spool, what a cut-short drain left undelivered is delivered by the next run, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-run-'));
    const stuck = recordingSink((call) => (call === 0 ? undefined : new Promise(() => {})));
    const source = new Subject<RawFrame>();
    const controller = new AbortController();
    const first = runPipeline({
      source$: source,
      decode: testDecode,
      sinks: [sinkOf('db', stuck, { batch: { size: 1, interval: 1 } })],
      logger: silentLogger,
      signal: controller.signal,
      baseDir: dir,
      deadLetterFile: 'dead.ndjson',
      shutdownTimeout: 50,
      spool: { dir: 'spool' },
    });
    await until(() => source.observed, 'the subscription');
    for (let n = 1; n <= 4; n++) source.next(frame(n));
    await until(() => stuck.delivered().length === 1, 'the first write');
    controller.abort();
    const firstSummary = await first;
    expect(firstSummary.drained).toBe(false);
    expect(firstSummary.deadLetters).toBe(0);

    const healthy = recordingSink();
    const second = await runPipeline({ source$: from([frame(5)]), decode: testDecode, sinks: [sinkOf('db', healthy)], logger: silentLogger, baseDir: dir, spool: { dir: 'spool' } });
    expect(second.reason).toBe('completed');
    expect(healthy.delivered()).toEqual([2, 3, 4, 5]);

    const third = recordingSink();
    await runPipeline({ source$: from([]), decode: testDecode, sinks: [sinkOf('db', third)], logger: silentLogger, baseDir: dir, spool: { dir: 'spool' } });
    expect(third.delivered()).toEqual([]);
  });
});
