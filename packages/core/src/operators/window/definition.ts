import { map, Observable, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import { durationSchema } from '../../config/duration.js';
import { fieldPathProblem, fieldPathSchema } from '../../config/fieldPathText.js';
import type { GenesysEvent } from '../../model/events.js';
import { defineOperator } from '../defineOperator.js';
import { derivedEvent, withPassThrough, type Consumes } from '../_derivedEvent.js';
import { parseAggregateSpec } from './aggregations.js';
import { eventMatchConfigShape, eventMatcher } from '../_eventMatch.js';
import { WINDOW_DEFAULT_MAX_OPEN, type WindowResult } from './types.js';
import { SLIDE_PAST_SIZE, window } from './window.js';

const aggregateText = z.string().superRefine((text, ctx) => {
  const spec = parseAggregateSpec(text);
  if (spec === undefined) ctx.addIssue({ code: 'custom', message: 'write count, sum(field), avg(field), min(field), max(field), distinct(field), or a percentile above p0 and below p100 (p0.5(field) to p99.9(field)) such as p50, p90 or p99' });
  const problem = spec?.field === undefined ? undefined : fieldPathProblem(spec.field);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/** The `window:` options in a pipeline config. */
export const windowConfigSchema = z
  .strictObject({
    type: z.enum(['tumbling', 'sliding', 'session']).meta({ description: 'tumbling: back-to-back windows of `size`; sliding: windows of `size` every `slide`; session: closes after `gap` without an event in its group.' }),
    size: durationSchema.optional().meta({ description: 'Window length (tumbling, sliding), aligned to the epoch in UTC.' }),
    slide: durationSchema.optional().meta({ description: 'How often a sliding window starts. Defaults to size.' }),
    gap: durationSchema.optional().meta({ description: 'Session windows: the quiet time that ends a session.' }),
    groupBy: z.union([fieldPathSchema, z.array(fieldPathSchema).min(1)]).optional().meta({ description: 'A field path, or several, to group by: eventBody.queueId.' }),
    aggregate: z
      .record(z.string(), aggregateText)
      .refine((a) => Object.keys(a).length > 0, { message: 'name at least one output, e.g. { conversations: count }; leave aggregate out to count events' })
      .default({ count: 'count' }).meta({ description: 'Output name to aggregation: count, avg(eventBody.waitMs), p90(...), distinct(...).' }),
    eventTime: fieldPathSchema.optional().meta({ description: "Field path of the event's time, in epoch ms or ISO 8601 text (eventBody.startTime). Defaults to eventTime." }),
    maxOutOfOrderness: durationSchema.prefault(0).meta({ description: 'How far behind the newest event an event may arrive and still be on time (the watermark lag).' }),
    allowedLateness: durationSchema.prefault(0).meta({ description: 'How long a closed window still accepts late events, re-emitting its result.' }),
    earlyUpdates: durationSchema.optional().meta({ description: 'Emit open windows that changed this often (final: false).' }),
    idleTimeout: durationSchema.optional().meta({ description: 'With no event for this long, event time moves on with the clock so quiet windows close.' }),
    maxOpenWindows: z.number().int().positive().default(WINDOW_DEFAULT_MAX_OPEN).meta({ description: 'Most window × group states held; past it the oldest is emitted early (reason evicted), and later events of it are late.' }),
    late: z.enum(['deadLetter', 'emit']).default('deadLetter').meta({ description: 'Events later than allowedLateness go to the dead letters, or are passed on unchanged.' }),
    ...eventMatchConfigShape,
    passThrough: z
      .union([z.boolean(), z.enum(['none', 'others', 'all'])])
      .default(false)
      .meta({ description: 'Which input events pass on besides the window results: none (false), those it does not aggregate (others: with topic, family or where, the rest of the stream goes on), or all (true).' }),
  })
  .superRefine((c, ctx) => {
    // Zero parses as a duration, but no window can be 0 ms long and a 0 ms timer never rests.
    const ZERO_FIX = {
      size: 'write the window length, e.g. 30m',
      gap: 'write the quiet time that ends a session, e.g. 30m',
      slide: 'write how often a window starts, e.g. 5m (leave it out to start one every size)',
      earlyUpdates: 'e.g. 5s; leave it out for no early updates',
      idleTimeout: 'e.g. 1m; leave it out to move event time only with events',
    } as const;
    for (const [key, fix] of Object.entries(ZERO_FIX) as [keyof typeof ZERO_FIX, string][]) {
      if (c[key] === 0) ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be more than 0${fix.startsWith('e.g.') ? ', ' : ': '}${fix}` });
    }
    if (c.type === 'session' ? c.gap === undefined : c.size === undefined) ctx.addIssue({ code: 'custom', path: [c.type === 'session' ? 'gap' : 'size'], message: `a ${c.type} window needs ${c.type === 'session' ? 'gap' : 'size'}, e.g. 30m` });
    // An option the type does not read would be silently ignored: name it.
    const unused = (key: 'size' | 'slide' | 'gap', why: string) => c[key] !== undefined && ctx.addIssue({ code: 'custom', path: [key], message: `a ${c.type} window has no ${key}: ${why}` });
    if (c.type === 'tumbling') unused('slide', 'its windows follow each other (use type: sliding for overlapping ones)');
    if (c.type === 'session') unused('size', 'a session lasts until gap passes without an event'), unused('slide', 'a session lasts until gap passes without an event');
    if (c.type !== 'session') unused('gap', 'gap closes session windows (type: session)');
    if (c.type === 'sliding' && c.slide !== undefined && c.size !== undefined && c.slide > c.size) ctx.addIssue({ code: 'custom', path: ['slide'], message: SLIDE_PAST_SIZE(c.slide, c.size) });
  });

/**
 * The sink key of a window result: an upserting sink keeps one row per key. A session is keyed by
 * its start alone, so a late event that stretches its end updates its row; one that moves its
 * start or merges it into another comes with a `retracted` result for each row it replaces.
 */
export const windowResultKey = (r: WindowResult): string =>
  r.type === 'session' ? `window:session:${r.start}:${JSON.stringify(r.group)}` : `window:${r.type}:${r.start}:${r.end}:${JSON.stringify(r.group)}`;

export const windowOperator = defineOperator({
  name: 'window',
  description: 'Aggregates events (all, or those a topic, family or where selects) into tumbling, sliding or session windows over event time, with a watermark, allowed lateness and late events to dead letters.',
  configSchema: windowConfigSchema,
  create(config, ctx) {
    const { late, passThrough, topic, family, where, ...options } = config;
    const matcher = eventMatcher({ topic, family, where }, 'window');
    /** An event whose `where` failed is dead-lettered and refused: not aggregated, as `filter` drops it. */
    const consumes: Consumes = (event) => {
      const result = matcher.test(event);
      if (!(result instanceof Error)) return result;
      ctx.deadLetter({ stage: 'operator:window', reason: result.message, payload: event, at: ctx.scheduler.now() });
      return undefined;
    };
    const operator: OperatorFunction<GenesysEvent, GenesysEvent> = (source) =>
      new Observable<GenesysEvent>((subscriber) => {
        const results = window<GenesysEvent>({
          ...options,
          scheduler: ctx.scheduler,
          onLate: ({ event, eventTime, watermark, reason }) => {
            ctx.metrics.inc('gcstream_window_late_total');
            if (reason === 'evicted') ctx.metrics.inc('gcstream_window_evicted_late_total');
            // Passed on unchanged, right after the input that found it late.
            if (late === 'emit') subscriber.next(event);
            else
              ctx.deadLetter({
                stage: 'operator:window',
                reason:
                  reason === 'evicted'
                    ? `late: event time ${eventTime} is in a window that maxOpenWindows (${options.maxOpenWindows}) closed early, and its result went out as evicted; raise maxOpenWindows or group by fewer values`
                    : `late: event time ${eventTime} is behind the watermark ${watermark} by more than allowedLateness (${options.allowedLateness} ms)`,
                payload: event,
                at: ctx.scheduler.now(),
              });
          },
          onOpenWindows: (open) => ctx.metrics.set('gcstream_window_open', open),
          onEvicted: () => ctx.metrics.inc('gcstream_window_evicted_total'),
          onDeadLetter: ctx.deadLetter,
          ...(ctx.state ? { state: ctx.state } : {}),
        });
        return source
          .pipe(
            results,
            map((r) =>
              derivedEvent(r, { topicName: `gcstream.window.${r.type}`, topic: `gcstream.window.${r.type}`, ids: [], eventTime: r.end, key: windowResultKey(r) }, ctx.scheduler.now()),
            ),
          )
          .subscribe(subscriber);
      });
    const mode = passThrough === true ? 'all' : passThrough === false ? 'none' : passThrough;
    return withPassThrough(mode, matcher.all ? () => true : consumes, operator);
  },
});
