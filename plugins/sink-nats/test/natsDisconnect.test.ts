import { createServer, connect as tcpConnect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger, createMetrics, type SinkContext } from '@gcstream/core';
import { afterAll, expect, it } from 'vitest';
import { natsSink } from '../src/natsSink.js';
import { manyEvents, openAdmin, readStream, uniqueName } from './_nats.js';

/** A loopback TCP relay to the machine's NATS server whose connections the test can cut. */
async function relay(): Promise<{ url: string; cut: () => void; refuse: (on: boolean) => void; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = tcpConnect(4222, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `nats://127.0.0.1:${port}`,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    refuse: (on) => {
      refusing = on;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

/**
 * A NATS sink reaching the machine's server through a relay the test can cut, on a stream of its
 * own. Its ackTimeout is longer than the test's own timeout: only the connection's state can end a
 * write, never the wait for an acknowledgement.
 */
async function sinkThroughRelay(name: string) {
  const admin = await openAdmin();
  cleanups.push(() => admin.nc.close());
  const link = await relay();
  cleanups.push(link.close);
  const stream = uniqueName(`GCS_${name.toUpperCase()}`);
  const prefix = uniqueName(name);
  const context = { logger: createLogger({ level: 'silent' }), metrics: createMetrics(), signal: new AbortController().signal, baseDir: '.', stdout: process.stdout } as SinkContext;
  const sink = await natsSink.create(natsSink.configSchema.parse({ servers: link.url, stream, subject: `${prefix}.{family}`, createStream: true, ackTimeout: '10m' }), context);
  await sink.connect!();
  cleanups.push(() => sink.close());
  cleanups.push(() => admin.jsm.streams.delete(stream));
  return { admin, link, stream, prefix, sink };
}

it('fails the publishes waiting for their acknowledgement when the connection is lost, as retryable, without waiting out ackTimeout', async () => {
  const { admin, link, stream, prefix, sink } = await sinkThroughRelay('cut');
  // A plain subscriber takes the subjects instead of the stream: messages arrive, none is acknowledged.
  await admin.jsm.streams.delete(stream);
  const silent = admin.nc.subscribe(`${prefix}.>`);
  await admin.nc.flush();
  let received = 0;
  void (async () => {
    for await (const _ of silent) if (++received === 1) link.cut();
  })();
  const error = await sink.write(manyEvents(20, uniqueName('cut'))).then(() => undefined, (e: unknown) => e as { retryable?: boolean; message: string });
  silent.unsubscribe();
  expect(received).toBeGreaterThan(0);
  expect(error?.retryable).toBe(true);
  expect(error?.message).toMatch(/of 20 events were not acknowledged by JetStream: connection to NATS at nats:\/\/127\.0\.0\.1:\d+ lost before the acknowledgement/);
});

it('holds a batch written while the connection is down and publishes it the moment the client is back', async () => {
  const { admin, link, stream, sink } = await sinkThroughRelay('down');
  const before = manyEvents(10, uniqueName('before'));
  await sink.write(before);
  // Down for 1.5 s: the client sees its socket close and keeps trying (every 500 ms) in vain.
  link.refuse(true);
  link.cut();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const events = manyEvents(50, uniqueName('during'));
  let settled = false;
  const writing = sink.write(events).finally(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 1200));
  expect(settled).toBe(false);
  link.refuse(false);
  await writing;
  const stored = await readStream(admin, stream);
  expect(stored.length).toBe(60);
  expect(stored.map((m) => m.msgId).sort()).toEqual([...before, ...events].map((e) => e.key).sort());
});
