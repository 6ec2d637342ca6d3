import { describe, expect, it } from 'vitest';
import { isGcsError } from '../errors/errors.js';
import { createTokenProvider } from './tokenProvider.js';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A login endpoint that answers from a script and records what it was sent. */
function fakeLogin(replies: Reply[]) {
  const calls: RequestInit[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    calls.push(init);
    const r = replies.shift() ?? { status: 500 };
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status, headers: r.headers });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const ok = (token: string, expiresIn = 100): Reply => ({ status: 200, body: { access_token: token, token_type: 'bearer', expires_in: expiresIn } });
const base = { loginUrl: 'http://127.0.0.1:1', clientId: 'id', clientSecret: 'secret', maxRetryWait: 60_000, random: () => 0 };

describe('createTokenProvider', () => {
  it('logs in with client credentials, caches the token, and refreshes at 80% of its life', async () => {
    let now = 0;
    const login = fakeLogin([ok('t1'), ok('t2')]);
    const secrets: string[] = [];
    const tokens = createTokenProvider({ ...base, fetch: login.fetch, now: () => now, registerSecret: (s) => secrets.push(s) });
    expect(await tokens.getToken()).toBe('t1');
    const headers = login.calls[0]!.headers as Record<string, string>;
    expect(headers.authorization).toBe(`Basic ${Buffer.from('id:secret').toString('base64')}`);
    expect(login.calls[0]!.body).toBe('grant_type=client_credentials');
    now = 79_999;
    expect(await tokens.getToken()).toBe('t1');
    now = 80_000;
    expect(await tokens.getToken()).toBe('t2');
    expect(login.calls).toHaveLength(2);
    expect(secrets).toEqual(['t1', 't2']);
  });

  it('shares one login between concurrent callers and logs in again after invalidate', async () => {
    const login = fakeLogin([ok('t1'), ok('t2')]);
    const tokens = createTokenProvider({ ...base, fetch: login.fetch });
    expect(await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()])).toEqual(['t1', 't1', 't1']);
    tokens.invalidate('stale');
    expect(await tokens.getToken()).toBe('t1');
    tokens.invalidate('t1');
    expect(await tokens.getToken()).toBe('t2');
  });

  it('stops at once on bad credentials with GCS_AUTH_FAILED, never retrying', async () => {
    const login = fakeLogin([{ status: 401, body: { error: 'invalid_client', description: 'client not found' } }, ok('never')]);
    const tokens = createTokenProvider({ ...base, fetch: login.fetch });
    const error = await tokens.getToken().catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_AUTH_FAILED')).toBe(true);
    expect((error as Error).message).toContain('invalid_client: client not found');
    expect((error as Error).message).toContain('Check clientId and clientSecret');
    expect(login.calls).toHaveLength(1);
  });

  it('honours Retry-After on 429 and gives up past maxRetryWait', async () => {
    const login = fakeLogin([{ status: 429, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '0' } }, ok('t1')]);
    const tokens = createTokenProvider({ ...base, fetch: login.fetch });
    expect(await tokens.getToken()).toBe('t1');
    expect(login.calls).toHaveLength(3);

    const limited = fakeLogin([{ status: 429, headers: { 'retry-after': '120' } }, ok('t1')]);
    const impatient = createTokenProvider({ ...base, fetch: limited.fetch, maxRetryWait: 60_000 });
    const error = await impatient.getToken().catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_RATE_LIMITED')).toBe(true);
    expect(limited.calls).toHaveLength(1);
  });
});

describe('createTokenProvider when the login host is unreachable', () => {
  it('gives up within maxRetryWait and names the host and the likely fix', async () => {
    const tokens = createTokenProvider({ ...base, loginUrl: 'http://127.0.0.1:9', maxRetryWait: 0 });
    const error = await tokens.getToken().catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_HTTP')).toBe(true);
    expect((error as Error).message).toContain('http://127.0.0.1:9/oauth/token');
    expect((error as Error).message).toContain('check region or baseUrl');
  });

  it('keeps a token that is still valid when its refresh is rate limited, counting its life in server time', async () => {
    let local = 0;
    const server = { now: 1_000_000 };
    const login = fakeLogin([ok('t1', 1000), { status: 429, headers: { 'retry-after': '5' } }, ok('t2', 1000)]);
    // the server's clock runs 10 times faster than the host's
    const tokens = createTokenProvider({ ...base, maxRetryWait: 1000, fetch: login.fetch, now: () => local, serverNow: () => server.now });
    expect(await tokens.getToken()).toBe('t1');
    expect(tokens.validUntil()).toBe(1_000_000 + 1_000_000);
    local = 10;
    server.now += 800_000; // 80% of its life on the server's clock
    expect(await tokens.getToken()).toBe('t1');
    expect(login.calls).toHaveLength(2);
    expect(await tokens.getToken()).toBe('t2');
    expect(tokens.validUntil()).toBe(1_800_000 + 1_000_000);
  });

  it('gives up on a rate-limited refresh once the token is no longer valid', async () => {
    const server = { now: 0 };
    const login = fakeLogin([ok('t1', 100), { status: 429, headers: { 'retry-after': '5' } }]);
    const tokens = createTokenProvider({ ...base, maxRetryWait: 1000, fetch: login.fetch, serverNow: () => server.now });
    await tokens.getToken();
    server.now = 99_000;
    await expect(tokens.getToken()).rejects.toMatchObject({ code: 'GCS_RATE_LIMITED' });
  });
});

describe('createTokenProvider with a login that is slow or never answers', () => {
  it('gives up on a login that has not answered within requestTimeout and tries again', async () => {
    let calls = 0;
    // the first login is held forever (a lost answer, a half-open connection); the second answers
    const fetch = ((_url: string, init: RequestInit) => {
      calls++;
      if (calls === 1) return new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      return Promise.resolve(new Response(JSON.stringify({ access_token: 't1', expires_in: 100 }), { status: 200 }));
    }) as unknown as typeof globalThis.fetch;
    const tokens = createTokenProvider({ ...base, fetch, requestTimeout: 50 });
    expect(await tokens.getToken()).toBe('t1');
    expect(calls).toBe(2);
  }, 3000);

  it('keeps handing out the cached token, still valid, while a refresh is under way', async () => {
    let now = 0;
    let calls = 0;
    let answer!: (response: Response) => void;
    const fetch = (() => {
      calls++;
      if (calls === 1) return Promise.resolve(new Response(JSON.stringify({ access_token: 't1', expires_in: 1000 }), { status: 200 }));
      return new Promise<Response>((resolve) => (answer = resolve));
    }) as unknown as typeof globalThis.fetch;
    const tokens = createTokenProvider({ ...base, fetch, now: () => now });
    expect(await tokens.getToken()).toBe('t1');
    now = 800_000;
    // the background refresh at 80% of the token's life is held up (429s honoured for minutes, a slow login)
    const refreshing = tokens.refresh();
    const got = await Promise.race([tokens.getToken(), new Promise((resolve) => setTimeout(() => resolve('still waiting for the login'), 200))]);
    expect(got).toBe('t1');
    answer(new Response(JSON.stringify({ access_token: 't2', expires_in: 1000 }), { status: 200 }));
    await refreshing;
    expect(await tokens.getToken()).toBe('t2');
    expect(calls).toBe(2);
  });
});
