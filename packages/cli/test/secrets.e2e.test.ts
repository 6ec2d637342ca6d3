import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '@gcstream/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cliProcess.js';
import { filesUnder, tempProject } from './tempProject.js';

/**
 * Issue 8, secrets: pipelines run as a user would run them, through every failure path that can be
 * reached from a config (a refused login, a sink whose destination echoes its API key, a database
 * URL with a password that cannot connect, a sink and an operator that throw, dead letters, the
 * spool), and every byte they write is searched for the secrets.
 */
const OAUTH_SECRET = 'oauth-S3cr3t-7f1e9a';
const API_KEY = 'apikey-K3y-99ab4c';
const DB_PASSWORD_ENCODED = 'dsn-Pa55%40w0rd-zz';
const DB_PASSWORD = 'dsn-Pa55@w0rd-zz';
const PLUGIN_KEY = 'plugin-T0ken-31c8';
const SECRETS = [OAUTH_SECRET, API_KEY, DB_PASSWORD_ENCODED, DB_PASSWORD, PLUGIN_KEY];

const ENV = { GCS_TEST_OAUTH_SECRET: OAUTH_SECRET, GCS_TEST_API_KEY: API_KEY, GCS_TEST_DB_PASSWORD: DB_PASSWORD_ENCODED, GCS_TEST_PLUGIN_KEY: PLUGIN_KEY };

/** A sink plugin whose create() fails with its own API key in the message, as a careless client library's would. */
const THROWING_SINK = `import { defineSink } from '@gcstream/core';
import { z } from 'zod';
export default defineSink({
  name: 'leaky',
  configSchema: z.object({ apiKey: z.string() }),
  create(config) {
    throw new Error('cannot authenticate with key ' + config.apiKey);
  },
});
`;

/** An operator plugin that fails while being built: an error gcstream does not expect, with a token in it. */
const THROWING_OPERATOR = `import { defineOperator } from '@gcstream/core';
import { z } from 'zod';
export default defineOperator({
  name: 'enrich',
  configSchema: z.object({ token: z.string() }),
  create(config) {
    throw new TypeError('lookup service refused token ' + config.token);
  },
});
`;

/** A sink plugin whose writes fail with a plain error that quotes its token: dead letters carry the reason. */
const FAILING_SINK = `import { defineSink } from '@gcstream/core';
import { z } from 'zod';
export default defineSink({
  name: 'failing',
  configSchema: z.object({ token: z.string() }),
  create(config) {
    return {
      async write() { throw new Error('401 from crm: bad bearer ' + config.token); },
      async close() {},
    };
  },
});
`;

