import type { ContactCenter } from '../sim/types.js';
import { filterValues, parseFilter, type RowTest } from './queryFilter.js';

/** Queue observation metrics (`QueueObservationQuery` metric enum of the SDK) the emulator knows. */
const CONVERSATION_METRICS = new Set(['oAlerting', 'oInteracting', 'oLongestInteracting', 'oLongestWaiting', 'oWaiting']);
const USER_METRICS = new Set(['oActiveUsers', 'oMemberUsers', 'oOffQueueUsers', 'oOnQueueUsers', 'oUserPresences', 'oUserRoutingStatuses']);
const DETAIL_METRICS = new Set(['oInteracting', 'oWaiting']);
const DIMENSIONS: ReadonlySet<string> = new Set(['queueId', 'mediaType']);

export interface ParsedObservationsQuery {
  readonly queueIds: readonly string[];
  readonly metrics: ReadonlySet<string>;
  readonly detailMetrics: ReadonlySet<string>;
  readonly test: RowTest;
}

/** Validates a `queues/observations/query` body as Genesys does (400 with what to fix). */
export function parseObservationsQuery(body: unknown): { ok: true; value: ParsedObservationsQuery } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null) return { ok: false, message: 'The body must be a JSON object with a filter and metrics.' };
  const b = body as Record<string, unknown>;
  const test = parseFilter(b.filter, DIMENSIONS);
  if (typeof test === 'string') return { ok: false, message: test };
  const queueIds = [...new Set(filterValues(b.filter, 'queueId'))];
  if (queueIds.length === 0) {
    return { ok: false, message: 'filter must name at least one queue: {"type":"or","predicates":[{"dimension":"queueId","value":"<id>"}]}.' };
  }
  if (!Array.isArray(b.metrics) || b.metrics.length === 0) return { ok: false, message: 'metrics is required: a list such as ["oWaiting","oInteracting","oOnQueueUsers"].' };
  for (const m of b.metrics) {
    if (typeof m !== 'string' || !(CONVERSATION_METRICS.has(m) || USER_METRICS.has(m))) return { ok: false, message: `metrics: ${String(m)} is not a queue observation metric.` };
  }
  const detailMetrics = b.detailMetrics ?? [];
  if (!Array.isArray(detailMetrics) || detailMetrics.some((m) => typeof m !== 'string' || !DETAIL_METRICS.has(m))) {
    return { ok: false, message: 'detailMetrics may list only oWaiting and oInteracting.' };
  }
  return { ok: true, value: { queueIds, metrics: new Set(b.metrics as string[]), detailMetrics: new Set(detailMetrics as string[]), test } };
}

/** `{results: [{group, data: [{metric, qualifier?, stats, observations?}]}]}` from the simulation's live state. */
export function runObservationsQuery(center: ContactCenter, q: ParsedObservationsQuery): { results: unknown[] } {
  const results: unknown[] = [];
  for (const { group, data } of center.observations(q.queueIds)) {
    // User groups carry no media type; a mediaType predicate is about conversations only.
    const isUsers = group['mediaType'] === undefined;
    if (!isUsers && !q.test(group)) continue;
    const wanted = data
      .filter((m) => q.metrics.has(m.metric))
      .map(({ observations, ...m }) => (observations && q.detailMetrics.has(m.metric) ? { ...m, observations } : m));
    if (wanted.length > 0) results.push({ group, data: wanted });
  }
  return { results };
}
