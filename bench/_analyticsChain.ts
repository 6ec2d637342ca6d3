/**
 * The analytics chain the analytics benchmarks time, built from a given compiled tree of core:
 * decode, then conversationState, queueMetrics and a window over the final records, one after the
 * other as a config builds them (the window section of packages/core/README.md). queueMetrics
 * passes every event on; the window aggregates the final records and lets the rest go by.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Core = typeof import('../packages/core/src/index.js');
type GenesysEvent = import('../packages/core/src/model/events.js').GenesysEvent;
type RawFrame = import('../packages/core/src/model/events.js').RawFrame;
type OperatorFunction = import('rxjs').OperatorFunction<GenesysEvent, GenesysEvent>;

export const rxjs = createRequire(new URL('../packages/core/package.json', import.meta.url))('rxjs') as typeof import('rxjs');
const { pino } = createRequire(new URL('../packages/core/package.json', import.meta.url))('pino') as typeof import('pino');

/** How far along the chain a run goes: decode alone, up to each operator, or the whole chain. */
export const STAGES = ['decode', 'conversationState without snapshots', '+ snapshots', '+ queueMetrics', '+ window'] as const;
export type Stage = (typeof STAGES)[number];

type SchedulerLike = import('rxjs').SchedulerLike;

/**
 * What an operator is given: a silent logger, its own metrics, and a scheduler: the real one by
 * default (queueMetrics's 1 s emission then comes every second of the run), or a virtual clock
 * that follows the feed's own time (every second of the feed, as live).
 */
export const operatorContext = (core: Core, scheduler: SchedulerLike = rxjs.asyncScheduler) => ({ logger: pino({ level: 'silent' }), metrics: core.createMetrics(), scheduler, deadLetter: () => {} });

/** A built-in operator's definition. */
export const builtin = (core: Core, name: string) => core.builtinOperators.get(name)!;

/**
 * A virtual clock that follows the feed's own time, for operators run at the live cadence:
 * `moveTo` takes it to a frame's receive time before the frame is fed, running first what fell
 * due by then (an emission, a timer).
 */
export function feedClock(firstAt: number) {
  const clock = new rxjs.VirtualTimeScheduler();
  clock.frame = firstAt;
  return {
    clock,
    moveTo(at: number): void {
      if (at <= clock.frame) return;
      clock.maxFrames = at;
      clock.flush();
      clock.frame = at;
    },
  };
}

/** The frames a benchmark kept in a file, one JSON frame a line (`analytics-pipeline.ts --frames`). */
export function readFrames(file: string): RawFrame[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RawFrame);
}

/**
 * Decode and the chain up to `upTo`, fed by hand: frames go into `input`, `done` settles once it
 * completes, and `out()` counts the events that came out.
 */
export function analyticsPipeline(core: Core, upTo: Stage, scheduler?: SchedulerLike, snapshots: Snapshots = 'as the dashboard') {
  const input = new rxjs.Subject<RawFrame>();
  let out = 0;
  const done = rxjs.lastValueFrom(input.pipe(core.decode(), analyticsChain(core, upTo, scheduler, snapshots), rxjs.tap(() => out++), rxjs.count()));
  return { input, done, out: () => out };
}

/**
 * conversationState's snapshots as examples/queue-dashboard.yaml has them (at most one per
 * conversation a second: its only reader, queueMetrics, keeps each conversation's latest), or one
 * on every change (`snapshotInterval: 0`, the operator's default).
 */
export type Snapshots = 'as the dashboard' | 'every change';

/** The chain's operators in order, each with its options as examples/queue-dashboard.yaml gives them. */
export const CHAIN = [
  { name: 'conversationState', options: { maxOutOfOrderness: '10s', snapshotInterval: '1s' } },
  { name: 'queueMetrics', options: { emitInterval: '1s', shortAbandonThreshold: '10s', passThrough: 'all' } },
  {
    name: 'window',
    options: {
      type: 'tumbling',
      size: '15m',
      topic: 'gcstream.conversations.{id}.final',
      groupBy: 'eventBody.queuePath.0',
      aggregate: { conversations: 'count', p90Handle: 'p90(eventBody.handles.0.tHandle)', avgWait: 'avg(eventBody.visits.0.tWait)' },
      passThrough: 'others',
    },
  },
] as const;

/** One of the chain's operators, made from its options (and `extra` ones) in context `c`. */
const made = (core: Core, { name, options }: (typeof CHAIN)[number], c: ReturnType<typeof operatorContext>, extra: object = {}): OperatorFunction => {
  const definition = builtin(core, name);
  return definition.create(definition.configSchema.parse({ ...options, ...extra }), c);
};

/** The operators after decode, up to `upTo` (identity for `decode`). */
export function analyticsChain(core: Core, upTo: Stage, scheduler?: SchedulerLike, snapshots: Snapshots = 'as the dashboard'): OperatorFunction {
  if (upTo === 'decode') return (source) => source;
  const c = operatorContext(core, scheduler);
  const reaches = (stage: Stage) => STAGES.indexOf(upTo) >= STAGES.indexOf(stage);
  const [stateEntry, metricsEntry, windowEntry] = CHAIN;
  const state = made(core, stateEntry, c, { snapshots: reaches('+ snapshots'), ...(snapshots === 'every change' ? { snapshotInterval: 0 } : {}) });
  if (!reaches('+ queueMetrics')) return (source) => source.pipe(state);
  const metrics = made(core, metricsEntry, c);
  if (!reaches('+ window')) return (source) => source.pipe(state, metrics);
  const handleTimes = made(core, windowEntry, c);
  return (source) => source.pipe(state, metrics, handleTimes);
}

/** The whole chain as stages of `runPipeline`, which gives each its context. */
export const chainStages = (core: Core) => CHAIN.map((entry) => ({ name: entry.name, create: (ctx: ReturnType<typeof operatorContext>) => made(core, entry, ctx) }));
