import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Directory } from '../model/directory.js';
import type { GenesysEvent } from '../model/events.js';
import type { Metrics } from '../metrics/metrics.js';

/** What the engine hands a sink when it creates one. */
export interface SinkContext {
  /** A child logger bound to `sink:<name>`; secrets are redacted. */
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Aborted when the pipeline must stop now: the shutdown timeout passed while draining. Until
   * then a shutdown lets writes finish; a write that sees this abort should give up quickly.
   */
  readonly signal: AbortSignal;
  /** The directory of the config file, for resolving relative paths. */
  readonly baseDir: string;
  /** The output stream of the process (console sink); tests pass their own. */
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Queue and user names the source discovered, for sinks that print for people. */
  readonly directory?: Directory;
}

/**
 * A running sink. The engine owns batching, concurrency, retries and dead letters: `write` gets a
 * batch and resolves when every event in it is durably delivered. Throw `errors.sinkRetryable` for
 * a failure worth retrying (set `retryAfterMs` on it, or in its `details`, when the destination said
 * when to come back), anything else is fatal for that batch. A retryable error from `connect` is
 * retried with the same policy before the pipeline starts.
 */
export interface Sink<E = GenesysEvent> {
  connect?(): Promise<void>;
  /** Every sink is handed the same event objects: read them, never change them. */
  write(batch: readonly E[]): Promise<void>;
  close(): Promise<void>;
}

export interface SinkDefinition<S extends z.ZodType = z.ZodType, E = GenesysEvent> {
  /** The name used in the YAML: `sinks: [{ console: {...} }]`. */
  readonly name: string;
  /** A human sentence for `gcstream plugins`. */
  readonly description?: string;
  /** The `@gcstream/core` semver range the plugin was written for. */
  readonly core?: string;
  /** The one source of truth for the sink's options: validation, docs and JSON Schema. */
  readonly configSchema: S;
  create(config: z.output<S>, ctx: SinkContext): Sink<E> | Promise<Sink<E>>;
}

/** Identity helper: gives a sink's `create` its config type, inferred from `configSchema`. */
export function defineSink<S extends z.ZodType, E = GenesysEvent>(definition: SinkDefinition<S, E>): SinkDefinition<S, E> {
  return definition;
}

export function isSinkDefinition(value: unknown): value is SinkDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.create === 'function' && typeof v.configSchema === 'object' && v.configSchema !== null;
}
