import fc from 'fast-check';
import { arbPicks, withReordering } from '../../arbitraries/traffic.js';
import type { AnyOperatorDefinition } from '../operatorUnderTest.js';
import { checkProperty, type PropertyReport } from './_check.js';
import { asInputs, defaultProjection, defaultStreams, describeError, projected, run, sample, type Projection, type StreamPropertyOptions } from './_streams.js';

export interface ReorderOptions extends StreamPropertyOptions {
  /** Notifications may overtake each other by at most this many ms (match the operator's maxOutOfOrderness). */
  readonly boundMs: number;
  /** What of each output is compared, as a multiset; undefined leaves an output out. @default topicName and eventBody */
  readonly project?: Projection;
}

/**
 * Notifications that overtake each other by at most `boundMs` lead to the same outputs (compared
 * as a multiset of projections; the order of outputs may follow the order of inputs).
 */
export function assertReorderInsensitive(definition: AnyOperatorDefinition, options: unknown, property: ReorderOptions): PropertyReport {
  const project = property.project ?? defaultProjection;
  return checkProperty({
    property: `insensitive to reordering within ${property.boundMs} ms`,
    operator: definition.name,
    arbitrary: fc
      .tuple(property.streams ?? defaultStreams(), arbPicks(40))
      .map(([stream, swaps]) => [stream, withReordering(stream, swaps, property.boundMs)] as const),
    lengthOf: ([stream]) => stream.length,
    verdict: ([stream, reordered]) => {
      const inOrder = run(definition, options, asInputs(stream), property);
      const shuffled = run(definition, options, asInputs(reordered), property);
      const [a, b] = [projected(inOrder, project).sort(), projected(shuffled, project).sort()];
      let reason: string | undefined;
      if (inOrder.error !== undefined || shuffled.error !== undefined) reason = `the operator failed: ${describeError(inOrder.error ?? shuffled.error)}`;
      else if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
        const missing = a.filter((x) => !b.includes(x));
        const extra = b.filter((x) => !a.includes(x));
        reason = `in order: ${a.length} compared outputs; reordered: ${b.length}.\nonly in order:\n  ${sample(missing)}\nonly reordered:\n  ${sample(extra)}`;
      }
      if (reason === undefined) return undefined;
      const expected = shuffled.events.length - b.length + a.length;
      return { reason, example: { name: `${definition.name} is insensitive to reordering (found by assertReorderInsensitive)`, input: reordered.map((n) => n.envelope), expect: { count: expected } } };
    },
  }, property);
}
