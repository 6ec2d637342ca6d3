import fc from 'fast-check';
import { counterexampleYaml, type Counterexample } from './counterexample.js';

export interface PropertyOptions {
  /** How many streams fast-check generates. @default 100 (bounded state: 5) */
  readonly numRuns?: number;
  /** Replays a failure: the seed printed with it. */
  readonly seed?: number;
  /** With `seed`, replays exactly the shrunk case. */
  readonly path?: string;
  /** How many candidates shrinking a failure may try before the smallest case found so far is printed. @default 500 */
  readonly shrinkSteps?: number;
}

/** What a property that held was run on: how many streams, and how long they were. */
export interface PropertyReport {
  readonly property: string;
  readonly operator: string;
  readonly streams: number;
  readonly events: { readonly total: number; readonly shortest: number; readonly longest: number; readonly mean: number };
}

/** Why one stream broke the property, with the case to paste into `tests:`. */
export interface Verdict {
  readonly reason: string;
  readonly example: Counterexample;
}

/** A property failed: the message ends with the shrunk counterexample as `tests:` YAML. */
export class OperatorPropertyError extends Error {
  constructor(
    message: string,
    readonly yaml: string,
    readonly seed: number,
    readonly path: string | undefined,
  ) {
    super(message);
    this.name = 'OperatorPropertyError';
  }
}

export interface PropertySpec<T> {
  readonly property: string;
  readonly operator: string;
  readonly arbitrary: fc.Arbitrary<T>;
  /** How many inputs the generated value feeds the operator (for the report). */
  readonly lengthOf: (value: T) => number;
  /** Runs the operator on the value; undefined when the property holds. */
  readonly verdict: (value: T) => Verdict | undefined;
}

/**
 * Runs fast-check over generated streams. A failure is shrunk by fast-check, then reported with
 * the minimal stream as a `tests:` case in YAML, the seed and the path to replay it.
 */
export function checkProperty<T>(spec: PropertySpec<T>, options: PropertyOptions = {}, defaultRuns = 100): PropertyReport {
  const lengths: number[] = [];
  let shrinking = false;
  let shrinkSteps = 0;
  const budget = options.shrinkSteps ?? 500;
  const property = fc.property(spec.arbitrary, (value) => {
    if (!shrinking) lengths.push(spec.lengthOf(value));
    // Past the budget every candidate passes, so shrinking stops where it got to, the same way on every machine.
    else if (++shrinkSteps > budget) return true;
    return spec.verdict(value) === undefined;
  });
  const replay = { ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.path !== undefined ? { path: options.path } : {}) };
  // Find a failure first, then shrink it within a budget of steps: a long stream's shrink can
  // take thousands of runs, and the smaller counterexample found within the budget is readable.
  const details = fc.check(property, { numRuns: options.numRuns ?? defaultRuns, ...replay, endOnFailure: true });
  if (details.failed) {
    shrinking = true;
    const shrunk = fc.check(property, { seed: details.seed, path: details.counterexamplePath! });
    const found = shrunk.failed ? shrunk : details;
    const value = found.counterexample![0];
    let verdict: Verdict | undefined;
    try {
      verdict = spec.verdict(value);
    } catch (error) {
      throw new Error(`[gcstream] [testkit] property "${spec.property}" of operator "${spec.operator}" could not be checked: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
    if (verdict === undefined) throw new Error(`[gcstream] [testkit] property "${spec.property}" of operator "${spec.operator}" failed once but passed on replay (seed ${details.seed}): does the operator keep state between subscriptions?`);
    const path = found.counterexamplePath ?? details.counterexamplePath ?? undefined;
    const comment = [
      `gcstream property "${spec.property}" failed for operator ${spec.operator} after ${details.numRuns} streams (${found.numShrinks} shrinks; replay with { seed: ${details.seed}, path: "${path}" }):`,
      verdict.reason,
      'Paste this case under `tests:` in the pipeline config to keep it:',
    ].join('\n');
    const yaml = counterexampleYaml(verdict.example, comment);
    throw new OperatorPropertyError(`${spec.operator}: ${spec.property} does not hold (seed ${details.seed}, path "${path}"): ${verdict.reason}\n\n${yaml}`, yaml, details.seed, path);
  }
  const run = lengths.slice(0, details.numRuns);
  const total = run.reduce((a, b) => a + b, 0);
  return {
    property: spec.property,
    operator: spec.operator,
    streams: run.length,
    events: { total, shortest: Math.min(...run), longest: Math.max(...run), mean: run.length ? Math.round(total / run.length) : 0 },
  };
}
