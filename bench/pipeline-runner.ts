/**
 * Pipeline runner overhead: events/s through `runPipeline` (decode, dedupe, fan-out, batching, a
 * sink that only counts) against a raw loop that decodes and dedupes the same frames by hand, in
 * the same run, so the ratio holds on whatever machine runs it.
 *
 *   node --import tsx bench/pipeline-runner.ts [--events 200000] [--sinks 1] [--batch 500] [--rounds 3]
 */
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { median } from './_median.ts';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '200000' }, sinks: { type: 'string', default: '1' }, batch: { type: 'string', default: '500' }, rounds: { type: 'string', default: '3' } },
});
const total = Number(values.events);
const sinkCount = Number(values.sinks);
const batchSize = Number(values.batch);
const rounds = Number(values.rounds);

const core = await import('../packages/core/src/index.js');
const { arbGenesysFrame } = await import('../packages/testkit/src/arbitraries/index.js');
const fc = createRequire(new URL('../packages/testkit/package.json', import.meta.url))('fast-check') as typeof import('fast-check');
const { from } = createRequire(new URL('../packages/core/package.json', import.meta.url))('rxjs') as typeof import('rxjs');

// Realistic frames of every family; each copy gets its own correlation id so dedupe keeps it.
const templates = fc.sample(arbGenesysFrame(), { numRuns: 2000, seed: 1 }).filter((f) => !core.isDeadLetter(core.decodeFrame(f)));
const frames = Array.from({ length: total }, (_, i) => {
  const template = templates[i % templates.length]!;
  const envelope = JSON.parse(template.data) as { metadata?: Record<string, unknown> };
  envelope.metadata = { ...envelope.metadata, CorrelationId: `bench-${i}` };
  return { ...template, data: JSON.stringify(envelope) };
});

function raw(): number {
  const started = performance.now();
  const seen = new Set<string>();
  let delivered = 0;
  let batch: unknown[] = [];
  for (const frame of frames) {
    const decoded = core.decodeFrame(frame);
    if (core.isDeadLetter(decoded) || decoded.family === 'system' || seen.has(decoded.key)) continue;
    seen.add(decoded.key);
    batch.push(decoded);
    if (batch.length === batchSize) {
      delivered += batch.length * sinkCount;
      batch = [];
    }
  }
  delivered += batch.length * sinkCount;
  if (delivered === 0) throw new Error('nothing delivered');
  return (total * 1000) / (performance.now() - started);
}

async function gcstream(): Promise<number> {
  const started = performance.now();
  const summary = await core.runPipeline({
    source$: from(frames),
    operators: core.operatorStages(core.parseConfigText('pipeline:\n  - dedupe: {}\nsinks:\n  - console: {}\n', 'bench.yaml', { env: {} }).operators),
    sinks: Array.from({ length: sinkCount }, (_, i) => ({
      name: `count${i}`,
      engine: { batch: { size: batchSize, interval: 50 }, bufferSize: total, maxInFlight: 2 },
      create: () => ({ write: async () => {}, close: async () => {} }),
    })),
    logger: core.createLogger({ level: 'silent' }),
  });
  const delivered = Object.values(summary.sinks).reduce((sum, s) => sum + s.delivered, 0);
  if (delivered !== summary.events * sinkCount) throw new Error(`delivered ${delivered} of ${summary.events * sinkCount}`);
  return (total * 1000) / (performance.now() - started);
}

console.log(`${total} frames, ${sinkCount} sink(s), batch ${batchSize}, ${rounds} rounds`);
const ratios: number[] = [];
for (let round = 1; round <= rounds; round++) {
  const bare = raw();
  const piped = await gcstream();
  ratios.push(piped / bare);
  console.log(`round ${round}: raw ${Math.round(bare)} events/s, runPipeline ${Math.round(piped)} events/s, ratio ${(piped / bare).toFixed(2)}`);
}
console.log(`median ratio runPipeline/raw: ${median(ratios).toFixed(2)}`);
