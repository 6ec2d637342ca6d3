import { resolve } from 'node:path';
import {
  checkConfigOffline,
  createMetrics,
  loadConfig,
  pipelineAdvice,
  runPipelineFromConfig,
  type GcsLogger,
  type GenesysConnection,
  type LoadedConfig,
  type RunSummary,
  type Source,
  type SourceStatus,
  type SourceStatusBase,
} from '@gcstream/core';
import { PROFILE_NAMES, startEmulator, type ProfileName, type RunningEmulator } from '@gcstream/emulator';
import { atMostOnePositional, choiceArg, durationArg, flag, numberArg, parseCommandArgs, text } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { EXIT, SIGNAL_ECHO_MS, displayPath, onStopSignal, type CliIo, type ExitCode } from '../io.js';
import { knownSecrets } from '../knownSecrets.js';
import { cliLogger, logLevelArg } from '../logger.js';
import { startMetricsServer } from '../metricsServer.js';
import { SourceWatch } from '../sourceWatch.js';
import { exitSummary } from '../exitSummary.js';
import { statusOnTerminal } from '../status/statusDisplay.js';
import { startStatusLog } from '../status/statusLog.js';
import { readinessProbe } from '../readiness.js';
import { sinkLabels, withMetricsPort } from '../runExtras.js';
import { usesBuiltinEmulator } from '../sourceChoice.js';
import { RUN_USAGE } from '../usage.js';

/**
 * The built-in emulator plays ten minutes of contact-center traffic per minute: at real time a
 * simulated center of a few queues is quiet for long stretches, and a first run should show life.
 */
const DEFAULT_EMULATOR_SPEED = 10;

/**
 * `gcstream run`: a shell over core's `runPipelineFromConfig`. It reads flags, starts the built-in
 * emulator for a config that names no org, draws the status line, and turns signals, `--duration`
 * and a closed stdout into a stop.
 */
export async function runCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('run', args, {
    duration: { type: 'string' },
    'max-events': { type: 'string' },
    'log-level': { type: 'string' },
    'dead-letters': { type: 'string' },
    'emulator-speed': { type: 'string' },
    'emulator-seed': { type: 'string' },
    'emulator-profile': { type: 'string' },
    'no-status': { type: 'boolean' },
    spool: { type: 'string' },
    'metrics-port': { type: 'string' },
    'status-line': { type: 'boolean' },
    'status-interval': { type: 'string' },
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
  const emulatorProfile = choiceArg('emulator-profile', text(parsed, 'emulator-profile'), PROFILE_NAMES, 'profile');

  // Every sink is found and its options checked before anything connects, so a typo costs nothing.
  const configured = await loadConfig(atMostOnePositional('run', parsed.positionals), {
    cwd: io.cwd,
    env: io.env,
    registry: builtinRegistry(),
    onWarning: (message) => io.stderr.write(`${message}\n`),
  });
  const loaded = withMetricsPort(configured, text(parsed, 'metrics-port'));
  checkConfigOffline(loaded);
  for (const advice of pipelineAdvice(loaded)) io.stderr.write(`${advice}\n`);
  for (const secret of loaded.secrets) knownSecrets.add(secret);
  const metrics = createMetrics();
  let source: Source | undefined;
  const status = io.stderr.isTTY === true && !flag(parsed, 'no-status') ? statusOnTerminal(io.stderr, { metrics, source: () => source?.status(), scrub: (text) => logger.secrets.scrub(text), compact: flag(parsed, 'status-line') }) : undefined;
  const statusInterval = durationArg('status-interval', text(parsed, 'status-interval'));
  let stopStatusLog: (() => void) | undefined;
  const logger = cliLogger(io, level ?? loaded.config.logging.level, loaded.secrets, status ? status.wrap(io.stderr) : io.stderr);
  keepCredentialsSecret(logger, loaded.config.source?.genesys);
  const stdout = status && io.stdout.isTTY ? status.wrap(io.stdout) : io.stdout;

  const controller = new AbortController();
  const force = new AbortController();
  const releaseSignals = onStopSignal({
    stop: (signal) => {
      logger.info({ signal }, 'stopping: draining the pipeline (press Ctrl-C again to stop at once; what is undelivered then goes to dead letters or the spool)');
      controller.abort();
    },
    force: (signal) => {
      logger.warn({ signal }, 'stopping at once: writing undelivered events to dead letters or the spool (press Ctrl-C a third time to exit without that)');
      controller.abort();
      force.abort();
    },
  }, (signal) => logger.debug({ signal, withinMs: SIGNAL_ECHO_MS }, 'the same stop signal again (a wrapper such as npx or pnpm passes Ctrl-C on): counted once'));
  const timer = duration === undefined ? undefined : setTimeout(() => controller.abort(), duration);
  // `gcstream run p.yaml | head` closes the pipe: stop as a shell user expects, not print into the void.
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') return;
    logger.info('standard output was closed; stopping');
    controller.abort();
  };
  io.stdout.on('error', onStdoutError);
  let emulator: RunningEmulator | undefined;
  let stopWatching: (() => void) | undefined;
  try {
    emulator = await builtinEmulatorFor(loaded, io.cwd, logger, { speed: emulatorSpeed, seed: emulatorSeed, profile: emulatorProfile });
    if (emulator) keepCredentialsSecret(logger, emulator);
    const summary = await runPipelineFromConfig(loaded, {
      logger,
      metrics,
      signal: controller.signal,
      force: force.signal,
      stdout,
      ...(emulator ? { genesys: connectionTo(emulator) } : {}),
      ...(deadLetters === undefined ? {} : { deadLetterFile: resolve(io.cwd, deadLetters) }),
      ...(maxEvents === undefined ? {} : { maxEvents }),
      ...(spoolDir === undefined ? {} : { spool: { dir: resolve(io.cwd, spoolDir) } }),
      onSource: (created) => {
        source = created;
        status?.start(statusInterval);
        // Not a terminal: the same figures as a log line every 30 s.
        if (!status && !flag(parsed, 'no-status')) stopStatusLog = startStatusLog(logger, metrics, () => created.status(), statusInterval);
        stopWatching = new SourceWatch(() => created.status(), logger).start();
      },
      // /readyz: every channel and every sink connected, and not draining.
      serveMetrics: (served) => startMetricsServer({ ...served, readiness: readinessProbe({ source: () => source, metrics, sinks: sinkLabels(loaded), draining: () => controller.signal.aborted }) }),
    });
    status?.stop();
    io.stderr.write(exitSummary({ summary, loaded, source: source?.status(), deadLetterFile: deadLetters === undefined ? undefined : resolve(io.cwd, deadLetters), cwd: io.cwd }));
    return exitCodeOf(summary, logger, source?.status());
  } finally {
    if (timer) clearTimeout(timer);
    stopWatching?.();
    stopStatusLog?.();
    status?.stop();
    releaseSignals();
    io.stdout.off('error', onStdoutError);
    await emulator?.close();
  }
}

