import { resolve } from 'node:path';
import { describeEmulator, startEmulator, type EmulatorOptions } from '@gcstream/emulator';
import { flag, numberArg, parseCommandArgs, text, texts } from '../args.js';
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
    'log-level': { type: 'string' },
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
    logger: cliLogger(io, logLevelArg(text(parsed, 'log-level')) ?? 'info'),
  };
  const running = await startEmulator(options);
  io.stdout.write(`${describeEmulator(running)}\n`);
  await new Promise<void>((stopped) => {
    const release = onStopSignal(() => {
      release();
      stopped();
    });
  });
  await running.close();
  io.stderr.write('emulator stopped\n');
  return EXIT.ok;
}
