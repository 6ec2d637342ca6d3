import { loadConfig, type LoadedConfig, type SinkOptions } from '@gcstream/core';
import { stringify } from 'yaml';
import { atMostOnePositional, flag, parseCommandArgs } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { EXIT, displayPath, type CliIo, type ExitCode } from '../io.js';
import { ECHO_USAGE } from '../commandUsage.js';

/**
 * `gcstream echo`: the config as the pipeline will see it. What a deploy reviewer wants to read:
 * every `${VAR}` filled in, every default written out, every secret replaced.
 */
export async function echoCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('echo', args, {});
  if (flag(parsed, 'help')) {
    io.stdout.write(ECHO_USAGE);
    return EXIT.ok;
  }
  const loaded = await loadConfig(atMostOnePositional('echo', parsed.positionals), { cwd: io.cwd, env: io.env, registry: builtinRegistry() });
  io.stdout.write(`# ${displayPath(loaded.file, io.cwd)}, resolved: environment filled in, defaults shown, secrets redacted; durations in milliseconds\n`);
  io.stdout.write(stringify(resolvedDocument(loaded), { lineWidth: 0 }));
  return EXIT.ok;
}

/** The redacted config with each sink entry back in the shape a user writes: its options and the engine's in one mapping. */
export function resolvedDocument(loaded: LoadedConfig): Record<string, unknown> {
  const config = loaded.redacted() as unknown as Record<string, unknown> & { sinks: Array<Record<string, unknown>> };
  const sinks = config.sinks.map((entry) => {
    const [name, value] = Object.entries(entry)[0]!;
    const options = value as Partial<SinkOptions> | undefined;
    const flat = options && 'engine' in options ? { ...(options.config as object | undefined), ...options.engine } : value;
    return { [name]: flat };
  });
  return { ...config, sinks };
}
