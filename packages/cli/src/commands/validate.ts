import { checkConfigOffline, loadConfig, pipelineAdvice } from '@gcstream/core';
import { atMostOnePositional, flag, parseCommandArgs } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { EXIT, displayPath, type CliIo, type ExitCode } from '../io.js';
import { usesBuiltinEmulator } from '../sourceChoice.js';
import { passesStrict } from '../strict/strictValidation.js';
import { VALIDATE_USAGE } from '../usage.js';

export async function validateCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('validate', args, { strict: { type: 'boolean' } });
  if (flag(parsed, 'help')) {
    io.stdout.write(VALIDATE_USAGE);
    return EXIT.ok;
  }
  // One pass checks everything: the plugins the config names are loaded first, so their options are too.
  const loaded = await loadConfig(atMostOnePositional('validate', parsed.positionals), {
    cwd: io.cwd,
    env: io.env,
    registry: builtinRegistry(),
    onWarning: (message) => io.stderr.write(`${message}\n`),
  });
  // Everything run would refuse without touching the network: a config validate passes must start.
  checkConfigOffline(loaded);
  // Valid, but an operator would have nothing to read: said, not refused.
  for (const advice of pipelineAdvice(loaded)) io.stderr.write(`${advice}\n`);
  // --strict: every sink's destination and the OAuth login answer, or exit 2 naming each that did not.
  if (flag(parsed, 'strict') && !(await passesStrict(loaded, displayPath(loaded.file, io.cwd), io.stderr))) return EXIT.usage;
  const sinks = loaded.sinks.map((entry) => entry.resolved!);
  const { tests } = loaded;
  const genesys = loaded.config.source?.genesys;
  const source = loaded.config.source?.replay ? 'replay' : loaded.config.source?.eventbridge ? 'eventbridge' : !genesys || usesBuiltinEmulator(genesys, displayPath(loaded.file, io.cwd)) ? 'genesys (built-in emulator)' : 'genesys';
  io.stdout.write(
    `${displayPath(loaded.file, io.cwd)} is valid: source ${source}, ${loaded.operators.length} operator${loaded.operators.length === 1 ? '' : 's'} (${loaded.operators.map((o) => o.name).join(', ') || 'none'}), ${sinks.length} sink${sinks.length === 1 ? '' : 's'} (${sinks.map((s) => s.name).join(', ')})${tests.length ? `, ${tests.length} test case${tests.length === 1 ? '' : 's'}` : ''}.\n`,
  );
  return EXIT.ok;
}
