import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './processes.js';

const pg = createRequire(join(REPO_ROOT, 'plugins/sink-postgres/package.json'))('pg') as typeof import('pg');

/** The chaos table goes when the run is over: the database is shared. */
export default async function dropTable(url: string, table: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
  } finally {
    await client.end();
  }
}
