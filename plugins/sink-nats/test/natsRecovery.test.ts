import { Observable, map } from 'rxjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger, runPipeline, type RawFrame } from '@gcstream/core';
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

it('retries through the engine what JetStream did not acknowledge, and stores each event once', async () => {
  const stream = uniqueName('GCS_RECOVERY');
  streams.push(stream);
  const prefix = uniqueName('r');
  const events = manyEvents(4000, uniqueName('recovery'));
  const config = natsSink.configSchema.parse({ servers: NATS_URL, stream, subject: `${prefix}.{family}.{topicName}`, createStream: true, ackTimeout: '1s' });
  const pipeline = runPipeline({
    source$: trickle(events.length, 20),
    decode: { name: 'decode', create: () => map((frame: RawFrame) => events[Number(frame.data)]!) },
    sinks: [
      {
        name: 'nats',
        engine: { batch: { size: 200, interval: 20 }, maxInFlight: 2, retry: { attempts: 60, initialDelay: 20, maxDelay: 300 }, bufferSize: events.length },
        create: (ctx) => natsSink.create(config, ctx),
      },
    ],
    logger: createLogger({ level: 'silent' }),
    shutdownTimeout: 60_000,
  });
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
