import type { GenesysEvent } from '@gcstream/core';
import { arbPerturbedLives, deliver } from '../../arbitraries/traffic.js';
import type { AnyOperatorDefinition } from '../operatorUnderTest.js';
import { checkProperty, type PropertyReport } from './_check.js';
import { asInputs, defaultProjection, describeError, projected, run, describeDifference, type Projection, type StreamPropertyOptions } from './_streams.js';

export interface ReorderOptions extends StreamPropertyOptions {
  /** Each notification spends up to this many ms in flight, so they overtake each other by up to it (match the operator's maxOutOfOrderness). */
  readonly boundMs: number;
  /** What of each output is compared, as a multiset; undefined leaves an output out. @default topicName and eventBody */
  readonly project?: Projection;
  /** Compare only the last output of each key (for records re-emitted as they change). */
  readonly latestBy?: (event: GenesysEvent) => string;
}

/**
 * Notifications delayed in flight by up to `boundMs` (so overtaking each other by up to it) lead
 * to the same outputs, compared as a multiset of projections: the order of outputs may follow
 * the order of inputs.
 */
export function assertReorderInsensitive(definition: AnyOperatorDefinition, options: unknown, property: ReorderOptions): PropertyReport {
  const project = property.project ?? defaultProjection;
  return checkProperty({
    property: `insensitive to reordering within ${property.boundMs} ms`,
    operator: definition.name,
    arbitrary: arbPerturbedLives({ ...property.traffic, delayBoundMs: property.boundMs }),
    lengthOf: (lives) => deliver(lives).length,
    verdict: (lives) => {
      const stream = deliver(lives);
      const delayed = deliver(lives, { delays: true });
      const inOrder = run(definition, options, asInputs(stream), property);
      const shuffled = run(definition, options, asInputs(delayed), property);
      const [a, b] = [projected(inOrder, project, property.latestBy).sort(), projected(shuffled, project, property.latestBy).sort()];
      let reason: string | undefined;
      if (inOrder.error !== undefined || shuffled.error !== undefined) reason = `the operator failed: ${describeError(inOrder.error ?? shuffled.error)}`;
      else if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
        const missing = a.filter((x) => !b.includes(x));
        const extra = b.filter((x) => !a.includes(x));
        reason = `in order: ${a.length} compared outputs; delayed and reordered: ${b.length}.\n${describeDifference(missing, extra, ['in order', 'reordered'])}`;
      }
      if (reason === undefined) return undefined;
      const expected = shuffled.events.length - b.length + a.length;
      return { reason, example: { name: `${definition.name} is insensitive to reordering (found by assertReorderInsensitive)`, input: delayed.map((n) => n.envelope), expect: { count: expected } } };
    },
  }, property);
}
