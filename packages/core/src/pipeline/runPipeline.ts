import { resolve as resolvePath } from 'node:path';
import type { Logger } from 'pino';
import { asyncScheduler, take, takeUntil, tap, type Observable, type OperatorFunction } from 'rxjs';
import { errors, isGcsError } from '../errors/errors.js';
import { redactUrlPasswords, type SecretSet } from '../logging/redact.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import type { GenesysEvent, RawFrame } from '../model/events.js';
import { decodeStage } from '../operators/decode.js';
import type { OperatorContext } from '../operators/registry.js';
import type { Sink, SinkContext } from '../sinks/defineSink.js';
import { openSinks } from '../sinks/_openSinks.js';
import { runStream } from './_runStream.js';
import { openSpool, type Spool, type SpooledEvent, type SpoolOptions } from './spool/spool.js';
import type { OperatorStateStore } from './spool/operatorState.js';
import { createDeadLetterOffice } from '../sinks/deadLetters.js';
import { createFanOut } from '../sinks/fanOut.js';
import { sinkEngineSchema, type SinkEngineInput } from '../sinks/sinkEngineOptions.js';
import { createSinkRunner, type SinkRunner, type SinkStats } from '../sinks/sinkRunner.js';

/** One stage of the `pipeline:` list, ready to be built with its context. */
export interface PipelineStage<I = GenesysEvent, O = GenesysEvent> {
  readonly name: string;
  create(ctx: OperatorContext): OperatorFunction<I, O>;
}

/** A sink the pipeline writes to: a factory (usually a plugin's `create` bound to its config) and engine options. */
export interface PipelineSink {
  /** Label in logs and metrics; unique within a pipeline. */
  readonly name: string;
  create(ctx: SinkContext): Sink | Promise<Sink>;
  readonly engine?: SinkEngineInput;
}

export interface RunPipelineOptions {
  readonly source$: Observable<RawFrame>;
  /** Always the first stage: frames to events. Bad frames go to `ctx.deadLetter`. @default decodeStage */
  readonly decode?: PipelineStage<RawFrame, GenesysEvent>;
  /** The `pipeline:` operators, in order. */
  readonly operators?: readonly PipelineStage[];
  readonly sinks: readonly PipelineSink[];
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Abort to stop: the source is unsubscribed and the pipeline drains. */
  readonly signal?: AbortSignal;
  /**
   * Abort to give up the drain at once (a second Ctrl-C): what is still buffered or being written
   * is dead-lettered, or with a spool kept there for the next run, as at the shutdown timeout.
   */
  readonly force?: AbortSignal;
  /** Relative file paths (dead-letter files, sink options) resolve against it. @default process.cwd() */
  readonly baseDir?: string;
  /** Handed to sinks that print (console). @default process.stdout */
  readonly stdout?: SinkContext['stdout'];
  /** Queue and user names for sinks (the source fills it as it discovers them). */
  readonly directory?: SinkContext['directory'];
  /** NDJSON file for dead letters of decode, operators, and sinks without their own. Relative to `baseDir`. */
  readonly deadLetterFile?: string;
  /**
   * How long a stop may take in all, from the moment it begins: operators flushing, sinks draining
   * and closing share it. What is left after it is given up. @default 10000
   */
  readonly shutdownTimeout?: number;
  /** Stop after this many events reached the sinks, then drain (tests and demos). */
  readonly maxEvents?: number;
  /** The retry jitter's random source, for tests. */
  readonly random?: () => number;
  /**
   * Keep every event in a durable spool until each sink has it: events a crash or a cut-short
   * drain left undelivered are replayed to the sinks that missed them on the next start.
   */
  readonly spool?: Pick<SpoolOptions, 'dir' | 'segmentSize' | 'maxBytes' | 'onFull' | 'fsyncInterval'>;
  /**
   * Operator checkpoints: each stage gets `ctx.state` from `store` (keyed `<index>-<name>`), and
   * `store.checkpoint()` then `after()` run every `every` ms (default 10 s) and once the drain ends.
   */
  readonly checkpoint?: { readonly store: OperatorStateStore; readonly every?: number; readonly after?: () => void };
}

