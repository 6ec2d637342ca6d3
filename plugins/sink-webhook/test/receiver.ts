import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** When the request had fully arrived (ms since the epoch). */
  readonly at: number;
  /** The status the receiver answered with. */
  status: number;
}

/** How the receiver answers one request: a status with headers and body, or a dropped connection. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'drop';

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers through `answer`;
 * HTTPS with `tls` (a certificate and key).
 */
export async function startReceiver(answer: (request: ReceivedRequest, index: number) => Answer = () => ({ status: 200 }), tls?: { cert: string; key: string }) {
  const requests: ReceivedRequest[] = [];
  let active = 0;
  let maxActive = 0;
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    active++;
    maxActive = Math.max(maxActive, active);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), status: 0 };
      const index = requests.push(request) - 1;
      const reply = answer(request, index);
      const finish = () => {
        active--;
        if (reply === 'drop') {
          request.status = -1;
          req.socket.destroy();
          return;
        }
        request.status = reply.status;
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body ?? '');
      };
      if (reply !== 'drop' && reply.delayMs) setTimeout(finish, reply.delayMs);
      else finish();
    });
  };
  const server = tls ? createHttpsServer(tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/hooks/genesys`,
    requests,
    /** The most requests the receiver was handling at the same moment. */
    maxActive: () => maxActive,
    /** Keys of the events in the batches answered 2xx, in arrival order. */
    deliveredKeys: () => requests.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => (JSON.parse(r.body) as { events: Array<{ key: string }> }).events.map((e) => e.key)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
