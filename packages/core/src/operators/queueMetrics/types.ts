import type { OperatorState } from '../defineOperator.js';
import type { SchedulerLike } from 'rxjs';

/** A queue's service-level setting for one media type, as `mediaSettings.<media>.serviceLevel` holds it. */
export interface ServiceLevelSetting {
  /** Answered within this many ms counts as meeting service level (Genesys's Y). */
  readonly durationMs: number;
  /** The target ratio, 0..1 (Genesys's X). Only a target: it is not part of the ratio. */
  readonly percentage?: number;
}

/** The org-wide switches of Genesys's "Service Level Calculations Options". */
export interface ServiceLevelSwitches {
  /** Add flow-outs to the denominator. @default false */
  readonly includeFlowOuts?: boolean;
  /** Keep short abandons in the denominator. @default true */
  readonly includeShortAbandons?: boolean;
  /** Keep abandons in the denominator. @default true */
  readonly includeAbandons?: boolean;
}

/** Conditions that raise a breach event; each is checked per queue, media type and interval. */
export interface BreachThresholds {
  /** Service level ratio below this (0..1). @default the queue's own target percentage, when known */
  readonly serviceLevelBelow?: number;
  /** Abandoned / offered above this (0..1). */
  readonly abandonRateAbove?: number;
  /**
   * The longest current wait above this many ms. Checked at every emission tick too (every second
   * with `emitInterval` 0), as time passes, not only when an event changes the queue.
   */
  readonly longestWaitAbove?: number;
  /** More than this many interactions waiting now. */
  readonly waitingAbove?: number;
  /** Average speed of answer above this many ms. */
  readonly asaAbove?: number;
}

export interface QueueMetricsOptions {
  /** Interval length in ms; Genesys buckets by 30 minutes, aligned to the hour in UTC. @default 1800000 */
  readonly interval?: number;
  /** A fixed UTC offset in ms whose midnight starts "today": -18000000 for UTC-5, whose days start at 05:00 UTC. @default 0 */
  readonly dayStartOffset?: number;
  /**
   * An IANA time zone (`America/New_York`): "today" runs from its local midnight to the next,
   * daylight saving included, as Genesys's Queue Performance views count it. Takes the place of
   * `dayStartOffset`. @default undefined (UTC days shifted by `dayStartOffset`)
   */
  readonly timeZone?: string;
  /** Per queue id (or name, given `queueName`), then per media type (voice, chat, ...): the queue's service level setting. */
  readonly serviceLevels?: Readonly<Record<string, Readonly<Record<string, ServiceLevelSetting>>>>;
  /** A queue's name, so `serviceLevels` may name queues as people do (`Sales`) as well as by id. */
  readonly queueName?: (queueId: string) => string | undefined;
  /**
   * Each queue's own settings where the pipeline knows them without an event (the source's
   * discovery listing, per media type); asked until it answers for a queue. They win over `serviceLevels`.
   */
  readonly queueServiceLevels?: (queueId: string) => Readonly<Record<string, ServiceLevelSetting>> | undefined;
  /**
   * The threshold used for a queue and media type with no setting above. Genesys's defaults are
   * 20 s at 80% for every media type but email (24 h). The target `oServiceLevel.target` of
   * Genesys's queue observations, when they carry one, is the queue's own and takes the place of
   * a default's percentage. @default { voice|chat|message|callback: 20 s/0.8, email: 24 h/0.8 }
   */
  readonly defaultServiceLevel?: Readonly<Record<string, ServiceLevelSetting>>;
  /** Service level formula switches. @default Genesys's defaults: abandons and short abandons in, flow-outs out */
  readonly switches?: ServiceLevelSwitches;
  /**
   * Abandons shorter than this many ms are short abandons. Genesys sets it per org and exposes no
   * API for it, so calibrate it against `tShortAbandon` from the aggregates. @default 0 (none)
   */
  readonly shortAbandonThreshold?: number;
  /** A wait of exactly the threshold meets service level (`inclusive`) or misses it. @default 'inclusive' */
  readonly serviceLevelBoundary?: 'inclusive' | 'exclusive';
  readonly breaches?: BreachThresholds;
  /**
   * Messaging service levels: an agent's message counts as delivered (or read) in time when its
   * receipt was seen within this many ms of its `messageTime`. Genesys defines no such metric;
   * these are gcstream's. A receipt first seen in a backfill has no time and counts in neither
   * side of the ratio. @default { deliveredWithin: 30000, readWithin: 300000 }
   */
  readonly messaging?: { readonly deliveredWithin?: number; readonly readWithin?: number };
  /**
   * Changed queues are emitted at most this often (ms of processing time); 0 emits on every
   * change. @default 1000
   */
  readonly emitInterval?: number;
  /** Most open queue visits (and messages and handles) remembered for retractions; the least recently updated conversation is forgotten first. @default 200000 */
  readonly maxVisits?: number;
  /**
   * Intervals kept per queue and media type, newest first; today's totals are kept apart, but
   * count only moments in kept intervals, so keep a day's worth (25 hours). Also how long a counted
   * conversation is remembered, so a replayed final record does not count twice.
   * @default 25 hours of intervals (50 of 30 minutes, 100 of 15)
   */
  readonly keepIntervals?: number;
  /** Where processing time comes from, for `emitInterval`. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /**
   * Keeps the interval and today counts (and what each open conversation added to them) across
   * restarts: restored from `state.restored` when it is this operator's, saved through
   * `state.save`. Live numbers (waiting, interacting, agents) are not kept: the live stream
   * rebuilds them. Within the pipeline it is `ctx.state` (with `--spool`).
   */
  readonly state?: OperatorState;
}

