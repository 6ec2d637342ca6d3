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

/** Where two JSON values first differ: `values.live.waiting: 1 -> 0`. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return `${path || '(value)'}: ${JSON.stringify(a) ?? 'absent'} -> ${JSON.stringify(b) ?? 'absent'}`;
}

/**
 * The outputs only one run had, shown as the fields that differ where the two runs have an output
 * of the same key (or at the same place), in full otherwise.
 */
export function describeDifference(onlyA: readonly string[], onlyB: readonly string[], labels: readonly [string, string]): string {
  const parse = (text: string) => {
    const space = text.startsWith('{') ? -1 : text.indexOf(' ');
    return { key: space < 0 ? '' : text.slice(0, space), value: JSON.parse(space < 0 ? text : text.slice(space + 1)) as unknown, text };
  };
  const [as, bs] = [onlyA.map(parse), onlyB.map(parse)];
  const lines: string[] = [];
  const paired = new Set<number>();
  for (const [i, a] of as.entries()) {
    const j = bs.findIndex((b, k) => !paired.has(k) && (a.key !== '' ? b.key === a.key : k === i));
    if (j < 0) {
      lines.push(`only ${labels[0]}: ${sample([a.text], 1)}`);
      continue;
    }
    paired.add(j);
    lines.push(`${a.key ? `${a.key}: ` : ''}${firstDifference(a.value, bs[j]!.value, '')} (${labels[0]} -> ${labels[1]})`);
  }
  for (const [k, b] of bs.entries()) if (!paired.has(k)) lines.push(`only ${labels[1]}: ${sample([b.text], 1)}`);
  return lines.slice(0, 6).join('\n') + (lines.length > 6 ? `\n... and ${lines.length - 6} more` : '');
}
