/**
 * File sink throughput: events/s appended as NDJSON by `@gcstream/sink-file` (path template,
 * grouping by file, size accounting) against a bare loop that writes the same NDJSON to one file
 * with `fs.writeSync`, alternating in the same run, so the ratio holds on whatever machine runs it.
 *
 *   node --conditions=@gcstream/source --import tsx bench/sink-file.ts [--events 200000] [--batch 500] [--rounds 3] [--path '{date}/{family}.ndjson'] [--in-flight 1] [--fsync] [--events-from emulator|generated] [--frames /tmp/sink-frames.ndjson]
 *
 * The events are, by default, what a pipeline hands a sink: the emulator's large-profile
 * simulation run in this process on every topic it notifies (queue and user conversations of every
 * media, transcription, detail events, observations, routing status, activity, presence), each
 * notification framed as Genesys sends it and passed through `decode`: about 2,300 bytes a line,
 * since a conversation snapshot carries every participant and session. `--events-from generated`
 * uses the testkit's fast-check events instead (the earlier default): bodies of random shape, about
 * 940 bytes a line. JSON.stringify costs about the same per byte for both, and their few arbitrary
 * doubles do not change that (numbers replaced by 7: the same time), so the generated events give
 * over twice the events/s of a real feed because they are smaller.
 * `--frames` keeps the simulated frames in a file for the next run, so a CPU profile shows the
 * writes and not the simulation. `--in-flight` is the engine's maxInFlight: how many writes the
 * sink is given at once.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './_median.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '3' },
    path: { type: 'string', default: '{date}/{family}.ndjson' },
    fsync: { type: 'boolean', default: false },
    'in-flight': { type: 'string', default: '1' },
    'events-from': { type: 'string', default: 'emulator' },
    frames: { type: 'string' },
  },
});
const total = Number(values.events);
const batchSize = Number(values.batch);
const rounds = Number(values.rounds);
const inFlight = Number(values['in-flight']);
const eventsFrom = values['events-from'];
if (eventsFrom !== 'emulator' && eventsFrom !== 'generated') throw new Error(`--events-from is emulator or generated, not "${eventsFrom}"`);

const core = await import('../packages/core/src/index.js');
const { fileSink } = await import('../plugins/sink-file/src/index.js');
const { decodeAsPipeline, decodedSamples, genesysFrame } = await import('./_pipelineEvents.ts');
type RawFrame = import('../packages/core/src/model/events.js').RawFrame;
type GenesysEvent = import('../packages/core/src/model/events.js').GenesysEvent;

/** `total` frames of the large profile's simulation after its warm start, every topic, in the order they happened. */
async function emulatorFrames(): Promise<RawFrame[]> {
  const { createContactCenter, createManualClock, PROFILES } = await import('../packages/emulator/src/index.js');
  const start = Date.UTC(2026, 5, 1, 9);
  const clock = createManualClock(start);
  const large = PROFILES.large;
  const cc = createContactCenter({ clock, seed: 7, startTime: start, warmupMs: large.historyMs, queues: large.queues, agents: large.agents, arrivalRatePerMinute: large.arrivalRatePerMinute });
  const frames: RawFrame[] = [];
  cc.onNotification((note) => {
    if (frames.length >= total) return;
    frames.push(genesysFrame(note.topicName, note.eventBody, frames.length, note.time));
  });
  cc.start();
  while (frames.length < total) clock.advance(60_000);
  cc.stop();
  return frames;
}

async function realisticEvents(): Promise<GenesysEvent[]> {
  const started = performance.now();
  const kept = values.frames !== undefined && existsSync(values.frames);
  const frames = kept ? readFileSync(values.frames!, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as RawFrame) : await emulatorFrames();
  if (frames.length < total) throw new Error(`${values.frames} holds ${frames.length} frames, fewer than --events ${total}; remove it to simulate again`);
  if (values.frames !== undefined && !kept) writeFileSync(values.frames, frames.map((frame) => JSON.stringify(frame)).join('\n'));
  const decoded = decodeAsPipeline(frames.slice(0, total)).events;
  if (decoded.length !== total) throw new Error(`decode kept ${decoded.length} of ${total} frames`);
  const minutes = (decoded.at(-1)!.receivedAt - decoded[0]!.receivedAt) / 60_000;
  console.log(`events: the emulator's large profile, ${minutes.toFixed(1)} simulated minutes after its warm start, every topic, decoded (${kept ? `frames from ${values.frames}` : `simulated in ${Math.round(performance.now() - started)} ms`})`);
  return decoded;
}

async function generatedEvents(): Promise<GenesysEvent[]> {
  const { events, refused } = await decodedSamples(total, 2000, 1);
  console.log(`events: generated by the testkit (sampleEvents(2000, 1): fast-check arbitraries, bodies of random shape), framed and decoded (${refused} frames refused by their schema)`);
  return events;
}

const events = eventsFrom === 'emulator' ? await realisticEvents() : await generatedEvents();
const families = new Map<string, number>();
for (const event of events) families.set(event.family, (families.get(event.family) ?? 0) + 1);
console.log(`families: ${[...families].sort((a, b) => b[1] - a[1]).map(([family, count]) => `${family} ${count}`).join(', ')}`);
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
const rawRates: number[] = [];
const cpuRatios: number[] = [];
const cpuRates: number[] = [];
for (let round = 1; round <= rounds; round++) {
  const rawDir = mkdtempSync(join(tmpdir(), 'gcs-bench-raw-'));
  const sinkDir = mkdtempSync(join(tmpdir(), 'gcs-bench-file-'));
  try {
    const bare = measure(() => raw(rawDir));
    const sink = await measure(() => gcstream(sinkDir));
    const bytes = bytesIn(sinkDir);
    if (bytes !== bytesIn(rawDir)) throw new Error(`the sink wrote ${bytes} bytes, the raw loop ${bytesIn(rawDir)}`);
    ratios.push(sink.wall / bare.wall);
    rates.push(sink.wall);
    rawRates.push(bare.wall);
    cpuRatios.push(sink.cpu / bare.cpu);
    cpuRates.push(sink.cpu);
    const megabytes = bytes / 1e6;
    console.log(
      `round ${round}: raw writeSync ${Math.round(bare.wall)} events/s (${Math.round(bare.cpu)} per CPU-s), file sink ${Math.round(sink.wall)} events/s (${Math.round(sink.cpu)} per CPU-s, ${((megabytes * sink.wall) / total).toFixed(0)} MB/s), ratio ${(sink.wall / bare.wall).toFixed(2)} (${megabytes.toFixed(0)} MB, ${Math.round(bytes / total)} bytes a line)`,
    );
  } finally {
    rmSync(rawDir, { recursive: true, force: true });
    rmSync(sinkDir, { recursive: true, force: true });
  }
}
console.log(
  `median: file sink ${Math.round(median(rates))} events/s, raw writeSync ${Math.round(median(rawRates))} events/s, ratio file sink/raw ${median(ratios).toFixed(2)}; per CPU-second ${Math.round(median(cpuRates))} events, ratio ${median(cpuRatios).toFixed(2)} (${eventsFrom} events)`,
);
