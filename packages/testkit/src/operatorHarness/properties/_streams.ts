import type fc from 'fast-check';
import type { GenesysEvent } from '@gcstream/core';
import { arbConversationTraffic, type TrafficOptions } from '../../arbitraries/traffic.js';
import type { TimedNotification } from '../../arbitraries/conversationLife.js';
import type { OperatorInput } from '../inputs.js';
import { runStream, type StreamRun, type StreamRunOptions, type TimedInput } from '../runStream.js';
import type { AnyOperatorDefinition } from '../operatorUnderTest.js';
import type { PropertyOptions } from './_check.js';

export interface StreamPropertyOptions extends PropertyOptions, Pick<StreamRunOptions, 'settleMs'> {
  /** The conversations generated: how many, which media, how spread out. @default 1 to 8 lives over 10 minutes */
  readonly traffic?: TrafficOptions;
}

/**
 * What of an output a property compares: by default its topic and body (receive times and
 * sequence-numbered keys differ between runs by design). Return undefined to leave an output out,
 * e.g. the events an operator passes through unchanged.
 */
export type Projection = (event: GenesysEvent) => unknown;
export const defaultProjection: Projection = (event) => ({ topicName: event.topicName, eventBody: event.eventBody });

export const trafficOf = (options: StreamPropertyOptions): fc.Arbitrary<readonly TimedNotification[]> => arbConversationTraffic(options.traffic);

export interface Timed {
  readonly at: number;
  readonly input: OperatorInput;
}

export const asInputs = (stream: readonly TimedNotification[]): TimedInput[] => stream.map((n) => ({ at: n.at, input: n.envelope }));

export function run(definition: AnyOperatorDefinition, options: unknown, inputs: readonly TimedInput[], runOptions: StreamRunOptions = {}): StreamRun {
  return runStream(definition, options, inputs, runOptions);
}

/**
 * The projections of a run's outputs, those the projection keeps, as comparable text. With
 * `latestBy`, only the last output of each key is kept: an operator that re-emits a record as it
 * changes (queue metrics, a window updated late) is compared by where it ended up.
 */
export function projected(run: StreamRun, project: Projection, latestBy?: (event: GenesysEvent) => string): string[] {
  const texts = run.events.flatMap((event) => {
    const p = project(event);
    return p === undefined ? [] : [[latestBy ? latestBy(event) : '', JSON.stringify(p)] as const];
  });
  if (latestBy === undefined) return texts.map(([, text]) => text);
  return [...new Map(texts).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, text]) => `${key} ${text}`);
}

export const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** Names a few outputs in a failure message, not all of them. */
export function sample(texts: readonly string[], max = 3): string {
  const shown = texts.slice(0, max).map((t) => (t.length > 240 ? `${t.slice(0, 240)}...` : t));
  return shown.length === 0 ? '(none)' : `${shown.join('\n  ')}${texts.length > max ? `\n  ... and ${texts.length - max} more` : ''}`;
}
