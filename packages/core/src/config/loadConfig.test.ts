import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcsError } from '../errors/errors.js';
import { loadConfig } from './loadConfig.js';

const BUILTIN_SINKS = ['console', 'file', 'webhook', 'postgres'];

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
    const error = await rejection(loadConfig('invalid.yaml', { cwd: examples, env: {}, knownSinks: BUILTIN_SINKS }));
    expect(error.code).toBe('GCS_CONFIG_INVALID');
    const problems = error.details.problems as string[];
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^invalid\.yaml:\d+:5: unknown key "clientSecrte" in source\.genesys\. Did you mean "clientSecret"\?$/);
    expect(problems[1]).toMatch(/^invalid\.yaml:\d+:\d+: source\.genesys\.backfill: expected true or false, found "sometimes"/);
    expect(problems[2]).toMatch(/^invalid\.yaml:\d+:5: unknown sink "consol" in sinks\[0\]\. Did you mean "console"\?/);
  });

  it('accepts sink names that are module paths or packages, and built-in ones', async () => {
    await writeFile(join(dir, 'plugins.yaml'), 'sinks:\n  - ./my-sink.js: {}\n  - "@acme/gcstream-plugin-x": {}\n  - console: {}\n');
    const loaded = await loadConfig('plugins.yaml', { cwd: dir, env: {}, knownSinks: BUILTIN_SINKS });
    expect(loaded.sinks.map((s) => s.name)).toEqual(['./my-sink.js', '@acme/gcstream-plugin-x', 'console']);
  });
});