export interface DurationStat {
  readonly count: number;
  readonly sum: number;
}

/** The live state of a queue for one media type, right now. */
export interface QueueLive {
  readonly waiting: number;
  readonly interacting: number;
  readonly alerting: number;
  /** Ms the longest-waiting interaction has waited, as of `asOf`. */
  readonly longestWaitMs: number | null;
  /** Agents on the queue by routing status (IDLE, INTERACTING, NOT_RESPONDING, OFF_QUEUE, COMMUNICATING). */
  readonly agents: Readonly<Record<string, number>>;
  /** `observation` when Genesys's own queue observations said so, else `derived` from conversations. */
  readonly source: 'observation' | 'derived';
  readonly asOf: number;
}

/** One queue, media type and period (an interval, or today so far). Ratios are null with no denominator. */
export interface QueueMetricsRecord {
  readonly type: 'queueMetrics';
  readonly queueId: string;
  readonly mediaType: string;
  readonly period: 'interval' | 'today';
  readonly start: number;
  readonly end: number;
  readonly nOffered: number;
  readonly nAnswered: number;
  readonly nAbandoned: number;
  readonly nShortAbandoned: number;
  readonly nFlowOut: number;
  readonly nOverSla: number;
  readonly nTransferred: number;
  readonly tAnswered: DurationStat;
  readonly tAbandon: DurationStat;
  readonly tFlowOut: DurationStat;
  readonly tWait: DurationStat;
  readonly tHandle: DurationStat;
  readonly tTalk: DurationStat;
  readonly tHeld: DurationStat;
  readonly tAcw: DurationStat;
  readonly serviceLevel: { readonly numerator: number; readonly denominator: number; readonly ratio: number | null; readonly target: number | null; readonly thresholdMs: number };
  readonly abandonRate: number | null;
  readonly answerRate: number | null;
  readonly asaMs: number | null;
  readonly ahtMs: number | null;
  readonly avgWaitMs: number | null;
  readonly live: QueueLive;
  /**
   * Agents' messages sent in the period, and how many were delivered and read, and within the
   * thresholds. `deliveredUntimed` (`readUntimed`) were delivered (read) at a time not known (the
   * receipt first seen in a backfill): the within ratios leave them out of numerator and denominator.
   */
  readonly messaging: {
    readonly sent: number;
    readonly delivered: number;
    readonly deliveredWithin: number;
    readonly deliveredUntimed: number;
    readonly read: number;
    readonly readWithin: number;
    readonly readUntimed: number;
    readonly deliveredWithinRatio: number | null;
    readonly readWithinRatio: number | null;
  };
}

/** A threshold crossed (`breach`) or no longer crossed (`recovered`), for alerting. */
export interface QueueBreach {
  readonly type: 'queueBreach';
  readonly state: 'breach' | 'recovered';
  readonly queueId: string;
  readonly mediaType: string;
  readonly metric: keyof BreachThresholds;
  readonly value: number;
  readonly threshold: number;
  readonly intervalStart: number;
  readonly at: number;
}

export type QueueMetricsOutput = QueueMetricsRecord | QueueBreach;

export const QUEUE_METRICS_DEFAULT_INTERVAL = 1_800_000;
export const DEFAULT_SERVICE_LEVELS: Readonly<Record<string, ServiceLevelSetting>> = {
  voice: { durationMs: 20_000, percentage: 0.8 },
  callback: { durationMs: 20_000, percentage: 0.8 },
  chat: { durationMs: 20_000, percentage: 0.8 },
  message: { durationMs: 20_000, percentage: 0.8 },
  email: { durationMs: 86_400_000, percentage: 0.8 },
};
