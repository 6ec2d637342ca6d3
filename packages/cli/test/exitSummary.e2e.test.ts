import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cliProcess.js';

describe('gcstream run exit summary (as a process)', () => {
  it('prints per-sink totals, the dead-letter files with their line counts, and the gaps and backfill', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gcstream-summary-'));
    // Nothing listens on port 9: every webhook batch fails at once and, with no retries, is dead-lettered.
    writeFileSync(
      join(dir, 'p.yaml'),
      `sinks:\n  - console: { format: json }\n  - webhook:\n      url: http://127.0.0.1:9/hooks\n      retry: { attempts: 0 }\n      batch: { size: 2, interval: 10ms }\n      deadLetterFile: ./webhook-dead.ndjson\n`,
    );
    const result = await runCli(['run', 'p.yaml', '--max-events', '6', '--emulator-speed', '60', '--no-status', '--log-level', 'error'], { cwd: dir });
    const summary = result.stderr.slice(result.stderr.indexOf('gcstream run ended'));
    expect(summary).toMatch(/^gcstream run ended \(max-events\): \d+ frames in, \d+ events out, \d+ dead letters$/m);
    const console = /^ {2}sink console: (\d+) delivered, 0 dead-lettered, 0 retries$/m.exec(summary);
    expect(console, summary).not.toBeNull();
    const webhook = /^ {2}sink webhook: 0 delivered, (\d+) dead-lettered, 0 retries$/m.exec(summary);
    expect(webhook, summary).not.toBeNull();
    expect(Number(webhook![1])).toBeGreaterThanOrEqual(6);
    expect(summary).toContain(`  dead letters: webhook-dead.ndjson (`);
    expect(summary).toMatch(/^ {2}source: 0 reconnects, 0 rollovers, 0 gaps \(0\.0 s without a socket\), 0 events backfilled$/m);
    // A sink that delivered nothing of what it was given fails the run, as before.
    expect(result.code).toBe(1);
  });
});
