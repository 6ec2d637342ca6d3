import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadPlugin, type PluginDefinition, type Registry } from '@gcstream/core';

export interface InstalledPlugin {
  readonly packageName: string;
  /** The name a config uses for it: `kafka` for `gcstream-plugin-kafka`; a scoped package only by its full name. */
  readonly configName: string;
  readonly plugin?: PluginDefinition;
  /** Why it could not be loaded, when it could not. */
  readonly problem?: string;
}

/**
 * The plugin packages a config in `cwd` could name: every `gcstream-plugin-*` (scoped or not) in
 * the node_modules folders Node would search from there, nearest first.
 */
export async function findInstalledPlugins(cwd: string): Promise<InstalledPlugin[]> {
  const names = new Set<string>();
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of await pluginPackagesIn(join(dir, 'node_modules'))) names.add(name);
    if (dirname(dir) === dir) break;
  }
  const found: InstalledPlugin[] = [];
  for (const packageName of [...names].sort()) {
    const configName = packageName.startsWith('gcstream-plugin-') ? packageName.slice('gcstream-plugin-'.length) : packageName;
    try {
      found.push({ packageName, configName, plugin: await loadPlugin(packageName, cwd) });
    } catch (error) {
      found.push({ packageName, configName, problem: (error as Error).message });
    }
  }
  return found;
}

/** The registry with every installed plugin that loads, under the name a config uses for it. */
export function withInstalled(registry: Registry, installed: readonly InstalledPlugin[]): Registry {
  const loaded = installed.filter((p) => p.plugin && !(p.plugin.kind === 'sink' ? registry.sinks : registry.operators).has(p.configName));
  return registry.extend({
    sinks: loaded.flatMap((p) => (p.plugin!.kind === 'sink' ? [[p.configName, p.plugin!.definition] as const] : [])),
    operators: loaded.flatMap((p) => (p.plugin!.kind === 'operator' ? [[p.configName, p.plugin!.definition] as const] : [])),
  });
}

async function pluginPackagesIn(modules: string): Promise<string[]> {
  const entries = await readdir(modules).catch(() => [] as string[]);
  const names = entries.filter((entry) => entry.startsWith('gcstream-plugin-'));
  for (const scope of entries.filter((entry) => entry.startsWith('@'))) {
    const scoped = await readdir(join(modules, scope)).catch(() => [] as string[]);
    names.push(...scoped.filter((entry) => entry.startsWith('gcstream-plugin-')).map((entry) => `${scope}/${entry}`));
  }
  return names;
}
