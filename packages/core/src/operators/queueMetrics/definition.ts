import { numberedStageState } from '../_stageCheckpoint.js';
import { map, Observable, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import { durationSchema, utcOffsetSchema } from '../../config/duration.js';
import { CONVERSATION_MEDIA } from '../../model/conversation.js';
import type { Directory } from '../../model/directory.js';
import type { GenesysEvent } from '../../model/events.js';
import { defineOperator } from '../defineOperator.js';
import { derivedEvent, withPassThrough } from '../_derivedEvent.js';
import { asConversationRecord, queueMetrics, queueSettingsOf } from './queueMetrics.js';
import { isLiveFamily } from './inputs.js';
import { QUEUE_METRICS_DEFAULT_INTERVAL, type QueueMetricsOutput } from './types.js';
import { DAY, isTimeZone, KEEP_AT_LEAST, timeZoneOffset } from './calendarDay.js';

const ratio = z.number().min(0).max(1);
const serviceLevelSetting = z.strictObject({
  durationMs: durationSchema.meta({ description: 'Answered within this counts as meeting service level (Genesys Y).' }),
  percentage: ratio.optional().meta({ description: 'The target, 0..1 (Genesys X).' }),
});
/** The media types queue visits carry; a setting under any other name would never be used. */
const VISIT_MEDIA: readonly string[] = CONVERSATION_MEDIA.map((m) => m.mediaType);
const perMedia = z.record(z.string(), serviceLevelSetting).superRefine((levels, ctx) => {
  for (const name of Object.keys(levels)) {
    if (VISIT_MEDIA.includes(name)) continue;
    const hint = name === 'call' ? "write voice (Genesys's mediaSettings call), or one of" : 'write one of';
    ctx.addIssue({ code: 'custom', path: [name], message: `${name} is not a media type queue visits carry: ${hint} ${VISIT_MEDIA.join(', ')}` });
  }
});

/** The `queueMetrics:` options in a pipeline config. */
export const queueMetricsConfigSchema = z
  .strictObject({
    interval: durationSchema.prefault(QUEUE_METRICS_DEFAULT_INTERVAL).meta({ description: 'Interval length; it must divide a day (15m, 30m, 1h). Genesys uses 30m.' }),
    dayStartOffset: utcOffsetSchema.prefault(0).meta({ description: 'A fixed offset from UTC whose midnight starts "today" (-5h for UTC-5: days from 05:00 UTC); a whole number of intervals. Where clocks change, use timeZone.' }),
    timeZone: z
      .string()
      .refine(isTimeZone, { message: 'not a time zone Node.js knows: write an IANA name such as America/New_York, Europe/London or UTC' })
      .optional()
      .meta({ description: '"today" runs from local midnight in this IANA time zone (America/New_York), daylight saving included, as Genesys\'s Queue Performance views count it.' }),
    serviceLevels: z.record(z.string(), perMedia).optional().meta({ description: "Per queue id or name, per media type (voice, chat, ...): the service level threshold and target, used when the queue's own mediaSettings are not known." }),
    defaultServiceLevel: perMedia.optional().meta({ description: 'Per media type, for queues with no setting. Defaults to 20s/80% (email 24h/80%); a target Genesys observes for the queue (oServiceLevel.target) takes the place of its percentage.' }),
    switches: z
      .strictObject({
        includeFlowOuts: z.boolean().default(false),
        includeShortAbandons: z.boolean().default(true),
        includeAbandons: z.boolean().default(true),
      })
      .prefault({})
      .meta({ description: "The org's Service Level Calculations Options, as set in Genesys Cloud." }),
    shortAbandonThreshold: durationSchema.prefault(0).meta({ description: 'Abandons shorter than this are short abandons (set it as in your org; 0 = none).' }),
    serviceLevelBoundary: z.enum(['inclusive', 'exclusive']).default('inclusive').meta({ description: 'Whether a wait of exactly the threshold meets service level.' }),
    breaches: z
      .strictObject({
        serviceLevelBelow: ratio.optional(),
        abandonRateAbove: ratio.optional(),
        longestWaitAbove: durationSchema.optional(),
        waitingAbove: z.number().int().nonnegative().optional(),
        asaAbove: durationSchema.optional(),
      })
      .optional()
      .meta({ description: "Thresholds that emit breach and recovered events; with this set, service level is also checked against each queue's target. longestWaitAbove is checked at every emission tick as well (every second with emitInterval 0), so a caller waiting while no event comes trips it." }),
    messaging: z
      .strictObject({ deliveredWithin: durationSchema.prefault('30s'), readWithin: durationSchema.prefault('5m') })
      .prefault({})
      .meta({ description: "An agent's message is delivered (read) in time when its receipt is seen within this long of its messageTime." }),
    emitInterval: durationSchema.prefault('1s').meta({ description: 'Changed queues are emitted at most this often (0 = on every change).' }),
    maxVisits: z.number().int().positive().default(200_000).meta({ description: 'Most queue visits, messages and handles of conversations in progress remembered (to take a change back); past it the least recently updated conversation is forgotten first.' }),
    keepIntervals: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Intervals kept per queue and media type, counting back from the newest (by default 25 hours of them: 50 of 30 minutes), and how long a counted conversation is remembered so a replayed final record does not count twice. At least a day (25 hours): "today" counts only moments in kept intervals.' }),
    passThrough: z.enum(['none', 'others', 'all']).default('none').meta({ description: 'Which input events pass on besides the metrics: none, those it does not read, or all.' }),
  })
  .superRefine(({ interval, dayStartOffset, timeZone, keepIntervals }, ctx) => {
    // "today" is counted from moments in kept intervals: fewer than a day's (25 hours on a
    // daylight-saving day) would leave the late moments of early today out of it.
    if (keepIntervals !== undefined && interval > 0 && keepIntervals * interval < KEEP_AT_LEAST) {
      const needed = Math.ceil(KEEP_AT_LEAST / interval);
      ctx.addIssue({ code: 'custom', path: ['keepIntervals'], message: `${keepIntervals} intervals of ${inMinutes(interval)} keep less than a day, so "today" would miss what arrives late for its early hours; use at least ${needed} (25 hours), or leave it out` });
    }
    // Intervals are cut from the epoch and "today" is summed from them: an interval that does not
    // divide the day, or a day that starts inside one, would count an interval in two days.
    if (interval <= 0 || DAY % interval !== 0) {
      ctx.addIssue({ code: 'custom', path: ['interval'], message: `${inMinutes(interval)} do not divide a day into whole intervals, so one would straddle midnight; use 15m, 30m (as Genesys does) or 1h` });
    } else if (timeZone !== undefined && dayStartOffset !== 0) {
      ctx.addIssue({ code: 'custom', path: ['dayStartOffset'], message: 'set timeZone or dayStartOffset, not both: with timeZone, "today" starts at its local midnight' });
    } else if (timeZone !== undefined && isTimeZone(timeZone)) {
      // Days start at local midnight: a zone whose offset is not a whole number of intervals starts them inside one.
      const year = new Date().getUTCFullYear();
      const offsets = [Date.UTC(year, 0, 1), Date.UTC(year, 6, 1)].map((t) => timeZoneOffset(timeZone, t));
      const off = offsets.find((o) => o % interval !== 0);
      if (off !== undefined) ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `${timeZone} is ${inMinutes(off)} from UTC, not a whole number of intervals of ${inMinutes(interval)}, so its days would start inside one; use a shorter interval such as 15m` });
    } else if (dayStartOffset % interval !== 0) {
      ctx.addIssue({ code: 'custom', path: ['dayStartOffset'], message: `"today" would begin inside an interval: ${inMinutes(dayStartOffset)} from UTC midnight is not a whole number of intervals of ${inMinutes(interval)}; make the interval divide it (15m or 30m do for every time zone offset of whole quarter hours)` });
    }
  })
  .prefault({});

