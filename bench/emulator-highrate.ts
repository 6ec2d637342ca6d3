/**
 * How many events per second the emulator's high-rate mode sustains to one socket.
 *
 *   node --import tsx bench/emulator-highrate.ts [--duration 10] [--warmup 2]
 *
 * The emulator runs in a child process (so it has a core of its own); this process is a bare
 * `ws` client that only JSON.parses each frame, the least work any consumer can do.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(new URL('../packages/emulator/package.json', import.meta.url));
const WebSocket = require('ws') as typeof import('ws').default;

interface Ready {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

async function serve(): Promise<void> {
  const { startEmulator } = await import('../packages/emulator/src/index.ts');
  const em = await startEmulator({ port: 0, highRate: true });
  process.send?.({ baseUrl: em.baseUrl, clientId: em.clientId, clientSecret: em.clientSecret } satisfies Ready);
  process.on('disconnect', () => void em.close().then(() => process.exit(0)));
}

async function json(url: string, init: RequestInit): Promise<any> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

async function measure(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, warmup: { type: 'string', default: '2' } } });
  const durationSec = Number(values.duration);
  const warmupSec = Number(values.warmup);
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`emulator exited early (code ${code})`)));
  });
  try {
    const basic = Buffer.from(`${ready.clientId}:${ready.clientSecret}`).toString('base64');
    const { access_token } = await json(`${ready.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const auth = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    const queues = (await json(`${ready.baseUrl}/api/v2/routing/queues?pageSize=100`, { headers: auth })).entities as { id: string }[];
    const users = (await json(`${ready.baseUrl}/api/v2/users?pageSize=100`, { headers: auth })).entities as { id: string }[];
    const channel = await json(`${ready.baseUrl}/api/v2/notifications/channels`, { method: 'POST', headers: auth });
    // A realistic mix: whole conversations per queue, observations, and agent presence/routing status.
    const topics = [
      ...queues.flatMap((q) => [`v2.routing.queues.${q.id}.conversations`, `v2.analytics.queues.${q.id}.observations`]),
      ...users.map((u) => `v2.users.${u.id}?presence&routingStatus`),
    ];
    await json(`${ready.baseUrl}/api/v2/notifications/channels/${channel.id}/subscriptions`, { method: 'PUT', headers: auth, body: JSON.stringify(topics.map((id) => ({ id }))) });

    let events = 0;
    let bytes = 0;
    const ws = new WebSocket(channel.connectUri, { perMessageDeflate: false });
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { topicName: string };
      if (frame.topicName !== 'channel.metadata') events++;
      bytes += data.length;
    });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    await new Promise((r) => setTimeout(r, warmupSec * 1000));

    const perSecond: number[] = [];
    const start = { events, bytes, at: performance.now() };
    let last = events;
    for (let s = 0; s < durationSec; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      perSecond.push(events - last);
      last = events;
    }
    const elapsed = (performance.now() - start.at) / 1000;
    const rate = (events - start.events) / elapsed;
    const status = await json(`${ready.baseUrl}/_emulator/status`, {});
    ws.close();
    const sorted = [...perSecond].sort((a, b) => a - b);
    console.log(`emulator high-rate: ${topics.length} topics on one channel, ${durationSec} s after ${warmupSec} s warm-up`);
    console.log(`  per second: ${perSecond.map((n) => Math.round(n / 1000) + 'k').join(' ')}`);
    console.log(`  sustained:  ${Math.round(rate).toLocaleString('en-US')} events/s (min second ${sorted[0]?.toLocaleString('en-US')}), ${((bytes - start.bytes) / elapsed / 1e6).toFixed(1)} MB/s`);
    console.log(`  avg frame:  ${Math.round((bytes - start.bytes) / Math.max(1, events - start.events))} bytes; server counted ${status.highRateFrames.toLocaleString('en-US')} frames sent`);
  } finally {
    child.disconnect();
  }
}

if (process.argv.includes('--serve')) await serve();
else await measure();
