import { pluginOptions, sinkEngineOptionRows, type OptionRow, type PluginOptions } from '@gcstream/core';
import { flag, parseCommandArgs } from '../args.js';
import { builtinRegistry } from '../builtins.js';
import { EXIT, type CliIo, type ExitCode } from '../io.js';
import { findInstalledPlugins, withInstalled } from '../installedPlugins.js';
import { PLUGINS_USAGE } from '../usage.js';

export async function pluginsCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('plugins', args, {});
  if (flag(parsed, 'help')) {
    io.stdout.write(PLUGINS_USAGE);
    return EXIT.ok;
  }
  const installed = await findInstalledPlugins(io.cwd);
  const builtin = builtinRegistry();
  // Names and options come from the same registry and schemas that validate a config.
  const plugins = pluginOptions(withInstalled(builtin, installed));
  const packageOf = new Map(installed.filter((p) => p.plugin).map((p) => [p.configName, p.packageName]));
  const label = (p: PluginOptions) => packageOf.get(p.name) ?? p.name;
  const width = Math.max(...plugins.map((p) => label(p).length), ...installed.map((p) => p.packageName.length)) + 2;
  const describe = (p: PluginOptions) => {
    const installedAs = packageOf.has(p.name) ? ` (name it ${p.name})` : '';
    return [`  ${label(p).padEnd(width)}${p.description}${installedAs}`, ...p.options.map((o) => `      ${optionLine(o)}`)];
  };
  const lines = [
    'Sinks (sinks:):',
    ...plugins.filter((p) => p.kind === 'sink').flatMap(describe),
    ...installed.filter((p) => !p.plugin).map((p) => `  ${p.packageName.padEnd(width)}cannot be loaded: ${p.problem}`),
    '  (also: a package gcstream-plugin-<name>, or a module path ./my-sink.js)',
    `  every sink also takes: ${sinkEngineOptionRows().map((o) => o.name).join(', ')}`,
    '',
    'Operators (pipeline:):',
    ...plugins.filter((p) => p.kind === 'operator').flatMap(describe),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** `format: "json" | "pretty" (default "pretty") — How each event is printed.` */
function optionLine(option: OptionRow): string {
  const given = option.default !== undefined ? ` (default ${option.default})` : option.required ? ' (required)' : '';
  return `${option.name}: ${option.type}${given}${option.description ? ` — ${option.description}` : ''}`;
}
