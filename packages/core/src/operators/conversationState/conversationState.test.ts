import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arbConversationTraffic } from '@gcstream/testkit';
import { concat, from, lastValueFrom, NEVER, Subject, toArray, VirtualTimeScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { GenesysEvent } from '../../model/events.js';
import { decodeFrame, isDeadLetter } from '../decode.js';
import { conversationEventTime } from '../../model/schemas/eventTime.js';
import { conversationState } from './conversationState.js';
import { topicMediaType } from './merge.js';
import type { ConversationRecord, ConversationStateOptions } from './types.js';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const CONV = 'c0000000-0000-4000-8000-000000000001';
const Q1 = 'q1000000-0000-4000-8000-000000000001';
const Q2 = 'q2000000-0000-4000-8000-000000000002';
const U1 = 'u1000000-0000-4000-8000-000000000001';

type Body = Record<string, unknown>;
let seq = 0;

function snapshot(participants: Body[], extra: Partial<GenesysEvent> = {}): GenesysEvent {
  const eventBody = { id: CONV, participants };
  return {
    topicName: `v2.routing.queues.${Q1}.conversations`,
    version: '2',
    eventBody,
    metadata: {},
    topic: 'v2.routing.queues.{id}.conversations',
    family: 'conversation',
    ids: [Q1],
    eventTime: conversationEventTime(eventBody) ?? T0,
    receivedAt: T0,
    source: 'websocket',
    key: `snap-${seq++}`,
    ...extra,
  };
}

function detail(kind: string, s: number, body: Body): GenesysEvent {
  return {
    topicName: `v2.detail.events.conversation.${CONV}.${kind}`,
    version: '2',
    eventBody: { eventTime: T0 + s * 1000, conversationId: CONV, mediaType: 'VOICE', ...body },
    metadata: {},
    topic: `v2.detail.events.conversation.{id}.${kind}`,
    family: 'detail',
    ids: [CONV],
    eventTime: T0 + s * 1000,
    receivedAt: T0,
    source: 'websocket',
    key: `detail-${kind}-${s}`,
  };
}

const call = (id: string, state: string, more: Body = {}) => ({ calls: [{ id: `${id}-m`, state, ...more }] });
const customer = (end?: number, type = 'endpoint') => ({
  id: 'p-cust',
  purpose: 'customer',
  connectedTime: at(0),
  ...(end === undefined ? {} : { endTime: at(end) }),
  ...call('p-cust', end === undefined ? 'connected' : 'disconnected', { connectedTime: at(0), ...(end === undefined ? {} : { disconnectedTime: at(end), disconnectType: type }) }),
});
const acd = (id: string, queueId: string, from: number, end?: number, type = 'transfer') => ({
  id,
  purpose: 'acd',
  queueId,
  connectedTime: at(from),
  ...(end === undefined ? {} : { endTime: at(end) }),
  ...call(id, end === undefined ? 'connected' : 'disconnected', { connectedTime: at(from), ...(end === undefined ? {} : { disconnectedTime: at(end), disconnectType: type }) }),
});
const agent = (state: string, more: Body = {}, media: Body = {}) => ({ id: 'p-agent', purpose: 'agent', userId: U1, queueId: Q1, wrapupRequired: true, ...more, ...call('p-agent', state, media) });

/** An answered call: queued at 0, alerting at 5, answered at 12, held 30–40, ended at 100, wrap-up done at 130. */
function answeredCall(withDetail: boolean): GenesysEvent[] {
  const connected = { connectedTime: at(12) };
  const events = [
    snapshot([customer(), acd('p-acd', Q1, 0)]),
    snapshot([customer(), acd('p-acd', Q1, 0), agent('alerting')]),
    snapshot([customer(), acd('p-acd', Q1, 0, 12), agent('connected', connected, connected)]),
    snapshot([customer(), acd('p-acd', Q1, 0, 12), agent('connected', connected, { ...connected, held: true, startHoldTime: at(30) })]),
    snapshot([customer(), acd('p-acd', Q1, 0, 12), agent('connected', connected, { ...connected, held: false })]),
    snapshot([customer(100), acd('p-acd', Q1, 0, 12), agent('disconnected', { ...connected, startAcwTime: at(100) }, { ...connected, disconnectedTime: at(100), disconnectType: 'peer', afterCallWork: { state: 'pending', startTime: at(100) } })]),
    snapshot([
      customer(100),
      acd('p-acd', Q1, 0, 12),
      agent(
        'disconnected',
        { ...connected, startAcwTime: at(100), endAcwTime: at(130), wrapup: { code: 'w1', durationSeconds: 30, endTime: at(130) } },
        { ...connected, disconnectedTime: at(100), disconnectType: 'peer', afterCallWork: { state: 'complete', startTime: at(100), endTime: at(130) } },
      ),
    ]),
  ];
  if (!withDetail) return events;
  const [s0, s1, s2, s3, s4, s5, s6] = events;
  return [
    s0!,
    detail('acd.start', 0, { participantId: 'p-acd', queueId: Q1 }),
    s1!,
    s2!,
    detail('acd.end', 12, { participantId: 'p-acd', queueId: Q1, acdOutcome: 'ANSWERED', answeredUserId: U1, disconnectType: 'TRANSFER' }),
    s3!,
    s4!,
    s5!,
    detail('user.end', 100, { participantId: 'p-agent', userId: U1, queueId: Q1, interactingDurationMs: 78_000, heldDurationMs: 10_000, alertingDurationMs: 7_000, disconnectType: 'PEER' }),
    detail('acw', 130, { participantId: 'p-agent', userId: U1, queueId: Q1, wrapupCode: 'w1', wrapupDurationMs: 30_000 }),
    s6!,
  ];
}

const run = (events: readonly GenesysEvent[], options: ConversationStateOptions = {}) => lastValueFrom(from(events).pipe(conversationState(options), toArray()));
const finals = (records: readonly ConversationRecord[]) => records.filter((r) => r.kind === 'final');

type SavedFacts = { participants: { id: string; media: { id: string; holdStarts: number[]; unheldAt: number[] }[] }[] };
/** A checkpoint as gcstream saved it before facts were kept in lists: participants and media in Maps by id, hold times in Sets. */
function asEarlierCheckpoint<T extends { open: [string, { facts: SavedFacts }][] }>(checkpoint: T): T {
  for (const [, held] of checkpoint.open) {
    const participants = held.facts.participants.map((p) => {
      const media = p.media.map((m) => ({ ...m, holdStarts: new Set(m.holdStarts), unheldAt: new Set(m.unheldAt) }));
      return { ...p, media: new Map(media.map((m) => [m.id, m])) };
    });
    (held.facts as unknown as { participants: unknown }).participants = new Map(participants.map((p) => [p.id, p]));
  }
  return checkpoint;
}

describe('conversationState', () => {
  it('rebuilds an answered call with detail events: the outcome and durations Genesys reports', async () => {
    const out = await run(answeredCall(true));
    const [final] = finals(out);
    expect(finals(out)).toHaveLength(1);
    expect(final).toMatchObject({ conversationId: CONV, ended: true, stale: false, mediaType: 'voice', startTime: T0, endTime: T0 + 130_000, queuePath: [Q1], holds: 1, transfers: 0 });
    expect(final!.visits).toEqual([
      {
        id: 'p-acd',
        queueId: Q1,
        mediaType: 'voice',
        enteredAt: T0,
        exitedAt: T0 + 12_000,
        outcome: 'answered',
        outcomeSource: 'acd.end',
        answeredAt: T0 + 12_000,
        answeredBy: U1,
        tWait: 12_000,
        tAnswered: 12_000,
        tAlert: 7_000,
        tTalk: 78_000,
        tHeld: 10_000,
        tAcw: 30_000,
        tHandle: 118_000,
        handledAt: T0 + 130_000,
        wrapupCode: 'w1',
        nTransferred: 0,
      },
    ]);
    expect(out.at(-1)).toBe(final);
    // The acw detail event completes the conversation, so the wrap-up snapshot after it is a straggler.
    // The unhold snapshot changes nothing: received (at T0) before the hold began, it ends no hold.
    expect(out.filter((r) => r.kind === 'snapshot').length).toBe(9);
  });

  it("counts a consult transfer as user.end reports it (CONSULT_TRANSFER), as it does the snapshots' transfer.consult", async () => {
    // nTransferred counts blind and consult transfers (genesys-analytics.md §2); detail events write disconnect types in UPPER_SNAKE (§7.8).
    const withType = (type: string) =>
      answeredCall(true).map((e) => (e.topicName.endsWith('.user.end') ? { ...e, eventBody: { ...(e.eventBody as Body), disconnectType: type } } : e));
    for (const [type, expected] of [['TRANSFER', 1], ['CONSULT_TRANSFER', 1], ['FORWARD_TRANSFER', 1], ['NO_ANSWER_TRANSFER', 0], ['NOT_AVAILABLE_TRANSFER', 0], ['PEER', 0]] as const) {
      const [final] = finals(await run(withType(type)));
      expect([type, final!.visits[0]!.nTransferred, final!.handles[0]!.nTransferred, final!.transfers]).toEqual([type, expected, expected, expected]);
    }
  });

  it('derives the outcome and durations from snapshots alone', async () => {
    const events = answeredCall(false).filter((_, i) => i !== 3 && i !== 4); // no hold
    const [final] = finals(await run(events));
    expect(final!.visits[0]).toMatchObject({ outcome: 'answered', outcomeSource: 'derived', tAnswered: 12_000, tTalk: 88_000, tHeld: 0, tAcw: 30_000, tHandle: 118_000, handledAt: T0 + 130_000 });
  });

  it('counts a hold from its start to the next notification that shows the call not held', async () => {
    const connected = { connectedTime: at(12) };
    const events = answeredCall(false);
    // The unhold notification carries a newer timestamp here (a second participant joined at 40).
    events[4] = snapshot([customer(), acd('p-acd', Q1, 0, 12), agent('connected', connected, { ...connected, held: false }), { id: 'p-x', purpose: 'external', connectedTime: at(40), ...call('p-x', 'disconnected', { connectedTime: at(40), disconnectedTime: at(40) }) }]);
    const [final] = finals(await run(events));
    expect(final!.visits[0]).toMatchObject({ tHeld: 10_000, tTalk: 78_000 });
  });

  it('ends each hold at the notification that shows the call taken off hold, which carries no newer time (only its receipt dates it)', async () => {
    // Genesys drops startHoldTime when the hold ends and sends no end time (genesys-analytics.md §8.1):
    // the body of the unhold notification is no newer than the hold's start, so only its receipt
    // says when. Held 30–40 and 60–75; a third hold from 90 still open at the disconnect at 100.
    const connected = { connectedTime: at(12) };
    const received = (e: GenesysEvent, s: number): GenesysEvent => ({ ...e, receivedAt: T0 + s * 1000 });
    const up = (held: Body) => snapshot([customer(), acd('p-acd', Q1, 0, 12), agent('connected', connected, { ...connected, ...held })]);
    const events = answeredCall(false);
    const [s5, s6] = [events[5]!, events[6]!];
    events.splice(3, 4, received(up({ held: true, startHoldTime: at(30) }), 30), received(up({ held: false }), 40), received(up({ held: true, startHoldTime: at(60) }), 60), received(up({ held: false }), 75), received(up({ held: true, startHoldTime: at(90) }), 90), received(s5, 100), received(s6, 130));
    const [final] = finals(await run(events));
    expect(final!.holds).toBe(3);
    expect(final!.visits[0]).toMatchObject({ tHeld: 35_000, tTalk: 53_000, tHandle: 118_000 });
    expect(final!.handles[0]).toMatchObject({ tHeld: 35_000, tTalk: 53_000 });
  });

  it('counts no ring time as not responding when the customer hangs up while an agent is alerted; a rung-out alert still counts', async () => {
    // tNotResponding is emitted "at alert timeout or decline" (genesys-analytics.md §2); a customer who
    // hangs up during the ring leaves the agent's media disconnected by `peer` (§8.1), an abandon.
    const alerted = (id: string, user: string, from: number, end?: number, type?: string) => ({
      id,
      purpose: 'agent',
      userId: user,
      queueId: Q1,
      ...call(id, end === undefined ? 'alerting' : 'disconnected', { startAlertingTime: at(from), ...(end === undefined ? {} : { disconnectedTime: at(end), disconnectType: type }) }),
    });
    const U2 = 'u2000000-0000-4000-8000-000000000002';
    const abandoned = [snapshot([customer(), acd('p-acd', Q1, 0)]), snapshot([customer(), acd('p-acd', Q1, 0), alerted('p-a1', U1, 5)]), snapshot([customer(20), acd('p-acd', Q1, 0, 20, 'peer'), alerted('p-a1', U1, 5, 20, 'peer')])];
    expect(finals(await run(abandoned))[0]!.visits[0]).toMatchObject({ outcome: 'abandoned', tAlert: 15_000, tNotResponding: undefined });
    // The first agent rings out (5–20), the second is alerted at 22 and the customer hangs up at 30.
    const rungOut = [
      abandoned[0]!,
      abandoned[1]!,
      snapshot([customer(), acd('p-acd', Q1, 0), alerted('p-a1', U1, 5, 20, 'timeout'), alerted('p-a2', U2, 22)]),
      snapshot([customer(30), acd('p-acd', Q1, 0, 30, 'peer'), alerted('p-a1', U1, 5, 20, 'timeout'), alerted('p-a2', U2, 22, 30, 'peer')]),
    ];
    expect(finals(await run(rungOut))[0]!.visits[0]).toMatchObject({ outcome: 'abandoned', tAlert: 23_000, tNotResponding: 15_000 });
  });

  it('waits for after-call work the agent started though the queue does not require it (optional wrap-up), then counts its handle', async () => {
    // "Optional": the agent may skip the wrap-up code, but once in ACW "the interaction only ends when
    // the agent ends it"; tHandle is emitted when ACW ends (genesys-analytics.md §1, §8.2).
    const optional = answeredCall(false).map((e) => ({
      ...e,
      eventBody: { ...(e.eventBody as Body), participants: ((e.eventBody as Body).participants as Body[]).map((p) => (p.purpose === 'agent' ? { ...p, wrapupRequired: false } : p)) },
    }));
    const out = await run(optional);
    expect(finals(out)).toHaveLength(1);
    const [final] = finals(out);
    expect(final).toMatchObject({ ended: true, endTime: T0 + 130_000 });
    expect(final!.visits[0]).toMatchObject({ tAcw: 30_000, tHandle: 118_000, handledAt: T0 + 130_000 });
    expect(final!.handles).toEqual([expect.objectContaining({ tHandle: 118_000, handledAt: T0 + 130_000 })]);
  });

  it('ranks a media state it does not know as mid-way, whatever its name, so every order ends on the same state', async () => {
    // Named like members every object inherits: looked up in a table of ranks, they found a function there.
    for (const unknown of ['toString', 'constructor', 'hasOwnProperty', 'someNewState']) {
      const seen = ['alerting', unknown, 'connected'];
      const ends = await Promise.all(
        [seen, [...seen].reverse(), [seen[1]!, seen[0]!, seen[2]!]].map(async (order) => {
          const records = await run(order.map((state) => snapshot([agent(state)])));
          return records.at(-1)!.participants[0]!.media[0]!.state;
        }),
      );
      expect(ends, unknown).toEqual(['connected', 'connected', 'connected']);
    }
  });

  it('reads the media type of a per-media topic from its own table only', () => {
    expect(topicMediaType(`v2.routing.queues.${Q1}.conversations.calls`)).toBe('voice');
    expect(topicMediaType(`v2.routing.queues.${Q1}.conversations`)).toBeUndefined();
    // A suffix named like a member every object inherits is no media type.
    for (const suffix of ['toString', 'constructor']) expect(topicMediaType(`v2.routing.queues.${Q1}.conversations.${suffix}`), suffix).toBeUndefined();
  });

  it('derives an abandon when the customer hangs up in queue', async () => {
    const events = [snapshot([customer(), acd('p-acd', Q1, 0)]), snapshot([customer(20), acd('p-acd', Q1, 0, 20, 'peer')])];
    const [final] = finals(await run(events));
    expect(final!.visits).toEqual([{ id: 'p-acd', queueId: Q1, mediaType: 'voice', enteredAt: T0, exitedAt: T0 + 20_000, outcome: 'abandoned', outcomeSource: 'derived', tWait: 20_000, tAbandon: 20_000, nTransferred: 0 }]);
  });

  /** A participant on one media list (`messages`, `emails`): connected at `from` s, gone at `end` s. */
  const on = (list: string, id: string, purpose: string, from: number, end?: number, type?: string) => ({
    id,
    purpose,
    ...(purpose === 'acd' ? { queueId: Q1 } : {}),
    connectedTime: at(from),
    ...(end === undefined ? {} : { endTime: at(end) }),
    [list]: [{ id: `${id}-m`, state: end === undefined ? 'connected' : 'disconnected', connectedTime: at(from), ...(end === undefined ? {} : { disconnectedTime: at(end), disconnectType: type }) }],
  });
  /** Queued at 0; the customer leaves at 600 s with no agent, the ACD media showing `peer` (or no type). */
  const leftInQueue = (list: string, type?: string) => [snapshot([on(list, 'p-cust', 'customer', 0), on(list, 'p-acd', 'acd', 0)]), snapshot([on(list, 'p-cust', 'customer', 0, 600, 'endpoint'), on(list, 'p-acd', 'acd', 0, 600, type)])];

  it('calls no message or email that ends unanswered with the customer gone an abandon (genesys-analytics.md §4), but lets it leave the queue', async () => {
    const exited = { enteredAt: T0, exitedAt: T0 + 600_000, outcome: undefined, outcomeSource: undefined, tWait: undefined, tAbandon: undefined, tFlowOut: undefined };
    for (const [list, mediaType] of [['messages', 'message'], ['emails', 'email']] as const) {
      for (const type of ['peer', undefined]) {
        const [final] = finals(await run(leftInQueue(list, type)));
        expect(final!.visits, `${list} ${type}`).toEqual([expect.objectContaining({ mediaType, ...exited })]);
      }
    }
    // Whether SMS and other message types can abandon is not documented: messageAbandons counts them as voice's are. An email never.
    const [message] = finals(await run(leftInQueue('messages', 'peer'), { messageAbandons: true }));
    expect(message!.visits[0]).toMatchObject({ mediaType: 'message', outcome: 'abandoned', outcomeSource: 'derived', tAbandon: 600_000, tWait: 600_000 });
    const [email] = finals(await run(leftInQueue('emails', 'peer'), { messageAbandons: true }));
    expect(email!.visits[0]).toMatchObject({ mediaType: 'email', ...exited });
  });

  it("reads acd.end's ABANDON for a message by the same rule: no outcome by default, an abandon with messageAbandons", async () => {
    const abandon = detail('acd.end', 600, { participantId: 'p-acd', queueId: Q1, acdOutcome: 'ABANDON', mediaType: 'MESSAGE' });
    const [queued, left] = leftInQueue('messages', 'peer');
    const events = [queued!, abandon, left!];
    expect(finals(await run(events))[0]!.visits[0]).toMatchObject({ exitedAt: T0 + 600_000, outcome: undefined, tAbandon: undefined });
    expect(finals(await run(events, { messageAbandons: true }))[0]!.visits[0]).toMatchObject({ outcome: 'abandoned', outcomeSource: 'acd.end', tAbandon: 600_000 });
    // An answer or a flow-out is read as for any media.
    const flowOut = { ...abandon, eventBody: { ...(abandon.eventBody as Body), acdOutcome: 'FLOW_OUT' } };
    expect(finals(await run([queued!, flowOut, left!]))[0]!.visits[0]).toMatchObject({ outcome: 'flowOut', outcomeSource: 'acd.end', tFlowOut: 600_000 });
  });

  it('follows a flow-out into a second queue, and takes acd.end over the derivation', async () => {
    const connected = { connectedTime: at(30) };
    const a2 = { ...agent('connected', { ...connected, queueId: Q2 }, connected) };
    const events = [
      snapshot([customer(), acd('p-acd', Q1, 0)]),
      snapshot([customer(), acd('p-acd', Q1, 0, 15), acd('p-acd2', Q2, 15)]),
      snapshot([customer(), acd('p-acd', Q1, 0, 15), acd('p-acd2', Q2, 15, 30), a2]),
    ];
    const snapshots = await run(events);
    const last = snapshots.at(-1)!;
    expect(last.queuePath).toEqual([Q1, Q2]);
    expect(last.visits.map((v) => [v.queueId, v.outcome, v.tFlowOut ?? v.tAnswered])).toEqual([
      [Q1, 'flowOut', 15_000],
      [Q2, 'answered', 15_000],
    ]);
    const withDetail = await run([...events, detail('acd.end', 15, { participantId: 'p-acd', queueId: Q1, acdOutcome: 'ABANDON' })]);
    expect(withDetail.at(-1)!.visits[0]).toMatchObject({ outcome: 'abandoned', outcomeSource: 'acd.end', tAbandon: 15_000 });
  });

  it("records agents' messages with when their delivery and read receipts were first seen", async () => {
    const msgs = (status: string) => ({ messages: [{ id: 'pm', state: 'connected', connectedTime: at(10), messages: [{ messageId: 'in1', messageTime: at(12), messageStatus: 'received' }, { messageId: 'out1', messageTime: at(20), messageStatus: status }] }] });
    const agentP = (status: string) => ({ id: 'p-agent', purpose: 'agent', userId: U1, queueId: Q1, connectedTime: at(10), ...msgs(status) });
    const seen = (e: GenesysEvent, s: number) => ({ ...e, receivedAt: T0 + s * 1000 });
    const events = [seen(snapshot([agentP('sent')]), 20), seen(snapshot([agentP('delivered')]), 23), seen(snapshot([agentP('read')]), 95), seen(snapshot([agentP('delivered')]), 96)];
    const out = await run(events);
    expect(out.at(-1)!.messages).toEqual([{ messageId: 'out1', participantId: 'p-agent', queueId: Q1, sentAt: T0 + 20_000, delivered: true, deliveredSeenAt: T0 + 23_000, read: true, readSeenAt: T0 + 95_000 }]);
    expect(out).toHaveLength(3);
  });

  it('leaves the time of a receipt first seen in a backfilled event unknown, not the hours later the backfill ran', async () => {
    const msgs = (status: string) => ({ messages: [{ id: 'pm', state: 'connected', connectedTime: at(10), messages: [{ messageId: 'out1', messageTime: at(20), messageStatus: status }] }] });
    const agentP = (status: string) => ({ id: 'p-agent', purpose: 'agent', userId: U1, queueId: Q1, connectedTime: at(10), ...msgs(status) });
    const live = (status: string, s: number) => ({ ...snapshot([agentP(status)]), receivedAt: T0 + s * 1000 });
    const backfilled = (status: string) => ({ ...snapshot([agentP(status)]), source: 'backfill' as const, receivedAt: T0 + 3 * 86_400_000, key: `b-${status}` });
    const message = async (events: GenesysEvent[]) => (await run(events)).at(-1)!.messages[0];
    const sent = { messageId: 'out1', sentAt: T0 + 20_000 };
    expect(await message([live('sent', 20), backfilled('read')])).toEqual({ ...sent, participantId: 'p-agent', queueId: Q1, delivered: true, deliveredSeenAt: undefined, read: true, readSeenAt: undefined });
    // A live sighting says when, whichever arrives first.
    for (const events of [[live('delivered', 23), backfilled('read')], [backfilled('read'), live('delivered', 23)]]) {
      expect(await message(events)).toMatchObject({ ...sent, delivered: true, deliveredSeenAt: T0 + 23_000, read: true, readSeenAt: undefined });
    }
  });

  it('treats a backfilled conversation like a live one', async () => {
    const [, , , , , , done] = answeredCall(false);
    const [final] = finals(await run([{ ...done!, source: 'backfill', key: 'b1' }]));
    expect(final).toMatchObject({ ended: true, queuePath: [Q1] });
    expect(final!.visits[0]).toMatchObject({ outcome: 'answered', tAnswered: 12_000, tAcw: 30_000 });
  });

  it('ignores stragglers after the final record and reports them', async () => {
    const events = answeredCall(true);
    const late: unknown[] = [];
    const out = await run([...events, events[2]!], { onAfterFinal: (e) => late.push(e) });
    expect(finals(out)).toHaveLength(1);
    expect(late).toEqual([events.at(-1), events[2]]);
  });

  it('remembers a finished conversation for staleAfter of event time, then forgets it (memory bounded by time, not only by count)', async () => {
    const events = answeredCall(true);
    const lastTime = Math.max(...events.map((e) => e.eventTime));
    const other = (eventTime: number): GenesysEvent => ({ ...snapshot([customer()]), eventBody: { id: 'c-other', participants: [] }, eventTime, key: `other-${eventTime}` });
    const straggler = { ...events[2]!, key: 'straggler' };
    // Another conversation's traffic moves event time on by less than staleAfter: still refused.
    const late: unknown[] = [];
    let out = await run([...events, other(lastTime + 50_000), straggler], { staleAfter: 60_000, onAfterFinal: (e) => late.push(e) });
    expect(late).toContain(straggler);
    expect(out.filter((r) => r.conversationId === CONV && r.kind === 'snapshot').length).toBe(out.filter((r) => r.conversationId === CONV).length - 1);
    // By more than staleAfter: forgotten, so the straggler starts a conversation again (and is not reported).
    late.length = 0;
    out = await run([...events, other(lastTime + 61_000), straggler], { staleAfter: 60_000, onAfterFinal: (e) => late.push(e) });
    expect(late).not.toContain(straggler);
    const afterOther = out.slice(out.findIndex((r) => r.conversationId === 'c-other'));
    expect(afterOther.some((r) => r.conversationId === CONV)).toBe(true);
  });

  it('checkpoints and restores: a run cut in two, its state saved through V8 serialization, ends with the records of one run', async () => {
    const events = answeredCall(true);
    const whole = await run(events);
    for (let cut = 1; cut < events.length; cut++) {
      let snapshot: (() => unknown) | undefined;
      // The first run dies (no completion, so nothing is flushed), as a crash leaves it.
      const before: ConversationRecord[] = [];
      concat(from(events.slice(0, cut)), NEVER)
        .pipe(conversationState({ state: { restored: undefined, save: (s) => (snapshot = s) } }))
        .subscribe((r) => before.push(r))
        .unsubscribe();
      // What the pipeline writes to the spool folder and reads back on the next start.
      const saved = deserialize(serialize(snapshot!()));
      const after = await run(events.slice(cut), { state: { restored: saved, save: () => undefined } });
      expect([...before, ...after], `cut after ${cut}`).toEqual(whole);
      // A checkpoint from before facts were kept in lists (participants and media in Maps, hold times in Sets) restores the same.
      const older = asEarlierCheckpoint(deserialize(serialize(snapshot!())) as { open: [string, { facts: SavedFacts }][] });
      const afterOlder = await run(events.slice(cut), { state: { restored: older, save: () => undefined } });
      expect([...before, ...afterOlder], `cut after ${cut}, earlier checkpoint`).toEqual(whole);
    }
    // A checkpoint of another operator (a changed pipeline) is ignored: the stage starts empty.
    expect(await run(events.slice(6), { state: { restored: { kind: 'gcstream.window/1' }, save: () => undefined } })).not.toEqual(whole.slice(-2));
  });

  it('closes a silent conversation as stale after staleAfter, in virtual time', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const stale: ConversationRecord[] = [];
      const open: number[] = [];
      const source = cold('a 2s |', { a: snapshot([customer(), acd('p-acd', Q1, 0)]) });
      const out = source.pipe(conversationState({ staleAfter: 1000, onStale: (r) => stale.push(r), onOpenConversations: (n) => open.push(n) }));
      expectObservable(out.pipe(toArray())).toBe('2001ms (x|)', {
        x: [expect.objectContaining({ kind: 'snapshot' }), expect.objectContaining({ kind: 'final', stale: true, ended: false, conversationId: CONV })],
      });
    });
  });

  describe('snapshotInterval', () => {
    // The answered call's first four notifications, each a change, and what they give one by one.
    const changes = answeredCall(false).slice(0, 4);
    const everyChange = () => run(changes);

    it('emits a first change at once and the changes after it within the interval as one snapshot of the latest state when it ends', async () => {
      const each = await everyChange();
      let folded = 0;
      new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
        const [a, b, c, d] = changes;
        // a at 0 (at once), b and c within the interval (one snapshot at 1 s, as c left it), d after that tick (at completion).
        const source = cold('a 99ms b 99ms c 1299ms d |', { a, b, c, d });
        expectObservable(source.pipe(conversationState({ snapshotInterval: 1000, onSnapshotFolded: () => folded++ }))).toBe('a 999ms c 500ms (d|)', { a: each[0], c: each[2], d: each[3] });
      });
      // Four changes, three snapshots: b's change folded into the one c left.
      expect(folded).toBe(1);
    });

    it('emits a change after a quiet interval at once again', async () => {
      const each = await everyChange();
      new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
        const [a, b] = changes;
        expectObservable(cold('a 2999ms b 5s |', { a, b }).pipe(conversationState({ snapshotInterval: 1000, staleAfter: 60_000 }))).toBe('a 2999ms b 5s |', { a: each[0], b: each[1] });
      });
    });

    it('lets the final record replace a snapshot still waiting: nothing of the conversation comes after its final', async () => {
      const all = answeredCall(false);
      const whole = await run(all);
      let folded = 0;
      new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
        // Every notification 10 ms after the one before: the first at once, the last six within the interval, then the end.
        const marbles = all.map((_, i) => String.fromCharCode(97 + i)).join(' 9ms ') + ' 2s |';
        const values = Object.fromEntries(all.map((e, i) => [String.fromCharCode(97 + i), e]));
        expectObservable(cold(marbles, values).pipe(conversationState({ snapshotInterval: 1000, onSnapshotFolded: () => folded++ }))).toBe('a 59ms f 2s |', { a: whole[0], f: whole.at(-1) });
      });
      // One snapshot: every change after the first folded, the last of them into the final record.
      expect(folded).toBe(whole.filter((r) => r.kind === 'snapshot').length - 1);
      expect(folded).toBeGreaterThan(3);
    });

    it('keeps the snapshots waiting in its checkpoint: a run cut before the interval ends emits them after the restart', async () => {
      const each = await everyChange();
      let save: (() => unknown) | undefined;
      new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
        const [a, b] = changes;
        // The first run dies at 500 ms, with b's snapshot waiting.
        expectObservable(cold('a 99ms b', { a, b }).pipe(conversationState({ snapshotInterval: 1000, state: { restored: undefined, save: (s) => (save = s) } })), '^ 500ms !').toBe('a', { a: each[0] });
      });
      const saved = deserialize(serialize(save!())) as { waiting: string[] };
      expect(saved.waiting).toEqual([CONV]);
      new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
        expectObservable(cold('2s |').pipe(conversationState({ snapshotInterval: 1000, state: { restored: saved, save: () => undefined } }))).toBe('1s b 999ms |', { b: each[1] });
      });
    });
  });

  it('closes the least recently updated conversation past maxConversations', async () => {
    const other = (id: string) => ({ ...snapshot([customer(), acd('p-acd', Q1, 0)]), eventBody: { id, participants: [customer(), acd('p-acd', Q1, 0)] } });
    const out = await run([other('a'), other('b'), other('c')], { maxConversations: 2 });
    expect(finals(out).map((r) => [r.conversationId, r.stale])).toEqual([['a', true]]);
  });
});

