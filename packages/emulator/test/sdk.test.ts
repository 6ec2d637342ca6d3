import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { openSocket } from './support/client.js';

/**
 * The official Genesys Cloud JavaScript SDK, pointed at the emulator with `setGateway` and nothing
 * else changed: if the emulator drifts from the real protocol, the SDK's generated client notices.
 */
let em: RunningEmulator;
beforeAll(async () => {
  em = await startEmulator({ port: 0, seed: 3, speed: 120, warm: false, contactCenter: { queues: 4, agents: 12, arrivalRatePerMinute: 4 } });
});
afterAll(() => em.close());

describe('purecloud-platform-client-v2 against the emulator', () => {
  it('logs in, discovers queues, subscribes, streams and queries analytics', async () => {
    const client = platformClient.ApiClient.instance;
    client.setGateway({ host: '127.0.0.1', protocol: 'http', port: em.port });
    const auth = await client.loginClientCredentialsGrant(em.clientId, em.clientSecret);
    expect(auth.accessToken).toEqual(expect.any(String));

    const routing = new platformClient.RoutingApi();
    const queues = await routing.getRoutingQueues({ pageSize: 100, pageNumber: 1 });
    expect(queues.entities?.map((q) => q.id)).toEqual(em.contactCenter.queues.map((q) => q.id));

    const notifications = new platformClient.NotificationsApi();
    const channel = await notifications.postNotificationsChannels();
    expect(channel.connectUri).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/channels\/streaming-0-/);
    const topics = (queues.entities ?? []).map((q) => ({ id: `v2.routing.queues.${q.id}.conversations` }));
    const subscribed = await notifications.putNotificationsChannelSubscriptions(channel.id!, topics);
    expect(subscribed.entities?.every((t) => t.state === 'Permitted')).toBe(true);
    const listed = await notifications.getNotificationsChannelSubscriptions(channel.id!);
    expect(listed.entities).toHaveLength(topics.length);
    const mine = await notifications.getNotificationsChannels({ includechannels: 'oauthclient' });
    expect(mine.entities?.map((c) => c.id)).toContain(channel.id);

    const socket = await openSocket(channel.connectUri!);
    const event = await socket.next((f) => typeof f.topicName === 'string' && f.topicName.startsWith('v2.routing.queues.'), 20_000);
    expect(event).toMatchObject({ version: '2', eventBody: { id: expect.any(String), participants: expect.any(Array) }, metadata: { CorrelationId: expect.any(String) } });
    socket.ws.close();

    const analytics = new platformClient.AnalyticsApi();
    const to = new Date(em.clock.now() + 60_000);
    const from = new Date(to.getTime() - 86_400_000);
    const details = await analytics.postAnalyticsConversationsDetailsQuery({
      interval: `${from.toISOString()}/${to.toISOString()}`,
      order: 'asc',
      orderBy: 'conversationStart',
      paging: { pageSize: 100, pageNumber: 1 },
    });
    expect(details.totalHits).toBeGreaterThan(0);
    expect(details.conversations?.map((c) => c.conversationId)).toContain(event.eventBody.id);

    const tooLong = analytics.postAnalyticsConversationsDetailsQuery({ interval: `${new Date(to.getTime() - 8 * 86_400_000).toISOString()}/${to.toISOString()}` });
    await expect(tooLong).rejects.toMatchObject({ status: 400 });
  });

  it('at speed 1, a fresh default emulator streams the first five queues within 30 s, and the details query covers what streamed', async () => {
    const fresh = await startEmulator({ port: 0 });
    try {
      const client = platformClient.ApiClient.instance;
      client.setGateway({ host: '127.0.0.1', protocol: 'http', port: fresh.port });
      await client.loginClientCredentialsGrant(fresh.clientId, fresh.clientSecret);
      const queues = (await new platformClient.RoutingApi().getRoutingQueues({ pageSize: 5, pageNumber: 1 })).entities ?? [];
      expect(queues).toHaveLength(5);
      const notifications = new platformClient.NotificationsApi();
      const channel = await notifications.postNotificationsChannels();
      await notifications.putNotificationsChannelSubscriptions(
        channel.id!,
        queues.map((q) => ({ id: `v2.routing.queues.${q.id}.conversations` })),
      );
      const socket = await openSocket(channel.connectUri!);
      const streamed = () => socket.frames.map((f) => JSON.parse(f)).filter((f) => /^v2\.routing\.queues\.[^.]+\.conversations$/.test(f.topicName ?? ''));
      const queuesSeen = () => new Set(streamed().map((f) => f.topicName.split('.')[3]));
      const deadline = Date.now() + 30_000;
      while (queuesSeen().size < queues.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      socket.ws.close();
      expect([...queuesSeen()].sort()).toEqual(queues.map((q) => q.id).sort());

      const conversationIds = new Set(streamed().map((f) => f.eventBody.id as string));
      const now = fresh.clock.now();
      const found = new Set<string>();
      for (let pageNumber = 1; ; pageNumber++) {
        const page = await new platformClient.AnalyticsApi().postAnalyticsConversationsDetailsQuery({
          interval: `${new Date(now - 86_400_000).toISOString()}/${new Date(now + 60_000).toISOString()}`,
          order: 'asc',
          orderBy: 'conversationStart',
          segmentFilters: [{ type: 'or', predicates: queues.map((q) => ({ dimension: 'queueId', value: q.id })) }],
          paging: { pageSize: 100, pageNumber },
        });
        for (const c of page.conversations ?? []) found.add(c.conversationId!);
        if (!page.conversations?.length) break;
      }
      // A warm start: the analytics hold the history (hundreds of conversations), not only the minute since start.
      expect(found.size).toBeGreaterThan(100);
      const covered = [...conversationIds].filter((id) => found.has(id));
      expect(covered.length).toBeGreaterThanOrEqual(Math.ceil(conversationIds.size * 0.9));
    } finally {
      await fresh.close();
    }
  }, 60_000);
});
