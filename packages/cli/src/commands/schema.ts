import { configJsonSchema, sinkEngineSchema, type SinkDefinition } from '@gcstream/core';
import { z } from 'zod';
import { testCasesSchema } from '../pipelineTests/testCaseSchema.js';
import { flag, parseCommandArgs } from '../args.js';
import { builtinSinks } from '../builtins.js';
import { EXIT, type CliIo, type ExitCode } from '../io.js';
import { SCHEMA_USAGE } from '../usage.js';

/** A sink entry holds the plugin's options and the engine's keys side by side; the schema shows both. */
function withEngineKeys(definition: SinkDefinition): SinkDefinition {
  const schema = definition.configSchema as unknown as { extend?: (shape: object) => SinkDefinition['configSchema'] };
  if (typeof schema.extend !== 'function') return definition;
  return { ...definition, configSchema: schema.extend(sinkEngineSchema.partial().shape) };
}

export async function schemaCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const parsed = parseCommandArgs('schema', args, {});
  if (flag(parsed, 'help')) {
    io.stdout.write(SCHEMA_USAGE);
    return EXIT.ok;
  }
  const sinks = [...builtinSinks().values()].map(withEngineKeys);
  const schema = configJsonSchema({ sinks });
  // `tests:` cases are defined by `gcstream test`, which lives here rather than in core.
  const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (properties?.tests) {
    const { $schema: _ignored, ...tests } = z.toJSONSchema(testCasesSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    properties.tests = { ...tests, description: properties.tests.description };
  }
  io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return EXIT.ok;
}
