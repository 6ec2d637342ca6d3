import { describe, expect, it } from 'vitest';
import { SHORT, runChaos } from '../../../scripts/chaos/chaos.js';
import { formatReport } from '../../../scripts/chaos/report.js';

/**
 * Issue 13: the chaos suite, shortened (about 70 s of faults on the small profile at speed 60):
 * gcstream as a process with --spool and backfill, PostgreSQL, a webhook and NATS, every fault of
 * `pnpm chaos` including two SIGKILLs. PostgreSQL must hold every event streamed while connected,
 * once; no secret may appear in anything gcstream wrote.
 */
describe('chaos (short)', () => {
  it('PostgreSQL loses and duplicates nothing streamed while connected, and no secret leaks', async () => {
    const report = await runChaos({ ...SHORT, log: () => {} });
    console.log(formatReport(report));
    const pg = report.sinks.find((s) => s.sink === 'postgres')!;
    expect(report.streamedWhileConnected).toBeGreaterThan(500);
    expect(pg.lost).toBe(0);
    expect(pg.duplicated).toBe(0);
    // NATS removes redeliveries by Nats-Msg-Id; the webhook may repeat (it is not idempotent) but not lose.
    expect(report.sinks.find((s) => s.sink === 'nats')!.lost).toBe(0);
    expect(report.sinks.find((s) => s.sink === 'webhook')!.lost).toBe(0);
    expect(report.secrets.files).toBeGreaterThan(3);
    // Every token the emulator issued (the first, and those after the revocation) was searched for.
    expect(report.secrets.tokens).toBeGreaterThan(1);
    expect(report.secrets.findings).toEqual([]);
    expect(report.webhookBadSignatures).toBe(0);
    expect(report.faults.filter((f) => f.name.startsWith('SIGKILL'))).toHaveLength(2);
    expect(report.exitCode).toBe(0);
  }, 400_000);
});
