import { describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import type { GenesysEvent } from '../../model/events.js';
import { conversationEventTime } from '../../model/schemas/eventTime.js';
import { conversationState } from './conversationState.js';
import type { ConversationRecord } from './types.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const CONV = 'c0000000-0000-4000-8000-000000000077';
const Q1 = 'q1000000-0000-4000-8000-000000000001';
type Body = Record<string, unknown>;
let seq = 0;

const snapshot = (participants: Body[]): GenesysEvent => {
  const eventBody = { id: CONV, participants };
  return { topicName: `v2.routing.queues.${Q1}.conversations`, version: '2', eventBody, metadata: {}, topic: 'v2.routing.queues.{id}.conversations', family: 'conversation', ids: [Q1], eventTime: conversationEventTime(eventBody) ?? T0, receivedAt: T0, source: 'websocket', key: `handles-${seq++}` };
};

/** A callback the agent takes at 60 s, dialling the customer back with a call connected at 65 s. */
const acd = (end: boolean) => ({ id: 'p-acd', purpose: 'acd', queueId: Q1, connectedTime: at(0), callbacks: [{ id: 'acd-cb', state: 'disconnected', connectedTime: at(0), disconnectedTime: at(60), disconnectType: 'transfer' }], ...(end ? {} : {}) });
const callback = (state: string, end?: number) => ({ id: 'agent-cb', state, connectedTime: at(60), ...(end === undefined ? {} : { disconnectedTime: at(end), disconnectType: 'client' }) });
const dialOut = (state: string, end?: number) => ({ id: 'agent-call', state, connectedTime: at(65), ...(end === undefined ? {} : { disconnectedTime: at(end), disconnectType: 'client' }) });
const agent = (media: Body) => ({ id: 'p-agent', purpose: 'agent', userId: 'u1', queueId: Q1, connectedTime: at(60), wrapupRequired: false, ...media });

const finalHandles = async (events: GenesysEvent[]) => {
  const records = (await lastValueFrom(from(events).pipe(conversationState(), toArray()))) as ConversationRecord[];
  return records.find((r) => r.kind === 'final')?.handles;
};

describe('conversationState: the media type of an agent handle', () => {
  it("is the media the agent took first (a callback's dial-out call does not make it voice), whether the start was seen or not", async () => {
    // Genesys lists calls before callbacks in a participant; a pickup mid-way sees both at once.
    const ended = snapshot([acd(true), agent({ calls: [dialOut('disconnected', 300)], callbacks: [callback('disconnected', 300)] })]);
    const fromStart = await finalHandles([snapshot([acd(true), agent({ callbacks: [callback('connected')] })]), snapshot([acd(true), agent({ calls: [dialOut('connected')], callbacks: [callback('connected')] })]), ended]);
    const midway = await finalHandles([snapshot([acd(true), agent({ calls: [dialOut('connected')], callbacks: [callback('connected')] })]), ended]);
    expect(fromStart).toHaveLength(1);
    expect(fromStart![0]).toMatchObject({ mediaType: 'callback', queueId: Q1 });
    expect(midway).toEqual(fromStart);
  });
});
