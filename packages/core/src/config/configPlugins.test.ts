import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GcsError } from '../errors/errors.js';
import { builtinOperatorDefinitions } from '../operators/index.js';
import { createRegistry } from '../registry/registry.js';
import { defineSink } from '../sinks/defineSink.js';
import { configJsonSchema } from './jsonSchema.js';
import { loadConfigText } from './loadConfig.js';

// Inside the core package, so a plugin's `import { z } from 'zod'` resolves as it would for a user.
const dir = mkdtempSync(join(fileURLToPath(new URL('../..', import.meta.url)), '.tmp-plugins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'slowAnswer.mjs'),
  `import { z } from 'zod';
import { filter } from 'rxjs';
export default {
  kind: 'operator',
  name: 'slowAnswer',
  description: 'Keeps conversations that waited longer than a threshold.',
  configSchema: z.strictObject({ overSeconds: z.number().int().positive().default(30) }),
  create: (config) => filter((event) => (event.eventBody?.waitSeconds ?? 0) > config.overSeconds),
};
`,
);

const registry = createRegistry({
  operators: builtinOperatorDefinitions,
  sinks: [
    // Every option has a default: a branch zod would otherwise prefer when another sink's entry fails.
    defineSink({ name: 'console', configSchema: z.strictObject({ format: z.enum(['json', 'pretty']).default('json') }), create: () => ({ write: async () => {}, close: async () => {} }) }),
    defineSink({ name: 'capture', configSchema: z.strictObject({ file: z.string(), prefix: z.string().default('') }), create: () => ({ write: async () => {}, close: async () => {} }) }),
  ],
});
const load = (yaml: string) => loadConfigText(yaml, 'pipeline.yaml', { cwd: dir, env: {}, registry });
const problemsOf = async (yaml: string) => ((await load(yaml).catch((e: unknown) => e)) as GcsError).details.problems as string[];

describe('plugins a config names', () => {
  it('loads an operator plugin from a module path, its options validated with the rest of the file', async () => {
    const loaded = await load('pipeline:\n  - ./slowAnswer.mjs: { overSeconds: 45 }\nsinks: [{ console: {} }]\n');
    expect(loaded.operators.map((o) => [o.name, o.options])).toEqual([['slowAnswer', { overSeconds: 45 }]]);
    expect(await problemsOf('pipeline:\n  - ./slowAnswer.mjs: { overSecs: 45 }\nsinks: [{ console: {} }]\n')).toEqual([
      'pipeline.yaml:2:25: unknown key "overSecs" in pipeline[0]["./slowAnswer.mjs"]. Remove it; allowed keys are: overSeconds.',
    ]);
  });

  it('puts a registered operator plugin in the JSON Schema with its options', () => {
    const withOperator = registry.extend({ operators: [['slowAnswer', { kind: 'operator', name: 'slowAnswer', configSchema: z.strictObject({ overSeconds: z.number().default(30) }), create: () => (s) => s }]] });
    const schema = configJsonSchema(withOperator) as { properties: { pipeline: { items: { anyOf: Array<{ properties: Record<string, unknown> }> } } } };
    const entry = schema.properties.pipeline.items.anyOf.find((e) => 'slowAnswer' in e.properties);
    expect(entry?.properties.slowAnswer).toMatchObject({ properties: { overSeconds: { type: 'number', default: 30 } } });
  });

  it('says where a plugin belongs when it is listed under the wrong key', async () => {
    const error = await load('sinks:\n  - ./slowAnswer.mjs: {}\n').catch((e: unknown) => e);
    expect((error as GcsError).code).toBe('GCS_PLUGIN_INVALID');
    expect((error as Error).message).toBe('pipeline.yaml:2:5: [gcstream] plugin "./slowAnswer.mjs" is an operator: list it under pipeline:, not sinks:.');
  });

  it("reports a sink's problem under its own name, whichever other sinks would accept the entry's shape", async () => {
    expect(await problemsOf('sinks:\n  - console: {}\n  - capture: { file: out.txt, prefix: 7 }\n')).toEqual([
      'pipeline.yaml:3:39: sink "capture": sinks[1].capture.prefix: expected a string, found number 7 — write a string here.',
    ]);
  });
});