/**
 * A run that ended by itself or on a stop can still have failed its purpose: a sink that delivered
 * none of what it was given, or source time no backfill covered, exits 1 so that a script notices.
 */
function exitCodeOf(summary: RunSummary, logger: GcsLogger, sourceStatus: SourceStatusBase | undefined): ExitCode {
  if (summary.reason === 'failed') {
    // A source that fails on a config problem (bad credentials, a port in use) is the user's to fix;
    // the pipeline already logged its message.
    return (summary.error as { usage?: unknown } | undefined)?.usage === true ? EXIT.usage : EXIT.failure;
  }
  if (summary.forced) return EXIT.interrupted;
  let code: ExitCode = EXIT.ok;
  for (const [sink, stats] of Object.entries(summary.sinks)) {
    if (stats.delivered > 0 || stats.deadLettered === 0) continue;
    logger.error({ sink, deadLettered: stats.deadLettered }, `sink ${sink} delivered none of its ${stats.deadLettered} events: every one went to dead letters (exit code 1)`);
    code = EXIT.failure;
  }
  const gaps = (sourceStatus as Partial<SourceStatus> | undefined)?.gaps;
  if (gaps && (gaps.unfilled > 0 || gaps.lostMs > 0)) {
    const seconds = Math.round((gaps.unfilledMs + gaps.lostMs) / 1000);
    logger.error({ gaps }, `events were lost: ${seconds} s of source time without a socket was not backfilled (exit code 1)`);
    code = EXIT.failure;
  }
  return code;
}

/**
 * The OAuth secret also travels as `Basic base64(id:secret)`: an error that quotes the login
 * request must not leak it in that form either. The built-in emulator's secret is not in the
 * config, so it is added here too.
 */
function keepCredentialsSecret(logger: GcsLogger, credentials: { readonly clientId?: string | undefined; readonly clientSecret?: string | undefined } | undefined): void {
  if (!credentials?.clientSecret) return;
  const basic = Buffer.from(`${credentials.clientId ?? ''}:${credentials.clientSecret}`).toString('base64');
  for (const secret of [credentials.clientSecret, basic]) {
    logger.registerSecret(secret);
    knownSecrets.add(secret);
  }
}

interface EmulatorChoice {
  readonly speed?: number | undefined;
  readonly seed?: number | undefined;
  readonly profile?: ProfileName | undefined;
}

/** With no org in the config (no credentials), the built-in emulator is started in this process. */
async function builtinEmulatorFor(loaded: LoadedConfig, cwd: string, logger: GcsLogger, choice: EmulatorChoice): Promise<RunningEmulator | undefined> {
  if (loaded.config.source?.eventbridge || loaded.config.source?.replay) return undefined;
  if (!usesBuiltinEmulator(loaded.config.source?.genesys ?? {}, displayPath(loaded.file, cwd))) return undefined;
  const emulator = await startEmulator({
    port: 0,
    speed: choice.speed ?? DEFAULT_EMULATOR_SPEED,
    ...(choice.seed === undefined ? {} : { seed: choice.seed }),
    ...(choice.profile === undefined ? {} : { profile: choice.profile }),
    logger: logger.child({ stage: 'emulator' }),
  });
  logger.info(
    { baseUrl: emulator.baseUrl },
    `no credentials in ${loaded.file}: running on the built-in Genesys Cloud emulator at ${emulator.baseUrl} (set source.genesys.clientId and clientSecret to use a real org)`,
  );
  return emulator;
}

function connectionTo(emulator: RunningEmulator): GenesysConnection {
  return { baseUrl: emulator.baseUrl, clientId: emulator.clientId, clientSecret: emulator.clientSecret };
}
