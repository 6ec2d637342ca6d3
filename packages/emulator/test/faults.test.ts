import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { api, eventually, login, openSocket, type TestSocket } from './support/client.js';
import { createScriptedContactCenter, QUEUE_A, type ScriptedContactCenter } from './support/scriptedContactCenter.js';

let em: RunningEmulator;
let center: ScriptedContactCenter;
let token: string;
const CHANNELS = '/api/v2/notifications/channels';
const TOPIC = `v2.routing.queues.${QUEUE_A}.conversations`;

beforeAll(async () => {
  em = await startEmulator({ port: 0, heartbeatMs: 60_000, socketClosingGraceMs: 100, createContactCenter: () => (center = createScriptedContactCenter()) });
  token = await login(em);
});
afterEach(() => em.faults.clear());
afterAll(() => em.close());

async function subscribedSocket(): Promise<{ id: string; socket: TestSocket }> {
  const channel = (await api(em, token, 'POST', CHANNELS)).body;
  await api(em, token, 'PUT', `${CHANNELS}/${channel.id}/subscriptions`, [{ id: TOPIC }]);
  return { id: channel.id, socket: await openSocket(channel.connectUri) };
}

function postFaults(body: string, contentType = 'text/plain') {
  return fetch(`${em.baseUrl}/_emulator/faults`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

const events = (s: TestSocket) => s.frames.filter((f) => !f.includes('channel.metadata'));

describe('fault injection', () => {
  it('drops sockets on a schedule given as an option (no close frame)', async () => {
    const faulty = await startEmulator({ port: 0, faults: ['drop-sockets:every=200ms'], createContactCenter: createScriptedContactCenter });
    try {
      const t = await login(faulty);
      const channel = (await api(faulty, t, 'POST', CHANNELS)).body;
      const first = await openSocket(channel.connectUri);
      expect((await first.closed).code).toBe(1006);
      const second = await openSocket(channel.connectUri);
      expect((await second.closed).code).toBe(1006);
      expect(faulty.faults.fired()['drop-sockets']).toBeGreaterThanOrEqual(2);
    } finally {
      await faulty.close();
    }
  });

  it('applies faults posted to the admin API, lists what fired, and clears them', async () => {
    const { socket } = await subscribedSocket();
    const res = await postFaults('socket-closing');
    expect(res.status).toBe(200);
    expect((await (res.json() as Promise<any>)).applied).toEqual([{ kind: 'socket-closing' }]);
    await socket.next((f) => f.topicName === 'v2.system.socket_closing');
    expect((await socket.closed).code).toBe(1001);
    const listed = await ((await fetch(`${em.baseUrl}/_emulator/faults`)).json() as Promise<any>);
    expect(listed.fired['socket-closing']).toBe(1);
    expect((await postFaults(JSON.stringify({ faults: ['429:count=1'] }), 'application/json')).status).toBe(200);
    expect((await fetch(`${em.baseUrl}/_emulator/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(em, token, 'GET', '/api/v2/users')).status).toBe(200);
  });

  it('answers 400 for a bad fault spec on the admin API', async () => {
    const res = await postFaults('meteor-strike');
    expect(res.status).toBe(400);
    expect((await (res.json() as Promise<any>)).message).toMatch(/unknown fault "meteor-strike"/);
  });

  it('goes silent without closing: no events, heartbeats or pongs until resumed', async () => {
    const { socket } = await subscribedSocket();
    socket.ws.send('{"message":"ping"}');
    await socket.next((f) => f.eventBody?.message === 'pong');
    const before = socket.frames.length;
    await postFaults('silent');
    center.emit({ topicName: TOPIC, eventBody: { id: 'during-silence' } });
    socket.ws.send('{"message":"ping"}');
    await new Promise((r) => setTimeout(r, 200));
    expect(socket.frames.length).toBe(before);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    em.faults.resume();
    socket.ws.send('{"message":"ping"}');
    await socket.next((f) => f.eventBody?.message === 'pong' && socket.frames.length > before);
    expect(socket.frames.some((f) => f.includes('during-silence'))).toBe(false);
    socket.ws.close();
  });

  it('ends silence by itself after for=', async () => {
    const { socket } = await subscribedSocket();
    em.faults.apply('silent:for=150ms');
    expect(em.faults.silent).toBe(true);
    await eventually(() => (em.faults.silent ? undefined : true));
    socket.ws.send('{"message":"ping"}');
    await socket.next((f) => f.eventBody?.message === 'pong');
    socket.ws.close();
  });

  it('answers a burst of REST calls with 429 and Retry-After', async () => {
    em.faults.apply('429:count=2,retry-after=3s');
    const pending = async () => (await api(em, undefined, 'GET', '/_emulator/status')).body.pending429;
    expect(await pending()).toMatchObject({ rest: 2, token: 0 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await api(em, token, 'GET', '/api/v2/routing/queues'));
    expect(statuses.map((r) => r.status)).toEqual([429, 429, 200]);
    // The status says when the burst was used up, so a harness can time recovery from its end.
    const after = await pending();
    expect(after).toMatchObject({ rest: 0, token: 0 });
    expect(after.lastServedAt).toBeLessThanOrEqual(Date.now());
    expect(statuses[0]!.headers.get('retry-after')).toBe('3');
    expect(statuses[0]!.body.code).toBe('too.many.requests.retry.after');
  });

  it('answers a burst of token requests with 429', async () => {
    em.faults.apply('token-429:count=1');
    await expect(login(em)).rejects.toThrow(/429/);
    expect(await login(em)).toEqual(expect.any(String));
  });

  it('duplicates frames', async () => {
    const { socket } = await subscribedSocket();
    em.faults.apply('duplicate:rate=1');
    center.emit({ topicName: TOPIC, eventBody: { id: 'twice' } });
    await eventually(() => (events(socket).length === 2 ? true : undefined));
    expect(events(socket)[0]).toBe(events(socket)[1]);
    socket.ws.close();
  });

  it('delays frames', async () => {
    const { socket } = await subscribedSocket();
    em.faults.apply('delay:by=1s,rate=1');
    center.emit({ topicName: TOPIC, eventBody: { id: 'late' } });
    socket.ws.send('{"message":"ping"}');
    await socket.next((f) => f.eventBody?.message === 'pong');
    // The pong was sent after the event, yet arrives first: the event is held back.
    expect(socket.frames.some((f) => f.includes('late'))).toBe(false);
    await socket.next((f) => f.eventBody?.id === 'late');
    socket.ws.close();
  });

  it('reorders frames', async () => {
    const { socket } = await subscribedSocket();
    em.faults.apply('reorder:rate=1');
    for (const n of [1, 2, 3, 4]) center.emit({ topicName: TOPIC, eventBody: { n } });
    await eventually(() => (events(socket).length === 4 ? true : undefined));
    expect(events(socket).map((f) => JSON.parse(f).eventBody.n)).toEqual([2, 1, 4, 3]);
    socket.ws.close();
  });

  it('sends malformed frames, on demand and mixed into the stream, without closing', async () => {
    const { socket } = await subscribedSocket();
    em.faults.apply('malformed:count=3');
    await eventually(() => (events(socket).length === 3 ? true : undefined));
    const wellFormed = (f: string) => {
      try {
        const v = JSON.parse(f);
        return typeof v.topicName === 'string' && v.version === '2' && typeof v.metadata?.CorrelationId === 'string';
      } catch {
        return false;
      }
    };
    expect(events(socket).some(wellFormed)).toBe(false);
    em.faults.apply('malformed:rate=1');
    center.emit({ topicName: TOPIC, eventBody: { id: 'real' } });
    await socket.next((f) => f.eventBody?.id === 'real');
    expect(events(socket).filter((f) => !wellFormed(f))).toHaveLength(4);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.ws.close();
  });

  it('expires channels: they are gone and their sockets closed', async () => {
    const { id, socket } = await subscribedSocket();
    em.faults.apply('expire-channels');
    expect((await socket.closed).code).toBe(4001);
    expect((await api(em, token, 'HEAD', `${CHANNELS}/${id}`)).status).toBe(404);
  });

  it('evicts channels with v2.system.no_longer_subscribed', async () => {
    const { id, socket } = await subscribedSocket();
    em.faults.apply('evict-channels');
    const notice = await socket.next((f) => f.topicName?.startsWith('v2.system.no_longer_subscribed'));
    expect(notice.eventBody.channelId).toBe(id);
    await socket.closed;
  });

  it('revokes tokens on a schedule', async () => {
    const own = await login(em);
    em.faults.apply('revoke-tokens:at=50ms');
    await eventually(async () => ((await api(em, own, 'GET', '/api/v2/users')).status === 401 ? true : undefined));
    token = await login(em);
  });
});
