/**
 * The analytics operators' cost: events/s through decode + conversationState + queueMetrics +
 * window over the emulator's large-profile feed, as a ratio to decode alone over the same frames
 * in the same run (alternating rounds), so the ratio holds on whatever machine runs it. Each round
 * runs the chain twice: with conversationState's snapshots as examples/queue-dashboard.yaml has
 * them (`snapshotInterval: 1s`) and with one on every change (the operator's default). The frames
 * are made in this process by the emulator's simulation (no sockets): the comparison is CPU only.
 * It also prints each pipeline's garbage-collection pauses a pass (median over the rounds). Then the
 * memory of 50,000 open conversations in conversationState and queueMetrics.
 *
 * With `--stages`, it then adds the operators one at a time over the same frames (decode;
 * conversationState without snapshots; with them; queueMetrics; the window), in alternating
 * rounds, and prints what each costs: where the time goes, in the same run.
 *
 * `--feed conversations` keeps only the queue-conversation frames; `--order grouped` plays each
 * conversation's frames one after the other (conversations in order of their first frame) instead
 * of in time order. Together they show how much of the operators' cost is the memory their state
 * spreads over: grouped, a conversation's state is still in the caches from its previous frame.
 * `--feed others` keeps the rest (observations and routing statuses): what they cost apart.
 *
 * `--only <part>` runs passes of one pipeline and no comparison, for a profiler: `decode`, the
 * chain up to `conversationState` (without snapshots), `snapshots`, `queueMetrics`, or the whole
 * chain (`analytics`). With `--survivors` it also prints, over its passes after the first, what
 * outlived a scavenge, by the function that allocated it (`_survivors.ts`).
 *
 * `--clock feed` gives the operators a virtual clock that follows the frames' receive times instead
 * of the run's own: queueMetrics then emits every second of the feed, as it does live (62 frames a
 * second), instead of once or twice a pass. It measures what a frame costs at the live cadence;
 * the default (`wall`) measures throughput, where a pipeline that falls behind runs flat out and
 * its per-second work is shared by every frame of that second.
 *
 *   node --conditions=@gcstream/source --expose-gc --import tsx bench/analytics-pipeline.ts [--minutes 20] [--rounds 3] [--open 50000] [--frames file.ndjson] [--only decode|conversationState|snapshots|queueMetrics|analytics [--survivors]] [--stages] [--feed all|conversations|others] [--order time|grouped] [--clock wall|feed]
 */
import { parseArgs } from 'node:util';
import { ownCpuSeconds } from './_cpu.ts';
import { gcMsOf } from './_gcPauses.ts';
import { median } from './_median.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    open: { type: 'string', default: '50000' },
    chunk: { type: 'string', default: '2000' },
    // Frames kept between runs (NDJSON of frames), so a profile shows the operators, not the simulation.
    frames: { type: 'string' },
    only: { type: 'string' },
    survivors: { type: 'boolean', default: false },
    stages: { type: 'boolean', default: false },
    feed: { type: 'string', default: 'all' },
    order: { type: 'string', default: 'time' },
    // The operators' clock: the run's own (wall) or the feed's receive times (feed), as live.
    clock: { type: 'string', default: 'wall' },
    // The compiled core (what `gcstream run` executes) or its TypeScript through tsx, whose
    // keep-names wrappers add a call to every closure created on the hot path.
    build: { type: 'string', default: 'dist' },
  },
});
const MINUTES = Number(values.minutes);
const ROUNDS = Number(values.rounds);
const OPEN = Number(values.open);
const CHUNK = Number(values.chunk);
if (values.feed !== 'all' && values.feed !== 'conversations' && values.feed !== 'others') throw new Error(`--feed is all, conversations or others, not ${values.feed}`);
if (values.order !== 'time' && values.order !== 'grouped') throw new Error(`--order is time or grouped, not ${values.order}`);
if (values.clock !== 'wall' && values.clock !== 'feed') throw new Error(`--clock is wall or feed, not ${values.clock}`);
if (values.survivors && (values.only === undefined || ROUNDS < 2)) throw new Error('--survivors samples the passes of --only after the first: give --only and --rounds 2 or more');

