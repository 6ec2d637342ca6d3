import { z } from 'zod';
import { durationSchema, fieldPathSchema } from '@gcstream/core';
import { isIdentifier, isTableName } from './identifiers.js';

const fieldPath = fieldPathSchema.meta({ description: 'A dotted path into the event: key, eventBody.queueId, ids.0.' });

export const postgresOptionsSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'write it as postgres://user@host:5432/database; give the password as PGPASSWORD in the environment, or in the URL as user:secret@host')
      .meta({ description: 'Connection URL, postgres://user:password@host:5432/database. The password is a secret: it is never logged; prefer ${PGPASSWORD}-style env references.' }),
    table: z
      .string()
      .refine(isTableName, 'a table name is a letter or _, then letters, digits, _ or $ (at most 63), optionally schema-qualified: analytics.queue_minutes')
      .default('gcstream_events')
      .meta({ description: 'Target table, optionally schema-qualified (schema.table).' }),
    createTable: z
      .boolean()
      .default(false)
      .meta({ description: "Create the standard event table (key, topic_name, topic, family, ids, event_time, received_at, source, body) and its indexes if it is missing." }),
    columns: z
      .record(z.string().refine(isIdentifier, 'a column name is a letter or _, then letters, digits, _ or $ (at most 63)'), fieldPath)
      .refine((columns) => Object.keys(columns).length > 0, 'map at least one column')
      .optional()
      .meta({ description: 'Write into an existing table: column name -> event field path. Omit for the standard event table.' }),
    key: z
      .union([fieldPath, z.array(fieldPath).min(1)])
      .default('key')
      .meta({ description: 'Field path(s) whose columns form the table\'s primary key or a unique index: rows with the same key are written once (or updated with upsert).' }),
    upsert: z
      .boolean()
      .default(false)
      .meta({ description: 'false: a row whose key exists is left as it is (ON CONFLICT DO NOTHING). true: its other columns are updated (ON CONFLICT DO UPDATE), for results re-emitted with newer values.' }),
    newerBy: fieldPath
      .optional()
      .meta({
        description:
          'With upsert: a field (a version, an update time) that must grow for a row to be replaced, so a retried or late batch never overwrites newer values with older ones.',
      }),
    method: z
      .enum(['copy', 'insert'])
      .default('copy')
      .meta({ description: 'copy: COPY straight into the table, or (a key already there, or upserts) into a session staging table, then one INSERT ... ON CONFLICT (faster, measured in bench/sink-postgres.ts). insert: multi-row INSERT ... ON CONFLICT statements.' }),
    poolSize: z.int().min(1).max(64).default(4).meta({ description: 'Connections kept open; one write uses one. Match it to the sink\'s maxInFlight.' }),
    connectTimeout: durationSchema.prefault('10s').meta({ description: 'How long to wait for a connection before the write fails (and is retried).' }),
    queryTimeout: durationSchema
      .prefault('60s')
      .meta({
        description:
          'Longest one statement or COPY waits for the server before its connection is dropped and the write retried on a new one: a connection the network lost without a word (a failover, a dropped NAT entry) or a lock never granted would otherwise hold its pool slot for good. 0: no limit.',
      }),
  })
  .superRefine((options, ctx) => {
    if (options.newerBy !== undefined && !options.upsert)
      ctx.addIssue({ code: 'custom', path: ['newerBy'], message: 'newerBy decides which upsert wins; set upsert: true with it' });
    if (options.createTable && options.columns)
      ctx.addIssue({ code: 'custom', path: ['createTable'], message: 'createTable makes the standard event table; with columns, create your table yourself (with a primary key on the key columns)' });
  })
  .meta({ description: 'Writes events (or operator results) to a PostgreSQL table, idempotently by key.' });

export type PostgresOptions = z.output<typeof postgresOptionsSchema>;
