import { resolve } from 'node:path';
import { createReplayCenter, describeEmulator, playWhenConnected, startEmulator, type ContactCenterSettings, type EmulatorOptions, PROFILE_NAMES } from '@gcstream/emulator';
import { choiceArg, durationArg, flag, numberArg, parseCommandArgs, text, texts, type ParsedArgs } from '../args.js';
import { EXIT, onStopSignal, type CliIo, type ExitCode } from '../io.js';
import { cliLogger, logLevelArg } from '../logger.js';
import { EMULATOR_USAGE } from '../usage.js';

export async function emulatorCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('emulator', args, {
    port: { type: 'string' },
    seed: { type: 'string' },
    speed: { type: 'string' },
    truth: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    faults: { type: 'string', multiple: true },
    'high-rate': { type: 'boolean' },
    profile: { type: 'string' },
    queues: { type: 'string' },
    agents: { type: 'string' },
    'arrival-rate': { type: 'string' },
    cold: { type: 'boolean' },
    history: { type: 'string' },
    'log-level': { type: 'string' },
    replay: { type: 'string' },
  });
  if (flag(parsed, 'help')) {
    io.stdout.write(EMULATOR_USAGE);
    return EXIT.ok;
  }
  const truth = text(parsed, 'truth');
  const options: EmulatorOptions = {
    port: numberArg('port', text(parsed, 'port')) ?? 8787,
    ...(text(parsed, 'seed') !== undefined ? { seed: numberArg('seed', text(parsed, 'seed')) } : {}),
    ...(text(parsed, 'speed') !== undefined ? { speed: numberArg('speed', text(parsed, 'speed'), { integer: false, min: Number.MIN_VALUE }) } : {}),
    ...(truth !== undefined ? { truthFile: resolve(io.cwd, truth) } : {}),
    ...(text(parsed, 'client-id') !== undefined ? { clientId: text(parsed, 'client-id') } : {}),
    ...(text(parsed, 'client-secret') !== undefined ? { clientSecret: text(parsed, 'client-secret') } : {}),
    ...(texts(parsed, 'faults') !== undefined ? { faults: texts(parsed, 'faults') } : {}),
    ...(flag(parsed, 'high-rate') ? { highRate: true } : {}),
    ...(text(parsed, 'profile') !== undefined ? { profile: choiceArg('profile', text(parsed, 'profile'), PROFILE_NAMES, 'profile') } : {}),
    ...(flag(parsed, 'cold') ? { warm: false } : {}),
    ...(text(parsed, 'history') !== undefined ? { historyMs: durationArg('history', text(parsed, 'history')) } : {}),
    contactCenter: centerSizes(parsed),
    logger: cliLogger(io, logLevelArg(text(parsed, 'log-level')) ?? 'info'),
  };
  const replayFile = text(parsed, 'replay');
  // --replay: the recording is the contact center; it plays once a client has connected.
  const replay = replayFile === undefined ? undefined : createReplayCenter(resolve(io.cwd, replayFile), { speed: options.speed ?? 1 });
  const running = await startEmulator(replay ? { ...options, createContactCenter: () => replay } : options);
  const stopReplay = replay ? playWhenConnected(running, replay) : undefined;
  if (replay) io.stdout.write(`  replaying ${replay.size} notifications from ${replayFile} once a client connects\n`);
  const { queues, users } = running.contactCenter;
  io.stdout.write(`${describeEmulator(running)}\n  center: ${queues.length} queues, ${users.length} agents (${options.profile ?? 'small'} profile), ${options.warm === false ? 'cold start' : 'warm start'}\n`);
  await new Promise<void>((stopped) => {
    const release = onStopSignal(() => {
      release();
      stopped();
    });
  });
  stopReplay?.();
  await running.close();
  io.stderr.write('emulator stopped\n');
  return EXIT.ok;
}

/** --queues, --agents and --arrival-rate: the center's sizes, over the profile's. */
function centerSizes(parsed: ParsedArgs): ContactCenterSettings {
  const queues = numberArg('queues', text(parsed, 'queues'), { min: 1 });
  const agents = numberArg('agents', text(parsed, 'agents'), { min: 1 });
  const rate = numberArg('arrival-rate', text(parsed, 'arrival-rate'), { integer: false, min: 0 });
  return {
    ...(queues !== undefined ? { queues } : {}),
    ...(agents !== undefined ? { agents } : {}),
    ...(rate !== undefined ? { arrivalRatePerMinute: rate } : {}),
  };
}
