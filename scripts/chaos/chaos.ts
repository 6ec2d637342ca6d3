import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEmulatorClock } from './emulatorClock.js';
import { freePort, pollMetrics } from './metricsPoller.js';
import { logLines, startGcstream, type Proc } from './processes.js';
import { scanForSecrets } from './secretScan.js';
import dropTable from './dropTable.js';
import { restartNatsServer, restartPostgres } from '../../packages/testkit/src/services/restartServices.js';
import { countNatsMessages, countRows, drainNatsStream, readPostgres, terminateSinkConnections } from './sinkContents.js';
import { buildReport, type ChaosReport, type FaultTiming } from './report.js';
import { startWebhookReceiver } from './webhookReceiver.js';

export interface ChaosOptions {
  /** Wall time gcstream runs under faults. */
  readonly durationMs: number;
  readonly profile: 'small' | 'medium' | 'large' | 'enterprise';
  readonly speed: number;
  /** Socket drops, socket_closing and channel expiry intervals (wall ms). */
  readonly dropEveryMs: number;
  readonly closingEveryMs: number;
  readonly expireEveryMs: number;
  readonly silentMs: number;
  readonly webhookFailMs: number;
  readonly webhookThrottleMs: number;
  /** SIGKILL + restart of gcstream, this many times. */
  readonly kills: number;
  /**
   * Restart the machine's PostgreSQL and nats-server during the run. Off for the short run in
   * the test suite, where other test files share those servers.
   */
  readonly restartServices: boolean;
  /**
   * After the faults, how long gcstream may take to fill its last gaps (its
   * `gcstream_source_unfilled_gaps` back to 0) before it is stopped and the sinks are read.
   */
  readonly settleMaxMs: number;
  readonly log?: (line: string) => void;
}

export const FULL: ChaosOptions = { durationMs: 300_000, profile: 'large', speed: 60, dropEveryMs: 10_000, closingEveryMs: 30_000, expireEveryMs: 120_000, silentMs: 45_000, webhookFailMs: 20_000, webhookThrottleMs: 10_000, kills: 2, restartServices: true, settleMaxMs: 300_000 };
export const SHORT: ChaosOptions = { durationMs: 70_000, profile: 'small', speed: 60, dropEveryMs: 10_000, closingEveryMs: 30_000, expireEveryMs: 45_000, silentMs: 12_000, webhookFailMs: 8_000, webhookThrottleMs: 4_000, kills: 2, restartServices: false, settleMaxMs: 30_000 };

