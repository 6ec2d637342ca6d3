import { describe, expect, it } from 'vitest';
import { isGcsError } from '../errors/errors.js';
import type { TokenProvider } from '../auth/tokenProvider.js';
import { createRestClient } from './restClient.js';
import { listAll } from './discovery.js';
import { conversationDetailPages, conversationDetailsById, queryConversationDetails, sliceInterval } from './analytics.js';

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

function fakeApi(handler: (url: string, init: RequestInit) => Reply) {
  const calls: Array<{ url: string; auth: string; body?: unknown }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, auth: (init.headers as Record<string, string>).authorization!, body: init.body ? JSON.parse(init.body as string) : undefined });
    const r = handler(url, init);
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status, headers: r.headers });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

function fakeTokens(): TokenProvider & { invalidated: string[] } {
  let n = 1;
  const invalidated: string[] = [];
  return {
    invalidated,
    getToken: async () => `t${n}`,
    refresh: async () => ({ accessToken: `t${n}`, expiresInMs: 1000 }),
    invalidate: (t) => {
      invalidated.push(t);
      n++;
    },
    validUntil: () => undefined,
  };
}

const base = { apiUrl: 'http://127.0.0.1:1', maxRetryWait: 10_000, random: () => 0 };

describe('createRestClient', () => {
  it('re-logs in once on 401 and retries with the new token', async () => {
    const api = fakeApi((_u, init) => ((init.headers as Record<string, string>).authorization === 'Bearer t1' ? { status: 401 } : { status: 200, body: { ok: 1 } }));
    const tokens = fakeTokens();
    const rest = createRestClient({ ...base, tokens, fetch: api.fetch });
    expect(await rest.request('GET', '/api/v2/x')).toEqual({ ok: 1 });
    expect(api.calls.map((c) => c.auth)).toEqual(['Bearer t1', 'Bearer t2']);
    expect(tokens.invalidated).toEqual(['t1']);
  });

  it('rides out a 429 burst honouring Retry-After, then fails clearly past maxRetryWait', async () => {
    let n = 0;
    const api = fakeApi(() => (n++ < 3 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200, body: [] }));
    const rest = createRestClient({ ...base, tokens: fakeTokens(), fetch: api.fetch });
    expect(await rest.request('POST', '/api/v2/notifications/channels')).toEqual([]);
    expect(api.calls).toHaveLength(4);

    const always = fakeApi(() => ({ status: 429, headers: { 'retry-after': '30' } }));
    const error = await createRestClient({ ...base, tokens: fakeTokens(), fetch: always.fetch }).request('GET', '/api/v2/y').catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_RATE_LIMITED')).toBe(true);
  });

  /** A fetch whose first `hangs` calls never answer (until aborted), and the next ones answer `reply`. */
  function hangingApi(hangs: number, reply: Reply = { status: 200, body: { ok: 1 } }) {
    let calls = 0;
    let aborted = 0;
    const fetch = ((_url: string, init: RequestInit) => {
      if (calls++ >= hangs) return Promise.resolve(new Response(JSON.stringify(reply.body), { status: reply.status }));
      return new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => {
          aborted++;
          reject(new DOMException('This operation was aborted', 'AbortError'));
        });
      });
    }) as unknown as typeof globalThis.fetch;
    return { fetch, calls: () => calls, aborted: () => aborted };
  }

  it('gives up on a request that does not answer within requestTimeout and retries it', async () => {
    const api = hangingApi(1);
    const rest = createRestClient({ ...base, tokens: fakeTokens(), fetch: api.fetch, requestTimeout: 20 });
    expect(await rest.request('GET', '/api/v2/analytics/conversations/details?id=c1')).toEqual({ ok: 1 });
    expect(api.calls()).toBe(2);
    expect(api.aborted()).toBe(1);
  });

  it('fails with GCS_TIMEOUT, naming the request and the timeout, when it never answers within maxRetryWait', async () => {
    const api = hangingApi(Number.POSITIVE_INFINITY);
    const rest = createRestClient({ ...base, maxRetryWait: 0, tokens: fakeTokens(), fetch: api.fetch, requestTimeout: 20 });
    const error = await rest.request('POST', '/api/v2/analytics/conversations/details/query', {}).catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_TIMEOUT')).toBe(true);
    expect((error as Error).message).toContain('POST /api/v2/analytics/conversations/details/query got no answer within 0.02 s');
    expect(api.aborted()).toBe(1);
  });

  it('still stops at once, without a timeout error, when the caller aborts', async () => {
    const api = hangingApi(Number.POSITIVE_INFINITY);
    const stop = new AbortController();
    const pending = createRestClient({ ...base, tokens: fakeTokens(), fetch: api.fetch, signal: stop.signal, requestTimeout: 60_000 }).request('GET', '/api/v2/x').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    const error = await pending;
    expect(isGcsError(error)).toBe(false);
    expect((error as Error).name).toBe('AbortError');
  });

  it('turns a Genesys error body into a GCS_HTTP error with the correlation id', async () => {
    const api = fakeApi(() => ({ status: 404, body: { message: 'channel not found', code: 'not.found' }, headers: { 'inin-correlation-id': 'corr-1' } }));
    const error = await createRestClient({ ...base, tokens: fakeTokens(), fetch: api.fetch }).request('PUT', '/api/v2/z').catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_HTTP')).toBe(true);
    expect((error as Error).message).toContain('HTTP 404 channel not found (not.found)');
    expect((error as Error).message).toContain('corr-1');
  });
});

