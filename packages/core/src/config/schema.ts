import { z } from 'zod';
import { durationSchema } from './duration.js';
import { genesysSourceSchema } from '../sources/genesys/genesysOptions.js';
import { eventBridgeSourceSchema } from '../sources/eventbridge/eventBridgeOptions.js';

const portSchema = z.number().int().min(0).max(65535);

/**
 * One entry of `pipeline:` or `sinks:`: a mapping with exactly one key, the plugin's name, whose
 * value is that plugin's options. Names and options are checked against the plugin registries
 * after this shape check, where each plugin's own schema is known.
 */
function pluginEntrySchema(kind: 'operator' | 'sink', example: string) {
  return z
    .record(z.string(), z.unknown())
    .refine((entry) => Object.keys(entry).length === 1, {
      message: `each entry names exactly one ${kind} — write it as \`- ${example}\``,
    })
    .meta({ description: `A ${kind}: its name as the only key, its options as the value.` });
}

export const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']);

export const pipelineConfigSchema = z
  .strictObject({
    source: z
      .strictObject({
        genesys: genesysSourceSchema.optional(),
        eventbridge: eventBridgeSourceSchema.optional(),
      })
      .optional()
      .meta({ description: 'Where events come from. Omit it, or omit the credentials, to run on the built-in emulator.' }),
    pipeline: z
      .array(pluginEntrySchema('operator', 'dedupe: { ttl: 10m }'))
      .default([])
      .meta({ description: 'Operators applied in order to every event: `- dedupe: { ttl: 10m }`.' }),
    sinks: z
      .array(pluginEntrySchema('sink', 'console: { format: pretty }'))
      .min(1)
      .meta({ description: 'Where events go: built-in sinks, plugin packages, or local modules (./my-sink.js).' }),
    tests: z.array(z.unknown()).optional().meta({ description: 'Test cases run by `gcstream test`: input events and the expected output.' }),
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

export type PipelineConfig = z.output<typeof pipelineConfigSchema>;
export type PipelineConfigInput = z.input<typeof pipelineConfigSchema>;
