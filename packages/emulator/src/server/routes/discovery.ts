import type { QueueServiceLevels } from '../../sim/analyticsSettings.js';
import type { ContactCenter, MediaKind, SimQueue, SimUser } from '../../sim/types.js';
import { sendGenesysError, sendJson } from '../http.js';
import type { RequestContext, Route } from '../router.js';

const MAX_PAGE_SIZE = 500;
const MEDIA_SETTING: Record<MediaKind, string> = { voice: 'call', chat: 'chat', message: 'message', callback: 'callback', email: 'email' };

/** Every queue has settings for every media type, served or not, as Genesys answers. */
function queueJson(queue: SimQueue, users: readonly SimUser[], serviceLevels: QueueServiceLevels) {
  const mediaSettings = Object.fromEntries(
    (Object.keys(MEDIA_SETTING) as MediaKind[]).map((m) => [
      MEDIA_SETTING[m],
      { alertingTimeoutSeconds: 8, serviceLevel: { percentage: serviceLevels[m].percentage, durationMs: serviceLevels[m].durationMs } },
    ]),
  );
  return {
    id: queue.id,
    name: queue.name,
    memberCount: users.filter((u) => u.queueIds.includes(queue.id)).length,
    mediaSettings,
    selfUri: `/api/v2/routing/queues/${queue.id}`,
  };
}

function userJson(user: SimUser) {
  return { id: user.id, name: user.name, email: user.email, username: user.email, state: 'active', selfUri: `/api/v2/users/${user.id}` };
}

/** Genesys paging: `pageSize` (1..500, default 25) and `pageNumber` (from 1). */
function page<T>(ctx: RequestContext, items: readonly T[], path: string): void {
  const q = ctx.url.searchParams;
  const pageSize = Number(q.get('pageSize') ?? 25);
  const pageNumber = Number(q.get('pageNumber') ?? 1);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    return sendGenesysError(ctx.res, 400, 'bad.request', `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}.`);
  }
  if (!Number.isInteger(pageNumber) || pageNumber < 1) {
    return sendGenesysError(ctx.res, 400, 'bad.request', 'pageNumber must be an integer from 1.');
  }
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const uri = (n: number) => `${path}?pageSize=${pageSize}&pageNumber=${n}`;
  sendJson(ctx.res, 200, {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total: items.length,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(pageCount),
    ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: uri(pageNumber - 1) } : {}),
  });
}

/** Queues and users, so "all queues" topic templates can be expanded. */
export function discoveryRoutes(center: ContactCenter): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v2/routing/queues',
      auth: 'bearer',
      handler(ctx) {
        const name = ctx.url.searchParams.get('name');
        // Genesys matches `name` as a prefix when it ends with `*`, else exactly (case-insensitive).
        const match = (q: SimQueue) =>
          !name || (name.endsWith('*') ? q.name.toLowerCase().startsWith(name.slice(0, -1).toLowerCase()) : q.name.toLowerCase() === name.toLowerCase());
        page(ctx, center.queues.filter(match).map((q) => queueJson(q, center.users, center.analytics.serviceLevels(q.id))), '/api/v2/routing/queues');
      },
    },
    {
      method: 'GET',
      path: '/api/v2/routing/queues/:queueId',
      auth: 'bearer',
      handler(ctx) {
        const queue = center.queues.find((q) => q.id === ctx.params.queueId);
        if (!queue) return sendGenesysError(ctx.res, 404, 'not.found', `Queue ${ctx.params.queueId} not found.`);
        sendJson(ctx.res, 200, queueJson(queue, center.users, center.analytics.serviceLevels(queue.id)));
      },
    },
    {
      method: 'GET',
      path: '/api/v2/users',
      auth: 'bearer',
      handler: (ctx) => page(ctx, center.users.map(userJson), '/api/v2/users'),
    },
    {
      method: 'GET',
      path: '/api/v2/users/:userId',
      auth: 'bearer',
      handler(ctx) {
        const user = center.users.find((u) => u.id === ctx.params.userId);
        if (!user) return sendGenesysError(ctx.res, 404, 'not.found', `User ${ctx.params.userId} not found.`);
        sendJson(ctx.res, 200, userJson(user));
      },
    },
  ];
}
