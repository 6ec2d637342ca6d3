import { errors } from '../errors/errors.js';
import type { OperatorDefinition } from '../operators/defineOperator.js';
import { loadPlugin, pluginSpecifier } from '../plugins/loadPlugin.js';
import type { Registry } from '../registry/registry.js';
import type { SinkDefinition } from '../sinks/defineSink.js';
import { entryNames, type ConfigDocument } from './_configDocument.js';

/**
 * The registry plus every plugin the config names that it does not have: a module path, a package,
 * or `<name>` for an installed `gcstream-plugin-<name>`. Loaded before validation, so each plugin's
 * options are checked by the same single pass as the rest of the file. A name that loads nothing
 * is left for the schema to report, with a "did you mean".
 */
export async function withConfigPlugins(registry: Registry, document: ConfigDocument, onWarning?: (message: string) => void): Promise<Registry> {
  const operators: Array<[string, OperatorDefinition]> = [];
  const sinks: Array<[string, SinkDefinition]> = [];
  for (const [list, kind] of [
    ['pipeline', 'operator'],
    ['sinks', 'sink'],
  ] as const) {
    const known = new Set((kind === 'operator' ? registry.operators : registry.sinks).keys());
    for (const [index, name] of entryNames(document.raw, list)) {
      if (known.has(name)) continue;
      const specifier = pluginSpecifier(name, document.baseDir);
      if (specifier === undefined) continue;
      const plugin = await loadPlugin(specifier, document.baseDir, { onWarning });
      if (plugin.kind !== kind) throw errors.pluginMisplaced(name, plugin.kind, document.positionOf([list, index, name], { key: true }));
      known.add(name);
      if (plugin.kind === 'operator') operators.push([name, plugin.definition]);
      else sinks.push([name, plugin.definition]);
    }
  }
  return registry.extend({ operators, sinks });
}
