import { quoteIdentifier, quoteTable, tableBaseName } from './identifiers.js';

/** The standard event table's columns and the event field each holds. */
export const EVENT_COLUMNS: Readonly<Record<string, string>> = {
  key: 'key',
  topic_name: 'topicName',
  topic: 'topic',
  family: 'family',
  ids: 'ids',
  event_time: 'eventTime',
  received_at: 'receivedAt',
  source: 'source',
  body: 'eventBody',
};

/**
 * DDL for the standard event table. Queries on a contact center's history go by time, and by
 * family and time ("conversations of the last hour"): hence the two indexes.
 */
export function eventTableDdl(table: string): string[] {
  const name = quoteTable(table);
  // Index names live in the table's schema and are capped at 63 bytes, like every identifier.
  const base = tableBaseName(table).slice(0, 40);
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (
  key text PRIMARY KEY,
  topic_name text NOT NULL,
  topic text NOT NULL,
  family text NOT NULL,
  ids text[] NOT NULL,
  event_time timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  source text NOT NULL,
  body jsonb
)`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${base}_event_time_idx`)} ON ${name} (event_time)`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(`${base}_family_event_time_idx`)} ON ${name} (family, event_time)`,
  ];
}
