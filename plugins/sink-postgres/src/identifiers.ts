/**
 * Table and column names come from the config, and SQL cannot take them as parameters: they are
 * checked against a strict pattern (so no quote, semicolon or space can reach the SQL text) and
 * then always double-quoted, which also keeps their case.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** `table` or `schema.table`. */
export function isTableName(name: string): boolean {
  const parts = name.split('.');
  return parts.length <= 2 && parts.every(isIdentifier);
}

export function quoteIdentifier(name: string): string {
  if (!isIdentifier(name)) throw new Error(`not a valid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** `"schema"."table"` or `"table"`. */
export function quoteTable(name: string): string {
  if (!isTableName(name)) throw new Error(`not a valid table name: ${JSON.stringify(name)}`);
  return name.split('.').map(quoteIdentifier).join('.');
}

/** The unqualified part, for naming the table's indexes. */
export function tableBaseName(name: string): string {
  return name.split('.').at(-1)!;
}
