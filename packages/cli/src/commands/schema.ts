import { editorSchema } from '../editorSchema.js';
import { flag, parseCommandArgs } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { findInstalledPlugins, withInstalled } from '../installedPlugins.js';
import { EXIT, type CliIo, type ExitCode } from '../io.js';
import { SCHEMA_USAGE } from '../usage.js';

export async function schemaCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('schema', args, {});
  if (flag(parsed, 'help')) {
    io.stdout.write(SCHEMA_USAGE);
    return EXIT.ok;
  }
  // The plugins installed where the config lives are part of what it may name.
  const registry = withInstalled(builtinRegistry(), await findInstalledPlugins(io.cwd));
  io.stdout.write(`${JSON.stringify(editorSchema(registry), null, 2)}\n`);
  return EXIT.ok;
}
