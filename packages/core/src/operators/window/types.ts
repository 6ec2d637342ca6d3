import type { SchedulerLike } from 'rxjs';
import type { DeadLetter } from '../../model/events.js';
import type { OperatorState } from '../defineOperator.js';
import type { AggregateSpec } from './aggregations.js';

export type WindowType = 'tumbling' | 'sliding' | 'session';

/** Why a window result was emitted. */
export type WindowEmitReason =
  /** The watermark passed the window's end: the on-time result. */
  | 'close'
  /** A late event, within `allowedLateness`, changed an already closed window. */
  | 'late'
  /** An early update of a window still open (`earlyUpdates`). */
  | 'early'
  /**
   * The window was closed before its time because `maxOpenWindows` was reached. Later events of
   * this window and group go to `onLate` (reason `evicted`): this result is the last one for its key.
   */
  | 'evicted'
  /** The input completed; every open window is emitted as it stands. */
  | 'complete'
  /**
   * Sessions only: the result emitted earlier under this `start` no longer stands, because the
   * session now starts earlier or was merged into another. Its `count` is 0 and its values those
   * of an empty window, so an upserting sink's row adds nothing; a sink may delete it.
   */
  | 'retracted';

/** One window's aggregates for one group. */
export interface WindowResult {
  readonly type: WindowType;
  /** Epoch ms, inclusive. With the type and group, what the result is about: a later result with the same ones replaces it. */
  readonly start: number;
  /** Epoch ms, exclusive. For a session: the last event's time plus the gap. */
  readonly end: number;
  /** The group's field values, by the `groupBy` path; empty without `groupBy`. */
  readonly group: Readonly<Record<string, unknown>>;
  /** The aggregates, by the names given in `aggregate`. */
  readonly values: Readonly<Record<string, number | null>>;
  /** Events counted in this window and group. */
  readonly count: number;
  /** False only for early updates: more events may still change the result. */
  readonly final: boolean;
  readonly reason: WindowEmitReason;
}

/** Facts about an event that arrived after its window(s) were purged. */
export interface LateEvent<T> {
  readonly event: T;
  /** The event's own time. */
  readonly eventTime: number;
  /** The watermark when it arrived. */
  readonly watermark: number;
  /**
   * `late`: more than `allowedLateness` behind the watermark. `evicted`: `maxOpenWindows` closed
   * its window (or session) early, and counting it anew would emit a smaller result under the
   * evicted one's key.
   */
  readonly reason: 'late' | 'evicted';
}

export interface WindowOptions<T> {
  readonly type: WindowType;
  /** Window length in ms, for `tumbling` and `sliding`. Windows are aligned to the epoch (UTC). */
  readonly size?: number;
  /** How far each sliding window starts after the previous one, in ms. @default size */
  readonly slide?: number;
  /** For `session`: a session ends after this many ms without an event in its group. */
  readonly gap?: number;
  /**
   * Output field name to aggregation: `'count'`, `'avg(eventBody.waitMs)'`, `'p90(waitMs)'`,
   * `'distinct(eventBody.userId)'`, or a parsed `{ fn, field }`.
   * @default { count: 'count' }
   */
  readonly aggregate?: Readonly<Record<string, string | AggregateSpec>>;
  /** A field path, or several, whose values form the group. @default one group for everything */
  readonly groupBy?: string | readonly string[];
  /** Where an event's time is, in epoch ms or ISO 8601 text: a field path or a function. @default the event's `eventTime` */
  readonly eventTime?: string | ((event: T) => number | string);
  /**
   * How far (ms) behind the newest event time an event may arrive and still count as on time.
   * The watermark is the newest event time minus this. @default 0
   */
  readonly maxOutOfOrderness?: number;
  /**
   * How long (ms of event time) a closed window is kept, so that a later event still updates it
   * (emitted again with reason `late`). @default 0
   */
  readonly allowedLateness?: number;
  /** Receives every event that arrives after all its windows were purged. Required: late events are never dropped silently. */
  readonly onLate: (late: LateEvent<T>) => void;
  /** When set, open windows that changed are emitted every this many ms of processing time, with `final: false`. */
  readonly earlyUpdates?: number;
  /**
   * When set, after this many ms of processing time with no event the watermark moves on with
   * the clock, so a quiet queue's windows still close. @default off (only events move it)
   */
  readonly idleTimeout?: number;
  /**
   * Most window×group states held at once; past it the oldest is emitted early as `evicted`, and
   * from then on a window that ends no later than it takes no new group, while a session's group
   * takes no event before the evicted session's end: those events go to `onLate` (reason `evicted`).
   * @default 10000
   */
  readonly maxOpenWindows?: number;
  /** Called with the number of open window×group states whenever it changes (for a gauge). */
  readonly onOpenWindows?: (open: number) => void;
  /** Called for every result emitted because of the `maxOpenWindows` cap (for a counter). */
  readonly onEvicted?: (result: WindowResult) => void;
  /** Receives an event whose time cannot be read. Without it, the error travels down the stream. */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  /** Where processing time comes from, for early updates and the idle timeout. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /**
   * Keeps the open windows (and those kept for lateness), their aggregates and the watermark
   * across restarts, as `conversationState` and `queueMetrics` keep theirs: without it a restart
   * starts every window from zero, and its smaller result replaces the earlier one in an
   * upserting sink. A checkpoint written for other window options is refused (the stage warns and
   * starts empty). Events that arrive again after a restart count again: feed the window what
   * arrives once (conversationState's final records, which it does not emit twice).
   */
  readonly state?: OperatorState;
}

export const WINDOW_DEFAULT_MAX_OPEN = 10_000;