let emulator: RunningEmulator;
let echoServer: Server;
let echoUrl: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, speed: 60 });
  // A destination that refuses each batch and quotes the request's headers back, API key included.
  echoServer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'rejected', headers: req.headers }));
    });
  });
  await new Promise<void>((resolve) => echoServer.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echoServer.address() as AddressInfo).port}/events`;
});

afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => echoServer.close(resolve));
});

const genesys = (secret: string) =>
  ['source:', '  genesys:', `    baseUrl: ${emulator.baseUrl}`, `    clientId: ${emulator.clientId}`, `    clientSecret: "${secret}"`, '    topics: [ "v2.routing.queues.{queueId}.conversations" ]'].join('\n');

/** Runs one pipeline in a fresh folder and returns every byte it wrote: standard output, standard error, and each file. */
async function everythingWritten(files: Record<string, string>, args: string[]): Promise<{ code: number | null; text: string; stderr: string }> {
  const dir = tempProject(files, 'gcs-secrets-');
  const result = await runCli(['run', 'pipeline.yaml', ...args], { cwd: dir, env: ENV });
  const written = filesUnder(dir)
    .filter(({ file }) => !file.endsWith('.yaml') && !file.endsWith('.mjs'))
    .map(({ file, text }) => `--- ${file}\n${text}`);
  return { code: result.code, stderr: result.stderr, text: [result.stdout, result.stderr, ...written].join('\n') };
}

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `"${secret}" was written:\n${text.slice(Math.max(0, text.indexOf(secret) - 400), text.indexOf(secret) + 200)}`).toBe(false);
  expect(text).not.toContain(emulator.clientSecret);
  // The login sends the secret as Basic base64(id:secret): that form must not show either.
  for (const secret of [OAUTH_SECRET, emulator.clientSecret]) expect(text).not.toContain(Buffer.from(`${emulator.clientId}:${secret}`).toString('base64'));
}

describe('no secret in anything a run writes', () => {
  it('a refused login (wrong client secret)', async () => {
    const run = await everythingWritten({ 'pipeline.yaml': `${genesys('${GCS_TEST_OAUTH_SECRET}')}\nsinks:\n  - console: {}\n` }, ['--duration', '4s', '--log-level', 'debug']);
    expect(run.stderr).toMatch(/login|401|auth/i);
    expectNoSecret(run.text);
  });

  it('a webhook whose destination echoes the API key, into dead letters and the spool, with the OAuth secret of a working login', async () => {
    const config = [
      genesys(emulator.clientSecret),
      'sinks:',
      `  - webhook: { url: "${echoUrl}", headers: { x-api-key: "\${GCS_TEST_API_KEY}" }, retry: { attempts: 1 } }`,
      '',
    ].join('\n');
    const run = await everythingWritten({ 'pipeline.yaml': config }, ['--max-events', '20', '--spool', 'spool', '--dead-letters', 'dead.ndjson', '--log-level', 'debug']);
    expect(run.text).toContain('"stage":"sink:webhook"');
    expect(run.code).toBe(1);
    expectNoSecret(run.text);
  });

  it('a PostgreSQL URL with a password that cannot connect', async () => {
    const config = `${genesys(emulator.clientSecret)}\nsinks:\n  - postgres: { url: "postgres://gcs:\${GCS_TEST_DB_PASSWORD}@127.0.0.1:1/test" }\n`;
    const run = await everythingWritten({ 'pipeline.yaml': config }, ['--duration', '5s', '--log-level', 'debug']);
    expect(run.stderr).toMatch(/ECONNREFUSED|connect/);
    expectNoSecret(run.text);
  });

  it('a sink whose create() throws with its key, and an operator that throws an unexpected error with its token', async () => {
    const sink = await everythingWritten(
      { 'leaky-sink.mjs': THROWING_SINK, 'pipeline.yaml': `${genesys(emulator.clientSecret)}\nsinks:\n  - ./leaky-sink.mjs: { apiKey: "\${GCS_TEST_API_KEY}" }\n` },
      ['--duration', '4s'],
    );
    expect(sink.stderr).toContain('leaky');
    expect(sink.code).not.toBe(0);
    expectNoSecret(sink.text);
    const operator = await everythingWritten(
      { 'enrich.mjs': THROWING_OPERATOR, 'pipeline.yaml': `${genesys(emulator.clientSecret)}\npipeline:\n  - ./enrich.mjs: { token: "\${GCS_TEST_PLUGIN_KEY}" }\nsinks:\n  - console: {}\n` },
      ['--duration', '4s'],
    );
    expect(operator.stderr).toContain('lookup service refused token');
    expect(operator.code).toBe(1);
    expectNoSecret(operator.text);
  });

  it('a sink whose every write fails with its token in the error: dead letters, logs, exit summary', async () => {
    const run = await everythingWritten(
      { 'failing-sink.mjs': FAILING_SINK, 'pipeline.yaml': `${genesys(emulator.clientSecret)}\nsinks:\n  - ./failing-sink.mjs: { token: "\${GCS_TEST_PLUGIN_KEY}", retry: { attempts: 1 } }\n` },
      ['--max-events', '10', '--spool', 'spool'],
    );
    expect(run.text).toContain('401 from crm: bad bearer');
    expect(run.code).toBe(1);
    expectNoSecret(run.text);
  });
});
