import { describeSinkConformance } from '@gcstream/testkit';
import { createLogger, createMetrics, type GenesysEvent, type SinkContext } from '@gcstream/core';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresSink } from '../src/postgresSink.js';
import { eventTableDdl } from '../src/eventTable.js';
import { DATABASE_URL, adminPool, keysIn, manyEvents, uniqueName } from './_db.js';

const admin = adminPool();
const dropped: string[] = [];
afterAll(async () => {
  for (const table of dropped) {
    await admin.query(`DROP TABLE IF EXISTS ${table}`);
    await admin.query(`DROP FUNCTION IF EXISTS ${table.split('.').at(-1)}_fault(); DROP SEQUENCE IF EXISTS ${table}_retryable, ${table}_fatal`);
  }
  await admin.end();
});

const context = (): SinkContext => ({
  logger: createLogger({ level: 'silent' }),
  metrics: createMetrics(),
  signal: new AbortController().signal,
  baseDir: '.',
  stdout: process.stdout,
});

async function openSink(options: Record<string, unknown>) {
  const sink = await postgresSink.create(postgresSink.configSchema.parse({ url: DATABASE_URL, ...options }), context());
  await sink.connect?.();
  return sink;
}

/**
 * A statement trigger that fails the next write once, with the SQLSTATE of a serialization failure
 * (retryable) or of an invalid value (fatal). Sequences are not rolled back with the failed
 * statement, so the fault fires exactly once.
 */
async function installFaults(table: string) {
  for (const statement of eventTableDdl(table)) await admin.query(statement);
  await admin.query(`CREATE SEQUENCE ${table}_retryable START 100; CREATE SEQUENCE ${table}_fatal START 100`);
  await admin.query(`CREATE FUNCTION ${table}_fault() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF nextval('${table}_retryable') = 1 THEN RAISE EXCEPTION 'injected serialization failure' USING ERRCODE = '40001'; END IF;
      IF nextval('${table}_fatal') = 1 THEN RAISE EXCEPTION 'injected invalid value' USING ERRCODE = '22023'; END IF;
      RETURN NULL;
    END $$`);
  await admin.query(`CREATE TRIGGER ${table}_fault BEFORE INSERT ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_fault()`);
}

