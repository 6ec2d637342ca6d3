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
    readonly segments?: readonly { segmentStart?: string; segmentEnd?: string; queueId?: string; disconnectType?: string; segmentType?: string }[];
  }[];
}

const HOUR = 3_600_000;
/** The details API rejects intervals over 7 days; gcstream never backfills further back than that. */
export const MAX_BACKFILL_MS = 7 * 24 * HOUR;

/** Splits [from, to) into slices of at most `sliceMs` (hourly by default), as the API prefers. */
export function sliceInterval(from: number, to: number, sliceMs = HOUR): Array<[number, number]> {
  const slices: Array<[number, number]> = [];
  for (let start = Math.max(from, to - MAX_BACKFILL_MS); start < to; start += sliceMs) slices.push([start, Math.min(to, start + sliceMs)]);
  return slices;
}

export interface DetailsQueryOptions {
  /** Epoch ms, server time. */
  from: number;
  to: number;
  queueIds?: readonly string[];
  pageSize?: number;
}

/** Every conversation that started in [from, to) on the given queues: hourly slices, every page. */
export async function queryConversationDetails(rest: RestClient, options: DetailsQueryOptions): Promise<AnalyticsConversation[]> {
  const pageSize = options.pageSize ?? 100;
  const found: AnalyticsConversation[] = [];
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
      found.push(...conversations);
      const total = page?.totalHits;
      if (conversations.length < pageSize || (total !== undefined && pageNumber * pageSize >= total)) break;
    }
  }
  return found;
}
