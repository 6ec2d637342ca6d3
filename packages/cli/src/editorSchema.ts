import { configJsonSchema, type Registry } from '@gcstream/core';

type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema `gcstream schema` prints and `gcstream init` writes: the config schema, with a
 * `pipeline:` entry allowed to name an operator the editor cannot see (a local module such as
 * ./my-operator.mjs, or a package), as `sinks:` entries already may. A known operator's name keeps
 * its own branch, so its options are still checked and completed; `gcstream validate` checks the rest.
 */
export function editorSchema(registry: Registry): JsonSchema {
  const schema = configJsonSchema(registry);
  const items = ((schema.properties as Record<string, JsonSchema> | undefined)?.pipeline?.items ?? undefined) as { anyOf?: JsonSchema[] } | undefined;
  items?.anyOf?.push({
    type: 'object',
    minProperties: 1,
    maxProperties: 1,
    propertyNames: { type: 'string', not: { enum: [...registry.operators.keys()] } },
    additionalProperties: {},
    description: 'An operator from a package (gcstream-plugin-<name>) or a local module (./my-operator.mjs).',
  });
  return schema;
}
