import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCli, waitFor, type CliRun } from './cliProcess.js';

interface TruthRecord {
  topicName: string;
  conversationId: string | null;
  time: number;
}

const QUEUE_CONVERSATIONS = /^v2\.routing\.queues\.[^.]+\.conversations$/;
/** Preloaded into the `gcstream run` process: its host clock runs 5 minutes fast, as a skewed host's would. */
const SKEW_MODULE = 'const now = Date.now;\nDate.now = () => now() + 300_000;\n';

async function truth(baseUrl: string): Promise<TruthRecord[]> {
  const text = await (await fetch(`${baseUrl}/_emulator/truth`)).text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TruthRecord);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The two scenarios run side by side: each has its own emulator and pipeline, and spends its 50 s
// waiting on simulated time, not on the CPU.
describe.concurrent('gcstream emulator and gcstream run as two processes (issue 9: time across processes)', () => {
  const running: CliRun[] = [];
  afterAll(async () => {
    for (const run of running.splice(0)) {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      await run.exited;
    }
  });

  async function scenario(options: { skewedHost: boolean }): Promise<{ expected: string[]; missing: string[]; stderr: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-two-process-'));
    writeFileSync(join(dir, 'skew.mjs'), SKEW_MODULE);
    const runEnv = options.skewedHost ? { NODE_OPTIONS: `--import=${join(dir, 'skew.mjs')}` } : {};
    // The emulator's own process, its clock 60 times faster than the wall clock; every socket dropped every 15 s.
    const emulator = startCli(['emulator', '--port', '0', '--speed', '60', '--faults', 'drop-sockets:every=15s', '--client-id', 'e2e', '--client-secret', 'e2e-secret', '--log-level', 'warn'], { cwd: dir });
    running.push(emulator);
    await waitFor(emulator, () => /ready at (http:\/\/\S+)/.test(emulator.stdout()), 'the emulator to listen');
    const baseUrl = /ready at (http:\/\/\S+)/.exec(emulator.stdout())![1]!;
    writeFileSync(
      join(dir, 'p.yaml'),
      `source:\n  genesys:\n    baseUrl: "${baseUrl}"\n    clientId: e2e\n    clientSecret: e2e-secret\n    backfill: true\nsinks:\n  - console: { format: json }\n`,
    );
    const run = startCli(['run', 'p.yaml', '--no-status', '--log-level', 'info'], { cwd: dir, env: runEnv });
    running.push(run);
    await waitFor(run, () => run.stderr().includes('channel live'), 'the pipeline to connect');
    const from = (await truth(baseUrl)).length;
    // two drops (at 15 s and 30 s of the emulator's life), each a gap the backfill must fill
    await sleep(32_000);
    const to = (await truth(baseUrl)).length;
    const expected = [...new Set((await truth(baseUrl)).slice(from, to).filter((r) => QUEUE_CONVERSATIONS.test(r.topicName) && r.conversationId).map((r) => r.conversationId!))];
    // the sink's lines, read once each as they come
    const ids = new Set<string>();
    let read = 0;
    const seen = () => {
      const out = run.stdout();
      const end = out.lastIndexOf('\n') + 1;
      for (const line of out.slice(read, end).split('\n')) {
        if (!line.startsWith('{')) continue;
        const event = JSON.parse(line) as { topicName?: string; eventBody?: { id?: string } };
        if (event.topicName && QUEUE_CONVERSATIONS.test(event.topicName) && event.eventBody?.id) ids.add(event.eventBody.id);
      }
      read = end;
      return ids;
    };
    await waitFor(run, () => expected.every((id) => seen().has(id)), 'every conversation to reach the sink', 20_000).catch(() => undefined);
    run.child.kill('SIGINT');
    await run.exited;
    const got = seen();
    return { expected, missing: expected.filter((id) => !got.has(id)), stderr: run.stderr() };
  }

  it('--speed 60, sockets dropped every 15 s, backfill on: every conversation that entered a queue reaches the sink', async () => {
    const { expected, missing, stderr } = await scenario({ skewedHost: false });
    expect(expected.length).toBeGreaterThan(20);
    expect(stderr).toContain('gap closed');
    expect(stderr).toContain('backfill done');
    expect(missing).toEqual([]);
  }, 90_000);

  it('the same with the host clock of gcstream run 5 minutes fast', async () => {
    const { expected, missing, stderr } = await scenario({ skewedHost: true });
    expect(expected.length).toBeGreaterThan(20);
    expect(stderr).toContain('gap closed');
    expect(stderr).toContain('backfill done');
    expect(missing).toEqual([]);
  }, 90_000);
});
