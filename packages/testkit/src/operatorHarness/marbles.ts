import { config as rxConfig, map, mergeMap, of, EMPTY, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { harnessScheduler } from './harnessScheduler.js';
import type { DeadLetter, GenesysEvent, Metrics } from '@gcstream/core';
import { matchesPattern } from './_match.js';
import { decodeInput, isDeadLetter, type OperatorInput } from './inputs.js';
import { buildOperator, type AnyOperatorDefinition } from './operatorUnderTest.js';
import { createTestOperatorContext } from './testContext.js';

/** The epoch ms that virtual frame 0 stands for: inputs are received at `epoch + frame`. */
export const MARBLE_EPOCH = Date.UTC(2026, 0, 5, 9);

export interface MarbleInput {
  /** The input diagram, as in RxJS marble tests: `'a 59s b|'` (time progression in ms, s or m). */
  readonly marbles: string;
  /** What each letter stands for: a notification as Genesys sends it, `{ frame }`, or a decoded event. */
  readonly values?: Readonly<Record<string, OperatorInput>>;
  /** The error for `#` in the diagram. */
  readonly error?: unknown;
  /** @default MARBLE_EPOCH */
  readonly epoch?: number;
  /** Virtual ms at which the run ends (the output is unsubscribed) when the diagram never completes. @default 3600000 */
  readonly until?: number;
}

export interface MarbleRun {
  /** What the operator emitted, each with its virtual frame; the output's `complete` or `error` last. */
  readonly notifications: ReadonlyArray<{ readonly frame: number; readonly kind: 'N' | 'E' | 'C'; readonly value?: GenesysEvent; readonly error?: unknown }>;
  readonly events: readonly GenesysEvent[];
  readonly deadLetters: readonly DeadLetter[];
  readonly metrics: Metrics;
}

/**
 * Runs an operator definition (built in or your own `defineOperator`) on a marble diagram, in
 * virtual time: the options go through its schema as in a config, and its `ctx.scheduler` is the
 * `TestScheduler`, so its timers are part of the diagram. No scheduler wiring in the test.
 *
 * @example
 * ```ts
 * const run = runOperator(longWait, { after: '60s' }, { marbles: 'a 59s b', values: { a: waiting, b: stillWaiting } });
 * ```
 */
export function runOperator(definition: AnyOperatorDefinition, options: unknown, input: MarbleInput): MarbleRun {
  const scheduler = harnessScheduler();
  const { ctx, deadLetters, metrics } = createTestOperatorContext(scheduler);
  const notifications: Array<MarbleRun['notifications'][number]> = [];
  const epoch = input.epoch ?? MARBLE_EPOCH;
  const previousHandler = rxConfig.onUnhandledError;
  const thrown: unknown[] = [];
  rxConfig.onUnhandledError = (e) => thrown.push(e);
  try {
    scheduler.run(({ cold }) => {
      const operator = buildOperator(definition, options, ctx);
      const source = cold<OperatorInput>(input.marbles, input.values as Record<string, OperatorInput> | undefined, input.error).pipe(
        map((value) => decodeInput(value, epoch + scheduler.now())),
        mergeMap((decoded) => (isDeadLetter(decoded) ? (ctx.deadLetter(decoded), EMPTY) : of(decoded))),
      );
      const subscription: Subscription = source.pipe(operator).subscribe({
        next: (value) => notifications.push({ frame: scheduler.now(), kind: 'N', value }),
        error: (error: unknown) => notifications.push({ frame: scheduler.now(), kind: 'E', error }),
        complete: () => notifications.push({ frame: scheduler.now(), kind: 'C' }),
      });
      // A diagram without `|` leaves the operator's timers running: the run ends at `until`.
      scheduler.schedule(() => subscription.unsubscribe(), input.until ?? 3_600_000);
      scheduler.maxFrames = input.until ?? 3_600_000;
    });
  } finally {
    rxConfig.onUnhandledError = previousHandler;
  }
  if (thrown.length > 0) throw thrown[0];
  return { notifications, events: notifications.flatMap((n) => (n.value ? [n.value] : [])), deadLetters, metrics };
}

export interface OperatorExpectation {
  /**
   * Asserts the output diagram. Each expected value lists only the fields to check
   * (`{ topicName: 'gcstream.longWait', eventBody: { waitedMs: 60000 } }`); frames, order,
   * completion and errors must match exactly. Returns the run for further checks.
   */
  toEmit(marbles: string, values?: Readonly<Record<string, unknown>>, error?: unknown): MarbleRun;
}

export function expectOperator(definition: AnyOperatorDefinition, options: unknown, input: MarbleInput): OperatorExpectation {
  return {
    toEmit(marbles, values, error) {
      const run = runOperator(definition, options, input);
      // Parsed in run mode, where a frame is 1 ms as in the input diagram.
      const messages = new TestScheduler(() => {}).run(() => TestScheduler.parseMarbles(marbles, values as Record<string, unknown> | undefined, error, true, true));
      const expected = messages.map((m) => ({
        frame: m.frame,
        kind: m.notification.kind,
        value: m.notification.kind === 'N' ? m.notification.value : undefined,
        error: m.notification.kind === 'E' ? m.notification.error : undefined,
      }));
      const actual = run.notifications;
      const same =
        actual.length === expected.length &&
        expected.every((e, i) => {
          const a = actual[i]!;
          if (a.frame !== e.frame || a.kind !== e.kind) return false;
          if (e.kind === 'N') return matchesPattern(a.value, e.value);
          if (e.kind === 'E') return e.error === undefined || matchesPattern(a.error, e.error);
          return true;
        });
      if (!same) {
        const show = (n: { frame: number; kind: string; value?: unknown; error?: unknown }) =>
          `  ${String(n.frame).padStart(8)}ms ${n.kind === 'N' ? `next ${JSON.stringify(n.value)}` : n.kind === 'E' ? `error ${String((n.error as Error)?.message ?? n.error)}` : 'complete'}`;
        const brief = actual.map((a) => ({ ...a, value: a.value && { topicName: a.value.topicName, eventBody: a.value.eventBody } }));
        throw new Error(`[gcstream] [testkit] operator "${definition.name}" emitted\n${brief.map(show).join('\n') || '  (nothing)'}\nbut the diagram "${marbles}" expects\n${expected.map(show).join('\n') || '  (nothing)'}`);
      }
      return run;
    },
  };
}