export interface RunSummary {
  /** Why the pipeline ended. `failed` means the source or an operator raised an error. */
  readonly reason: 'completed' | 'stopped' | 'max-events' | 'failed';
  readonly error?: unknown;
  /** Frames received from the source. */
  readonly frames: number;
  /** Events that reached the fan-out. */
  readonly events: number;
  /** Dead letters from every stage. */
  readonly deadLetters: number;
  /** False when the shutdown timeout or a forced stop cut the drain short. */
  readonly drained: boolean;
  /** True when the drain was given up at once because `force` aborted. */
  readonly forced: boolean;
  /** Events a cut-short drain did not deliver: dead-lettered, or kept in the spool for the next run. */
  readonly undelivered: { readonly deadLettered: number; readonly kept: number };
  readonly sinks: Readonly<Record<string, SinkStats>>;
}

type EndReason = RunSummary['reason'];

/**
 * Runs source → decode → operators → fan-out to sinks until the source ends, `maxEvents` is
 * reached, the signal aborts or a stage fails; then drains within `shutdownTimeout` and closes the
 * sinks. Rejects only when a sink cannot be created or connected (nothing has been read yet).
 */
export async function runPipeline(options: RunPipelineOptions): Promise<RunSummary> {
  const { logger } = options;
  const metrics = options.metrics ?? createMetrics();
  const baseDir = options.baseDir ?? process.cwd();
  const shutdownTimeout = options.shutdownTimeout ?? 10_000;
  const pipelineDeadLetterFile = options.deadLetterFile === undefined ? undefined : resolvePath(baseDir, options.deadLetterFile);
  const office = createDeadLetterOffice(logger.child({ stage: 'dead-letters' }), metrics);
  // Sinks see this abort only when the drain deadline passes: until then they should finish their writes.
  const hardStop = new AbortController();
  // One shutdown budget from the moment the stop begins: the operators' flush, the drain and the
  // sinks' close share it, so a stop takes at most `shutdownTimeout` however it is spent.
  let stopBegan: number | undefined;
  options.signal?.addEventListener('abort', () => (stopBegan ??= Date.now()), { once: true });
  const shutdownLeft = () => Math.max(0, shutdownTimeout - (Date.now() - (stopBegan ??= Date.now())));

  // Stages are built before any sink opens, so a stage that cannot be built leaves no sink open.
  const stageContext = (name: string, stateKey?: string): OperatorContext => ({
    logger: logger.child({ stage: name }),
    metrics,
    scheduler: asyncScheduler,
    deadLetter: (letter) => office.post(letter, pipelineDeadLetterFile),
    ...(options.directory ? { directory: options.directory } : {}),
    ...(options.checkpoint && stateKey !== undefined ? { state: options.checkpoint.store.forStage(stateKey) } : {}),
  });
  const decode = options.decode ?? decodeStage;
  const decodeFrames = decode.create(stageContext(decode.name));
  const operators = (options.operators ?? []).map((stage, i) => buildStage(stage, stageContext(stage.name, `${i}-${stage.name}`), logger));
  const checkpoint = () => {
    if (!options.checkpoint) return;
    try {
      // A stage whose checkpoint was not written resumes from an older one: what is saved after
      // the checkpoint (the source's position) must not move past it.
      if (options.checkpoint.store.checkpoint() !== false) options.checkpoint.after?.();
    } catch (error) {
      logger.error({ err: error }, 'operator checkpoint failed; a restart resumes from the last one written');
    }
  };
  const checkpointTimer = options.checkpoint ? setInterval(checkpoint, options.checkpoint.every ?? 10_000) : undefined;
  checkpointTimer?.unref();

  const specs = options.sinks.map((spec) => ({ ...spec, engine: sinkEngineSchema.parse(spec.engine ?? {}) }));
  const spool = options.spool
    ? await openSpool({ ...options.spool, dir: resolvePath(baseDir, options.spool.dir), sinks: specs.map((s) => s.name), logger: logger.child({ stage: 'spool' }), metrics })
    : undefined;
  const sinks = await openSinks(specs, { logger, metrics, baseDir, stdout: options.stdout ?? process.stdout, signal: hardStop.signal, random: options.random, directory: options.directory }).catch(
    async (error: unknown) => {
      await spool?.close();
      throw error;
    },
  );
  // Undelivered at a hard stop: with a spool they wait there for the next run instead of being given up.
  let keepForNextRun = false;
  let kept = 0;
  const runners: Array<SinkRunner<SpooledEvent>> = sinks.map(({ spec, sink }) => {
    const file = spec.engine.deadLetterFile === undefined ? pipelineDeadLetterFile : resolvePath(baseDir, spec.engine.deadLetterFile);
    const stage = `sink:${spec.name}`;
    return createSinkRunner<SpooledEvent>({
      name: spec.name,
      sink: {
        async write(batch) {
          await sink.write(batch.map((tracked) => tracked.event));
          if (spool) for (const tracked of batch) spool.ack(spec.name, tracked.seq);
        },
        close: () => sink.close(),
      },
      engine: spec.engine,
      logger: logger.child({ sink: spec.name }),
      metrics,
      random: options.random,
      receivedAt: (tracked) => tracked.event.receivedAt,
      deadLetter: (tracked, reason, attempts) => {
        if (keepForNextRun) {
          kept++;
          return;
        }
        office.post({ stage, reason, payload: tracked.event, at: Date.now(), attempts }, file);
        spool?.ack(spec.name, tracked.seq);
      },
    });
  });
  const fanOut = createFanOut(runners, {
    onBacklog: (waiting, sink) =>
      logger.warn({ waiting, sink }, `${waiting} events wait in memory behind sink ${sink} (onFull: block); it is failing or slower than the input`),
  });
  if (spool) await replay(spool, runners, options.signal);
  let seq = 0;
  const track = (event: GenesysEvent): SpooledEvent => (spool ? spool.append(event) : { seq: ++seq, event });

  let frames = 0;
  let events = 0;
  const end = await runStream<GenesysEvent>({
    build: (stop$) => {
      let events$ = options.source$.pipe(
        takeUntil(stop$),
        tap(() => frames++),
        decodeFrames,
      );
      for (const operator of operators) events$ = events$.pipe(operator);
      return options.maxEvents === undefined ? events$ : events$.pipe(take(options.maxEvents));
    },
    next(event) {
      events++;
      metrics.inc('gcstream_pipeline_events_total');
      fanOut.push(track(event));
    },
    signal: options.signal,
    force: options.force,
    flushTimeout: shutdownTimeout,
  });
  const reason: EndReason = end.reason === 'completed' && options.maxEvents !== undefined && events >= options.maxEvents ? 'max-events' : end.reason;
  if (reason === 'failed' && isGcsError(end.error) && end.error.usage) {
    // The user's to fix (a port in use, bad credentials): the message says what to do; a stack would bury it.
    logger.error({ code: end.error.code }, `pipeline stopped: ${end.error.message}; draining`);
  } else if (reason === 'failed') logger.error({ err: end.error }, 'pipeline stopped by an error; draining');
  else logger.info({ reason, frames, events }, 'source stopped; draining');

  const drained = await withTimeout(
    (async () => {
      await fanOut.whenFlushed();
      await Promise.all(runners.map((runner) => runner.drain()));
    })(),
    shutdownLeft(),
    options.force,
  );
  const forced = options.force?.aborted === true;
  const lettersBeforeHardStop = office.count;
  if (!drained) {
    const why = forced ? 'stopped at once (a second stop signal) before delivery' : `shutdown timeout (${shutdownTimeout} ms) passed before delivery`;
    keepForNextRun = spool !== undefined;
    logger.warn(
      { shutdownTimeout, forced },
      `${forced ? 'stopping at once' : 'drain did not finish in time'}; undelivered events ${spool ? 'stay in the spool for the next run' : 'go to dead letters'}`,
    );
    fanOut.abort((tracked) => {
      if (keepForNextRun) kept++;
      else office.post({ stage: 'fan-out', reason: why, payload: tracked.event, at: Date.now() }, pipelineDeadLetterFile);
    });
    for (const runner of runners) runner.abort(why);
    hardStop.abort();
  }
  // The operators have seen everything they will: their last checkpoint is their final state.
  clearInterval(checkpointTimer);
  checkpoint();
  const undelivered = { deadLettered: office.count - lettersBeforeHardStop, kept };
  if (!drained) {
    // Say how many, and where: a user who stopped twice must know that nothing vanished.
    if (undelivered.deadLettered > 0) {
      logger.warn({ events: undelivered.deadLettered, file: pipelineDeadLetterFile }, `${undelivered.deadLettered} undelivered events written to dead letters`);
    }
    if (kept > 0) logger.warn({ events: kept }, 'events kept in the spool for the next run');
  }

  await Promise.all(
    sinks.map(async ({ spec, sink }) => {
      const closed = await withTimeout(
        Promise.resolve()
          .then(() => sink.close())
          .catch((error: unknown) => logger.error({ err: error, sink: spec.name }, 'sink failed to close')),
        // After a forced stop the user is waiting: a sink gets a moment to close, not the whole budget.
        forced ? Math.min(shutdownLeft(), FORCED_CLOSE_MS) : shutdownLeft(),
      );
      if (!closed) logger.error({ sink: spec.name }, 'sink did not close in time');
      else logger.debug({ sink: spec.name }, 'sink closed');
    }),
  );
  hardStop.abort();
  await spool?.close();
  await office.close();

  const summary: RunSummary = {
    reason,
    ...(end.error === undefined ? {} : { error: end.error }),
    frames,
    events,
    deadLetters: office.count,
    drained,
    forced,
    undelivered,
    sinks: Object.fromEntries(runners.map((runner) => [runner.name, runner.stats()])),
  };
  logger.info({ reason, frames, events, deadLetters: summary.deadLetters, ...(drained ? {} : { undelivered }), sinks: summary.sinks }, 'pipeline ended');
  return summary;
}

