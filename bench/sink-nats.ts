/**
 * NATS sink throughput: events/s published to JetStream and acknowledged, through the sink's
 * `write`, next to a raw baseline measured in the same run: a bare `js.publish` loop over the same
 * pre-serialized events, with the same Nats-Msg-Id headers and the same number of acknowledgements
 * outstanding. Each phase publishes fresh keys to its own new stream.
 *
 *   node --conditions=@gcstream/source --import tsx bench/sink-nats.ts [--events 100000] [--batch 1000] [--pending 1024] [--inflight 2] [--rounds 2]
 *
 * Needs nats-server with JetStream on 127.0.0.1:4222; override with --servers.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { ownCpuSeconds, pidsNamed, processCpuSeconds } from './_cpu.js';
import { median } from './_median.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    pending: { type: 'string', default: '1024' },
    inflight: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    servers: { type: 'string', default: 'nats://127.0.0.1:4222' },
  },
});
const total = Number(values.events);
const batchSize = Number(values.batch);
const maxPending = Number(values.pending);
const inFlight = Number(values.inflight);
const rounds = Number(values.rounds);
const servers = values.servers!;

const core = await import('../packages/core/src/index.js');
const { natsSink } = await import('../plugins/sink-nats/src/index.js');
const { sampleEvents } = await import('../packages/testkit/src/index.js');
const require = createRequire(new URL('../plugins/sink-nats/package.json', import.meta.url));
const { connect } = require('@nats-io/transport-node') as typeof import('@nats-io/transport-node');
const { jetstream, jetstreamManager } = require('@nats-io/jetstream') as typeof import('@nats-io/jetstream');

const templates = sampleEvents(200, 4);
let generation = 0;
const eventsFor = () => {
  const tag = generation++;
  return Array.from({ length: total }, (_, i) => ({ ...templates[i % templates.length]!, key: `g${tag}-${i}` }));
};
const batchesOf = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / batchSize) }, (_, i) => items.slice(i * batchSize, (i + 1) * batchSize));

interface Phase {
  /** Acknowledged events per wall-clock second. */
  readonly rate: number;
  /** Acknowledged events per CPU-second of this process and of nats-server. */
  readonly perCpu: number;
}

const serverPids = pidsNamed('nats-server');
const serverCpu = () => serverPids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);

async function timed<T>(batches: T[][], write: (batch: T[]) => Promise<void>): Promise<Phase> {
  let next = 0;
  const cpuBefore = ownCpuSeconds() + serverCpu();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < batches.length) await write(batches[next++]!);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rate: total / seconds, perCpu: total / (ownCpuSeconds() + serverCpu() - cpuBefore) };
}

const admin = await connect({ servers });
const jsm = await jetstreamManager(admin);
const created: string[] = [];
async function freshStream(): Promise<{ stream: string; prefix: string }> {
  const stream = `BENCH_${process.pid}_${created.length}`;
  const prefix = `bench${process.pid}x${created.length}`;
  await jsm.streams.add({ name: stream, subjects: [`${prefix}.*.*`] });
  created.push(stream);
  return { stream, prefix };
}
async function checkCount(stream: string) {
  const info = await jsm.streams.info(stream);
  if (info.state.messages !== total) throw new Error(`expected ${total} messages in ${stream}, found ${info.state.messages}`);
  await jsm.streams.delete(stream);
}

async function raw(): Promise<Phase> {
  const { stream, prefix } = await freshStream();
  // The sink turns async stack traces off (two Error objects per publish); so does the baseline,
  // so the ratio shows the sink's own cost.
  const nc = await connect({ servers, noAsyncTraces: true });
  const js = jetstream(nc);
  const messages = eventsFor().map((e) => ({ subject: `${prefix}.${e.family}.t`, data: JSON.stringify(e), id: e.key }));
  const rate = await timed(batchesOf(messages), async (batch) => {
    let next = 0;
    const lane = async () => {
      while (next < batch.length) {
        const m = batch[next++]!;
        await js.publish(m.subject, m.data, { msgID: m.id });
      }
    };
    await Promise.all(Array.from({ length: Math.min(maxPending, batch.length) }, lane));
  });
  await nc.close();
  await checkCount(stream);
  return rate;
}

async function viaSink(): Promise<Phase> {
  const { stream, prefix } = await freshStream();
  const config = natsSink.configSchema.parse({ servers, stream, subject: `${prefix}.{family}.{topicName}`, maxPending });
  const sink = await natsSink.create(config, {
    logger: core.createLogger({ level: 'silent' }),
    metrics: core.createMetrics(),
    signal: new AbortController().signal,
    baseDir: '.',
    stdout: process.stdout,
  });
  await sink.connect?.();
  const rate = await timed(batchesOf(eventsFor()), (batch) => sink.write(batch));
  await sink.close();
  await checkCount(stream);
  return rate;
}

console.log(`${total} events per phase, batch ${batchSize}, ${maxPending} acks pending per write, ${inFlight} writes in flight, ${rounds} rounds`);
const results: Array<{ bare: Phase; sink: Phase }> = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const bare = await raw();
    const sink = await viaSink();
    results.push({ bare, sink });
    console.log(
      `round ${round}: raw js.publish ${Math.round(bare.rate)} acked events/s, ${Math.round(bare.perCpu)}/CPU-s; ` +
        `sink ${Math.round(sink.rate)} acked events/s (x${(sink.rate / bare.rate).toFixed(2)}), ${Math.round(sink.perCpu)}/CPU-s (x${(sink.perCpu / bare.perCpu).toFixed(2)})`,
    );
  }
  console.log(
    `median: raw ${Math.round(median(results.map((r) => r.bare.rate)))} events/s, sink ${Math.round(median(results.map((r) => r.sink.rate)))} events/s; ` +
      `ratio sink/raw ${median(results.map((r) => r.sink.rate / r.bare.rate)).toFixed(2)} (wall), ${median(results.map((r) => r.sink.perCpu / r.bare.perCpu)).toFixed(2)} (CPU)`,
  );
} finally {
  for (const stream of created) await jsm.streams.delete(stream).catch(() => false);
  await admin.close();
}
