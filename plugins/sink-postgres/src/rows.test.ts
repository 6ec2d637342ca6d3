import { fieldPath } from '@gcstream/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCopyText, toRows, type CellValue } from './rows.js';
import type { ColumnKind, TablePlan } from './tablePlan.js';

/** COPY's text format read back the way PostgreSQL reads it (for the escapes the sink writes). */
function parseCopyText(text: string): Array<Array<string | null>> {
  const unescape = (field: string) =>
    field === '\\N' ? null : field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c);
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => line.split('\t').map(unescape));
}

const plan = (kinds: ColumnKind[], upsert = false, keyIndexes = [0]): TablePlan => ({
  table: 't',
  upsert,
  keyIndexes,
  columns: kinds.map((kind, i) => ({ name: `c${i}`, path: `f${i}`, read: fieldPath(`f${i}`), kind })),
});

describe('COPY text', () => {
  it('carries any text, tabs, newlines and backslashes included, one line per row', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constant(null)), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));
        expect(parseCopyText(toCopyText(table as CellValue[][]))).toEqual(table);
      }),
    );
  });

  it('writes arrays as quoted array literals, so commas, quotes and braces stay inside elements', () => {
    expect(toCopyText([[['a,b', 'say "hi"', '{x}', 'back\\slash', null]]])).toBe('{"a,b","say \\\\"hi\\\\"","{x}","back\\\\\\\\slash",NULL}\n');
  });
});

describe('rows of a batch', () => {
  it('turns epoch milliseconds into ISO times and values into JSON for json columns', () => {
    const [row] = toRows(plan(['scalar', 'time', 'json', 'json', 'array']), [{ f0: 'k', f1: 0, f2: { a: [1] }, f3: 'text', f4: ['x', 2] }]);
    expect(row).toEqual(['k', '1970-01-01T00:00:00.000Z', '{"a":[1]}', '"text"', ['x', '2']]);
  });

  it('collapses a key repeated in one batch: the first copy without upsert, the last with it', () => {
    const batch = [
      { f0: 'a', f1: 1 },
      { f0: 'b', f1: 2 },
      { f0: 'a', f1: 3 },
    ];
    expect(toRows(plan(['scalar', 'scalar']), batch)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(toRows(plan(['scalar', 'scalar'], true), batch)).toEqual([
      ['b', 2],
      ['a', 3],
    ]);
  });

  it('keeps one row per distinct composite key, whatever the batch', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ f0: fc.constantFrom('q1', 'q2'), f1: fc.integer({ min: 0, max: 3 }), f2: fc.string() })), (batch) => {
        const rows = toRows(plan(['scalar', 'scalar', 'scalar'], true, [0, 1]), batch);
        const keys = rows.map((r) => `${r[0]}|${r[1]}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(keys)).toEqual(new Set(batch.map((e) => `${e.f0}|${e.f1}`)));
      }),
    );
  });
});
