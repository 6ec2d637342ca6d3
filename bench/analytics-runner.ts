/**
 * The analytics chain as `gcstream run` executes it: the large-profile frames through
 * `runPipeline` (decode, the operators, fan-out, batching, a sink that only counts),
 * with conversationState + queueMetrics + window, as a ratio to the same runner with no operators
 * (the decode-only pipeline), over the same frames in the same run (alternating rounds). The
 * frames come from a file `analytics-pipeline.ts --frames` wrote, fed as a WebSocket delivers
 * them: the frames of one socket read (64 KiB, Node's read size) in one turn of the event loop,
 * then the next turn. No socket, so the comparison is CPU only.
 *
 * `analytics-pipeline.ts` times the stricter chain: decode and the operators alone, without the
 * runner, whose per-event cost is then in neither side.
 *
 *   node --expose-gc --import tsx bench/analytics-runner.ts --frames /tmp/large-frames.ndjson [--rounds 7] [--turn-bytes 65536] [--batch 500] [--only decode|analytics]
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ownCpuSeconds } from './_cpu.ts';
import { gcMsOf } from './_gcPauses.ts';
import { median } from './_median.ts';

const { values } = parseArgs({
  options: {
    frames: { type: 'string' },
    rounds: { type: 'string', default: '7' },
    // Text handed to the pipeline in one turn of the event loop: one socket read.
    'turn-bytes': { type: 'string', default: '65536' },
    batch: { type: 'string', default: '500' },
    // Passes of one side only, for a profile: `decode` (the runner alone) or `analytics`.
    only: { type: 'string' },
  },
});
if (values.frames === undefined || !existsSync(values.frames)) throw new Error('--frames names a file of frames: make it once with `bench/analytics-pipeline.ts --frames <file>`');
if (values.only !== undefined && values.only !== 'decode' && values.only !== 'analytics') throw new Error(`--only is decode or analytics, not ${values.only}`);
const ROUNDS = Number(values.rounds);
const TURN_BYTES = Number(values['turn-bytes']);
const BATCH = Number(values.batch);

const core = (await import('../packages/core/dist/index.js')) as typeof import('../packages/core/src/index.js');
const { chainStages, readFrames, rxjs } = await import('./_analyticsChain.ts');
type RawFrame = import('../packages/core/src/model/events.js').RawFrame;

const frames = readFrames(values.frames);

/**
 * The frames a turn of the event loop at a time, each turn about `TURN_BYTES` of text: what one
 * read of a socket hands `ws`, which emits its frames one after the other before the loop turns
 * (so the sinks' writes and queueMetrics' 1 s emission run between reads, as they would live).
 */
const asReads = () =>
  new rxjs.Observable<RawFrame>((subscriber) => {
    let stopped = false;
    void (async () => {
      let i = 0;
      while (i < frames.length && !stopped) {
        let bytes = 0;
        while (i < frames.length && bytes < TURN_BYTES) bytes += frames[i]!.data.length, subscriber.next(frames[i++]!);
        await new Promise((resolve) => setImmediate(resolve));
      }
      subscriber.complete();
    })();
    return () => void (stopped = true);
  });

async function pass(withChain: boolean): Promise<{ rate: number; cpuRate: number; delivered: number; from: number; to: number }> {
  let delivered = 0;
  const cpu = ownCpuSeconds();
  const started = performance.now();
  const summary = await core.runPipeline({
    source$: asReads(),
    operators: withChain ? chainStages(core) : [],
    sinks: [
      {
        name: 'count',
        engine: { batch: { size: BATCH, interval: 50 }, bufferSize: frames.length * 2, maxInFlight: 2 },
        create: () => ({ write: async (batch: readonly unknown[]) => void (delivered += batch.length), close: async () => {} }),
      },
    ],
    logger: core.createLogger({ level: 'silent' }),
  });
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  if (summary.reason !== 'completed' || summary.deadLetters > 0) throw new Error(`pipeline ended ${summary.reason} with ${summary.deadLetters} dead letters`);
  return { rate: frames.length / seconds, cpuRate: frames.length / (ownCpuSeconds() - cpu), delivered, from: started, to: ended };
}

console.log(`${frames.length} frames, ${TURN_BYTES} bytes of them a turn of the event loop, sink batches of ${BATCH}, ${ROUNDS} rounds`);
if (values.only !== undefined) {
  for (let round = 1; round <= ROUNDS; round++) console.log(`${values.only} only, round ${round}: ${Math.round((await pass(values.only === 'analytics')).cpuRate)} frames/CPU-s`);
  process.exit(0);
}
// A first pass of each, not counted: it compiles and optimizes the code.
await pass(false);
await pass(true);
const ratios: number[] = [];
const cpuRatios: number[] = [];
const passes: { base: { from: number; to: number }; full: { from: number; to: number } }[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const base = await pass(false);
  const full = await pass(true);
  passes.push({ base, full });
  ratios.push(full.rate / base.rate);
  cpuRatios.push(full.cpuRate / base.cpuRate);
  console.log(`round ${round}: runner, decode only ${Math.round(base.rate)} frames/s (${Math.round(base.cpuRate)}/CPU-s), ${base.delivered} delivered; + conversationState + queueMetrics + window ${Math.round(full.rate)} frames/s (${Math.round(full.cpuRate)}/CPU-s), ${full.delivered} delivered; ratio ${(full.rate / base.rate).toFixed(2)} wall, ${(full.cpuRate / base.cpuRate).toFixed(2)} CPU`);
}
console.log(`median ratio through the runner: ${median(ratios).toFixed(2)} wall, ${median(cpuRatios).toFixed(2)} CPU (target >= 0.60)`);
await new Promise((resolve) => setTimeout(resolve, 50));
console.log(`garbage collection pauses a pass (median): runner, decode only ${median(passes.map((p) => gcMsOf(p.base))).toFixed(0)} ms, + conversationState + queueMetrics + window ${median(passes.map((p) => gcMsOf(p.full))).toFixed(0)} ms`);
