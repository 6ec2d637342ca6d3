import { builtinOperators } from '@gcstream/core';
import { flag, parseCommandArgs } from '../args.js';
import { builtinSinks } from '../builtins.js';
import { EXIT, type CliIo, type ExitCode } from '../io.js';
import { findInstalledPlugins } from '../installedPlugins.js';
import { PLUGINS_USAGE } from '../usage.js';

export async function pluginsCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('plugins', args, {});
  if (flag(parsed, 'help')) {
    io.stdout.write(PLUGINS_USAGE);
    return EXIT.ok;
  }
  const sinks = [...builtinSinks().values()];
  const operators = [...builtinOperators.values()];
  const installed = await findInstalledPlugins(io.cwd);
  const width = Math.max(...[...sinks, ...operators].map((p) => p.name.length), ...installed.map((p) => p.packageName.length)) + 2;
  const lines = [
    'Sinks (sinks:):',
    ...sinks.map((s) => `  ${s.name.padEnd(width)}${s.description ?? ''}`),
    ...installed.map((p) =>
      p.definition ? `  ${p.packageName.padEnd(width)}${p.definition.description ?? ''} (name it ${shortName(p.packageName)})` : `  ${p.packageName.padEnd(width)}cannot be loaded: ${p.problem}`,
    ),
    '  (also: a package gcstream-plugin-<name>, or a module path ./my-sink.js)',
    '',
    'Operators (pipeline:):',
    ...operators.map((o) => `  ${o.name.padEnd(width)}${o.description}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** `gcstream-plugin-kafka` can be named `kafka` in a config; a scoped package only by its full name. */
function shortName(packageName: string): string {
  return packageName.startsWith('gcstream-plugin-') ? packageName.slice('gcstream-plugin-'.length) : packageName;
}
