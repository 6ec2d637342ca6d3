import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinOperatorDefinitions } from '../operators/index.js';
import { createRegistry } from '../registry/registry.js';
import { defineSink } from '../sinks/defineSink.js';
import { configJsonSchema } from './jsonSchema.js';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('configJsonSchema', () => {
  it('describes the top-level keys, closed to unknown ones, with durations as written in YAML', () => {
    const schema = configJsonSchema() as Schema;
    expect(Object.keys(schema.properties)).toEqual(['source', 'pipeline', 'sinks', 'tests', 'logging', 'metrics', 'shutdownTimeout']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['sinks']);
    const genesys = schema.properties.source.properties.genesys;
    expect(genesys.properties.clientSecret.description).toMatch(/secret/i);
    expect(JSON.stringify(schema.properties.shutdownTimeout)).toContain('"string"');
  });

  it('gives each known operator and sink its own entry', () => {
    const console = defineSink({
      name: 'console',
      description: 'Prints events.',
      configSchema: z.strictObject({ format: z.enum(['json', 'pretty']).default('json') }),
      create: () => ({ write: async () => {}, close: async () => {} }),
    });
    const schema = configJsonSchema(createRegistry({ operators: builtinOperatorDefinitions, sinks: [console] })) as Schema;
    const operatorNames = schema.properties.pipeline.items.anyOf.map((entry: Schema) => Object.keys(entry.properties)[0]);
    expect(operatorNames).toContain('dedupe');
    const sinkEntry = schema.properties.sinks.items.anyOf[0];
    expect(sinkEntry.properties.console.properties.format.enum).toEqual(['json', 'pretty']);
    expect(sinkEntry.properties.console.description).toBe('Prints events.');
    // Any other single-key entry (a module path or package) remains valid.
    expect(schema.properties.sinks.items.anyOf).toHaveLength(2);
  });
});
