import { quoteIdentifier, quoteTable } from './identifiers.js';
import type { TablePlan } from './tablePlan.js';

/** PostgreSQL's wire protocol counts bind parameters in 16 bits. */
export const MAX_PARAMETERS = 65_535;

export function columnList(plan: TablePlan): string {
  return plan.columns.map((column) => quoteIdentifier(column.name)).join(', ');
}

/** The alias of the target table in INSERT statements, for the newerBy condition. */
const TARGET = 'gcstream_target';

/** `INSERT INTO "t" AS gcstream_target`. */
export function insertInto(plan: TablePlan): string {
  return `INSERT INTO ${quoteTable(plan.table)} AS ${TARGET}`;
}

/**
 * `ON CONFLICT (key) DO NOTHING`, or `DO UPDATE SET` every other column when upserting; with
 * `newerBy`, only when the incoming value is greater (an existing null always yields).
 */
export function conflictClause(plan: TablePlan): string {
  const keys = plan.keyIndexes.map((i) => quoteIdentifier(plan.columns[i]!.name));
  const others = plan.columns.filter((_, i) => !plan.keyIndexes.includes(i)).map((column) => quoteIdentifier(column.name));
  const target = `ON CONFLICT (${keys.join(', ')})`;
  if (!plan.upsert || others.length === 0) return `${target} DO NOTHING`;
  const update = `${target} DO UPDATE SET ${others.map((name) => `${name} = EXCLUDED.${name}`).join(', ')}`;
  if (plan.newerIndex === undefined) return update;
  const newer = quoteIdentifier(plan.columns[plan.newerIndex]!.name);
  return `${update} WHERE ${TARGET}.${newer} IS NULL OR ${TARGET}.${newer} < EXCLUDED.${newer}`;
}

/** `INSERT INTO t (cols) VALUES ($1, $2), ($3, $4) ON CONFLICT ...` for `rows` rows. */
export function multiRowInsert(plan: TablePlan, rows: number): string {
  const width = plan.columns.length;
  const tuples: string[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const params: string[] = new Array(width);
    for (let c = 0; c < width; c++) params[c] = `$${r * width + c + 1}`;
    tuples[r] = `(${params.join(',')})`;
  }
  return `${insertInto(plan)} (${columnList(plan)}) VALUES ${tuples.join(',')} ${conflictClause(plan)}`;
}
