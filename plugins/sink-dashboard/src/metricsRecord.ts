import { z } from 'zod';

const nullableNumber = z.number().nullable();

/**
 * The part of a `queueMetrics` record (the body of a `gcstream.queues.<id>.metrics` event) that
 * the wallboard shows. Lenient to every other field, so a newer queueMetrics that adds numbers
 * still feeds an older wallboard; strict about the numbers drawn, so a malformed record is
 * skipped rather than drawn as zeros.
 */
export const metricsRecordSchema = z.looseObject({
  type: z.literal('queueMetrics'),
  queueId: z.string().min(1),
  mediaType: z.string().min(1),
  period: z.enum(['interval', 'today']),
  start: z.number(),
  end: z.number(),
  nOffered: z.number(),
  nAnswered: z.number(),
  nAbandoned: z.number(),
  serviceLevel: z.looseObject({ numerator: z.number(), denominator: z.number(), ratio: nullableNumber, target: nullableNumber, thresholdMs: z.number() }),
  abandonRate: nullableNumber,
  asaMs: nullableNumber,
  ahtMs: nullableNumber,
  live: z.looseObject({
    waiting: z.number(),
    interacting: z.number(),
    alerting: z.number(),
    longestWaitMs: nullableNumber,
    agents: z.record(z.string(), z.number()),
    asOf: z.number(),
  }),
});

export type MetricsRecord = z.output<typeof metricsRecordSchema>;

/** One period's numbers as the page draws them. */
export interface PeriodView {
  readonly start: number;
  readonly end: number;
  readonly nOffered: number;
  readonly nAnswered: number;
  readonly nAbandoned: number;
  readonly serviceLevel: { readonly ratio: number | null; readonly numerator: number; readonly denominator: number; readonly target: number | null; readonly thresholdMs: number };
  readonly abandonRate: number | null;
  readonly asaMs: number | null;
  readonly ahtMs: number | null;
}

export function periodView(r: MetricsRecord): PeriodView {
  const sl = r.serviceLevel;
  return {
    start: r.start,
    end: r.end,
    nOffered: r.nOffered,
    nAnswered: r.nAnswered,
    nAbandoned: r.nAbandoned,
    serviceLevel: { ratio: sl.ratio, numerator: sl.numerator, denominator: sl.denominator, target: sl.target, thresholdMs: sl.thresholdMs },
    abandonRate: r.abandonRate,
    asaMs: r.asaMs,
    ahtMs: r.ahtMs,
  };
}
