import WebSocket from 'ws';
import type { RunningEmulator } from '../../src/server/options.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function login(em: Pick<RunningEmulator, 'baseUrl' | 'clientId' | 'clientSecret'>): Promise<string> {
  const res = await fetch(`${em.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${em.clientId}:${em.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function api<T = any>(em: { baseUrl: string }, token: string | undefined, method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
  const res = await fetch(`${em.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export interface TestSocket {
  ws: WebSocket;
  frames: string[];
  /** Resolves with the first frame (already received or future) that matches. */
  next(match: (frame: any) => boolean, timeoutMs?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
}

export function openSocket(uri: string): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(uri);
    const frames: string[] = [];
    const waiters = new Set<() => void>();
    ws.on('message', (data) => {
      frames.push(data.toString());
      for (const w of [...waiters]) w();
    });
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        closed,
        next(match, timeoutMs = 10_000) {
          return new Promise((res, rej) => {
            let seen = 0;
            const check = () => {
              for (; seen < frames.length; seen++) {
                let parsed: unknown;
                try {
                  parsed = JSON.parse(frames[seen]!);
                } catch {
                  parsed = frames[seen];
                }
                if (match(parsed)) {
                  waiters.delete(check);
                  clearTimeout(timer);
                  return res(parsed);
                }
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              rej(new Error(`no matching frame within ${timeoutMs} ms; got ${frames.length} frames`));
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
      }),
    );
  });
}

/** The HTTP status of a failed WebSocket upgrade. */
export function upgradeStatus(uri: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(uri);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('upgrade unexpectedly succeeded')));
    ws.on('error', () => {});
  });
}

/** Polls `check` until it returns a value, for conditions with no event to wait on. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
