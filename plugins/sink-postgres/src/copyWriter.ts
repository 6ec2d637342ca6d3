import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { errors } from '@gcstream/core';
import type { RowWriter } from './insertWriter.js';
import { toCopyText, type CellValue } from './rows.js';
import { columnList, conflictClause, insertInto } from './statements.js';
import { quoteTable } from './identifiers.js';
import type { TablePlan } from './tablePlan.js';

type CopyFrom = (text: string) => unknown;

async function loadCopyFrom(): Promise<CopyFrom> {
  try {
    const module = (await import('pg-copy-streams')) as unknown as { from?: CopyFrom; default?: { from: CopyFrom } };
    const from = module.from ?? module.default?.from;
    if (!from) throw new Error('it has no "from" export');
    return from;
  } catch (error) {
    throw errors.sinkFatal('postgres', `cannot load "pg-copy-streams" (${(error as Error).message}), which method: copy needs. Install it (pnpm add pg-copy-streams) or set method: insert.`, error);
  }
}

const UNIQUE_VIOLATION = '23505';

/**
 * COPY has no ON CONFLICT. When existing rows are left alone (no upsert), a batch is first copied
 * straight into the table: for new keys, the usual case, that is the fastest load PostgreSQL has.
 * If any key is already there (a retried batch, a replay), the COPY fails as a whole and the batch
 * takes the idempotent path: COPY into a staging table in the session, then one
 * `INSERT ... SELECT ... ON CONFLICT`. Upserts always take that path. Each path is one transaction,
 * so a retried batch finds either all of its rows or none.
 */
export async function createCopyWriter(plan: TablePlan): Promise<RowWriter> {
  const copyFrom = await loadCopyFrom();
  const columns = columnList(plan);
  const table = quoteTable(plan.table);
  const stage = 'pg_temp.gcstream_stage';
  // The staging table lives as long as the connection and is emptied at each commit: creating one
  // per batch would churn the catalog.
  const createStage = `CREATE TEMP TABLE IF NOT EXISTS gcstream_stage ON COMMIT DELETE ROWS AS SELECT ${columns} FROM ${table} WITH NO DATA`;
  const copyDirect = `COPY ${table} (${columns}) FROM STDIN`;
  const copyStage = `COPY ${stage} (${columns}) FROM STDIN`;
  const move = `${insertInto(plan)} (${columns}) SELECT ${columns} FROM ${stage} ${conflictClause(plan)}`;
  // Connections come and go (the pool replaces the ones a restart or a kill broke); each new one needs its own staging table.
  const staged = new WeakSet<ClientBase>();

  const copy = (client: ClientBase, sql: string, text: string) =>
    pipeline(Readable.from([text]), client.query(copyFrom(sql) as never) as unknown as NodeJS.WritableStream);

  const viaStage = async (client: ClientBase, text: string) => {
    if (!staged.has(client)) {
      await client.query(createStage);
      staged.add(client);
    }
    await client.query('BEGIN');
    await copy(client, copyStage, text);
    await client.query(move);
    await client.query('COMMIT');
  };

  return async (client: ClientBase, rows: readonly CellValue[][]) => {
    if (rows.length === 0) return;
    const text = toCopyText(rows);
    if (plan.upsert) return viaStage(client, text);
    try {
      await copy(client, copyDirect, text);
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      await viaStage(client, text);
    }
  };
}
