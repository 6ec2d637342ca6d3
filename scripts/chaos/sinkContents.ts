import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './processes.js';

// The repository root declares no pg: use the one the PostgreSQL sink depends on, as bench/ does.
const pg = createRequire(join(REPO_ROOT, 'plugins/sink-postgres/package.json'))('pg') as typeof import('pg');

export interface PgRow {
  readonly key: string;
  readonly source: string;
  readonly conversationId: string | null;
  /** The body carries the conversation's end time (a backfilled copy of an ended conversation). */
  readonly ended: boolean;
  /** Epoch ms gcstream received it. */
  readonly receivedAt: number;
}

export async function readPostgres(url: string, table: string): Promise<{ rows: PgRow[]; duplicates: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string; source: string; conv: string | null; ended: boolean; received: string }>(
      `SELECT key, source, body->>'id' AS conv, body->>'endTime' IS NOT NULL AS ended, (extract(epoch FROM received_at) * 1000)::bigint::text AS received FROM ${table}`,
    );
    const distinct = new Set(rows.map((r) => r.key)).size;
    return { rows: rows.map((r) => ({ key: r.key, source: r.source, conversationId: r.conv, ended: r.ended, receivedAt: Number(r.received) })), duplicates: rows.length - distinct };
  } finally {
    await client.end();
  }
}

/** Kills the sink's connections (by the application_name its URL sets); returns how many. */
export async function terminateSinkConnections(adminUrl: string, applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ killed: boolean }>('SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return rows.filter((r) => r.killed).length;
  } finally {
    await client.end();
  }
}

export async function countRows(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]!.n);
  } catch {
    return 0;
  } finally {
    await client.end();
  }
}

/** The NATS client gcstream's sink uses, loaded from the plugin's own dependencies. */
async function natsModules() {
  const require = createRequire(join(REPO_ROOT, 'plugins/sink-nats/package.json'));
  const transport = (await import(pathToFileURL(require.resolve('@nats-io/transport-node')).href)) as typeof import('@nats-io/transport-node');
  const js = (await import(pathToFileURL(require.resolve('@nats-io/jetstream')).href)) as typeof import('@nats-io/jetstream');
  return { transport, js };
}

/** How many messages a JetStream stream holds (0 while the server cannot be reached). */
export async function countNatsMessages(servers: string, stream: string): Promise<number> {
  const { transport, js } = await natsModules();
  const nc = await transport.connect({ servers, reconnect: false, timeout: 1000 }).catch(() => undefined);
  if (!nc) return 0;
  try {
    const info = await (await js.jetstreamManager(nc)).streams.info(stream).catch(() => undefined);
    return info?.state.messages ?? 0;
  } finally {
    await nc.close();
  }
}

/** Every message of a JetStream stream, by event key; the stream is deleted afterwards. */
export async function drainNatsStream(servers: string, stream: string): Promise<{ keys: string[] }> {
  const { transport, js } = await natsModules();
  const nc = await transport.connect({ servers });
  const keys: string[] = [];
  try {
    const jsm = await js.jetstreamManager(nc);
    const info = await jsm.streams.info(stream).catch(() => undefined);
    if (!info) return { keys };
    const total = info.state.messages;
    const consumer = await js.jetstream(nc).consumers.get(stream);
    const messages = await consumer.consume();
    if (total > 0) {
      for await (const message of messages) {
        keys.push((message.json() as { key: string }).key);
        if (keys.length >= total) break;
      }
    }
    await jsm.streams.delete(stream);
  } finally {
    await nc.close();
  }
  return { keys };
}
