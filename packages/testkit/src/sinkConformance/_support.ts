import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, createMetrics, type SinkContext, type SinkDefinition } from '@gcstream/core';

export interface SinkFaults {
  /**
   * Makes the sink's next write fail the way a passing outage does (an HTTP 503, a dropped
   * connection, a server restarting); the writes after it succeed again. The sink must throw a
   * retryable error for it.
   */
  readonly retryable?: () => Promise<void> | void;
  /**
   * Makes the sink's next write fail the way a retry cannot fix (an HTTP 400, a closed output, a
   * constraint violation); the writes after it succeed again. The sink must throw a fatal error.
   */
  readonly fatal?: () => Promise<void> | void;
}

export interface SinkConformanceOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly definition: SinkDefinition<any, any>;
  /** Options as a user writes them under the sink's key in YAML. */
  readonly options: unknown;
  /** Options the sink's schema must reject. */
  readonly invalidOptions?: readonly unknown[];
  /** Runs once before the suite (start a server, create a table). */
  readonly setup?: () => Promise<void> | void;
  readonly teardown?: () => Promise<void> | void;
  /** Context fields to override for each sink created (a captured `stdout`, a `baseDir`). */
  readonly context?: () => Partial<SinkContext>;
  /**
   * Reads back the keys of the events the sink delivered since it was last called, in the order
   * the destination received them, for the at-least-once and ordering checks. Omit it for sinks
   * whose output cannot be read back.
   */
  readonly deliveredKeys?: () => Promise<readonly string[]> | readonly string[];
  /**
   * Whether `deliveredKeys` returns keys in the order they were received. Set it to false when the
   * destination cannot tell (a table without an order column): ordering is then not checked.
   * @default true
   */
  readonly readBackInOrder?: boolean;
  /** Ways to make the real destination fail, for the retry and dead-letter checks of the sink itself. */
  readonly faults?: SinkFaults;
  /** Events per sample. @default 40 */
  readonly sampleSize?: number;
}

export const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

export const tempDir = () => mkdtempSync(join(tmpdir(), 'gcstream-conformance-'));

export function makeContext(options: SinkConformanceOptions, signal: AbortSignal): SinkContext {
  return {
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    signal,
    baseDir: tempDir(),
    stdout: discard(),
    ...options.context?.(),
  };
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The keys of `expected` that are missing from `delivered`: `[]` when every event arrived. */
export const missing = (expected: ReadonlyArray<{ key: string }>, delivered: readonly string[]): string[] => {
  const keys = new Set(delivered);
  return expected.filter((event) => !keys.has(event.key)).map((event) => event.key);
};

/**
 * `delivered` reduced to the first arrival of each key of `expected`: a batch delivered twice (a
 * retry after a lost acknowledgement) is allowed by at-least-once, and only its first copy counts
 * for order.
 */
export function firstArrivals(expected: ReadonlyArray<{ key: string }>, delivered: readonly string[]): string[] {
  const wanted = new Set(expected.map((event) => event.key));
  const seen = new Set<string>();
  return delivered.filter((key) => wanted.has(key) && !seen.has(key) && seen.add(key));
}

export interface Letter {
  readonly stage: string;
  readonly reason: string;
  readonly attempts?: number;
  readonly payload: { readonly key: string };
}

export const readLetters = (file: string): Letter[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Letter);
