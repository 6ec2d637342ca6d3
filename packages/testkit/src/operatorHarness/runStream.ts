import { config as rxConfig, Observable, type Subscription } from 'rxjs';
import type { DeadLetter, GenesysEvent, Metrics, OperatorContext } from '@gcstream/core';
import { decodeInput, isDeadLetter, type OperatorInput } from './inputs.js';
import { buildOperator, type AnyOperatorDefinition } from './operatorUnderTest.js';
import { createTestOperatorContext } from './testContext.js';
import { harnessScheduler } from './harnessScheduler.js';

/** An input and when it arrives, in epoch ms: virtual time starts at the first input's. */
export interface TimedInput {
  readonly at: number;
  readonly input: OperatorInput;
}

export interface StreamRunOptions {
  /**
   * Virtual ms the operator keeps running after its input completes, for timers that fire late
   * (a stale sweep, an idle timeout). Teardown follows. @default 0
   */
  readonly settleMs?: number;
  /** Read after every input (a state-size gauge, a map's size); the largest reading is reported. */
  readonly probe?: (ctx: OperatorContext) => number;
}

export interface Emission {
  /** Virtual ms since the first input. */
  readonly frame: number;
  readonly event: GenesysEvent;
}

export interface StreamRun {
  readonly emissions: readonly Emission[];
  readonly events: readonly GenesysEvent[];
  /** Every dead letter: decode's (inputs that are not valid notifications) and the operator's own. */
  readonly deadLetters: readonly DeadLetter[];
  /** How many inputs decode turned into dead letters. */
  readonly decodeDeadLetters: number;
  readonly metrics: Metrics;
  /** The error the operator's output ended with, or that it threw (in `create`, in a callback, in a timer). */
  readonly error?: unknown;
  /** Virtual ms since the first input at which the operator failed. */
  readonly errorFrame?: number;
  readonly completed: boolean;
  /** The largest `probe` reading, when a probe was given. */
  readonly maxProbe?: number;
  readonly inputs: number;
}

/**
 * Runs an operator definition over inputs in virtual time: each input arrives at its `at`, the
 * operator's `ctx.scheduler` is the `TestScheduler`, so its timers run in the same virtual time,
 * and the run takes no wall-clock time however long the stream spans.
 */
export function runStream(definition: AnyOperatorDefinition, options: unknown, inputs: readonly TimedInput[], runOptions: StreamRunOptions = {}): StreamRun {
  const scheduler = harnessScheduler();
  const origin = inputs[0]?.at ?? 0;
  const emissions: Emission[] = [];
  let error: unknown;
  let errorFrame = 0;
  let failed = false;
  let completed = false;
  let decodeDeadLetters = 0;
  let maxProbe: number | undefined;
  const { ctx, deadLetters, metrics } = createTestOperatorContext(scheduler);
  const fail = (e: unknown) => {
    if (!failed) (failed = true), (error = e), (errorFrame = scheduler.now());
  };
  const previousHandler = rxConfig.onUnhandledError;
  rxConfig.onUnhandledError = fail;
  try {
    scheduler.run(() => {
      let output: Subscription | undefined;
      try {
        const operator = buildOperator(definition, options, ctx);
        const source = new Observable<GenesysEvent>((subscriber) => {
          for (const { at, input } of inputs) {
            scheduler.schedule(() => {
              const decoded = decodeInput(input, at);
              if (isDeadLetter(decoded)) {
                decodeDeadLetters++;
                ctx.deadLetter(decoded);
              } else {
                subscriber.next(decoded);
              }
              if (runOptions.probe) maxProbe = Math.max(maxProbe ?? Number.NEGATIVE_INFINITY, runOptions.probe(ctx));
            }, Math.max(0, at - origin));
          }
          const last = inputs.length === 0 ? 0 : Math.max(...inputs.map((i) => i.at)) - origin;
          scheduler.schedule(() => subscriber.complete(), last);
        });
        output = source.pipe(operator).subscribe({
          next: (event) => emissions.push({ frame: scheduler.now(), event }),
          error: fail,
          complete: () => (completed = true),
        });
        const end = (inputs.length === 0 ? 0 : Math.max(...inputs.map((i) => i.at)) - origin) + (runOptions.settleMs ?? 0);
        // Timers that reschedule themselves would run forever: the run ends with a teardown, and
        // nothing after it runs even if the operator's teardown failed and left a timer going.
        scheduler.schedule(() => output?.unsubscribe(), end + 1);
        scheduler.maxFrames = end + 1;
      } catch (e) {
        fail(e);
        output?.unsubscribe();
      }
    });
  } catch (e) {
    fail(e);
  } finally {
    rxConfig.onUnhandledError = previousHandler;
  }
  return {
    emissions,
    events: emissions.map((e) => e.event),
    deadLetters,
    decodeDeadLetters,
    metrics,
    ...(failed ? { error, errorFrame } : {}),
    completed,
    ...(maxProbe !== undefined ? { maxProbe } : {}),
    inputs: inputs.length,
  };
}
