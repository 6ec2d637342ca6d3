/**
 * Is a change to the analytics operators faster? Two compiled trees of core, the one before the
 * change (the base) and the one after, each run the whole analytics chain (decode,
 * conversationState, queueMetrics, window) over the same frames, side by side in one process.
 * Each chunk of frames goes to both, in alternating order, and each tree's time is summed apart.
 *
 * Timing whole passes one after the other cannot tell a few percent apart on a shared machine:
 * its speed drifts by a factor of two within seconds (bench/README.md, "A machine whose speed
 * drifts, and a finer A/B"), so a pass of one tree and the next pass of the other meet
 * different machines. Chunks of a fraction of a second meet the same one. Both chains keep their state and allocate
 * in the same heap, so a scavenge during one tree's chunk also copies what the other left young:
 * fair when both are chains of the same kind, which is why this compares trees, not the chain
 * against decode alone (`analytics-pipeline.ts` does that, with each pipeline on its own).
 *
 *   npx tsc -b packages/core && node --import tsx bench/analytics-ab.ts --save-base   # before the change
 *   # change the operators, then:
 *   npx tsc -b packages/core && node --import tsx bench/analytics-ab.ts [--passes 6] [--chunk 2000] [--frames /tmp/large-frames.ndjson]
 *
 * `--processes` runs each tree in a process of its own, lock-stepped chunk by chunk (the parent
 * tells one child to take a chunk, then the other, in alternating order): each tree then pays
 * only for its own garbage collection, which a change in what the operators keep alive moves.
 *
 * The frames are those `analytics-pipeline.ts --frames <file>` writes (the large profile's
 * dashboard topics). Only the chunks are timed: `queueMetrics` applies its records when it emits,
 * on a timer between chunks, so that work is in neither tree's time; price a change to it with
 * whole passes (`analytics-pipeline.ts`). With the base and the new tree the same (`--save-base`,
 * then a run without a change), five runs gave medians from 0.992 to 1.009 on the shared 2-core
 * machine; runs of one changed tree differed by up to 0.04, so run it several times.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { median } from './_median.ts';

const { values } = parseArgs({
  options: {
    'save-base': { type: 'boolean', default: false },
    passes: { type: 'string', default: '6' },
    chunk: { type: 'string', default: '2000' },
    frames: { type: 'string', default: '/tmp/large-frames.ndjson' },
    processes: { type: 'boolean', default: false },
  },
});
const PASSES = Number(values.passes);
const CHUNK = Number(values.chunk);
if (!Number.isInteger(PASSES) || PASSES < 1) throw new Error(`--passes is a whole number of at least 1, not ${values.passes}`);
if (!Number.isInteger(CHUNK) || CHUNK < 1) throw new Error(`--chunk is a whole number of frames, not ${values.chunk}`);

// Inside packages/core, so the base tree's imports (rxjs, zod, ...) resolve as the built tree's do.
const built = fileURLToPath(new URL('../packages/core/dist/', import.meta.url));
const base = fileURLToPath(new URL('../packages/core/dist-base/', import.meta.url));
if (!existsSync(`${built}index.js`)) throw new Error('packages/core/dist is missing: build it first (npx tsc -b packages/core)');
if (values['save-base']) {
  rmSync(base, { recursive: true, force: true });
  cpSync(built, base, { recursive: true });
  console.log(`saved packages/core/dist as the base (packages/core/dist-base): change the operators, rebuild, and run this again without --save-base`);
  process.exit(0);
}
if (!existsSync(`${base}index.js`)) throw new Error('no base tree: run with --save-base before the change (it copies packages/core/dist to packages/core/dist-base)');
if (!existsSync(values.frames)) throw new Error(`${values.frames} is missing: make it with node --conditions=@gcstream/source --expose-gc --import tsx bench/analytics-pipeline.ts --frames ${values.frames} --rounds 1 --open 0`);

type Core = typeof import('../packages/core/src/index.js');
const { analyticsPipeline, readFrames } = await import('./_analyticsChain.ts');

/** One tree's whole chain, fed by hand, with its time so far. */
const chainOf = (core: Core) => ({ ...analyticsPipeline(core, '+ window'), ms: 0 });

/** What the parent tells a child (`--processes`), and what the child answers. */
type Order = { readonly pass: true } | { readonly from: number; readonly to: number } | { readonly end: true };
type Answer = { readonly ms: number } | { readonly out: number };

