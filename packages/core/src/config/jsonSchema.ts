import { z } from 'zod';
import type { SinkDefinition } from '../sinks/defineSink.js';
import { builtinOperators, type OperatorDefinition } from '../operators/registry.js';
import '../operators/index.js';
import { pipelineConfigSchema } from './schema.js';

export interface ConfigJsonSchemaOptions {
  /** Operators to describe under `pipeline:`. @default builtinOperators */
  operators?: ReadonlyMap<string, OperatorDefinition>;
  /** Sinks to describe under `sinks:` (the CLI passes the installed ones). */
  sinks?: Iterable<SinkDefinition>;
}

type JsonSchema = Record<string, unknown>;

const toJson = (schema: z.ZodType): JsonSchema =>
  // Editors see what a user writes, so the input side: `10m` for a duration, not milliseconds.
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;

/** One `- name: options` entry per plugin, so editors complete names and each plugin's options. */
function entrySchemas(plugins: Iterable<{ name: string; configSchema: z.ZodType; description?: string }>): JsonSchema[] {
  return [...plugins].map((plugin) => {
    const { $schema: _ignored, ...options } = toJson(plugin.configSchema);
    return {
      type: 'object',
      properties: { [plugin.name]: { ...options, ...(plugin.description ? { description: plugin.description } : {}) } },
      required: [plugin.name],
      additionalProperties: false,
    };
  });
}

/**
 * The JSON Schema of a pipeline config (`gcstream schema`), made from the same zod schemas that
 * validate it. Known operators and sinks get precise entries; any other single-key entry stays
 * allowed, since plugins can be module paths or packages.
 */
export function configJsonSchema(options: ConfigJsonSchemaOptions = {}): JsonSchema {
  const schema = toJson(pipelineConfigSchema);
  const properties = schema.properties as Record<string, JsonSchema>;
  const operators = entrySchemas((options.operators ?? builtinOperators).values());
  const pipeline = properties.pipeline;
  if (pipeline && operators.length) pipeline.items = { anyOf: operators };
  const sinks = properties.sinks;
  if (sinks && sinks.items && options.sinks) {
    sinks.items = { anyOf: [...entrySchemas(options.sinks), sinks.items] };
  }
  return schema;
}
