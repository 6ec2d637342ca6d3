/**
 * The event model: what flows from the Genesys source, through the operators, to the sinks.
 */

/** The text of one WebSocket frame as it arrived, before any parsing. */
export interface RawFrame {
  /** The frame's text, exactly as received. */
  readonly data: string;
  /** The notification channel the frame arrived on. */
  readonly channelId: string;
  /** Epoch milliseconds at which gcstream received the frame. */
  readonly receivedAt: number;
  /**
   * How the frame entered gcstream. Backfill and EventBridge inputs are turned into envelope
   * text too, so every source feeds the same `decode`. @default 'websocket'
   */
  readonly source?: EventSource;
  /**
   * `JSON.parse(data)`, when the source already had to parse the frame (it reads queue
   * conversation frames to track conversations): decode uses it instead of parsing again.
   * Left undefined otherwise. Decode may hand parts of it on in the event, so nothing may
   * change it after it is set.
   */
  readonly parsed?: unknown;
}

/** The broad kind of a Genesys topic, used to pick a payload schema and by filters. */
export type EventFamily =
  | 'conversation'
  | 'transcription'
  | 'detail'
  | 'observation'
  | 'presence'
  | 'routing-status'
  | 'activity'
  | 'system'
  | 'unknown';

/** Where an event entered gcstream. */
export type EventSource = 'websocket' | 'eventbridge' | 'backfill';

/** The notification envelope exactly as Genesys Cloud sends it. */
export interface GenesysEnvelope<T = unknown> {
  readonly topicName: string;
  /** Genesys sends the version as a string, e.g. `"2"`. */
  readonly version: string;
  readonly eventBody: T;
  readonly metadata: { readonly CorrelationId?: string; readonly [key: string]: unknown };
}

/** A decoded Genesys notification plus gcstream's own fields. */
export interface GenesysEvent<T = unknown> extends GenesysEnvelope<T> {
  /** The topic pattern, ids replaced by placeholders: `v2.routing.queues.{id}.conversations`. */
  readonly topic: string;
  readonly family: EventFamily;
  /** The ids found in the concrete topic name, in order of appearance. */
  readonly ids: readonly string[];
  /** Epoch milliseconds: the body's own event time where the family has one, else `receivedAt`. */
  readonly eventTime: number;
  /** Epoch milliseconds at which gcstream received the event. */
  readonly receivedAt: number;
  readonly source: EventSource;
  /**
   * The dedupe identity. Stable across channels and sources: the same notification delivered on
   * two overlapping channels has the same key.
   */
  readonly key: string;
  /** The channel the event arrived on, when it came over a WebSocket. */
  readonly channelId?: string;
}

/** A record that could not be processed, kept with the reason instead of stopping the pipeline. */
export interface DeadLetter {
  /** Where it failed: `decode`, `operator:<name>`, `sink:<name>`. */
  readonly stage: string;
  readonly reason: string;
  /** The raw text (for frames) or the event that failed. */
  readonly payload: unknown;
  readonly at: number;
  /** For a sink's dead letters: how many writes of it were tried (0 when dropped from a full buffer). */
  readonly attempts?: number;
}
