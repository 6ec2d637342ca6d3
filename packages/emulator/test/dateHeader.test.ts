import { request } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { api, login } from './support/client.js';
import { createScriptedContactCenter } from './support/scriptedContactCenter.js';

/** A simulated day far from the host's clock, running an hour per wall second. */
const T0 = Date.UTC(2031, 4, 6, 8, 0, 0);
let em: RunningEmulator;
beforeAll(async () => {
  em = await startEmulator({ port: 0, speed: 3600, startTime: T0, createContactCenter: createScriptedContactCenter });
});
afterAll(() => em.close());

/** The emulator's clock at the moment of a response, from its Date header (whole seconds). */
const dateOf = (headers: Headers | Record<string, unknown>): number => {
  const value = headers instanceof Headers ? headers.get('date') : headers['date'];
  expect(value).toEqual(expect.any(String));
  return Date.parse(String(value));
};

describe('the Date header', () => {
  it('comes from the simulated clock on OAuth, REST, error and admin responses', async () => {
    const before = em.clock.now();
    const token = await login(em);
    const responses = await Promise.all([
      api(em, token, 'GET', '/api/v2/routing/queues'),
      api(em, token, 'GET', '/api/v2/nowhere'),
      api(em, undefined, 'GET', '/api/v2/routing/queues'),
      api(em, undefined, 'GET', '/_emulator/status'),
    ]);
    const after = em.clock.now();
    expect(responses.map((r) => r.status)).toEqual([200, 404, 401, 200]);
    for (const r of responses) {
      const date = dateOf(r.headers);
      expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(date).toBeLessThanOrEqual(after);
    }
    // The host's clock is years away from the simulated one: a host-stamped header would fail above.
    expect(Math.abs(Date.now() - before)).toBeGreaterThan(86_400_000);
  });

  it('moves at the emulator speed', async () => {
    const first = dateOf((await api(em, undefined, 'GET', '/_emulator/status')).headers);
    await new Promise((r) => setTimeout(r, 1_100));
    const second = dateOf((await api(em, undefined, 'GET', '/_emulator/status')).headers);
    // 1.1 wall seconds at speed 3600 is over an hour of simulated time.
    expect(second - first).toBeGreaterThan(3_600_000);
  });

  it('is on the WebSocket upgrade and on a refused upgrade', async () => {
    const token = await login(em);
    const channel = (await api(em, token, 'POST', '/api/v2/notifications/channels')).body as { connectUri: string };
    const upgraded = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const ws = new WebSocket(channel.connectUri);
      ws.once('upgrade', (res) => resolve(res.headers));
      ws.once('error', reject);
      ws.once('open', () => ws.close());
    });
    expect(dateOf(upgraded)).toBeGreaterThan(T0);
    const refused = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = request(`${em.baseUrl}/channels/no-such-channel`, { headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      req.once('response', (res) => (res.resume(), resolve(res.headers)));
      req.once('error', reject);
      req.end();
    });
    expect(dateOf(refused)).toBeGreaterThan(T0);
  });
});
