/**
 * The soak: gcstream runs examples/queue-dashboard.yaml (PostgreSQL upserts and the wallboard) for
 * a long time against a separately started emulator at --speed 60, with a fault every few minutes,
 * and its RSS, event-loop lag and open handles are sampled every 10 s. Memory must stay flat and
 * nothing may leak across the reconnects the faults cause.
 *
 *   npx tsc -b packages/cli
 *   node --import tsx bench/soak.ts [--minutes 60] [--speed 60] [--profile medium] [--fault-every 240] [--first-fault 120]
 *
 * Writes bench/soak-results/<date>.ndjson (samples and faults), <date>-summary.md/.json and
 * <date>.png (by bench/soak-plot.ts), and prints the summary.
 */
import { mkdirSync, mkdtempSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { processCpuSeconds } from './_cpu.ts';
import { scrape, type Scrape } from './_prom.ts';
import { createTable, freePort, psql, rssMb, startEmulator, startGcstream, stop, writeConfig } from './_soak-children.ts';
import { FaultRunner } from './_soak-faults.ts';
import { summarize, formatSummary, type Sample } from './_soak-summary.ts';
import { renderPlot } from './soak-plot.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    speed: { type: 'string', default: '60' },
    profile: { type: 'string', default: 'medium' },
    seed: { type: 'string', default: '1' },
    'fault-every': { type: 'string', default: '240' },
    'first-fault': { type: 'string', default: '120' },
    'sample-every': { type: 'string', default: '10' },
    out: { type: 'string', default: fileURLToPath(new URL('./soak-results', import.meta.url)) },
    name: { type: 'string' },
  },
});
const minutes = Number(values.minutes);
const sampleEvery = Number(values['sample-every']);
const stamp = values.name ?? new Date().toISOString().slice(0, 16).replace(/:/g, '');
mkdirSync(values.out, { recursive: true });
const ndjson = join(values.out, `${stamp}.ndjson`);
writeFileSync(ndjson, '');
const record = (line: object): void => appendFileSync(ndjson, `${JSON.stringify(line)}\n`);

const dir = mkdtempSync(join(tmpdir(), 'gcstream-soak-'));
const table = 'gcstream_soak_queue_metrics';
createTable(table);
const emulator = await startEmulator(dir, { speed: Number(values.speed), profile: values.profile, seed: Number(values.seed) });
const metricsPort = await freePort();
const dashboardPort = await freePort();
const gcstream = startGcstream(dir, writeConfig(dir, emulator.baseUrl, Number(values.speed)), { metricsPort, dashboardPort, table });
const pid = gcstream.pid!;
let gcstreamExit: number | null | undefined;
gcstream.once('exit', (code) => (gcstreamExit = code));
console.log(`soak: ${minutes} min, speed ${values.speed}, ${values.profile} profile; gcstream pid ${pid}, /metrics :${metricsPort}, dashboard :${dashboardPort}, logs in ${dir}`);

const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
const t0 = Date.now();
const seconds = (): number => (Date.now() - t0) / 1000;
const faults = new FaultRunner(emulator.baseUrl, record, seconds);
const firstFault = Number(values['first-fault']);
const faultEvery = Number(values['fault-every']);
const endAt = minutes * 60;

// One scrape a second: the recovery after a fault is timed from these. Each scrape resets
// prom-client's event-loop histogram, so a 10 s sample combines its ten windows.
let windows: Scrape[] = [];
let nextSample = sampleEvery;
let nextFault = firstFault;
const samples: Sample[] = [];
while (seconds() < endAt && gcstreamExit === undefined) {
  await new Promise((resolve) => setTimeout(resolve, 1000 - ((Date.now() - t0) % 1000)));
  const now = await scrape(metricsUrl);
  if (now) {
    windows.push(now);
    faults.observe(now);
  }
  if (seconds() >= nextFault && nextFault < endAt - 30 && now) {
    await faults.inject(now);
    nextFault += faultEvery;
  }
  if (seconds() >= nextSample) {
    nextSample += sampleEvery;
    const last = windows.at(-1);
    const sample = last ? toSample(windows, last) : undefined;
    windows = [];
    if (sample) {
      samples.push(sample);
      record({ kind: 'sample', ...sample });
    }
  }
}

function toSample(ws: Scrape[], last: Scrape): Sample {
  const ms = (s: Scrape, name: string): number => (s.get(name) ?? 0) * 1000;
  const p50s = ws.map((s) => ms(s, 'nodejs_eventloop_lag_p50_seconds')).sort((a, b) => a - b);
  return {
    t: Math.round(seconds()),
    at: new Date().toISOString(),
    rssMb: rssMb(pid) ?? 0,
    heapUsedMb: (last.get('nodejs_heap_size_used_bytes') ?? 0) / 2 ** 20,
    lagP50Ms: p50s[Math.floor(p50s.length / 2)] ?? 0,
    lagP99Ms: Math.max(...ws.map((s) => ms(s, 'nodejs_eventloop_lag_p99_seconds'))),
    lagMaxMs: Math.max(...ws.map((s) => ms(s, 'nodejs_eventloop_lag_max_seconds'))),
    handles: last.get('nodejs_active_handles_total') ?? 0,
    resources: last.get('nodejs_active_resources_total') ?? 0,
    events: last.get('gcstream_pipeline_events_total') ?? 0,
    frames: last.get('gcstream_source_frames_received_total') ?? 0,
    sockets: last.get('gcstream_source_connected_sockets') ?? 0,
    reconnects: last.get('gcstream_source_reconnects_total') ?? 0,
    rollovers: last.get('gcstream_source_rollovers_total') ?? 0,
    gaps: last.get('gcstream_source_gaps_total') ?? 0,
    backfilled: last.get('gcstream_source_backfilled_events_total') ?? 0,
    deadLetters: last.get('gcstream_dead_letters_total') ?? 0,
    conversationsOpen: last.get('gcstream_conversations_open') ?? 0,
    staleClosed: last.get('gcstream_conversations_stale_total') ?? 0,
    delivered: Object.fromEntries(
      [...last].flatMap(([key, value]) => {
        const sink = /^gcstream_sink_delivered_total\{.*sink="([^"]+)"/.exec(key);
        return sink ? [[sink[1]!, value]] : [];
      }),
    ),
    cpuS: processCpuSeconds(pid),
    emulatorCpuS: processCpuSeconds(emulator.child.pid!),
  };
}

faults.close();
const diedEarly = gcstreamExit !== undefined;
const exitCode = diedEarly ? gcstreamExit : await stop(gcstream, 30_000);
await stop(emulator.child, 10_000);
const rows = Number(psql(`SELECT count(*) FROM ${table}`));
const summary = summarize(samples, faults.results, { minutes, speed: Number(values.speed), profile: values.profile, exitCode: exitCode ?? null, diedEarly, rows, logDir: dir });
record({ kind: 'summary', ...summary });
const text = formatSummary(summary);
writeFileSync(join(values.out, `${stamp}-summary.md`), text);
console.log(text);
// An hour of samples is worth keeping even when the picture cannot be drawn (no Chromium here).
const pngPath = join(values.out, `${stamp}.png`);
const png = await renderPlot(ndjson, pngPath).catch((error: unknown) => {
  console.error(`the plot was not drawn (${(error as Error).message.split('\n')[0]}); install Chromium (apt-get install -y chromium) and run: node --import tsx bench/soak-plot.ts ${ndjson} ${pngPath}`);
  return undefined;
});
console.log(`samples: ${ndjson}\nplot: ${png ?? 'not drawn'}`);
