import type { Logger } from 'pino';
import { asyncScheduler, type SchedulerLike, type Subscription } from 'rxjs';
import type { GenesysEvent } from '../model/events.js';
import type { Labels, Metrics } from '../metrics/metrics.js';
import { backoffDelay } from '../retry/backoff.js';
import type { Sink } from './defineSink.js';
import { BatchQueue } from './_batchQueue.js';
import { createDropLog } from './_dropLog.js';
import { sleep } from './_sleep.js';
import { isWriteTimeout, writeWithTimeout } from './_writeWithTimeout.js';
import { describeError, isRetryableError, retryAfterOf } from './sinkErrors.js';
import type { SinkEngineOptions } from './sinkEngineOptions.js';

export { isRetryableError, retryAfterOf } from './sinkErrors.js';

export interface SinkRunnerOptions<E = GenesysEvent> {
  /** The sink's label in logs and metrics (`console`, or `console#2` for a second console sink). */
  readonly name: string;
  readonly sink: Sink<E>;
  readonly engine: SinkEngineOptions;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Where an event goes that this sink could not take or deliver, with why and how many writes of
   * it were tried (0 for an event dropped from a full buffer).
   */
  readonly deadLetter: (event: E, reason: string, attempts: number) => void;
  /** For tests of the backoff: the jitter's random source. @default Math.random */
  readonly random?: () => number;
  /** Every timer of the engine (batch interval, backoff, write timeout) runs on it. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /** When an event was received (ms, on the scheduler's clock), for `gcstream_receive_to_sink_seconds`. */
  readonly receivedAt?: (event: E) => number;
}

export interface SinkStats {
  /** Events whose write resolved. */
  delivered: number;
  /** Events given up on after a fatal error, the last retry or a hard stop, or dropped because the buffer was full. */
  deadLettered: number;
  /** Of the dead-lettered, those dropped because the buffer was full (`onFull: dead-letter` or `drop-oldest`). */
  dropped: number;
  /** Write attempts repeated after a retryable error. */
  retries: number;
  /** Writes that did not return within `writeTimeout`. */
  timeouts: number;
  buffered: number;
  /** Writes running now. */
  inFlight: number;
  /** How long the oldest batch still being written has been out of the buffer, in ms (0 when none). */
  oldestInFlightMs: number;
}

/**
 * The engine in front of one sink: buffering bounded by `onFull`, batching by size and interval,
 * `maxInFlight` concurrent writes, a timeout per write, retries with backoff, dead letters. It
 * never throws to its caller, so one sink's trouble stays with that sink.
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
  /**
   * Gives up: stops retry waits and dead-letters everything not delivered, the batches whose
   * write has not returned included (a write that never returns must not take its batch with it).
   */
  abort(reason: string): void;
  stats(): SinkStats;
}

/** A batch out of the buffer. `done` once delivered or dead-lettered: a write that returns later is ignored. */
interface InFlight<E> {
  readonly batch: E[];
  readonly takenAt: number;
  attempts: number;
  done: boolean;
  /** The running write's `writeTimeout` timer, cancelled when a hard stop gives the batch up. */
  timeout?: Subscription | undefined;
}

