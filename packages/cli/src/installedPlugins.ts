import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadSinkPlugin, type SinkDefinition } from '@gcstream/core';

export interface InstalledPlugin {
  readonly packageName: string;
  readonly definition?: SinkDefinition;
  /** Why it could not be loaded, when it could not. */
  readonly problem?: string;
}

/**
 * The sink packages a config in `cwd` could name: every `gcstream-plugin-*` (scoped or not) in the
 * node_modules folders Node would search from there, nearest first.
 */
export async function findInstalledPlugins(cwd: string): Promise<InstalledPlugin[]> {
  const names = new Set<string>();
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of await pluginPackagesIn(join(dir, 'node_modules'))) names.add(name);
    if (dirname(dir) === dir) break;
  }
  const found: InstalledPlugin[] = [];
  for (const packageName of [...names].sort()) {
    try {
      found.push({ packageName, definition: await loadSinkPlugin(packageName, cwd) });
    } catch (error) {
      found.push({ packageName, problem: (error as Error).message });
    }
  }
  return found;
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
