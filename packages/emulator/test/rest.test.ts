import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { api, eventually, login } from './support/client.js';
import { createScriptedContactCenter } from './support/scriptedContactCenter.js';

let em: RunningEmulator;
beforeAll(async () => {
  // 300 simulated seconds of token life pass in 0.3 wall seconds at speed 1000.
  em = await startEmulator({ port: 0, createContactCenter: createScriptedContactCenter, rateLimitPerMinute: 5 });
});
afterAll(() => em.close());

const genesysError = (status: number, code: string) => ({ message: expect.any(String), code, status, contextId: expect.any(String), details: [], errors: [] });

describe('REST authentication and errors', () => {
  it('answers 401 with the Genesys error body when the bearer token is missing or unknown', async () => {
    const missing = await api(em, undefined, 'GET', '/api/v2/notifications/channels');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual(genesysError(401, 'unauthorized'));
    const unknown = await api(em, 'not-a-token', 'GET', '/api/v2/notifications/channels');
    expect(unknown.status).toBe(401);
    expect(unknown.body.contextId).toBe(unknown.headers.get('inin-correlation-id'));
  });

  it('puts a distinct inin-correlation-id on every response', async () => {
    const token = await login(em);
    const responses = await Promise.all([
      api(em, token, 'GET', '/api/v2/routing/queues'),
      api(em, token, 'GET', '/api/v2/nothing/here'),
      api(em, undefined, 'POST', '/oauth/token'),
    ]);
    const ids = responses.map((r) => r.headers.get('inin-correlation-id'));
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(responses[1]?.status).toBe(404);
    expect(responses[1]?.body.code).toBe('not.found');
  });

  it('answers 401 once a token is revoked', async () => {
    const token = await login(em);
    expect((await api(em, token, 'GET', '/api/v2/users')).status).toBe(200);
    em.faults.revokeTokens();
    const after = await api(em, token, 'GET', '/api/v2/users');
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/revoked/);
  });

  it('rate-limits each token and answers 429 with Retry-After', async () => {
    const token = await login(em);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await api(em, token, 'GET', '/api/v2/users');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last!.body).toEqual(genesysError(429, 'too.many.requests.retry.after'));
    // The limit is per token: a fresh token is not limited.
    expect((await api(em, await login(em), 'GET', '/api/v2/users')).status).toBe(200);
  });

  it('answers 400 bad.request for a body that is not JSON', async () => {
    const token = await login(em);
    const channel = await api(em, token, 'POST', '/api/v2/notifications/channels');
    const res = await fetch(`${em.baseUrl}/api/v2/notifications/channels/${channel.body.id}/subscriptions`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '[{"id": ',
    });
    expect(res.status).toBe(400);
    expect((await (res.json() as Promise<any>)).code).toBe('bad.request');
  });
});

describe('logging', () => {
  it('logs each request at debug level through the given logger', async () => {
    const lines: { obj: unknown; msg?: string }[] = [];
    const log = (obj: object | string, msg?: string) => void lines.push({ obj, ...(msg ? { msg } : {}) });
    const logged = await startEmulator({ port: 0, logger: { info: log, warn: log, error: log, debug: log }, createContactCenter: createScriptedContactCenter });
    try {
      await api(logged, await login(logged), 'GET', '/api/v2/users');
      await eventually(() => (lines.some((l) => l.msg === 'emulator request' && (l.obj as { path?: string }).path === '/api/v2/users') ? true : undefined));
      expect(lines.find((l) => (l.obj as { path?: string }).path === '/api/v2/users')?.obj).toEqual({ method: 'GET', path: '/api/v2/users', status: 200 });
      expect(lines.some((l) => l.msg === 'Genesys Cloud emulator listening')).toBe(true);
    } finally {
      await logged.close();
    }
  });
});

describe('token lifetime', () => {
  it('answers 401 once the token has expired in simulated time', async () => {
    const fast = await startEmulator({ port: 0, speed: 1000, tokenLifetimeSec: 300, createContactCenter: createScriptedContactCenter });
    try {
      const token = await login(fast);
      const expired = await eventually(async () => {
        const res = await api(fast, token, 'GET', '/api/v2/users');
        return res.status === 401 ? res : undefined;
      });
      expect(expired.body.message).toMatch(/expired/);
    } finally {
      await fast.close();
    }
  });
});
