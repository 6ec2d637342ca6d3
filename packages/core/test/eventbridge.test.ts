import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, lastValueFrom, toArray, type Subscription } from 'rxjs';
import { createEventBridgeSource, createMetrics, decode, decodeFrame, isDeadLetter, isGcsError, type DeadLetter, type GenesysEvent, type RawFrame } from '@gcstream/core';

const C = 'c0ffee00-1234-4abc-8def-001122334455';
const U = 'b2a4f0c1-5d6e-4f70-8a91-0c2d3e4f5a6b';

const bridgeEvent = (n: number, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: `eb-${n}`,
  'detail-type': `v2.detail.events.conversation.${C}.customer.start`,
  source: 'aws.partner/genesys.com/cloud/org-1/gcstream',
  account: '123456789012',
  time: '2025-06-01T12:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    topicName: `v2.detail.events.conversation.${C}.customer.start`,
    version: '2',
    eventBody: { eventTime: 1_748_779_200_000 + n, conversationId: C, mediaType: 'VOICE' },
    metadata: { CorrelationId: `corr-${n}` },
    timestamp: '2025-06-01T12:00:00.000Z',
  },
  ...extra,
});

describe('eventbridge source: NDJSON file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gcstream-eb-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams every line as a frame; bad lines become dead letters in decode, not crashes', async () => {
    const lines = [
      JSON.stringify(bridgeEvent(1)),
      '',
      '{ this is not json',
      JSON.stringify(bridgeEvent(2)),
      JSON.stringify(bridgeEvent(3, { source: 'aws.ec2' })),
      JSON.stringify(bridgeEvent(4)),
    ];
    const file = join(dir, 'events.ndjson');
    await writeFile(file, `${lines.join('\r\n')}\n`);
    const { frames$, listening } = createEventBridgeSource({ file });
    expect(listening).toBeUndefined();
    const letters: DeadLetter[] = [];
    const events = await lastValueFrom(frames$.pipe(decode({ onDeadLetter: (l) => letters.push(l) }), toArray()));
    expect(events.map((e) => e.metadata.CorrelationId)).toEqual(['corr-1', 'corr-2', 'corr-4']);
    expect(events.every((e) => e.source === 'eventbridge' && e.family === 'detail')).toBe(true);
    expect(events[0]!.channelId).toBe('eventbridge:file:events.ndjson');
    expect(letters.map((l) => l.reason)).toEqual([expect.stringContaining('not JSON'), expect.stringContaining('not from Genesys')]);
    expect(letters[0]!.payload).toBe('{ this is not json');
  });

  it('stamps an archived event with when EventBridge delivered it, not when the file was read', async () => {
    const file = join(dir, 'stamped.ndjson');
    const bare = bridgeEvent(2).detail;
    await writeFile(file, [JSON.stringify(bridgeEvent(1)), JSON.stringify(bare)].join('\n'));
    const events = await lastValueFrom(createEventBridgeSource({ file }, { now: () => 9_000_000_000_000 }).frames$.pipe(decode(), toArray()));
    // The archived event's EventBridge time; a bare notification has none, so it is the time of reading.
    expect(events.map((e) => e.receivedAt)).toEqual([Date.parse('2025-06-01T12:00:00Z'), 9_000_000_000_000]);
  });

  it('reads a large file line by line', async () => {
    const file = join(dir, 'large.ndjson');
    const count = 20_000;
    await writeFile(file, Array.from({ length: count }, (_, i) => JSON.stringify(bridgeEvent(i))).join('\n'));
    let n = 0;
    let last: GenesysEvent | undefined;
    await new Promise<void>((resolve, reject) =>
      createEventBridgeSource({ file })
        .frames$.pipe(decode())
        .subscribe({ next: (e) => ((n += 1), (last = e)), error: reject, complete: resolve }),
    );
    expect(n).toBe(count);
    expect(last?.metadata.CorrelationId).toBe(`corr-${count - 1}`);
  });

  it('fails with an actionable error for a missing file', async () => {
    const error = await lastValueFrom(createEventBridgeSource({ file: join(dir, 'nope.ndjson') }).frames$).catch((e: unknown) => e);
    expect(isGcsError(error)).toBe(true);
    expect((error as Error).message).toMatch(/source:eventbridge.*nope\.ndjson \(ENOENT\)/);
  });

  it('rejects options without file or http', () => {
    expect(() => createEventBridgeSource({})).toThrow(/give `file` or `http`/);
  });
});

