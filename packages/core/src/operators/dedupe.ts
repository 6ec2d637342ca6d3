import { asyncScheduler, identity, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { DeadLetter } from '../model/events.js';

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
 * Removes events whose key was already seen within `ttl`. Keys live in a Map in insertion order,
 * which is also first-seen order, so the oldest key is always at the front: expiry and the size
 * bound both cost O(1) per event and memory stays bounded by `maxEntries`. A key's TTL runs from
 * its first sighting and is not extended by duplicates, so a key that keeps repeating still
 * passes once per `ttl`.
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
      const firstSeen = new Map<string, number>();
      const subscription = source.subscribe({
        next(event) {
          let key: string;
          try {
            key = keyOf(event);
          } catch (error) {
            if (onDeadLetter === undefined) subscriber.error(error);
            else onDeadLetter({ stage: 'operator:dedupe', reason: `key function threw: ${(error as Error)?.message ?? String(error)}`, payload: event, at: scheduler.now() });
            return;
          }
          const now = scheduler.now();
          const horizon = now - ttl;
          for (const [oldKey, seenAt] of firstSeen) {
            if (seenAt > horizon) break;
            firstSeen.delete(oldKey);
          }
          if (firstSeen.has(key)) {
            if (onDuplicate !== undefined) {
              try {
                onDuplicate(event);
              } catch {
                // A failing observer of duplicates must not change what the pipeline delivers.
              }
            }
            return;
          }
          if (firstSeen.size >= maxEntries) firstSeen.delete(firstSeen.keys().next().value as string);
          firstSeen.set(key, now);
          subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        subscription.unsubscribe();
        firstSeen.clear();
      };
    });
}
