import { Observable, map } from 'rxjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger, runPipeline, type GenesysEvent, type RawFrame, type SinkEngineInput } from '@gcstream/core';
import { natsSink } from '../src/natsSink.js';
import { restartNatsServer } from '@gcstream/testkit';
import { NATS_URL, manyEvents, openAdmin, readStream, uniqueName, type Admin } from './_nats.js';

let admin: Admin;
const streams: string[] = [];
beforeAll(async () => {
  admin = await openAdmin();
});
afterAll(async () => {
  // A fresh connection: the admin's may have lived through a server restart.
  const cleanup = await openAdmin();
  for (const stream of streams) await cleanup.jsm.streams.delete(stream).catch(() => false);
  await cleanup.nc.close();
  await admin.nc.close().catch(() => undefined);
});

/** Frames that trickle in, `perTick` every 5 ms, so publishes are in flight while the stream changes. */
function trickle(count: number, perTick: number): Observable<RawFrame> {
  return new Observable<RawFrame>((subscriber) => {
    let next = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < perTick && next < count; i++, next++) subscriber.next({ data: String(next), channelId: 'test', receivedAt: Date.now() });
      if (next === count) {
        clearInterval(timer);
        subscriber.complete();
      }
    }, 5);
    return () => clearInterval(timer);
  });
}

/** Runs `events` through the real pipeline engine (batching, retries) into the sink, on `stream` with subjects under `prefix`. */
function deliver(events: readonly GenesysEvent[], stream: string, prefix: string, perTick: number, engine: SinkEngineInput) {
  const config = natsSink.configSchema.parse({ servers: NATS_URL, stream, subject: `${prefix}.{family}.{topicName}`, createStream: true, ackTimeout: '1s' });
  return runPipeline({
    source$: trickle(events.length, perTick),
    decode: { name: 'decode', create: () => map((frame: RawFrame) => events[Number(frame.data)]!) },
    sinks: [{ name: 'nats', engine: { ...engine, bufferSize: events.length }, create: (ctx) => natsSink.create(config, ctx) }],
    logger: createLogger({ level: 'silent' }),
    shutdownTimeout: 60_000,
  });
}

it('retries through the engine what JetStream did not acknowledge, and stores each event once', async () => {
  const stream = uniqueName('GCS_RECOVERY');
  streams.push(stream);
  const prefix = uniqueName('r');
  const events = manyEvents(4000, uniqueName('recovery'));
  const pipeline = deliver(events, stream, prefix, 20, { batch: { size: 200, interval: 20 }, maxInFlight: 2, retry: { attempts: 60, initialDelay: 20, maxDelay: 300 } });
  // For a moment the stream stops capturing the sink's subjects: publishes go unanswered, as when
  // JetStream restarts, then it captures them again.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const info = await admin.jsm.streams.info(stream);
  await admin.jsm.streams.update(stream, { ...info.config, subjects: [`${prefix}.elsewhere`] });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await admin.jsm.streams.update(stream, { ...info.config, subjects: [`${prefix}.*.*`] });
  const summary = await pipeline;

  expect(summary.deadLetters).toBe(0);
  expect(summary.sinks.nats?.delivered).toBe(events.length);
  expect(summary.sinks.nats?.retries).toBeGreaterThan(0);
  const stored = await readStream(admin, stream);
  expect(stored.length).toBe(events.length);
  expect(stored.map((s) => s.event.key).sort()).toEqual(events.map((e) => e.key).sort());
});

it('a restart of nats-server while events stream: the sink reconnects, retries what was not acknowledged, and the stream holds each event once', async () => {
  const stream = uniqueName('GCS_RESTART');
  streams.push(stream);
  const prefix = uniqueName('s');
  const events = manyEvents(3000, uniqueName('restart'));
  const pipeline = deliver(events, stream, prefix, 10, { batch: { size: 100, interval: 20 }, maxInFlight: 2, retry: { attempts: 1000, initialDelay: 50, maxDelay: 500 } });
  // A third of the events are in before the server goes away for a second; the rest trickle in
  // while it is down and after it is back.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await restartNatsServer(1000);
  const summary = await pipeline;

  expect(summary.deadLetters).toBe(0);
  expect(summary.sinks.nats?.delivered).toBe(events.length);
  expect(summary.sinks.nats?.retries).toBeGreaterThan(0);
  const after = await openAdmin();
  try {
    const stored = await readStream(after, stream);
    expect(stored.map((s) => s.event.key).sort()).toEqual(events.map((e) => e.key).sort());
  } finally {
    await after.nc.close();
  }
}, 120_000);
