import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { api, eventually, login, openSocket } from './support/client.js';
import { createScriptedContactCenter, QUEUE_A, USER_1 } from './support/scriptedContactCenter.js';

let em: RunningEmulator;
let token: string;
const CHANNELS = '/api/v2/notifications/channels';

beforeAll(async () => {
  em = await startEmulator({ port: 0, createContactCenter: createScriptedContactCenter });
  token = await login(em);
});
afterAll(() => em.close());

async function newChannel(t = token) {
  const res = await api(em, t, 'POST', CHANNELS);
  expect(res.status).toBe(200);
  return res.body as { id: string; connectUri: string; expires: string };
}

describe('channels', () => {
  it('POST makes a channel with a streaming connectUri on the same port and a 24 h expiry', async () => {
    const before = em.clock.now();
    const channel = await newChannel();
    expect(channel.id).toMatch(/^streaming-0-[0-9a-z]+$/);
    expect(channel.connectUri).toBe(`${em.baseUrl.replace('http', 'ws')}/channels/${channel.id}`);
    const expires = Date.parse(channel.expires);
    expect(expires - before).toBeGreaterThanOrEqual(86_400_000 - 1000);
    expect(expires - before).toBeLessThanOrEqual(86_400_000 + 1000);
  });

  it('answers with a connectUri on the host the client called', async () => {
    const body = await new Promise<{ id: string; connectUri: string }>((resolve, reject) => {
      const req = request(`${em.baseUrl}${CHANNELS}`, { method: 'POST', headers: { host: 'genesys.example.test:9000', authorization: `Bearer ${token}` } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body.connectUri).toBe(`ws://genesys.example.test:9000/channels/${body.id}`);
  });

  it('GET lists the token\'s channels, or the whole OAuth client\'s with includechannels=oauthclient', async () => {
    const a = await login(em);
    const b = await login(em);
    const ca = await newChannel(a);
    const cb = await newChannel(b);
    const byToken = await api(em, a, 'GET', `${CHANNELS}?includechannels=token`);
    expect(byToken.body.entities.map((c: { id: string }) => c.id)).toEqual([ca.id]);
    const byDefault = await api(em, a, 'GET', CHANNELS);
    expect(byDefault.body.entities).toEqual(byToken.body.entities);
    const byClient = await api(em, a, 'GET', `${CHANNELS}?includechannels=oauthclient`);
    const ids = byClient.body.entities.map((c: { id: string }) => c.id);
    expect(ids).toContain(ca.id);
    expect(ids).toContain(cb.id);
    expect(byClient.body.entities[0]).toEqual({ id: expect.any(String), connectUri: expect.any(String), expires: expect.any(String) });
  });

  it('shows every channel, its topics and whether a socket is connected on GET /_emulator/channels', async () => {
    const channel = await newChannel();
    await api(em, token, 'PUT', `${CHANNELS}/${channel.id}/subscriptions`, [{ id: `v2.users.${USER_1}.presence` }]);
    const socket = await openSocket(channel.connectUri);
    const listed = await api(em, undefined, 'GET', '/_emulator/channels');
    expect(listed.body.entities.find((c: { id: string }) => c.id === channel.id)).toEqual({
      id: channel.id,
      clientId: 'emulator-client',
      expires: expect.any(String),
      connected: true,
      topics: [`v2.users.${USER_1}.presence`],
    });
    socket.ws.close();
  });

  it('lists the available topics', async () => {
    const res = await api(em, token, 'GET', '/api/v2/notifications/availabletopics');
    expect(res.status).toBe(200);
    expect(res.body.entities.map((t: { id: string }) => t.id)).toContain('v2.users.{id}.presence');
  });

  it('HEAD answers 200 for a live channel and 404 for an unknown one', async () => {
    const channel = await newChannel();
    expect((await api(em, token, 'HEAD', `${CHANNELS}/${channel.id}`)).status).toBe(200);
    expect((await api(em, token, 'HEAD', `${CHANNELS}/streaming-0-nosuchchannel`)).status).toBe(404);
  });
});

describe('subscriptions', () => {
  const presence = `v2.users.${USER_1}.presence`;
  const queueConv = `v2.routing.queues.${QUEUE_A}.conversations`;

  it('PUT replaces, POST adds, GET lists and DELETE clears', async () => {
    const { id } = await newChannel();
    const path = `${CHANNELS}/${id}/subscriptions`;
    const put = await api(em, token, 'PUT', path, [{ id: presence }]);
    expect(put.status).toBe(200);
    expect(put.body.entities).toEqual([{ id: presence, selfUri: `/api/v2/users/${USER_1}`, state: 'Permitted' }]);
    await api(em, token, 'POST', path, [{ id: queueConv }]);
    const listed = await api(em, token, 'GET', path);
    expect(listed.body.entities.map((t: { id: string }) => t.id)).toEqual([presence, queueConv]);
    await api(em, token, 'PUT', path, [{ id: queueConv }]);
    expect((await api(em, token, 'GET', path)).body.entities.map((t: { id: string }) => t.id)).toEqual([queueConv]);
    const cleared = await api(em, token, 'PUT', path, []);
    expect(cleared.body.entities).toEqual([]);
    await api(em, token, 'POST', path, [{ id: presence }]);
    expect((await api(em, token, 'DELETE', path)).status).toBe(204);
    expect((await api(em, token, 'GET', path)).body.entities).toEqual([]);
  });

  it('rejects unknown and malformed topics; ignoreErrors keeps the permitted ones', async () => {
    const { id } = await newChannel();
    const path = `${CHANNELS}/${id}/subscriptions`;
    const body = [{ id: presence }, { id: 'v2.users.x.favouriteColour' }, { id: 'v2..routing' }, { id: 'v2.system.socket_closing' }];
    const strict = await api(em, token, 'PUT', path, body);
    expect(strict.status).toBe(400);
    expect(strict.body.code).toBe('bad.request');
    expect(strict.body.message).toMatch(/unknown topic "v2.users.x.favouriteColour"/);
    expect((await api(em, token, 'GET', path)).body.entities).toEqual([]);

    const lenient = await api(em, token, 'PUT', `${path}?ignoreErrors=true`, body);
    expect(lenient.status).toBe(200);
    const states = Object.fromEntries(lenient.body.entities.map((t: { id: string; state: string }) => [t.id, t.state]));
    expect(states).toEqual({ [presence]: 'Permitted', 'v2.users.x.favouriteColour': 'Rejected', 'v2..routing': 'Rejected', 'v2.system.socket_closing': 'Rejected' });
    const rejected = lenient.body.entities.find((t: { id: string }) => t.id === 'v2..routing');
    expect(rejected).toMatchObject({ rejectionReason: expect.stringMatching(/malformed/), missingPermissions: [] });
    expect((await api(em, token, 'GET', path)).body.entities.map((t: { id: string }) => t.id)).toEqual([presence]);
  });

  it('accepts combined topics and rejects those with an unknown part or an id of 200+ characters', async () => {
    const { id } = await newChannel();
    const path = `${CHANNELS}/${id}/subscriptions`;
    expect((await api(em, token, 'PUT', path, [{ id: `v2.users.${USER_1}?presence&routingStatus` }])).status).toBe(200);
    expect((await api(em, token, 'PUT', path, [{ id: `v2.users.${USER_1}?presence&mood` }])).status).toBe(400);
    expect((await api(em, token, 'PUT', path, [{ id: `v2.users.${'a'.repeat(190)}?presence&routingStatus` }])).status).toBe(400);
  });

  it('rejects a body that is not an array of topics', async () => {
    const { id } = await newChannel();
    const res = await api(em, token, 'PUT', `${CHANNELS}/${id}/subscriptions`, { id: presence });
    expect(res.status).toBe(400);
  });

  it('allows 1000 topics on a channel and answers 400 past that', async () => {
    const { id } = await newChannel();
    const path = `${CHANNELS}/${id}/subscriptions`;
    const topics = Array.from({ length: 1001 }, (_, i) => ({ id: `v2.conversations.conv-${i}.transcription` }));
    expect((await api(em, token, 'PUT', path, topics.slice(0, 1000))).status).toBe(200);
    const over = await api(em, token, 'POST', path, topics.slice(1000));
    expect(over.status).toBe(400);
    expect(over.body.message).toMatch(/at most 1000 topics/);
    expect((await api(em, token, 'PUT', path, topics)).status).toBe(400);
    expect((await api(em, token, 'GET', path)).body.entities).toHaveLength(1000);
  });

  it('answers 404 for the subscriptions of an unknown channel', async () => {
    expect((await api(em, token, 'GET', `${CHANNELS}/streaming-0-gone/subscriptions`)).status).toBe(404);
  });
});

describe('channel limit: 20 per client, least recently used evicted', () => {
  it('evicts the least recently used channel that has no connection', async () => {
    const solo = await startEmulator({ port: 0, createContactCenter: createScriptedContactCenter });
    try {
      const t = await login(solo);
      const made: { id: string; connectUri: string }[] = [];
      for (let i = 0; i < 20; i++) made.push((await api(solo, t, 'POST', CHANNELS)).body);
      // The oldest channel has a socket, so the second oldest (unconnected) goes first.
      const socket = await openSocket(made[0]!.connectUri);
      await api(solo, t, 'POST', CHANNELS);
      expect((await api(solo, t, 'HEAD', `${CHANNELS}/${made[0]!.id}`)).status).toBe(200);
      expect((await api(solo, t, 'HEAD', `${CHANNELS}/${made[1]!.id}`)).status).toBe(404);
      expect((await api(solo, t, 'GET', `${CHANNELS}?includechannels=oauthclient`)).body.entities).toHaveLength(20);
      socket.ws.close();
    } finally {
      await solo.close();
    }
  });

  it('sends v2.system.no_longer_subscribed to the socket of an evicted channel', async () => {
    const solo = await startEmulator({ port: 0, createContactCenter: createScriptedContactCenter });
    try {
      const t = await login(solo);
      const sockets = [];
      for (let i = 0; i < 20; i++) {
        const channel = (await api(solo, t, 'POST', CHANNELS)).body;
        sockets.push({ channel, socket: await openSocket(channel.connectUri) });
      }
      await api(solo, t, 'POST', CHANNELS);
      const first = sockets[0]!;
      const notice = await first.socket.next((f) => f.topicName?.startsWith('v2.system.no_longer_subscribed'));
      expect(notice).toMatchObject({
        topicName: `v2.system.no_longer_subscribed.${first.channel.id}`,
        version: '2',
        eventBody: { channelId: first.channel.id, systemTopicType: 'no_longer_subscribed', reason: 'another_channel_subscribed', oauthClientId: 'emulator-client' },
        metadata: { CorrelationId: expect.any(String) },
      });
      await first.socket.closed;
      expect(sockets.slice(1).every((s) => s.socket.ws.readyState === s.socket.ws.OPEN)).toBe(true);
      for (const s of sockets) s.socket.ws.close();
    } finally {
      await solo.close();
    }
  });
});

describe('channel lifetime', () => {
  it('expires a channel after its lifetime in simulated time and extends it on resubscribe', async () => {
    // A 2 simulated hour lifetime at speed 3600 lasts about two wall seconds.
    const fast = await startEmulator({ port: 0, speed: 3600, channelTtlMs: 7_200_000, createContactCenter: createScriptedContactCenter });
    try {
      const t = await login(fast);
      const channel = (await api(fast, t, 'POST', CHANNELS)).body;
      const socket = await openSocket(channel.connectUri);
      await new Promise((r) => setTimeout(r, 100));
      const resub = await api(fast, t, 'PUT', `${CHANNELS}/${channel.id}/subscriptions`, [{ id: `v2.users.${USER_1}.presence` }]);
      expect(resub.status).toBe(200);
      const listed = (await api(fast, t, 'GET', `${CHANNELS}?includechannels=token`)).body.entities[0];
      expect(Date.parse(listed.expires)).toBeGreaterThan(Date.parse(channel.expires));
      await eventually(async () => ((await api(fast, t, 'HEAD', `${CHANNELS}/${channel.id}`)).status === 404 ? true : undefined));
      const closed = await socket.closed;
      expect(closed.code).toBe(4001);
    } finally {
      await fast.close();
    }
  });
});
