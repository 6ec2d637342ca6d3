import { asyncScheduler, identity, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { DeadLetter, GenesysEvent } from '../model/events.js';
import { celContext, celExpression, compileCel, eventMatchConfigShape, eventMatcher, fromCel, isMissingField, type CelProgram, type EventMatchOptions } from './_eventMatch.js';
import { z } from 'zod';
import { fieldPathProblem, fieldPathSchema } from '../config/fieldPathText.js';
import { defineOperator } from './defineOperator.js';

export interface MapOptions extends EventMatchOptions {
  /**
   * Field path → CEL expression. Each result is written at its path in a copy of the event (the
   * input is never changed): `{ "eventBody.waitSeconds": "eventBody.waitMs / 1000.0" }`. An
   * expression that reads a missing field leaves its path unset.
   */
  readonly set?: Readonly<Record<string, string>>;
  /** Field paths to remove from the copy, e.g. `eventBody.participants`. */
  readonly remove?: readonly string[];
  /** Receives an event an expression failed on (a type error, not a missing field); it is then dropped. Without it, the error travels down the stream. */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  /** The clock that stamps dead letters. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
}

type Loose = Record<string, unknown>;

/** Copies each object along `path` (so the input is untouched) and sets or removes the last step. */
function writePath(root: Loose, path: readonly string[], value: unknown, remove: boolean): void {
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    const copy: Loose = Array.isArray(next) ? ([...next] as unknown as Loose) : typeof next === 'object' && next !== null ? { ...(next as Loose) } : {};
    if (remove && (typeof next !== 'object' || next === null)) return;
    node[key] = copy;
    node = copy;
  }
  const last = path[path.length - 1]!;
  if (remove) delete node[last];
  else node[last] = value;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
const splitPath = (path: string, owner: string): string[] => {
  const parts = path.split('.').filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => FORBIDDEN.has(p))) throw new TypeError(`[gcstream] [operator:${owner}] "${path}" is not a field path it can write`);
  return parts;
};

/**
 * Reshapes the events that match (a topic pattern, a family, a CEL expression; all when none is
 * given): sets fields from CEL expressions over the event and removes fields. Other events pass
 * unchanged. With nothing to set or remove it is the identity.
 *
 * @example
 * ```ts
 * events$.pipe(map({ family: 'detail', set: { 'eventBody.outcome': 'eventBody.acdOutcome.lowerAscii()' }, remove: ['metadata'] }));
 * ```
 */
export function map<T extends GenesysEvent>(options: MapOptions = {}): MonoTypeOperatorFunction<T> {
  const sets: [string[], CelProgram][] = Object.entries(options.set ?? {}).map(([path, expression]) => [splitPath(path, 'map'), compileCel(expression, 'map')]);
  const removes = (options.remove ?? []).map((path) => splitPath(path, 'map'));
  if (sets.length === 0 && removes.length === 0) return identity;
  const matcher = eventMatcher(options, 'map');
  const scheduler = options.scheduler ?? asyncScheduler;
  const { onDeadLetter } = options;
  return (source) =>
    new Observable<T>((subscriber) =>
      source.subscribe({
        next(event) {
          const fail = (reason: string) => {
            if (onDeadLetter === undefined) return subscriber.error(new TypeError(`[gcstream] [operator:map] ${reason}`));
            onDeadLetter({ stage: 'operator:map', reason, payload: event, at: scheduler.now() });
          };
          const matched = matcher.test(event);
          if (matched instanceof Error) return fail(matched.message);
          if (!matched) return subscriber.next(event);
          const context = celContext(event);
          const out: Loose = { ...(event as unknown as Loose) };
          for (const [path, program] of sets) {
            let value: unknown;
            try {
              value = program(context);
            } catch (error) {
              if (isMissingField(error)) continue;
              return fail(`the expression "${program.source}" for ${path.join('.')} failed: ${(error as Error).message.split('\n')[0]}`);
            }
            writePath(out, path, fromCel(value), false);
          }
          for (const path of removes) writePath(out, path, undefined, true);
          subscriber.next(out as T);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}

/** The `map:` options in a pipeline config. */
export const mapConfigSchema = z.strictObject({
  ...eventMatchConfigShape,
  set: z
    .record(z.string(), celExpression('write an expression over the event, e.g. eventBody.waitMs / 1000.0'))
    // Keys checked here, not by the record's key schema, whose issue only says "Invalid key in record".
    .superRefine((set, ctx) => {
      for (const path of Object.keys(set)) {
        const problem = fieldPathProblem(path);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [path], message: problem });
      }
    })
    .optional()
    .meta({ description: 'Field path to CEL expression: "eventBody.waitSeconds": "eventBody.waitMs / 1000.0".' }),
  remove: z.array(fieldPathSchema).optional().meta({ description: 'Field paths to remove.' }),
});

export const mapOperator = defineOperator({
  name: 'map',
  description: 'Sets fields from CEL expressions and removes fields, on the events that match.',
  configSchema: mapConfigSchema,
  create: (config, ctx) => map({ ...config, onDeadLetter: ctx.deadLetter, scheduler: ctx.scheduler }),
});
