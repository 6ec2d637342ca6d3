import { map, Observable, type OperatorFunction } from 'rxjs';
import { z } from 'zod';
import { durationSchema } from '../../config/duration.js';
import type { GenesysEvent } from '../../model/events.js';
import { defineOperator } from '../defineOperator.js';
import { derivedEvent, withPassThrough, type Consumes } from '../_derivedEvent.js';
import { parseAggregateSpec } from './aggregations.js';
import { eventMatchConfigShape, eventMatcher } from '../_eventMatch.js';
import { WINDOW_DEFAULT_MAX_OPEN } from './types.js';
import { window } from './window.js';

const aggregateText = z.string().refine((s) => parseAggregateSpec(s) !== undefined, {
  message: 'write count, sum(field), avg(field), min(field), max(field), p50(field), p90(field), p99(field) or distinct(field)',
});

/** The `window:` options in a pipeline config. */
export const windowConfigSchema = z
  .strictObject({
    type: z.enum(['tumbling', 'sliding', 'session']).meta({ description: 'tumbling: back-to-back windows of `size`; sliding: windows of `size` every `slide`; session: closes after `gap` without an event in its group.' }),
    size: durationSchema.optional().meta({ description: 'Window length (tumbling, sliding), aligned to the epoch in UTC.' }),
    slide: durationSchema.optional().meta({ description: 'How often a sliding window starts. Defaults to size.' }),
    gap: durationSchema.optional().meta({ description: 'Session windows: the quiet time that ends a session.' }),
    groupBy: z.union([z.string(), z.array(z.string()).min(1)]).optional().meta({ description: 'A field path, or several, to group by: eventBody.queueId.' }),
    aggregate: z.record(z.string(), aggregateText).default({ count: 'count' }).meta({ description: 'Output name to aggregation: count, avg(eventBody.waitMs), p90(...), distinct(...).' }),
    eventTime: z.string().optional().meta({ description: "Field path of the event's time in epoch ms. Defaults to eventTime." }),
    maxOutOfOrderness: durationSchema.prefault(0).meta({ description: 'How far behind the newest event an event may arrive and still be on time (the watermark lag).' }),
    allowedLateness: durationSchema.prefault(0).meta({ description: 'How long a closed window still accepts late events, re-emitting its result.' }),
    earlyUpdates: durationSchema.optional().meta({ description: 'Emit open windows that changed this often (final: false).' }),
    idleTimeout: durationSchema.optional().meta({ description: 'With no event for this long, event time moves on with the clock so quiet windows close.' }),
    maxOpenWindows: z.number().int().positive().default(WINDOW_DEFAULT_MAX_OPEN).meta({ description: 'Most window × group states held; past it the oldest is emitted early (reason evicted).' }),
    late: z.enum(['deadLetter', 'emit']).default('deadLetter').meta({ description: 'Events later than allowedLateness go to the dead letters, or are passed on unchanged.' }),
    ...eventMatchConfigShape,
    passThrough: z
      .union([z.boolean(), z.enum(['none', 'others', 'all'])])
      .default(false)
      .meta({ description: 'Which input events pass on besides the window results: none (false), those it does not aggregate (others: with topic, family or where, the rest of the stream goes on), or all (true).' }),
  })
  .superRefine((c, ctx) => {
    if (c.type === 'session' ? c.gap === undefined : c.size === undefined) ctx.addIssue({ code: 'custom', path: [c.type === 'session' ? 'gap' : 'size'], message: `a ${c.type} window needs ${c.type === 'session' ? 'gap' : 'size'}, e.g. 30m` });
  });

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
          onLate: ({ event, eventTime, watermark }) => {
            ctx.metrics.inc('gcstream_window_late_total');
            // Passed on unchanged, right after the input that found it late.
            if (late === 'emit') subscriber.next(event);
            else ctx.deadLetter({ stage: 'operator:window', reason: `late: event time ${eventTime} is behind the watermark ${watermark} by more than allowedLateness (${options.allowedLateness} ms)`, payload: event, at: ctx.scheduler.now() });
          },
          onOpenWindows: (open) => ctx.metrics.set('gcstream_window_open', open),
          onEvicted: () => ctx.metrics.inc('gcstream_window_evicted_total'),
          onDeadLetter: ctx.deadLetter,
        });
        return source
          .pipe(
            results,
            map((r) =>
              derivedEvent(r, { topicName: `gcstream.window.${r.type}`, topic: `gcstream.window.${r.type}`, ids: [], eventTime: r.end, key: `window:${r.type}:${r.start}:${r.end}:${JSON.stringify(r.group)}` }, ctx.scheduler.now()),
            ),
          )
          .subscribe(subscriber);
      });
    const mode = passThrough === true ? 'all' : passThrough === false ? 'none' : passThrough;
    return withPassThrough(mode, matcher.all ? () => true : consumes, operator);
  },
});
