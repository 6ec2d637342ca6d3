import type { ClientBase } from 'pg';
import { errors, fieldPath, type FieldReader } from '@gcstream/core';
import { EVENT_COLUMNS } from './eventTable.js';
import { quoteTable } from './identifiers.js';

/** How a value is turned into what the column takes. */
export type ColumnKind = 'json' | 'time' | 'array' | 'scalar';

export interface PlannedColumn {
  readonly name: string;
  readonly path: string;
  readonly read: FieldReader;
  readonly kind: ColumnKind;
}

/** What a write needs to know about its table, learned once at connect. */
export interface TablePlan {
  readonly table: string;
  readonly columns: readonly PlannedColumn[];
  /** Indexes into `columns` of the conflict target. */
  readonly keyIndexes: readonly number[];
  readonly upsert: boolean;
  /** Index into `columns` of the value that must grow for an upsert to replace a row. */
  readonly newerIndex?: number;
}

interface CatalogColumn {
  attname: string;
  typname: string;
  typcategory: string;
}

function kindOf(column: CatalogColumn): ColumnKind {
  if (column.typname === 'json' || column.typname === 'jsonb') return 'json';
  if (column.typcategory === 'A') return 'array';
  // Events carry epoch milliseconds; a timestamp column gets them as ISO text.
  if (column.typcategory === 'D') return 'time';
  return 'scalar';
}

/** What to do when a table the standard event table's columns are written to has other columns. */
export const STANDARD_TABLE_FIX =
  "It is not the standard event table: write to another table (createTable: true makes it), drop or rename this one, or map this table's own columns with columns:.";

/**
 * Reads the table's columns and unique indexes, and checks the config against them, so a wrong
 * column name or a key without a unique index is reported at start, not on the first batch.
 */
export async function planTable(
  client: ClientBase,
  table: string,
  mapping: Readonly<Record<string, string>>,
  keyPaths: readonly string[],
  upsert: boolean,
  newerBy?: string,
): Promise<TablePlan> {
  const quoted = quoteTable(table);
  const found = await client.query<CatalogColumn>(
    `SELECT a.attname, t.typname, t.typcategory FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [quoted],
  );
  if (found.rows.length === 0)
    throw errors.sinkFatal('postgres', `table ${table} does not exist. Set createTable: true for the standard event table, or create it (see the sink's README).`);
  const catalog = new Map(found.rows.map((row) => [row.attname, row]));
  const columns: PlannedColumn[] = Object.entries(mapping).map(([name, path]) => {
    const column = catalog.get(name);
    if (!column) throw errors.sinkFatal('postgres', `table ${table} has no column "${name}" (columns: ${[...catalog.keys()].join(', ')}). ${mapping === EVENT_COLUMNS ? STANDARD_TABLE_FIX : 'Fix the columns mapping.'}`);
    return { name, path, read: fieldPath(path), kind: kindOf(column) };
  });
  const columnOf = (path: string, option: string) => {
    const index = columns.findIndex((column) => column.path === path);
    if (index < 0) throw errors.sinkFatal('postgres', `${option} field "${path}" is not written to any column. Map it in columns, or change ${option}.`);
    return index;
  };
  const keyIndexes = keyPaths.map((path) => columnOf(path, 'key'));
  const newerIndex = newerBy === undefined ? undefined : columnOf(newerBy, 'newerBy');
  const keyNames = keyIndexes.map((i) => columns[i]!.name).sort();
  // Only indexes ON CONFLICT can infer as its arbiter: the key columns proper (not a covering
  // index's INCLUDE columns, which indkey lists after them), no expressions, valid, not deferrable.
  const unique = await client.query<{ columns: string[] }>(
    `SELECT array_agg(a.attname::text ORDER BY a.attname) AS columns FROM pg_index i
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY((i.indkey::int2[])[0:i.indnkeyatts - 1])
     WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indimmediate AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
     GROUP BY i.indexrelid`,
    [quoted],
  );
  if (!unique.rows.some((row) => row.columns.length === keyNames.length && row.columns.every((c, i) => c === keyNames[i])))
    throw errors.sinkFatal(
      'postgres',
      `table ${table} has no primary key or unique index on (${keyNames.join(', ')}) that ON CONFLICT can use (not deferrable, not partial), which idempotent writes need. Add one: ALTER TABLE ${table} ADD PRIMARY KEY (${keyNames.join(', ')}).`,
    );
  return { table, columns, keyIndexes, upsert, ...(newerIndex === undefined ? {} : { newerIndex }) };
}
