import type { RestClient } from './restClient.js';

/** One conversation as `conversations/details/query` returns it (fields the backfill reads). */
export interface AnalyticsConversation {
  readonly conversationId: string;
  readonly conversationStart: string;
  readonly conversationEnd?: string;
  readonly participants?: readonly AnalyticsParticipant[];
  readonly [key: string]: unknown;
}

export interface AnalyticsParticipant {
  readonly participantId?: string;
  readonly participantName?: string;
  readonly purpose?: string;
  readonly userId?: string;
  readonly sessions?: readonly {
    readonly mediaType?: string;
    readonly sessionId?: string;
    readonly direction?: string;
    readonly ani?: string;
    readonly dnis?: string;
    readonly segments?: readonly { segmentStart?: string; segmentEnd?: string; queueId?: string; disconnectType?: string; segmentType?: string; wrapUpCode?: string }[];
  }[];
}

const HOUR = 3_600_000;
/** The details API rejects one query interval over 7 days (hourly slices stay far below it). */
export const MAX_BACKFILL_MS = 7 * 24 * HOUR;
/** Conversations per `GET /api/v2/analytics/conversations/details?id=` request. */
export const MAX_IDS_PER_LOOKUP = 100;

/** Splits [from, to) into slices of at most `sliceMs` (hourly by default), as the API prefers. */
export function sliceInterval(from: number, to: number, sliceMs = HOUR): Array<[number, number]> {
  const slices: Array<[number, number]> = [];
  for (let start = from; start < to; start += sliceMs) slices.push([start, Math.min(to, start + sliceMs)]);
  return slices;
}

export interface DetailsQueryOptions {
  /** Epoch ms, server time. */
  from: number;
  to: number;
  queueIds?: readonly string[];
  pageSize?: number;
}

/**
 * Every conversation that started in [from, to) on the given queues, one page at a time (hourly
 * slices, every page), so a long gap is never held in memory whole.
 */
export async function* conversationDetailPages(rest: RestClient, options: DetailsQueryOptions): AsyncGenerator<readonly AnalyticsConversation[]> {
  const pageSize = options.pageSize ?? 100;
  const segmentFilters = options.queueIds?.length
    ? [{ type: 'or', predicates: options.queueIds.map((value) => ({ dimension: 'queueId', value })) }]
    : [];
  for (const [start, end] of sliceInterval(options.from, options.to)) {
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await rest.request<{ conversations?: AnalyticsConversation[]; totalHits?: number }>('POST', '/api/v2/analytics/conversations/details/query', {
        interval: `${new Date(start).toISOString()}/${new Date(end).toISOString()}`,
        order: 'asc',
        orderBy: 'conversationStart',
        paging: { pageSize, pageNumber },
        segmentFilters,
      });
      const conversations = page?.conversations ?? [];
      if (conversations.length) yield conversations;
      const total = page?.totalHits;
      if (conversations.length < pageSize || (total !== undefined && pageNumber * pageSize >= total)) break;
    }
  }
}

/** Every conversation that started in [from, to) on the given queues, collected. */
export async function queryConversationDetails(rest: RestClient, options: DetailsQueryOptions): Promise<AnalyticsConversation[]> {
  const found: AnalyticsConversation[] = [];
  for await (const page of conversationDetailPages(rest, options)) found.push(...page);
  return found;
}

/**
 * The current details of known conversations, whenever they started
 * (`GET /api/v2/analytics/conversations/details?id=`), at most 100 ids a request.
 */
export async function* conversationDetailsById(rest: RestClient, ids: readonly string[]): AsyncGenerator<readonly AnalyticsConversation[]> {
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_LOOKUP) {
    const batch = ids.slice(i, i + MAX_IDS_PER_LOOKUP);
    const page = await rest.request<{ conversations?: AnalyticsConversation[] }>('GET', `/api/v2/analytics/conversations/details?id=${batch.map(encodeURIComponent).join(',')}`);
    if (page?.conversations?.length) yield page.conversations;
  }
}
