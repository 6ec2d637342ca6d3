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
import { ownCpuSeconds, processCpuSeconds } from './_cpu.js';
import { median } from './_median.js';

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
const { decodedSamples } = await import('./_pipelineEvents.ts');
const pg = createRequire(new URL('../plugins/sink-postgres/package.json', import.meta.url))('pg') as typeof import('pg');

const table = `bench_events_${process.pid}`;
// The testkit's generated events, framed and decoded as the pipeline does (bodies keep their
// arrival text, which the sink writes instead of serializing them again; the raw loop serializes).
const templates = (await decodedSamples(200, 200, 3)).events;
let generation = 0;
/** Fresh keys each phase, so every phase inserts rows rather than finding them already there. */
const eventsFor = () => {
  const tag = generation++;
  return Array.from({ length: total }, (_, i) => ({ ...templates[i % templates.length]!, key: `g${tag}-${i}` }));
};
const batchesOf = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / batchSize) }, (_, i) => items.slice(i * batchSize, (i + 1) * batchSize));

interface Phase {
  /** Events per wall-clock second. */
  readonly rate: number;
  /** Events per CPU-second of this process and of the PostgreSQL backends that served the phase. */
  readonly perCpu: number;
}

/** Runs `write` over the batches with `inFlight` of them at once, like the engine's maxInFlight. */
async function timed<T>(batches: T[][], write: (batch: T[]) => Promise<void>, backendPids: () => Promise<number[]>): Promise<Phase> {
  let next = 0;
  const cpuBefore = ownCpuSeconds();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < batches.length) await write(batches[next++]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // The backends were opened for this phase, so their CPU so far is the phase's.
  const serverCpu = (await backendPids()).reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  return { rate: total / seconds, perCpu: total / (ownCpuSeconds() - cpuBefore + serverCpu) };
}

const admin = new pg.Pool({ connectionString: url, max: 1 });
const empty = () => admin.query(`TRUNCATE ${table}`);
let phaseCount = 0;
/** A name for the connections of one phase, to find its backends in pg_stat_activity. */
const phaseName = () => `bench_${process.pid}_${phaseCount++}`;
const pidsOf = (name: string) => async () =>
  (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [name])).rows.map((row) => row.pid);
const withName = (name: string) => `${url}${url.includes('?') ? '&' : '?'}application_name=${name}`;

async function raw(): Promise<Phase> {
  const name = phaseName();
  const pool = new pg.Pool({ connectionString: withName(name), max: inFlight });
  const rows = eventsFor().map((e) => [e.key, e.topicName, e.topic, e.family, e.ids, new Date(e.eventTime).toISOString(), new Date(e.receivedAt).toISOString(), e.source, JSON.stringify(e.eventBody)]);
  const sql = (n: number) =>
    `INSERT INTO ${table} (key, topic_name, topic, family, ids, event_time, received_at, source, body) VALUES ` +
    Array.from({ length: n }, (_, r) => `(${Array.from({ length: 9 }, (_, c) => `$${r * 9 + c + 1}`).join(',')})`).join(',') +
    ' ON CONFLICT (key) DO NOTHING';
  const phase = await timed(
    batchesOf(rows),
    async (batch) => {
      await pool.query(sql(batch.length), batch.flat());
    },
    pidsOf(name),
  );
  await pool.end();
  return phase;
}

async function viaSink(method: 'copy' | 'insert', events = eventsFor()): Promise<Phase> {
  const name = phaseName();
  const config = postgresSink.configSchema.parse({ url: withName(name), table, method, poolSize: inFlight });
  const sink = await postgresSink.create(config, {
    logger: core.createLogger({ level: 'silent' }),
    metrics: core.createMetrics(),
    signal: new AbortController().signal,
    baseDir: '.',
    stdout: process.stdout,
  });
  await sink.connect?.();
  const phase = await timed(batchesOf(events), (batch) => sink.write(batch), pidsOf(name));
  await sink.close();
  return phase;
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
const phases: Record<string, Phase[]> = { raw: [], copy: [], insert: [], 'copy, all keys present': [] };
const show = (label: string, phase: Phase, bare?: Phase) =>
  `${label} ${Math.round(phase.rate)} events/s${bare ? ` (x${(phase.rate / bare.rate).toFixed(2)})` : ''}, ${Math.round(phase.perCpu)}/CPU-s${bare ? ` (x${(phase.perCpu / bare.perCpu).toFixed(2)})` : ''}`;
try {
  for (let round = 1; round <= rounds; round++) {
    await empty();
    const bare = await raw();
    await checkRows();
    phases.raw!.push(bare);
    const line = [show('raw pg insert', bare)];
    for (const method of ['copy', 'insert'] as const) {
      await empty();
      const phase = await viaSink(method);
      await checkRows();
      phases[method]!.push(phase);
      line.push(show(`sink ${method}`, phase, bare));
    }
    // A replay: every key is already in the table, so each COPY fails and the batch takes the
    // staging table and ON CONFLICT path (what a retried or re-sent batch costs).
    await empty();
    const replayed = eventsFor();
    await viaSink('copy', replayed);
    const again = await viaSink('copy', replayed);
    await checkRows();
    phases['copy, all keys present']!.push(again);
    line.push(show('sink copy, all keys present', again, bare));
    console.log(`round ${round}: ${line.join('; ')}`);
  }
  for (const [label, list] of Object.entries(phases)) {
    const ratios = list.map((p, i) => p.rate / phases.raw![i]!.rate);
    const cpuRatios = list.map((p, i) => p.perCpu / phases.raw![i]!.perCpu);
    console.log(`median ${label}: ${Math.round(median(list.map((p) => p.rate)))} events/s, ${Math.round(median(list.map((p) => p.perCpu)))}/CPU-s; ratio to raw ${median(ratios).toFixed(2)} (wall), ${median(cpuRatios).toFixed(2)} (CPU)`);
  }
} finally {
  await admin.query(`DROP TABLE IF EXISTS ${table}`);
  await admin.end();
}
