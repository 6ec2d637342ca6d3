/**
 * pnpm chaos [--short] [--duration 300s]: gcstream under every fault at once against the emulator,
 * PostgreSQL, a webhook and NATS; prints what was lost, duplicated and how fast each fault healed.
 * Exits 1 when a target of the proof was missed (see `missedTargets`), and names each one.
 */
import { parseArgs } from 'node:util';
import { FULL, SHORT, runChaos } from './chaos.js';
import { formatReport, missedTargets } from './report.js';

const { values } = parseArgs({ options: { short: { type: 'boolean' }, duration: { type: 'string' } } });
const base = values.short ? SHORT : FULL;
const durationMs = values.duration ? Number.parseInt(values.duration, 10) * 1000 : base.durationMs;
const report = await runChaos({ ...base, durationMs });
process.stdout.write(`${formatReport(report)}\n`);
const missed = missedTargets(report);
process.stdout.write(missed.length === 0 ? 'every target met\n' : `targets missed:\n${missed.map((m) => `- ${m}`).join('\n')}\n`);
process.exitCode = missed.length === 0 ? 0 : 1;
