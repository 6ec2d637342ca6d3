/**
 * Sink isolation: how fast the Postgres sink delivers with a stalled webhook beside it
 * (`onFull: drop-oldest`, a bounded buffer) against Postgres alone, in the same run, and the
 * process's peak RSS in each phase. The webhook server accepts requests and answers none until
 * Postgres has every event.
 *
 *   node --conditions=@gcstream/source --import tsx bench/sink-isolation.ts [--events 200000] [--rounds 2]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './_median.ts';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '2' } } });
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);

const core = await import('../packages/core/src/index.js');
const { builtinRegistry } = await import('../packages/cli/src/builtins.js');

const dir = mkdtempSync(join(tmpdir(), 'gcstream-bench-isolation-'));
const lines: string[] = [];
for (let i = 0; i < EVENTS; i++) {
  lines.push(
    JSON.stringify({
      version: '0',
      id: `eb-${i}`,
      'detail-type': 'v2.routing.queues.{id}.conversations',
      source: 'aws.partner/genesys.com/cloud/org-1/bench',
      time: new Date(1_767_225_600_000 + i).toISOString(),
      detail: {
        topicName: 'v2.routing.queues.11111111-0000-4000-8000-000000000001.conversations',
        version: '2',
        eventBody: { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, participants: [{ id: `p-${i}`, purpose: 'customer', calls: [{ state: 'alerting' }] }] },
        metadata: { CorrelationId: `bench-${i}` },
      },
    }),
  );
}
writeFileSync(join(dir, 'events.ndjson'), `${lines.join('\n')}\n`);

async function phase(name: string, withWebhook: boolean): Promise<{ perSecond: number; peakRss: number }> {
  const held: ServerResponse[] = [];
  let stalled = true;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => (stalled ? held.push(res) : res.end('{}')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const table = `bench_isolation_${process.pid}_${Date.now()}`;
  const yaml = `
source:
  eventbridge: { file: events.ndjson }
sinks:
  - postgres: { url: "postgres://postgres@127.0.0.1:5432/test", table: ${table}, createTable: true, onFull: block, maxInFlight: 2, batch: { size: 2000, interval: 50ms } }
${withWebhook ? `  - webhook: { url: "${url}", onFull: drop-oldest, bufferSize: 1000, maxInFlight: 2, writeTimeout: 0, batch: { size: 500, interval: 50ms } }` : ''}
shutdownTimeout: 120s
`;
  const loaded = await core.loadConfigText(yaml, join(dir, 'pipeline.yaml'), { env: {}, registry: builtinRegistry(), cwd: dir });
  const metrics = core.createMetrics();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const run = core.runPipelineFromConfig(loaded, { logger: core.createLogger({ level: 'silent' }), metrics, deadLetterFile: join(dir, 'dead.ndjson') });
  while (metrics.get('gcstream_sink_delivered_total', { sink: 'postgres' }) < EVENTS) await new Promise((resolve) => setTimeout(resolve, 10));
  const seconds = (performance.now() - started) / 1000;
  stalled = false;
  for (const res of held.splice(0)) res.end('{}');
  const summary = await run;
  clearInterval(sampler);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const webhook = summary.sinks.webhook;
  console.log(
    `${name.padEnd(28)} postgres ${Math.round(EVENTS / seconds).toLocaleString()} events/s, peak RSS ${Math.round(peakRss / 1e6)} MB` +
      (webhook ? `, webhook delivered ${webhook.delivered} dropped ${webhook.dropped} while stalled` : ''),
  );
  return { perSecond: EVENTS / seconds, peakRss };
}

const ratios: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const alone = await phase(`round ${round}: postgres alone`, false);
  const beside = await phase(`round ${round}: + stalled webhook`, true);
  ratios.push(beside.perSecond / alone.perSecond);
}
console.log(`median ratio (with stalled webhook / alone): ${median(ratios).toFixed(2)}`);
