import type { Clock } from '../../clock.js';
import type { AnalyticsConversation, ContactCenter } from '../../sim/types.js';
import { sendGenesysError, sendJson } from '../http.js';
import type { Route } from '../router.js';

/** Ids one multi-get answers; gcstream asks for at most this many at a time. */
export const MAX_LOOKUP_IDS = 100;

/** The conversations with these ids, whenever they started (the details query matches by start time only). */
function lookUp(center: ContactCenter, clock: Clock, ids: ReadonlySet<string>): AnalyticsConversation[] {
  return center.conversationsById(ids).filter((c) => Date.parse(c.conversationStart) <= clock.now());
}

/**
 * Conversation details by id, as Genesys serves them: `GET /api/v2/analytics/conversations/details?id=a,b`
 * (`{conversations}`, the ids found) and `GET /api/v2/analytics/conversations/{id}/details` (one
 * conversation, or 404). A client brings conversations it saw in progress up to date with these.
 */
export function conversationLookupRoutes(center: ContactCenter, clock: Clock): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v2/analytics/conversations/details',
      auth: 'bearer',
      handler(ctx) {
        const ids = ctx.url.searchParams
          .getAll('id')
          .flatMap((v) => v.split(','))
          .map((v) => v.trim())
          .filter(Boolean);
        if (ids.length === 0) return sendGenesysError(ctx.res, 400, 'bad.request', 'id is required: one or more conversation ids, comma-separated.');
        if (ids.length > MAX_LOOKUP_IDS) return sendGenesysError(ctx.res, 400, 'bad.request', `At most ${MAX_LOOKUP_IDS} conversation ids per request, got ${ids.length}.`);
        sendJson(ctx.res, 200, { conversations: lookUp(center, clock, new Set(ids)) });
      },
    },
    {
      method: 'GET',
      path: '/api/v2/analytics/conversations/:conversationId/details',
      auth: 'bearer',
      handler(ctx) {
        const id = ctx.params.conversationId ?? '';
        const [found] = lookUp(center, clock, new Set([id]));
        if (!found) return sendGenesysError(ctx.res, 404, 'not.found', `Conversation ${id} not found.`);
        sendJson(ctx.res, 200, found);
      },
    },
  ];
}
