import { existsSync } from 'node:fs';
import { errors, isRetryableError, type GenesysEvent, type Sink } from '@gcstream/core';
import { expect, it } from 'vitest';
import { sampleEvents } from './sampleEvents.js';
import { firstArrivals, missing, readLetters, type SinkConformanceOptions } from './_support.js';
import { throughEngine } from './_throughEngine.js';

/** Writes through the engine: delivery, order, retries and dead letters around the real sink. */
export function engineCases(name: string, options: SinkConformanceOptions, size: number): void {
  const inOrder = options.readBackInOrder ?? true;
  const readBack = async (events: readonly GenesysEvent[]) => {
    if (!options.deliveredKeys) return;
    const delivered = await options.deliveredKeys();
    expect(missing(events, delivered)).toEqual([]);
    // One write at a time (maxInFlight 1), so every batch, and the run, arrives in order.
    if (inOrder) expect(firstArrivals(events, delivered)).toEqual(events.map((e) => e.key));
  };

  it('delivers every event through the engine, without dead letters, each batch in order', async () => {
    const events = sampleEvents(size, 7);
    const { summary } = await throughEngine(name, options, events, { batch: { size: 10, interval: 10 } });
    expect(summary.deadLetters).toBe(0);
    expect(summary.sinks[name]?.delivered).toBe(events.length);
    await readBack(events);
  });

  it('takes a batch again after a retryable error (its first write may have landed): all delivered, none dead-lettered', async () => {
    const events = sampleEvents(size, 17);
    let calls = 0;
    // The first write reaches the destination, then its acknowledgement is "lost".
    const wrap = (sink: Sink<unknown>): Sink<unknown> => ({
      ...sink,
      write: async (batch) => {
        await sink.write(batch);
        if (calls++ === 0) throw errors.sinkRetryable(name, 'conformance: acknowledgement lost');
      },
      close: () => sink.close(),
    });
    const { summary } = await throughEngine(name, options, events, { batch: { size: 10, interval: 10 }, retry: { attempts: 3, initialDelay: 1, maxDelay: 5 } }, wrap);
    expect(summary.sinks[name]).toMatchObject({ delivered: events.length, retries: 1, deadLettered: 0 });
    expect(summary.deadLetters).toBe(0);
    await readBack(events);
  });

  it('sends a batch that fails fatally to the dead-letter file with the reason and attempt count, and keeps delivering', async () => {
    const events = sampleEvents(size, 19);
    let calls = 0;
    const wrap = (sink: Sink<unknown>): Sink<unknown> => ({
      ...sink,
      write: async (batch) => {
        if (calls++ === 1) throw errors.sinkFatal(name, 'conformance: rejected by the destination');
        await sink.write(batch);
      },
      close: () => sink.close(),
    });
    const { summary, deadLetterFile } = await throughEngine(name, options, events, { batch: { size: 10, interval: 10 }, retry: { attempts: 3, initialDelay: 1, maxDelay: 5 } }, wrap);
    const rejected = events.slice(10, 20);
    const kept = [...events.slice(0, 10), ...events.slice(20)];
    expect(summary.sinks[name]).toMatchObject({ delivered: kept.length, deadLettered: rejected.length, retries: 0 });
    const letters = readLetters(deadLetterFile);
    expect(letters.map((l) => l.payload.key)).toEqual(rejected.map((e) => e.key));
    for (const letter of letters) {
      expect(letter).toMatchObject({ stage: `sink:${name}`, attempts: 1 });
      expect(letter.reason).toContain('rejected by the destination');
    }
    await readBack(kept);
  });

  const { faults } = options;
  if (faults?.retryable) {
    const arm = faults.retryable;
    it("recovers from the destination's own passing failure: a retryable error, then the retry delivers", async () => {
      const events = sampleEvents(size, 23);
      await arm();
      const { summary } = await throughEngine(name, options, events, { batch: { size: 10, interval: 10 }, retry: { attempts: 5, initialDelay: 10, maxDelay: 200 } }, (sink) => ({
        ...sink,
        write: (batch) =>
          sink.write(batch).catch((error: unknown) => {
            expect(isRetryableError(error), `the sink threw a fatal error for a passing failure: ${String(error)}`).toBe(true);
            throw error;
          }),
        close: () => sink.close(),
      }));
      expect(summary.sinks[name]).toMatchObject({ delivered: events.length, deadLettered: 0 });
      expect(summary.sinks[name]!.retries).toBeGreaterThan(0);
      await readBack(events);
    });
  }
  if (faults?.fatal) {
    const arm = faults.fatal;
    it("dead-letters the batch of the destination's own fatal failure, without retrying it", async () => {
      const events = sampleEvents(size, 29);
      await arm();
      const { summary, deadLetterFile } = await throughEngine(name, options, events, { batch: { size: 10, interval: 10 }, retry: { attempts: 5, initialDelay: 1, maxDelay: 5 } });
      expect(summary.sinks[name]).toMatchObject({ retries: 0, deadLettered: 10, delivered: events.length - 10 });
      expect(existsSync(deadLetterFile)).toBe(true);
      const letters = readLetters(deadLetterFile);
      expect(letters.map((l) => l.payload.key)).toEqual(events.slice(0, 10).map((e) => e.key));
      expect(letters.every((l) => l.attempts === 1)).toBe(true);
      await readBack(events.slice(10));
    });
  }
}