const core = (values.build === 'src' ? await import('../packages/core/src/index.js') : await import('../packages/core/dist/index.js')) as typeof import('../packages/core/src/index.js');
const { createContactCenter, createManualClock, PROFILES } = await import('../packages/emulator/src/index.js');
const { analyticsPipeline, builtin, feedClock, operatorContext, readFrames, rxjs, STAGES } = await import('./_analyticsChain.ts');
const operator = (name: string) => builtin(core, name);
type Stage = import('./_analyticsChain.ts').Stage;
type Snapshots = import('./_analyticsChain.ts').Snapshots;
type RawFrame = import('../packages/core/src/model/events.js').RawFrame;

/** What examples/queue-dashboard.yaml subscribes: queue conversations, observations, routing status. */
const DASHBOARD_TOPIC = /^v2\.routing\.queues\.[^.]+\.conversations$|\.observations$|^v2\.users\.[^.]+\.routingStatus$/;

function largeFeed(): RawFrame[] {
  const started = performance.now();
  const start = Date.UTC(2026, 5, 1, 9);
  const clock = createManualClock(start);
  const large = PROFILES.large;
  const cc = createContactCenter({ clock, seed: 7, startTime: start, warmupMs: large.historyMs, queues: large.queues, agents: large.agents, arrivalRatePerMinute: large.arrivalRatePerMinute });
  const frames: RawFrame[] = [];
  let n = 0;
  cc.onNotification((note) => {
    n++;
    if (!DASHBOARD_TOPIC.test(note.topicName)) return;
    frames.push({ data: JSON.stringify({ topicName: note.topicName, version: '2', eventBody: note.eventBody, metadata: { CorrelationId: `bench-${frames.length}` } }), channelId: 'bench', receivedAt: note.time });
  });
  cc.start();
  clock.advance(MINUTES * 60_000);
  cc.stop();
  const bytes = frames.reduce((s, f) => s + f.data.length, 0);
  console.log(`feed: large profile (${large.queues} queues, ${large.agents} agents), ${MINUTES} simulated minutes after a ${large.historyMs / 60_000} min warm start: ${n} notifications, ${frames.length} frames on the dashboard topics (${Math.round(bytes / frames.length)} bytes avg), made in ${Math.round(performance.now() - started)} ms`);
  return frames;
}

