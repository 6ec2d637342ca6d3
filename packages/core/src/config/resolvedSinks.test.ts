import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isGcsError } from '../errors/errors.js';
import { builtinOperatorDefinitions } from '../operators/index.js';
import { createRegistry } from '../registry/registry.js';
import { defineSink } from '../sinks/defineSink.js';
import { loadConfigText } from './loadConfig.js';

const written: unknown[] = [];
const consoleLike = defineSink({
  name: 'console',
  configSchema: z.strictObject({ format: z.enum(['pretty', 'json']).default('pretty') }),
  create: (config) => ({ write: async () => void written.push(config), close: async () => {} }),
});
const registry = createRegistry({ operators: builtinOperatorDefinitions, sinks: [consoleLike] });

/** The config's sinks as the pipeline gets them: found, loaded and validated in the one pass of loading. */
async function resolveSinks(yaml: string, dir = mkdtempSync(join(tmpdir(), 'gcs-sinks-'))) {
  writeFileSync(join(dir, 'pipeline.yaml'), yaml);
  const loaded = await loadConfigText(yaml, join(dir, 'pipeline.yaml'), { env: {}, registry });
  return loaded.sinks.map((entry) => entry.resolved!);
}

describe('sinks: entries as loaded', () => {
  it('splits engine keys from plugin options and validates both', async () => {
    const sinks = await resolveSinks('sinks:\n  - console: { format: json, batch: { size: 5, interval: 1s }, onFull: block }\n  - console: {}\n');
    expect(sinks.map((s) => s.name)).toEqual(['console', 'console#2']);
    expect(sinks[0]!.config).toEqual({ format: 'json' });
    expect(sinks[0]!.engine).toMatchObject({ batch: { size: 5, interval: 1000 }, onFull: 'block', maxInFlight: 1 });
    expect(sinks[1]!.config).toEqual({ format: 'pretty' });
  });

  it('reports bad plugin and engine options at their file:line:column', async () => {
    const error = await resolveSinks('sinks:\n  - console:\n      format: xml\n      maxInFlight: 0\n').catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_CONFIG_INVALID')).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/pipeline\.yaml:3:15: sink "console": .*format[^\n]*\n.*pipeline\.yaml:4:20: sink "console" \(engine options\)/);
  });

  it('names an unknown sink with a did-you-mean, at the position of its key', async () => {
    const error = await resolveSinks('sinks:\n  - console: {}\n  - consol: { format: pretty }\n').catch((e: unknown) => e);
    expect(isGcsError(error, 'GCS_PLUGIN_UNKNOWN')).toBe(true);
    expect((error as Error).message).toMatch(/pipeline\.yaml:3:5: .*unknown sink "consol". Did you mean "console"\?/);
  });

  it('loads a sink from a module path relative to the config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcs-sinks-'));
    writeFileSync(
      join(dir, 'audit.mjs'),
      `export default { name: 'audit', configSchema: { safeParse: (v) => ({ success: true, data: { ...v, seen: true } }), parse: (v) => v }, create: (config) => ({ write: async () => {}, close: async () => {}, config }) };`,
    );
    const [sink] = await resolveSinks('sinks:\n  - ./audit.mjs: { level: 3 }\n', dir);
    expect(sink!.name).toBe('audit');
    expect(sink!.config).toEqual({ level: 3, seen: true });
  });
});
