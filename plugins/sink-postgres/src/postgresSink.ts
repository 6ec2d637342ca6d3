import type { Pool, PoolClient } from 'pg';
import { defineSink, errors, isGcsError } from '@gcstream/core';
import { createCopyWriter } from './copyWriter.js';
import { EVENT_COLUMNS, eventTableDdl } from './eventTable.js';
import { createInsertWriter, type RowWriter } from './insertWriter.js';
import { postgresOptionsSchema } from './options.js';
import { describeTarget, toSinkError } from './pgErrors.js';
import { toRows } from './rows.js';
import { planTable, STANDARD_TABLE_FIX, type TablePlan } from './tablePlan.js';

async function loadPg(): Promise<typeof import('pg')> {
  try {
    const module = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
    return module.default ?? module;
  } catch (error) {
    throw errors.sinkFatal('postgres', `cannot load the "pg" package (${(error as Error).message}). Install it next to gcstream: pnpm add pg`, error);
  }
}

export const postgresSink = defineSink({
  name: 'postgres',
  description: 'Writes events (or operator results) to a PostgreSQL table, idempotently by key: batched COPY or multi-row INSERT with ON CONFLICT.',
  core: '^0.1.0',
  configSchema: postgresOptionsSchema,
  create(config, ctx) {
    // Only host, port and database are ever named: the URL carries the password.
    const target = describeTarget(config.url);
    const keyPaths = typeof config.key === 'string' ? [config.key] : config.key;
    let pool: Pool | undefined;
    let plan: TablePlan | undefined;
    let writeRows: RowWriter | undefined;
    const inFlight = new Set<Promise<void>>();

    const checkout = async (action: string): Promise<PoolClient> => {
      if (!pool) throw errors.sinkFatal('postgres', 'write called before connect or after close');
      try {
        return await pool.connect();
      } catch (error) {
        throw toSinkError(error, action, target);
      }
    };

    /** Runs `work` on one connection; a connection that saw any error is destroyed, not reused. */
    const withClient = async <T>(action: string, work: (client: PoolClient) => Promise<T>): Promise<T> => {
      const client = await checkout(action);
      let failed = false;
      // A connection killed between two statements reports it as an event, not through a query; the
      // next statement then fails as "not queryable" and the write is retried on a new connection.
      const onLost = () => (failed = true);
      client.on('error', onLost);
      try {
        return await work(client);
      } catch (error) {
        failed = true;
        throw isGcsError(error) ? error : toSinkError(error, action, target);
      } finally {
        client.off('error', onLost);
        client.release(failed);
      }
    };

    return {
      async connect() {
        const pg = await loadPg();
        const hasAppName = /[?&]application_name=/.test(config.url);
        pool = new pg.Pool({
          connectionString: config.url,
          max: config.poolSize,
          connectionTimeoutMillis: config.connectTimeout,
          // A statement with no answer fails, and withClient destroys its connection: the slot is
          // freed. Keepalive probes find a peer the network lost while the connection sits idle.
          ...(config.queryTimeout > 0 ? { query_timeout: config.queryTimeout } : {}),
          keepAlive: true,
          ...(hasAppName ? {} : { application_name: 'gcstream' }),
        });
        // An idle connection closed by the server (restart, pg_terminate_backend) must not crash
        // the process; the pool drops it and the next write opens a new one.
        pool.on('error', (error) => ctx.logger.warn({ code: (error as { code?: string }).code, reason: error.message }, `an idle connection to ${target} was closed; the next write reconnects`));
        const mapping = config.columns ?? EVENT_COLUMNS;
        try {
          plan = await withClient(`connect to`, async (client) => {
            if (config.createTable) {
              await client.query('BEGIN');
              // Two gcstream processes starting at once would race on CREATE TABLE IF NOT EXISTS.
              await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [config.table]);
              try {
                for (const statement of eventTableDdl(config.table)) await client.query(statement);
              } catch (error) {
                // CREATE TABLE IF NOT EXISTS leaves a table of another shape as it is; its index on a column it lacks fails.
                if ((error as { code?: unknown }).code === '42703') throw errors.sinkFatal('postgres', `table ${config.table} already exists with other columns than the standard event table (${(error as Error).message}). ${STANDARD_TABLE_FIX}`, error);
                throw error;
              }
              await client.query('COMMIT');
            }
            return planTable(client, config.table, mapping, keyPaths, config.upsert, config.newerBy);
          });
          writeRows = config.method === 'copy' ? await createCopyWriter(plan) : createInsertWriter(plan);
        } catch (error) {
          // The engine may call connect again after a retryable failure: no pool is left behind.
          const failed = pool;
          pool = undefined;
          await failed?.end().catch(() => undefined);
          throw error;
        }
        ctx.logger.info({ table: config.table, method: config.method, columns: plan.columns.length }, `writing to ${target}`);
      },
      async write(batch) {
        if (batch.length === 0) return;
        if (!plan || !writeRows) throw errors.sinkFatal('postgres', 'write called before connect');
        const rows = toRows(plan, batch);
        const write = writeRows;
        const writing = withClient('write to', (client) => write(client, rows));
        inFlight.add(writing);
        try {
          await writing;
        } finally {
          inFlight.delete(writing);
        }
      },
      async close() {
        // Writes already started finish first: ending the pool under them would fail them for
        // nothing. Past the pipeline's shutdown deadline (the signal) nothing more is awaited.
        const deadline = new Promise<void>((resolve) => (ctx.signal.aborted ? resolve() : ctx.signal.addEventListener('abort', () => resolve(), { once: true })));
        await Promise.race([Promise.allSettled([...inFlight]), deadline]);
        const closing = pool;
        pool = undefined;
        await Promise.race([closing?.end(), deadline]);
      },
    };
  },
});

