/**
 * Postgres sink throughput: events/s upserted into the standard event table (primary key and both
 * indexes) by the sink's two write methods, next to a raw baseline measured in the same run: a
 * hand-written `pg` loop of multi-row `INSERT ... ON CONFLICT (key) DO NOTHING` statements over the
 * same rows. Every phase writes fresh keys into an emptied table, with the same batch size and the
 * same number of batches in flight; a last phase re-sends a batch set whose keys are all present.
 *
 *   node --conditions=@gcstream/source --import tsx bench/sink-postgres.ts [--events 100000] [--batch 1000] [--inflight 2] [--rounds 2]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (database `test`); override with --url.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    inflight: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    url: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const total = Number(values.events);
const batchSize = Number(values.batch);
const inFlight = Number(values.inflight);
const rounds = Number(values.rounds);
const url = values.url!;

const core = await import('../packages/core/src/index.js');
const { postgresSink } = await import('../plugins/sink-postgres/src/index.js');
const { sampleEvents } = await import('../packages/testkit/src/index.js');
const pg = createRequire(new URL('../plugins/sink-postgres/package.json', import.meta.url))('pg') as typeof import('pg');

const table = `bench_events_${process.pid}`;
const templates = sampleEvents(200, 3);
let generation = 0;
/** Fresh keys each phase, so every phase inserts rows rather than finding them already there. */
const eventsFor = () => {
  const tag = generation++;
  return Array.from({ length: total }, (_, i) => ({ ...templates[i % templates.length]!, key: `g${tag}-${i}` }));
};
const batchesOf = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / batchSize) }, (_, i) => items.slice(i * batchSize, (i + 1) * batchSize));

/** Runs `write` over the batches with `inFlight` of them at once, like the engine's maxInFlight. */
async function timed<T>(batches: T[][], write: (batch: T[]) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < batches.length) await write(batches[next++]!);
    }),
  );
  return (total * 1000) / (performance.now() - started);
}

const admin = new pg.Pool({ connectionString: url, max: 1 });
const empty = () => admin.query(`TRUNCATE ${table}`);

async function raw(): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: inFlight });
  const rows = eventsFor().map((e) => [e.key, e.topicName, e.topic, e.family, e.ids, new Date(e.eventTime).toISOString(), new Date(e.receivedAt).toISOString(), e.source, JSON.stringify(e.eventBody)]);
  const sql = (n: number) =>
    `INSERT INTO ${table} (key, topic_name, topic, family, ids, event_time, received_at, source, body) VALUES ` +
    Array.from({ length: n }, (_, r) => `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(',')})`).join(',') +
    ' ON CONFLICT (key) DO NOTHING';
  const rate = await timed(batchesOf(rows), async (batch) => {
    await pool.query(sql(batch.length), batch.flat());
  });
  await pool.end();
  return rate;
}

async function viaSink(method: 'copy' | 'insert', events = eventsFor()): Promise<number> {
  const config = postgresSink.configSchema.parse({ url, table, method, poolSize: inFlight });
  const sink = await postgresSink.create(config, {
    logger: core.createLogger({ level: 'silent' }),
    metrics: core.createMetrics(),
    signal: new AbortController().signal,
    baseDir: '.',
    stdout: process.stdout,
  });
  await sink.connect?.();
  const rate = await timed(batchesOf(events), (batch) => sink.write(batch));
  await sink.close();
  return rate;
}

async function checkRows() {
  const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  if (Number(rows[0]!.n) !== total) throw new Error(`expected ${total} rows, found ${rows[0]!.n}`);
}

// The sink creates the standard table (and its indexes) once; every phase then empties it.
const setup = await postgresSink.create(postgresSink.configSchema.parse({ url, table, createTable: true }), {
  logger: core.createLogger({ level: 'silent' }),
  metrics: core.createMetrics(),
  signal: new AbortController().signal,
  baseDir: '.',
  stdout: process.stdout,
});
await setup.connect?.();
await setup.close();

console.log(`${total} events per phase, batch ${batchSize}, ${inFlight} in flight, ${rounds} rounds`);
const ratios: Record<string, number[]> = { copy: [], insert: [], 'copy replay': [] };
try {
  for (let round = 1; round <= rounds; round++) {
    await empty();
    const bare = await raw();
    await checkRows();
    const line = [`round ${round}: raw pg insert ${Math.round(bare)} events/s`];
    for (const method of ['copy', 'insert'] as const) {
      await empty();
      const rate = await viaSink(method);
      await checkRows();
      ratios[method]!.push(rate / bare);
      line.push(`sink ${method} ${Math.round(rate)} events/s (x${(rate / bare).toFixed(2)})`);
    }
    // A replay: every key is already in the table, so each COPY fails and the batch takes the
    // staging table and ON CONFLICT path (what a retried or re-sent batch costs).
    await empty();
    const replayed = eventsFor();
    await viaSink('copy', replayed);
    const again = await viaSink('copy', replayed);
    await checkRows();
    ratios['copy replay']!.push(again / bare);
    line.push(`sink copy, all keys present ${Math.round(again)} events/s (x${(again / bare).toFixed(2)})`);
    console.log(line.join(', '));
  }
  for (const [method, list] of Object.entries(ratios)) console.log(`median ratio sink ${method}/raw: ${list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!.toFixed(2)}`);
} finally {
  await admin.query(`DROP TABLE IF EXISTS ${table}`);
  await admin.end();
}
