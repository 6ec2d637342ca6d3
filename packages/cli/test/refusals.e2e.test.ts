import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { logLines, runCli, startCli, waitFor } from './cliProcess.js';
import { tempProject } from './tempProject.js';

/**
 * Issue 8: what used to crash with a stack, pass validation and fail later, or run silently, now
 * stops at once with a coded message that names the thing and the fix, and the documented exit code.
 */
const NO_STACK = /\n\s+at /;

/** Holds a port on loopback, as another program would. */
async function portTaken(): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function aliasBomb(): string {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  const names = 'abcdefgh';
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
  return `${lines.join('\n')}\nsinks:\n  - console: {}\n`;
}

describe('coded errors instead of crashes', () => {
  it('a YAML alias bomb: GCS_CONFIG_PARSE-style message, exit 2, no stack, for validate and run', async () => {
    const dir = tempProject({ 'bomb.yaml': aliasBomb() });
    for (const command of ['validate', 'run']) {
      const result = await runCli([command, 'bomb.yaml'], { cwd: dir });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('bomb.yaml: its aliases expand too far');
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.stderr).not.toContain('unexpected error');
    }
  });

  it('a PostgreSQL URL of another scheme: the message shows how to write one, with nothing in it taken for a secret', async () => {
    const dir = tempProject({ 'pipeline.yaml': 'sinks:\n  - postgres: { url: "mysql://127.0.0.1/test", table: t }\n' });
    const result = await runCli(['validate', 'pipeline.yaml'], { cwd: dir });
    expect(result.code, result.stderr).toBe(2);
    // The CLI scrubs URL passwords from everything it prints: an example URL with one came out as user:[redacted]@host.
    expect(result.stderr).toContain('sinks[0].postgres.url: write it as postgres://user@host:5432/database; give the password as PGPASSWORD in the environment, or in the URL as user:secret@host, found "mysql://127.0.0.1/test"');
    expect(result.stderr).not.toContain('[redacted]');
  });

  it('a metrics port already in use: names the port and metrics.port, exit 2, no stack', async () => {
    const taken = await portTaken();
    try {
      const dir = tempProject({ 'pipeline.yaml': `metrics: { port: ${taken.port} }\nsinks:\n  - console: {}\n` });
      const result = await runCli(['run', 'pipeline.yaml', '--duration', '5s'], { cwd: dir });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`[gcstream] [metrics] cannot listen on 127.0.0.1:${taken.port} (EADDRINUSE`);
      expect(result.stderr).toContain('metrics.port');
      expect(result.stderr).not.toMatch(NO_STACK);
    } finally {
      await taken.close();
    }
  });

  it('an EventBridge port already in use: names the port and the option, exit 2, no stack', async () => {
    const taken = await portTaken();
    try {
      const dir = tempProject({ 'pipeline.yaml': `source:\n  eventbridge:\n    http: { port: ${taken.port} }\nsinks:\n  - console: {}\n` });
      const result = await runCli(['run', 'pipeline.yaml', '--duration', '5s'], { cwd: dir });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`[source:eventbridge] cannot listen on 127.0.0.1:${taken.port} (EADDRINUSE`);
      expect(result.stderr).toContain('source.eventbridge.http.port');
      expect(result.stderr).not.toMatch(/\\n\s+at /); // no stack, not even inside a JSON log line
      expect(result.stderr).not.toMatch(NO_STACK);
    } finally {
      await taken.close();
    }
  });

  it('a sink whose create() throws is named in a GCS_SINK_FATAL message, exit 1, no stack', async () => {
    const dir = tempProject({
      'broken-sink.mjs': `import { defineSink } from '@gcstream/core';\nimport { z } from 'zod';\nexport default defineSink({ name: 'crm', configSchema: z.object({}), create() { throw new Error('client library failed to start'); } });\n`,
      'pipeline.yaml': 'sinks:\n  - ./broken-sink.mjs: {}\n',
    });
    const result = await runCli(['run', 'pipeline.yaml', '--duration', '5s'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/\[sink:crm\] cannot start: .*client library failed to start/);
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.stderr).not.toMatch(NO_STACK);
  });

  it('an operator whose create() throws is named in a coded message, exit 1, no stack', async () => {
    const dir = tempProject({
      'enrich.mjs': `import { defineOperator } from '@gcstream/core';\nimport { z } from 'zod';\nexport default defineOperator({ name: 'enrich', configSchema: z.object({}), create() { throw new TypeError('lookup table missing'); } });\n`,
      'pipeline.yaml': 'pipeline:\n  - ./enrich.mjs: {}\nsinks:\n  - console: {}\n',
    });
    const result = await runCli(['run', 'pipeline.yaml', '--duration', '5s'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain("[gcstream] [operator:enrich] cannot start: lookup table missing. Check this operator's options");
    expect(result.stderr).not.toContain('unexpected error');
    expect(result.stderr).not.toMatch(NO_STACK);
  });

  it('a run in which a sink failed every write exits 1 and says so', async () => {
    const dir = tempProject({
      'failing-sink.mjs': `import { defineSink, errors } from '@gcstream/core';\nimport { z } from 'zod';\nexport default defineSink({ name: 'crm', configSchema: z.object({}), create() { return { async write() { throw errors.sinkFatal('crm', 'HTTP 403 forbidden'); }, async close() {} }; } });\n`,
      'pipeline.yaml': 'sinks:\n  - ./failing-sink.mjs: {}\n',
    });
    const result = await runCli(['run', 'pipeline.yaml', '--max-events', '5', '--emulator-speed', '60'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    const failed = logLines(result.stderr).find((l) => typeof l.msg === 'string' && l.msg.startsWith('sink crm delivered none of its'));
    expect(failed).toMatchObject({ sink: 'crm', deadLettered: 5 });
  });
});

describe('validate catches what needs no network', () => {
  it('an unknown region, at its line, exit 2', async () => {
    const dir = tempProject({ 'org.yaml': 'source:\n  genesys:\n    region: mars-east-9\n    clientId: abc\n    clientSecret: defghijk\n    topics: [ "v2.users.u1.presence" ]\nsinks:\n  - console: {}\n' });
    const result = await runCli(['validate', 'org.yaml'], { cwd: dir });
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toMatch(/org\.yaml:3:\d+: \[source:genesys\] unknown region "mars-east-9"/);
  });

  it('more topics than 20 channels of 1000 can hold, counting queues listed by name', async () => {
    const queues = Array.from({ length: 10_001 }, (_, i) => `q${i}`).join(', ');
    const dir = tempProject({
      'big.yaml': `source:\n  genesys:\n    clientId: abc\n    clientSecret: defghijk\n    topics:\n      - v2.routing.queues.{queueId}.conversations\n      - v2.routing.queues.{queueId}.observations\n    queues: [${queues}]\nsinks:\n  - console: {}\n`,
    });
    const result = await runCli(['validate', 'big.yaml'], { cwd: dir });
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toContain('20002 topics need 21 channels of 1000 topics');
  });
});

describe('EventBridge endpoint reachable from the network', () => {
  it('refuses 0.0.0.0 without apiKey (validate and run), and starts with allowUnauthenticated: true and a loud warning', async () => {
    const dir = tempProject({
      'open.yaml': 'source:\n  eventbridge:\n    http: { port: 0, host: 0.0.0.0 }\nsinks:\n  - console: {}\n',
      'allowed.yaml': 'source:\n  eventbridge:\n    http: { port: 0, host: 0.0.0.0, allowUnauthenticated: true }\nsinks:\n  - console: {}\n',
    });
    for (const command of ['validate', 'run']) {
      const refused = await runCli([command, 'open.yaml'], { cwd: dir });
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(/open\.yaml:3:\d+: .*0\.0\.0\.0 is reachable from other machines, but no apiKey is set/);
    }
    const run = startCli(['run', 'allowed.yaml'], { cwd: dir });
    await waitFor(run, () => /EventBridge endpoint listening/.test(run.stderr()), 'the endpoint');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const warning = logLines(run.stderr()).find((l) => typeof l.msg === 'string' && l.msg.includes('WITHOUT an API key'));
    expect(warning).toMatchObject({ level: 40, host: '0.0.0.0' });
  });
});

describe('plugin paths', () => {
  it('refuses a file that is not a JavaScript module, such as /etc/passwd, with a coded message and exit 2', async () => {
    const dir = tempProject({ 'pipeline.yaml': 'sinks:\n  - /etc/passwd: {}\n' });
    for (const command of ['validate', 'run']) {
      const result = await runCli([command, 'pipeline.yaml'], { cwd: dir });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('plugin "/etc/passwd" is /etc/passwd, which is not a JavaScript module');
      expect(result.stderr).not.toMatch(NO_STACK);
    }
  });

  it('warns about a plugin outside the config folder, and still loads it', async () => {
    const plugins = tempProject({ 'shared-sink.mjs': `import { defineSink } from '@gcstream/core';\nimport { z } from 'zod';\nexport default defineSink({ name: 'shared', configSchema: z.object({}), create() { return { async write() {}, async close() {} }; } });\n` });
    const dir = tempProject({ 'pipeline.yaml': `sinks:\n  - ${plugins}/shared-sink.mjs: {}\n` });
    const result = await runCli(['validate', 'pipeline.yaml'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: plugin "${plugins}/shared-sink.mjs" is ${plugins}/shared-sink.mjs, outside the config's folder`);
  });
});
