import { z } from 'zod';
import { builtinOperatorDefinitions } from '../operators/index.js';
import { createRegistry, type Registry } from '../registry/registry.js';
import { buildConfigSchema } from './schema.js';

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a pipeline config (`gcstream schema`), generated from the config schema that
 * validates it, as is: each registered operator and sink is its own `- name: options` entry. A
 * sinks: entry with another name stays allowed (open), since a config may name a local module or a
 * package the editor cannot see. @default registry core's built-in operators, no sinks
 */
export function configJsonSchema(registry: Registry = createRegistry({ operators: builtinOperatorDefinitions })): JsonSchema {
  // Editors see what a user writes, so the input side: `10m` for a duration, not milliseconds.
  return z.toJSONSchema(buildConfigSchema(registry, { openSinks: true }), { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
}
