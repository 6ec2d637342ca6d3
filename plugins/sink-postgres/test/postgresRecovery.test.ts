import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { Observable, map } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, runPipeline, type GenesysEvent, type RawFrame } from '@gcstream/core';
import { postgresSink } from '../src/postgresSink.js';
import { adminPool, keysIn, manyEvents, uniqueName, waitForServer } from './_db.js';

const run = promisify(execFile);
const admin = adminPool();
const dropped: string[] = [];
const cluster = readdirSync('/etc/postgresql').sort().at(-1)!;

afterAll(async () => {
  // Whatever a test did to the server, leave it running for everyone else.
  await waitForServer(admin, 30_000).catch(() => run('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', 'start']));
  await waitForServer(admin);
  for (const table of dropped) await admin.query(`DROP TABLE IF EXISTS ${table}`);
  await admin.end();
});

/** Frames that trickle in, `perTick` every 5 ms, so writes are in flight while the server is disturbed. */
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

/** Runs `events` through the real pipeline engine (batching, retries) into a fresh table while `disturb` runs. */
async function deliverWhile(method: 'copy' | 'insert', events: readonly GenesysEvent[], disturb: (appName: string, running: () => boolean) => Promise<number>) {
  const table = uniqueName(`recovery_${method}`);
  dropped.push(table);
  const appName = uniqueName('gcs_sink');
  // A password in the URL: trust authentication ignores it, and it must never reach a log line.
  const url = `postgres://postgres:hunter2-secret@127.0.0.1:5432/test?application_name=${appName}`;
  const config = postgresSink.configSchema.parse({ url, table, createTable: true, method, connectTimeout: 2000 });
  let logged = '';
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logged += chunk.toString();
        callback();
      },
    }),
  });
  const pipeline = runPipeline({
    source$: trickle(events.length, 40),
    decode: { name: 'decode', create: () => map((frame: RawFrame) => events[Number(frame.data)]!) },
    sinks: [
      {
        name: 'postgres',
        engine: { batch: { size: 200, interval: 20 }, maxInFlight: 2, retry: { attempts: 60, initialDelay: 20, maxDelay: 500 }, bufferSize: events.length },
        create: (ctx) => postgresSink.create(config, ctx),
      },
    ],
    logger,
    shutdownTimeout: 60_000,
  });
  let running = true;
  void pipeline.finally(() => (running = false));
  const disturbed = await disturb(appName, () => running);
  const summary = await pipeline;
  return { summary, table, disturbed, logged };
}

async function expectExactlyOnce(table: string, events: readonly GenesysEvent[]) {
  const keys = await keysIn(admin, table);
  expect(keys.length).toBe(events.length);
  expect(keys.sort()).toEqual(events.map((e) => e.key).sort());
}

describe('postgres sink under a failing server', () => {
  for (const method of ['copy', 'insert'] as const) {
    it(`loses and duplicates nothing when its backends are killed mid-stream (${method})`, async () => {
      const events = manyEvents(6000, uniqueName('kill'));
      const { summary, table, disturbed, logged } = await deliverWhile(method, events, async (appName, running) => {
        // Kill the sink's backends while they run a write (COPY or INSERT), several times, as a
        // crash or an operator would.
        let killed = 0;
        while (running() && killed < 6) {
          const result = await admin.query<{ killed: boolean }>(
            `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
             WHERE application_name = $1 AND state = 'active' AND (query LIKE 'COPY%' OR query LIKE 'INSERT%')`,
            [appName],
          );
          killed += result.rows.filter((row) => row.killed).length;
          await new Promise((resolve) => setTimeout(resolve, killed > 0 ? 40 : 2));
        }
        return killed;
      });
      expect(disturbed).toBeGreaterThan(0);
      // Each kill broke a write in flight, which the engine retried.
      expect(summary.sinks.postgres?.retries).toBeGreaterThan(0);
      expect(summary.deadLetters).toBe(0);
      expect(summary.sinks.postgres?.delivered).toBe(events.length);
      await expectExactlyOnce(table, events);
      expect(logged).not.toContain('hunter2');
    });
  }

  it('loses and duplicates nothing across a server restart', async () => {
    const events = manyEvents(6000, uniqueName('restart'));
    const { summary, table, logged } = await deliverWhile('copy', events, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await run('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', 'restart']);
      return 1;
    });
    await waitForServer(admin);
    expect(summary.deadLetters).toBe(0);
    expect(summary.sinks.postgres?.delivered).toBe(events.length);
    // The restart broke writes in flight or connections in the pool: the engine retried them.
    expect(summary.sinks.postgres?.retries).toBeGreaterThan(0);
    await expectExactlyOnce(table, events);
    expect(logged).not.toContain('hunter2');
  }, 90_000);
});
