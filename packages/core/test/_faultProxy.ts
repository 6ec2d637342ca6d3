import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request instead of forwarding it at once. */
export type ProxyAction = { status: number; headers?: Record<string, string>; body?: string } | { delayMs: number } | undefined;

export interface FaultProxy {
  /** Base URL to give the source instead of the emulator's (REST and login go through; sockets go straight to the emulator). */
  readonly url: string;
  /** Decides per request; `undefined` forwards it unchanged. */
  rule: (req: IncomingMessage) => ProxyAction;
  /** Requests seen, as `METHOD path`. */
  readonly seen: string[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback in front of the emulator's REST and login endpoints, that can
 * answer some requests itself (503, 429) or hold them back, to reproduce outages of one Genesys
 * API while the rest works.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let server!: Server;
  const proxy: FaultProxy = {
    url: '',
    rule: () => undefined,
    seen: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  server = createServer((req, res) => {
    proxy.seen.push(`${req.method} ${req.url}`);
    const action = proxy.rule(req);
    if (action && 'status' in action) {
      req.resume();
      // no Date of this host's clock: the source reads Date headers as the server's time
      res.sendDate = false;
      res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers });
      res.end(action.body ?? JSON.stringify({ message: 'injected by the test proxy', code: 'service.unavailable', status: action.status }));
      return;
    }
    const forward = () => {
      const out = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (action && 'delayMs' in action) setTimeout(forward, action.delayMs);
    else forward();
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (proxy as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