const childTree = process.env.GCS_AB_TREE;
if (childTree !== undefined) {
  // A child of `--processes`: one tree's chain, fed the chunks the parent names, timed here.
  const core = (await import(childTree)) as Core;
  const frames = readFrames(values.frames);
  // Each pass's chain, made when the parent starts the pass.
  let chain = undefined as ReturnType<typeof chainOf> | undefined;
  process.on('message', (order: Order) => {
    if ('pass' in order) return void (chain = chainOf(core));
    const { input, done, out } = chain!;
    if ('from' in order) {
      const started = performance.now();
      for (let j = order.from; j < order.to; j++) input.next(frames[j]!);
      const ms = performance.now() - started;
      // Timers (queueMetrics's 1 s emission) run before the answer, as between chunks in one process.
      setImmediate(() => process.send!({ ms } satisfies Answer));
    } else {
      input.complete();
      void done.then(() => process.send!({ out: out() } satisfies Answer));
    }
  });
  process.send!({ ms: 0 } satisfies Answer);
} else if (values.processes) await inProcesses();
else await inOneProcess();

/** Both trees in this process, side by side, each chunk to both in alternating order. */
async function inOneProcess(): Promise<void> {
  const baseCore = (await import(`${base}index.js`)) as Core;
  const newCore = (await import(`${built}index.js`)) as Core;
  const frames = readFrames(values.frames);
  const ratios: number[] = [];
  console.log(`${frames.length} frames from ${values.frames}, chunks of ${CHUNK}, ${PASSES} passes after one not counted`);
  for (let pass = 0; pass <= PASSES; pass++) {
    const before = chainOf(baseCore);
    const after = chainOf(newCore);
    for (let i = 0, k = 0; i < frames.length; i += CHUNK, k++) {
      const end = Math.min(i + CHUNK, frames.length);
      for (const chain of k % 2 === 0 ? [before, after] : [after, before]) {
        const started = performance.now();
        for (let j = i; j < end; j++) chain.input.next(frames[j]!);
        chain.ms += performance.now() - started;
      }
      // Timers (queueMetrics's 1 s emission) run between chunks, as they would live.
      await new Promise((resolve) => setImmediate(resolve));
    }
    before.input.complete();
    after.input.complete();
    await Promise.all([before.done, after.done]);
    // The first pass compiles and optimizes both trees: not counted.
    if (pass === 0) continue;
    ratios.push(passLine(pass, { ms: before.ms, out: before.out() }, { ms: after.ms, out: after.out() }));
  }
  report(ratios);
}

/** Prints a pass's two times and events out; returns new/base. */
function passLine(pass: number, before: { ms: number; out: number }, after: { ms: number; out: number }): number {
  const ratio = after.ms / before.ms;
  console.log(`pass ${pass}: base ${Math.round(before.ms)} ms (${before.out} events out), new ${Math.round(after.ms)} ms (${after.out}), new/base ${ratio.toFixed(3)}`);
  return ratio;
}

function report(ratios: readonly number[]): void {
  console.log(`median new/base ${median(ratios).toFixed(3)} (below 1: the new tree is faster), passes from ${Math.min(...ratios).toFixed(3)} to ${Math.max(...ratios).toFixed(3)}`);
}

/** `--processes`: each tree in a child of its own, told chunk by chunk, in alternating order. */
async function inProcesses(): Promise<void> {
  // The children parse the frames; the parent only needs how many there are (one a line).
  const total = readFileSync(values.frames, 'utf8').split('\n').filter(Boolean).length;
  const start = (tree: string) => {
    const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), { execArgv: process.execArgv, env: { ...process.env, GCS_AB_TREE: `${tree}index.js` } });
    // A child answers every order but `pass`, and says once that it is ready (tree and frames loaded).
    const ask = async (order: Order) => {
      child.send(order);
      return ((await once(child, 'message')) as [Answer])[0];
    };
    return { child, ask, ready: once(child, 'message'), ms: 0 };
  };
  const before = start(base);
  const after = start(built);
  await Promise.all([before.ready, after.ready]);
  const ratios: number[] = [];
  console.log(`${total} frames from ${values.frames}, chunks of ${CHUNK}, ${PASSES} passes after one not counted, each tree in its own process`);
  for (let pass = 0; pass <= PASSES; pass++) {
    for (const side of [before, after]) (side.ms = 0), side.child.send({ pass: true } satisfies Order);
    for (let i = 0, k = 0; i < total; i += CHUNK, k++) {
      for (const side of k % 2 === 0 ? [before, after] : [after, before]) {
        const answer = await side.ask({ from: i, to: Math.min(i + CHUNK, total) });
        if ('ms' in answer) side.ms += answer.ms;
      }
    }
    const [outBefore, outAfter] = await Promise.all([before.ask({ end: true }), after.ask({ end: true })]);
    if (pass === 0) continue;
    const out = (answer: Answer) => ('out' in answer ? answer.out : Number.NaN);
    ratios.push(passLine(pass, { ms: before.ms, out: out(outBefore) }, { ms: after.ms, out: out(outAfter) }));
  }
  for (const side of [before, after]) side.child.kill();
  report(ratios);
}
