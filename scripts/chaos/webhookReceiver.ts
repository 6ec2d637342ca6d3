import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The webhook destination of the chaos run: it answers 500 for `failFor` ms from `failFrom`, then 429
 * with Retry-After for `throttleFor` ms, and 200 otherwise. It checks every signature and keeps the
 * keys of the events it accepted, in order (a key twice is a duplicate delivery).
 */
export interface WebhookReceiver {
  readonly url: string;
  readonly keys: string[];
  readonly badSignatures: () => number;
  /** Starts the failure window now. */
  fail(failForMs: number, throttleForMs: number): { recovered: Promise<number> };
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const keys: string[] = [];
  let bad = 0;
  let failUntil = 0;
  let throttleUntil = 0;
  let onAccepted: (() => void) | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      if (now < failUntil) return void res.writeHead(500).end('chaos: failing');
      if (now < throttleUntil) return void res.writeHead(429, { 'retry-after': '1' }).end('chaos: slow down');
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-gcstream-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
      const given = String(req.headers['x-gcstream-signature'] ?? '');
      if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        bad++;
        return void res.writeHead(401).end('bad signature');
      }
      const parsed = JSON.parse(body) as unknown;
      const events = (Array.isArray(parsed) ? parsed : ((parsed as { events?: unknown[] }).events ?? [parsed])) as Array<{ key?: string }>;
      for (const event of events) if (typeof event.key === 'string') keys.push(event.key);
      res.writeHead(200).end();
      onAccepted?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events`,
    keys,
    badSignatures: () => bad,
    fail(failForMs, throttleForMs) {
      const start = Date.now();
      failUntil = start + failForMs;
      throttleUntil = failUntil + throttleForMs;
      const recovered = new Promise<number>((resolve) => {
        onAccepted = () => {
          onAccepted = undefined;
          resolve(Date.now() - throttleUntil);
        };
      });
      return { recovered };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
