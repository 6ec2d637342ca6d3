import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { z } from 'zod';
import { durationSchema } from '../config/duration.js';
import { fieldPathSchema } from '../config/fieldPathText.js';
import type { DeadLetter, GenesysEvent } from '../model/events.js';
import { fieldPath } from '../model/fieldPath.js';
import { toEpochMs } from '../model/schemas/eventTime.js';
import { defineOperator } from './defineOperator.js';
import { RecencyList, type Linked } from './_recency.js';

export interface ReorderOptions<T> {
  /** The value events are put in order of: a number, or a time as epoch ms or ISO 8601 text. @default (event) => event.eventTime */
  readonly by?: (event: T) => unknown;
  /** A key to order within (each conversation on its own); without it, one order for every event. */
  readonly per?: (event: T) => unknown;
  /** How long (ms) an event is held for earlier ones to arrive: the delay it adds, and the most disorder it repairs. @default 2000 */
  readonly maxDelay?: number;
  /** The most events held at once (bounds memory); past it the longest held goes on early, with its key's events ordered before it. @default 100000 */
  readonly maxHeld?: number;
  /** Where time comes from; tests pass a `TestScheduler`. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /** Called with an event that came after a later one of its key had already gone on: it goes on at once, out of order. */
  readonly onLate?: (event: T) => void;
  /** Called with an event without a value to order by (or, with `per`, without a key): it goes on at once. */
  readonly onUnordered?: (event: T) => void;
  /** Called for each event sent on before `maxDelay` because `maxHeld` was reached. */
  readonly onReleasedEarly?: () => void;
  /** Given, once subscribed, a reader of how many events are held now (for a gauge). */
  readonly onHeld?: (held: () => number) => void;
  /**
   * Receives an event whose `by` or `per` function threw, which is then dropped. Without it, such
   * an error travels down the stream (after the held events).
   */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
}

export const REORDER_DEFAULT_MAX_DELAY = 2_000;
export const REORDER_DEFAULT_MAX_HELD = 100_000;

/**
 * One key's order: its held events by value (ties by arrival) from `first` on, and the value it
 * last sent on. Sent events are passed over by `first`, not spliced off the front: one order for
 * every event holds up to `maxHeld` of them, and shifting them all for each one sent made a
 * backlog quadratic (200,000 events in order took 15 s).
 */
interface KeyOrder<T> extends Linked {
  readonly key: string;
  held: Held<T>[];
  first: number;
  last: number;
}

interface Held<T> {
  readonly event: T;
  readonly value: number;
  readonly order: KeyOrder<T>;
  /** When it goes on at the latest (scheduler time). */
  readonly due: number;
  sent: boolean;
}

const byEventTime = (event: unknown): unknown => (event as { eventTime?: unknown }).eventTime;
const ONE_ORDER = '';
const keyText = (key: unknown): string | undefined => (typeof key === 'string' ? key : typeof key === 'number' || typeof key === 'boolean' ? String(key) : key === undefined || key === null ? undefined : JSON.stringify(key));

/**
 * Puts events back in order of a value (their event time, or a field such as an utterance's
 * offset), within each key or across all: each event is held for `maxDelay`, and goes on with
 * every event of its key ordered before it. So any disorder shorter than `maxDelay` (an event
 * arriving at most that long after one it should precede) comes out in order, at the cost of
 * that delay; ties keep their order of arrival.
 *
 * Nothing is lost: an event that arrives after a later one of its key has gone on is passed on
 * at once (`onLate`), and so is one without a value to order by (`onUnordered`); one whose `by`
 * or `per` function threw goes to `onDeadLetter`. Completion and errors first send every held
 * event on, in order. Memory is bounded by `maxHeld` (events held, and keys remembered).
 *
 * @example
 * ```ts
 * // Each conversation's utterances in the order they were spoken, whichever finished first.
 * transcripts$.pipe(reorder({ by: (e) => e.eventBody.transcripts[0]?.alternatives[0]?.offsetMs, per: (e) => e.ids[0], maxDelay: 5_000 }));
 * ```
 */