describe('eventbridge source: HTTP endpoint for an API destination', () => {
  const received: RawFrame[] = [];
  let url: string;
  let subscription: Subscription;
  const metrics = createMetrics();

  beforeAll(async () => {
    const source = createEventBridgeSource({ http: { port: 0, host: '127.0.0.1', path: '/genesys', apiKey: 'secret-key' } }, { metrics });
    subscription = source.frames$.subscribe((f) => received.push(f));
    url = (await source.listening!).url;
  });
  afterAll(() => subscription.unsubscribe());

  const post = (body: string, headers: Record<string, string> = { 'x-api-key': 'secret-key' }, path = '/genesys') =>
    fetch(url.replace('/genesys', path), { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('accepts one event, answering after the frame went downstream', async () => {
    received.length = 0;
    const text = JSON.stringify(bridgeEvent(1));
    const res = await post(text);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ data: text, source: 'eventbridge', channelId: 'eventbridge:http' });
  });

  it('accepts a batch (array) and decodes each event', async () => {
    received.length = 0;
    const res = await post(JSON.stringify([bridgeEvent(1), bridgeEvent(2), bridgeEvent(3)]));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 3 });
    const events = received.map((f) => decodeFrame(f));
    expect(events.map((e) => (isDeadLetter(e) ? e.reason : e.metadata.CorrelationId))).toEqual(['corr-1', 'corr-2', 'corr-3']);
    expect(metrics.get('gcstream_eventbridge_received_total')).toBeGreaterThanOrEqual(4);
  });

  it.each([
    ['not JSON', '{nope', /body is not JSON/],
    ['a foreign source', JSON.stringify([bridgeEvent(1), bridgeEvent(2, { source: 'aws.s3' })]), /event 1 comes from "aws\.s3"/],
    ['an event without detail', JSON.stringify({ hello: 'world' }), /neither `detail`/],
    ['a scalar', '42', /not a JSON object/],
  ])('answers 400 for %s and hands nothing on', async (_name, body, message) => {
    received.length = 0;
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(message);
    expect(received).toHaveLength(0);
  });

  it('answers 401 without the API key, 404 off the path, 405 for GET', async () => {
    expect((await post(JSON.stringify(bridgeEvent(1)), {})).status).toBe(401);
    expect((await post(JSON.stringify(bridgeEvent(1)), { 'x-api-key': 'wrong-key!' })).status).toBe(401);
    expect((await post(JSON.stringify(bridgeEvent(1)), undefined, '/other')).status).toBe(404);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('accepts a bare Genesys notification (an input transformer sending only detail)', async () => {
    received.length = 0;
    const res = await post(JSON.stringify({ topicName: `v2.users.${U}.presence`, version: '2', eventBody: { presenceDefinition: { systemPresence: 'Away' } }, metadata: { CorrelationId: 'x' } }));
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    const event = decodeFrame(received[0]!);
    expect(event).toMatchObject({ family: 'presence', source: 'eventbridge' });
  });
});

describe('eventbridge source: lifecycle', () => {
  it('closes its server on unsubscribe and reports a busy port', async () => {
    const first = createEventBridgeSource({ http: { port: 0 } });
    const sub = first.frames$.subscribe();
    const { port, url } = await first.listening!;
    const second = createEventBridgeSource({ http: { port } });
    const error = await firstValueFrom(second.frames$).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/EADDRINUSE.*pick another/);
    await expect(second.listening).rejects.toThrow(/EADDRINUSE/);
    sub.unsubscribe();
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('meets the Source contract: status and readiness follow the endpoint, close() completes and frees the port', async () => {
    const source = createEventBridgeSource({ http: { port: 0 } });
    expect(source.kind).toBe('eventbridge');
    expect(source.status()).toEqual({ state: 'idle', framesReceived: 0 });
    expect(source.ready()).toBe(false);
    let completed = false;
    const received: RawFrame[] = [];
    source.frames$.subscribe({ next: (f) => received.push(f), complete: () => (completed = true) });
    const { url } = await source.listening!;
    await new Promise((r) => setImmediate(r));
    expect(source.ready()).toBe(true);
    const res = await fetch(url, { method: 'POST', body: JSON.stringify([bridgeEvent(1), bridgeEvent(2)]) });
    expect(res.status).toBe(200);
    expect(source.status()).toEqual({ state: 'running', framesReceived: 2 });
    expect(received).toHaveLength(2);
    await source.close();
    expect(completed).toBe(true);
    expect(source.status().state).toBe('stopped');
    expect(source.ready()).toBe(false);
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(await lastValueFrom(source.frames$.pipe(toArray()))).toEqual([]);
  });

  it('reports a file source running while it reads and stopped at the end of the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gcs-eb-status-'));
    try {
      const file = join(dir, 'events.ndjson');
      await writeFile(file, [bridgeEvent(1), bridgeEvent(2), bridgeEvent(3)].map((e) => JSON.stringify(e)).join('\n'));
      const source = createEventBridgeSource({ file });
      const frames = await lastValueFrom(source.frames$.pipe(toArray()));
      expect(frames).toHaveLength(3);
      expect(source.status()).toEqual({ state: 'stopped', framesReceived: 3 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