/** `7 minutes`, `-330 minutes`, or ms when not whole minutes: config errors in the unit intervals are written in. */
const inMinutes = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} minute${Math.abs(ms) === 60_000 ? '' : 's'}` : `${ms} ms`);

/** What queueMetrics reads: conversationState's records, queue observations, routing statuses, activity, queue entities. */
const consumes = (event: GenesysEvent): boolean =>
  isLiveFamily(event.family) || asConversationRecord(event) !== undefined || queueSettingsOf(event.eventBody as Record<string, unknown>) !== undefined;

/** Service levels from the queues the source discovered: `GET /api/v2/routing/queues` lists each queue's `mediaSettings`. */
const directoryServiceLevels = (directory: Directory | undefined) => (queueId: string) => {
  const mediaSettings = directory?.queueMediaSettings(queueId);
  return mediaSettings === undefined ? undefined : queueSettingsOf({ id: queueId, mediaSettings })?.levels;
};

const toEvent = (r: QueueMetricsOutput, seq: number, now: number) =>
  r.type === 'queueMetrics'
    ? derivedEvent(r, { topicName: `gcstream.queues.${r.queueId}.metrics`, topic: 'gcstream.queues.{id}.metrics', ids: [r.queueId], eventTime: Number.isFinite(r.live.asOf) ? r.live.asOf : r.start, key: `queueMetrics:${r.queueId}:${r.mediaType}:${r.period}:${r.start}:${seq}` }, now)
    : derivedEvent(r, { topicName: `gcstream.queues.${r.queueId}.breach`, topic: 'gcstream.queues.{id}.breach', ids: [r.queueId], eventTime: r.at, key: `queueBreach:${r.queueId}:${r.mediaType}:${r.metric}:${r.state}:${r.at}` }, now);

/**
 * Queue metrics leave as `gcstream.queues.<queueId>.metrics` events (one per queue, media type
 * and period on each update) and breaches as `gcstream.queues.<queueId>.breach`. Put it after
 * `conversationState` (which passes observations and routing statuses on by default).
 */
export const queueMetricsOperator = defineOperator({
  name: 'queueMetrics',
  description: "Genesys queue performance per queue, media type, 30-minute interval and today (offered, answered, abandoned, service level, ASA, AHT), live waiting and agents, and breach events.",
  configSchema: queueMetricsConfigSchema,
  create(config, ctx) {
    const { passThrough, ...options } = config;
    const operator: OperatorFunction<GenesysEvent, GenesysEvent> = (source) =>
      new Observable<GenesysEvent>((subscriber) => {
        const stage = numberedStageState(ctx.state, 'gcstream.queueMetrics.stage/1');
        return source
          .pipe(
            queueMetrics({ ...options, queueServiceLevels: directoryServiceLevels(ctx.directory), queueName: (id) => ctx.directory?.queueName(id), scheduler: ctx.scheduler, ...(stage.inner ? { state: stage.inner } : {}) }),
            map((r) => {
              if (r.type === 'queueBreach') ctx.metrics.inc('gcstream_queue_breaches_total', { metric: r.metric, state: r.state });
              return toEvent(r, stage.next(), ctx.scheduler.now());
            }),
          )
          .subscribe(subscriber);
      });
    return withPassThrough(passThrough, consumes, operator);
  },
});
