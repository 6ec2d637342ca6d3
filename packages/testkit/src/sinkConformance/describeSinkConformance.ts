import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { from, map } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCoreRange, createLogger, createMetrics, runPipeline, type RawFrame, type Sink, type SinkContext, type SinkDefinition } from '@gcstream/core';
import { sampleEvents } from './sampleEvents.js';

export interface SinkConformanceOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly definition: SinkDefinition<any, any>;
  /** Options as a user writes them under the sink's key in YAML. */
  readonly options: unknown;
  /** Options the sink's schema must reject. */
  readonly invalidOptions?: readonly unknown[];
  /** Runs once before the suite (start a server, create a table); its result is handed to the hooks below. */
  readonly setup?: () => Promise<void> | void;
  readonly teardown?: () => Promise<void> | void;
  /** Context fields to override for each sink created (a captured `stdout`, a `baseDir`). */
  readonly context?: () => Partial<SinkContext>;
  /**
   * Reads back the keys of the events the sink delivered since `context()` was last called, for the
   * at-least-once check. Omit it for sinks whose output cannot be read back.
   */
  readonly deliveredKeys?: () => Promise<readonly string[]> | readonly string[];
  /** Events per sample. @default 40 */
  readonly sampleSize?: number;
}

const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

function makeContext(options: SinkConformanceOptions, signal: AbortSignal): SinkContext {
  return {
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    signal,
    baseDir: mkdtempSync(join(tmpdir(), 'gcstream-conformance-')),
    stdout: discard(),
    ...options.context?.(),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The contract every gcstream sink keeps, as a vitest suite. A sink package calls it from one test
 * file: `describeSinkConformance('console', { definition: consoleSink, options: { format: 'json' } })`.
 */
export function describeSinkConformance(name: string, options: SinkConformanceOptions): void {
  const { definition } = options;
  const size = options.sampleSize ?? 40;
  /** A sink made from the user's options, as the engine makes one: created, then connected. */
  const openSink = async (): Promise<Sink<unknown>> => {
    const sink: Sink<unknown> = await definition.create(definition.configSchema.parse(options.options), makeContext(options, new AbortController().signal));
    await sink.connect?.();
    return sink;
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
      if (options.deliveredKeys) {
        const keys = new Set(await options.deliveredKeys());
        expect(events.filter((e) => !keys.has(e.key)).map((e) => e.key)).toEqual([]);
      }
    });

    it('leaves the events it is given unchanged (every sink gets the same objects)', async () => {
      const sink = await openSink();
      const events = sampleEvents(size, 11).map(deepFreeze);
      // Modules run in strict mode, so a sink that writes to a frozen event throws here.
      await sink.write(events);
      await sink.close();
      await options.deliveredKeys?.();
    });

    it('takes overlapping writes (maxInFlight above 1)', async () => {
      const sink = await openSink();
      const events = sampleEvents(size, 13);
      const half = Math.ceil(events.length / 2);
      await Promise.all([sink.write(events.slice(0, half)), sink.write(events.slice(half))]);
      await sink.close();
      if (options.deliveredKeys) {
        const keys = new Set(await options.deliveredKeys());
        expect(events.filter((e) => !keys.has(e.key)).map((e) => e.key)).toEqual([]);
      }
    });

    it('closes cleanly when nothing was written', async () => {
      const sink = await openSink();
      await expect(sink.close()).resolves.toBeUndefined();
    });

    it('delivers every event through the engine, without dead letters', async () => {
      const events = sampleEvents(size, 7);
      const config = definition.configSchema.parse(options.options);
      const frames: RawFrame[] = events.map((e, i) => ({ data: JSON.stringify({ n: i }), channelId: 'conformance', receivedAt: e.receivedAt }));
      const summary = await runPipeline({
        source$: from(frames),
        // The frames carry indexes; the sample events stand for what decode would produce.
        decode: { name: 'decode', create: () => map((frame: RawFrame) => events[(JSON.parse(frame.data) as { n: number }).n]!) },
        sinks: [{ name, engine: { batch: { size: 10, interval: 10 } }, create: (ctx) => definition.create(config, { ...ctx, ...options.context?.() }) }],
        logger: createLogger({ level: 'silent' }),
        shutdownTimeout: 20_000,
      });
      expect(summary.deadLetters).toBe(0);
      expect(summary.sinks[name]?.delivered).toBe(events.length);
      if (options.deliveredKeys) {
        const keys = new Set(await options.deliveredKeys());
        expect(events.filter((e) => !keys.has(e.key)).map((e) => e.key)).toEqual([]);
      }
    });
  });
}