for (const method of ['copy', 'insert'] as const) {
  const table = uniqueName(`conformance_${method}`);
  dropped.push(table);
  describeSinkConformance(`postgres (${method})`, {
    setup: () => installFaults(table),
    faults: {
      retryable: async () => void (await admin.query(`ALTER SEQUENCE ${table}_retryable RESTART WITH 1`)),
      fatal: async () => void (await admin.query(`ALTER SEQUENCE ${table}_fatal RESTART WITH 1`)),
    },
    definition: postgresSink,
    options: { url: DATABASE_URL, table, createTable: true, method },
    invalidOptions: [
      { url: DATABASE_URL, table: 'events; DROP TABLE users' },
      { url: DATABASE_URL, table: 'a.b.c' },
      { url: DATABASE_URL, table: '"quoted"' },
      { url: DATABASE_URL, columns: { 'bad name': 'key' } },
      { url: DATABASE_URL, columns: { ok: 'key); DROP TABLE x; --' } },
      { url: DATABASE_URL, createTable: true, columns: { key: 'key' } },
      { url: 'mysql://127.0.0.1/test' },
      { url: DATABASE_URL, method: 'merge' },
      { url: DATABASE_URL, newerBy: 'eventTime' },
    ],
    // The table has no column that records arrival order, so the read-back cannot tell it.
    readBackInOrder: false,
    deliveredKeys: async () => {
      const keys = await keysIn(admin, table);
      await admin.query(`TRUNCATE ${table}`);
      return keys;
    },
  });

  describe(`postgres sink (${method})`, () => {
    it('gives up on a write that gets no answer within queryTimeout, as retryable, and frees its connection', async () => {
      const name = uniqueName('hung');
      dropped.push(name);
      const sink = await openSink({ table: name, createTable: true, method, poolSize: 1, connectTimeout: 1000, queryTimeout: 300 });
      // A lock that is not granted while the transaction holding it stays open: the write waits, unanswered.
      const holder = await admin.connect();
      await holder.query(`BEGIN; LOCK TABLE ${name} IN ACCESS EXCLUSIVE MODE`);
      const events = manyEvents(3, name);
      const stuck = await Promise.race([sink.write(events).then(() => 'written', (e: unknown) => e as { retryable?: boolean; message: string }), new Promise((resolve) => setTimeout(() => resolve('no answer'), 5000))]);
      await holder.query('COMMIT');
      holder.release();
      expect(stuck).toMatchObject({ retryable: true, message: expect.stringContaining('Query read timeout') });
      // With one connection in the pool, a slot still held by the hung write would make this wait for connectTimeout and fail.
      await sink.write(events);
      expect((await keysIn(admin, name)).sort()).toEqual(events.map((e) => e.key).sort());
      await sink.close();
    });

    it('creates the standard table with its key and indexes', async () => {
      const name = uniqueName('layout');
      dropped.push(name);
      const sink = await openSink({ table: name, createTable: true, method });
      await sink.close();
      const columns = await admin.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
        [name],
      );
      expect(columns.rows.map((c) => `${c.column_name}:${c.data_type}`)).toEqual([
        'key:text',
        'topic_name:text',
        'topic:text',
        'family:text',
        'ids:ARRAY',
        'event_time:timestamp with time zone',
        'received_at:timestamp with time zone',
        'source:text',
        'body:jsonb',
      ]);
      const indexes = await admin.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname`, [name]);
      expect(indexes.rows.map((i) => i.indexdef.replace(/^.* USING btree /, ''))).toEqual(['(event_time)', '(family, event_time)', '(key)']);
    });

    it('stores event content verbatim, whatever SQL or COPY syntax it holds', async () => {
      const name = uniqueName('verbatim');
      dropped.push(name);
      const nasty = ["'); DROP TABLE users; --", 'tab\there', 'line\nbreak\r\n', 'back\\slash \\N \\.', '"quoted" {braces},', 'ünïcødé ✓ 😀', ''];
      const [template] = manyEvents(1, 'x');
      const events: GenesysEvent[] = nasty.map((text, i) => ({
        ...template!,
        key: `k'${i}\t"${text}`,
        topicName: text,
        ids: [text, 'plain', `a,b"c\\d`],
        eventBody: { text, nested: { list: [text, null, 1.5] } },
      }));
      const sink = await openSink({ table: name, createTable: true, method });
      await sink.write(events);
      await sink.close();
      const rows = await admin.query<{ key: string; topic_name: string; ids: string[]; body: unknown }>(`SELECT key, topic_name, ids, body FROM ${name}`);
      const byKey = new Map(rows.rows.map((row) => [row.key, row]));
      for (const event of events) {
        const row = byKey.get(event.key);
        expect(row, event.key).toBeDefined();
        expect(row!.topic_name).toBe(event.topicName);
        expect(row!.ids).toEqual(event.ids);
        expect(row!.body).toEqual(event.eventBody);
      }
      expect(await admin.query(`SELECT to_regclass('users') AS t`).then((r) => r.rows[0])).toEqual({ t: null });
    });

    it('writes a key once, keeping the first copy, even within one batch and on a retried batch', async () => {
      const name = uniqueName('dupes');
      dropped.push(name);
      const [a, b] = manyEvents(2, 'dupe');
      const sink = await openSink({ table: name, createTable: true, method });
      await sink.write([a!, { ...a!, topic: 'second copy' }, b!]);
      await sink.write([a!, b!]);
      await sink.close();
      const rows = await admin.query<{ key: string; topic: string }>(`SELECT key, topic FROM ${name} ORDER BY key`);
      expect(rows.rows).toEqual([
        { key: a!.key, topic: a!.topic },
        { key: b!.key, topic: b!.topic },
      ]);
    });

    it("upserts operator results into their own table by a composite key", async () => {
      const name = `public.${uniqueName('queue_minutes')}`;
      dropped.push(name);
      await admin.query(`CREATE TABLE ${name} (queue_id text, window_start timestamptz, offered int, detail jsonb, PRIMARY KEY (queue_id, window_start))`);
      const sink = await openSink({
        table: name,
        method,
        upsert: true,
        key: ['queueId', 'windowStart'],
        columns: { queue_id: 'queueId', window_start: 'windowStart', offered: 'offered', detail: 'detail' },
      });
      const minute = Date.UTC(2026, 0, 1, 14, 0);
      const rows = (offered: number) => [
        { queueId: 'sales', windowStart: minute, offered, detail: { n: offered } },
        { queueId: 'support', windowStart: minute, offered: offered * 2, detail: { n: offered } },
      ];
      await sink.write(rows(1) as never);
      // A late firing re-emits both rows; within one batch the last one wins.
      await sink.write([...rows(2), ...rows(3)] as never);
      await sink.close();
      const result = await admin.query(`SELECT queue_id, window_start, offered, detail FROM ${name} ORDER BY queue_id`);
      expect(result.rows).toEqual([
        { queue_id: 'sales', window_start: new Date(minute), offered: 3, detail: { n: 3 } },
        { queue_id: 'support', window_start: new Date(minute), offered: 6, detail: { n: 3 } },
      ]);
    });

    it('with newerBy, never replaces a row with an older one: a late retry or an out-of-order batch loses', async () => {
      const name = uniqueName('conversations');
      dropped.push(name);
      await admin.query(`CREATE TABLE ${name} (conversation_id text PRIMARY KEY, state text, updated_at timestamptz)`);
      const sink = await openSink({
        table: name,
        method,
        upsert: true,
        key: 'conversationId',
        newerBy: 'updatedAt',
        columns: { conversation_id: 'conversationId', state: 'state', updated_at: 'updatedAt' },
      });
      const at = (s: number) => Date.UTC(2026, 0, 1, 14, 0, s);
      await sink.write([{ conversationId: 'c1', state: 'connected', updatedAt: at(20) }] as never);
      // An older batch retried late changes nothing; in a batch whose newest row comes first, the newest wins.
      await sink.write([{ conversationId: 'c1', state: 'alerting', updatedAt: at(10) }] as never);
      expect((await admin.query(`SELECT state FROM ${name}`)).rows).toEqual([{ state: 'connected' }]);
      await sink.write([
        { conversationId: 'c1', state: 'ended', updatedAt: at(40) },
        { conversationId: 'c1', state: 'held', updatedAt: at(30) },
        { conversationId: 'c2', state: 'alerting', updatedAt: at(5) },
      ] as never);
      await sink.close();
      const result = await admin.query(`SELECT conversation_id, state, updated_at FROM ${name} ORDER BY conversation_id`);
      expect(result.rows).toEqual([
        { conversation_id: 'c1', state: 'ended', updated_at: new Date(at(40)) },
        { conversation_id: 'c2', state: 'alerting', updated_at: new Date(at(5)) },
      ]);
    });
  });
}

