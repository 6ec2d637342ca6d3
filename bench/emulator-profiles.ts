/**
 * What each contact-center profile of the emulator costs at speed 1: notifications per second,
 * the emulator's CPU and memory, and how long its warm start takes.
 *
 *   node --import tsx bench/emulator-profiles.ts [--duration 30] [--profiles small,medium,large,enterprise]
 *
 * Each profile runs alone in a child process (its CPU and RSS are the emulator's only); this
 * process subscribes one channel to every queue's conversations and observations and to the first
 * 100 agents' presence and routing status, the load of a typical monitoring client.
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
  startMs: number;
  startCpuMs: number;
}
interface Sample {
  cpuMs: number;
  rss: number;
  truth: number;
}

async function serve(profile: string): Promise<void> {
  const { startEmulator } = await import('../packages/emulator/src/index.ts');
  const sample = (): Sample => {
    const cpu = process.cpuUsage();
    return { cpuMs: (cpu.user + cpu.system) / 1000, rss: process.memoryUsage().rss, truth: em.stats().truthRecords };
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // The truth log keeps its newest records in memory; a small bound keeps RSS about the simulation.
  const em = await startEmulator({ port: 0, profile: profile as 'small', truthMaxRecords: 10_000 });
  const cpu = process.cpuUsage(cpu0);
  process.send?.({
    baseUrl: em.baseUrl,
    clientId: em.clientId,
    clientSecret: em.clientSecret,
    startMs: performance.now() - t0,
    startCpuMs: (cpu.user + cpu.system) / 1000,
  } satisfies Ready);
  process.on('message', () => process.send?.(sample()));
  process.on('disconnect', () => void em.close().then(() => process.exit(0)));
}

async function json(url: string, init: RequestInit): Promise<any> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

async function pages(baseUrl: string, path: string, headers: Record<string, string>): Promise<{ id: string }[]> {
  const all: { id: string }[] = [];
  for (let page = 1; ; page++) {
    const body = await json(`${baseUrl}${path}?pageSize=500&pageNumber=${page}`, { headers });
    all.push(...body.entities);
    if (page >= body.pageCount) return all;
  }
}

async function measureProfile(profile: string, durationSec: number): Promise<string> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', profile], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`emulator exited early (code ${code})`)));
  });
  const sample = () => new Promise<Sample>((resolve) => (child.once('message', (m) => resolve(m as Sample)), child.send('sample')));
  try {
    const basic = Buffer.from(`${ready.clientId}:${ready.clientSecret}`).toString('base64');
    const { access_token } = await json(`${ready.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const auth = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    const queues = await pages(ready.baseUrl, '/api/v2/routing/queues', auth);
    const users = (await pages(ready.baseUrl, '/api/v2/users', auth)).slice(0, 100);
    const channel = await json(`${ready.baseUrl}/api/v2/notifications/channels`, { method: 'POST', headers: auth });
    const topics = [
      ...queues.flatMap((q) => [`v2.routing.queues.${q.id}.conversations`, `v2.analytics.queues.${q.id}.observations`]),
      ...users.map((u) => `v2.users.${u.id}?presence&routingStatus`),
    ];
    await json(`${ready.baseUrl}/api/v2/notifications/channels/${channel.id}/subscriptions`, { method: 'PUT', headers: auth, body: JSON.stringify(topics.map((id) => ({ id }))) });
    let frames = 0;
    const ws = new WebSocket(channel.connectUri, { perMessageDeflate: false });
    ws.on('message', (data: Buffer) => {
      if (!data.toString().includes('"channel.metadata"')) frames++;
    });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));

    const first = await sample();
    const framesFirst = frames;
    let maxRss = first.rss;
    for (let s = 0; s < durationSec; s++) {
      await new Promise((r) => setTimeout(r, 1000));
      maxRss = Math.max(maxRss, (await sample()).rss);
    }
    const last = await sample();
    ws.close();
    const produced = (last.truth - first.truth) / durationSec;
    const delivered = (frames - framesFirst) / durationSec;
    const cpu = ((last.cpuMs - first.cpuMs) / (durationSec * 1000)) * 100;
    return `| ${profile} | ${queues.length} | ${(await pages(ready.baseUrl, '/api/v2/users', auth)).length} | ${produced.toFixed(0)} | ${delivered.toFixed(0)} | ${cpu.toFixed(1)} % | ${(maxRss / 1e6).toFixed(0)} MB | ${(ready.startMs / 1000).toFixed(2)} s (${(ready.startCpuMs / 1000).toFixed(2)} s CPU) |`;
  } finally {
    child.disconnect();
    await new Promise((r) => child.once('exit', r));
  }
}

async function measure(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '30' }, profiles: { type: 'string', default: 'small,medium,large,enterprise' } } });
  console.log(`emulator at speed 1, ${values.duration} s per profile, one monitoring client subscribed`);
  console.log('| profile | queues | agents | notifications/s produced | frames/s to the client | emulator CPU (one core = 100 %) | RSS (max) | warm start |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const profile of values.profiles!.split(',')) console.log(await measureProfile(profile, Number(values.duration)));
}

if (process.argv.includes('--serve')) await serve(process.argv[process.argv.indexOf('--serve') + 1]!);
else await measure();