/** The conversation id of a queue-conversation frame, read from its text; undefined for any other frame. */
const conversationIdOf = (frame: RawFrame): string | undefined => (frame.data.includes('.conversations","') ? frame.data.match(/"eventBody":\{"id":"([^"]+)"/)?.[1] : undefined);


/** Feeds the frames in chunks, yielding to the event loop between them so timers (queueMetrics's 1 s emission) run as they would live. */
async function measure(frames: readonly RawFrame[], upTo: Stage, snapshots: Snapshots = 'as the dashboard'): Promise<{ rate: number; cpuRate: number; out: number; seconds: number; from: number; to: number }> {
  // With --clock feed, a virtual clock moved to each frame's receive time before it is fed.
  const feed = values.clock === 'feed' ? feedClock(frames[0]?.receivedAt ?? 0) : undefined;
  const { input, done, out } = analyticsPipeline(core, upTo, feed?.clock, snapshots);
  const cpu = ownCpuSeconds();
  const started = performance.now();
  for (let i = 0; i < frames.length; i += CHUNK) {
    for (let j = i; j < Math.min(i + CHUNK, frames.length); j++) {
      const frame = frames[j]!;
      feed?.moveTo(frame.receivedAt);
      input.next(frame);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  input.complete();
  await done;
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  return { rate: frames.length / seconds, cpuRate: frames.length / (ownCpuSeconds() - cpu), out: out(), seconds, from: started, to: ended };
}

/** Heap held by conversationState and queueMetrics with `count` conversations open (queued, none ended). */
async function openConversationMemory(frames: readonly RawFrame[], count: number): Promise<void> {
  // Real in-progress bodies from the feed, each given new conversation ids.
  const templates = frames.filter((f) => conversationIdOf(f) !== undefined && f.data.includes('"purpose":"acd"') && !f.data.includes('"disconnectedTime"')).slice(0, 500);
  if (templates.length === 0) throw new Error('no in-progress conversation notifications in the feed');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc to measure memory');
  const input = new rxjs.Subject<RawFrame>();
  const c = operatorContext(core);
  let open = 0;
  const state = operator('conversationState').create(operator('conversationState').configSchema.parse({}), c);
  const metrics = operator('queueMetrics').create(operator('queueMetrics').configSchema.parse({ emitInterval: '1s' }), c);
  const sub = input.pipe(core.decode(), state, metrics).subscribe();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length]!;
    const conversationId = conversationIdOf(template);
    // Every id in the body becomes unique to this copy except the queue's (topic name) and users'.
    const data = template.data.replace(new RegExp(conversationId ?? 'none', 'g'), `${conversationId?.slice(0, 24) ?? 'c'}${String(i).padStart(12, '0')}`).replace(/"CorrelationId":"[^"]+"/, `"CorrelationId":"open-${i}"`);
    input.next({ ...template, data });
    if (i % 5000 === 4999) await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  const after = process.memoryUsage().heapUsed;
  open = c.metrics.get('gcstream_conversations_open');
  console.log(`memory: ${open.toLocaleString('en')} open conversations in conversationState + queueMetrics: ${Math.round((after - before) / 1048576)} MB heap (${Math.round((after - before) / count)} bytes per conversation); RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
  sub.unsubscribe();
}

const { existsSync, writeFileSync } = await import('node:fs');
const feed: RawFrame[] =
  values.frames && existsSync(values.frames)
    ? readFrames(values.frames)
    : largeFeed();
if (values.frames && !existsSync(values.frames)) writeFileSync(values.frames, feed.map((f) => JSON.stringify(f)).join('\n'));
const frames = arranged(feed);

/** The frames `--feed` and `--order` ask for: all in time order unless told otherwise. */
function arranged(all: RawFrame[]): RawFrame[] {
  const kept = values.feed === 'all' ? all : all.filter((f) => (conversationIdOf(f) !== undefined) === (values.feed === 'conversations'));
  if (values.feed !== 'all') console.log(`feed: ${kept.length} ${values.feed === 'conversations' ? 'queue-conversation frames' : 'observation and routing-status frames'} only`);
  if (values.order === 'time') return kept;
  // Each conversation's frames in their order, at the place of its first; other frames stay where they were.
  const groups = new Map<string, RawFrame[]>();
  const places: (RawFrame | RawFrame[])[] = [];
  for (const frame of kept) {
    const id = conversationIdOf(frame);
    if (id === undefined) {
      places.push(frame);
      continue;
    }
    let group = groups.get(id);
    if (group === undefined) groups.set(id, (group = [])), places.push(group);
    group.push(frame);
  }
  console.log(`order: ${groups.size} conversations' frames grouped by conversation`);
  return places.flat();
}
/** What `--only` names, and the stage of the chain it runs to. */
const ONLY: ReadonlyMap<string, Stage> = new Map([
  ['decode', 'decode'],
  ['conversationState', 'conversationState without snapshots'],
  ['snapshots', '+ snapshots'],
  ['queueMetrics', '+ queueMetrics'],
  ['analytics', '+ window'],
]);
if (values.only !== undefined) {
  const stage = ONLY.get(values.only);
  if (stage === undefined) throw new Error(`--only is one of ${[...ONLY.keys()].join(', ')}, not ${values.only}`);
  // Several rounds, so a profile shows the operators optimized, not their first cold pass. `decode`
  // profiles the baseline the same way, to see what decode itself costs beside the operators.
  const sampler = values.survivors ? await import('./_survivors.ts') : undefined;
  let survivors: Awaited<ReturnType<NonNullable<typeof sampler>['sampleSurvivors']>> | undefined;
  for (let round = 1; round <= ROUNDS; round++) {
    // The first pass compiles the code and fills the caches: not sampled.
    if (round === 2 && sampler !== undefined) survivors = await sampler.sampleSurvivors();
    const r = await measure(frames, stage);
    console.log(`${values.only} only, round ${round}: ${Math.round(r.cpuRate)} frames/CPU-s`);
  }
  if (survivors !== undefined) {
    const { totalBytes, bySite } = await survivors.stop();
    const passes = ROUNDS - 1;
    console.log(`outlived a scavenge, sampled, per pass: ${(totalBytes / passes / 1048576).toFixed(1)} MB; by allocating function < its caller:`);
    for (const [site, bytes] of bySite.slice(0, 20)) console.log(`  ${(bytes / passes / 1048576).toFixed(2).padStart(6)} MB  ${site}`);
  }
  process.exit(0);
}
const loadBefore = (await import('node:os')).loadavg();
/** The chain as examples/queue-dashboard.yaml configures it, and with a snapshot on every change. */
const SIDES = [
  { snapshots: 'as the dashboard', label: 'snapshots as queue-dashboard.yaml (snapshotInterval 1s)' },
  { snapshots: 'every change', label: 'a snapshot on every change (snapshotInterval 0)' },
] as const satisfies readonly { snapshots: Snapshots; label: string }[];
/** Each side's ratios to the round's decode pass, and its garbage-collection pauses a pass. */
const results = SIDES.map(() => ({ wall: [] as number[], cpu: [] as number[], gc: [] as number[] }));
const decodeGc: number[] = [];
/** Each round's passes, to charge them their garbage collection once its entries have come. */
const passes: { from: number; to: number; into: number[] }[] = [];
// A first pass of each, not counted: it compiles and optimizes the code, which a pipeline that
// runs for hours does once.
await measure(frames, 'decode');
for (const side of SIDES) await measure(frames, '+ window', side.snapshots);
for (let round = 1; round <= ROUNDS; round++) {
  const base = await measure(frames, 'decode');
  passes.push({ ...base, into: decodeGc });
  const line: string[] = [];
  // Alternate the two chains' order from round to round, so neither always runs right after decode.
  const order = round % 2 === 1 ? [0, 1] : [1, 0];
  for (const i of order) {
    const side = SIDES[i]!;
    const full = await measure(frames, '+ window', side.snapshots);
    passes.push({ ...full, into: results[i]!.gc });
    results[i]!.wall.push(full.rate / base.rate);
    results[i]!.cpu.push(full.cpuRate / base.cpuRate);
    line[i] = `${side.snapshots} ${Math.round(full.rate)} frames/s (${Math.round(full.cpuRate)}/CPU-s), ${full.out} events out, ratio ${(full.rate / base.rate).toFixed(2)} wall, ${(full.cpuRate / base.cpuRate).toFixed(2)} CPU`;
  }
  console.log(`round ${round}: decode only ${Math.round(base.rate)} frames/s (${Math.round(base.cpuRate)}/CPU-s); + conversationState + queueMetrics + window: ${line.join('; ')}`);
}
const os = await import('node:os');
await new Promise((resolve) => setTimeout(resolve, 50));
for (const pass of passes) pass.into.push(gcMsOf(pass));
SIDES.forEach((side, i) => console.log(`median ratio, ${side.label}: ${median(results[i]!.wall).toFixed(2)} wall, ${median(results[i]!.cpu).toFixed(2)} CPU (target >= 0.60)`));
console.log(`load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} after`);
console.log(`garbage collection pauses a pass (median): decode only ${median(decodeGc).toFixed(0)} ms; ${SIDES.map((side, i) => `${side.snapshots} ${median(results[i]!.gc).toFixed(0)} ms`).join('; ')}`);
if (values.stages) {
  // Each stage in turn in every round, so drift in the machine's speed falls on all of them alike.
  const times = new Map<Stage, number[]>(STAGES.map((stage) => [stage, []]));
  for (const stage of STAGES) await measure(frames, stage);
  for (let round = 1; round <= ROUNDS; round++) for (const stage of STAGES) times.get(stage)!.push((await measure(frames, stage)).seconds * 1000);
  const decodeMs = median(times.get('decode')!);
  let before = decodeMs;
  console.log(`stages (median of ${ROUNDS} rounds, ms per pass of ${frames.length} frames):`);
  for (const stage of STAGES) {
    const ms = median(times.get(stage)!);
    console.log(`  ${stage.padEnd(38)} ${String(Math.round(ms)).padStart(6)} ms  ${stage === 'decode' ? '' : `(+${Math.round(ms - before)})`.padEnd(8)} ratio ${(decodeMs / ms).toFixed(2)}`);
    before = ms;
  }
}
if (OPEN > 0) await openConversationMemory(frames, OPEN);
