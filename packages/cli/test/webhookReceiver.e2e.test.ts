import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freeLoopbackPort } from '@gcstream/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './cliProcess.js';

const SECRET = 'receiver-test-secret-of-some-length';
const RECEIVER = join(REPO_ROOT, 'examples/webhook-receiver.mjs');

interface Receiver {
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  stop(): void;
}

function startReceiver(port: number): Receiver {
  const child = spawn(process.execPath, [RECEIVER, String(port)], { env: { ...process.env, GCSTREAM_WEBHOOK_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { output: () => out, exited, stop: () => child.kill('SIGTERM') };
}

/** Waits up to 5 s for the receiver to print `text` (its output comes through a pipe, after what caused it). */
const printed = async (receiver: Receiver, text: string) => {
  for (let i = 0; i < 100 && !receiver.output().includes(text); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(receiver.output()).toContain(text);
};
const listening = (receiver: Receiver) => printed(receiver, 'listening on');

/** examples/webhook-receiver.mjs, which the webhook, crm-sync and sla-alerts examples tell users to start. */
describe('examples/webhook-receiver.mjs', () => {
  const started: Receiver[] = [];
  afterEach(() => {
    for (const receiver of started.splice(0)) receiver.stop();
  });

  /** Runs `example` on the emulator against a fresh receiver (its URL in `urlVariable`); the receiver's output and its batch lines. */
  const runAgainstReceiver = async (example: string, urlVariable: string, seconds: number) => {
    const port = await freeLoopbackPort();
    const receiver = startReceiver(port);
    started.push(receiver);
    await listening(receiver);
    const run = await runCli(['run', example, '--emulator-speed', '60', '--duration', `${seconds}s`], {
      env: { GCSTREAM_WEBHOOK_SECRET: SECRET, [urlVariable]: `http://127.0.0.1:${port}/hooks/test` },
    });
    expect(run.code, run.stderr).toBe(0);
    const output = receiver.output();
    const batches = output.split('\n').filter((line) => / events \{/.test(line));
    expect(batches.length).toBeGreaterThan(0);
    return { output, batches };
  };

  it('takes crm-sync.yaml\'s signed batches and names gcstream\'s own records by their topic, not as "unknown"', async () => {
    const { output, batches } = await runAgainstReceiver('examples/crm-sync.yaml', 'CRM_WEBHOOK_URL', 6);
    for (const line of batches) expect(line).toMatch(/ \d+ events \{"gcstream\.conversations\.\{id\}\.final":\d+\}$/);
    expect(output).not.toContain('rejected');
  });

  it("prints sla-alerts.yaml's breaches and recoveries by their line for people", async () => {
    const { output, batches } = await runAgainstReceiver('examples/sla-alerts.yaml', 'ALERT_WEBHOOK_URL', 8);
    for (const line of batches) expect(line).toMatch(/ \d+ events \{"gcstream\.queues\.\{id\}\.breach":\d+\}$/);
    const alerts = output.split('\n').filter((line) => line.startsWith('  '));
    expect(alerts.length).toBeGreaterThan(0);
    for (const line of alerts) expect(line).toMatch(/^ {2}(BREACH|recovered): (voice|chat|message|callback|email) .+ on queue [0-9a-f-]{36}$/);
  });

  it('refuses a request without a good signature', async () => {
    const port = await freeLoopbackPort();
    const receiver = startReceiver(port);
    started.push(receiver);
    await listening(receiver);
    const response = await fetch(`http://127.0.0.1:${port}/hooks/genesys`, { method: 'POST', body: '{"events":[]}', headers: { 'x-gcstream-timestamp': String(Math.floor(Date.now() / 1000)), 'x-gcstream-signature': 'sha256=00' } });
    expect(response.status).toBe(401);
    await printed(receiver, 'rejected a request');
  });

  it('says what to do when its port is taken, instead of a stack trace', async () => {
    const port = await freeLoopbackPort();
    const first = startReceiver(port);
    started.push(first);
    await listening(first);
    const second = startReceiver(port);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`cannot listen on 127.0.0.1:${port}: port ${port} is in use`);
    expect(second.output()).not.toContain('    at ');
  });
});
