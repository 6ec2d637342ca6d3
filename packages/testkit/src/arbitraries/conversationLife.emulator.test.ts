// The generated lives and the emulator's contact center follow the same conversation rules: one
// grammar of media-state changes and disconnect types, checked on both.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createContactCenter, createManualClock } from '@gcstream/emulator';
import { arbConversationTraffic } from './index.js';

type Loose = Record<string, unknown>;
const LISTS = ['calls', 'callbacks', 'chats', 'emails', 'messages'];
const QUEUE_TOPIC = /^v2\.routing\.queues\.([^.]+)\.conversations$/;

/** How a media item may change between two notifications of its conversation. */
const NEXT: Record<string, readonly string[]> = {
  alerting: ['connected', 'disconnected'],
  dialing: ['connected', 'disconnected'],
  contacting: ['connected', 'disconnected'],
  connected: ['disconnected'],
  disconnected: ['terminated'],
  terminated: [],
};
/** Who may leave by which disconnect type. */
const DISCONNECT_TYPES: Record<string, readonly string[]> = {
  acd: ['transfer', 'peer'],
  agent: ['timeout', 'peer', 'client', 'transfer'],
  customer: ['endpoint', 'peer', 'timeout'],
  ivr: ['transfer'],
  voicemail: ['peer'],
};

/** Checks one queue topic's notifications; returns the broken rules and the state changes seen. */
function grammar(notifications: ReadonlyArray<{ topicName: string; eventBody: unknown }>): { broken: Set<string>; edges: Set<string> } {
  const broken = new Set<string>();
  const edges = new Set<string>();
  const last = new Map<string, string>();
  for (const { topicName, eventBody } of notifications) {
    const queueId = QUEUE_TOPIC.exec(topicName)?.[1];
    if (queueId === undefined) continue;
    const body = eventBody as { id: string; participants: Loose[] };
    const states: string[] = [];
    if (!body.participants.some((p) => p.purpose === 'acd' && p.queueId === queueId)) broken.add('a queue topic carries a conversation that was never in that queue');
    for (const p of body.participants) {
      const purpose = String(p.purpose);
      if (purpose === 'acd' && typeof p.queueId !== 'string') broken.add('an acd participant without a queueId');
      for (const m of LISTS.flatMap((list) => (p[list] as Loose[] | undefined) ?? [])) {
        const state = String(m.state);
        states.push(state);
        const key = `${body.id}|${m.id}`;
        const before = last.get(key);
        if (before === undefined) edges.add(`${purpose}: -> ${state}`);
        else if (before !== state) {
          edges.add(`${purpose}: ${before} -> ${state}`);
          if (!NEXT[before]?.includes(state)) broken.add(`${purpose} media ${before} -> ${state}`);
        }
        last.set(key, state);
        if (m.disconnectType !== undefined && !DISCONNECT_TYPES[purpose]?.includes(String(m.disconnectType))) broken.add(`${purpose} disconnected by ${String(m.disconnectType)}`);
      }
    }
    if (states.includes('terminated') && !states.every((s) => s === 'terminated')) broken.add('a conversation partly terminated');
  }
  return { broken, edges };
}

describe('generated lives follow the emulator rules', () => {
  it("the emulator's queue notifications and the generated ones keep one grammar, and the generated ones show only changes the emulator shows", () => {
    const clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    const center = createContactCenter({ clock, seed: 3, arrivalRatePerMinute: 1.5 });
    const emitted: { topicName: string; eventBody: unknown }[] = [];
    center.onNotification((n) => emitted.push(n));
    center.start();
    clock.advance(2 * 3_600_000);
    center.stop();
    const emulator = grammar(emitted);
    expect([...emulator.broken]).toEqual([]);

    // Each stream numbers its conversations from 1: checked one stream at a time.
    const lives = { broken: new Set<string>(), edges: new Set<string>() };
    for (const stream of fc.sample(arbConversationTraffic(), { numRuns: 200, seed: 9 })) {
      const one = grammar(stream.map((n) => n.envelope));
      for (const rule of one.broken) lives.broken.add(rule);
      for (const edge of one.edges) lives.edges.add(edge);
    }
    expect([...lives.broken]).toEqual([]);
    expect([...lives.edges].filter((edge) => !emulator.edges.has(edge))).toEqual([]);
    // And they cover the main path: queue, alert, answer, ring out, abandon, wrap-up, end.
    for (const edge of ['acd: -> connected', 'agent: -> alerting', 'agent: alerting -> connected', 'agent: alerting -> disconnected', 'acd: connected -> disconnected', 'customer: connected -> disconnected', 'agent: disconnected -> terminated']) {
      expect(lives.edges).toContain(edge);
    }
  });
});
