import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GcsError } from '../errors/errors.js';
import { builtinOperatorDefinitions } from '../operators/index.js';
import { createRegistry } from '../registry/registry.js';
import { defineSink } from '../sinks/defineSink.js';
import { loadConfig } from './loadConfig.js';

/** Sinks registered by name, as a CLI registers the ones it ships; their options are any mapping. */
const BUILTIN_SINKS = createRegistry({
  operators: builtinOperatorDefinitions,
  sinks: ['console', 'file', 'webhook', 'postgres'].map((name) =>
    defineSink({ name, configSchema: z.looseObject({}), create: () => ({ write: async () => {}, close: async () => {} }) }),
  ),
});

/** A sink module with no imports, so it loads from any folder. */
const pluginModule = (name: string) =>
  `export default { name: '${name}', configSchema: { safeParse: (value) => ({ success: true, data: value }) }, create: () => ({ write: async () => {}, close: async () => {} }) };\n`;

async function rejection(promise: Promise<unknown>): Promise<GcsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof GcsError) return error;
  throw new Error(`expected a GcsError, got ${String(error)}`);
}

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gcstream-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds gcstream.config.yaml in the working directory when no file is given', async () => {
    const project = join(dir, 'discover');
    await mkdir(project);
    await writeFile(join(project, 'gcstream.config.yaml'), 'sinks:\n  - console: { format: "${FORMAT:-json}" }\n');
    const loaded = await loadConfig(undefined, { cwd: project, env: {} });
    expect(loaded.file).toBe(join(project, 'gcstream.config.yaml'));
    expect(loaded.baseDir).toBe(project);
    expect(loaded.sinks).toEqual([{ name: 'console', options: { format: 'json' }, path: ['sinks', 0, 'console'] }]);
  });

  it('finds the .yml spelling too', async () => {
    const project = join(dir, 'yml');
    await mkdir(project);
    await writeFile(join(project, 'gcstream.config.yml'), 'sinks: [{ file: { path: out.jsonl } }]\n');
    expect((await loadConfig(undefined, { cwd: project, env: {} })).sinks[0]!.name).toBe('file');
  });

  it('says where it looked when there is no config', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const error = await rejection(loadConfig(undefined, { cwd: empty, env: {} }));
    expect(error.code).toBe('GCS_CONFIG_NOT_FOUND');
    expect(error.message).toContain('gcstream.config.yaml');
    expect(error.message).toContain(empty);
  });

  it('reports a named file that does not exist', async () => {
    const error = await rejection(loadConfig('missing.yaml', { cwd: dir, env: {} }));
    expect(error.code).toBe('GCS_CONFIG_NOT_FOUND');
    expect(error.message).toContain(join(dir, 'missing.yaml'));
  });

  it('names a file under the working directory by its relative path in errors', async () => {
    await writeFile(join(dir, 'typo.yaml'), 'sinks:\n  - console: {}\nlogging:\n  levle: debug\n');
    const error = await rejection(loadConfig('typo.yaml', { cwd: dir, env: {} }));
    expect(error.details.problems).toEqual(['typo.yaml:4:3: unknown key "levle" in logging. Did you mean "level"?']);
  });

  it('reports every problem of examples/invalid.yaml with positions', async () => {
    const examples = fileURLToPath(new URL('../../../../examples/', import.meta.url));
    const error = await rejection(loadConfig('invalid.yaml', { cwd: examples, env: {}, registry: BUILTIN_SINKS }));
    expect(error.code).toBe('GCS_CONFIG_INVALID');
    const problems = error.details.problems as string[];
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^invalid\.yaml:\d+:5: unknown key "clientSecrte" in source\.genesys\. Did you mean "clientSecret"\?$/);
    expect(problems[1]).toMatch(/^invalid\.yaml:\d+:\d+: source\.genesys\.backfill: expected true or false, found "sometimes"/);
    expect(problems[2]).toMatch(/^invalid\.yaml:\d+:5: unknown sink "consol" in sinks\[0\]\. Did you mean "console"\?/);
  });

  it('accepts sink names that are module paths or packages, and built-in ones', async () => {
    // Named plugins are loaded while the config is, so these exist: a module beside it and a package.
    await writeFile(join(dir, 'my-sink.js'), pluginModule('mine'));
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
    await mkdir(join(dir, 'node_modules', '@acme', 'gcstream-plugin-x'), { recursive: true });
    await writeFile(join(dir, 'node_modules', '@acme', 'gcstream-plugin-x', 'package.json'), JSON.stringify({ name: '@acme/gcstream-plugin-x', type: 'module', exports: './index.js' }));
    await writeFile(join(dir, 'node_modules', '@acme', 'gcstream-plugin-x', 'index.js'), pluginModule('x'));
    await writeFile(join(dir, 'plugins.yaml'), 'sinks:\n  - ./my-sink.js: {}\n  - "@acme/gcstream-plugin-x": {}\n  - console: {}\n');
    const loaded = await loadConfig('plugins.yaml', { cwd: dir, env: {}, registry: BUILTIN_SINKS });
    expect(loaded.sinks.map((s) => s.name)).toEqual(['./my-sink.js', '@acme/gcstream-plugin-x', 'console']);
  });
});
