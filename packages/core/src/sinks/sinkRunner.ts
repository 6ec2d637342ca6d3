import type { Logger } from 'pino';
import type { GenesysEvent } from '../model/events.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Sink } from './defineSink.js';
import { BatchQueue } from './_batchQueue.js';
import { backoffDelay } from '../retry/backoff.js';
import { sleep } from './_sleep.js';
import type { SinkEngineOptions } from './sinkEngineOptions.js';

export interface SinkRunnerOptions<E = GenesysEvent> {
  /** The sink's label in logs and metrics (`console`, or `console#2` for a second console sink). */
  readonly name: string;
  readonly sink: Sink<E>;
  readonly engine: SinkEngineOptions;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Where an event goes that this sink could not take or deliver. */
  readonly deadLetter: (event: E, reason: string) => void;
  /** For tests of the backoff: the jitter's random source. @default Math.random */
  readonly random?: () => number;
}

export interface SinkStats {
  /** Events whose write resolved. */
  delivered: number;
  /** Events given up on after a fatal error or the last retry, or dropped because the buffer was full. */
  deadLettered: number;
  /** Of the dead-lettered, those dropped because the buffer was full (`onFull: drop`). */
  dropped: number;
  /** Write attempts repeated after a retryable error. */
  retries: number;
  buffered: number;
  inFlight: number;
}

/**
 * The engine in front of one sink: buffering, batching by size and interval, `maxInFlight`
 * concurrent writes, retries with backoff, dead letters. It never throws to its caller, so one
 * sink's trouble stays with that sink.
 */
export interface SinkRunner<E = GenesysEvent> {
  readonly name: string;
  /**
   * Hands one event to the sink. Returns false only when the buffer is full and the policy is
   * `block`: the caller waits for `whenReady()` and offers the same event again.
   */
  offer(event: E): boolean;
  whenReady(): Promise<void>;
  /** Whether `offer` would take an event without dropping or refusing it. */
  hasRoom(): boolean;
  /** Writes what is buffered without waiting for the interval; resolves when nothing is left in flight. */
  drain(): Promise<void>;
  /** Gives up: stops retry waits and dead-letters everything not yet handed to a write. */
  abort(reason: string): void;
  stats(): SinkStats;
}

export function isRetryableError(error: unknown): boolean {
  // Duck-typed so that a plugin built against another copy of @gcstream/core is still understood.
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}

/** `retryAfterMs` on the error or in its `details` (how `errors.sinkRetryable` callers pass it). */
export function retryAfterOf(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 0;
  const direct = (error as { retryAfterMs?: unknown }).retryAfterMs;
  const detailed = (error as { details?: { retryAfterMs?: unknown } }).details?.retryAfterMs;
  const value = typeof direct === 'number' ? direct : detailed;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export function createSinkRunner<E = GenesysEvent>(options: SinkRunnerOptions<E>): SinkRunner<E> {
  const { name, sink, engine, logger, metrics } = options;
  const labels = { sink: name };
  const { size, interval } = engine.batch;
  const giveUp = new AbortController();
  const stats: SinkStats = { delivered: 0, deadLettered: 0, dropped: 0, retries: 0, buffered: 0, inFlight: 0 };
  const buffer = new BatchQueue<E>(size);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = false;
  let draining = false;
  let abortReason: string | undefined;
  let readyWaiters: Array<() => void> = [];
  let idleWaiters: Array<() => void> = [];

  const deadLetter = (events: readonly E[], reason: string) => {
    stats.deadLettered += events.length;
    metrics.inc('gcstream_sink_dead_lettered_total', labels, events.length);
    for (const event of events) options.deadLetter(event, reason);
  };

  const settle = () => {
    stats.buffered = buffer.length;
    metrics.set('gcstream_sink_buffered', buffer.length, labels);
    metrics.set('gcstream_sink_in_flight', stats.inFlight, labels);
    if (readyWaiters.length && (buffer.length < engine.bufferSize || abortReason !== undefined)) {
      const waiters = readyWaiters;
      readyWaiters = [];
      for (const wake of waiters) wake();
    }
    if (idleWaiters.length && buffer.length === 0 && stats.inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
  };

  const write = async (batch: E[]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await sink.write(batch);
        stats.delivered += batch.length;
        metrics.inc('gcstream_sink_delivered_total', labels, batch.length);
        return;
      } catch (error) {
        const retryable = isRetryableError(error);
        if (!retryable || attempt >= engine.retry.attempts || abortReason !== undefined) {
          const why = error instanceof Error ? error.message : String(error);
          logger.error({ err: error, events: batch.length, attempts: attempt + 1 }, `write failed, ${batch.length} events dead-lettered`);
          deadLetter(batch, retryable && abortReason === undefined ? `gave up after ${attempt + 1} attempts: ${why}` : why);
          return;
        }
        // A destination that said when to come back (HTTP 429 Retry-After) is not asked sooner.
        const delay = Math.max(backoffDelay(attempt, { ...engine.retry, random: options.random }), retryAfterOf(error));
        stats.retries++;
        metrics.inc('gcstream_sink_retries_total', labels);
        logger.warn({ err: error, attempt: attempt + 1, delayMs: delay }, 'write failed, retrying');
        await sleep(delay, giveUp.signal);
        if (abortReason !== undefined) {
          deadLetter(batch, abortReason);
          return;
        }
      }
    }
  };

  const pump = () => {
    while (stats.inFlight < engine.maxInFlight && buffer.length > 0 && (buffer.length >= size || due || draining)) {
      due = false;
      const batch = buffer.take();
      stats.inFlight++;
      void write(batch).finally(() => {
        stats.inFlight--;
        pump();
      });
    }
    if (buffer.length === 0) {
      due = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
    } else if (!timer && !due && !draining) {
      timer = setTimeout(() => {
        timer = undefined;
        due = true;
        pump();
      }, interval);
    }
    settle();
  };

  return {
    name,
    offer(event) {
      if (abortReason !== undefined) {
        deadLetter([event], abortReason);
        return true;
      }
      if (buffer.length >= engine.bufferSize) {
        if (engine.onFull === 'block') return false;
        stats.dropped++;
        metrics.inc('gcstream_sink_dropped_total', labels);
        deadLetter([event], `buffer full (${engine.bufferSize} events): the sink is failing or slower than the input`);
        return true;
      }
      buffer.push(event);
      // Only when a batch can start now, or the first event of a batch needs its interval timer:
      // during a burst with every write slot busy, offering stays a push.
      if (((buffer.length >= size || draining || due) && stats.inFlight < engine.maxInFlight) || (!timer && !due && !draining)) pump();
      return true;
    },
    whenReady() {
      if (buffer.length < engine.bufferSize || abortReason !== undefined) return Promise.resolve();
      return new Promise((resolve) => readyWaiters.push(resolve));
    },
    hasRoom: () => buffer.length < engine.bufferSize && abortReason === undefined,
    drain() {
      draining = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pump();
      if (buffer.length === 0 && stats.inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    abort(reason) {
      if (abortReason !== undefined) return;
      abortReason = reason;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const left = buffer.takeAll();
      if (left.length) deadLetter(left, reason);
      giveUp.abort();
      settle();
    },
    stats: () => ({ ...stats, buffered: buffer.length }),
  };
}
