import { randomUUID } from 'node:crypto';
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

