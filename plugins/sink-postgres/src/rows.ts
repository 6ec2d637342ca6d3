import { bodyTextOf, type GenesysEvent } from '@gcstream/core';
import type { ColumnKind, PlannedColumn, TablePlan } from './tablePlan.js';

/** A column's value as both write methods take it: text, number, boolean, string[] or null. */
export type CellValue = string | number | boolean | bigint | ReadonlyArray<string | null> | null;

function cell(value: unknown, kind: ColumnKind): CellValue {
  if (value === undefined || value === null) return null;
  switch (kind) {
    case 'json':
      // Always JSON text: a plain string must arrive as a JSON string, not as a JSON document.
      return JSON.stringify(value) ?? null;
    case 'time':
      return typeof value === 'number' ? new Date(value).toISOString() : typeof value === 'string' ? value : null;
    case 'array':
      return Array.isArray(value) ? value.map((item: unknown) => (item === null || item === undefined ? null : typeof item === 'object' ? JSON.stringify(item) : String(item))) : null;
    default:
      if (typeof value === 'object') return JSON.stringify(value);
      return value as string | number | boolean | bigint;
  }
}

/** A column's value; an event's body goes in as the JSON text it arrived in when that was kept. */
function valueOf(record: unknown, column: PlannedColumn): CellValue {
  if (column.kind === 'json' && column.path === 'eventBody' && typeof record === 'object' && record !== null) {
    const text = bodyTextOf(record as GenesysEvent);
    if (text !== undefined) return text;
  }
  return cell(column.read(record), column.kind);
}

/**
 * The batch as rows in column order. Rows with the same key are collapsed first: one statement
 * cannot touch a row twice ("ON CONFLICT DO UPDATE command cannot affect row a second time"). The
 * first occurrence is kept when existing rows are left alone, the last when rows are upserted (with
 * `newerBy`, the newest), so the table ends as if the events had been written one by one.
 */
export function toRows(plan: TablePlan, batch: readonly unknown[]): CellValue[][] {
  const { columns, keyIndexes, upsert, newerIndex } = plan;
  const byKey = new Map<string, CellValue[]>();
  const single = keyIndexes.length === 1 ? keyIndexes[0]! : -1;
  for (const record of batch) {
    const row = columns.map((column) => valueOf(record, column));
    const id = single >= 0 ? String(row[single]) : JSON.stringify(keyIndexes.map((i) => row[i]));
    const kept = byKey.get(id);
    if (!kept) byKey.set(id, row);
    else if (upsert && (newerIndex === undefined || isNewer(row[newerIndex]!, kept[newerIndex]!))) {
      // Delete and set, so the surviving row takes the last occurrence's place in the order.
      byKey.delete(id);
      byKey.set(id, row);
    }
  }
  return [...byKey.values()];
}

/** The same order as the SQL condition: a null yields to any value. */
function isNewer(candidate: CellValue, current: CellValue): boolean {
  if (candidate === null) return false;
  if (current === null) return true;
  return candidate > current;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeCopy = (text: string) => (COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]!) : text);

function arrayLiteral(items: ReadonlyArray<string | null>): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (i > 0) out += ',';
    out += item === null || item === undefined ? 'NULL' : `"${item.replace(/["\\]/g, '\\$&')}"`;
  }
  return `${out}}`;
}

/** Rows in COPY's text format: tab-separated, `\N` for null, backslash escapes. */
export function toCopyText(rows: readonly CellValue[][]): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const value = row[i];
      if (i > 0) out += '\t';
      if (value === null || value === undefined) out += '\\N';
      else if (typeof value === 'string') out += escapeCopy(value);
      else if (Array.isArray(value)) out += escapeCopy(arrayLiteral(value));
      else out += String(value);
    }
    out += '\n';
  }
  return out;
}
