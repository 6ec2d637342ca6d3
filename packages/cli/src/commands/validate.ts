import { relative } from 'node:path';
import { loadConfig, resolveSinks } from '@gcstream/core';
import { atMostOnePositional, flag, parseCommandArgs } from '../args.js';
import { builtinSinks } from '../builtins.js';
import { EXIT, type CliIo, type ExitCode } from '../io.js';
import { VALIDATE_USAGE } from '../usage.js';

export async function validateCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('validate', args, {});
  if (flag(parsed, 'help')) {
    io.stdout.write(VALIDATE_USAGE);
    return EXIT.ok;
  }
  const registry = builtinSinks();
  const loaded = await loadConfig(atMostOnePositional('validate', parsed.positionals), { cwd: io.cwd, env: io.env, knownSinks: registry.keys() });
  // Loading each sink checks its options with its own schema, which the loader cannot know.
  const sinks = await resolveSinks(loaded, registry);
  const source = loaded.config.source?.eventbridge ? 'eventbridge' : loaded.config.source?.genesys?.clientId ? 'genesys' : 'genesys (built-in emulator)';
  io.stdout.write(
    `${relative(io.cwd, loaded.file) || loaded.file} is valid: source ${source}, ${loaded.operators.length} operator${loaded.operators.length === 1 ? '' : 's'} (${loaded.operators.map((o) => o.name).join(', ') || 'none'}), ${sinks.length} sink${sinks.length === 1 ? '' : 's'} (${sinks.map((s) => s.name).join(', ')}).\n`,
  );
  return EXIT.ok;
}
