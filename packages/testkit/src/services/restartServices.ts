import { execFile, execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { promisify } from 'node:util';

/**
 * Restarts of the machine's own services, for integration tests and the chaos suite that show a
 * sink riding through its server going away. They act on the real servers on 127.0.0.1, so a
 * test that uses them must not share the server with tests running beside it.
 */
const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

async function waitPort(port: number, open: boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await portOpen(port)) === open) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * Restarts the machine's nats-server on 127.0.0.1:4222 the way it was started (its command line,
 * read from /proc): SIGTERM, a pause of `downMs` with nothing listening, then the same command,
 * detached. JetStream's stored streams survive (the store directory stays). Resolves once the
 * port answers again.
 */
export async function restartNatsServer(downMs: number): Promise<void> {
  const pid = Number(execFileSync('pgrep', ['-o', '-x', 'nats-server'], { encoding: 'utf8' }).trim());
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  if (!argv.join(' ').includes('4222') && !argv.includes('-js')) throw new Error(`the nats-server found (pid ${pid}) is not the one on 4222 with JetStream: ${argv.join(' ')}`);
  process.kill(pid, 'SIGTERM');
  if (!(await waitPort(4222, false, 10_000))) throw new Error('nats-server did not stop within 10 s of SIGTERM');
  await new Promise((r) => setTimeout(r, downMs));
  // Something (a supervisor) may have started it again meanwhile.
  if (!(await portOpen(4222))) spawn(argv[0]!, argv.slice(1), { detached: true, stdio: 'ignore' }).unref();
  if (!(await waitPort(4222, true, 20_000))) throw new Error(`nats-server did not come back within 20 s: ${argv.join(' ')}`);
}

const run = promisify(execFile);

/**
 * Restarts the machine's PostgreSQL cluster (`pg_ctlcluster <version> main restart`; the newest
 * version under /etc/postgresql). Resolves once it accepts connections on 5432 again.
 */
export async function restartPostgres(): Promise<void> {
  const version = readdirSync('/etc/postgresql').sort().at(-1)!;
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
  if (!(await waitPort(5432, true, 30_000))) throw new Error(`PostgreSQL ${version} did not come back within 30 s`);
}
