/**
 * pnpm chaos [--short] [--duration 300s]: gcstream under every fault at once against the emulator,
 * PostgreSQL, a webhook and NATS; prints what was lost, duplicated and how fast each fault healed.
 * Exits 1 when PostgreSQL lost or duplicated an event streamed while connected, or a secret leaked.
 */
import { parseArgs } from 'node:util';
import { FULL, SHORT, runChaos } from './chaos.js';
import { formatReport } from './report.js';

const { values } = parseArgs({ options: { short: { type: 'boolean' }, duration: { type: 'string' } } });
const base = values.short ? SHORT : FULL;
const durationMs = values.duration ? Number.parseInt(values.duration, 10) * 1000 : base.durationMs;
const report = await runChaos({ ...base, durationMs });
process.stdout.write(`${formatReport(report)}\n`);
const pg = report.sinks.find((s) => s.sink === 'postgres')!;
process.exitCode = pg.lost === 0 && pg.duplicated === 0 && report.secrets.findings.length === 0 ? 0 : 1;
