import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_SEARCH_PLACES, createConfiguredSource, createMetrics, errors, loadConfig, loadConfigText, type LoadedConfig, type RawFrame } from '@gcstream/core';
import { startEmulator, type RunningEmulator } from '@gcstream/emulator';
import { atMostOnePositional, durationArg, flag, numberArg, parseCommandArgs, text } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { RECORD_USAGE } from '../commandUsage.js';
import { EXIT, displayPath, onStopSignal, type CliIo, type ExitCode } from '../io.js';
import { cliLogger, logLevelArg } from '../logger.js';
import { usesBuiltinEmulator } from '../sourceChoice.js';

/** What is recorded when no config is given: every queue's conversations and every agent's presence. */
const DEFAULT_RECORDING_CONFIG = `source:
  genesys:
    topics:
      - v2.routing.queues.{queueId}.conversations
      - v2.users.{userId}.presence
sinks:
  - console: {}
`;

/**
 * `gcstream record`: the raw frames a config's source receives (a live org, or the built-in
 * emulator), one NDJSON line each with its receive time, for `source: { replay: ... }`, test
 * inputs and `gcstream emulator --replay`. Nothing is decoded: a replay sees exactly what came.
 */
export async function recordCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('record', args, {
    out: { type: 'string', short: 'o' },
    duration: { type: 'string' },
    'max-frames': { type: 'string' },
    'emulator-speed': { type: 'string' },
    'emulator-seed': { type: 'string' },
    'log-level': { type: 'string' },
  });
  if (flag(parsed, 'help')) {
    io.stdout.write(RECORD_USAGE);
    return EXIT.ok;
  }
  const out = text(parsed, 'out');
  if (out === undefined) throw errors.usage('gcstream record needs --out <file>: where to write the recording (NDJSON). See `gcstream record --help`.');
  const duration = durationArg('duration', text(parsed, 'duration'));
  const maxFrames = numberArg('max-frames', text(parsed, 'max-frames'), { min: 1 });
  const speed = numberArg('emulator-speed', text(parsed, 'emulator-speed'), { integer: false, min: Number.MIN_VALUE }) ?? 10;
  const seed = numberArg('emulator-seed', text(parsed, 'emulator-seed'));
  const loaded = await recordingConfig(atMostOnePositional('record', parsed.positionals), io);
  if (loaded.config.source?.replay || loaded.config.source?.eventbridge) throw errors.usage(`${displayPath(loaded.file, io.cwd)}: gcstream record records the Genesys Cloud notification source; this config's source is ${loaded.config.source.replay ? 'replay' : 'eventbridge'}.`);
  const logger = cliLogger(io, logLevelArg(text(parsed, 'log-level')) ?? loaded.config.logging.level, loaded.secrets);

  let emulator: RunningEmulator | undefined;
  if (usesBuiltinEmulator(loaded.config.source?.genesys ?? {}, displayPath(loaded.file, io.cwd))) {
    emulator = await startEmulator({ port: 0, speed, ...(seed === undefined ? {} : { seed }), logger: logger.child({ stage: 'emulator' }) });
    logger.info({ baseUrl: emulator.baseUrl }, `no credentials in the config: recording the built-in Genesys Cloud emulator at ${emulator.baseUrl}`);
  }
  const genesys = emulator ? { baseUrl: emulator.baseUrl, clientId: emulator.clientId, clientSecret: emulator.clientSecret } : undefined;
  const { source } = createConfiguredSource(loaded, { logger, metrics: createMetrics(), genesys });
  const file = resolve(io.cwd, out);
  const sink = createWriteStream(file);
  let frames = 0;
  let first: number | undefined;
  let last: number | undefined;
  const stop = () => void source.close();
  const release = onStopSignal(stop);
  const timer = duration === undefined ? undefined : setTimeout(stop, duration);
  try {
    await new Promise<void>((done, fail) => {
      source.frames$.subscribe({
        next: (frame: RawFrame) => {
          first ??= frame.receivedAt;
          last = frame.receivedAt;
          sink.write(`${JSON.stringify({ receivedAt: frame.receivedAt, channelId: frame.channelId, ...(frame.source ? { source: frame.source } : {}), data: frame.data })}\n`);
          if (++frames === maxFrames) stop();
        },
        error: fail,
        complete: done,
      });
    });
  } finally {
    if (timer) clearTimeout(timer);
    release();
    sink.end();
    await once(sink, 'close');
    await source.close();
    await emulator?.close();
  }
  const span = first === undefined || last === undefined ? 0 : (last - first) / 1000;
  io.stdout.write(`recorded ${frames} frames over ${span.toFixed(1)}s to ${displayPath(file, io.cwd)}\n`);
  return EXIT.ok;
}

async function recordingConfig(file: string | undefined, io: CliIo): Promise<LoadedConfig> {
  const options = { cwd: io.cwd, env: io.env, registry: builtinRegistry() };
  if (file !== undefined || CONFIG_SEARCH_PLACES.some((name) => existsSync(resolve(io.cwd, name)))) return loadConfig(file, options);
  return loadConfigText(DEFAULT_RECORDING_CONFIG, resolve(io.cwd, 'gcstream-record.yaml'), options);
}
