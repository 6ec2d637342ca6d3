import fc from 'fast-check';
import type { OperatorContext } from '@gcstream/core';
import { arbConversationLife, type LifeMedia } from '../../arbitraries/conversationLife.js';
import { playTraffic } from '../../arbitraries/traffic.js';
import type { AnyOperatorDefinition } from '../operatorUnderTest.js';
import { checkProperty, type PropertyOptions, type PropertyReport } from './_check.js';
import { asInputs, describeError, run } from './_streams.js';

export interface BoundedStateOptions extends PropertyOptions {
  /** The state's size: the name of a gauge the operator sets on `ctx.metrics`, or a function reading it. */
  readonly probe: string | ((ctx: OperatorContext) => number);
  /** The largest size allowed at any moment. */
  readonly bound: number;
  /**
   * Conversations in a stream: from half this many to this many, so every stream is a long day
   * (a stream of a few conversations would show nothing about bounds). @default 200
   */
  readonly conversations?: number;
  /** About how many are live at once. @default 5 */
  readonly concurrent?: number;
  readonly media?: readonly LifeMedia[];
  readonly settleMs?: number;
}

/**
 * Under a long stream (hundreds of conversations, a few live at a time), the operator's state
 * follows what is live, not what it has seen: the probe never reads above `bound`.
 */
export function assertBoundedState(definition: AnyOperatorDefinition, options: unknown, property: BoundedStateOptions): PropertyReport {
  const probe = typeof property.probe === 'string' ? ((name: string) => (ctx: OperatorContext) => ctx.metrics.get(name))(property.probe) : property.probe;
  const gap = Math.ceil(1_800_000 / (property.concurrent ?? 5));
  const most = Math.max(1, property.conversations ?? 200);
  // At least half of `most`: from 1 up, fast-check made a stream of a few conversations often
  // enough that all five streams of a check were short about once in a hundred checks.
  const arbitrary = fc
    .array(arbConversationLife({ spreadMs: 0, ...(property.media ? { media: property.media } : {}) }), { minLength: Math.ceil(most / 2), maxLength: most, size: 'max' })
    .map((lives) => playTraffic(lives.map((life, i) => ({ ...life, startAt: i * gap }))));
  return checkProperty({
    property: `bounded state (at most ${property.bound})`,
    operator: definition.name,
    arbitrary,
    lengthOf: (stream) => stream.length,
    verdict: (stream) => {
      const inputs = asInputs(stream);
      const result = run(definition, options, inputs, { probe, ...(property.settleMs !== undefined ? { settleMs: property.settleMs } : {}) });
      let reason: string | undefined;
      if (result.error !== undefined) reason = `the operator failed: ${describeError(result.error)}`;
      else if ((result.maxProbe ?? 0) > property.bound) reason = `the state reached ${result.maxProbe} (bound ${property.bound}) over ${new Set(stream.map((n) => n.conversation)).size} conversations`;
      if (reason === undefined) return undefined;
      return { reason, example: { name: `${definition.name} keeps bounded state (found by assertBoundedState)`, input: inputs.map((i) => i.input), expect: { count: result.events.length } } };
    },
  }, property, 5);
}