const PG_PASSWORD = 'chaos-pg-password-7f3c1e';
const CLIENT_SECRET = 'chaos-client-secret-9b2d4a61';
const WEBHOOK_SECRET = 'chaos-webhook-secret-5e8f0c2b17';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'gcstream-chaos-'));
  const id = `${process.pid}_${Date.now() % 1e6}`;
  const table = `chaos_${id}`;
  const stream = `CHAOS_${id}`;
  const appName = `gcstream-chaos-${id}`;
  const adminUrl = 'postgres://postgres@127.0.0.1:5432/test';
  // Trust auth ignores the password; it is there so the secret scan has one to look for.
  const sinkUrl = `postgres://postgres:${PG_PASSWORD}@127.0.0.1:5432/test?application_name=${appName}`;
  const webhook = await startWebhookReceiver(WEBHOOK_SECRET);
  const emulator = startGcstream(
    // The ground truth goes to a file, which keeps every record: in memory the emulator keeps the
    // newest million, and the large profile (with its warm start) emits more than that in a run.
    ['emulator', '--port', '0', '--truth', 'truth.ndjson', '--profile', options.profile, '--speed', String(options.speed), '--client-id', 'chaos-client', '--client-secret', CLIENT_SECRET, '--log-level', 'warn'],
    dir,
    join(dir, 'emulator.log'),
  );
  const faults: FaultTiming[] = [];
  const runs: Proc[] = [];
  try {
    await emulator.waitFor(/ready at http:\/\/\S+/, 120_000);
    const baseUrl = /ready at (http:\/\/\S+)/.exec(emulator.output())![1]!;
    const clock = sampleEmulatorClock(baseUrl, options.speed);
    await clock.ready();
    const fault = async (spec: string) => {
      const response = await fetch(`${baseUrl}/_emulator/faults`, { method: 'POST', body: spec });
      if (!response.ok) throw new Error(`emulator refused fault ${spec}: ${await response.text()}`);
    };
    const metricsPort = await freePort();
    process.env.GCSTREAM_CHAOS_SECRET = CLIENT_SECRET;
    process.env.GCSTREAM_CHAOS_WEBHOOK_SECRET = WEBHOOK_SECRET;
    process.env.GCSTREAM_CHAOS_PG_URL = sinkUrl;
    writeFileSync(
      join(dir, 'chaos.yaml'),
      `source:
  genesys:
    baseUrl: "${baseUrl}"
    clientId: chaos-client
    clientSecret: \${GCSTREAM_CHAOS_SECRET}
    topics:
      - v2.routing.queues.{queueId}.conversations
    queues: all
    backfill: true
shutdownTimeout: 20s
metrics: { port: ${metricsPort} }
sinks:
  - postgres: { url: "\${GCSTREAM_CHAOS_PG_URL}", table: ${table}, createTable: true, batch: { size: 500, interval: 200ms }, retry: { attempts: 1000, maxDelay: 2s } }
  - webhook: { url: "${webhook.url}", secret: "\${GCSTREAM_CHAOS_WEBHOOK_SECRET}", batch: { size: 200, interval: 200ms }, retry: { attempts: 1000, maxDelay: 2s } }
  - nats: { servers: "nats://127.0.0.1:4222", subject: "chaos.${id}.{family}", stream: ${stream}, createStream: true, retry: { attempts: 1000, maxDelay: 2s } }
`,
    );
    /** Times without a socket that could carry events, in wall time. */
    const windows: Array<{ from: number; to: number; why: string }> = [];
    const endedAt = new Map<Proc, number>();
    const start = async (n: number) => {
      const proc = startGcstream(['run', 'chaos.yaml', '--spool', 'spool', '--no-status', '--dead-letters', 'dead-letters.ndjson'], dir, join(dir, `gcstream-${n}.log`));
      runs.push(proc);
      const spawned = Date.now();
      await proc.waitFor(/"channel live"/, 120_000);
      return { proc, upMs: Date.now() - spawned };
    };
    let current = (await start(1)).proc;
    const began = Date.now();
    const poller = pollMetrics(metricsPort);
    const toSim = clock.toSim;
    const streamFrom = Date.now();
    windows.push({ from: streamFrom, to: streamFrom, why: 'start' });
    log(`chaos: emulator ${options.profile} at speed ${options.speed}, gcstream live; ${options.durationMs / 1000} s of faults`);

    const at = (fraction: number) => began + options.durationMs * fraction;
    /**
     * Faults that keep every event away while they last (a silence, a 429 burst, gcstream down):
     * another fault injected meanwhile cannot be seen to recover before they end, so its recovery
     * is timed from their end (and the report says so).
     */
    const blocking: Array<{ from: number; to: number; fault: string }> = [];
    /** Recovered when `count` grows past what it was at the fault (read every 100 ms). */
    const recoveredWhenGrows = (name: string, count: () => Promise<number>, before: number) =>
      void (async () => {
        for (let i = 0; i < 1200 && (await count()) <= before; i++) await sleep(100);
        const t = faults.find((f) => f.name === name);
        if (t) t.recoveredAt = Date.now();
      })();
    const plan: Array<{ time: number; name: string; act: () => Promise<void> }> = [];
    for (let t = options.dropEveryMs; t < options.durationMs; t += options.dropEveryMs) plan.push({ time: began + t, name: 'socket drop', act: () => fault('drop-sockets') });
    for (let t = options.closingEveryMs * 0.5; t < options.durationMs; t += options.closingEveryMs) plan.push({ time: began + t, name: 'socket_closing', act: () => fault('socket-closing') });
    for (let t = options.expireEveryMs * 0.7; t < options.durationMs; t += options.expireEveryMs) plan.push({ time: began + t, name: 'channel expiry', act: () => fault('expire-channels') });
    plan.push({
      time: at(0.12),
      name: `silent socket ${options.silentMs / 1000} s (recovery after it ends)`,
      act: async () => {
        await fault(`silent:for=${options.silentMs}ms`);
        // Nothing is sent while silent, on the old socket or a new one: not streamed while connected.
        windows.push({ from: Date.now(), to: Date.now() + options.silentMs, why: 'silent' });
        blocking.push({ from: Date.now(), to: Date.now() + options.silentMs, fault: `silent socket ${options.silentMs / 1000} s` });
      },
    });
    plan.push({ time: at(0.34), name: 'token revocation', act: () => fault('revoke-tokens') });
    // The 429s meet the calls a channel expiry forces (a new channel, its subscriptions).
    plan.push({
      time: at(0.39),
      name: '429 burst (REST 8, token 3) on a token revocation + channel expiry (recovery after the last 429)',
      act: async () => {
        const window = { from: Date.now(), to: Number.POSITIVE_INFINITY, fault: '429 burst' };
        blocking.push(window);
        // The revocation makes gcstream log in again at once, into the token endpoint's 429s.
        await fault('429:count=8,retry-after=1s,token-429:count=3,retry-after=1s,revoke-tokens,expire-channels');
        // The burst ends when the emulator has served its last injected 429.
        void (async () => {
          for (let i = 0; i < 1200; i++) {
            const { pending429 } = (await (await fetch(`${baseUrl}/_emulator/status`)).json()) as { pending429: { rest: number; token: number; lastServedAt?: number } };
            if (pending429.rest === 0 && pending429.token === 0) return void (window.to = pending429.lastServedAt ?? Date.now());
            await sleep(100);
          }
        })();
      },
    });
    plan.push({
      time: at(0.44),
      name: 'pg_terminate_backend',
      act: async () => {
        const before = await countRows(adminUrl, table);
        await terminateSinkConnections(adminUrl, appName);
        // Recovered when rows arrive again through new connections.
        recoveredWhenGrows('pg_terminate_backend', () => countRows(adminUrl, table), before);
      },
    });
    /**
     * When a restarted server took connections again: the restart itself (PostgreSQL's shutdown
     * checkpoint and start, nats-server's 2 s down) is the server's time, not gcstream's, so the
     * sink's recovery is timed from there (and the report says so).
     */
    const serverBack = new Map<string, { at: number; after: string }>();
    if (options.restartServices) {
      plan.push({
        time: at(0.6),
        name: 'PostgreSQL restart',
        act: async () => {
          const before = await countRows(adminUrl, table);
          await restartPostgres();
          serverBack.set('PostgreSQL restart', { at: Date.now(), after: 'PostgreSQL down (restart)' });
          recoveredWhenGrows('PostgreSQL restart', () => countRows(adminUrl, table).catch(() => 0), before);
        },
      });
      plan.push({
        time: at(0.8),
        name: 'nats-server restart (down 2 s)',
        act: async () => {
          const count = () => countNatsMessages('nats://127.0.0.1:4222', stream);
          const before = await count();
          await restartNatsServer(2000);
          serverBack.set('nats-server restart (down 2 s)', { at: Date.now(), after: 'nats-server down (restart)' });
          recoveredWhenGrows('nats-server restart (down 2 s)', count, before);
        },
      });
    }
    const webhookName = `webhook 500 ${options.webhookFailMs / 1000} s then 429 ${options.webhookThrottleMs / 1000} s (recovery after the 429s)`;
    plan.push({
      time: at(0.2),
      name: webhookName,
      act: async () => {
        // Recovery counts from the end of the 429s, when the receiver takes events again.
        void webhook.fail(options.webhookFailMs, options.webhookThrottleMs).recovered.then((ms) => {
          const t = faults.find((f) => f.name === webhookName);
          if (t) t.recoveredAt = t.injectedAt + ms;
        });
      },
    });
    for (let k = 0; k < options.kills; k++) {
      plan.push({
        time: at(0.5 + (0.4 * k) / Math.max(1, options.kills)),
        name: `SIGKILL gcstream #${k + 1}`,
        act: async () => {
          const down = Date.now();
          endedAt.set(current, down);
          current.child.kill('SIGKILL');
          await current.exited;
          const restarted = await start(runs.length + 1);
          current = restarted.proc;
          windows.push({ from: down, to: Date.now(), why: 'gcstream down' });
          blocking.push({ from: down, to: Date.now(), fault: `SIGKILL gcstream #${k + 1}` });
        },
      });
    }
    plan.sort((a, b) => a.time - b.time);
    for (const step of plan) {
      await sleep(Math.max(0, step.time - Date.now()));
      const injected = Date.now();
      const runIndex = runs.length;
      const since = current.output().length;
      await step.act();
      faults.push({ name: step.name, injectedAt: injected, run: runIndex, since });
      log(`chaos: ${step.name}`);
    }
    await sleep(Math.max(0, began + options.durationMs - Date.now()));
    // Quiet at the end so the sinks' retries can finish, and then until the last gaps are
    // backfilled: with faults every few seconds the backfill queue runs behind the faults, and a
    // stop before it has caught up would count as missing what gcstream was still fetching.
    const faultsEnded = Date.now();
    await sleep(Math.min(30_000, options.durationMs / 4));
    const settledAt = await poller.settled(options.settleMaxMs);
    log(settledAt === undefined ? `chaos: gaps still waiting for backfill ${options.settleMaxMs / 1000} s after the faults; stopping anyway` : `chaos: every gap backfilled ${((settledAt - faultsEnded) / 1000).toFixed(1)} s after the faults ended`);
    const streamTo = Date.now();
    // What the emulator sent in the last moments may still be on the wire at the stop.
    windows.push({ from: streamTo, to: streamTo, why: 'stop' });
    endedAt.set(current, Date.now());
    current.child.kill('SIGTERM');
    const code = await current.exited;
    log(`chaos: gcstream stopped (exit ${code})`);

    await poller.stop();
    await clock.stop();
    for (const f of faults) {
      const silent = f.name.startsWith('silent');
      // A silence and a 429 burst are timed from their own end (the last 429 served).
      const burstEnd = f.name.startsWith('429 burst') ? blocking.find((w) => w.fault === '429 burst' && Math.abs(w.from - f.injectedAt) < 5_000 && Number.isFinite(w.to))?.to : undefined;
      const own = silent ? f.injectedAt + options.silentMs : Math.max(f.injectedAt, burstEnd ?? 0);
      // Another fault that kept events away at the injection (a silence, a 429 burst, gcstream
      // down): this one cannot be seen to recover before that one ends, so it is timed from there.
      // (A webhook fault is timed by its receiver, from the end of its own 429s.)
      const blocker = silent || f.name.startsWith('webhook')
        ? undefined
        : blocking.filter((w) => !f.name.startsWith(w.fault) && w.from <= f.injectedAt && f.injectedAt < w.to && Number.isFinite(w.to)).sort((a, b) => b.to - a.to)[0];
      if (f.recoveredAt === undefined && f.name !== 'pg_terminate_backend' && !f.name.includes('restart') && !f.name.startsWith('webhook')) {
        const back = poller.recoveredAfter(f.injectedAt, Math.max(own, blocker?.to ?? 0));
        // A silence is timed from its end: before it, no socket could carry anything.
        f.recoveredAt = back === undefined ? undefined : f.injectedAt + (back - own);
      }
      if (f.recoveredAt !== undefined && blocker !== undefined && blocker.to > own && blocker.to < f.recoveredAt) f.timedFrom = { at: blocker.to, after: blocker.fault };
      const back = serverBack.get(f.name);
      if (f.recoveredAt !== undefined && back !== undefined && back.at <= f.recoveredAt) f.timedFrom = back;
    }
    // What the emulator emitted until now (its file is written as it goes; what is still buffered
    // was emitted in the last instants, inside the stop's margin).
    // It is read line by line, keeping the queue-conversation records the report compares: with
    // every topic, the large profile writes more than a string can hold.
    await sleep(500);
    let emittedTotal = 0;
    const kept: string[] = [];
    for await (const line of createInterface({ input: createReadStream(join(dir, 'truth.ndjson')), crlfDelay: Infinity })) {
      if (!line) continue;
      emittedTotal++;
      if (line.includes('"topicName":"v2.routing.queues.') && /\.conversations","/.test(line)) kept.push(line);
    }
    const truthText = kept.join('\n');
    const pgContents = await readPostgres(adminUrl, table);
    const nats = await drainNatsStream('nats://127.0.0.1:4222', stream);
    for (const run of runs) {
      const lines = logLines(run.output());
      // A socket that went down and had not come back when the process ended: a gap no log closed.
      const lastDown = lines.findLastIndex((l) => l.msg === 'socket down; reconnecting');
      if (lastDown >= 0 && !lines.slice(lastDown).some((l) => l.msg === 'gap closed')) {
        windows.push({ from: lines[lastDown]!.time, to: endedAt.get(run) ?? Date.now(), why: 'gap open at the end of the process' });
      }
      for (const line of lines) {
        if (line.msg !== 'gap closed' || typeof line.from !== 'string' || typeof line.ms !== 'number') continue;
        // gcstream reads gaps on its estimate of the server clock (simulated time here); an older
        // build used its own clock. Whichever is nearer says which it is.
        const from = Date.parse(line.from);
        const onServerClock = Math.abs(from - toSim(line.time)) < Math.abs(from - line.time);
        windows.push(onServerClock ? { from: clock.toWall(from), to: clock.toWall(from + line.ms), why: 'gap' } : { from, to: from + line.ms, why: 'gap' });
      }
    }
    // Kept beside the logs for a closer look: what the emulator sent, what each sink holds, the gaps.
    writeFileSync(join(dir, 'sinks.json'), JSON.stringify({ streamFrom, streamTo, windows, samples: poller.samples, faults, postgres: pgContents.rows, webhook: webhook.keys, nats: nats.keys }));
    // Every bearer token the emulator issued during the run (revoked and refreshed ones included).
    const tokens = ((await (await fetch(`${baseUrl}/_emulator/tokens`)).json()) as { tokens: string[] }).tokens;
    const secrets = scanForSecrets(dir, [CLIENT_SECRET, WEBHOOK_SECRET, PG_PASSWORD], tokens);
    return buildReport({
      options,
      truthText,
      emittedTotal,
      streamFrom,
      streamTo,
      windows,
      // Events reach gcstream 1.5-2.5 s after the emulator emits them at speed 60 (receive lag, printed):
      // what was emitted less than 3 s before a cut was still on its way, not yet received.
      marginMs: 3_000,
      toWall: clock.toWall,
      pg: pgContents,
      webhookKeys: webhook.keys,
      webhookBadSignatures: webhook.badSignatures(),
      natsKeys: nats.keys,
      faults,
      runs: runs.map((r) => r.output()),
      secrets,
      dir,
      exitCode: code,
      backfillSettledMs: settledAt === undefined ? undefined : settledAt - faultsEnded,
    });
  } finally {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    emulator.child.kill('SIGTERM');
    await emulator.exited;
    await webhook.close();
    await dropTable(adminUrl, table);
  }
}
