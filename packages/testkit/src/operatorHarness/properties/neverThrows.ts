import fc from 'fast-check';
import { arbGenesysEnvelope } from '../../arbitraries/events.js';
import { arbMutatedFrame } from '../../arbitraries/frames.js';
import { decodeInput, isDeadLetter } from '../inputs.js';
import type { AnyOperatorDefinition } from '../operatorUnderTest.js';
import type { TimedInput } from '../runStream.js';
import { checkProperty, type PropertyReport } from './_check.js';
import { asInputs, trafficOf, describeError, run, type StreamPropertyOptions } from './_streams.js';

/** Valid notifications of every family, and frames that may not decode at all. */
const arbStrayInput = () =>
  fc.oneof(
    arbGenesysEnvelope().map((envelope) => envelope as TimedInput['input']),
    arbMutatedFrame().map((frame) => ({ frame: frame.data })),
    fc.string({ maxLength: 40 }).map((frame) => ({ frame })),
  );

/**
 * The operator never throws and its output never errors, whatever valid events reach it (realistic
 * conversation traffic mixed with notifications of every family and mutated ones); what cannot be
 * read becomes a dead letter with a stage and a reason.
 */
export function assertNeverThrows(definition: AnyOperatorDefinition, options: unknown, property: StreamPropertyOptions = {}): PropertyReport {
  const arbitrary = fc.tuple(trafficOf(property), fc.array(fc.tuple(fc.nat(), arbStrayInput()), { maxLength: 4 })).map(([stream, strays]) => {
    const inputs = asInputs(stream);
    for (const [at, input] of strays) {
      const i = inputs.length === 0 ? 0 : at % (inputs.length + 1);
      inputs.splice(i, 0, { at: inputs[Math.min(i, inputs.length - 1)]?.at ?? 0, input });
    }
    return inputs;
  });
  return checkProperty({
    property: 'never throws; invalid input becomes dead letters',
    operator: definition.name,
    arbitrary,
    lengthOf: (inputs) => inputs.length,
    verdict: (inputs) => {
      const result = run(definition, options, inputs, property);
      const bad = result.deadLetters.find((l) => typeof l.stage !== 'string' || l.stage === '' || typeof l.reason !== 'string' || l.reason === '');
      const reason =
        result.error !== undefined
          ? `the operator failed: ${describeError(result.error)}`
          : bad !== undefined
            ? `a dead letter has no stage or reason: ${JSON.stringify({ stage: bad.stage, reason: bad.reason })}`
            : undefined;
      if (reason === undefined) return undefined;
      // What arrived after the failure played no part in it.
      const origin = inputs[0]?.at ?? 0;
      const played = result.error === undefined ? inputs : inputs.filter((i) => i.at - origin <= result.errorFrame!);
      const refused = played.filter((i) => isDeadLetter(decodeInput(i.input, i.at))).length;
      return { reason, example: { name: `${definition.name} never throws (found by assertNeverThrows)`, input: played.map((i) => i.input), expect: { deadLetters: refused } } };
    },
  }, property);
}
