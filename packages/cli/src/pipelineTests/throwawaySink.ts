import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { errors, type PipelineSink, type ResolvedSink } from '@gcstream/core';

/** A sink of the config, pointed at a destination made for one test case, and how to read it back. */
export interface ThrowawaySink {
  readonly sink: PipelineSink;
  /** What the output is made of, for messages. */
  readonly unit: 'lines' | 'rows';
  /** What the sink wrote: file lines or table rows, as objects, in the order written. */
  readOutput(): Promise<unknown[]>;
  /** Removes the destination. */
  dispose(): Promise<void>;
}

/** The sink kinds a test case can target, by definition name. */
const TARGETS: Record<string, (sink: ResolvedSink) => Promise<ThrowawaySink>> = { file: fileTarget, postgres: postgresTarget };

export async function throwawaySink(label: string, sinks: readonly ResolvedSink[]): Promise<ThrowawaySink> {
  const sink = sinks.find((s) => s.name === label);
  if (!sink) throw errors.usage(`a test case names sink "${label}", but the config's sinks are ${sinks.map((s) => s.name).join(', ')}: use one of those labels.`);
  const target = TARGETS[sink.definition.name];
  if (!target) throw errors.usage(`a test case cannot target the ${sink.definition.name} sink ("${label}"): a throwaway destination exists for ${Object.keys(TARGETS).join(' and ')}; test the operators' output instead (leave out sink:).`);
  return target(sink);
}

function bound(sink: ResolvedSink, config: unknown): PipelineSink {
  // Dead letters go to the case's own file; a test must not retry a broken destination for minutes.
  const { deadLetterFile: _ownFile, ...engine } = sink.engine;
  return { name: sink.name, engine: { ...engine, retry: { ...engine.retry, attempts: 0 } }, create: (ctx) => sink.definition.create(config, ctx) };
}

async function fileTarget(sink: ResolvedSink): Promise<ThrowawaySink> {
  const dir = await mkdtemp(join(tmpdir(), 'gcstream-test-file-'));
  return {
    sink: bound(sink, { ...(sink.config as object), dir }),
    unit: 'lines',
    readOutput: async () => {
      const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
      const lines: unknown[] = [];
      for (const file of files) {
        const bytes = await readFile(file);
        const text = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
        for (const line of text.split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      }
      return lines;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(sink: ResolvedSink): Promise<ThrowawaySink> {
  const config = sink.config as { url: string; table: string; createTable: boolean };
  const schema = `gcstream_test_${randomBytes(6).toString('hex')}`;
  const [maybeSchema, maybeTable] = config.table.split('.');
  const table = maybeTable ?? maybeSchema!;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: config.url });
  try {
    await client.connect();
    await client.query(`CREATE SCHEMA "${schema}"`);
    // A table the config does not create has the shape of the real one, columns and keys included.
    if (!config.createTable) await client.query(`CREATE TABLE "${schema}"."${table}" (LIKE ${maybeTable ? `"${maybeSchema}".` : ''}"${table}" INCLUDING ALL)`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw errors.usage(`the test case's throwaway PostgreSQL schema could not be made (${(error as Error).message}): check that ${sink.name}'s url reaches a server where the user may CREATE SCHEMA.`);
  }
  return {
    sink: bound(sink, { ...config, table: `${schema}.${table}` }),
    unit: 'rows',
    readOutput: async () => (await client.query(`SELECT * FROM "${schema}"."${table}" ORDER BY ctid`)).rows.map(jsonSafe),
    dispose: async () => {
      await client.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
      await client.end();
    },
  };
}

/** Rows as YAML expectations can state them: timestamps as ISO text. */
function jsonSafe(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}
