import type { ClientBase } from 'pg';
import type { CellValue } from './rows.js';
import { MAX_PARAMETERS, multiRowInsert } from './statements.js';
import type { TablePlan } from './tablePlan.js';

export type RowWriter = (client: ClientBase, rows: readonly CellValue[][]) => Promise<void>;

/**
 * Multi-row `INSERT ... ON CONFLICT` statements, as many rows in each as the 65,535 bind parameters
 * allow. A batch that needs several statements runs them in one transaction, so a retried batch
 * finds either all of its rows or none.
 */
export function createInsertWriter(plan: TablePlan): RowWriter {
  const perStatement = Math.floor(MAX_PARAMETERS / plan.columns.length);
  const texts = new Map<number, string>();
  const textFor = (rows: number) => {
    let text = texts.get(rows);
    if (text === undefined) {
      text = multiRowInsert(plan, rows);
      // Statements for a few common sizes are worth keeping; odd sizes from interval flushes are not.
      if (texts.size < 32) texts.set(rows, text);
    }
    return text;
  };
  const run = (client: ClientBase, rows: readonly CellValue[][]) => client.query(textFor(rows.length), rows.flat() as unknown[]);

  return async (client, rows) => {
    if (rows.length === 0) return;
    if (rows.length <= perStatement) {
      await run(client, rows);
      return;
    }
    await client.query('BEGIN');
    for (let i = 0; i < rows.length; i += perStatement) await run(client, rows.slice(i, i + perStatement));
    await client.query('COMMIT');
  };
}
