/**
 * Issue "sinks with real delivery guarantees": a stalled webhook with `onFull: drop-oldest` must not
 * hold back the Postgres sink beside it. The webhook server here accepts requests and answers none
 * until the test lets it; Postgres must receive every event while the webhook has delivered none.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfigText, runPipelineFromConfig } from '@gcstream/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/builtins.js';

const EVENTS = 20_000;
const table = `isolation_${process.pid}_${Date.now()}`;
const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });

function eventBridgeLine(i: number): string {
  const conversationId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  return JSON.stringify({
    version: '0',
    id: `eb-${i}`,
    'detail-type': 'v2.routing.queues.{id}.conversations',
    source: 'aws.partner/genesys.com/cloud/org-1/gcstream-test',
    time: new Date(1_767_225_600_000 + i).toISOString(),
    detail: {
      topicName: 'v2.routing.queues.11111111-0000-4000-8000-000000000001.conversations',
      version: '2',
      eventBody: { id: conversationId, participants: [{ id: `p-${i}`, purpose: 'customer', calls: [{ state: 'alerting' }] }] },
      metadata: { CorrelationId: `isolation-${i}` },
    },
  });
}

afterAll(async () => {
  await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
  await client.end().catch(() => {});
});

describe('sink isolation', () => {
  it('a stalled webhook with onFull: drop-oldest leaves the Postgres sink delivering everything', async () => {
    await client.connect();
    const held: ServerResponse[] = [];
    let stalled = true;
    let received = 0;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        if (stalled) held.push(res);
        else {
          received++;
          res.end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-isolation-'));
    writeFileSync(join(dir, 'events.ndjson'), `${Array.from({ length: EVENTS }, (_, i) => eventBridgeLine(i)).join('\n')}\n`);
    const yaml = `
source:
  eventbridge: { file: events.ndjson }
sinks:
  - postgres:
      url: postgres://postgres@127.0.0.1:5432/test
      table: ${table}
      createTable: true
      onFull: block
      batch: { size: 1000, interval: 50ms }
  - webhook:
      url: ${url}
      onFull: drop-oldest
      bufferSize: 500
      maxInFlight: 2
      writeTimeout: 0
      batch: { size: 100, interval: 50ms }
shutdownTimeout: 60s
`;
    const loaded = await loadConfigText(yaml, join(dir, 'pipeline.yaml'), { env: {}, registry: builtinRegistry(), cwd: dir });
    const stop = new AbortController();
    const run = runPipelineFromConfig(loaded, { logger: createLogger({ level: 'silent' }), signal: stop.signal, deadLetterFile: join(dir, 'dead.ndjson') });

    // Every event reaches Postgres while the webhook has answered nothing.
    let rows = 0;
    while (rows < EVENTS) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rows = Number((await client.query(`SELECT count(*) AS n FROM ${table}`).catch(() => ({ rows: [{ n: 0 }] }))).rows[0].n);
    }
    expect(received).toBe(0);
    expect(held.length).toBeGreaterThan(0);

    // Let the webhook answer, then drain.
    stalled = false;
    for (const res of held.splice(0)) {
      received++;
      res.end('{}');
    }
    const summary = await run;
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const keys = (await client.query(`SELECT key FROM ${table}`)).rows.map((r: { key: string }) => r.key);
    expect(keys).toHaveLength(EVENTS);
    expect(new Set(keys).size).toBe(EVENTS);
    expect(summary.sinks.postgres).toMatchObject({ delivered: EVENTS, deadLettered: 0 });
    const webhook = summary.sinks.webhook!;
    // The webhook's buffer stayed bounded: what did not fit was dropped (oldest first) and counted.
    expect(webhook.dropped).toBeGreaterThan(0);
    expect(webhook.delivered + webhook.deadLettered).toBe(EVENTS);
    expect(webhook.buffered).toBe(0);
  }, 120_000);
});
