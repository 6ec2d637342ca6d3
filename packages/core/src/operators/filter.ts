import { asyncScheduler, identity, ignoreElements, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { DeadLetter, GenesysEvent } from '../model/events.js';
import { eventMatchConfigShape, eventMatcher, type EventMatchOptions } from './_eventMatch.js';
import { z } from 'zod';
import { defineOperator } from './defineOperator.js';

export interface FilterOptions extends EventMatchOptions {
  /** Keep the events that do NOT match instead. @default false */
  readonly invert?: boolean;
  /**
   * Receives an event whose expression failed (a type error, not a missing field), which is then
   * dropped. Without it, the error travels down the stream.
   */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  /** The clock that stamps dead letters. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
}

/**
 * Keeps the events that match a topic pattern, a family and a CEL expression (all that are
 * given). With none given it is the identity.
 *
 * @example
 * ```ts
 * events$.pipe(filter({ family: 'detail', topic: 'v2.detail.events.**.acd.end', where: 'eventBody.acdOutcome == "ABANDON"' }));
 * ```
 */
export function filter<T extends GenesysEvent>(options: FilterOptions = {}): MonoTypeOperatorFunction<T> {
  const matcher = eventMatcher(options, 'filter');
  const invert = options.invert === true;
  if (matcher.all) return invert ? (source) => source.pipe(ignoreElements()) : identity;
  const { onDeadLetter } = options;
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<T>((subscriber) =>
      source.subscribe({
        next(event) {
          const result = matcher.test(event);
          if (result instanceof Error) {
            if (onDeadLetter === undefined) return subscriber.error(result);
            return onDeadLetter({ stage: 'operator:filter', reason: result.message, payload: event, at: scheduler.now() });
          }
          if (result !== invert) subscriber.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}

/** The `filter:` options in a pipeline config. */
export const filterConfigSchema = z.strictObject({
  ...eventMatchConfigShape,
  invert: z.boolean().default(false).meta({ description: 'Keep the events that do not match instead.' }),
});

export const filterOperator = defineOperator({
  name: 'filter',
  description: 'Keeps the events that match a topic pattern, a family and a CEL expression.',
  configSchema: filterConfigSchema,
  create: (config, ctx) => filter({ ...config, onDeadLetter: ctx.deadLetter, scheduler: ctx.scheduler }),
});
