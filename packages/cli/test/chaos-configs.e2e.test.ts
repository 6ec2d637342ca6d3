import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cliProcess.js';
import { tempProject } from './tempProject.js';

/**
 * Issue 13, hostile configs: each is refused with a message that names the problem, exit 2, and
 * nothing started: a PostgreSQL sink listed before the bad one has not created its table, no file
 * was written, no emulator or socket came up.
 */
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const client = new pg.Client({ connectionString: PG_URL });
const tables: string[] = [];
beforeAll(async () => client.connect());
afterAll(async () => {
  for (const table of tables) await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.end();
});

const cases: Array<{ name: string; sink: string; message: RegExp }> = [
  { name: 'an unknown plugin', sink: '  - nosuchsink: {}', message: /unknown sink "nosuchsink"/ },
  { name: 'a file path outside the folder', sink: '  - file: { path: ../outside.ndjson }', message: /escapes dir/ },
  { name: 'an absolute file path', sink: '  - file: { path: /tmp/gcstream-outside.ndjson }', message: /absolute|inside dir/ },
  { name: 'a path template that climbs', sink: '  - file: { path: "{topic}/../../{id}.ndjson" }', message: /escapes dir|\.\./ },
  { name: 'a NATS subject with a wildcard', sink: '  - nats: { servers: "nats://127.0.0.1:4222", subject: "gcstream.>" }', message: /no \*, > or spaces/ },
  { name: 'a NATS subject template with a space and a wildcard in a placeholder', sink: '  - nats: { servers: "nats://127.0.0.1:4222", subject: "gcstream.{ids.0 *}" }', message: /subject/ },
  { name: 'an env reference that is not set', sink: '  - file: { path: "${GCSTREAM_NO_SUCH_VAR_FOR_TEST}.ndjson" }', message: /GCSTREAM_NO_SUCH_VAR_FOR_TEST/ },
];

describe('hostile configs: clear errors and no partial start', () => {
  for (const { name, sink, message } of cases) {
    it(name, async () => {
      const table = `hostile_${process.pid}_${tables.length}`;
      tables.push(table);
      const dir = tempProject({
        'pipeline.yaml': `sinks:\n  - postgres: { url: "${PG_URL}", table: ${table}, createTable: true }\n${sink}\n  - file: { path: events.ndjson }\n`,
      });
      const run = await runCli(['run', 'pipeline.yaml', '--no-status'], { cwd: dir });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr + run.stdout).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      const created = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
      expect(created.rows[0]!.t).toBeNull();
      expect(readdirSync(dir)).toEqual(['pipeline.yaml']);
      expect(existsSync(join(dir, 'events.ndjson'))).toBe(false);
    });
  }
});
