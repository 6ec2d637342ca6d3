import type { GenesysEvent } from '@gcstream/core';
import { arbPerturbedLives, deliver } from '../../arbitraries/traffic.js';
import type { AnyOperatorDefinition } from '../operatorUnderTest.js';
import { checkProperty, type PropertyReport } from './_check.js';
import { asInputs, defaultProjection, describeError, projected, run, describeDifference, type Projection, type StreamPropertyOptions } from './_streams.js';

export interface IdempotenceOptions extends StreamPropertyOptions {
  /** What of each output is compared; undefined leaves an output out. @default topicName and eventBody */
  readonly project?: Projection;
  /** Compare only the last output of each key (for records re-emitted as they change). */
  readonly latestBy?: (event: GenesysEvent) => string;
}

/**
 * Receiving a notification twice (a channel rollover's overlap, a redelivery) changes nothing:
 * the outputs the projection keeps are the same, in the same order, as without the copies.
 */
export function assertIdempotent(definition: AnyOperatorDefinition, options: unknown, property: IdempotenceOptions = {}): PropertyReport {
  const project = property.project ?? defaultProjection;
  return checkProperty({
    property: 'idempotent under duplicates',
    operator: definition.name,
    arbitrary: arbPerturbedLives(property.traffic),
    lengthOf: (lives) => deliver(lives, { duplicates: true }).length,
    verdict: (lives) => {
      const stream = deliver(lives);
      const doubled = deliver(lives, { duplicates: true });
      const once = run(definition, options, asInputs(stream), property);
      const twice = run(definition, options, asInputs(doubled), property);
      const [a, b] = [projected(once, project, property.latestBy), projected(twice, project, property.latestBy)];
      let reason: string | undefined;
      if (once.error !== undefined || twice.error !== undefined) reason = `the operator failed: ${describeError(once.error ?? twice.error)}`;
      else if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
        const [missing, extra] = [a.filter((x) => !b.includes(x)), b.filter((x) => !a.includes(x))];
        reason = `${a.length} compared outputs without duplicates, ${b.length} with ${doubled.length - stream.length} duplicate(s)${missing.length + extra.length ? `:\n${describeDifference(missing, extra, ['without', 'with duplicates'])}` : ': the same outputs in another order'}`;
      }
      if (reason === undefined) return undefined;
      // With the duplicates, the whole output should be what it is now, minus what the duplicates changed.
      const expected = twice.events.length - b.length + a.length;
      return { reason, example: { name: `${definition.name} is idempotent under duplicates (found by assertIdempotent)`, input: doubled.map((n) => n.envelope), expect: { count: expected } } };
    },
  }, property);
}
