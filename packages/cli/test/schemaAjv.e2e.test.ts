import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, runCli } from './cliProcess.js';

/** Every pipeline config under examples/, at any depth. */
function exampleConfigs(dir = join(REPO_ROOT, 'examples')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : exampleConfigs(path);
    if (!/\.ya?ml$/.test(entry.name)) return [];
    const text = readFileSync(path, 'utf8');
    // Only pipeline configs: a Prometheus scrape config or a compose file is YAML too.
    return /^sinks:/m.test(text) ? [path] : [];
  });
}

describe('gcstream schema, checked by a JSON Schema validator (ajv)', async () => {
  const printed = await runCli(['schema']);
  const schema = JSON.parse(printed.stdout) as Record<string, unknown>;
  // Formats (uri) are the config loader's to check; ajv is asked about structure and types.
  const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  const examples = exampleConfigs();

  it('finds the examples', () => {
    expect(printed.code).toBe(0);
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(examples.filter((f) => !f.endsWith('invalid.yaml')).map((f) => relative(REPO_ROOT, f)))('accepts %s', (file) => {
    const valid = validate(parse(readFileSync(join(REPO_ROOT, file), 'utf8')));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects examples/invalid.yaml: the misspelled key and the wrong type', () => {
    expect(validate(parse(readFileSync(join(REPO_ROOT, 'examples/invalid.yaml'), 'utf8')))).toBe(false);
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    expect(problems.join('\n')).toContain('clientSecrte');
    expect(problems.join('\n')).toMatch(/\/source\/genesys\/backfill must be boolean/);
  });

  it('a pipeline entry may name a local module, but a known operator is still checked by its own options', () => {
    const config = (pipeline: unknown) => ({ pipeline: [pipeline], sinks: [{ console: {} }] });
    expect(validate(config({ './my-operator.mjs': { after: '90s' } }))).toBe(true);
    expect(validate(config({ dedupe: { ttl: '10m' } }))).toBe(true);
    expect(validate(config({ dedupe: { tll: '10m' } }))).toBe(false);
    expect(validate(config({ './a.mjs': {}, './b.mjs': {} }))).toBe(false);
  });
});
