import { accumulate, aggregateMetrics, type AggregateMetric, type Totals } from '../sim/aggregateStats.js';
import type { MetricEmission } from '../sim/metricLedger.js';
import type { ContactCenter, MediaKind } from '../sim/types.js';
import { parseInterval } from './detailsQuery.js';
import { parseFilter, type RowTest } from './queryFilter.js';

/** The conversation aggregate metrics (`ConversationAggregationView` metric enum of the SDK). */
export const AGGREGATE_METRICS: ReadonlySet<string> = new Set([
  'nBlindTransferred', 'nBotInteractions', 'nCallbackAttempts', 'nCallbackOverSla', 'nCallbackScheduled', 'nCobrowseSessions',
  'nConnected', 'nConsult', 'nConsultTransferred', 'nConversations', 'nError', 'nOffered', 'nOutbound', 'nOutboundAbandoned',
  'nOutboundAttempted', 'nOutboundConnected', 'nOverSla', 'nStateTransitionError', 'nTakeover', 'nTransferred',
  'oAudioMessageCount', 'oExternalAudioMessageCount', 'oExternalMediaCount', 'oMediaCount', 'oMessageCount',
  'oMessageSegmentCount', 'oMessageTurn', 'oServiceLevel', 'oServiceTarget', 'oSkillExpressionApplications', 'tAbandon',
  'tAcd', 'tActiveCallback', 'tActiveCallbackComplete', 'tAcw', 'tAgentResponseTime', 'tAgentVideoConnected', 'tAlert',
  'tAnswered', 'tAverageAgentResponseTime', 'tAverageCustomerResponseTime', 'tBarging', 'tCallbackAbandon', 'tCallbackConnect',
  'tCallbackNotReached', 'tCoaching', 'tCoachingComplete', 'tConnected', 'tContacting', 'tDialing', 'tFirstConnect',
  'tFirstDial', 'tFirstEngagement', 'tFirstResponse', 'tFlowOut', 'tHandle', 'tHeld', 'tHeldComplete', 'tIvr', 'tMonitoring',
  'tMonitoringComplete', 'tNotResponding', 'tPark', 'tParkComplete', 'tScreenMonitoring', 'tShortAbandon', 'tSnippetRecord',
  'tTalk', 'tTalkComplete', 'tTransmitting', 'tUserResponseTime', 'tVoicemail', 'tWait',
]);

/** Dimensions the emulator groups and filters aggregates by (a subset of Genesys's). */
export const AGGREGATE_DIMENSIONS: ReadonlySet<string> = new Set(['queueId', 'mediaType', 'userId', 'conversationId', 'purpose']);

const MAX_BUCKETS = 10_000;

export interface ParsedAggregatesQuery {
  readonly from: number;
  readonly to: number;
  /** Bucket length; the whole interval when the query gives no granularity. */
  readonly granularityMs: number;
  readonly groupBy: readonly string[];
  readonly metrics: ReadonlySet<string>;
  readonly test: RowTest;
}