describe('postgres sink: config checked against the table at connect', () => {
  it('names a missing table, a missing column and a key without a unique index', async () => {
    await expect(openSink({ table: uniqueName('missing') })).rejects.toThrow(/does not exist\. Set createTable: true/);
    const name = uniqueName('plain');
    dropped.push(name);
    await admin.query(`CREATE TABLE ${name} (id text, n int)`);
    await expect(openSink({ table: name, columns: { id: 'key', nope: 'topic' } })).rejects.toThrow(/has no column "nope"/);
    await expect(openSink({ table: name, columns: { id: 'key' } })).rejects.toThrow(/no primary key or unique index on \(id\)/);
    await expect(openSink({ table: name, columns: { n: 'eventTime' } })).rejects.toThrow(/key field "key" is not written to any column/);
    // No columns mapping: the standard columns were meant, and the advice is about the table, not a mapping.
    await expect(openSink({ table: name })).rejects.toThrow(/has no column "key" .*It is not the standard event table: write to another table/);
    await expect(openSink({ table: name, createTable: true })).rejects.toThrow(/already exists with other columns than the standard event table .*drop or rename this one/);
  });

  it('takes a primary key with INCLUDE columns, and refuses a deferrable one, which ON CONFLICT cannot use', async () => {
    const covering = uniqueName('covering');
    const deferrable = uniqueName('deferrable');
    dropped.push(covering, deferrable);
    await admin.query(`CREATE TABLE ${covering} (id text, n int, PRIMARY KEY (id) INCLUDE (n))`);
    await admin.query(`CREATE TABLE ${deferrable} (id text, n int, PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED)`);
    for (const method of ['copy', 'insert'] as const) {
      const sink = await openSink({ table: covering, method, columns: { id: 'key', n: 'n' } });
      await sink.write([{ key: 'a', n: 1 }] as never);
      // A retried batch: the row is there already.
      await sink.write([{ key: 'a', n: 1 }] as never);
      await sink.close();
      await expect(openSink({ table: deferrable, method, columns: { id: 'key', n: 'n' } })).rejects.toThrow(/no primary key or unique index on \(id\).*not deferrable/);
    }
    expect((await admin.query(`SELECT id, n FROM ${covering}`)).rows).toEqual([{ id: 'a', n: 1 }]);
  });

  it('reports a server that is not there as retryable, naming host and port but never the password', async () => {
    const sink = await postgresSink.create(postgresSink.configSchema.parse({ url: 'postgres://gc:hunter2-secret@127.0.0.1:1/test', connectTimeout: 500 }), context());
    const error = await sink.connect!().then(() => undefined, (e: unknown) => e as { retryable: boolean; message: string });
    expect(error?.retryable).toBe(true);
    expect(error?.message).toMatch(/cannot connect to 127\.0\.0\.1:1\/test: .*is PostgreSQL running\?/);
    expect(error?.message).not.toContain('hunter2');
    await sink.close();
  });
});
