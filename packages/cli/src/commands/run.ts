import { resolve } from 'node:path';
import {
  createEventBridgeSource,
  createDirectory,
  createGenesysSource,
  createMetrics,
  genesysSourceSchema,
  loadConfig,
  operatorStages,
  runPipeline,
  type Directory,
  type GcsLogger,
  type GenesysSourceConfig,
  type LoadedConfig,
  type Metrics,
  type RawFrame,
  type RunSummary,
  type SourceStatus,
} from '@gcstream/core';
import { startEmulator, type RunningEmulator } from '@gcstream/emulator';
import type { Observable } from 'rxjs';
import { atMostOnePositional, durationArg, flag, numberArg, parseCommandArgs, text } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { EXIT, displayPath, onStopSignal, type CliIo, type ExitCode } from '../io.js';
import { cliLogger, logLevelArg } from '../logger.js';
import { startMetricsServer, type MetricsServer } from '../metricsServer.js';
import { StatusLine } from '../statusLine.js';
import { usesBuiltinEmulator } from '../sourceChoice.js';
import { RUN_USAGE } from '../usage.js';

const DEFAULT_DEAD_LETTERS = 'gcstream-dead-letters.ndjson';
/**
 * The built-in emulator plays ten minutes of contact-center traffic per minute: at real time a
 * simulated center of a few queues is quiet for long stretches, and a first run should show life.
 */
const DEFAULT_EMULATOR_SPEED = 10;

export async function runCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('run', args, {
    duration: { type: 'string' },
    'max-events': { type: 'string' },
    'log-level': { type: 'string' },
    'dead-letters': { type: 'string' },
    'emulator-speed': { type: 'string' },
    'emulator-seed': { type: 'string' },
    'no-status': { type: 'boolean' },
    spool: { type: 'string' },
  });
  if (flag(parsed, 'help')) {
    io.stdout.write(RUN_USAGE);
    return EXIT.ok;
  }
  const duration = durationArg('duration', text(parsed, 'duration'));
  const maxEvents = numberArg('max-events', text(parsed, 'max-events'), { min: 1 });
  const level = logLevelArg(text(parsed, 'log-level'));
  const emulatorSpeed = numberArg('emulator-speed', text(parsed, 'emulator-speed'), { integer: false, min: Number.MIN_VALUE });
  const deadLetters = text(parsed, 'dead-letters');
  const spoolDir = text(parsed, 'spool');
  const emulatorSeed = numberArg('emulator-seed', text(parsed, 'emulator-seed'));

  // Every sink is found and its options checked before anything connects, so a typo costs nothing.
  const loaded = await loadConfig(atMostOnePositional('run', parsed.positionals), { cwd: io.cwd, env: io.env, registry: builtinRegistry() });
  const metrics = createMetrics();
  let sourceStatus: (() => SourceStatus) | undefined;
  const status = io.stderr.isTTY === true && !flag(parsed, 'no-status') ? new StatusLine(io.stderr, { metrics, source: () => sourceStatus?.() }) : undefined;
  const logger = cliLogger(io, level ?? loaded.config.logging.level, loaded.secrets, status ? status.wrap(io.stderr) : io.stderr);
  const stdout = status && io.stdout.isTTY ? status.wrap(io.stdout) : io.stdout;
  const sinks = loaded.sinks.map((entry) => entry.resolved!);

  const controller = new AbortController();
  const releaseSignals = onStopSignal((signal) => {
    logger.info({ signal }, 'stopping: draining the pipeline (press Ctrl-C again to exit at once)');
    controller.abort();
  });
  const timer = duration === undefined ? undefined : setTimeout(() => controller.abort(), duration);
  // `gcstream run p.yaml | head` closes the pipe: stop as a shell user expects, not print into the void.
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') return;
    logger.info('standard output was closed; stopping');
    controller.abort();
  };
  io.stdout.on('error', onStdoutError);
  let emulator: RunningEmulator | undefined;
  let metricsServer: MetricsServer | undefined;
  try {
    const source = await openSource(loaded, io.cwd, logger, metrics, { speed: emulatorSpeed, seed: emulatorSeed }, (running) => (emulator = running));
    sourceStatus = source.status;
    status?.start();
    const metricsConfig = loaded.config.metrics;
    if (metricsConfig?.port !== undefined) {
      metricsServer = await startMetricsServer({ port: metricsConfig.port, host: metricsConfig.host, metrics, ready: source.ready });
      logger.info({ url: metricsServer.url }, `metrics at ${metricsServer.url}/metrics, probes at /healthz and /readyz`);
    }
    const summary = await runPipeline({
      source$: source.frames$,
      operators: operatorStages(loaded.operators),
      sinks,
      logger,
      metrics,
      signal: controller.signal,
      baseDir: loaded.baseDir,
      stdout,
      ...(source.directory ? { directory: source.directory } : {}),
      deadLetterFile: deadLetters === undefined ? resolve(loaded.baseDir, DEFAULT_DEAD_LETTERS) : resolve(io.cwd, deadLetters),
      shutdownTimeout: loaded.config.shutdownTimeout,
      ...(maxEvents === undefined ? {} : { maxEvents }),
      ...(spoolDir === undefined ? {} : { spool: { dir: resolve(io.cwd, spoolDir) } }),
    });
    return exitCodeOf(summary, logger);
  } finally {
    if (timer) clearTimeout(timer);
    status?.stop();
    releaseSignals();
    io.stdout.off('error', onStdoutError);
    await metricsServer?.close();
    await emulator?.close();
  }
}