export function createSinkRunner<E = GenesysEvent>(options: SinkRunnerOptions<E>): SinkRunner<E> {
  const { name, sink, engine, logger, metrics } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  const labels: Labels = { sink: name };
  const policy = engine.onFull === 'drop' ? 'dead-letter' : engine.onFull;
  const dropLabels: Labels = { sink: name, policy };
  const { size, interval } = engine.batch;
  const giveUp = new AbortController();
  const stats = { delivered: 0, deadLettered: 0, dropped: 0, retries: 0, timeouts: 0 };
  const buffer = new BatchQueue<E>(size);
  // Insertion order is age order: the first entry is the oldest batch in flight.
  const inFlight = new Set<InFlight<E>>();
  const drops = createDropLog(logger, scheduler, engine.bufferSize);
  let timer: Subscription | undefined;
  let due = false;
  let draining = false;
  let abortReason: string | undefined;
  let readyWaiters: Array<() => void> = [];
  let idleWaiters: Array<() => void> = [];

  const oldestInFlightMs = (): number => {
    for (const entry of inFlight) return Math.max(0, scheduler.now() - entry.takenAt);
    return 0;
  };
  // Every series exists from the start, so a sink that has not delivered yet is still shown.
  for (const counter of ['gcstream_sink_delivered_total', 'gcstream_sink_retries_total', 'gcstream_sink_write_timeouts_total', 'gcstream_sink_dead_lettered_total']) {
    metrics.inc(counter, labels, 0);
  }
  metrics.inc('gcstream_sink_dropped_total', dropLabels, 0);
  // A runner exists once its sink connected; a failing write marks it down until one succeeds (what /readyz reports).
  metrics.set('gcstream_sink_connected', 1, labels);
  metrics.gaugeFrom('gcstream_sink_buffered', () => buffer.length, labels);
  metrics.gaugeFrom('gcstream_sink_in_flight', () => inFlight.size, labels);
  metrics.gaugeFrom('gcstream_sink_oldest_in_flight_seconds', () => oldestInFlightMs() / 1000, labels);

  const deadLetter = (events: readonly E[], reason: string, attempts: number) => {
    stats.deadLettered += events.length;
    metrics.inc('gcstream_sink_dead_lettered_total', labels, events.length);
    for (const event of events) options.deadLetter(event, reason, attempts);
  };

  const drop = (event: E) => {
    stats.dropped++;
    metrics.inc('gcstream_sink_dropped_total', dropLabels);
    drops.note(policy);
    deadLetter([event], `buffer full (${engine.bufferSize} events, onFull: ${policy}): the sink is failing or slower than the input`, 0);
  };

  const wake = () => {
    if (readyWaiters.length && (buffer.length < engine.bufferSize || abortReason !== undefined)) {
      const waiters = readyWaiters;
      readyWaiters = [];
      for (const resolve of waiters) resolve();
    }
    if (idleWaiters.length && buffer.length === 0 && inFlight.size === 0) {
      drops.flush();
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const delivered = (entry: InFlight<E>) => {
    const now = scheduler.now();
    stats.delivered += entry.batch.length;
    metrics.inc('gcstream_sink_delivered_total', labels, entry.batch.length);
    metrics.observe('gcstream_sink_batch_latency_seconds', (now - entry.takenAt) / 1000, labels);
    if (options.receivedAt) {
      for (const event of entry.batch) metrics.observe('gcstream_receive_to_sink_seconds', Math.max(0, now - options.receivedAt(event)) / 1000, labels);
    }
  };

  const write = async (entry: InFlight<E>) => {
    const { batch } = entry;
    for (;;) {
      entry.attempts++;
      try {
        await writeWithTimeout(sink, name, batch, engine.writeTimeout, scheduler, entry);
        metrics.set('gcstream_sink_connected', 1, labels);
        if (!entry.done) delivered(entry);
        return;
      } catch (error) {
        metrics.set('gcstream_sink_connected', 0, labels);
        if (entry.done) return;
        const timedOut = isWriteTimeout(error);
        if (timedOut) {
          stats.timeouts++;
          metrics.inc('gcstream_sink_write_timeouts_total', labels);
        }
        const retryable = isRetryableError(error);
        if (!retryable || entry.attempts > engine.retry.attempts || abortReason !== undefined) {
          const why = describeError(error);
          logger.error({ err: error, events: batch.length, attempts: entry.attempts }, `write failed, ${batch.length} events dead-lettered`);
          deadLetter(batch, retryable && abortReason === undefined ? `gave up after ${entry.attempts} attempts: ${why}` : why, entry.attempts);
          return;
        }
        // A destination that said when to come back (HTTP 429 Retry-After) is not asked sooner.
        const delay = Math.max(backoffDelay(entry.attempts - 1, { ...engine.retry, random: options.random }), retryAfterOf(error));
        stats.retries++;
        metrics.inc('gcstream_sink_retries_total', labels);
        logger.warn({ err: error, attempt: entry.attempts, delayMs: delay }, timedOut ? 'write timed out, retrying' : 'write failed, retrying');
        await sleep(delay, giveUp.signal, scheduler);
        if (entry.done) return;
        if (abortReason !== undefined) {
          deadLetter(batch, abortReason, entry.attempts);
          return;
        }
      }
    }
  };

  const pump = () => {
    while (inFlight.size < engine.maxInFlight && buffer.length > 0 && (buffer.length >= size || due || draining)) {
      due = false;
      const entry: InFlight<E> = { batch: buffer.take(), takenAt: scheduler.now(), attempts: 0, done: false, timeout: undefined };
      inFlight.add(entry);
      void write(entry).finally(() => {
        entry.done = true;
        // Already removed when a hard stop gave the batch up while its write still ran.
        if (inFlight.delete(entry)) pump();
      });
    }
    if (buffer.length === 0) {
      due = false;
      timer?.unsubscribe();
      timer = undefined;
    } else if (!timer && !due && !draining) {
      timer = scheduler.schedule(() => {
        timer = undefined;
        due = true;
        pump();
      }, interval);
    }
    wake();
  };

  return {
    name,
    offer(event) {
      if (abortReason !== undefined) {
        deadLetter([event], abortReason, 0);
        return true;
      }
      if (buffer.length >= engine.bufferSize) {
        if (policy === 'block') return false;
        if (policy === 'dead-letter') {
          drop(event);
          return true;
        }
        // drop-oldest: the oldest waiting event makes room, so the sink stays current.
        const oldest = buffer.shift();
        if (oldest !== undefined) drop(oldest);
      }
      buffer.push(event);
      // Only when a batch can start now, or the first event of a batch needs its interval timer:
      // during a burst with every write slot busy, offering stays a push.
      if (((buffer.length >= size || draining || due) && inFlight.size < engine.maxInFlight) || (!timer && !due && !draining)) pump();
      return true;
    },
    whenReady() {
      if (buffer.length < engine.bufferSize || abortReason !== undefined) return Promise.resolve();
      return new Promise((resolve) => readyWaiters.push(resolve));
    },
    hasRoom: () => buffer.length < engine.bufferSize && abortReason === undefined,
    drain() {
      draining = true;
      timer?.unsubscribe();
      timer = undefined;
      pump();
      if (buffer.length === 0 && inFlight.size === 0) {
        drops.flush();
        return Promise.resolve();
      }
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    abort(reason) {
      if (abortReason !== undefined) return;
      abortReason = reason;
      timer?.unsubscribe();
      timer = undefined;
      for (const entry of inFlight) {
        entry.done = true;
        entry.timeout?.unsubscribe();
        const age = scheduler.now() - entry.takenAt;
        logger.error({ events: entry.batch.length, attempts: entry.attempts, ageMs: age }, `a write had not finished after ${age} ms; its ${entry.batch.length} events are dead-lettered`);
        deadLetter(entry.batch, `${reason}; the write had not finished after ${age} ms (${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'})`, entry.attempts);
      }
      inFlight.clear();
      const left = buffer.takeAll();
      if (left.length) deadLetter(left, reason, 0);
      giveUp.abort();
      drops.flush();
      wake();
    },
    stats: () => ({ ...stats, buffered: buffer.length, inFlight: inFlight.size, oldestInFlightMs: oldestInFlightMs() }),
  };
}
