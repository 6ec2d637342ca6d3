/** The soak's numbers: memory trend, event-loop lag, handles, throughput and each fault's recovery. */
import type { FaultResult } from './_soak-faults.ts';

export interface Sample {
  t: number;
  at: string;
  rssMb: number;
  heapUsedMb: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  handles: number;
  resources: number;
  events: number;
  frames: number;
  sockets: number;
  reconnects: number;
  rollovers: number;
  gaps: number;
  backfilled: number;
  deadLetters: number;
  /** conversationState's open conversations, and those it closed as stale (absent in soaks before 2026-12-03 18:00). */
  conversationsOpen?: number;
  staleClosed?: number;
  delivered: Record<string, number>;
  cpuS: number;
  emulatorCpuS: number;
}

export interface RunInfo {
  minutes: number;
  speed: number;
  profile: string;
  exitCode: number | null;
  diedEarly: boolean;
  rows: number;
  logDir: string;
}

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Least-squares slope of y over t (seconds), per hour. */
function slopePerHour(points: { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.t - mt) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 3600;
}

/**
 * The run cut into 10-minute windows. A leak shows as a floor that keeps rising: the lowest heap
 * reading of a window is what survived the window's collections, where one reading alone may be
 * caught just before a collection.
 */
function windowsOf(samples: Sample[], minutes = 10) {
  const out: { fromMin: number; toMin: number; rssMedianMb: number; heapFloorMb: number; heapMaxMb: number; handlesMax: number; eventsPerS: number; conversationsOpenMax?: number }[] = [];
  const span = minutes * 60;
  for (let from = 0; from < (samples.at(-1)?.t ?? 0); from += span) {
    const inside = samples.filter((s) => s.t > from && s.t <= from + span);
    if (inside.length === 0) continue;
    const before = samples.filter((s) => s.t <= from).at(-1);
    const seconds = inside.at(-1)!.t - (before?.t ?? 0);
    out.push({
      fromMin: from / 60,
      toMin: Math.round(inside.at(-1)!.t / 60),
      rssMedianMb: round(quantile(inside.map((s) => s.rssMb), 0.5)),
      heapFloorMb: round(Math.min(...inside.map((s) => s.heapUsedMb))),
      heapMaxMb: round(Math.max(...inside.map((s) => s.heapUsedMb))),
      handlesMax: Math.max(...inside.map((s) => s.handles)),
      eventsPerS: round((inside.at(-1)!.events - (before?.events ?? 0)) / Math.max(1, seconds), 0),
      ...(inside[0]!.conversationsOpen !== undefined ? { conversationsOpenMax: Math.max(...inside.map((s) => s.conversationsOpen ?? 0)) } : {}),
    });
  }
  return out;
}

export function summarize(samples: Sample[], faults: FaultResult[], run: RunInfo) {
  const first = samples[0];
  const last = samples.at(-1);
  const half = samples.filter((s) => s.t >= (last?.t ?? 0) / 2);
  const stat = (pick: (s: Sample) => number) => ({
    first: round(first ? pick(first) : 0),
    last: round(last ? pick(last) : 0),
    max: round(Math.max(...samples.map(pick))),
  });
  return {
    run,
    samples: samples.length,
    durationS: last?.t ?? 0,
    rssMb: { ...stat((s) => s.rssMb), secondHalfSlopeMbPerHour: round(slopePerHour(half.map((s) => ({ t: s.t, y: s.rssMb }))), 2) },
    heapUsedMb: { ...stat((s) => s.heapUsedMb), secondHalfSlopeMbPerHour: round(slopePerHour(half.map((s) => ({ t: s.t, y: s.heapUsedMb }))), 2) },
    lagMs: {
      p50: round(quantile(samples.map((s) => s.lagP50Ms), 0.5), 2),
      p99: round(quantile(samples.map((s) => s.lagP99Ms), 0.99), 2),
      max: round(Math.max(...samples.map((s) => s.lagMaxMs)), 2),
    },
    handles: { ...stat((s) => s.handles), secondHalfSlopePerHour: round(slopePerHour(half.map((s) => ({ t: s.t, y: s.handles }))), 2) },
    resources: stat((s) => s.resources),
    events: last?.events ?? 0,
    frames: last?.frames ?? 0,
    delivered: last?.delivered ?? {},
    deadLetters: last?.deadLetters ?? 0,
    conversationsOpen: last?.conversationsOpen,
    staleClosed: last?.staleClosed,
    reconnects: last?.reconnects ?? 0,
    rollovers: last?.rollovers ?? 0,
    gaps: last?.gaps ?? 0,
    backfilled: last?.backfilled ?? 0,
    cpuS: { gcstream: round(last?.cpuS ?? 0), emulator: round(last?.emulatorCpuS ?? 0) },
    faults: { injected: faults.length, recovered: faults.filter((f) => f.recovered).length, list: faults },
    windows: windowsOf(samples),
  };
}

