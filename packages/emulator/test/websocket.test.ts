import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { api, login, openSocket, upgradeStatus, type TestSocket } from './support/client.js';
import { createScriptedContactCenter, QUEUE_A, QUEUE_B, USER_1, type ScriptedContactCenter } from './support/scriptedContactCenter.js';

let em: RunningEmulator;
let center: ScriptedContactCenter;
let token: string;
const CHANNELS = '/api/v2/notifications/channels';

beforeAll(async () => {
  em = await startEmulator({
    port: 0,
    heartbeatMs: 100,
    socketClosingGraceMs: 150,
    createContactCenter: () => (center = createScriptedContactCenter()),
  });
  token = await login(em);
});
afterAll(() => em.close());

async function subscribedSocket(topics: string[]): Promise<{ id: string; socket: TestSocket }> {
  const channel = (await api(em, token, 'POST', CHANNELS)).body;
  await api(em, token, 'PUT', `${CHANNELS}/${channel.id}/subscriptions`, topics.map((id) => ({ id })));
  return { id: channel.id, socket: await openSocket(channel.connectUri) };
}

const isEvent = (topic: string) => (f: { topicName?: string }) => f.topicName === topic;

describe('the WebSocket at connectUri', () => {
  it('answers 404 on upgrade for an unknown channel', async () => {
    expect(await upgradeStatus(`${em.baseUrl.replace('http', 'ws')}/channels/streaming-0-unknown`)).toBe(404);
    expect(await upgradeStatus(`${em.baseUrl.replace('http', 'ws')}/somewhere/else`)).toBe(404);
  });

  it('sends heartbeats at the configured interval', async () => {
    const { socket } = await subscribedSocket([]);
    const beat = await socket.next((f) => f.topicName === 'channel.metadata');
    expect(beat).toEqual({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
    socket.ws.close();
  });

  it('answers {"message":"ping"} with pong and ignores other client text', async () => {
    const { socket } = await subscribedSocket([]);
    socket.ws.send(String(Date.now()));
    socket.ws.send('{"not":"a ping"}');
    socket.ws.send(Buffer.from([1, 2, 3]));
    socket.ws.send('{"message":"ping"}');
    const pong = await socket.next((f) => f.eventBody?.message === 'pong');
    expect(pong).toEqual({ topicName: 'channel.metadata', eventBody: { message: 'pong' } });
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.ws.close();
  });

  it('allows one socket per channel: a second connection closes the first', async () => {
    const { socket: first } = await subscribedSocket([]);
    const channel = (await api(em, token, 'GET', `${CHANNELS}?includechannels=token`)).body.entities.at(-1);
    const second = await openSocket(channel.connectUri);
    const closed = await first.closed;
    expect(closed.code).toBe(4000);
    second.ws.send('{"message":"ping"}');
    await second.next((f) => f.eventBody?.message === 'pong');
    second.ws.close();
  });

  it('sends v2.system.socket_closing, then closes after the grace period', async () => {
    const { socket } = await subscribedSocket([]);
    expect(em.faults.socketClosing()).toBeGreaterThanOrEqual(1);
    const notice = await socket.next(isEvent('v2.system.socket_closing'));
    expect(notice).toMatchObject({ version: '2', eventBody: { message: expect.any(String) }, metadata: { CorrelationId: expect.any(String) } });
    expect((await socket.closed).code).toBe(1001);
  });

  it('sends v2.system.token_revoked to channels of a revoked token', async () => {
    const own = await login(em);
    const channel = (await api(em, own, 'POST', CHANNELS)).body;
    const socket = await openSocket(channel.connectUri);
    em.faults.revokeTokens();
    token = await login(em);
    const notice = await socket.next((f) => f.topicName?.startsWith('v2.system.token_revoked'));
    expect(notice).toMatchObject({
      topicName: `v2.system.token_revoked.${channel.id}`,
      eventBody: { channelId: channel.id, systemTopicType: 'token_revoked', reason: 'user_tokens_revoked' },
    });
    await socket.closed;
    expect(await upgradeStatus(channel.connectUri)).toBe(404);
  });
});

describe('routing', () => {
  it('sends each notification only to channels subscribed to its topic, as the Genesys envelope', async () => {
    const queueTopic = `v2.routing.queues.${QUEUE_A}.conversations`;
    const { socket: a } = await subscribedSocket([queueTopic]);
    const { socket: b } = await subscribedSocket([`v2.routing.queues.${QUEUE_B}.conversations`]);
    center.emit({ topicName: `v2.routing.queues.${QUEUE_B}.conversations`, eventBody: { id: 'conv-b' }, conversationId: 'conv-b' });
    center.emit({ topicName: queueTopic, eventBody: { id: 'conv-a', participants: [] }, conversationId: 'conv-a' });
    const frame = await a.next(isEvent(queueTopic));
    expect(frame).toEqual({ topicName: queueTopic, version: '2', eventBody: { id: 'conv-a', participants: [] }, metadata: { CorrelationId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    await b.next((f) => f.eventBody?.id === 'conv-b');
    expect(a.frames.some((f) => f.includes('conv-b'))).toBe(false);
    expect(b.frames.some((f) => f.includes('conv-a'))).toBe(false);
    a.ws.close();
    b.ws.close();
  });

  it('sends one notification with the same CorrelationId to every subscribed channel and records it once', async () => {
    const topic = `v2.users.${USER_1}.presence`;
    const { socket: a } = await subscribedSocket([topic]);
    const { socket: b } = await subscribedSocket([topic]);
    const before = em.truth().length;
    center.emit({ topicName: topic, eventBody: { source: 'PURECLOUD', marker: 'fanout' } });
    const [fa, fb] = await Promise.all([a.next((f) => f.eventBody?.marker === 'fanout'), b.next((f) => f.eventBody?.marker === 'fanout')]);
    expect(fa.metadata.CorrelationId).toBe(fb.metadata.CorrelationId);
    const records = em.truth(before);
    expect(records).toEqual([{ topicName: topic, correlationId: fa.metadata.CorrelationId, conversationId: null, time: expect.any(Number) }]);
    a.ws.close();
    b.ws.close();
  });

  it('routes a combined topic to each of its parts and nothing else', async () => {
    const { socket } = await subscribedSocket([`v2.users.${USER_1}?presence&routingStatus`]);
    center.emit({ topicName: `v2.users.${USER_1}.activity`, eventBody: { n: 1 } });
    center.emit({ topicName: `v2.users.${USER_1}.presence`, eventBody: { n: 2 } });
    center.emit({ topicName: `v2.users.${USER_1}.routingStatus`, eventBody: { n: 3 } });
    await socket.next((f) => f.eventBody?.n === 3);
    const seen = socket.frames.map((f) => JSON.parse(f)).filter((f) => f.topicName !== 'channel.metadata').map((f) => f.eventBody.n);
    expect(seen).toEqual([2, 3]);
    socket.ws.close();
  });

  it('stops routing to a channel once its subscriptions are removed', async () => {
    const topic = `v2.routing.queues.${QUEUE_A}.conversations`;
    const { id, socket } = await subscribedSocket([topic]);
    await api(em, token, 'DELETE', `${CHANNELS}/${id}/subscriptions`);
    center.emit({ topicName: topic, eventBody: { id: 'after-delete' } });
    socket.ws.send('{"message":"ping"}');
    await socket.next((f) => f.eventBody?.message === 'pong');
    expect(socket.frames.some((f) => f.includes('after-delete'))).toBe(false);
    socket.ws.close();
  });

  it('does not replay: events sent while no socket was connected are lost', async () => {
    const topic = `v2.routing.queues.${QUEUE_A}.conversations`;
    const { socket: first } = await subscribedSocket([topic]);
    const channel = (await api(em, token, 'GET', `${CHANNELS}?includechannels=token`)).body.entities.at(-1);
    first.ws.close();
    await first.closed;
    center.emit({ topicName: topic, eventBody: { id: 'while-away' } });
    const second = await openSocket(channel.connectUri);
    center.emit({ topicName: topic, eventBody: { id: 'after-return' } });
    await second.next((f) => f.eventBody?.id === 'after-return');
    expect(second.frames.some((f) => f.includes('while-away'))).toBe(false);
    expect(em.truth().some((r) => r.topicName === topic)).toBe(true);
    second.ws.close();
  });

  it('records notifications in the ground truth even when no socket is connected', async () => {
    const before = em.truth().length;
    center.emit({ topicName: `v2.conversations.nobody-listens.transcription`, eventBody: {}, conversationId: 'nobody-listens', time: 42 });
    expect(em.truth(before)).toEqual([{ topicName: 'v2.conversations.nobody-listens.transcription', correlationId: expect.any(String), conversationId: 'nobody-listens', time: 42 }]);
  });
});
