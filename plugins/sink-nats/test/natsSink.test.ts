import { describeSinkConformance } from '@gcstream/testkit';
import { createLogger, createMetrics, type GenesysEvent, type SinkContext } from '@gcstream/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsSink } from '../src/natsSink.js';
import { NATS_URL, manyEvents, openAdmin, readStream, uniqueName, type Admin } from './_nats.js';

let admin: Admin;
const streams: string[] = [];
beforeAll(async () => {
  admin = await openAdmin();
});
afterAll(async () => {
  for (const stream of streams) await admin.jsm.streams.delete(stream).catch(() => false);
  await admin.nc.close();
});

const context = (): SinkContext => ({
  logger: createLogger({ level: 'silent' }),
  metrics: createMetrics(),
  signal: new AbortController().signal,
  baseDir: '.',
  stdout: process.stdout,
});

/** A sink on its own new stream and subject prefix, so tests never see each other's messages. */
async function openSink(options: Record<string, unknown> = {}) {
  const stream = uniqueName('GCS_TEST');
  streams.push(stream);
  const prefix = uniqueName('t');
  const sink = await natsSink.create(natsSink.configSchema.parse({ servers: NATS_URL, stream, subject: `${prefix}.{family}.{topicName}`, createStream: true, ...options }), context());
  await sink.connect?.();
  return { sink, stream, prefix };
}

const conformanceStream = uniqueName('GCS_CONFORMANCE');
streams.push(conformanceStream);
describeSinkConformance('nats', {
  definition: natsSink,
  options: { servers: NATS_URL, stream: conformanceStream, subject: `${uniqueName('c')}.{family}.{topicName}`, createStream: true },
  invalidOptions: [
    { subject: 'gcstream.>' },
    { subject: 'gcstream.*.{family}' },
    { subject: 'gcstream..{family}' },
    { subject: 'gcstream.{family' + '}.{no spaces}' },
    { subject: 'gcstream events.{family}' },
    { stream: 'has.dots' },
    { maxPending: 0 },
    { other: true },
  ],
  deliveredKeys: async () => {
    const stored = await readStream(admin, conformanceStream);
    await admin.jsm.streams.purge(conformanceStream);
    return stored.map((s) => s.event.key);
  },
});

