/**
 * One phase of bench/source-throughput.ts, in plain JavaScript so that it runs on a bare `node`
 * against the BUILT packages (packages/core/dist, packages/emulator/dist): no tsx loader and no
 * in-process compilation inside the measured process, so its RSS and CPU are the client's own.
 *
 * Forked with `--phase-child`, it takes one `PhaseRequest` over IPC, runs it, answers with the
 * result and exits; with `--emulator-child` it runs the emulator in high-rate mode. The parent can
 * also import `runPhase` and run a phase in its own process (`--in-process`).
 */
import { createRequire } from 'node:module';

const requireFromCore = createRequire(new URL('../packages/core/package.json', import.meta.url));
const coreDist = new URL('../packages/core/dist/index.js', import.meta.url).href;
const emulatorDist = new URL('../packages/emulator/dist/index.js', import.meta.url).href;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuSeconds = (usage) => (usage.user + usage.system) / 1e6;

async function api(endpoint, token, method, path, body) {
  const res = await fetch(`${endpoint.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

async function login(endpoint) {
  const res = await fetch(`${endpoint.baseUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${endpoint.clientId}:${endpoint.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`login: HTTP ${res.status}`);
  return (await res.json()).access_token;
}

/** The one measuring window both phases use: warm up, then count for `durationMs` with RSS sampled once a second. */
async function measureWindow(warmupMs, durationMs, setCounting) {
  await sleep(warmupMs);
  const rss = [];
  const timer = setInterval(() => rss.push(process.memoryUsage().rss), 1000);
  setCounting(true);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await sleep(durationMs);
  setCounting(false);
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  clearInterval(timer);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpu, rss, memory: process.memoryUsage() };
}

/** (a) The baseline: one channel, one socket, JSON.parse and count. */
async function bareClient({ endpoint, templates, warmupMs, durationMs }) {
  const { WebSocket } = requireFromCore('ws');
  const token = await login(endpoint);
  const queues = await api(endpoint, token, 'GET', '/api/v2/routing/queues?pageSize=100&pageNumber=1');
  const topics = templates.flatMap((t) => queues.entities.map((q) => ({ id: t.replace('{queueId}', q.id) })));
  const channel = await api(endpoint, token, 'POST', '/api/v2/notifications/channels');
  await api(endpoint, token, 'PUT', `/api/v2/notifications/channels/${channel.id}/subscriptions`, topics);
  const ws = new WebSocket(channel.connectUri);
  let counting = false;
  let events = 0;
  let sink = 0;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    sink += frame.topicName.length; // keep the parse from being optimized away
    if (counting) events++;
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const window = await measureWindow(warmupMs, durationMs, (on) => (counting = on));
  ws.close();
  await api(endpoint, token, 'DELETE', `/api/v2/notifications/channels/${channel.id}/subscriptions`).catch(() => undefined);
  if (sink < 0) console.log(sink);
  return { name: 'bare ws + JSON.parse', events, ...window };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** (b) gcstream: the Genesys source, decode and dedupe (or fewer stages), into a sink that discards. */
async function gcstreamPipeline({ endpoint, templates, warmupMs, durationMs, stages = 'full', learn = false }) {
  const rssBeforeCore = process.memoryUsage().rss;
  const core = await import(coreDist);
  const coreLoad = { before: rssBeforeCore, after: process.memoryUsage().rss };
  const { tap } = requireFromCore('rxjs');
  const pino = requireFromCore('pino');
  const logger = pino.pino({ level: 'silent' });
  const metrics = core.createMetrics();
  // `learn` turns on backfill, so the source reads every queue-conversation frame to track the
  // conversations in progress (as it does when per-conversation topics are configured), without
  // subscribing to more topics than the baseline reads.
  const config = core.genesysSourceSchema.parse({ baseUrl: endpoint.baseUrl, clientId: endpoint.clientId, clientSecret: endpoint.clientSecret, topics: templates, queues: 'all', backfill: learn });
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
  const decoded = stages === 'source' ? frames$ : frames$.pipe(core.decode({ metrics, onDeadLetter: () => deadLetters++ }));
  const events$ = stages === 'full' ? decoded.pipe(core.dedupe({ onDuplicate: () => duplicates++ })) : decoded;
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
  const window = await measureWindow(warmupMs, durationMs, (on) => (counting = on));
  subscription.unsubscribe();
  const latencies = Array.from(reservoir.subarray(0, Math.min(sampled, reservoir.length))).sort((a, b) => a - b);
  const name = stages === 'full' ? 'gcstream source + decode + dedupe' : stages === 'decode' ? 'gcstream source + decode' : 'gcstream source alone';
  return {
    name: learn ? `${name} (conversations tracked)` : name,
    events,
    ...window,
    latency: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: maxLatency },
    deadLetters,
    duplicates,
    coreLoad,
  };
}

/** Runs one phase; the result carries events/s and events per CPU-second of this process. */
export async function runPhase(request) {
  const result = request.phase === 'bare' ? await bareClient(request) : await gcstreamPipeline(request);
  return { ...result, perSecond: result.events / result.seconds, perCpuSecond: result.events / result.cpuSeconds };
}

async function emulatorChild() {
  const { startEmulator } = await import(emulatorDist);
  const emulator = await startEmulator({ port: 0, highRate: true, contactCenter: { queues: 20 } });
  process.send?.({ baseUrl: emulator.baseUrl, clientId: emulator.clientId, clientSecret: emulator.clientSecret });
  process.on('disconnect', () => {
    void emulator.close().finally(() => process.exit(0));
  });
}

if (process.argv.includes('--emulator-child')) await emulatorChild();
else if (process.argv.includes('--phase-child')) {
  process.once('message', (request) => {
    runPhase(request).then(
      (result) => process.send(result, () => process.exit(0)),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
