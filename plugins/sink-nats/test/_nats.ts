import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { sampleEvents } from '@gcstream/testkit';
import type { GenesysEvent } from '@gcstream/core';

/** The machine's NATS server with JetStream. */
export const NATS_URL = 'nats://127.0.0.1:4222';

export const uniqueName = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;

export interface Admin {
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
}

export async function openAdmin(): Promise<Admin> {
  const nc = await connect({ servers: NATS_URL });
  return { nc, jsm: await jetstreamManager(nc) };
}

export interface StoredEvent {
  readonly msgId: string | undefined;
  readonly subject: string;
  readonly event: GenesysEvent;
}

/** Every message in the stream, in order, with its Nats-Msg-Id header. */
export async function readStream(admin: Admin, stream: string): Promise<StoredEvent[]> {
  const info = await admin.jsm.streams.info(stream);
  const out: StoredEvent[] = [];
  if (info.state.messages === 0) return out;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const message = await admin.jsm.streams.getMessage(stream, { seq });
    if (!message) continue;
    out.push({ msgId: message.header?.get('Nats-Msg-Id'), subject: message.subject, event: message.json<GenesysEvent>() });
  }
  return out;
}

/** `count` realistic events of every family, with keys unique to `prefix`. */
export function manyEvents(count: number, prefix: string): GenesysEvent[] {
  const templates = sampleEvents(Math.min(count, 60), 9);
  return Array.from({ length: count }, (_, i) => ({ ...templates[i % templates.length]!, key: `${prefix}-${i}` }));
}

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
