/**
 * Source throughput: how close gcstream's source + decode + dedupe comes to a bare WebSocket client
 * that only JSON.parses the same frames. Both read the emulator's high-rate feed (the same
 * pre-serialized, realistic frames) in the same run, one after the other, so the ratio is fair
 * on whatever machine runs it.
 *
 *   node --import tsx bench/source-throughput.ts [--duration 20] [--warmup 3] [--topics mixed|conversations|observations]
 *   node --import tsx bench/source-throughput.ts --rounds 5 --duration 10   # alternate (a) and (b): the ratio of record
 *   node --import tsx bench/source-throughput.ts --duration 300 --bare-duration 10   # the 5-minute memory check
 *   node --import tsx bench/source-throughput.ts --breakdown         # also: source alone, source + decode
 *
 * Besides events/s on the wall clock it prints events per CPU-second of this process in each phase
 * (the emulator runs elsewhere), which holds steadier when other work shares the machine.
 *
 * The emulator runs in a child process so its send loop does not share the event loop it feeds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const requireFromCore = createRequire(new URL('../packages/core/package.json', import.meta.url));
const { tap } = requireFromCore('rxjs') as typeof import('rxjs');

interface Endpoint {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}


interface PhaseResult {
  name: string;
  events: number;
  seconds: number;
  perSecond: number;
  /** Events per CPU-second (user + system) of this process during the window. */
  perCpuSecond: number;
  latency?: { p50: number; p99: number; max: number };
  rss: number[];
  /** `process.memoryUsage()` at the end of the window. */
  memory: NodeJS.MemoryUsage;
}

function startEmulatorChild(): Promise<{ child: ChildProcess; endpoint: Endpoint }> {
  const child = fork(fileURLToPath(import.meta.url), ['--emulator-child'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (endpoint) => resolve({ child, endpoint: endpoint as Endpoint }));
    child.once('exit', (code) => reject(new Error(`emulator child exited early (code ${code})`)));
  });
}

