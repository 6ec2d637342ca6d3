import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

// Under the CLI package, so the plugin's `import { z } from 'zod'` resolves as it would for a user.
const CLI_DIR = fileURLToPath(new URL('..', import.meta.url));
const projects: string[] = [];

/** A project with an installed `gcstream-plugin-audit` whose schema has the given options. */
function projectWithAuditSink(options: string): string {
  const project = mkdtempSync(join(CLI_DIR, 'test', '.tmp-schema-'));
  projects.push(project);
  const pkg = join(project, 'node_modules', 'gcstream-plugin-audit');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'gcstream-plugin-audit', version: '1.0.0', type: 'module', exports: './index.mjs' }));
  writeFileSync(
    join(pkg, 'index.mjs'),
    `import { z } from 'zod';
export default {
  name: 'audit',
  description: 'Keeps an audit trail.',
  configSchema: z.strictObject({ ${options} }),
  create: () => ({ write: async () => {}, close: async () => {} }),
};
`,
  );
  return project;
}

async function gcstream(args: string[], cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, cwd, env: {} });
  return { code, stdout: out, stderr: err };
}

afterAll(() => {
  for (const project of projects) rmSync(project, { recursive: true, force: true });
});

describe('a sink option comes from its schema alone', () => {
  const before = "path: z.string().describe('Where the trail goes.')";
  const after = `${before}, keepTrail: z.enum(['day', 'week']).default('week').describe('How long entries are kept.')`;

  it('appears in validation, the JSON Schema and `gcstream plugins` when only the schema gains it', async () => {
    const config = 'sinks:\n  - audit: { path: trail.log, keepTrail: day }\n';

    const old = projectWithAuditSink(before);
    writeFileSync(join(old, 'pipeline.yaml'), config);
    const rejected = await gcstream(['validate', 'pipeline.yaml'], old);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain('pipeline.yaml:2:31: sink "audit": unknown key "keepTrail" in sinks[0].audit.');
    expect(JSON.stringify(JSON.parse((await gcstream(['schema'], old)).stdout))).not.toContain('keepTrail');
    expect((await gcstream(['plugins'], old)).stdout).not.toContain('keepTrail');

    const grown = projectWithAuditSink(after);
    writeFileSync(join(grown, 'pipeline.yaml'), config);
    const accepted = await gcstream(['validate', 'pipeline.yaml'], grown);
    expect(accepted.stderr).toBe('');
    expect(accepted.code).toBe(0);
    writeFileSync(join(grown, 'pipeline.yaml'), 'sinks:\n  - audit: { path: trail.log, keepTrail: month }\n');
    const wrongValue = await gcstream(['validate', 'pipeline.yaml'], grown);
    expect(wrongValue.stderr).toContain('pipeline.yaml:2:42: sink "audit": sinks[0].audit.keepTrail: expected one of "day", "week", found "month"');

    const schema = JSON.parse((await gcstream(['schema'], grown)).stdout) as { properties: { sinks: { items: { anyOf: Array<{ properties: Record<string, { properties: Record<string, unknown> }> }> } } } };
    const audit = schema.properties.sinks.items.anyOf.find((entry) => 'audit' in entry.properties)!.properties.audit!;
    expect(audit.properties.keepTrail).toEqual({ default: 'week', description: 'How long entries are kept.', type: 'string', enum: ['day', 'week'] });
    // The engine's keys sit beside the plugin's own, from the engine's schema.
    expect(Object.keys(audit.properties)).toEqual(expect.arrayContaining(['path', 'keepTrail', 'batch', 'onFull']));

    const plugins = (await gcstream(['plugins'], grown)).stdout;
    expect(plugins).toMatch(/gcstream-plugin-audit\s+Keeps an audit trail\. \(name it audit\)\n\s+path: string \(required\) — Where the trail goes\.\n\s+keepTrail: "day" \| "week" \(default "week"\) — How long entries are kept\./);
  });
});

describe('an installed operator plugin', () => {
  it('is named in pipeline:, checked, and listed with its options by schema and plugins', async () => {
    const project = mkdtempSync(join(CLI_DIR, 'test', '.tmp-schema-'));
    projects.push(project);
    const pkg = join(project, 'node_modules', 'gcstream-plugin-long-wait');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'gcstream-plugin-long-wait', version: '1.0.0', type: 'module', exports: './index.mjs' }));
    writeFileSync(
      join(pkg, 'index.mjs'),
      `import { z } from 'zod';
import { filter } from 'rxjs';
export default {
  kind: 'operator',
  name: 'longWait',
  description: 'Keeps conversations that waited too long.',
  configSchema: z.strictObject({ overSeconds: z.number().int().positive().default(30).describe('Wait that counts as long.') }),
  create: (config) => filter((event) => (event.eventBody?.waitSeconds ?? 0) > config.overSeconds),
};
`,
    );
    writeFileSync(join(project, 'pipeline.yaml'), 'pipeline:\n  - long-wait: { overSeconds: 0 }\nsinks:\n  - console: {}\n');
    const invalid = await gcstream(['validate', 'pipeline.yaml'], project);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('pipeline.yaml:2:31: pipeline[0].long-wait.overSeconds: must be more than 0, found number 0');
    writeFileSync(join(project, 'pipeline.yaml'), 'pipeline:\n  - long-wait: { overSeconds: 45 }\nsinks:\n  - console: {}\n');
    const valid = await gcstream(['validate', 'pipeline.yaml'], project);
    expect(valid.stdout).toContain('1 operator (longWait)');

    const schema = (await gcstream(['schema'], project)).stdout;
    expect(JSON.parse(schema).properties.pipeline.items.anyOf.some((entry: { properties: Record<string, unknown> }) => 'long-wait' in entry.properties)).toBe(true);
    expect((await gcstream(['plugins'], project)).stdout).toMatch(/Operators \(pipeline:\):[\s\S]*gcstream-plugin-long-wait\s+Keeps conversations that waited too long\. \(name it long-wait\)\n\s+overSeconds: integer \(default 30\) — Wait that counts as long\./);
  });
});
