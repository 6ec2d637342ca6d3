/**
 * The soak's two child processes, the emulator and gcstream, started from the built CLI exactly
 * as a user runs them, and the setup they need (the table, a config pointed at the emulator).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
export const PG_URL = process.env.GCSTREAM_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function psql(sql: string): string {
  const result = spawnSync('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** A fresh copy of examples/queue-dashboard.sql's table under the soak's own name. */
export function createTable(table: string): void {
  const ddl = readFileSync(join(root, 'examples/queue-dashboard.sql'), 'utf8').replace(/\bqueue_metrics\b/g, table);
  psql(`DROP TABLE IF EXISTS ${table}`);
  const result = spawnSync('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-q'], { input: ddl, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`creating ${table} failed: ${result.stderr}`);
}

/** examples/queue-dashboard.yaml, unchanged but for the credentials of the separate emulator. */
/**
 * examples/queue-dashboard.yaml pointed at the emulator. conversationState's `staleAfter` (4 h by
 * default) runs on the host's clock while the emulator's day runs `speed` times faster, so it is
 * scaled to the speed: at --speed 60 a conversation that leaves the subscribed queues is closed
 * after 4 simulated hours (4 wall minutes), as it would be in a real day, instead of 240 simulated
 * hours. Every other bound in the pipeline counts events or runs on event time.
 */
export function writeConfig(dir: string, baseUrl: string, speed = 1): string {
  const example = readFileSync(join(root, 'examples/queue-dashboard.yaml'), 'utf8');
  const marker = '    # region: us-east-1\n';
  if (!example.includes(marker)) throw new Error('examples/queue-dashboard.yaml changed: no region line to put the emulator in');
  const state = '  - conversationState:\n';
  if (!example.includes(state)) throw new Error('examples/queue-dashboard.yaml changed: no conversationState step to scale staleAfter on');
  const config = example
    .replace(marker, `    baseUrl: ${baseUrl}\n    clientId: emulator-client\n    clientSecret: emulator-secret\n`)
    .replace(state, `${state}      staleAfter: ${Math.max(1, Math.round((4 * 3600) / speed))}s\n`);
  const path = join(dir, 'queue-dashboard.yaml');
  writeFileSync(path, config);
  return path;
}

export interface Emulator {
  child: ChildProcess;
  baseUrl: string;
}

export async function startEmulator(dir: string, opts: { speed: number; profile: string; seed: number }): Promise<Emulator> {
  const args = [bin, 'emulator', '--port', '0', '--speed', String(opts.speed), '--profile', opts.profile, '--seed', String(opts.seed)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', openSync(join(dir, 'emulator.err'), 'a')] });
  const log = openSync(join(dir, 'emulator.log'), 'a');
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`emulator not ready after 120 s:\n${text}`)), 120_000);
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}) before it was ready:\n${text}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      writeFileSync(log, chunk);
      text += chunk.toString();
      const ready = /ready at (http:\/\/\S+)/.exec(text);
      if (ready) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, baseUrl: ready[1]! });
      }
    });
  });
}

export function startGcstream(dir: string, config: string, env: { metricsPort: number; dashboardPort: number; table: string }): ChildProcess {
  const out = openSync(join(dir, 'gcstream.log'), 'a');
  return spawn(process.execPath, [bin, 'run', config, '--metrics-port', String(env.metricsPort), '--log-level', 'info', '--no-status'], {
    cwd: dir,
    stdio: ['ignore', out, out],
    env: { ...process.env, DASHBOARD_PORT: String(env.dashboardPort), QUEUE_METRICS_TABLE: env.table, GCSTREAM_PG_URL: PG_URL },
  });
}

/** SIGTERM, then the exit code, or SIGKILL and null after `graceMs`. */
export async function stop(child: ChildProcess, graceMs: number): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

export function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
