import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCoreRange, type Sink } from '@gcstream/core';
import { sampleEvents } from './sampleEvents.js';
import { engineCases } from './_engineCases.js';
import { deepFreeze, firstArrivals, makeContext, missing, type SinkConformanceOptions } from './_support.js';

export type { SinkConformanceOptions, SinkFaults } from './_support.js';

/**
 * The contract every gcstream sink keeps, as a vitest suite. A sink package calls it from one test
 * file: `describeSinkConformance('console', { definition: consoleSink, options: { format: 'json' } })`.
 * It covers the definition and its options, writes of every event family, order within a batch,
 * overlapping writes, close flushing, events left unchanged, and, through the engine, retries after
 * a retryable error and fatal errors going to the dead-letter file.
 */
export function describeSinkConformance(name: string, options: SinkConformanceOptions): void {
  const { definition } = options;
  const size = options.sampleSize ?? 40;
  const inOrder = options.readBackInOrder ?? true;
  /** A sink made from the user's options, as the engine makes one: created, then connected. */
  const openSink = async (): Promise<Sink<unknown>> => {
    const sink: Sink<unknown> = await definition.create(definition.configSchema.parse(options.options), makeContext(options, new AbortController().signal));
    await sink.connect?.();
    return sink;
  };
  const expectDelivered = async (events: ReadonlyArray<{ key: string }>) => {
    if (options.deliveredKeys) expect(missing(events, await options.deliveredKeys())).toEqual([]);
  };

  describe(`sink conformance: ${name}`, () => {
    beforeAll(async () => {
      await options.setup?.();
    });
    afterAll(async () => {
      await options.teardown?.();
    });

    it('is a sink definition: a name, a zod configSchema, a create function', () => {
      expect(typeof definition.name).toBe('string');
      expect(definition.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(typeof definition.configSchema.safeParse).toBe('function');
      expect(typeof definition.create).toBe('function');
    });

    it('accepts the options a user writes and rejects invalid ones', () => {
      expect(definition.configSchema.safeParse(options.options).success).toBe(true);
      for (const invalid of options.invalidOptions ?? []) expect(definition.configSchema.safeParse(invalid).success, JSON.stringify(invalid)).toBe(false);
    });

    it('declares a core range that this @gcstream/core satisfies', () => {
      expect(() => checkCoreRange(definition.name, definition)).not.toThrow();
    });

    it('creates, connects, writes batches of every family, and closes', async () => {
      const sink = await openSink();
      const events = sampleEvents(size);
      const families = new Set(events.map((e) => e.family));
      expect(families.size).toBeGreaterThan(3);
      await sink.write([]);
      for (let i = 0; i < events.length; i += 7) await sink.write(events.slice(i, i + 7));
      await sink.close();
      await expectDelivered(events);
    });

    it('keeps the order of the events within a batch', async () => {
      const sink = await openSink();
      const events = sampleEvents(size, 5);
      await sink.write(events);
      await sink.close();
      if (!options.deliveredKeys) return;
      const delivered = await options.deliveredKeys();
      expect(missing(events, delivered)).toEqual([]);
      if (inOrder) expect(firstArrivals(events, delivered)).toEqual(events.map((e) => e.key));
    });

    it('leaves the events it is given unchanged (every sink gets the same objects)', async () => {
      const sink = await openSink();
      const events = sampleEvents(size, 11);
      const before = structuredClone(events);
      // Modules run in strict mode, so a sink that writes to a frozen event throws here.
      await sink.write(events.map(deepFreeze));
      await sink.close();
      expect(events).toEqual(before);
      await expectDelivered(events);
    });

    it('takes overlapping writes (maxInFlight above 1)', async () => {
      const sink = await openSink();
      const events = sampleEvents(size, 13);
      const half = Math.ceil(events.length / 2);
      await Promise.all([sink.write(events.slice(0, half)), sink.write(events.slice(half))]);
      await sink.close();
      await expectDelivered(events);
    });

    it('flushes on close: every write that resolved is delivered once close resolves, even when close came during a write', async () => {
      const sink = await openSink();
      const events = sampleEvents(size, 31);
      // One event a write, so whatever the sink holds back to write in bulk is still held at close.
      const written = events.slice(0, -5);
      for (const event of written) await sink.write([event]);
      const last = events.slice(-5);
      const lastWrite = sink.write(last).then(
        () => true,
        () => false,
      );
      await sink.close();
      const lastDelivered = await lastWrite;
      await expectDelivered(lastDelivered ? events : written);
    });

    it('closes cleanly when nothing was written', async () => {
      const sink = await openSink();
      await expect(sink.close()).resolves.toBeUndefined();
    });

    engineCases(name, options, size);
  });
}
