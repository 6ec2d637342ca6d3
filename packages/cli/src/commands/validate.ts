import { loadConfig, resolveSinks } from '@gcstream/core';
import { atMostOnePositional, flag, parseCommandArgs } from '../args.js';
import { builtinSinks } from '../builtins.js';
import { EXIT, displayPath, type CliIo, type ExitCode } from '../io.js';
import { testCasesSchema } from '../pipelineTests/testCaseSchema.js';
import { usesBuiltinEmulator } from '../sourceChoice.js';
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
  const tests = loaded.config.tests === undefined ? [] : loaded.validateAt(testCasesSchema, loaded.config.tests, ['tests'], 'test case');
  const genesys = loaded.config.source?.genesys;
  const source = loaded.config.source?.eventbridge ? 'eventbridge' : !genesys || usesBuiltinEmulator(genesys, displayPath(loaded.file, io.cwd)) ? 'genesys (built-in emulator)' : 'genesys';
  io.stdout.write(
    `${displayPath(loaded.file, io.cwd)} is valid: source ${source}, ${loaded.operators.length} operator${loaded.operators.length === 1 ? '' : 's'} (${loaded.operators.map((o) => o.name).join(', ') || 'none'}), ${sinks.length} sink${sinks.length === 1 ? '' : 's'} (${sinks.map((s) => s.name).join(', ')})${tests.length ? `, ${tests.length} test case${tests.length === 1 ? '' : 's'}` : ''}.\n`,
  );
  return EXIT.ok;
}