function exitCodeOf(summary: RunSummary, logger: GcsLogger): ExitCode {
  if (summary.reason !== 'failed') return EXIT.ok;
  const error = summary.error as { usage?: unknown } | undefined;
  // A source that fails on a config problem (bad credentials, unknown queue) is the user's to fix.
  if (error?.usage === true) {
    logger.error((error as unknown as Error).message);
    return EXIT.usage;
  }
  return EXIT.failure;
}

interface EmulatorChoice {
  readonly speed?: number | undefined;
  readonly seed?: number | undefined;
}

/**
 * The configured source: EventBridge, or Genesys Cloud; with no credentials, the built-in emulator
 * is started in this process and the Genesys source is pointed at it.
 */
async function openSource(
  loaded: LoadedConfig,
  cwd: string,
  logger: GcsLogger,
  metrics: Metrics,
  emulatorChoice: EmulatorChoice,
  started: (emulator: RunningEmulator) => void,
): Promise<{ frames$: Observable<RawFrame>; ready: () => boolean; status?: () => SourceStatus; directory?: Directory }> {
  const eventbridge = loaded.config.source?.eventbridge;
  if (eventbridge) {
    const options = eventbridge.file === undefined ? eventbridge : { ...eventbridge, file: resolve(loaded.baseDir, eventbridge.file) };
    const source = createEventBridgeSource(options, { logger: logger.child({ stage: 'source:eventbridge' }), metrics });
    let listening = source.listening === undefined;
    void source.listening?.then(() => (listening = true));
    return { frames$: source.frames$, ready: () => listening };
  }
  let genesys: GenesysSourceConfig = loaded.config.source?.genesys ?? genesysSourceSchema.parse({});
  let serverClock: RunningEmulator['clock'] | undefined;
  if (usesBuiltinEmulator(genesys, displayPath(loaded.file, cwd))) {
    const emulator = await startEmulator({
      port: 0,
      speed: emulatorChoice.speed ?? DEFAULT_EMULATOR_SPEED,
      ...(emulatorChoice.seed === undefined ? {} : { seed: emulatorChoice.seed }),
      logger: logger.child({ stage: 'emulator' }),
    });
    started(emulator);
    serverClock = emulator.clock;
    genesys = { ...genesys, baseUrl: emulator.baseUrl, clientId: emulator.clientId, clientSecret: emulator.clientSecret };
    logger.info(
      { baseUrl: emulator.baseUrl },
      `no credentials in ${loaded.file}: running on the built-in Genesys Cloud emulator at ${emulator.baseUrl} (set source.genesys.clientId and clientSecret to use a real org)`,
    );
  }
  // The source fills it while expanding topic templates; the console sink prints names from it.
  const directory = createDirectory();
  const source = createGenesysSource(genesys, {
    directory,
    logger: logger.child({ stage: 'source:genesys' }),
    metrics,
    registerSecret: (value) => logger.registerSecret(value),
    ...(serverClock ? { serverClock } : {}),
  });
  return { frames$: source.frames$, ready: () => source.status().state === 'running', status: () => source.status(), directory };
}