/** `PT30M`, `PT1H`, `P1D`, `P1W`, `P1DT12H`: ISO-8601 durations without months or years. */
export function parseDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m.map((v) => Number(v ?? 0));
  const ms = ((((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!) * 1000;
  return ms > 0 ? ms : undefined;
}

/** Validates a `conversations/aggregates/query` body as Genesys does (400 with what to fix). */
export function parseAggregatesQuery(body: unknown): { ok: true; value: ParsedAggregatesQuery } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null) return { ok: false, message: 'The body must be a JSON object with an interval and metrics.' };
  const b = body as Record<string, unknown>;
  const interval = parseInterval(b.interval, Number.POSITIVE_INFINITY);
  if (typeof interval === 'string') return { ok: false, message: interval };
  let granularityMs = interval.to - interval.from;
  if (b.granularity !== undefined) {
    const g = typeof b.granularity === 'string' ? parseDuration(b.granularity) : undefined;
    if (g === undefined) return { ok: false, message: `granularity ${String(b.granularity)} is not an ISO-8601 duration such as PT30M, PT1H or P1D.` };
    if ((interval.to - interval.from) / g > MAX_BUCKETS) return { ok: false, message: `granularity ${b.granularity} splits the interval into more than ${MAX_BUCKETS} parts; use a coarser one.` };
    if (g >= 86_400_000 && b.timeZone !== undefined && b.timeZone !== 'UTC') {
      return { ok: false, message: `timeZone ${String(b.timeZone)} is not supported by the emulator, which buckets days in UTC; leave it out or use UTC.` };
    }
    granularityMs = g;
  }
  if (!Array.isArray(b.metrics) || b.metrics.length === 0) return { ok: false, message: 'metrics is required: a list such as ["nOffered","tAnswered","tAbandon"].' };
  for (const metric of b.metrics) {
    if (typeof metric !== 'string' || !AGGREGATE_METRICS.has(metric)) return { ok: false, message: `metrics: ${String(metric)} is not a conversation aggregate metric.` };
  }
  const groupBy = b.groupBy ?? [];
  if (!Array.isArray(groupBy)) return { ok: false, message: 'groupBy must be a list of dimensions, e.g. ["queueId","mediaType"].' };
  for (const dimension of groupBy) {
    if (typeof dimension !== 'string' || !AGGREGATE_DIMENSIONS.has(dimension)) {
      return { ok: false, message: `groupBy: ${String(dimension)} is not a dimension the emulator groups by; use ${[...AGGREGATE_DIMENSIONS].join(', ')}.` };
    }
  }
  if (b.views !== undefined) return { ok: false, message: 'views are not supported by the emulator; leave them out.' };
  const test = parseFilter(b.filter, AGGREGATE_DIMENSIONS);
  if (typeof test === 'string') return { ok: false, message: test };
  return { ok: true, value: { ...interval, granularityMs, groupBy: groupBy as string[], metrics: new Set(b.metrics as string[]), test } };
}

const rowOf = (e: MetricEmission) => ({ queueId: e.queueId, mediaType: e.mediaType, userId: e.userId, conversationId: e.conversationId, purpose: e.purpose });

/** Answers the query from the metrics the simulation emitted in the interval, bucketed by emission time. */
export function runAggregatesQuery(center: ContactCenter, q: ParsedAggregatesQuery): { results?: unknown[] } {
  const groups = new Map<string, { group: Record<string, string>; buckets: Map<number, Totals> }>();
  for (const e of center.metricEmissions(q.from, q.to)) {
    const row = rowOf(e);
    if (!q.test(row)) continue;
    const group: Record<string, string> = {};
    for (const d of q.groupBy) {
      const value = row[d as keyof typeof row];
      if (value !== undefined) group[d] = value;
    }
    const key = q.groupBy.map((d) => group[d] ?? '').join('|');
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { group, buckets: new Map() }));
    const bucket = q.from + Math.floor((e.time - q.from) / q.granularityMs) * q.granularityMs;
    let totals = entry.buckets.get(bucket);
    if (!totals) entry.buckets.set(bucket, (totals = new Map()));
    accumulate(totals, e);
  }
  const results: unknown[] = [];
  for (const { group, buckets } of groups.values()) {
    const target = group.queueId && group.mediaType ? center.analytics.serviceLevel(group.queueId, group.mediaType as MediaKind) : undefined;
    const data: { interval: string; metrics: AggregateMetric[] }[] = [];
    for (const start of [...buckets.keys()].sort((a, b) => a - b)) {
      const metrics = aggregateMetrics(buckets.get(start)!, center.analytics, target, q.metrics);
      const end = Math.min(start + q.granularityMs, q.to);
      if (metrics.length > 0) data.push({ interval: `${new Date(start).toISOString()}/${new Date(end).toISOString()}`, metrics });
    }
    if (data.length > 0) results.push(q.groupBy.length > 0 ? { group, data } : { data });
  }
  // Genesys leaves `results` out when nothing was emitted in the interval.
  return results.length > 0 ? { results } : {};
}