export function reorder<T>(options: ReorderOptions<T> = {}): MonoTypeOperatorFunction<T> {
  const valueOf = options.by ?? byEventTime;
  const { per, onLate, onUnordered, onReleasedEarly, onDeadLetter } = options;
  const maxDelay = Math.max(0, options.maxDelay ?? REORDER_DEFAULT_MAX_DELAY);
  const maxHeld = Math.max(1, options.maxHeld ?? REORDER_DEFAULT_MAX_HELD);
  const scheduler = options.scheduler ?? asyncScheduler;

  return (source) =>
    new Observable<T>((subscriber) => {
      /** Held events in order of arrival, so of `due`; `head` is the first not yet looked at. */
      let arrivals: Held<T>[] = [];
      let head = 0;
      /**
       * Each key's order, kept after its last event went on so a late one is known as such.
       * `recency` lists them least recently sent on first. Past `maxHeld` keys, the first there
       * that holds nothing is forgotten: a late event comes soon after its key sent, so the key
       * sent on longest ago is the one least likely to see one.
       */
      const keys = new Map<string, KeyOrder<T>>();
      const recency = new RecencyList<KeyOrder<T>>();
      let held = 0;
      let timer: Subscription | undefined;
      options.onHeld?.(() => held);

      const orderOf = (key: string): KeyOrder<T> => {
        let order = keys.get(key);
        if (order !== undefined) return order;
        keys.set(key, (order = { key, held: [], first: 0, last: Number.NEGATIVE_INFINITY, older: undefined, newer: undefined }));
        if (keys.size > maxHeld) {
          for (const o of recency) {
            if (o.held.length > o.first) continue;
            keys.delete(o.key);
            recency.remove(o);
            break;
          }
        }
        recency.touch(order);
        return order;
      };
      /** Sends `h` on, with every event of its key ordered before it; returns how many went. */
      const sendThrough = (h: Held<T>): number => {
        const order = h.order;
        const list = order.held;
        const from = order.first;
        const through = list.indexOf(h, from);
        for (let i = from; i <= through; i++) {
          const item = list[i]!;
          item.sent = true;
          subscriber.next(item.event);
        }
        const sent = through + 1 - from;
        held -= sent;
        order.last = h.value;
        recency.touch(order);
        if (through + 1 === list.length) (order.held = []), (order.first = 0);
        else if (through + 1 > 1024 && (through + 1) * 2 > list.length) (order.held = list.slice(through + 1)), (order.first = 0);
        else order.first = through + 1;
        return sent;
      };
      const forgetSent = () => {
        if (head > 1024 && head * 2 > arrivals.length) (arrivals = arrivals.slice(head)), (head = 0);
      };
      const sendDue = () => {
        timer = undefined;
        const now = scheduler.now();
        while (head < arrivals.length && arrivals[head]!.due <= now) {
          const h = arrivals[head++]!;
          if (!h.sent) sendThrough(h);
        }
        forgetSent();
        arm();
      };
      /** One timer, for the longest held: the others are due after it. */
      const arm = () => {
        while (head < arrivals.length && arrivals[head]!.sent) head++;
        if (timer !== undefined || head >= arrivals.length) return;
        timer = scheduler.schedule(sendDue, Math.max(0, arrivals[head]!.due - scheduler.now()));
      };
      const sendAll = () => {
        timer?.unsubscribe();
        timer = undefined;
        for (const order of keys.values()) {
          const list = order.held;
          for (let i = order.first; i < list.length; i++) (list[i]!.sent = true), subscriber.next(list[i]!.event);
          order.held = [];
          order.first = 0;
        }
        arrivals = [];
        head = 0;
        held = 0;
      };

      const subscription = source.subscribe({
        next(event) {
          let value: number | undefined;
          let key: string | undefined;
          try {
            value = toEpochMs(valueOf(event));
            key = per === undefined ? ONE_ORDER : keyText(per(event));
          } catch (error) {
            const reason = `reading the value to order by or the key threw: ${(error as Error)?.message ?? String(error)}`;
            if (onDeadLetter !== undefined) return onDeadLetter({ stage: 'operator:reorder', reason, payload: event, at: scheduler.now() });
            sendAll();
            return subscriber.error(error);
          }
          if (value === undefined || key === undefined) {
            onUnordered?.(event);
            return subscriber.next(event);
          }
          const order = orderOf(key);
          if (value < order.last) {
            onLate?.(event);
            return subscriber.next(event);
          }
          const h: Held<T> = { event, value, order, due: scheduler.now() + maxDelay, sent: false };
          const list = order.held;
          if (list.length === order.first || list[list.length - 1]!.value <= value) list.push(h);
          else {
            // After every held event of a value up to its own: ties keep their order of arrival.
            let lo = order.first;
            let hi = list.length;
            while (lo < hi) {
              const mid = (lo + hi) >>> 1;
              if (list[mid]!.value <= value) lo = mid + 1;
              else hi = mid;
            }
            list.splice(lo, 0, h);
          }
          arrivals.push(h);
          held++;
          while (held > maxHeld) {
            while (arrivals[head]!.sent) head++;
            // The longest held goes with the events of its key ordered before it: each is early.
            const early = sendThrough(arrivals[head++]!);
            if (onReleasedEarly !== undefined) for (let i = 0; i < early; i++) onReleasedEarly();
          }
          forgetSent();
          arm();
        },
        error(error: unknown) {
          sendAll();
          subscriber.error(error);
        },
        complete() {
          sendAll();
          subscriber.complete();
        },
      });
      return () => {
        timer?.unsubscribe();
        subscription.unsubscribe();
        keys.clear();
        arrivals = [];
        // What was held is let go: the gauge (read after a run that was cut, or ended by a take) says so.
        held = 0;
      };
    });
}

