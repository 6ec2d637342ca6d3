import { markdownOptionTable, pluginOptions, sinkEngineOptionRows, type Registry } from '@gcstream/core';

/** The name that marks the engine options every sink takes: `<!-- options:engine -->`. */
export const ENGINE_TABLE = 'engine';

const MARKED = /(<!-- options:([\w-]+) -->)(?:\n(?!<!-- \/options -->)[\s\S]*?)?\n(<!-- \/options -->)/g;

/**
 * Each registered operator's and sink's option table (sinks: their own options), and the engine's,
 * by name, as Markdown made from the same JSON Schema `gcstream schema` prints.
 */
export function optionTables(registry: Registry): Map<string, string> {
  const tables = new Map<string, string>([[ENGINE_TABLE, markdownOptionTable(sinkEngineOptionRows())]]);
  for (const plugin of pluginOptions(registry)) tables.set(plugin.name, markdownOptionTable(plugin.options));
  return tables;
}

/** The names of the tables a README marks. */
export function markedTables(text: string): string[] {
  return [...text.matchAll(MARKED)].map((match) => match[2]!);
}

/**
 * `text` with every `<!-- options:NAME -->` ... `<!-- /options -->` block holding NAME's current
 * table. A README keeps its prose; only the marked tables are the schema's.
 */
export function renderOptionTables(text: string, tables: ReadonlyMap<string, string>, file: string): string {
  return text.replace(MARKED, (_block, open: string, name: string, close: string) => {
    const table = tables.get(name);
    if (table === undefined) throw new Error(`${file}: <!-- options:${name} --> names no registered operator or sink (known: ${[...tables.keys()].join(', ')})`);
    return `${open}\n${table}\n${close}`;
  });
}