export type Summary = ReturnType<typeof summarize>;

export function formatSummary(s: Summary): string {
  const lines = [
    `# gcstream soak: ${s.run.minutes} min at --speed ${s.run.speed}, emulator ${s.run.profile} profile, examples/queue-dashboard.yaml`,
    '',
    `- samples: ${s.samples} (every 10 s over ${s.durationS} s); gcstream ${s.run.diedEarly ? `DIED EARLY (exit ${s.run.exitCode})` : `stopped with SIGTERM, exit ${s.run.exitCode}`}`,
    `- RSS MB: first ${s.rssMb.first}, last ${s.rssMb.last}, max ${s.rssMb.max}; second-half slope ${s.rssMb.secondHalfSlopeMbPerHour} MB/hour`,
    `- heap used MB: first ${s.heapUsedMb.first}, last ${s.heapUsedMb.last}, max ${s.heapUsedMb.max}; second-half slope ${s.heapUsedMb.secondHalfSlopeMbPerHour} MB/hour`,
    `- event-loop lag ms (prom-client, 10 ms resolution included): p50 ${s.lagMs.p50}, p99 ${s.lagMs.p99}, max ${s.lagMs.max}`,
    `- active handles: first ${s.handles.first}, last ${s.handles.last}, max ${s.handles.max}; second-half slope ${s.handles.secondHalfSlopePerHour}/hour; active resources: first ${s.resources.first}, last ${s.resources.last}, max ${s.resources.max}`,
    `- events through the pipeline: ${s.events}; frames received: ${s.frames}; delivered: ${Object.entries(s.delivered).map(([k, v]) => `${k} ${v}`).join(', ')}; rows in the table: ${s.run.rows}; dead letters: ${s.deadLetters}`,
    `- conversationState: ${s.conversationsOpen ?? '-'} conversations open at the end, ${s.staleClosed ?? '-'} closed as stale`,
    `- source: reconnects ${s.reconnects}, rollovers ${s.rollovers}, gaps ${s.gaps}, backfilled events ${s.backfilled}`,
    `- CPU seconds: gcstream ${s.cpuS.gcstream}, emulator ${s.cpuS.emulator}`,
    `- faults injected: ${s.faults.injected}, recovered: ${s.faults.recovered}`,
    '',
    'Per 10 minutes (the heap floor is the lowest reading of the window, what its collections left):',
    '',
    '| minutes | RSS median MB | heap floor MB | heap max MB | handles max | events/s | open conversations, max |',
    '|---|---|---|---|---|---|---|',
    ...s.windows.map((w) => `| ${w.fromMin}-${w.toMin} | ${w.rssMedianMb} | ${w.heapFloorMb} | ${w.heapMaxMb} | ${w.handlesMax} | ${w.eventsPerS} | ${w.conversationsOpenMax ?? '-'} |`),
    '',
    '| # | at (s) | fault | recovered | recovery (s) | reconnects | rollovers | gaps | backfilled |',
    '|---|---|---|---|---|---|---|---|---|',
    ...s.faults.list.map((f) => `| ${f.n} | ${f.atS} | \`${f.spec}\` | ${f.recovered ? 'yes' : 'NO'} | ${f.recoveryS ?? '-'} | ${f.reconnects} | ${f.rollovers} | ${f.gaps} | ${f.backfilled} |`),
    '',
  ];
  return lines.join('\n');
}
