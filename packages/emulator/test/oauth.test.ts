import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { createScriptedContactCenter } from './support/scriptedContactCenter.js';

let em: RunningEmulator;
beforeAll(async () => {
  em = await startEmulator({ port: 0, tokenLifetimeSec: 900, createContactCenter: createScriptedContactCenter });
});
afterAll(() => em.close());

function token(headers: Record<string, string>, body: string) {
  return fetch(`${em.baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
}
const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

describe('POST /oauth/token (client credentials)', () => {
  it('issues a bearer token for Basic auth and a form body, with the configured lifetime', async () => {
    const res = await token(basic('emulator-client', 'emulator-secret'), 'grant_type=client_credentials');
    expect(res.status).toBe(200);
    expect(res.headers.get('inin-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const body = await (res.json() as Promise<any>);
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 900 });
    expect(body.access_token.length).toBeGreaterThan(40);
  });

  it('lists every token it issued at /_emulator/tokens, for harnesses that search output for leaked tokens', async () => {
    const issued: string[] = [];
    for (let i = 0; i < 2; i++) issued.push(((await (await token(basic('emulator-client', 'emulator-secret'), 'grant_type=client_credentials')).json()) as { access_token: string }).access_token);
    const listed = ((await (await fetch(`${em.baseUrl}/_emulator/tokens`)).json()) as { tokens: string[] }).tokens;
    expect(listed.slice(-2)).toEqual(issued);
  });

  it('accepts the credentials in the form body too', async () => {
    const res = await token({}, 'grant_type=client_credentials&client_id=emulator-client&client_secret=emulator-secret');
    expect(res.status).toBe(200);
  });

  it('answers 401 invalid_client for a wrong secret or unknown client', async () => {
    for (const [id, secret] of [['emulator-client', 'nope'], ['someone-else', 'emulator-secret']] as const) {
      const res = await token(basic(id, secret), 'grant_type=client_credentials');
      expect(res.status).toBe(401);
      expect(await (res.json() as Promise<any>)).toEqual({ error: 'invalid_client', description: expect.any(String), error_description: expect.any(String) });
    }
  });

  it('answers 400 invalid_client when no credentials are sent', async () => {
    const res = await token({}, 'grant_type=client_credentials');
    expect(res.status).toBe(400);
    expect((await (res.json() as Promise<any>)).error).toBe('invalid_client');
  });

  it('answers 400 unsupported_grant_type for other grants', async () => {
    const res = await token(basic('emulator-client', 'emulator-secret'), 'grant_type=password');
    expect(res.status).toBe(400);
    expect((await (res.json() as Promise<any>)).error).toBe('unsupported_grant_type');
  });
});

describe('custom credentials', () => {
  it('uses the clientId and clientSecret options', async () => {
    const custom = await startEmulator({ port: 0, clientId: 'abc', clientSecret: 'xyz', createContactCenter: createScriptedContactCenter });
    try {
      const ok = await fetch(`${custom.baseUrl}/oauth/token`, { method: 'POST', headers: basic('abc', 'xyz'), body: 'grant_type=client_credentials' });
      const bad = await fetch(`${custom.baseUrl}/oauth/token`, { method: 'POST', headers: basic('emulator-client', 'emulator-secret'), body: 'grant_type=client_credentials' });
      expect([ok.status, bad.status]).toEqual([200, 401]);
    } finally {
      await custom.close();
    }
  });
});
