/**
 * Operators that compute records (window results, conversation records, queue metrics) hand them
 * on as pipeline events, so sinks, filters and the dead-letter path treat them like Genesys
 * events. Their topic names start with `gcstream.` and never collide with Genesys topics.
 */
import { connect, filter, merge, type OperatorFunction } from 'rxjs';
import type { GenesysEvent } from '../model/events.js';

export interface DerivedEventInit {
  /** Concrete topic name, e.g. `gcstream.queues.<queueId>.metrics`. */
  readonly topicName: string;
  /** Its pattern, e.g. `gcstream.queues.{id}.metrics`. */
  readonly topic: string;
  readonly ids: readonly string[];
  readonly eventTime: number;
  /**
   * Identifies what the record describes, so an upserting sink keeps one row per window, per
   * queue interval or per conversation, updated in place.
   */
  readonly key: string;
}

export function derivedEvent<T>(body: T, init: DerivedEventInit, receivedAt: number): GenesysEvent<T> {
  return {
    topicName: init.topicName,
    version: '2',
    eventBody: body,
    metadata: {},
    topic: init.topic,
    family: 'unknown',
    ids: init.ids,
    eventTime: init.eventTime,
    receivedAt,
    source: 'websocket',
    key: init.key,
  };
}

/** What happens to the events an operator does not consume: dropped, passed on, or all passed on. */
export type PassThrough = 'none' | 'others' | 'all';

/**
 * Runs `operator` on the events it consumes and merges its output with the events passed
 * through. A passed-through event is emitted before the records it caused.
 */
export function withPassThrough(mode: PassThrough, consumes: (event: GenesysEvent) => boolean, operator: OperatorFunction<GenesysEvent, GenesysEvent>): OperatorFunction<GenesysEvent, GenesysEvent> {
  if (mode === 'none') return (source) => source.pipe(filter(consumes), operator);
  return (source) =>
    source.pipe(
      connect((shared) =>
        merge(
          shared.pipe(filter((event) => mode === 'all' || !consumes(event))),
          shared.pipe(filter(consumes), operator),
        ),
      ),
    );
}
