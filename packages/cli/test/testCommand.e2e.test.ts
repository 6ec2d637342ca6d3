import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './cliProcess.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Every pipeline config under examples/ except the one broken on purpose. */
function exampleConfigs(dir = join(REPO_ROOT, 'examples'), prefix = 'examples'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return ['node_modules', 'monitoring', 'testdata'].includes(entry.name) ? [] : exampleConfigs(join(dir, entry.name), `${prefix}/${entry.name}`);
    return /\.ya?ml$/.test(entry.name) && entry.name !== 'invalid.yaml' ? [`${prefix}/${entry.name}`] : [];
  });
}

const presence = (status: string, id: string) =>
  JSON.stringify({ topicName: 'v2.users.u-1.presence', eventBody: { presenceDefinition: { id: 'p', systemPresence: status }, primary: true, modifiedDate: '2026-01-01T14:02:11.000Z' }, metadata: { CorrelationId: id } });

function config(dir: string, tests: string, sinks = '  - console: {}\n'): string {
  writeFileSync(join(dir, 'p.yaml'), `pipeline:\n  - dedupe: { ttl: 10m }\nsinks:\n${sinks}tests:\n${tests}`);
  return 'p.yaml';
}

describe('gcstream test (as a process)', () => {
  it('every example carries tests, and they all pass', async () => {
    const files = exampleConfigs();
    expect(files.length).toBeGreaterThanOrEqual(6);
    const result = await runCli(['test', ...files], { env: { GCSTREAM_PG_URL: PG_URL } });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/^\s+FAIL/m);
    for (const file of files) expect(result.stdout).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}: [1-9]\\d* passed, 0 failed$`, 'm'));
  });

  it('reads inputs from an NDJSON file; exact, contains and count; a failure shows a diff and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-test-cmd-'));
    writeFileSync(join(dir, 'in.ndjson'), `${presence('Available', 'a')}\n${presence('Available', 'a')}\n\n${presence('Away', 'b')}\n`);
    const file = config(
      dir,
      `  - name: passes
    inputFile: in.ndjson
    expect:
      count: 2
      contains: [{ eventBody: { presenceDefinition: { systemPresence: Away } } }]
  - name: exact fails with a diff
    inputFile: in.ndjson
    expect:
      exact:
        - { topicName: v2.users.u-1.presence, family: presence, eventBody: { presenceDefinition: { systemPresence: Available } } }
  - name: contains fails
    input: [{ topicName: v2.users.u-1.presence, eventBody: { presenceDefinition: { id: p, systemPresence: Busy } } }]
    expect: { contains: [{ eventBody: { presenceDefinition: { systemPresence: Meal } } }] }
`,
    );
    const result = await runCli(['test', file], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}ok {4}passes$/m);
    expect(result.stdout).toMatch(/^ {2}FAIL {2}exact fails with a diff\n {8}the output is not exactly as expected \(- expected, \+ actual\):/m);
    // The diff names what is there and was not expected, line by line.
    expect(result.stdout).toMatch(/^ {8}\+ {5}"key": /m);
    expect(result.stdout).toMatch(/^ {8}\+\s+"systemPresence": "Away"/m);
    expect(result.stdout).toMatch(/contains\[0\]: none of the 1 events matches .*Meal.*systemPresence: expected "Meal", got "Busy"/);
    expect(result.stdout).toContain('p.yaml: 1 passed, 2 failed');
  });

  it('a case that targets the postgres sink writes to a throwaway schema, checks its rows, and drops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-test-pg-'));
    writeFileSync(join(dir, 'in.ndjson'), `${presence('Available', 'a')}\n${presence('Available', 'a')}\n${presence('Away', 'b')}\n`);
    const sinks = `  - postgres: { url: "${PG_URL}", table: gcstream_events, createTable: true }\n`;
    const pass = config(dir, `  - name: rows\n    inputFile: in.ndjson\n    sink: postgres\n    expect:\n      count: 2\n      events: [{ family: presence, body: { presenceDefinition: { systemPresence: Available } } }, { body: { presenceDefinition: { systemPresence: Away } } }]\n`, sinks);
    const ok = await runCli(['test', pass], { cwd: dir });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const fail = config(dir, `  - name: wrong count\n    inputFile: in.ndjson\n    sink: postgres\n    expect: { count: 3 }\n`, sinks);
    const failed = await runCli(['test', fail], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('expected 3 rows, got 2');
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const left = await client.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'gcstream_test_%'");
    await client.end();
    expect(left.rows).toEqual([]);
  });

  it('a case that targets the file sink checks the lines written in a temporary folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-test-file-'));
    const file = config(dir, `  - name: lines\n    input: [${presence('Away', 'x')}, ${presence('Away', 'x')}]\n    sink: file\n    expect: { count: 2 }\n`, '  - file: { dir: ./out }\n');
    const result = await runCli(['test', file], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('expected 2 lines, got 1');
    expect(readdirSync(dir)).not.toContain('out');
    const unknown = config(dir, `  - name: no such sink\n    input: [${presence('Away', 'x')}]\n    sink: postgres\n    expect: { count: 1 }\n`, '  - file: { dir: ./out }\n');
    const usage = await runCli(['test', unknown], { cwd: dir });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('names sink "postgres", but the config\'s sinks are file');
  });

  it('a case reads its inputs from a file the file sink wrote during a real run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-test-from-sink-'));
    writeFileSync(join(dir, 'capture.yaml'), 'sinks:\n  - file: { dir: ./captured, path: "events.ndjson" }\n');
    const captured = await runCli(['run', 'capture.yaml', '--max-events', '8', '--emulator-speed', '60', '--no-status'], { cwd: dir });
    expect(captured.code, captured.stderr).toBe(0);
    const lines = readFileSync(join(dir, 'captured/events.ndjson'), 'utf8').trim().split('\n');
    const first = JSON.parse(lines[0]!) as { key: string; topicName: string };
    writeFileSync(
      join(dir, 'p.yaml'),
      `sinks:\n  - console: {}\ntests:\n  - name: the captured events decode again, the same ones\n    inputFile: captured/events.ndjson\n    expect:\n      count: ${lines.length}\n      contains: [{ topicName: "${first.topicName}", key: "${first.key}" }]\n`,
    );
    const result = await runCli(['test', 'p.yaml'], { cwd: dir });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('p.yaml: 1 passed, 0 failed');
  });
});
