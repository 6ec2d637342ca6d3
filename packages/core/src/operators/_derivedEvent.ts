/**
 * Operators that compute records (window results, conversation records, queue metrics) hand them
 * on as pipeline events, so sinks, filters and the dead-letter path treat them like Genesys
 * events. Their topic names start with `gcstream.` and never collide with Genesys topics.
 */
import { filter, Observable, type OperatorFunction, type Subscriber } from 'rxjs';
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

/** The metadata of every derived event: none, one frozen object rather than a new one per record. */
const NO_METADATA: GenesysEvent['metadata'] = Object.freeze({});

export function derivedEvent<T>(body: T, init: DerivedEventInit, receivedAt: number): GenesysEvent<T> {
  return {
    topicName: init.topicName,
    version: '2',
    eventBody: body,
    metadata: NO_METADATA,
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
 * Whether the operator takes an event: `true`, `false`, or `undefined` when it refuses one it
 * could not judge (a `where` that failed, already dead-lettered): a refused event reaches neither
 * the operator nor the output, unless `all` passes every input on.
 */
export type Consumes = (event: GenesysEvent) => boolean | undefined;

/**
 * Runs `operator` on the events it consumes and merges its output with the events passed
 * through. A passed-through event is emitted before the records it caused.
 *
 * Each event is routed once, straight to the operator's subscriber: `connect` + `merge` with a
 * filter on each side multicast every event through a Subject and asked `consumes` twice, which
 * cost about 2% of an analytics pipeline's CPU. An error from upstream ends the output at once
 * (the operator does not see it); completion reaches the operator first, so it can flush what it
 * holds (final records, the last window) before the output completes.
 */
export function withPassThrough(mode: PassThrough, consumes: Consumes, operator: OperatorFunction<GenesysEvent, GenesysEvent>): OperatorFunction<GenesysEvent, GenesysEvent> {
  if (mode === 'none') return (source) => source.pipe(filter((event) => consumes(event) === true), operator);
  const passAll = mode === 'all';
  return (source) =>
    new Observable<GenesysEvent>((subscriber) => {
      /** The operator's subscriptions to its input: usually one; an operator may subscribe more than once. */
      const inputs: Subscriber<GenesysEvent>[] = [];
      let sourceDone = false;
      const input = new Observable<GenesysEvent>((inner) => {
        if (sourceDone) return inner.complete();
        inputs.push(inner);
        return () => {
          const at = inputs.indexOf(inner);
          if (at >= 0) inputs.splice(at, 1);
        };
      });
      let operatorDone = false;
      const records = operator(input).subscribe({
        next: (record) => subscriber.next(record),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          operatorDone = true;
          if (sourceDone) subscriber.complete();
        },
      });
      const events = source.subscribe({
        next(event) {
          let consumed: boolean | undefined;
          try {
            consumed = consumes(event);
          } catch (error) {
            // As a filter would: the predicate's error ends the stream rather than escaping it.
            subscriber.error(error);
            return;
          }
          if (passAll || consumed === false) subscriber.next(event);
          if (consumed === true) for (let i = 0; i < inputs.length; i++) inputs[i]!.next(event);
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          sourceDone = true;
          for (const inner of inputs.splice(0)) inner.complete();
          if (operatorDone) subscriber.complete();
        },
      });
      return () => {
        events.unsubscribe();
        records.unsubscribe();
      };
    });
}
