import { z } from 'zod';
import { SINK_ENGINE_KEYS, sinkEngineSchema } from '../sinks/sinkEngineOptions.js';
import type { Registry } from '../registry/registry.js';
import { configJsonSchema } from './jsonSchema.js';

/** One option of an operator or sink, as `gcstream plugins` and the READMEs show it. */
export interface OptionRow {
  readonly name: string;
  /** How it is written: `"json" \| "pretty"`, `integer`, `duration`... */
  readonly type: string;
  readonly required: boolean;
  /** The default as YAML would show it, when there is one. */
  readonly default?: string;
  readonly description: string;
}

type JsonSchema = Record<string, unknown>;

const DURATION = 'A duration: 500ms, 30s, 10m, 2h, 1d, or a number of milliseconds.';

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const anyOf = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (anyOf) {
    const types = anyOf.map(typeOf);
    if (types.join() === 'string,number') return 'duration';
    // `x` or a list of them: name the values once.
    if (types.length === 2 && types[1] === `list of ${types[0]}`) return `${types[0]}, or a list of them`;
    return [...new Set(types)].join(' | ');
  }
  // A duration is a string or a number of milliseconds (`10m`, `500`); say so once.
  if (Array.isArray(schema.type)) return schema.type.join() === 'string,number' ? 'duration' : schema.type.join(' | ');
  if (schema.type === 'array') return `list of ${typeOf((schema.items as JsonSchema | undefined) ?? {})}`;
  if (schema.type === 'object') return 'mapping';
  return typeof schema.type === 'string' ? schema.type : 'any';
}

/** The option rows of an object's JSON Schema, in the schema's order. */
export function optionRowsOf(object: JsonSchema): OptionRow[] {
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => {
    const description = typeof schema.description === 'string' && schema.description !== DURATION ? schema.description : '';
    return {
      name,
      type: typeOf(schema),
      required: required.has(name) && !('default' in schema),
      ...('default' in schema ? { default: JSON.stringify(schema.default) } : {}),
      description,
    };
  });
}

/** The `- name: options` entries of a list in the config's JSON Schema, by name. */
function entriesOf(schema: JsonSchema, list: 'pipeline' | 'sinks'): Map<string, JsonSchema> {
  const items = ((schema.properties as Record<string, JsonSchema>)[list]!.items ?? {}) as JsonSchema;
  const entries = new Map<string, JsonSchema>();
  for (const entry of (items.anyOf ?? []) as JsonSchema[]) {
    const properties = entry.properties as Record<string, JsonSchema> | undefined;
    const name = properties ? Object.keys(properties)[0] : undefined;
    if (name !== undefined) entries.set(name, properties![name]!);
  }
  return entries;
}

export interface PluginOptions {
  readonly kind: 'operator' | 'sink';
  readonly name: string;
  readonly description: string;
  /** For a sink, its own options only: the engine's keys (`batch`, `retry`...) are the same for every sink. */
  readonly options: readonly OptionRow[];
}

/**
 * Every registered operator and sink with its options, read from the config's JSON Schema: what
 * `gcstream plugins` prints and the README option tables hold are what validation checks.
 */
export function pluginOptions(registry: Registry): PluginOptions[] {
  const schema = configJsonSchema(registry);
  const engineKeys = new Set<string>(SINK_ENGINE_KEYS);
  const rows = (kind: 'operator' | 'sink', entries: Map<string, JsonSchema>, names: Iterable<string>): PluginOptions[] =>
    [...names].map((name) => {
      const entry = entries.get(name) ?? {};
      const options = optionRowsOf(entry).filter((row) => kind === 'operator' || !engineKeys.has(row.name));
      return { kind, name, description: typeof entry.description === 'string' ? entry.description : '', options };
    });
  return [...rows('sink', entriesOf(schema, 'sinks'), registry.sinks.keys()), ...rows('operator', entriesOf(schema, 'pipeline'), registry.operators.keys())];
}

/** The engine options every sink entry accepts beside its own (`batch`, `retry`, `onFull`...). */
export function sinkEngineOptionRows(): OptionRow[] {
  return optionRowsOf(z.toJSONSchema(sinkEngineSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A Markdown table of options, as the READMEs hold it between `<!-- options:NAME -->` markers. */
export function markdownOptionTable(rows: readonly OptionRow[]): string {
  const lines = ['| option | type | default | description |', '|---|---|---|---|'];
  for (const row of rows) {
    lines.push(`| \`${row.name}\` | ${cell(row.type)} | ${row.default === undefined ? (row.required ? 'required' : '') : `\`${cell(row.default)}\``} | ${cell(row.description)} |`);
  }
  return lines.join('\n');
}
