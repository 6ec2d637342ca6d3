/**
 * What `reorder` costs: frames/s through decode + reorder (each conversation's events by event
 * time, `maxDelay` 2 s) against decode alone over the same frames, alternating in the same run.
 * The frames are the large profile's (`analytics-pipeline.ts --frames` writes them), replayed on
 * a virtual clock that follows their receive times, so reorder holds what 2 s of that traffic
 * holds live and its timer fires as it would, while the run goes at full speed. CPU only.
 *
 *   node --expose-gc --import tsx bench/reorder.ts --frames /tmp/large-frames.ndjson [--rounds 7] [--max-delay 2000]
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ownCpuSeconds } from './_cpu.ts';
import { median } from './_median.ts';

const { values } = parseArgs({
  options: {
    frames: { type: 'string' },
    rounds: { type: 'string', default: '7' },
    'max-delay': { type: 'string', default: '2000' },
  },
});
if (values.frames === undefined || !existsSync(values.frames)) throw new Error('--frames names a file of frames: make it once with `bench/analytics-pipeline.ts --frames <file>`');
const ROUNDS = Number(values.rounds);
const MAX_DELAY = Number(values['max-delay']);

const core = (await import('../packages/core/dist/index.js')) as typeof import('../packages/core/src/index.js');
const { feedClock, readFrames, rxjs } = await import('./_analyticsChain.ts');
type RawFrame = import('../packages/core/src/model/events.js').RawFrame;
type GenesysEvent = import('../packages/core/src/model/events.js').GenesysEvent;

const frames = readFrames(values.frames);

/** One pass: the frames through decode (and reorder), the virtual clock moved to each frame's receive time first. */
function pass(withReorder: boolean): { cpu: number; out: number; held: number } {
  const { clock, moveTo } = feedClock(frames[0]?.receivedAt ?? 0);
  const input = new rxjs.Subject<RawFrame>();
  let out = 0;
  let held = 0;
  let readHeld: () => number = () => 0;
  const ordered = (source: rxjs.Observable<GenesysEvent>) =>
    withReorder ? source.pipe(core.reorder<GenesysEvent>({ per: (e) => e.ids[0], maxDelay: MAX_DELAY, scheduler: clock, onHeld: (read) => (readHeld = read) })) : source;
  input.pipe(core.decode(), ordered).subscribe(() => out++);
  const cpu = ownCpuSeconds();
  for (const frame of frames) {
    moveTo(frame.receivedAt);
    input.next(frame);
    held = Math.max(held, readHeld());
  }
  input.complete();
  return { cpu: ownCpuSeconds() - cpu, out, held };
}

pass(false);
pass(true);
const ratios: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = pass(false);
  gc?.();
  const full = pass(true);
  const ratio = base.cpu / full.cpu;
  ratios.push(ratio);
  console.log(
    `round ${round}: decode only ${Math.round(frames.length / base.cpu)} frames/CPU-s; + reorder ${Math.round(frames.length / full.cpu)} frames/CPU-s, ${full.out} events out, at most ${full.held} held; ratio ${ratio.toFixed(2)}`,
  );
}
console.log(`median ratio: ${median(ratios).toFixed(2)} (${frames.length} frames, maxDelay ${MAX_DELAY} ms of the feed's time, per conversation)`);
