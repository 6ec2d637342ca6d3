/**
 * TLS certificate verification for Genesys Cloud. The emulator speaks plain HTTP, so a real
 * HTTPS + WSS server on loopback, with a self-signed certificate made for the test, stands in
 * front of it: it forwards login, REST and the WebSocket upgrade, and rewrites each channel's
 * connectUri to `wss://` on itself. Node does not trust that certificate, as it would not trust a
 * forged Genesys host.
 */
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { startEmulator, type RunningEmulator } from '@gcstream/emulator';
import { selfSignedCertificate } from '@gcstream/testkit';
import { pino } from 'pino';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGcsError } from '../src/errors/errors.js';
import { createMetrics } from '../src/metrics/metrics.js';
import { decode } from '../src/operators/decode.js';
import { genesysSourceSchema } from '../src/sources/genesys/genesysOptions.js';
import { createGenesysSource } from '../src/sources/genesys/genesysSource.js';

let emulator: RunningEmulator;
let proxy: Server;
let proxyUrl: string;
const proxied: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, host: '127.0.0.1', speed: 30, seed: 7 });
  const upstream = new URL(emulator.baseUrl);
  proxy = createServer(selfSignedCertificate(), (req, res) => {
    proxied.push(`${req.method} ${req.url}`);
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        let body = Buffer.concat(chunks).toString('utf8');
        // The emulator names this server in connectUri (from the Host header): sockets come here too, over TLS.
        body = body.replaceAll('"ws://', '"wss://');
        const headers = { ...answer.headers };
        delete headers['content-length'];
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      });
    });
    req.pipe(forward);
  });
  // The upgrade is forwarded as bytes: the request head, then both directions piped.
  proxy.on('upgrade', (req, socket, head) => {
    proxied.push(`UPGRADE ${req.url}`);
    const out = connect(Number(upstream.port), upstream.hostname, () => {
      out.write(`${req.method} ${req.url} HTTP/1.1\r\n${Object.entries(req.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\r\n')}\r\n\r\n`);
      if (head.length) out.write(head);
      out.pipe(socket).pipe(out);
    });
    out.on('error', () => socket.destroy());
    socket.on('error', () => out.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await emulator?.close();
});

function sourceFor(extra: Record<string, unknown>) {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  const options = genesysSourceSchema.parse({
    baseUrl: proxyUrl,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    reconnect: { initialDelay: '50ms', maxDelay: '500ms' },
    ...extra,
  });
  return { source: createGenesysSource(options, { logger, metrics: createMetrics() }), lines };
}

describe('TLS certificate verification for Genesys Cloud', () => {
  it('is on by default: a certificate Node cannot verify stops the source at login, with the fix and no retry loop', async () => {
    const { source } = sourceFor({});
    const error = await firstValueFrom(source.frames$).then(
      () => new Error('a frame arrived through an unverified certificate'),
      (e: Error) => e,
    );
    expect(isGcsError(error, 'GCS_USAGE')).toBe(true);
    expect(error.message).toBe(
      `[gcstream] [source:genesys] the TLS certificate of ${proxyUrl} cannot be verified (DEPTH_ZERO_SELF_SIGNED_CERT). Give the server a certificate from a trusted CA, or trust its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; only for a test server, set source.genesys.insecureSkipTlsVerify: true.`,
    );
    // The TLS handshake failed before any request reached the server.
    expect(proxied.filter((p) => p.startsWith('POST /oauth/token'))).toEqual([]);
  });

  it('insecureSkipTlsVerify: true logs a warning at start, then logs in, subscribes and streams over wss://', async () => {
    const { source, lines } = sourceFor({ insecureSkipTlsVerify: true });
    const events = await firstValueFrom(source.frames$.pipe(decode(), take(3), toArray()));
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.topicName.startsWith('v2.routing.queues.'))).toBe(true);
    expect(proxied).toContain('POST /oauth/token');
    expect(proxied.some((p) => p.startsWith('UPGRADE /'))).toBe(true);
    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(warnings.filter((w) => w.level === 40).map((w) => w.msg)).toContain(
      'TLS certificate verification is OFF for Genesys Cloud (source.genesys.insecureSkipTlsVerify: true): anyone on the network path can read and change what is sent, credentials included. Use it only with a test server.',
    );
  });
});
