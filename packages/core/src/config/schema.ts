import { z } from 'zod';
import { durationSchema } from './duration.js';
import { genesysSourceSchema } from '../sources/genesys/genesysOptions.js';
import { eventBridgeSourceSchema } from '../sources/eventbridge/eventBridgeOptions.js';
import { replaySourceSchema } from '../sources/replay/replayOptions.js';
import type { Registry } from '../registry/registry.js';
import { operatorEntrySchema, sinkEntrySchema } from './_entryLists.js';
import type { SinkOptions } from './_sinkOptions.js';
import { testCasesSchema } from './testCaseSchema.js';

export type { SinkOptions };

const portSchema = z.number().int().min(0).max(65535);

export const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

export interface ConfigSchemaOptions {
  /**
   * Accept `sinks:` entries whose name no registered sink has, leaving their options unchecked:
   * for a config read without its sinks at hand, and for editors (`gcstream schema`), which
   * cannot know a local module's options. @default false
   */
  readonly openSinks?: boolean;
}

/**
 * The schema of a pipeline config, built from a registry: each registered operator and sink adds
 * its own `pipeline:` or `sinks:` entry with its zod schema, so validation, error positions, the
 * JSON Schema and `gcstream plugins` all read the same definitions.
 */
export function buildConfigSchema(registry: Registry, options: ConfigSchemaOptions = {}) {
  return z
    .strictObject({
      source: z
        .strictObject({
          genesys: genesysSourceSchema.optional(),
          eventbridge: eventBridgeSourceSchema.optional(),
          replay: replaySourceSchema.optional(),
        })
        .optional()
        .meta({ description: 'Where events come from. Omit it, or omit the credentials, to run on the built-in emulator.' }),
      pipeline: z
        .array(operatorEntrySchema(registry.operators))
        .default([])
        .meta({ description: 'Operators applied in order to every event: `- dedupe: { ttl: 10m }`.' }),
      sinks: z
        .array(sinkEntrySchema(registry.sinks, options.openSinks ?? false) as z.ZodType<Record<string, SinkOptions | unknown>>)
        .min(1)
        .meta({ description: 'Where events go: built-in sinks, plugin packages, or local modules (./my-sink.js).' }),
      tests: testCasesSchema.optional().meta({ description: 'Test cases run by `gcstream test`: input events and the expected output.' }),
      logging: z
        .strictObject({ level: logLevelSchema.default('info').meta({ description: 'Lowest level written to the log.' }) })
        .prefault({}),
      metrics: z
        .strictObject({
          port: portSchema.optional().meta({ description: 'Serve Prometheus /metrics, /healthz and /readyz on this port.' }),
          host: z.string().min(1).default('127.0.0.1'),
        })
        .optional(),
      shutdownTimeout: durationSchema.prefault('10s').meta({ description: 'How long SIGINT/SIGTERM waits for sinks to flush.' }),
    })
    .meta({ title: 'gcstream pipeline', description: 'A gcstream pipeline: source, operators, sinks.' });
}

export type PipelineConfigSchema = ReturnType<typeof buildConfigSchema>;
export type PipelineConfig = z.output<PipelineConfigSchema>;
export type PipelineConfigInput = z.input<PipelineConfigSchema>;
