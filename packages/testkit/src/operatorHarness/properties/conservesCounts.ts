import type { GenesysEvent } from '@gcstream/core';
import type { AnyOperatorDefinition } from '../operatorUnderTest.js';
import { decodeInput, isDeadLetter } from '../inputs.js';
import { checkProperty, type PropertyReport } from './_check.js';
import { asInputs, trafficOf, describeError, run, type StreamPropertyOptions } from './_streams.js';

export interface ConservationOptions extends StreamPropertyOptions {
  /**
   * How many inputs an output accounts for: a passed-through event 1, a window result its
   * `count`. @default 1 for an output whose key is an input's key (passed through), else 0
   */
  readonly counted?: (event: GenesysEvent, inputKeys: ReadonlySet<string>) => number;
  /** Counters the operator reports inputs on that it neither emits nor dead-letters (late, dropped, deduplicated). */
  readonly reported?: readonly string[];
}

/**
 * What goes in comes out or is accounted for: inputs = outputs counted + dead letters + what the
 * operator reports on its `reported` counters. An event that vanishes without a trace fails it.
 */
export function assertConservesCounts(definition: AnyOperatorDefinition, options: unknown, property: ConservationOptions = {}): PropertyReport {
  const counted = property.counted ?? ((event, keys) => (keys.has(event.key) ? 1 : 0));
  const reported = property.reported ?? [];
  return checkProperty({
    property: 'conserves counts (in = out + dead letters + reported)',
    operator: definition.name,
    arbitrary: trafficOf(property),
    lengthOf: (stream) => stream.length,
    verdict: (stream) => {
      const inputs = asInputs(stream);
      const keys = new Set(inputs.flatMap(({ at, input }) => {
        const decoded = decodeInput(input, at);
        return isDeadLetter(decoded) ? [] : [decoded.key];
      }));
      const result = run(definition, options, inputs, property);
      const out = result.events.reduce((sum, event) => sum + counted(event, keys), 0);
      const onCounters = reported.reduce((sum, name) => sum + result.metrics.get(name), 0);
      const accounted = out + result.deadLetters.length + onCounters;
      let reason: string | undefined;
      if (result.error !== undefined) reason = `the operator failed: ${describeError(result.error)}`;
      else if (accounted !== inputs.length) reason = `${inputs.length} in, but ${out} out + ${result.deadLetters.length} dead letters${reported.length ? ` + ${onCounters} on ${reported.join(', ')}` : ''} = ${accounted}`;
      if (reason === undefined) return undefined;
      const expected = result.events.length + (inputs.length - accounted);
      return { reason, example: { name: `${definition.name} conserves counts (found by assertConservesCounts)`, input: inputs.map((i) => i.input), expect: { count: expected, deadLetters: result.deadLetters.length } } };
    },
  }, property);
}
