import type { AnalyticsConversation, ContactCenter, DetailsQuery } from '../sim/types.js';

const DAY_MS = 86_400_000;
/** Genesys rejects details queries over 7 days; async jobs accept up to 31. */
export const MAX_QUERY_INTERVAL_MS = 7 * DAY_MS;
export const MAX_JOB_INTERVAL_MS = 31 * DAY_MS;

export interface ParsedDetailsQuery {
  query: DetailsQuery;
  order: 'asc' | 'desc';
  pageSize: number;
  pageNumber: number;
}

export type ParseResult = { ok: true; value: ParsedDetailsQuery } | { ok: false; message: string };

interface Predicate {
  dimension?: unknown;
  value?: unknown;
}

function collect(filters: unknown, dimension: string): string[] {
  if (!Array.isArray(filters)) return [];
  const values: string[] = [];
  for (const filter of filters as { predicates?: Predicate[]; clauses?: { predicates?: Predicate[] }[] }[]) {
    const predicates = [...(filter?.predicates ?? []), ...(filter?.clauses ?? []).flatMap((c) => c?.predicates ?? [])];
    for (const p of predicates) if (p?.dimension === dimension && typeof p.value === 'string') values.push(p.value);
  }
  return values;
}

/** Reads an interval `<iso>/<iso>` into epoch ms, checking it against `maxMs`. */
export function parseInterval(interval: unknown, maxMs: number): { from: number; to: number } | string {
  if (typeof interval !== 'string') return 'interval is required, as "<ISO-8601 start>/<ISO-8601 end>".';
  const [a, b, extra] = interval.split('/');
  const from = Date.parse(a ?? '');
  const to = Date.parse(b ?? '');
  if (extra !== undefined || Number.isNaN(from) || Number.isNaN(to)) return `interval "${interval}" is not "<ISO-8601 start>/<ISO-8601 end>".`;
  if (to <= from) return `interval "${interval}" ends before it starts.`;
  if (to - from > maxMs) return `interval "${interval}" is longer than the maximum of ${maxMs / DAY_MS} days; query it in smaller slices.`;
  return { from, to };
}

/** Validates a `conversations/details/query` body the way Genesys does. */
export function parseDetailsQuery(body: unknown, maxIntervalMs = MAX_QUERY_INTERVAL_MS): ParseResult {
  if (typeof body !== 'object' || body === null) return { ok: false, message: 'The body must be a JSON object with an interval.' };
  const b = body as Record<string, unknown>;
  const interval = parseInterval(b.interval, maxIntervalMs);
  if (typeof interval === 'string') return { ok: false, message: interval };
  const order = b.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') return { ok: false, message: `order must be asc or desc, got ${String(order)}.` };
  if (b.orderBy !== undefined && b.orderBy !== 'conversationStart') {
    return { ok: false, message: `orderBy ${String(b.orderBy)} is not supported by the emulator; use conversationStart.` };
  }
  const paging = (b.paging ?? {}) as { pageSize?: unknown; pageNumber?: unknown };
  const pageSize = paging.pageSize ?? 25;
  const pageNumber = paging.pageNumber ?? 1;
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
    return { ok: false, message: 'paging.pageSize must be an integer from 1 to 100.' };
  }
  if (typeof pageNumber !== 'number' || !Number.isInteger(pageNumber) || pageNumber < 1) {
    return { ok: false, message: 'paging.pageNumber must be an integer from 1.' };
  }
  const filters = [b.segmentFilters, b.conversationFilters];
  const queueIds = filters.flatMap((f) => collect(f, 'queueId'));
  const mediaTypes = filters.flatMap((f) => collect(f, 'mediaType'));
  const query: DetailsQuery = {
    ...interval,
    ...(queueIds.length ? { queueIds } : {}),
    ...(mediaTypes.length ? { mediaTypes } : {}),
  };
  return { ok: true, value: { query, order, pageSize, pageNumber } };
}

/** Every matching conversation, in the requested order (one page as long as the result, in the order pages are served). */
export function runDetailsQuery(center: ContactCenter, query: DetailsQuery, order: 'asc' | 'desc'): AnalyticsConversation[] {
  return center.detailsPage(query, order, 0, Number.POSITIVE_INFINITY).conversations;
}
