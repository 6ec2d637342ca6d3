/**
 * Source throughput: how close gcstream's source + decode + dedupe comes to a bare WebSocket client
 * that only JSON.parses the same frames. Both read the emulator's high-rate feed (the same
 * pre-serialized, realistic frames) in the same run, one after the other, so the ratio is fair
 * on whatever machine runs it.
 *
 *   node --import tsx bench/source-throughput.ts --rounds 5 --duration 10   # alternate (a) and (b): the ratio of record
 *   node --import tsx bench/source-throughput.ts --duration 300 --bare-duration 10   # the 5-minute memory check
 *   node --import tsx bench/source-throughput.ts --learn            # the source also tracks conversations (backfill on)
 *   node --import tsx bench/source-throughput.ts --breakdown         # also: source alone, source + decode
 *
 * Each phase runs in its own fresh `node` process (bench/_source-phase.mjs) on the built packages
 * (`tsc -b packages/core packages/emulator` first, unless `--no-build`): no tsx, and nothing left
 * over from the other phase, so a phase's RSS and CPU are its client's own. `--in-process` runs
 * the phases in this process instead, one after the other (the RSS then carries both).
 *
 * Besides events/s on the wall clock it prints events per CPU-second of the phase's process
 * (the emulator runs elsewhere), which holds steadier when other work shares the machine.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface Endpoint {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

interface PhaseRequest {
  phase: 'bare' | 'gcstream';
  endpoint: Endpoint;
  templates: string[];
  warmupMs: number;
  durationMs: number;
  stages?: 'source' | 'decode' | 'full';
  learn?: boolean;
}

interface PhaseResult {
  name: string;
  events: number;
  seconds: number;
  perSecond: number;
  /** Events per CPU-second (user + system) of the phase's process during the window. */
  perCpuSecond: number;
  latency?: { p50: number; p99: number; max: number };
  rss: number[];
  /** `process.memoryUsage()` at the end of the window. */
  memory: NodeJS.MemoryUsage;
  deadLetters?: number;
  duplicates?: number;
  /** RSS before and after loading @gcstream/core (gcstream phases). */
  coreLoad?: { before: number; after: number };
}

const phaseModule = fileURLToPath(new URL('./_source-phase.mjs', import.meta.url));

function startEmulatorChild(): Promise<{ child: ChildProcess; endpoint: Endpoint }> {
  const child = fork(phaseModule, ['--emulator-child'], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (endpoint) => resolve({ child, endpoint: endpoint as Endpoint }));
    child.once('exit', (code) => reject(new Error(`emulator child exited early (code ${code})`)));
  });
}

/** One phase in a fresh `node` process: plain JavaScript on the built packages. */
function phaseInChild(request: PhaseRequest, execArgv: string[]): Promise<PhaseResult> {
  const child = fork(phaseModule, ['--phase-child'], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send(request);
  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as PhaseResult));
    child.once('exit', (code) => reject(new Error(`${request.phase} phase exited without a result (code ${code})`)));
  });
}

