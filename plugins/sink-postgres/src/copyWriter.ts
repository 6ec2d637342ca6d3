import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { errors } from '@gcstream/core';
import type { RowWriter } from './insertWriter.js';
import { toCopyText } from './rows.js';
import { columnList, conflictClause } from './statements.js';
import { quoteTable } from './identifiers.js';
import type { TablePlan } from './tablePlan.js';

type CopyFrom = (text: string) => NodeJS.WritableStream & { on(event: string, listener: (...args: unknown[]) => void): unknown };

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

/**
 * COPY has no ON CONFLICT, so rows are copied into a staging table in the session, then moved with
 * one `INSERT ... SELECT ... ON CONFLICT`; both in one transaction, so a retried batch finds either
 * all of its rows or none. The staging table lives as long as the connection and is emptied at each
 * commit (creating one per batch would churn the catalog).
 */
export async function createCopyWriter(plan: TablePlan): Promise<RowWriter> {
  const copyFrom = await loadCopyFrom();
  const columns = columnList(plan);
  const stage = 'pg_temp.gcstream_stage';
  const createStage = `CREATE TEMP TABLE IF NOT EXISTS gcstream_stage ON COMMIT DELETE ROWS AS SELECT ${columns} FROM ${quoteTable(plan.table)} WITH NO DATA`;
  const copy = `COPY ${stage} (${columns}) FROM STDIN`;
  const move = `INSERT INTO ${quoteTable(plan.table)} (${columns}) SELECT ${columns} FROM ${stage} ${conflictClause(plan)}`;
  // Connections come and go (the pool replaces the ones a restart or a kill broke); each new one needs its own staging table.
  const staged = new WeakSet<ClientBase>();

  return async (client, rows) => {
    if (rows.length === 0) return;
    if (!staged.has(client)) {
      await client.query(createStage);
      staged.add(client);
    }
    // On any failure the caller destroys this connection, so a half-done transaction never reaches the next batch.
    await client.query('BEGIN');
    await pipeline(Readable.from([toCopyText(rows)]), client.query(copyFrom(copy) as never) as unknown as NodeJS.WritableStream);
    await client.query(move);
    await client.query('COMMIT');
  };
}