describe('nats sink', () => {
  it('stores every event exactly once, even when the same batch is published twice (and twice at once)', async () => {
    const { sink, stream } = await openSink();
    const events = manyEvents(1500, uniqueName('once'));
    await sink.write(events);
    await sink.write(events);
    await Promise.all([sink.write(events.slice(0, 700)), sink.write(events.slice(300))]);
    await sink.close();
    const stored = await readStream(admin, stream);
    expect(stored.length).toBe(events.length);
    expect(stored.map((s) => s.msgId).sort()).toEqual(events.map((e) => e.key).sort());
    // The message is the event itself, and its id header is its key.
    const byKey = new Map(stored.map((s) => [s.event.key, s]));
    for (const event of events) {
      expect(byKey.get(event.key)?.event).toEqual(event);
      expect(byKey.get(event.key)?.msgId).toBe(event.key);
    }
  });

  it('creates the stream with the duplicate window and a filter that captures the template', async () => {
    const { sink, stream, prefix } = await openSink({ duplicateWindow: '90s' });
    await sink.close();
    const info = await admin.jsm.streams.info(stream);
    expect(info.config.subjects).toEqual([`${prefix}.*.*`]);
    expect(info.config.duplicate_window).toBe(90_000 * 1_000_000);
  });

  it('makes each template value one subject token: event content cannot add tokens or wildcards', async () => {
    const { sink, stream, prefix } = await openSink();
    const [template] = manyEvents(1, 'x');
    const hostile: GenesysEvent[] = ['a.b', '*', '>', 'with space', 'tab\tnew\nline', '', 'ünï.*.>'].map((text, i) => ({
      ...template!,
      key: `inject-${i}`,
      family: text as GenesysEvent['family'],
      topicName: `${text}.v2.users.>`,
    }));
    await sink.write(hostile);
    await sink.close();
    const stored = await readStream(admin, stream);
    expect(stored.length).toBe(hostile.length);
    for (const { subject, event } of stored) {
      const tokens = subject.split('.');
      expect(tokens.length, subject).toBe(3);
      expect(tokens[0]).toBe(prefix);
      for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(hostile.find((h) => h.key === event.key)?.family).toBe(event.family);
    }
  });

  it('throws a retryable error for publishes that were not acknowledged, and delivers on the retry', async () => {
    const { sink, stream, prefix } = await openSink();
    const events = manyEvents(50, uniqueName('noack'));
    // No stream captures the subjects for a moment: nothing answers the publishes.
    await admin.jsm.streams.delete(stream);
    const error = await sink.write(events).then(() => undefined, (e: unknown) => e as { retryable?: boolean; message: string });
    expect(error?.retryable).toBe(true);
    expect(error?.message).toMatch(/50 of 50 events were not acknowledged by JetStream/);
    await admin.jsm.streams.add({ name: stream, subjects: [`${prefix}.*.*`] });
    await sink.write(events);
    await sink.close();
    expect((await readStream(admin, stream)).map((s) => s.event.key).sort()).toEqual(events.map((e) => e.key).sort());
  });

  it('counts a message nobody acknowledges within ackTimeout as not acknowledged (retryable)', async () => {
    const { sink, stream, prefix } = await openSink({ ackTimeout: 300 });
    // A plain subscriber takes the subjects instead of the stream: messages are received, never acknowledged.
    await admin.jsm.streams.delete(stream);
    const silent = admin.nc.subscribe(`${prefix}.>`);
    // The server knows the subscriber before the first publish; else that publish finds no responders.
    await admin.nc.flush();
    const events = manyEvents(20, uniqueName('silent'));
    const error = await sink.write(events).then(() => undefined, (e: unknown) => e as { retryable?: boolean; message: string });
    silent.unsubscribe();
    await sink.close();
    expect(error?.retryable).toBe(true);
    expect(error?.message).toMatch(/20 of 20 events were not acknowledged by JetStream: no acknowledgement within 300 ms/);
  });

  it('fails a batch whose msgId cannot be a header value as fatal, and keeps publishing later batches', async () => {
    const { sink, stream } = await openSink({ ackTimeout: 1000 });
    const [a, b, c, d] = manyEvents(4, uniqueName('header'));
    // A CorrelationId from the wire ends up in the key; a line break cannot travel in a NATS header.
    const bad = [a!, { ...b!, key: `${b!.key}\r\nX-Injected: 1` }, { ...c!, key: `${c!.key}\n` }, d!];
    const error = await sink.write(bad).then(() => undefined, (e: unknown) => e as { retryable?: boolean; message: string });
    expect(error?.retryable).toBe(false);
    expect(error?.message).toMatch(/\[sink:nats\].*not acknowledged.*\\r or \\n/);
    const good = manyEvents(5, uniqueName('after'));
    await sink.write(good);
    await sink.close();
    const stored = (await readStream(admin, stream)).map((s) => s.msgId);
    for (const event of good) expect(stored).toContain(event.key);
    expect(stored.some((id) => id?.includes('X-Injected'))).toBe(false);
  });

  it('refuses a missing stream without createStream, naming the command that creates it', async () => {
    const stream = uniqueName('GCS_MISSING');
    const sink = await natsSink.create(natsSink.configSchema.parse({ servers: NATS_URL, stream }), context());
    await expect(sink.connect!()).rejects.toThrow(new RegExp(`stream ${stream} does not exist. Create it \\(nats stream add ${stream} --subjects 'gcstream\\.\\*\\.\\*'\\) or set createStream: true`));
    await sink.close();
  });

  it('reports a server that is not there as retryable, without the password of its URL', async () => {
    const sink = await natsSink.create(natsSink.configSchema.parse({ servers: 'nats://gc:hunter2-secret@127.0.0.1:1', ackTimeout: 500 }), context());
    const error = await sink.connect!().then(() => undefined, (e: unknown) => e as { retryable?: boolean; message: string });
    expect(error?.retryable).toBe(true);
    expect(error?.message).toMatch(/cannot connect to NATS at nats:\/\/gc:\[redacted\]@127\.0\.0\.1:1.*is nats-server running/);
    expect(error?.message).not.toContain('hunter2');
    await sink.close();
  });
});