/** The `reorder:` options in a pipeline config. */
export const reorderConfigSchema = z
  .strictObject({
    by: z
      .union([fieldPathSchema, z.array(fieldPathSchema).min(1)])
      .default('eventTime')
      .meta({
        description:
          'Field path of the value to order by: a number, or a time as epoch ms or ISO 8601 text (eventBody.transcripts.0.alternatives.0.offsetMs). Several: the first an event has.',
      }),
    per: fieldPathSchema.optional().meta({ description: 'Field path of a key to order within (ids.0: each conversation on its own); without it, one order for all events.' }),
    maxDelay: durationSchema.prefault('2s').meta({ description: 'How long an event is held for earlier ones to arrive: the delay it adds, and the most disorder it repairs.' }),
    maxHeld: z.number().int().positive().default(REORDER_DEFAULT_MAX_HELD).meta({ description: 'The most events held at once (bounds memory); past it the longest held goes on early, with the events of its key ordered before it.' }),
  })
  .prefault({})
  .superRefine((c, ctx) => {
    // Zero parses as a duration, but an operator that holds nothing orders nothing.
    if (c.maxDelay === 0) ctx.addIssue({ code: 'custom', path: ['maxDelay'], message: 'maxDelay must be more than 0, e.g. 2s: the longest an event may come after one it should follow' });
  });

/** A reader of the first of `paths` an event has (not undefined or null). */
function firstOf(paths: readonly string[]): (event: unknown) => unknown {
  const readers = paths.map(fieldPath);
  if (readers.length === 1) return readers[0]!;
  return (event) => {
    for (const read of readers) {
      const value = read(event);
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  };
}

export const reorderOperator = defineOperator({
  name: 'reorder',
  description: 'Puts events back in order of their event time or a field, within each key or across all, holding each for up to maxDelay.',
  configSchema: reorderConfigSchema,
  create(config, ctx) {
    const by = firstOf(typeof config.by === 'string' ? [config.by] : config.by);
    const per = config.per === undefined ? undefined : fieldPath(config.per);
    return reorder<GenesysEvent>({
      by,
      per,
      maxDelay: config.maxDelay,
      maxHeld: config.maxHeld,
      scheduler: ctx.scheduler,
      onLate: () => ctx.metrics.inc('gcstream_reorder_late_total'),
      onUnordered: () => ctx.metrics.inc('gcstream_reorder_unordered_total'),
      onReleasedEarly: () => ctx.metrics.inc('gcstream_reorder_released_early_total'),
      onHeld: (read) => ctx.metrics.gaugeFrom('gcstream_reorder_held', read),
      onDeadLetter: ctx.deadLetter,
    });
  },
});
