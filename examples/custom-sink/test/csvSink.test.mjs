// The csv sink's own tests, run from this folder as its author runs them: `pnpm test`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLogger, createMetrics } from '@gcstream/core';
import { describeSinkConformance } from '@gcstream/testkit';
import { describe, expect, it } from 'vitest';
import csvSink from '../index.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const exampleDir = join(here, '..');
const run = promisify(execFile);
// The gcstream command this package depends on (a devDependency, as a plugin author would add it).
const cli = join(exampleDir, 'node_modules', '@gcstream', 'cli', 'dist', 'bin.js');

const conformanceDir = mkdtempSync(join(tmpdir(), 'gcstream-csv-'));
let readOffset = 0;

describeSinkConformance('csv', {
  definition: csvSink,
  options: { path: 'events.csv', columns: ['key'], header: false },
  invalidOptions: [{}, { path: '' }, { path: 'x.csv', columns: [] }, { path: 'x.csv', colour: 'red' }],
  context: () => ({ baseDir: conformanceDir }),
  deliveredKeys: () => {
    const file = join(conformanceDir, 'events.csv');
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    const fresh = text.slice(readOffset);
    readOffset = text.length;
    return fresh.split('\n').filter(Boolean);
  },
});

function context(baseDir) {
  return { logger: createLogger({ level: 'silent' }), metrics: createMetrics(), signal: new AbortController().signal, baseDir, stdout: process.stdout };
}

describe('csv sink', () => {
  it('writes a header once and quotes cells that hold commas, quotes or line breaks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-csv-'));
    const config = csvSink.configSchema.parse({ path: 'out/rows.csv', columns: ['key', 'eventBody.note', 'eventBody.missing'] });
    const event = (key, note) => ({ key, eventBody: { note } });
    for (const batch of [[event('a', 'plain'), event('b', 'one, two')], [event('c', 'say "hi"\nbye')]]) {
      const sink = await csvSink.create(config, context(dir));
      await sink.connect();
      await sink.write(batch);
      await sink.close();
    }
    expect(readFileSync(join(dir, 'out/rows.csv'), 'utf8')).toBe('key,eventBody.note,eventBody.missing\na,plain,\nb,"one, two",\nc,"say ""hi""\nbye",\n');
  });

  it("refuses a path that leaves the config's folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-csv-'));
    expect(() => csvSink.create(csvSink.configSchema.parse({ path: '../elsewhere.csv' }), context(dir))).toThrow(/leaves the config's folder/);
  });
});

describe('csv sink in a pipeline', () => {
  it("passes the pipeline's own tests: cases", async () => {
    const { stdout } = await run(process.execPath, [cli, 'test', join(exampleDir, 'pipeline.yaml')], { cwd: exampleDir });
    expect(stdout).toMatch(/1 passed/);
  });

  it('runs pipeline.yaml on the built-in emulator and writes one row per conversation event', async () => {
    const out = join(exampleDir, 'out');
    rmSync(out, { recursive: true, force: true });
    await run(process.execPath, [cli, 'run', join(exampleDir, 'pipeline.yaml'), '--max-events', '25', '--no-status', '--log-level', 'warn'], { cwd: exampleDir, timeout: 60_000 });
    const lines = readFileSync(join(out, 'conversations.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('eventTime,ids.0,eventBody.id,eventBody.participants.0.purpose');
    expect(lines).toHaveLength(26);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\d{13},[0-9a-f-]{36},[0-9a-f-]{36},\w+$/);
  });
});
