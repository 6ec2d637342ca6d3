import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, map } from 'rxjs';
import { createLogger, createMetrics, runPipeline, type GenesysEvent, type RawFrame, type SinkContext, type SinkEngineInput } from '@gcstream/core';
import { describeSinkConformance, sampleEvents, selfSignedCertificate } from '@gcstream/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookSink } from '../src/webhookSink.js';
import { startReceiver, type Answer } from './receiver.js';
import { verifyGcstreamSignature } from './verifyReceiver.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

let conformance: Receiver;
let conformanceDelivered = 0;
describeSinkConformance('webhook', {
  definition: webhookSink,
  get options() {
    return { url: conformance?.url ?? 'http://127.0.0.1:9/x', headers: { Authorization: 'Bearer conformance-token' }, secret: 'a-secret-of-enough-length', timeout: '5s' };
  },
  invalidOptions: [{}, { url: 'ftp://example.com/x' }, { url: 'http://127.0.0.1/x', method: 'GET' }, { url: 'http://127.0.0.1/x', secret: 'short' }, { url: 'http://127.0.0.1/x', headers: { 'Content-Type': 'text/plain' } }, { url: 'http://127.0.0.1/x', headers: { 'bad header': 'x' } }],
  setup: async () => {
    conformance = await startReceiver();
  },
  teardown: () => conformance.close(),
  deliveredKeys: () => {
    const keys = conformance.deliveredKeys().slice(conformanceDelivered);
    conformanceDelivered += keys.length;
    return keys;
  },
});

/** Runs `events` through core's pipeline and sink engine into a webhook sink made from `options`. */
async function deliver(events: readonly GenesysEvent[], options: Record<string, unknown>, engine: SinkEngineInput, extra: { baseDir?: string; deadLetterFile?: string; logLines?: string[] } = {}) {
  const config = webhookSink.configSchema.parse(options);
  const frames: RawFrame[] = events.map((e, i) => ({ data: String(i), channelId: 'test', receivedAt: e.receivedAt }));
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void extra.logLines?.push(line) } });
  return runPipeline({
    source$: from(frames),
    decode: { name: 'decode', create: () => map((frame: RawFrame) => events[Number(frame.data)]!) },
    sinks: [{ name: 'webhook', engine, create: (ctx) => webhookSink.create(config, ctx) }],
    logger,
    shutdownTimeout: 60_000,
    ...(extra.baseDir ? { baseDir: extra.baseDir } : {}),
    ...(extra.deadLetterFile ? { deadLetterFile: extra.deadLetterFile } : {}),
  });
}

const context = (): SinkContext => ({
  logger: createLogger({ level: 'silent' }),
  metrics: createMetrics(),
  signal: new AbortController().signal,
  baseDir: '.',
  stdout: process.stdout,
});