async function api<T>(endpoint: Endpoint, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${endpoint.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function login(endpoint: Endpoint): Promise<string> {
  const res = await fetch(`${endpoint.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`login: HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

function templatesFor(kind: string): string[] {
  const conversations = 'v2.routing.queues.{queueId}.conversations';
  const observations = 'v2.analytics.queues.{queueId}.observations';
  if (kind === 'conversations') return [conversations];
  if (kind === 'observations') return [observations];
  return [conversations, observations];
}

/** Samples RSS once a second while a phase runs. */
function rssSampler(): { stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), 1000);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

/** The one measuring window both phases use: warm up, then count for `durationMs` with RSS sampled. */
async function measureWindow(warmupMs: number, durationMs: number, setCounting: (on: boolean) => void): Promise<{ seconds: number; cpuSeconds: number; rss: number[]; memory: NodeJS.MemoryUsage }> {
  await sleep(warmupMs);
  const rss = rssSampler();
  setCounting(true);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await sleep(durationMs);
  setCounting(false);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds(process.cpuUsage(cpu0)), rss: rss.stop(), memory: process.memoryUsage() };
}

/** (a) The baseline: one channel, one socket, JSON.parse and count. */
async function bareClient(endpoint: Endpoint, templates: string[], warmupMs: number, durationMs: number): Promise<PhaseResult> {
  const { WebSocket } = requireFromCore('ws') as typeof import('ws');
  const token = await login(endpoint);
  const queues = await api<{ entities: { id: string }[] }>(endpoint, token, 'GET', '/api/v2/routing/queues?pageSize=100&pageNumber=1');
  const topics = templates.flatMap((t) => queues.entities.map((q) => ({ id: t.replace('{queueId}', q.id) })));
  const channel = await api<{ id: string; connectUri: string }>(endpoint, token, 'POST', '/api/v2/notifications/channels');
  await api(endpoint, token, 'PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, topics);
  const ws = new WebSocket(channel.connectUri);
  let counting = false;
  let events = 0;
  let sink = 0;
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { topicName: string };
    sink += frame.topicName.length; // keep the parse from being optimized away
    if (counting) events++;
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const { seconds, cpuSeconds, rss, memory } = await measureWindow(warmupMs, durationMs, (on) => (counting = on));
  ws.close();
  await api(endpoint, token, 'DELETE', `/api/v2/notifications/channels/${channel.id}/subscriptions`).catch(() => undefined);
  if (sink < 0) console.log(sink);
  return { name: 'bare ws + JSON.parse', events, seconds, perSecond: events / seconds, perCpuSecond: events / cpuSeconds, rss, memory };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

let coreLoadReported = false;

/** (b) gcstream: the Genesys source, decode and dedupe, into a sink that discards. */
type Stages = 'source' | 'decode' | 'full';

async function gcstreamPipeline(endpoint: Endpoint, templates: string[], warmupMs: number, durationMs: number, stages: Stages = 'full'): Promise<PhaseResult & { deadLetters: number; duplicates: number }> {
  const rssBeforeCore = process.memoryUsage().rss;
  const core = await import('../packages/core/src/index.js');
  if (!coreLoadReported) {
    coreLoadReported = true;
    // The first gcstream phase pays for loading (and, under tsx, compiling) all of core: RSS that
    // the baseline never has and that no frame causes.
    console.log(`    loading @gcstream/core: RSS ${mb(rssBeforeCore)} -> ${mb(process.memoryUsage().rss)}`);
  }
  const pino = requireFromCore('pino') as typeof import('pino');
  const logger = pino.pino({ level: 'silent' });
  const metrics = core.createMetrics();
  const config = core.genesysSourceSchema.parse({ baseUrl: endpoint.baseUrl, clientId: endpoint.clientId, clientSecret: endpoint.clientSecret, topics: templates, queues: 'all' });
  const source = core.createGenesysSource(config, { logger, metrics });
  let deadLetters = 0;
  let duplicates = 0;
  let counting = false;
  let events = 0;
  // A fixed reservoir (uniform sample) of latencies, so a 5-minute run does not grow an array of
  // half a million numbers inside the RSS it measures.
  const reservoir = new Float64Array(1 << 16);
  let sampled = 0;
  let maxLatency = Number.NaN;
  // Receive-to-sink latency of every 16th frame: stamped (performance.now) as the source hands
  // the frame over, read when its event reaches the sink. The socket's message handler, the
  // source, decode, dedupe and the sink run in one synchronous call, so the event seen next at
  // the sink is that frame's, or the frame was dropped (duplicate, system frame, dead letter)
  // and the next stamp replaces it. Time spent in socket buffers before the handler is not seen.
  let frameNo = 0;
  let stampedAt = -1;
  const frames$ = source.frames$.pipe(
    tap(() => {
      if (counting && (++frameNo & 15) === 0) stampedAt = performance.now();
    }),
  );
  const decoded = stages === 'source' ? (frames$ as unknown as import('rxjs').Observable<unknown>) : frames$.pipe(core.decode({ metrics, onDeadLetter: () => deadLetters++ }));
  const events$ = stages === 'full' ? (decoded as import('rxjs').Observable<import('../packages/core/src/index.js').GenesysEvent>).pipe(core.dedupe({ onDuplicate: () => duplicates++ })) : decoded;
  const subscription = events$.subscribe(() => {
    if (!counting) return;
    events++;
    if (stampedAt >= 0) {
      const latency = performance.now() - stampedAt;
      stampedAt = -1;
      if (!(latency <= maxLatency)) maxLatency = latency;
      const slot = sampled < reservoir.length ? sampled : Math.floor(Math.random() * (sampled + 1));
      if (slot < reservoir.length) reservoir[slot] = latency;
      sampled++;
    }
  });
  // Wait for the first frames (login, discovery, channel, subscribe), then warm up.
  const start = Date.now();
  while (source.status().framesReceived === 0 && Date.now() - start < 30_000) await sleep(50);
  const { seconds, cpuSeconds, rss, memory } = await measureWindow(warmupMs, durationMs, (on) => (counting = on));
  subscription.unsubscribe();
  const latencies = Array.from(reservoir.subarray(0, Math.min(sampled, reservoir.length))).sort((a, b) => a - b);
  return {
    name: stages === 'full' ? 'gcstream source + decode + dedupe' : stages === 'decode' ? 'gcstream source + decode' : 'gcstream source alone',
    events,
    seconds,
    perSecond: events / seconds,
    perCpuSecond: events / cpuSeconds,
    latency: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: maxLatency },
    rss,
    memory,
    deadLetters,
    duplicates,
  };
}

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
    },
  });
  const durationMs = Number(values.duration) * 1000;
  // The memory check needs a long gcstream phase only; the baseline can stay short.
  const bareDurationMs = values['bare-duration'] === undefined ? durationMs : Number(values['bare-duration']) * 1000;
  const warmupMs = Number(values.warmup) * 1000;
  const templates = templatesFor(values.topics!);
  const { child, endpoint } = await startEmulatorChild();
  try {
    console.log(`emulator (high-rate) at ${endpoint.baseUrl}; topics ${templates.join(', ')}; ${values.duration} s per phase after ${values.warmup} s warm-up`);
    // Rounds alternate (a) and (b) so load from other processes on the machine hits both alike.
    const rounds = Math.max(1, Number(values.rounds));
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    let bare!: PhaseResult;
    for (let round = 1; round <= rounds; round++) {
      bare = await bareClient(endpoint, templates, warmupMs, bareDurationMs);
      console.log(`[round ${round}] (a) ${bare.name}: ${Math.round(bare.perSecond)} events/s (${bare.events} in ${bare.seconds.toFixed(1)} s), ${Math.round(bare.perCpuSecond)} per CPU-s; RSS ${rssLine(bare.rss, bare.memory)}`);
      await sleep(500);
      const gc = await gcstreamPipeline(endpoint, templates, warmupMs, durationMs);
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
        const part = await gcstreamPipeline(endpoint, templates, warmupMs, durationMs, stages);
        console.log(`    ${part.name}: ${Math.round(part.perSecond)} events/s, ratio to (a) ${(part.perSecond / bare.perSecond).toFixed(2)}; ${Math.round(part.perCpuSecond)} per CPU-s, ratio ${(part.perCpuSecond / bare.perCpuSecond).toFixed(2)}`);
      }
    }
  } finally {
    child.disconnect();
  }
  process.exit(0);
}

/** Child mode: the emulator in high-rate mode, reporting its address over IPC. */
async function emulatorChild(): Promise<void> {
  const { startEmulator } = await import('../packages/emulator/src/index.js');
  const emulator = await startEmulator({ port: 0, highRate: true, contactCenter: { queues: 20 } });
  process.send?.({ baseUrl: emulator.baseUrl, clientId: emulator.clientId, clientSecret: emulator.clientSecret } satisfies Endpoint);
  process.on('disconnect', () => {
    void emulator.close().finally(() => process.exit(0));
  });
}

// Dispatch last: every const above must be initialized before either mode runs.
if (process.argv.includes('--emulator-child')) await emulatorChild();
else await main();
