/**
 * The analytics query filter: `{type: "and"|"or", predicates: [{dimension, operator, value}],
 * clauses: [{type, predicates}]}`, as aggregate and observation queries take it. Parsed once into
 * a test over a row's dimensions, or a message naming what is wrong.
 */
export type DimensionRow = Readonly<Record<string, string | undefined>>;
export type RowTest = (row: DimensionRow) => boolean;

interface RawPredicate {
  type?: unknown;
  dimension?: unknown;
  operator?: unknown;
  value?: unknown;
}

function predicateTest(p: RawPredicate, dimensions: ReadonlySet<string>, where: string): RowTest | string {
  if (typeof p !== 'object' || p === null) return `${where} must be an object {dimension, value}.`;
  if (p.type !== undefined && p.type !== 'dimension') return `${where}.type ${String(p.type)} is not supported by the emulator; use "dimension".`;
  if (typeof p.dimension !== 'string' || !dimensions.has(p.dimension)) {
    return `${where}.dimension ${String(p.dimension)} is not one the emulator filters on; use one of ${[...dimensions].join(', ')}.`;
  }
  const dimension = p.dimension;
  const operator = p.operator ?? 'matches';
  if (operator === 'exists') return (row) => row[dimension] !== undefined;
  if (operator === 'notExists') return (row) => row[dimension] === undefined;
  if (operator !== 'matches') return `${where}.operator ${String(operator)} is not one of matches, exists, notExists.`;
  if (typeof p.value !== 'string') return `${where}.value is required with operator matches.`;
  const value = p.value;
  return (row) => row[dimension] === value;
}

function combine(type: unknown, tests: RowTest[], where: string): RowTest | string {
  if (type !== 'and' && type !== 'or') return `${where}.type must be "and" or "or", got ${String(type)}.`;
  if (tests.length === 0) return `${where} needs at least one predicate or clause.`;
  return type === 'and' ? (row) => tests.every((t) => t(row)) : (row) => tests.some((t) => t(row));
}

/** Parses a filter; `undefined` (no filter) lets every row through. */
export function parseFilter(filter: unknown, dimensions: ReadonlySet<string>, where = 'filter'): RowTest | string {
  if (filter === undefined) return () => true;
  if (typeof filter !== 'object' || filter === null) return `${where} must be an object {type, predicates, clauses}.`;
  const f = filter as { type?: unknown; predicates?: unknown; clauses?: unknown };
  const tests: RowTest[] = [];
  for (const [key, list] of [['predicates', f.predicates], ['clauses', f.clauses]] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) return `${where}.${key} must be an array.`;
    for (const [i, item] of list.entries()) {
      const test = key === 'predicates' ? predicateTest(item as RawPredicate, dimensions, `${where}.predicates[${i}]`) : parseClause(item, dimensions, `${where}.clauses[${i}]`);
      if (typeof test === 'string') return test;
      tests.push(test);
    }
  }
  return combine(f.type, tests, where);
}

function parseClause(clause: unknown, dimensions: ReadonlySet<string>, where: string): RowTest | string {
  if (typeof clause !== 'object' || clause === null) return `${where} must be an object {type, predicates}.`;
  const c = clause as { type?: unknown; predicates?: unknown };
  if (!Array.isArray(c.predicates)) return `${where}.predicates must be an array.`;
  const tests: RowTest[] = [];
  for (const [i, p] of c.predicates.entries()) {
    const test = predicateTest(p as RawPredicate, dimensions, `${where}.predicates[${i}]`);
    if (typeof test === 'string') return test;
    tests.push(test);
  }
  return combine(c.type, tests, where);
}

/** Values a filter names for one dimension (the observation query needs its queue ids up front). */
export function filterValues(filter: unknown, dimension: string): string[] {
  const values: string[] = [];
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { dimension?: unknown; value?: unknown; predicates?: unknown; clauses?: unknown };
    if (n.dimension === dimension && typeof n.value === 'string') values.push(n.value);
    for (const list of [n.predicates, n.clauses]) if (Array.isArray(list)) list.forEach(visit);
  };
  visit(filter);
  return values;
}
