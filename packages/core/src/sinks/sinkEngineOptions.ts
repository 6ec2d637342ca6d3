import { z } from 'zod';
import { durationSchema } from '../config/duration.js';

/**
 * The keys of a sink entry that the engine reads; everything else in the entry belongs to the
 * plugin. These names are reserved: a plugin must not use them for its own options.
 *
 * ```yaml
 * sinks:
 *   - console: { format: pretty, batch: { size: 100, interval: 200ms }, maxInFlight: 1, onFull: dead-letter }
 * ```
 */
export const SINK_ENGINE_KEYS = ['batch', 'maxInFlight', 'retry', 'onFull', 'bufferSize', 'writeTimeout', 'deadLetterFile'] as const;

/**
 * What a sink does with an event that finds its buffer full. `drop` is the name the first releases
 * used for `dead-letter`, kept so existing configs stay valid.
 */
export const ON_FULL_POLICIES = ['block', 'drop-oldest', 'dead-letter', 'drop'] as const;
export type OnFullPolicy = (typeof ON_FULL_POLICIES)[number];

export const sinkEngineSchema = z
  .strictObject({
    batch: z
      .strictObject({
        size: z.int().min(1).default(100).meta({ description: 'Most events handed to one write.' }),
        interval: durationSchema
          .prefault('200ms')
          .meta({ description: 'Longest an event waits for its batch to fill before the batch is written anyway.' }),
      })
      .prefault({})
      .meta({ description: 'How events are grouped into writes.' }),
    maxInFlight: z.int().min(1).default(1).meta({ description: 'Writes running at once for this sink.' }),
    retry: z
      .strictObject({
        attempts: z.int().min(0).default(5).meta({ description: 'Retries after the first failed write (retryable errors only); then the batch is dead-lettered.' }),
        initialDelay: durationSchema.prefault('200ms').meta({ description: 'Backoff before the first retry; it doubles each time, with full jitter.' }),
        maxDelay: durationSchema.prefault('30s').meta({ description: 'Cap on one backoff; a destination that says when to come back (a 429 with Retry-After) is not asked sooner, even past it.' }),
      })
      .prefault({})
      .meta({ description: 'Retries of failed writes, with exponential backoff and full jitter.' }),
    onFull: z
      .enum(ON_FULL_POLICIES)
      .default('dead-letter')
      .meta({
        description:
          "When the buffer is full: dead-letter sends the new event to the dead-letter file; drop-oldest sends the oldest buffered event there and keeps the new one (the sink stays current); block holds the whole fan-out, and so every sink, until this sink has room. drop is another name for dead-letter. Every drop is counted (gcstream_sink_dropped_total) and logged.",
      }),
    bufferSize: z
      .int()
      .min(1)
      .default(10_000)
      .meta({ description: 'Events buffered for this sink, not yet handed to a write: with onFull, it bounds the memory a slow or failing sink can take.' }),
    writeTimeout: durationSchema
      .prefault('30s')
      .meta({
        description:
          'Longest one write may take. A write that has not returned by then counts as a retryable failure: the batch is retried (and dead-lettered after the last retry), and a warning is logged. 0 waits forever.',
      }),
    deadLetterFile: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "NDJSON file for this sink's dead letters, relative to the config file. Defaults to the pipeline's dead-letter file." }),
  })
  .meta({ description: 'Engine options of a sink (reserved keys beside the plugin options).' });

export type SinkEngineOptions = z.output<typeof sinkEngineSchema>;
export type SinkEngineInput = z.input<typeof sinkEngineSchema>;

/** Splits a sink entry into the engine's keys and the plugin's own options. */
export function splitSinkOptions(options: unknown): { engine: Record<string, unknown>; plugin: unknown } {
  const engine: Record<string, unknown> = {};
  const plugin: Record<string, unknown> = {};
  // `- console:` with nothing after it means every option at its default.
  if (options === null || options === undefined) return { engine, plugin };
  // Not a mapping: leave it whole to the plugin's schema, whose error names the expected shape.
  if (typeof options !== 'object' || Array.isArray(options)) return { engine, plugin: options };
  for (const [key, value] of Object.entries(options)) {
    if ((SINK_ENGINE_KEYS as readonly string[]).includes(key)) engine[key] = value;
    else plugin[key] = value;
  }
  return { engine, plugin };
}

/** Engine options with every default filled in, for sinks built in code. */
export function sinkEngineDefaults(input: SinkEngineInput = {}): SinkEngineOptions {
  return sinkEngineSchema.parse(input);
}
