import { describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { api, eventually, login, openSocket } from './support/client.js';
import { createScriptedContactCenter, QUEUE_A, USER_1 } from './support/scriptedContactCenter.js';

describe('high-rate mode', () => {
  it('floods a subscribed socket with valid, distinct envelopes for its topics and counts them', async () => {
    const center = createScriptedContactCenter();
    const em = await startEmulator({ port: 0, highRate: { maxFrames: 5000, batch: 700 }, createContactCenter: () => center });
    try {
      expect(center.started).toBe(false);
      const token = await login(em);
      const channel = (await api(em, token, 'POST', '/api/v2/notifications/channels')).body;
      const socket = await openSocket(channel.connectUri);
      socket.ws.send('{"message":"ping"}');
      await socket.next((f) => f.eventBody?.message === 'pong');
      expect(socket.frames.length).toBe(1);
      const topics = [`v2.routing.queues.${QUEUE_A}.conversations`, `v2.analytics.queues.${QUEUE_A}.observations`, `v2.users.${USER_1}?presence&routingStatus`];
      await api(em, token, 'PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, topics.map((id) => ({ id })));
      await eventually(() => (socket.frames.length >= 5001 ? true : undefined));
      const frames = socket.frames.slice(1).map((f) => JSON.parse(f));
      expect(frames).toHaveLength(5000);
      const allowed = new Set([topics[0], topics[1], `v2.users.${USER_1}.presence`, `v2.users.${USER_1}.routingStatus`]);
      expect(frames.every((f) => allowed.has(f.topicName) && f.version === '2' && typeof f.eventBody === 'object')).toBe(true);
      expect(new Set(frames.map((f) => f.topicName)).size).toBe(4);
      expect(new Set(frames.map((f) => f.metadata.CorrelationId)).size).toBe(5000);
      expect(frames.find((f) => f.topicName === topics[0]).eventBody.participants.length).toBeGreaterThan(1);
      expect(em.stats().highRateFrames).toBe(5000);
      socket.ws.close();
    } finally {
      await em.close();
    }
  });

  it('paces each socket when eventsPerSecond is set', async () => {
    const em = await startEmulator({ port: 0, highRate: { maxFrames: 200, eventsPerSecond: 2000 }, createContactCenter: createScriptedContactCenter });
    try {
      const token = await login(em);
      const channel = (await api(em, token, 'POST', '/api/v2/notifications/channels')).body;
      await api(em, token, 'PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, [{ id: `v2.users.${USER_1}.presence` }]);
      const socket = await openSocket(channel.connectUri);
      await eventually(() => (socket.frames.length >= 200 ? true : undefined));
      expect(em.stats().highRateFrames).toBe(200);
      socket.ws.close();
    } finally {
      await em.close();
    }
  });
});
