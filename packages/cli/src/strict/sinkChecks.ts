import { access, constants } from 'node:fs/promises';
import { lookup } from 'node:dns/promises';
import { connect as tcpConnect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createLogger, createMetrics, type ResolvedSink } from '@gcstream/core';

/** What `validate --strict` found wrong with one sink's destination; undefined when it is reachable. */
export type SinkCheck = (sink: ResolvedSink, baseDir: string) => Promise<string | undefined>;

const TIMEOUT_MS = 5000;

const postgres: SinkCheck = async (sink) => {
  const config = sink.config as { url: string; table: string; createTable: boolean };
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    return `cannot connect to PostgreSQL (${(error as Error).message}): check url and that the server is running`;
  }
  try {
    const [schema, table] = config.table.includes('.') ? config.table.split('.') : [undefined, config.table];
    const qualified = schema ? `${schema}.${table}` : table!;
    const found = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [qualified]);
    if (found.rows[0]?.exists) {
      const can = await client.query<{ ok: boolean }>("SELECT has_table_privilege($1, 'INSERT') AS ok", [qualified]);
      return can.rows[0]?.ok ? undefined : `table ${qualified} exists but this user may not INSERT into it: GRANT INSERT ON ${qualified} TO the user in url`;
    }
    if (!config.createTable) return `table ${qualified} does not exist: create it, or set createTable: true`;
    const where = schema ?? (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
    const can = await client.query<{ ok: boolean }>("SELECT has_schema_privilege($1, 'CREATE') AS ok", [where]);
    return can.rows[0]?.ok ? undefined : `table ${qualified} does not exist and this user may not create tables in schema ${where}: GRANT CREATE ON SCHEMA ${where}, or create the table`;
  } catch (error) {
    return `cannot check table ${config.table} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
};

const webhook: SinkCheck = async (sink) => {
  const { hostname } = new URL((sink.config as { url: string }).url);
  try {
    await lookup(hostname.replace(/^\[|\]$/g, ''));
    return undefined;
  } catch (error) {
    return `the host ${hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): check url`;
  }
};

/** Reachable means a NATS server answers: it greets every new connection with an INFO line. */
function natsGreets(server: string): Promise<string | undefined> {
  const url = new URL(server.includes('://') ? server : `nats://${server}`);
  const port = Number(url.port || 4222);
  return new Promise((done) => {
    const socket = tcpConnect({ host: url.hostname, port });
    const finish = (problem: string | undefined) => {
      socket.destroy();
      done(problem);
    };
    socket.setTimeout(TIMEOUT_MS, () => finish(`no answer from ${url.hostname}:${port} within ${TIMEOUT_MS / 1000}s`));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(`cannot connect to ${url.hostname}:${port} (${error.code ?? error.message})`));
    socket.once('data', (chunk: Buffer) => finish(chunk.toString().startsWith('INFO ') ? undefined : `${url.hostname}:${port} answered, but not as a NATS server`));
  });
}

const nats: SinkCheck = async (sink) => {
  const servers = (sink.config as { servers: string | string[] }).servers;
  const problems = await Promise.all((Array.isArray(servers) ? servers : [servers]).map(natsGreets));
  // A cluster is usable while one server answers.
  return problems.every(Boolean) ? `no NATS server is reachable: ${problems.join('; ')}` : undefined;
};

const file: SinkCheck = async (sink, baseDir) => {
  let dir = resolve(baseDir, (sink.config as { dir: string }).dir);
  // The sink creates the folder: what must be writable is the nearest one that exists.
  for (;;) {
    try {
      await access(dir, constants.W_OK);
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(dir) === dir) return `cannot write under ${dir} (${(error as NodeJS.ErrnoException).code}): check dir and its permissions`;
      dir = dirname(dir);
    }
  }
};

/** Any other sink (a plugin): build it, connect, close. What it does on connect is what run would do first. */
const connectAndClose: SinkCheck = async (sink, baseDir) => {
  const controller = new AbortController();
  try {
    const built = await sink.create({ logger: createLogger({ level: 'silent' }), metrics: createMetrics(), signal: controller.signal, baseDir, stdout: process.stdout });
    await built.connect?.();
    await built.close();
    return undefined;
  } catch (error) {
    return `cannot connect (${(error as Error).message})`;
  } finally {
    controller.abort();
  }
};

const CHECKS: Record<string, SinkCheck> = { postgres, webhook, nats, file, console: async () => undefined };

export const checkSink: SinkCheck = (sink, baseDir) => (CHECKS[sink.definition.name] ?? connectAndClose)(sink, baseDir);