describe('webhook sink against a real HTTP server', () => {
  let receiver: Receiver | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('a storm of 500s, 429s with Retry-After and dropped connections ends with everything delivered, in order within each batch', async () => {
    const answer = (_: unknown, i: number): Answer => {
      if (i < 2) return { status: 429, headers: { 'Retry-After': '1' }, body: 'slow down' };
      if (i > 400) return { status: 200 };
      if (i % 3 === 0) return { status: 500, body: 'internal error' };
      if (i % 5 === 1) return { status: 503, headers: { 'Retry-After': '0' } };
      if (i % 17 === 2) return 'drop';
      if (i % 19 === 4) return { status: 408 };
      return { status: 204 };
    };
    receiver = await startReceiver(answer);
    const events = sampleEvents(300, 5);
    const summary = await deliver(events, { url: receiver.url }, { batch: { size: 20, interval: 10 }, maxInFlight: 4, retry: { attempts: 50, initialDelay: 1, maxDelay: 20 } });

    expect(summary.deadLetters).toBe(0);
    expect(summary.sinks.webhook?.delivered).toBe(events.length);
    expect(summary.sinks.webhook?.retries).toBeGreaterThan(10);
    const statuses = new Set(receiver.requests.map((r) => r.status));
    for (const status of [429, 500, 503, 408, -1, 204]) expect(statuses).toContain(status);
    const index = new Map(events.map((e, i) => [e.key, i]));
    const delivered = receiver.deliveredKeys();
    expect([...delivered].sort()).toEqual(events.map((e) => e.key).sort());
    for (const request of receiver.requests.filter((r) => r.status === 204)) {
      const positions = (JSON.parse(request.body) as { events: GenesysEvent[] }).events.map((e) => index.get(e.key)!);
      expect(positions).toEqual(positions.map((_, i) => positions[0]! + i));
    }
    // The batches answered 429 were not sent again before their Retry-After (1 s) had passed.
    for (const refused of receiver.requests.slice(0, 2)) {
      const again = receiver.requests.find((r) => r !== refused && r.at >= refused.at && r.body === refused.body);
      expect(again).toBeDefined();
      expect(again!.at - refused.at).toBeGreaterThanOrEqual(990);
    }
  });

  it('a 400 goes to dead letters with the status and the start of the body, never a secret', async () => {
    const token = 'tok-4b1c9e7f2a';
    receiver = await startReceiver((request) => ({ status: 400, body: `{"error":"events[0].eventBody is not allowed","echo":"${String(request.headers.authorization)}","x-api-key":"${String(request.headers['x-api-key'])}"}` }));
    const dir = mkdtempSync(join(tmpdir(), 'gcs-webhook-'));
    dirs.push(dir);
    const logLines: string[] = [];
    const events = sampleEvents(12, 9);
    const secret = 'whsec-5f0e1d2c3b4a59687766';
    const summary = await deliver(
      events,
      { url: receiver.url, headers: { Authorization: `Bearer ${token}`, 'X-Api-Key': 'key-8d7c6b5a4f3e' }, secret },
      { batch: { size: 6, interval: 10 }, retry: { attempts: 5, initialDelay: 1, maxDelay: 5 } },
      { baseDir: dir, deadLetterFile: 'dead.ndjson', logLines },
    );
    expect(receiver.requests).toHaveLength(2);
    expect(summary.deadLetters).toBe(12);
    const letters = readFileSync(join(dir, 'dead.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { stage: string; reason: string; payload: GenesysEvent });
    expect(letters.map((l) => l.payload.key).sort()).toEqual(events.map((e) => e.key).sort());
    for (const letter of letters) {
      expect(letter.stage).toBe('sink:webhook');
      expect(letter.reason).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/hooks\/genesys answered 400: \{"error":"events\[0\]\.eventBody is not allowed","echo":"\[redacted\]","x-api-key":"\[redacted\]"/);
      expect(letter.reason).toMatch(/not retried/);
    }
    const everything = readFileSync(join(dir, 'dead.ndjson'), 'utf8') + logLines.join('');
    expect(logLines.length).toBeGreaterThan(0);
    for (const secretText of [token, secret, 'key-8d7c6b5a4f3e']) expect(everything).not.toContain(secretText);
  });

  it('verifies the TLS certificate of an https:// receiver: an unverifiable one dead-letters the batch with the fix, and is never retried', async () => {
    receiver = await startReceiver(undefined, selfSignedCertificate());
    const dir = mkdtempSync(join(tmpdir(), 'gcs-webhook-'));
    dirs.push(dir);
    const events = sampleEvents(5, 3);
    const summary = await deliver(events, { url: receiver.url }, { batch: { size: 5, interval: 10 }, retry: { attempts: 5, initialDelay: 1, maxDelay: 5 } }, { baseDir: dir, deadLetterFile: 'dead.ndjson' });
    expect(receiver.requests).toHaveLength(0);
    expect(summary.deadLetters).toBe(5);
    const letters = readFileSync(join(dir, 'dead.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { reason: string; payload: GenesysEvent });
    expect(letters.map((l) => l.payload.key).sort()).toEqual(events.map((e) => e.key).sort());
    const origin = new URL(receiver.url).origin;
    expect(letters[0]!.reason).toBe(
      `[gcstream] [sink:webhook] POST ${origin}/hooks/genesys: the TLS certificate of ${origin} cannot be verified (DEPTH_ZERO_SELF_SIGNED_CERT). Give the server a certificate from a trusted CA, or trust its CA with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; only for a test server, set insecureSkipTlsVerify: true.`,
    );
  });

  it('insecureSkipTlsVerify: true delivers to that receiver, and says at start that verification is off', async () => {
    receiver = await startReceiver(undefined, selfSignedCertificate());
    const logLines: string[] = [];
    const events = sampleEvents(5, 4);
    const summary = await deliver(events, { url: receiver.url, insecureSkipTlsVerify: true }, { batch: { size: 5, interval: 10 } }, { logLines });
    expect(summary.deadLetters).toBe(0);
    expect(receiver.deliveredKeys().sort()).toEqual(events.map((e) => e.key).sort());
    const warnings = logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40);
    expect(warnings.map((w) => w.msg)).toContain(
      `TLS certificate verification is OFF for the webhook POST ${new URL(receiver.url).origin}/hooks/genesys (insecureSkipTlsVerify: true): anyone on the network path can read and change what is sent, credentials included. Use it only with a test server.`,
    );
  });

  it('signs each request: the receiver verifies it, and a tampered body, a wrong secret or an old timestamp fails', async () => {
    receiver = await startReceiver();
    const secret = 'shared-secret-0123456789abcdef';
    const sink = await webhookSink.create(webhookSink.configSchema.parse({ url: receiver.url, secret }), context());
    const events = sampleEvents(5, 3);
    await sink.write(events);
    await sink.close();
    const [request] = receiver.requests;
    const timestamp = request!.headers['x-gcstream-timestamp'] as string;
    const signature = request!.headers['x-gcstream-signature'] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(JSON.parse(request!.body)).toEqual({ events });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(verifyGcstreamSignature(secret, request!.body, timestamp, signature)).toBe(true);
    expect(verifyGcstreamSignature(secret, request!.body.replace('"events":[{', '"events":[{"x":1,'), timestamp, signature)).toBe(false);
    expect(verifyGcstreamSignature('another-secret-0123456789', request!.body, timestamp, signature)).toBe(false);
    expect(verifyGcstreamSignature(secret, request!.body, timestamp, signature, 300, Number(timestamp) + 3600)).toBe(false);
  });

  it('sends method and headers from the config, and no signature without a secret', async () => {
    receiver = await startReceiver();
    const sink = await webhookSink.create(webhookSink.configSchema.parse({ url: `${receiver.url}?tenant=7`, method: 'PUT', headers: { 'X-Tenant': 'acme' } }), context());
    await sink.write(sampleEvents(2));
    await sink.close();
    const [request] = receiver.requests;
    expect(request!.method).toBe('PUT');
    expect(request!.url).toBe('/hooks/genesys?tenant=7');
    expect(request!.headers['x-tenant']).toBe('acme');
    expect(request!.headers['x-gcstream-signature']).toBeUndefined();
  });

  it('classifies answers: Retry-After in seconds or as a date, 404 fatal, timeouts and refused connections retryable', async () => {
    const replies: Answer[] = [
      { status: 429, headers: { 'Retry-After': '7' } },
      { status: 503, headers: { 'Retry-After': new Date(Date.now() + 30_000).toUTCString() } },
      { status: 404, body: 'no such hook' },
      { status: 200, delayMs: 2000 },
    ];
    receiver = await startReceiver((_, i) => replies[i]!);
    const sink = await webhookSink.create(webhookSink.configSchema.parse({ url: receiver.url, timeout: '300ms' }), context());
    const failure = (promise: Promise<void>) => promise.then(() => undefined, (error: unknown) => error as { retryable: boolean; message: string; details: { retryAfterMs?: number; status?: number } });
    const throttled = await failure(sink.write(sampleEvents(1)));
    expect(throttled).toMatchObject({ retryable: true, details: { retryAfterMs: 7000, status: 429 } });
    const unavailable = await failure(sink.write(sampleEvents(1)));
    expect(unavailable?.retryable).toBe(true);
    expect(unavailable?.details.retryAfterMs).toBeGreaterThan(25_000);
    const missing = await failure(sink.write(sampleEvents(1)));
    expect(missing).toMatchObject({ retryable: false, details: { status: 404 } });
    expect(missing?.message).toMatch(/answered 404: no such hook/);
    const slow = await failure(sink.write(sampleEvents(1)));
    expect(slow?.retryable).toBe(true);
    expect(slow?.message).toMatch(/no complete answer within 300 ms/);
    await sink.close();
    await receiver.close();
    const refused = await webhookSink.create(webhookSink.configSchema.parse({ url: receiver.url }), context());
    const down = await failure(refused.write(sampleEvents(1)));
    expect(down?.retryable).toBe(true);
    expect(down?.message).toMatch(/cannot reach POST http:\/\/127\.0\.0\.1:\d+\/hooks\/genesys \(ECONNREFUSED\)/);
    await refused.close();
  });

  it('registers the secret, credential headers and URL passwords with the logger, so no log line shows them', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const options = {
      url: 'http://hook:pa55-w0rd-x@127.0.0.1:9/in?api_key=q-key-123456',
      headers: { Authorization: 'Bearer tok-abcdef123', 'X-Auth': 'xauth-98765', Cookie: 'session=c00kie-value', 'X-Tenant': 'acme-tenant' },
      secret: 'signing-secret-abcdef0123',
    };
    const sink = await webhookSink.create(webhookSink.configSchema.parse(options), { ...context(), logger });
    logger.info(`sent with ${options.headers.Authorization} ${options.headers['X-Auth']} ${options.headers.Cookie} ${options.secret} q-key-123456 pa55-w0rd-x to acme-tenant`);
    await sink.close();
    for (const value of ['tok-abcdef123', 'xauth-98765', 'c00kie-value', options.secret, 'q-key-123456', 'pa55-w0rd-x']) {
      expect(lines.join('')).not.toContain(value);
    }
    // An ordinary header stays readable.
    expect(lines.join('')).toContain('acme-tenant');
  });

  it('sends the user and password of the url as Basic auth, and never logs them', async () => {
    receiver = await startReceiver();
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const url = receiver.url.replace('http://', 'http://crm%40acme:pa55%3Aw0rd@');
    const sink = await webhookSink.create(webhookSink.configSchema.parse({ url }), { ...context(), logger });
    await sink.write(sampleEvents(1));
    const basic = Buffer.from('crm@acme:pa55:w0rd').toString('base64');
    logger.info(`sent with Basic ${basic}`);
    await sink.close();
    expect(receiver.requests[0]!.headers.authorization).toBe(`Basic ${basic}`);
    expect(lines.join('')).not.toContain(basic);
    // An Authorization header in the config is what is sent.
    const withHeader = await webhookSink.create(webhookSink.configSchema.parse({ url, headers: { Authorization: 'Bearer tok-123456' } }), context());
    await withHeader.write(sampleEvents(1));
    await withHeader.close();
    expect(receiver.requests[1]!.headers.authorization).toBe('Bearer tok-123456');
  });

  it('gives every attempt of a batch the same Idempotency-Key, and each batch its own', async () => {
    receiver = await startReceiver((_, i) => (i === 0 ? { status: 503 } : { status: 200 }));
    const events = sampleEvents(6, 11);
    const summary = await deliver(events, { url: receiver.url }, { batch: { size: 3, interval: 10 }, retry: { attempts: 3, initialDelay: 1, maxDelay: 5 } });
    expect(summary.sinks.webhook?.delivered).toBe(6);
    const keys = receiver.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[\w-]{43}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('gives up a request in flight when the pipeline must stop now', async () => {
    receiver = await startReceiver(() => ({ status: 200, delayMs: 20_000 }));
    const stopNow = new AbortController();
    const sink = await webhookSink.create(webhookSink.configSchema.parse({ url: receiver.url, timeout: '60s' }), { ...context(), signal: stopNow.signal });
    const writing = sink.write(sampleEvents(2)).then(
      () => 'delivered',
      (error: unknown) => (error as Error).message,
    );
    while (receiver.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    stopNow.abort();
    expect(await writing).toMatch(/\[sink:webhook\] gave up waiting for POST http:\/\/127\.0\.0\.1:\d+\/hooks\/genesys: the pipeline is stopping/);
    await sink.close();
  });

  it('lets the engine run maxInFlight requests at once', async () => {
    receiver = await startReceiver(() => ({ status: 200, delayMs: 100 }));
    const events = sampleEvents(200, 21);
    const summary = await deliver(events, { url: receiver.url }, { batch: { size: 5, interval: 10 }, maxInFlight: 8 });
    expect(summary.sinks.webhook?.delivered).toBe(200);
    expect(receiver.maxActive()).toBe(8);
  });
});
