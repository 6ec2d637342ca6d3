import { asyncScheduler, identity, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { DeadLetter } from '../model/events.js';
import { SeenKeys } from './_seenKeys.js';

export interface DedupeOptions<T> {
  /** How long (ms) a key is remembered after it was first seen. @default 600000 (10 minutes) */
  ttl?: number;
  /** The most keys remembered at once; past it the oldest is forgotten first. @default 100000 */
  maxEntries?: number;
  /** The identity of an event. @default (event) => event.key */
  key?: (event: T) => string;
  /** Where time comes from; tests pass a `TestScheduler`. @default asyncScheduler */
  scheduler?: SchedulerLike;
  /** Called with every event removed as a duplicate (for metrics or logs). */
  onDuplicate?: (event: T) => void;
  /** Given, once subscribed, a reader of how many keys are remembered now (for a gauge read when metrics are: nothing per event). */
  onKeys?: (keys: () => number) => void;
  /** Called for each key forgotten before its `ttl` because `maxEntries` was reached: a duplicate of it would pass. */
  onForgottenEarly?: () => void;
  /**
   * Receives an event whose `key` function threw, which is then dropped. Without it, such an
   * error travels down the stream.
   */
  onDeadLetter?: (letter: DeadLetter) => void;
}

export const DEDUPE_DEFAULT_TTL = 600_000;
export const DEDUPE_DEFAULT_MAX_ENTRIES = 100_000;

const byKeyField = (event: unknown): string => (event as { key: string }).key;

/**
 * Removes events whose key was already seen within `ttl`. Keys are held as hashes in a set and,
 * in first-seen order, in a ring, so the oldest key is always at the front: expiry and the size
 * bound both cost O(1) per event and memory stays bounded by `maxEntries` (see `_seenKeys.ts`
 * for why hashes, and what a collision would cost). A key's TTL runs from its first sighting and
 * is not extended by duplicates, so a key that keeps repeating still passes once per `ttl`.
 */
export function dedupe<T extends { readonly key: string }>(options?: DedupeOptions<T>): MonoTypeOperatorFunction<T>;
export function dedupe<T>(options: DedupeOptions<T> & { key: (event: T) => string }): MonoTypeOperatorFunction<T>;
export function dedupe<T>(options: DedupeOptions<T> = {}): MonoTypeOperatorFunction<T> {
  const ttl = options.ttl ?? DEDUPE_DEFAULT_TTL;
  const maxEntries = options.maxEntries ?? DEDUPE_DEFAULT_MAX_ENTRIES;
  if (!(ttl > 0) || !(maxEntries > 0)) return identity;
  const keyOf = options.key ?? (byKeyField as (event: T) => string);
  const scheduler = options.scheduler ?? asyncScheduler;
  const { onDuplicate, onDeadLetter } = options;

  return (source) =>
    new Observable<T>((subscriber) => {
      const seen = new SeenKeys(maxEntries, options.onForgottenEarly);
      options.onKeys?.(() => seen.size);
      const subscription = source.subscribe({
        next(event) {
          let key: string;
          try {
            key = keyOf(event);
            // A key function written in JavaScript may return a number; hash its text.
            if (typeof key !== 'string') key = String(key);
          } catch (error) {
            if (onDeadLetter === undefined) subscriber.error(error);
            else onDeadLetter({ stage: 'operator:dedupe', reason: `key function threw: ${(error as Error)?.message ?? String(error)}`, payload: event, at: scheduler.now() });
            return;
          }
          const now = scheduler.now();
          if (!seen.add(key, now, now - ttl)) {
            if (onDuplicate !== undefined) {
              try {
                onDuplicate(event);
              } catch {
                // A failing observer of duplicates must not change what the pipeline delivers.
              }
            }
            return;
          }
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        subscription.unsubscribe();
        seen.clear();
      };
    });
}
