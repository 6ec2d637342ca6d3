import { beforeAll, describe, expect, it } from 'vitest';
import { createContactCenter, createManualClock } from '../src/sim/index.js';
import type { SimNotification } from '../src/sim/types.js';

type Body = Record<string, any>;
const START = Date.UTC(2026, 2, 9, 13, 0, 0);

/**
 * Each way a queue visit can end, as a client receives it on `v2.routing.queues.{id}.conversations`
 * and the detail events: field values and enum spellings as Genesys Cloud sends them.
 */
describe('queue visit outcomes, spelled as Genesys does', () => {
  let notifications: SimNotification[];
  /** Queue-conversation bodies of each conversation, in order (one per change). */
  const bodies = new Map<string, Body[]>();
  const acdEnds = new Map<string, Body[]>();

  beforeAll(() => {
    const clock = createManualClock(START);
    // Few agents and impatient callers: every outcome happens within a few hours.
    const center = createContactCenter({
      clock,
      seed: 3,
      startTime: START,
      queues: [
        { name: 'Billing', mediaTypes: ['voice', 'callback'], mediaMix: { voice: 1, callback: 0 } },
        { name: 'Support', mediaTypes: ['voice', 'chat'] },
      ],
      agents: 3,
      arrivalRatePerMinute: 1.5,
      timing: { patienceMs: { voice: 40_000, chat: 40_000 } },
    });
    notifications = [];
    center.onNotification((n) => notifications.push(n));
    center.start();
    clock.advance(4 * 3_600_000);
    for (const n of notifications) {
      if (/^v2\.routing\.queues\.[^.]+\.conversations$/.test(n.topicName)) {
        const list = bodies.get(n.conversationId!) ?? [];
        // The same body goes to every queue of the conversation: keep one copy of each change.
        if (list.at(-1) !== n.eventBody) list.push(n.eventBody as Body);
        bodies.set(n.conversationId!, list);
      }
      if (n.topicName.endsWith('.acd.end')) acdEnds.set(n.conversationId!, [...(acdEnds.get(n.conversationId!) ?? []), n.eventBody as Body]);
    }
  });

  const acds = (b: Body) => b.participants.filter((p: Body) => p.purpose === 'acd');
  const customer = (b: Body) => b.participants.find((p: Body) => p.purpose === 'customer');
  /** The first body of any conversation where `test` holds, with the conversation id. */
  function find(test: (b: Body) => boolean): { id: string; body: Body; before: Body } {
    for (const [id, list] of bodies) {
      const i = list.findIndex(test);
      if (i > 0) return { id, body: list[i]!, before: list[i - 1]! };
    }
    throw new Error('no conversation shows this outcome: change the seed or the center');
  }

  it('answered: the ACD call leaves by transfer as the agent connects; acd.end ANSWERED names the agent', () => {
    const { id, body } = find((b) => b.participants.some((p: Body) => p.purpose === 'agent' && p.calls[0]?.state === 'connected'));
    const acd = acds(body)[0];
    const agent = body.participants.find((p: Body) => p.purpose === 'agent');
    expect(acd.calls[0]).toMatchObject({ state: 'disconnected', disconnectType: 'transfer' });
    expect(agent.calls[0]).toMatchObject({ state: 'connected', initialState: 'alerting', direction: 'inbound' });
    expect(agent.calls[0].connectedTime).toBe(acd.calls[0].disconnectedTime);
    expect(acdEnds.get(id)![0]).toMatchObject({ acdOutcome: 'ANSWERED', disconnectType: 'TRANSFER', answeredUserId: agent.userId, usedRouting: 'STANDARD', requestedRoutings: ['STANDARD'] });
  });

  it('abandoned: the customer hangs up (endpoint), the ACD call ends peer, no agent connected; acd.end ABANDON', () => {
    const { id, body } = find((b) => acds(b).some((p: Body) => p.calls[0]?.disconnectType === 'peer'));
    const acd = acds(body).find((p: Body) => p.calls[0].disconnectType === 'peer');
    expect(customer(body).calls[0]).toMatchObject({ state: 'disconnected', disconnectType: 'endpoint', disconnectedTime: acd.calls[0].disconnectedTime });
    expect(body.participants.some((p: Body) => p.purpose === 'agent' && p.calls.some((c: Body) => c.connectedTime))).toBe(false);
    expect(acdEnds.get(id)!.at(-1)).toMatchObject({ acdOutcome: 'ABANDON', disconnectType: 'PEER' });
  });

  it('flow-out to voicemail: as voicemail starts the ACD call leaves by transfer and a voicemail participant has the caller', () => {
    const { id, body, before } = find((b) => b.participants.some((p: Body) => p.purpose === 'voicemail'));
    const acd = acds(body).at(-1);
    const voicemail = body.participants.find((p: Body) => p.purpose === 'voicemail');
    expect(acds(before).at(-1).calls[0].state).toBe('connected');
    expect(acd.calls[0]).toMatchObject({ state: 'disconnected', disconnectType: 'transfer' });
    expect(voicemail).toMatchObject({ queueId: acd.queueId });
    expect(voicemail.calls[0]).toMatchObject({ state: 'connected', connectedTime: acd.calls[0].disconnectedTime });
    expect(customer(body).calls[0].state).toBe('connected');
    expect(acdEnds.get(id)!.at(-1)).toMatchObject({ acdOutcome: 'FLOW_OUT', disconnectType: 'TRANSFER' });
    // Then the caller hangs up after recording: endpoint, and voicemail is left by its peer.
    const last = bodies.get(id)!.findLast((b) => customer(b).calls[0].state === 'disconnected')!;
    expect(customer(last).calls[0].disconnectType).toBe('endpoint');
    expect(last.participants.find((p: Body) => p.purpose === 'voicemail').calls[0].disconnectType).toBe('peer');
  });

  it('flow-out to a callback: the call leaves the queue by transfer and a callback for the caller waits in the same queue', () => {
    const { id, body } = find((b) => acds(b).some((p: Body) => p.callbacks.length > 0) && acds(b).some((p: Body) => p.calls.length > 0));
    const [voice, callback] = [acds(body).find((p: Body) => p.calls.length > 0), acds(body).find((p: Body) => p.callbacks.length > 0)];
    expect(voice.calls[0]).toMatchObject({ state: 'disconnected', disconnectType: 'transfer' });
    expect(callback.queueId).toBe(voice.queueId);
    expect(callback.callbacks[0]).toMatchObject({ state: 'connected', connectedTime: voice.calls[0].disconnectedTime });
    expect(callback.callbacks[0].callbackNumbers).toEqual([customer(body).address]);
    expect(customer(body).calls[0]).toMatchObject({ state: 'disconnected', disconnectType: 'endpoint' });
    expect(customer(body).callbacks[0].state).toBe('connected');
    expect(acdEnds.get(id)![0]).toMatchObject({ acdOutcome: 'FLOW_OUT', disconnectType: 'TRANSFER', mediaType: 'VOICE' });
  });

  it('flow-out to another queue: the in-queue flow moves the caller, with no agent, to a second ACD participant', () => {
    const { id, body } = find((b) => {
      const [first, second] = acds(b);
      return second !== undefined && first.queueId !== second.queueId && !b.participants.some((p: Body) => p.purpose === 'agent' && p.queueId === first.queueId);
    });
    const [first, second] = acds(body);
    expect(first.calls[0]).toMatchObject({ state: 'disconnected', disconnectType: 'transfer' });
    expect(second.calls[0]).toMatchObject({ state: 'connected', connectedTime: first.calls[0].disconnectedTime });
    expect(customer(body).calls[0].state).toBe('connected');
    expect(acdEnds.get(id)![0]).toMatchObject({ acdOutcome: 'FLOW_OUT', disconnectType: 'TRANSFER', queueId: first.queueId });
  });

  it('transfer by the agent: answered in the first queue, the agent leaves by transfer, the caller queues again elsewhere', () => {
    const { id, body } = find((b) => {
      const [first, second] = acds(b);
      return second !== undefined && b.participants.some((p: Body) => p.purpose === 'agent' && p.queueId === first.queueId && p.calls[0]?.disconnectType === 'transfer');
    });
    const [first, second] = acds(body);
    const agent = body.participants.find((p: Body) => p.purpose === 'agent' && p.queueId === first.queueId);
    expect(agent.calls[0].disconnectedTime).toBe(second.calls[0].connectedTime);
    expect(second.queueId).not.toBe(first.queueId);
    expect(acdEnds.get(id)![0]!.acdOutcome).toBe('ANSWERED');
    const userEnd = notifications.find((n) => n.topicName.endsWith('.user.end') && (n.eventBody as Body).participantId === agent.id)!.eventBody as Body;
    expect(userEnd.disconnectType).toBe('TRANSFER');
  });
});