describe('discovery and analytics', () => {
  it('reads every page of a listing', async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ id: `q${i}`, name: `Queue ${i}` }));
    const api = fakeApi((url) => {
      const u = new URL(url);
      const size = Number(u.searchParams.get('pageSize'));
      const page = Number(u.searchParams.get('pageNumber'));
      return { status: 200, body: { entities: all.slice((page - 1) * size, page * size), pageSize: size, pageNumber: page, total: 7, pageCount: Math.ceil(7 / size) } };
    });
    const rest = createRestClient({ ...base, tokens: fakeTokens(), fetch: api.fetch });
    expect((await listAll(rest, '/api/v2/routing/queues', 3)).map((q) => q.id)).toEqual(all.map((q) => q.id));
    expect(api.calls).toHaveLength(3);
  });

  it('slices backfill intervals hourly, however long (the backfill decides how far back to go)', () => {
    const h = 3_600_000;
    expect(sliceInterval(0, 2.5 * h)).toEqual([
      [0, h],
      [h, 2 * h],
      [2 * h, 2.5 * h],
    ]);
    const slices = sliceInterval(0, 30 * 24 * h);
    expect(slices).toHaveLength(30 * 24);
    expect(slices[0]![0]).toBe(0);
  });

  it('queries each slice page by page, filtered by queue', async () => {
    const api = fakeApi((_u, init) => {
      const body = JSON.parse(init.body as string) as { paging: { pageNumber: number } };
      const count = body.paging.pageNumber === 1 ? 2 : 1;
      return { status: 200, body: { conversations: Array.from({ length: count }, (_, i) => ({ conversationId: `c${body.paging.pageNumber}-${i}`, conversationStart: 'x' })), totalHits: 3 } };
    });
    const rest = createRestClient({ ...base, tokens: fakeTokens(), fetch: api.fetch });
    const found = await queryConversationDetails(rest, { from: 0, to: 3_600_000, queueIds: ['q1', 'q2'], pageSize: 2 });
    expect(found.map((c) => c.conversationId)).toEqual(['c1-0', 'c1-1', 'c2-0']);
    expect(api.calls[0]!.body).toMatchObject({
      interval: '1970-01-01T00:00:00.000Z/1970-01-01T01:00:00.000Z',
      segmentFilters: [{ type: 'or', predicates: [{ dimension: 'queueId', value: 'q1' }, { dimension: 'queueId', value: 'q2' }] }],
    });
  });

  it('hands each page over before asking for the next, so a long gap is never held whole', async () => {
    const api = fakeApi((_u, init) => {
      const body = JSON.parse(init.body as string) as { paging: { pageNumber: number } };
      return { status: 200, body: { conversations: [{ conversationId: `c${body.paging.pageNumber}`, conversationStart: 'x' }], totalHits: 3 } };
    });
    const rest = createRestClient({ ...base, tokens: fakeTokens(), fetch: api.fetch });
    const requestsWhenHanded: number[] = [];
    for await (const page of conversationDetailPages(rest, { from: 0, to: 3_600_000, pageSize: 1 })) {
      expect(page).toHaveLength(1);
      requestsWhenHanded.push(api.calls.length);
    }
    expect(requestsWhenHanded).toEqual([1, 2, 3]);
  });

  it('looks conversations up by id, at most 100 a request', async () => {
    const api = fakeApi((url) => ({ status: 200, body: { conversations: new URL(url).searchParams.get('id')!.split(',').map((conversationId) => ({ conversationId, conversationStart: 'x' })) } }));
    const rest = createRestClient({ ...base, tokens: fakeTokens(), fetch: api.fetch });
    const ids = Array.from({ length: 250 }, (_, i) => `c${i}`);
    const found: string[] = [];
    for await (const page of conversationDetailsById(rest, ids)) found.push(...page.map((c) => c.conversationId));
    expect(found).toEqual(ids);
    expect(api.calls.map((c) => new URL(c.url).searchParams.get('id')!.split(',').length)).toEqual([100, 100, 50]);
    expect(new URL(api.calls[0]!.url).pathname).toBe('/api/v2/analytics/conversations/details');
  });
});