/** How long each sink may take to close after a forced stop (its events are already recorded). */
const FORCED_CLOSE_MS = 2000;

/**
 * Builds an operator; one that throws while being built (a plugin's bad option, a service it could
 * not reach) is named in a coded error instead of surfacing as an unexpected crash.
 */
function buildStage(stage: PipelineStage, ctx: OperatorContext, logger: Logger): OperatorFunction<GenesysEvent, GenesysEvent> {
  try {
    return stage.create(ctx);
  } catch (error) {
    if (isGcsError(error)) throw error;
    const secrets = (logger as Logger & { secrets?: SecretSet }).secrets;
    const message = error instanceof Error ? error.message : String(error);
    throw errors.operatorFailed(stage.name, secrets ? secrets.scrub(message) : redactUrlPasswords(message), error);
  }
}

/** Hands each sink what the previous run left undelivered, before any new event. */
async function replay(spool: Spool, runners: ReadonlyArray<SinkRunner<SpooledEvent>>, signal: AbortSignal | undefined): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.all(
    runners.map(async (runner) => {
      for (const tracked of spool.pending(runner.name)) {
        // Wait for room whatever the sink's onFull: a replayed backlog must not be dropped. What a
        // stop leaves unreplayed is still unacknowledged, so the next run replays it again.
        while (!runner.hasRoom() && !signal?.aborted) await Promise.race([runner.whenReady(), stopped]);
        if (signal?.aborted) return;
        runner.offer(tracked);
      }
    }),
  );
}

/** Resolves true when `work` settles within `ms` (and before `cut` aborts), false otherwise. */
async function withTimeout(work: Promise<unknown>, ms: number, cut?: AbortSignal): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onCut: (() => void) | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    onCut = () => resolve(false);
    if (cut?.aborted) resolve(false);
    cut?.addEventListener('abort', onCut, { once: true });
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
    if (onCut) cut?.removeEventListener('abort', onCut);
  }
}
