import type { Channel, ChannelRegistry, TopicRejection } from '../../channels/channelRegistry.js';
import { AVAILABLE_TOPICS } from '../../channels/topics.js';
import { readJson, sendGenesysError, sendJson } from '../http.js';
import type { RequestContext, Route } from '../router.js';

const BASE = '/api/v2/notifications/channels';

function channelJson(channel: Channel) {
  return { id: channel.id, connectUri: channel.connectUri, expires: new Date(channel.expiresAt).toISOString() };
}

/** Where the entity behind a topic lives in the REST API. */
function selfUri(topicId: string): string {
  const m = /^v2\.(users|routing\.queues|conversations|analytics\.queues|detail\.events\.conversation)\.([^.?]+)/.exec(topicId);
  if (!m) return `/api/v2/notifications/topics`;
  const resource = { users: 'users', 'routing.queues': 'routing/queues', 'analytics.queues': 'routing/queues' }[m[1] as string] ?? 'conversations';
  return `/api/v2/${resource}/${m[2]}`;
}

function topicsJson(channel: Channel, rejected: readonly TopicRejection[] = []) {
  return {
    entities: [
      ...[...channel.topics.keys()].map((id) => ({ id, selfUri: selfUri(id), state: 'Permitted' })),
      ...rejected.map((r) => ({ id: r.id, selfUri: selfUri(r.id), state: 'Rejected', rejectionReason: r.reason, missingPermissions: [] })),
    ],
  };
}

/** Notification channels and their subscriptions, for the token's OAuth client. */
export function channelRoutes(registry: ChannelRegistry): Route[] {
  function owned(ctx: RequestContext): Channel | undefined {
    const channel = registry.get(ctx.params.channelId ?? '');
    if (!channel || channel.clientId !== ctx.token?.clientId) {
      sendGenesysError(ctx.res, 404, 'not.found', `Channel ${ctx.params.channelId} not found; it may have expired. Create a new channel.`);
      return undefined;
    }
    return channel;
  }

  async function subscribe(ctx: RequestContext, mode: 'add' | 'replace'): Promise<void> {
    const channel = owned(ctx);
    if (!channel) return;
    const body = await readJson(ctx.req);
    if (!Array.isArray(body) || body.some((t) => typeof t !== 'object' || t === null || typeof (t as { id?: unknown }).id !== 'string')) {
      return sendGenesysError(ctx.res, 400, 'bad.request', 'The body must be an array of topics: [{"id":"v2.users.<id>.presence"}].');
    }
    const ids = body.map((t: { id: string }) => t.id);
    const ignoreErrors = ctx.url.searchParams.get('ignoreErrors') === 'true';
    const result = registry.subscribe(channel, ids, mode, ignoreErrors);
    if (!result.ok) return sendGenesysError(ctx.res, 400, 'bad.request', result.message);
    sendJson(ctx.res, 200, topicsJson(channel, result.rejected));
  }

  return [
    {
      method: 'GET',
      path: '/api/v2/notifications/availabletopics',
      auth: 'bearer',
      handler: (ctx) => sendJson(ctx.res, 200, { entities: AVAILABLE_TOPICS.map((t) => ({ ...t, requiresPermissions: [] })) }),
    },
    {
      method: 'POST',
      path: BASE,
      auth: 'bearer',
      handler(ctx) {
        const token = ctx.token!;
        // Like Genesys, answer with the streaming host the client can reach: the one it called.
        const host = ctx.req.headers.host;
        const base = host && /^[\w.:[\]-]+$/.test(host) ? `ws://${host}` : undefined;
        sendJson(ctx.res, 200, channelJson(registry.create(token.clientId, token.value, base)));
      },
    },
    {
      method: 'GET',
      path: BASE,
      auth: 'bearer',
      handler(ctx) {
        const token = ctx.token!;
        const scope = ctx.url.searchParams.get('includechannels') ?? 'token';
        if (scope !== 'token' && scope !== 'oauthclient') {
          return sendGenesysError(ctx.res, 400, 'bad.request', `includechannels must be token or oauthclient, got ${scope}.`);
        }
        const channels = registry.list((c) => (scope === 'token' ? c.tokenValue === token.value : c.clientId === token.clientId));
        sendJson(ctx.res, 200, { entities: channels.map(channelJson) });
      },
    },
    {
      method: 'HEAD',
      path: `${BASE}/:channelId`,
      auth: 'bearer',
      handler(ctx) {
        const channel = registry.get(ctx.params.channelId ?? '');
        ctx.res.writeHead(channel && channel.clientId === ctx.token?.clientId ? 200 : 404).end();
      },
    },
    {
      method: 'GET',
      path: `${BASE}/:channelId/subscriptions`,
      auth: 'bearer',
      handler(ctx) {
        const channel = owned(ctx);
        if (channel) sendJson(ctx.res, 200, topicsJson(channel));
      },
    },
    { method: 'POST', path: `${BASE}/:channelId/subscriptions`, auth: 'bearer', handler: (ctx) => subscribe(ctx, 'add') },
    { method: 'PUT', path: `${BASE}/:channelId/subscriptions`, auth: 'bearer', handler: (ctx) => subscribe(ctx, 'replace') },
    {
      method: 'DELETE',
      path: `${BASE}/:channelId/subscriptions`,
      auth: 'bearer',
      handler(ctx) {
        const channel = owned(ctx);
        if (!channel) return;
        registry.unsubscribeAll(channel);
        ctx.res.writeHead(204).end();
      },
    },
  ];
}
