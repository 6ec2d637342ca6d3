import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFaultSpec, startEmulator } from '@gcstream/emulator';
import { describe, expect, it } from 'vitest';
import { logLines, startCli, waitFor } from './cliProcess.js';

interface Probe {
  status: number;
  body: { ready: boolean; draining: boolean; notReady: string[] };
}

async function probe(url: string): Promise<Probe> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as Probe['body'] };
}

/** Polls /readyz until `want` holds; returns the answer that did. */
async function until(url: string, want: (p: Probe) => boolean, what: string, timeoutMs = 30_000): Promise<Probe> {
  const deadline = Date.now() + timeoutMs;
  let last: Probe | undefined;
  while (Date.now() < deadline) {
    last = await probe(url);
    if (want(last)) return last;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`/readyz never showed ${what}; last: ${JSON.stringify(last)}`);
}

describe('gcstream run --metrics-port (as a process)', () => {
  it('/readyz is 200 only with every channel and sink connected: 503 naming the channel when the emulator drops the sockets, 200 after the reconnect, 503 while draining', async () => {
    const emulator = await startEmulator({ port: 0, speed: 10 });
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-readyz-'));
    writeFileSync(
      join(dir, 'p.yaml'),
      `source:\n  genesys:\n    baseUrl: "${emulator.baseUrl}"\n    clientId: ${emulator.clientId}\n    clientSecret: ${emulator.clientSecret}\n    topics: [ "v2.routing.queues.{queueId}.conversations" ]\n    reconnect: { initialDelay: 1s, maxDelay: 2s }\nsinks:\n  - console: { format: json }\n`,
    );
    const run = startCli(['run', 'p.yaml', '--metrics-port', '0', '--no-status'], { cwd: dir });
    try {
      await waitFor(run, () => run.stderr().includes('metrics at '), 'the metrics endpoint');
      const url = String(logLines(run.stderr()).find((l) => typeof l.url === 'string')!.url);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const ready = await until(url, (p) => p.status === 200, 'ready');
      expect(ready.body).toEqual({ ready: true, draining: false, notReady: [] });

      emulator.faults.apply(parseFaultSpec(['drop-sockets']));
      const down = await until(url, (p) => p.status === 503, 'a 503 after the sockets dropped');
      expect(down.body.ready).toBe(false);
      expect(down.body.notReady.join('\n')).toMatch(/channel 0\b.*: socket not connected/);

      const back = await until(url, (p) => p.status === 200, 'ready again after the reconnect');
      expect(back.body.notReady).toEqual([]);

      run.child.kill('SIGTERM');
      const draining = await until(url, (p) => p.status === 503 && p.body.draining, 'draining', 10_000).catch(() => undefined);
      // The drain of a console sink can end before a probe arrives; when one does, it says so.
      if (draining) expect(draining.body.notReady).toContain('draining: the pipeline is stopping');
      expect(await run.exited).toBe(0);
      // The exit summary counts the outage.
      expect(run.stderr()).toMatch(/^ {2}source: 1 reconnects, \d+ rollovers, 1 gap \(\d+\.\d s without a socket\), 0 events backfilled/m);
    } finally {
      run.child.kill('SIGKILL');
      await emulator.close();
    }
  });
});
