import { errors } from '../errors/errors.js';
import type { OperatorDefinition } from '../operators/defineOperator.js';
import { loadPlugin, pluginSpecifier, type PluginDefinition } from '../plugins/loadPlugin.js';
import type { Registry } from '../registry/registry.js';
import type { SinkDefinition } from '../sinks/defineSink.js';
import { entryNames, type ConfigDocument } from './_configDocument.js';

/**
 * The registry plus every plugin the config names that it does not have: a module path, a package,
 * or `<name>` for an installed `gcstream-plugin-<name>`. Loaded before validation, so each plugin's
 * options are checked by the same single pass as the rest of the file. A name that loads nothing
 * is left for the schema to report, with a "did you mean".
 */
export async function withConfigPlugins(registry: Registry, document: ConfigDocument): Promise<Registry> {
  const loaded = new Map<string, Promise<PluginDefinition>>();
  const operators: Array<[string, OperatorDefinition]> = [];
  const sinks: Array<[string, SinkDefinition]> = [];
  for (const [list, kind] of [
    ['pipeline', 'operator'],
    ['sinks', 'sink'],
  ] as const) {
    const known = kind === 'operator' ? registry.operators : registry.sinks;
    for (const [index, name] of entryNames(document.raw, list)) {
      if (known.has(name) || loaded.has(`${kind}:${name}`)) continue;
      const specifier = pluginSpecifier(name, document.baseDir);
      if (specifier === undefined) continue;
      const plugin = loadPlugin(specifier, document.baseDir);
      loaded.set(`${kind}:${name}`, plugin);
      const found = await plugin;
      if (found.kind !== kind) throw errors.pluginMisplaced(name, found.kind, document.positionOf([list, index, name], { key: true }));
      if (found.kind === 'operator') operators.push([name, found.definition]);
      else sinks.push([name, found.definition]);
    }
  }
  return registry.extend({ operators, sinks });
}
