import type { Logger } from 'pino';
import type { OperatorFunction, SchedulerLike } from 'rxjs';
import type { z } from 'zod';
import type { Directory } from '../model/directory.js';
import type { DeadLetter, GenesysEvent } from '../model/events.js';
import type { Metrics } from '../metrics/metrics.js';

/** What the pipeline hands an operator when it builds one from config. */
export interface OperatorContext {
  /** A child logger bound to the operator's stage; secrets are redacted. */
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * The clock for every timer the operator starts (windows, TTLs, timeouts). The pipeline passes
   * `asyncScheduler`; tests pass a `TestScheduler` and run the operator in virtual time.
   */
  readonly scheduler: SchedulerLike;
  /** Where records the operator cannot process go, with a reason: a bad record never stops the pipeline. */
  readonly deadLetter: (letter: DeadLetter) => void;
  /** What the source discovered (queue names and settings), when the source discovers anything. */
  readonly directory?: Directory;
  /**
   * Where a stateful operator keeps its state across restarts: present when the pipeline runs
   * with a spool (`--spool`). See `OperatorState`.
   */
  readonly state?: OperatorState;
}

/**
 * An operator's checkpoint. The pipeline calls the registered snapshot function every few seconds
 * and when it stops, and writes what it returns (structured-clone data: objects, arrays, Maps,
 * Sets, numbers, strings; no functions or symbols) into the spool folder; the next run hands it
 * back as `restored`. The source resumes from no later than the checkpoint, so what came after it
 * arrives again (by backfill): an operator that merges idempotently ends where it would have.
 */
export interface OperatorState {
  /** What the last run saved for this stage, or undefined (first run, or nothing usable saved). */
  readonly restored: unknown;
  /** Registers the snapshot function; one per stage. It must be synchronous and cheap enough to run every few seconds. */
  save(snapshot: () => unknown): void;
  /**
   * Says why `restored` cannot be used (another version's or another operator's checkpoint): the
   * pipeline warns, naming the file, that the stage starts empty. `restoredCheckpoint` calls it.
   */
  refuse?(reason: string): void;
}

/**
 * An operator that a config can name in `pipeline:`: built in, a `gcstream-plugin-*` package, or a
 * local module. Its `configSchema` is the one source of truth for its options: validation, the JSON
 * Schema and `gcstream plugins` all read it.
 */
export interface OperatorDefinition<S extends z.ZodType = z.ZodType> {
  /** Set by `defineOperator`: tells an operator plugin from a sink plugin when a module is loaded. */
  readonly kind: 'operator';
  /** The name used in the YAML: `pipeline: [{ dedupe: {...} }]`. */
  readonly name: string;
  /** A human sentence for `gcstream plugins` and the JSON Schema. */
  readonly description?: string;
  /** The `@gcstream/core` semver range a plugin was written for. */
  readonly core?: string;
  readonly configSchema: S;
  /** Called once per pipeline run; keep per-event state inside the returned operator's closure. */
  create(config: z.output<S>, ctx: OperatorContext): OperatorFunction<GenesysEvent, GenesysEvent>;
}

/** Identity helper (it also stamps `kind`): gives `create` its config type, inferred from `configSchema`. */
export function defineOperator<S extends z.ZodType>(definition: Omit<OperatorDefinition<S>, 'kind'> & { kind?: 'operator' }): OperatorDefinition<S> {
  return { ...definition, kind: 'operator' };
}

export function isOperatorDefinition(value: unknown): value is OperatorDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.kind === 'operator' && typeof v.name === 'string' && typeof v.create === 'function' && typeof v.configSchema === 'object' && v.configSchema !== null;
}
