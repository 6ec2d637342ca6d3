/**
 * File sink throughput: events/s appended as NDJSON by `@gcstream/sink-file` (path template,
 * grouping by file, size accounting) against a bare loop that writes the same NDJSON to one file
 * with `fs.writeSync`, alternating in the same run, so the ratio holds on whatever machine runs it.
 *
 *   node --conditions=@gcstream/source --import tsx bench/sink-file.ts [--events 200000] [--batch 500] [--rounds 3] [--path '{date}/{family}.ndjson'] [--in-flight 1] [--fsync]
 *
 * `--in-flight` is the engine's maxInFlight: how many writes the sink is given at once.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    path: { type: 'string', default: '{date}/{family}.ndjson' },
    fsync: { type: 'boolean', default: false },
    'in-flight': { type: 'string', default: '1' },
  },
});
const total = Number(values.events);
const batchSize = Number(values.batch);
const rounds = Number(values.rounds);
const inFlight = Number(values['in-flight']);

const core = await import('../packages/core/src/index.js');
const { sampleEvents } = await import('../packages/testkit/src/index.js');
const { fileSink } = await import('../plugins/sink-file/src/index.js');

// Realistic events of every family, each copy with its own key.
const templates = sampleEvents(2000, 1);
const now = Date.now();
const events = Array.from({ length: total }, (_, i) => ({ ...templates[i % templates.length]!, key: `bench-${i}`, receivedAt: now }));
const batches: (typeof events)[] = [];
for (let i = 0; i < total; i += batchSize) batches.push(events.slice(i, i + batchSize));

function bytesIn(dir: string): number {
  let sum = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) sum += statSync(join(entry.parentPath, entry.name)).size;
  return sum;
}

/** Wall-clock events/s, and events per second of this process's CPU time (steadier on a busy machine). */
interface Rate {
  wall: number;
  cpu: number;
}

function measure<T>(run: () => T): T extends Promise<unknown> ? Promise<Rate> : Rate {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const done = (): Rate => {
    const used = process.cpuUsage(cpu);
    return { wall: (total * 1000) / (performance.now() - started), cpu: (total * 1e6) / (used.user + used.system) };
  };
  const result = run();
  return (result instanceof Promise ? result.then(done) : done()) as T extends Promise<unknown> ? Promise<Rate> : Rate;
}

function raw(dir: string): void {
  const fd = openSync(join(dir, 'raw.ndjson'), 'a');
  for (const batch of batches) {
    let text = '';
    for (const event of batch) text += `${JSON.stringify(event)}\n`;
    writeSync(fd, text);
  }
  closeSync(fd);
}

async function gcstream(dir: string): Promise<void> {
  const sink = await fileSink.create(fileSink.configSchema.parse({ path: values.path, fsync: values.fsync }), {
    logger: core.createLogger({ level: 'silent' }),
    metrics: core.createMetrics(),
    signal: new AbortController().signal,
    baseDir: dir,
    stdout: process.stdout,
  });
  const running = new Set<Promise<void>>();
  for (const batch of batches) {
    const write = sink.write(batch).finally(() => running.delete(write));
    running.add(write);
    if (running.size >= inFlight) await Promise.race(running);
  }
  await Promise.all(running);
  await sink.close();
}

console.log(`${total} events, batch ${batchSize}, in flight ${inFlight}, path ${values.path}${values.fsync ? ', fsync' : ''}, ${rounds} rounds`);
const ratios: number[] = [];
const rates: number[] = [];
const cpuRatios: number[] = [];
const cpuRates: number[] = [];
for (let round = 1; round <= rounds; round++) {
  const rawDir = mkdtempSync(join(tmpdir(), 'gcs-bench-raw-'));
  const sinkDir = mkdtempSync(join(tmpdir(), 'gcs-bench-file-'));
  try {
    const bare = measure(() => raw(rawDir));
    const sink = await measure(() => gcstream(sinkDir));
    if (bytesIn(sinkDir) !== bytesIn(rawDir)) throw new Error(`the sink wrote ${bytesIn(sinkDir)} bytes, the raw loop ${bytesIn(rawDir)}`);
    ratios.push(sink.wall / bare.wall);
    rates.push(sink.wall);
    cpuRatios.push(sink.cpu / bare.cpu);
    cpuRates.push(sink.cpu);
    const megabytes = bytesIn(sinkDir) / 1e6;
    console.log(
      `round ${round}: raw writeSync ${Math.round(bare.wall)} events/s (${Math.round(bare.cpu)} per CPU-s), file sink ${Math.round(sink.wall)} events/s (${Math.round(sink.cpu)} per CPU-s, ${((megabytes * sink.wall) / total).toFixed(0)} MB/s), ratio ${(sink.wall / bare.wall).toFixed(2)} (${megabytes.toFixed(0)} MB)`,
    );
  } finally {
    rmSync(rawDir, { recursive: true, force: true });
    rmSync(sinkDir, { recursive: true, force: true });
  }
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
console.log(`median: file sink ${Math.round(median(rates))} events/s, ratio file sink/raw ${median(ratios).toFixed(2)}; per CPU-second ${Math.round(median(cpuRates))} events, ratio ${median(cpuRatios).toFixed(2)}`);