describe('conversationState properties', () => {
  const scenarios = [answeredCall(true), answeredCall(false)];
  const normal = (records: readonly ConversationRecord[]) => JSON.stringify(records);

  it('is idempotent under duplicates: the output is the same with any event repeated', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }), async (which, dups) => {
        const events = scenarios[which]!;
        const withDups = [...events];
        for (const [pick, where] of dups) withDups.splice(where % (withDups.length + 1), 0, events[pick % events.length]!);
        // A duplicate placed before its original is the original, arriving early: compare finals.
        const a = await run(events, { maxOutOfOrderness: 86_400_000 });
        const b = await run(withDups, { maxOutOfOrderness: 86_400_000 });
        expect(normal(finals(b))).toBe(normal(finals(a)));
        const inPlace = events.flatMap((e, i) => (dups.some(([p]) => p % events.length === i) ? [e, e] : [e]));
        expect(normal(await run(inPlace))).toBe(normal(await run(events)));
      }),
    );
  });

  /** Each notification fed at the time it was sent, on a virtual clock: what the operator emitted. */
  const playedAt = (traffic: readonly { at: number; envelope: object }[], options: ConversationStateOptions) => {
    const clock = new VirtualTimeScheduler();
    clock.frame = traffic[0]?.at ?? 0;
    const input = new Subject<GenesysEvent>();
    const out: ConversationRecord[] = [];
    input.pipe(conversationState({ ...options, scheduler: clock })).subscribe((record) => out.push(record));
    for (const { at, envelope } of traffic) {
      if (at > clock.frame) (clock.maxFrames = at), clock.flush(), (clock.frame = at);
      const event = decodeFrame({ data: JSON.stringify(envelope), channelId: 'test', receivedAt: at });
      if (isDeadLetter(event)) throw new Error(event.reason);
      input.next(event);
    }
    input.complete();
    return out;
  };

  it('with snapshotInterval: the same final records, no snapshot after a final, each snapshot one of every change, and the last state of every open conversation', async () => {
    await fc.assert(
      fc.property(arbConversationTraffic({ maxConversations: 5 }), fc.integer({ min: 1000, max: 120_000 }), fc.nat(200_000), (traffic, interval, cut) => {
        // Cut somewhere, so that some conversations are still open at the end.
        const fed = traffic.filter((n) => n.at <= (traffic[0]?.at ?? 0) + cut);
        const every = playedAt(fed, {});
        let folded = 0;
        const bounded = playedAt(fed, { snapshotInterval: interval, onSnapshotFolded: () => folded++ });
        const kinds = (records: readonly ConversationRecord[], kind: string) => records.filter((r) => r.kind === kind);
        expect(normal(kinds(bounded, 'final'))).toBe(normal(kinds(every, 'final')));
        const everyText = new Set(kinds(every, 'snapshot').map((r) => normal([r])));
        const finished = new Set<string>();
        for (const record of bounded) {
          if (record.kind === 'final') finished.add(record.conversationId);
          else {
            expect(finished.has(record.conversationId)).toBe(false);
            expect(everyText.has(normal([record]))).toBe(true);
          }
        }
        // A conversation left open ends on the same snapshot either way.
        const last = (records: readonly ConversationRecord[]) => new Map(kinds(records, 'snapshot').map((r) => [r.conversationId, normal([r])]));
        const lastEvery = last(every);
        const lastBounded = last(bounded);
        for (const [id, text] of lastBounded) if (!finished.has(id)) expect(text).toBe(lastEvery.get(id));
        for (const id of lastEvery.keys()) if (!finished.has(id)) expect(lastBounded.has(id)).toBe(true);
        // Every change is a snapshot of its own or folded (every-change mode has one per change).
        expect(kinds(bounded, 'snapshot').length + folded).toBe(kinds(every, 'snapshot').length);
      }),
    );
  });

  it('converges under reordering within the watermark', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), fc.array(fc.nat(), { minLength: 11, maxLength: 11 }), async (which, order) => {
        const events = scenarios[which]!;
        const shuffled = events.map((e, i) => ({ e, k: order[i]! })).sort((x, y) => x.k - y.k).map((x) => x.e);
        const options = { maxOutOfOrderness: 86_400_000 };
        const a = finals(await run(events, options));
        const b = finals(await run(shuffled, options));
        expect(b).toHaveLength(1);
        expect(normal(b)).toBe(normal(a));
      }),
    );
  });
});