function templatesFor(kind: string): string[] {
  const conversations = 'v2.routing.queues.{queueId}.conversations';
  const observations = 'v2.analytics.queues.{queueId}.observations';
  if (kind === 'conversations') return [conversations];
  if (kind === 'observations') return [observations];
  return [conversations, observations];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function rssLine(samples: number[], memory: NodeJS.MemoryUsage): string {
  if (samples.length === 0) return 'n/a';
  const step = Math.max(1, Math.round(samples.length / 10));
  const shown = samples.filter((_, i) => i % step === 0 || i === samples.length - 1);
  const heap = `heap ${mb(memory.heapUsed)} used of ${mb(memory.heapTotal)}, external ${mb(memory.external)}`;
  return `first ${mb(samples[0]!)}, max ${mb(Math.max(...samples))}, last ${mb(samples.at(-1)!)} | every ${step}s: ${shown.map(mb).join(' ')} | at the end: ${heap}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      topics: { type: 'string', default: 'mixed' },
      breakdown: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '1' },
      'bare-duration': { type: 'string' },
      learn: { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      // Passed to each phase's node, e.g. --child-args=--cpu-prof,--cpu-prof-dir=/tmp/prof
      'child-args': { type: 'string', default: '' },
    },
  });
  const durationMs = Number(values.duration) * 1000;
  // The memory check needs a long gcstream phase only; the baseline can stay short.
  const bareDurationMs = values['bare-duration'] === undefined ? durationMs : Number(values['bare-duration']) * 1000;
  const warmupMs = Number(values.warmup) * 1000;
  const templates = templatesFor(values.topics!);
  if (!values['no-build']) {
    const root = fileURLToPath(new URL('..', import.meta.url));
    execFileSync('npx', ['tsc', '-b', 'packages/core', 'packages/emulator'], { cwd: root, stdio: 'inherit' });
  }
  const childArgs = values['child-args'] ? values['child-args'].split(',') : [];
  let inProcess: ((request: PhaseRequest) => Promise<PhaseResult>) | undefined;
  if (values['in-process']) inProcess = ((await import(phaseModule)) as { runPhase: (request: PhaseRequest) => Promise<PhaseResult> }).runPhase;
  const run = (request: PhaseRequest) => (inProcess ? inProcess(request) : phaseInChild(request, childArgs));
  const { child, endpoint } = await startEmulatorChild();
  try {
    console.log(`emulator (high-rate) at ${endpoint.baseUrl}; topics ${templates.join(', ')}; ${values.duration} s per phase after ${values.warmup} s warm-up; phases ${inProcess ? 'in this process' : 'each in a fresh node process'}${values.learn ? '; gcstream tracks conversations (backfill on)' : ''}`);
    // Rounds alternate (a) and (b) so load from other processes on the machine hits both alike.
    const rounds = Math.max(1, Number(values.rounds));
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    let bare!: PhaseResult;
    const base = { endpoint, templates, warmupMs };
    for (let round = 1; round <= rounds; round++) {
      bare = await run({ ...base, phase: 'bare', durationMs: bareDurationMs });
      console.log(`[round ${round}] (a) ${bare.name}: ${Math.round(bare.perSecond)} events/s (${bare.events} in ${bare.seconds.toFixed(1)} s), ${Math.round(bare.perCpuSecond)} per CPU-s; RSS ${rssLine(bare.rss, bare.memory)}`);
      await sleep(500);
      const gc = await run({ ...base, phase: 'gcstream', durationMs, learn: values.learn });
      if (round === 1 || !inProcess) console.log(`    loading @gcstream/core: RSS ${mb(gc.coreLoad!.before)} -> ${mb(gc.coreLoad!.after)}`);
      console.log(`[round ${round}] (b) ${gc.name}: ${Math.round(gc.perSecond)} events/s (${gc.events} in ${gc.seconds.toFixed(1)} s), ${Math.round(gc.perCpuSecond)} per CPU-s; dead letters ${gc.deadLetters}, duplicates ${gc.duplicates}`);
      const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
      console.log(`    receive-to-sink latency (performance.now, every 16th frame) p50 ${us(gc.latency!.p50)}, p99 ${us(gc.latency!.p99)}, max ${us(gc.latency!.max)}`);
      console.log(`    RSS ${rssLine(gc.rss, gc.memory)}`);
      ratios.push(gc.perSecond / bare.perSecond);
      cpuRatios.push(gc.perCpuSecond / bare.perCpuSecond);
      console.log(`[round ${round}] ratio (b)/(a): ${ratios.at(-1)!.toFixed(2)} events/s, ${cpuRatios.at(-1)!.toFixed(2)} per CPU-s`);
      await sleep(500);
    }
    const summary = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      return `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)}, min ${sorted[0]!.toFixed(2)}, max ${sorted.at(-1)!.toFixed(2)} (rounds: ${xs.map((x) => x.toFixed(2)).join(' ')})`;
    };
    if (rounds > 1) {
      console.log(`ratio (b)/(a) over ${rounds} rounds, events/s: ${summary(ratios)}`);
      console.log(`ratio (b)/(a) over ${rounds} rounds, per CPU-s: ${summary(cpuRatios)}`);
    }
    if (values.breakdown) {
      for (const stages of ['source', 'decode'] as const) {
        await sleep(500);
        const part = await run({ ...base, phase: 'gcstream', durationMs, stages, learn: values.learn });
        console.log(`    ${part.name}: ${Math.round(part.perSecond)} events/s, ratio to (a) ${(part.perSecond / bare.perSecond).toFixed(2)}; ${Math.round(part.perCpuSecond)} per CPU-s, ratio ${(part.perCpuSecond / bare.perCpuSecond).toFixed(2)}`);
      }
    }
  } finally {
    child.disconnect();
  }
  process.exit(0);
}

await main();
