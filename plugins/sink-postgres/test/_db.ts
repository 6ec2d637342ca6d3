import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sampleEvents } from '@gcstream/testkit';
import type { GenesysEvent } from '@gcstream/core';

/** The machine's PostgreSQL, database `test`, trust authentication. */
export const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A name no other test run uses, for tables, schemas and application names. */
export const uniqueName = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

export function adminPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  // A server restart in a test closes this pool's idle connections too.
  pool.on('error', () => {});
  return pool;
}

/** `count` realistic events of every family, with keys unique to `prefix`. */
export function manyEvents(count: number, prefix: string): GenesysEvent[] {
  const templates = sampleEvents(Math.min(count, 60), 5);
  return Array.from({ length: count }, (_, i) => ({ ...templates[i % templates.length]!, key: `${prefix}-${i}` }));
}

export async function keysIn(pool: pg.Pool, table: string): Promise<string[]> {
  const result = await pool.query<{ key: string }>(`SELECT key FROM ${table}`);
  return result.rows.map((row) => row.key);
}

/** Waits until the server accepts queries again (after a restart). */
export async function waitForServer(pool: pg.Pool, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await pool.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
