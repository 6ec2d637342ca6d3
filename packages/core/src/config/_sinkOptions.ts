import { z } from 'zod';
import { SINK_ENGINE_KEYS, sinkEngineSchema, splitSinkOptions, type SinkEngineOptions } from '../sinks/sinkEngineOptions.js';
import { asZod } from './_foreignSchema.js';

/** A sink entry's options once validated: the plugin's own, and the engine's. */
export interface SinkOptions {
  readonly config: unknown;
  readonly engine: SinkEngineOptions;
}

const isEngineKey = (key: string) => (SINK_ENGINE_KEYS as readonly string[]).includes(key);

/** The object a schema is, under wrappers that only make it optional or give it a default. */
function plainObject(schema: z.ZodType): z.ZodObject | undefined {
  let current: z.ZodType = schema;
  for (let i = 0; i < 8; i++) {
    if (current instanceof z.ZodObject) return current;
    const def = (current as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
    if (!['optional', 'default', 'prefault', 'nullable'].includes(def.type) || !def.innerType) return undefined;
    current = def.innerType;
  }
  return undefined;
}

function split(options: Record<string, unknown>): SinkOptions {
  const engine: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) (isEngineKey(key) ? engine : config)[key] = value;
  return { config, engine: engine as SinkEngineOptions };
}

/**
 * The options of one sink entry: the plugin's keys and the engine's (`batch`, `retry`, `onFull`...)
 * in one mapping, as a user writes them. When the plugin's schema is an object, the two shapes are
 * merged, so the JSON Schema lists both and an unknown key gets a "did you mean" from either.
 * Otherwise the keys are split and each half is parsed by its own schema, problems keeping paths.
 */
export function sinkOptionsSchema(configSchema: unknown): z.ZodType<SinkOptions> {
  const plugin = asZod(configSchema);
  const object = plainObject(plugin);
  if (object) return object.safeExtend(sinkEngineSchema.shape).transform(split) as z.ZodType<SinkOptions>;
  return z.unknown().transform((value, ctx) => {
    const parts = splitSinkOptions(value);
    const engine = sinkEngineSchema.safeParse(parts.engine, { reportInput: true });
    const config = plugin.safeParse(parts.plugin ?? {}, { reportInput: true });
    for (const result of [engine, config]) if (!result.success) for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: issue.input } as never);
    if (!engine.success || !config.success) return z.NEVER;
    return { config: config.data, engine: engine.data };
  }) as z.ZodType<SinkOptions>;
}
