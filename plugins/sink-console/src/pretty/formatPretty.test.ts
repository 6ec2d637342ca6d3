import { createDirectory, type GenesysEvent } from '@gcstream/core';
import { describe, expect, it } from 'vitest';
import { createPrettyFormatter } from './formatPretty.js';
import { ansi, plain } from './style.js';

const CONV = '3f2a9c1e-0000-4000-8000-000000000001';
const QUEUE = '9b1d0e2f-0000-4000-8000-000000000002';
const at = (s: number) => Date.UTC(2026, 0, 1, 14, 2, s);

function conversation(second: number, participants: unknown[]): GenesysEvent {
  return {
    topicName: `v2.routing.queues.${QUEUE}.conversations`,
    version: '2',
    eventBody: { id: CONV, participants },
    metadata: { CorrelationId: 'c' },
    topic: 'v2.routing.queues.{id}.conversations',
    family: 'conversation',
    ids: [QUEUE],
    eventTime: at(second),
    receivedAt: at(second),
    source: 'websocket',
    key: `conv-${second}`,
  };
}

const customer = (state: string, extra: object = {}) => ({ id: 'p-cust', purpose: 'customer', address: '+15551234', calls: [{ id: 'm1', state, ...extra }] });
const acd = (state: string) => ({ id: 'p-acd', purpose: 'acd', name: 'Sales Queue', queueId: QUEUE, calls: [{ id: 'm2', state }] });
const agent = (state: string, extra: object = {}) => ({ id: 'p-agent', purpose: 'agent', name: 'Ann Lee', userId: 'u1', calls: [{ id: 'm3', state, ...extra }] });

describe('pretty format', () => {
  it('summarises a conversation by what changed, event after event', () => {
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10 });
    expect(format(conversation(11, [customer('connected'), acd('connected')]))).toBe(
      '14:02:11 conversation Sales Queue  conv 3f2a9c1e…  customer +15551234 waiting',
    );
    expect(format(conversation(12, [customer('connected'), acd('connected'), agent('alerting')]))).toBe(
      '14:02:12 conversation Sales Queue  conv 3f2a9c1e…  agent Ann Lee alerting (voice)',
    );
    expect(format(conversation(15, [customer('connected'), acd('disconnected'), agent('connected')]))).toBe(
      '14:02:15 conversation Sales Queue  conv 3f2a9c1e…  customer +15551234 connected · agent Ann Lee connected (voice)',
    );
    expect(format(conversation(16, [customer('connected'), acd('disconnected'), agent('connected', { held: true })]))).toContain('agent Ann Lee held (voice)');
    // The same event again (a rollover duplicate that was not deduped) changes nothing.
    expect(format(conversation(16, [customer('connected'), acd('disconnected'), agent('connected', { held: true })]))).toContain('no change');
    expect(
      format(conversation(20, [customer('disconnected', { disconnectType: 'client' }), acd('disconnected'), agent('disconnected', { disconnectType: 'peer' })])),
    ).toBe('14:02:20 conversation Sales Queue  conv 3f2a9c1e…  customer +15551234 left (client) · agent Ann Lee left (peer) · ended');
  });

  it('keeps an agent who still owes the wrap-up in wrap-up, and says ended once', () => {
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10 });
    format(conversation(11, [customer('connected'), acd('connected')]));
    format(conversation(15, [customer('connected'), acd('disconnected'), agent('connected')]));
    // The media ended, but Genesys expects a wrap-up: the conversation is not over yet.
    const hungUp = [customer('disconnected', { disconnectType: 'client' }), acd('disconnected'), { ...agent('disconnected', { disconnectType: 'peer' }), wrapupExpected: true }];
    expect(format(conversation(20, hungUp))).toBe('14:02:20 conversation Sales Queue  conv 3f2a9c1e…  customer +15551234 left (client) · agent Ann Lee wrap-up (voice)');
    const wrapup = { code: 'w1', durationSeconds: 30, endTime: '2026-01-01T14:02:50.000Z' };
    const done = [customer('disconnected', { disconnectType: 'client' }), acd('disconnected'), { ...agent('disconnected', { disconnectType: 'peer' }), wrapupExpected: true, wrapup }];
    expect(format(conversation(50, done))).toBe('14:02:50 conversation Sales Queue  conv 3f2a9c1e…  agent Ann Lee left (peer) · ended');
    // The same notification again, from a second queue's topic or a late duplicate: not the whole conversation again.
    expect(format(conversation(50, done))).toBe('14:02:50 conversation Sales Queue  conv 3f2a9c1e…  no change');
  });

  it('tells a wrap-up that came after the agent had left', () => {
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10 });
    const colleague = (extra: object = {}) => ({ id: 'p-agent2', purpose: 'agent', name: 'Bo Chen', userId: 'u2', calls: [{ id: 'm5', state: 'connected' }], ...extra });
    format(conversation(15, [customer('connected'), acd('disconnected'), agent('connected'), colleague()]));
    // Ann transferred the call without a wrap-up expected: she has left.
    const transferred = agent('disconnected', { disconnectType: 'transfer' });
    expect(format(conversation(20, [customer('connected'), acd('disconnected'), transferred, colleague()]))).toContain('agent Ann Lee left (transfer)');
    expect(format(conversation(40, [customer('connected'), acd('disconnected'), { ...transferred, wrapup: { code: 'w1' } }, colleague()]))).toBe(
      '14:02:40 conversation Sales Queue  conv 3f2a9c1e…  agent Ann Lee wrap-up done',
    );
  });

  it('tells what a messaging conversation\'s messages did, which changes no state', () => {
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10 });
    const msg = (id: string, messageStatus: string) => ({ messageId: id, messageTime: '2026-01-01T14:02:00.000Z', messageStatus });
    const texter = (...messages: object[]) => ({ id: 'p-cust', purpose: 'customer', address: 'webchat', messages: [{ id: 'm1', state: 'connected', messages }] });
    const texting = (state: string, ...messages: object[]) => ({ id: 'p-agent', purpose: 'agent', name: 'Ann Lee', userId: 'u1', messages: [{ id: 'm3', state, messages }] });
    expect(format(conversation(1, [texter(msg('a', 'received')), acd('connected')]))).toBe('14:02:01 conversation Sales Queue  conv 3f2a9c1e…  customer webchat waiting');
    expect(format(conversation(2, [texter(msg('a', 'received'), msg('b', 'received')), acd('connected')]))).toBe('14:02:02 conversation Sales Queue  conv 3f2a9c1e…  customer webchat sent a message');
    expect(format(conversation(3, [texter(msg('a', 'received'), msg('b', 'received')), acd('disconnected'), texting('connected')]))).toBe(
      '14:02:03 conversation Sales Queue  conv 3f2a9c1e…  customer webchat connected · agent Ann Lee connected (message)',
    );
    expect(format(conversation(4, [texter(msg('a', 'received'), msg('b', 'received')), acd('disconnected'), texting('connected', msg('c', 'sent'), msg('d', 'sent'))]))).toBe(
      '14:02:04 conversation Sales Queue  conv 3f2a9c1e…  agent Ann Lee sent 2 messages',
    );
    expect(format(conversation(5, [texter(msg('a', 'received'), msg('b', 'received')), acd('disconnected'), texting('connected', msg('c', 'read'), msg('d', 'delivered'))]))).toBe(
      '14:02:05 conversation Sales Queue  conv 3f2a9c1e…  agent Ann Lee 2 messages delivered, message read',
    );
    // A receipt and a hang-up in one notification: the state first, then the messages.
    expect(format(conversation(6, [texter(msg('a', 'received'), msg('b', 'received')), acd('disconnected'), texting('disconnected', msg('c', 'read'), msg('d', 'read'))]))).toBe(
      '14:02:06 conversation Sales Queue  conv 3f2a9c1e…  agent Ann Lee left, message read',
    );
  });

  it('tells a transfer to another queue', () => {
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10 });
    format(conversation(1, [customer('connected'), acd('connected')]));
    const billing = { id: 'p-acd2', purpose: 'acd', name: 'Billing', queueId: 'q-billing', calls: [{ id: 'm4', state: 'connected' }] };
    expect(format(conversation(2, [customer('connected'), acd('disconnected'), billing]))).toBe(
      '14:02:02 conversation Billing  conv 3f2a9c1e…  transferred to Billing',
    );
    // Genesys sends the conversation on each of its queues' topics: the second copy says so.
    const onBilling = { ...conversation(2, [customer('connected'), acd('disconnected'), billing]), topicName: 'v2.routing.queues.q-billing.conversations', ids: ['q-billing'] };
    expect(format(onBilling)).toBe("14:02:02 conversation Billing  conv 3f2a9c1e…  no change (the same update, sent again on Billing's topic)");
  });

  it('forgets the least recently seen conversation past maxConversations', () => {
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 1 });
    const other = { ...conversation(1, [customer('connected'), acd('connected')]), eventBody: { id: 'other', participants: [customer('alerting')] } };
    format(conversation(1, [customer('connected'), acd('connected')]));
    format(other);
    // Forgotten, so the customer is reported again as if new.
    expect(format(conversation(2, [customer('connected'), acd('connected')]))).toContain('customer +15551234 waiting');
  });

  it('names the queue by id when no queue participant carries its name', () => {
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10 });
    expect(format(conversation(1, [customer('alerting')]))).toBe('14:02:01 conversation queue 9b1d0e2f…  conv 3f2a9c1e…  customer +15551234 alerting');
  });

  it('colours with ANSI codes when painting, and the plain text is the same', () => {
    const coloured = createPrettyFormatter({ paint: ansi, timeZone: 'utc', maxConversations: 10 })(conversation(11, [customer('connected'), acd('connected')]));
    expect(coloured).toContain('\u001b[');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe('14:02:11 conversation Sales Queue  conv 3f2a9c1e…  customer +15551234 waiting');
  });

  it('gives every other family a readable line', () => {
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10 });
    const base = { version: '2', metadata: {}, eventTime: at(5), receivedAt: at(5), source: 'websocket' as const, key: 'k' };
    expect(
      format({
        ...base,
        topicName: `v2.conversations.${CONV}.transcription`,
        topic: 'v2.conversations.{id}.transcription',
        family: 'transcription',
        ids: [CONV],
        eventBody: { conversationId: CONV, transcripts: [{ channel: 'EXTERNAL', isFinal: true, alternatives: [{ transcript: 'I need help' }] }] },
      }),
    ).toBe('14:02:05 transcript   conv 3f2a9c1e…  customer: "I need help"');
    expect(
      format({
        ...base,
        topicName: `v2.detail.events.conversation.${CONV}.acd.start`,
        topic: 'v2.detail.events.conversation.{id}.acd.start',
        family: 'detail',
        ids: [CONV],
        eventBody: { conversationId: CONV, queueId: QUEUE, mediaType: 'VOICE', direction: 'INBOUND' },
      }),
    ).toBe('14:02:05 detail       acd.start  conv 3f2a9c1e…  queue 9b1d0e2f…  voice inbound');
    expect(
      format({
        ...base,
        topicName: `v2.analytics.queues.${QUEUE}.observations`,
        topic: 'v2.analytics.queues.{id}.observations',
        family: 'observation',
        ids: [QUEUE],
        eventBody: { group: { queueId: QUEUE, mediaType: 'voice' }, data: [{ interval: 'x', metrics: [{ metric: 'oWaiting', stats: { count: 3 } }] }] },
      }),
    ).toBe('14:02:05 observation  queue 9b1d0e2f…  voice  oWaiting 3');
    expect(
      format({ ...base, topicName: 'v2.users.u1.routingStatus', topic: 'v2.users.{id}.routingStatus', family: 'routing-status', ids: ['u1'], eventBody: { routingStatus: { status: 'IDLE' } } }),
    ).toBe('14:02:05 routing      user u1  IDLE');
  });

  it('names users and queues from the directory the source filled, and falls back to short ids', () => {
    const directory = createDirectory();
    directory.addUsers([{ id: 'u1', name: 'Ada Moreau' }]);
    directory.addQueues([{ id: QUEUE, name: 'Sales' }]);
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10, directory });
    const presence = (user: string): GenesysEvent => ({
      topicName: `v2.users.${user}.presence`,
      version: '2',
      eventBody: { presenceDefinition: { id: 'p', systemPresence: 'Available' } },
      metadata: { CorrelationId: `c-${user}` },
      topic: 'v2.users.{id}.presence',
      family: 'presence',
      ids: [user],
      eventTime: at(7),
      receivedAt: at(7),
      source: 'websocket',
      key: `k-${user}`,
    });
    expect(format(presence('u1'))).toBe('14:02:07 presence     Ada Moreau  Available');
    expect(format(presence('u2'))).toBe('14:02:07 presence     user u2  Available');
    const observation: GenesysEvent = {
      ...presence('u1'),
      topicName: `v2.analytics.queues.${QUEUE}.observations`,
      topic: 'v2.analytics.queues.{id}.observations',
      family: 'observation',
      ids: [QUEUE],
      eventBody: { group: { queueId: QUEUE, mediaType: 'voice' }, data: [{ interval: 'x', metrics: [{ metric: 'oWaiting', stats: { count: 3 } }] }] },
    };
    expect(format(observation)).toBe('14:02:07 observation  Sales  voice  oWaiting 3');
  });

  it('names the queue and agents of conversation lines from the directory when the participants carry no names', () => {
    const directory = createDirectory();
    directory.addUsers([{ id: 'u1', name: 'Ada Moreau' }]);
    directory.addQueues([{ id: QUEUE, name: 'Sales' }]);
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10, directory });
    const unnamedAgent = { id: 'p-agent', purpose: 'agent', userId: 'u1', calls: [{ id: 'm3', state: 'alerting' }] };
    expect(format(conversation(1, [customer('connected'), unnamedAgent]))).toBe(
      '14:02:01 conversation Sales  conv 3f2a9c1e…  customer +15551234 connected · agent Ada Moreau alerting (voice)',
    );
  });

  it('never throws on a body it does not understand', () => {
    const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10 });
    const odd = { ...conversation(1, []), eventBody: { id: 5, participants: [null, 'x', { calls: 'no' }] } };
    expect(() => format(odd)).not.toThrow();
    expect(() => format({ ...odd, eventBody: null })).not.toThrow();
  });
});

describe("pretty format of gcstream's own records", () => {
  const derived = (topicName: string, topic: string, eventBody: unknown, second = 5): GenesysEvent => ({
    topicName,
    version: '2',
    eventBody,
    metadata: {},
    topic,
    family: 'unknown',
    ids: [],
    eventTime: at(second),
    receivedAt: at(second),
    source: 'websocket',
    key: topicName,
  });
  const directory = createDirectory();
  directory.addQueues([{ id: QUEUE, name: 'Sales' }]);
  const format = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 10, directory });
  const live = { waiting: 3, interacting: 5, alerting: 1, longestWaitMs: 45_400, agents: { IDLE: 4 }, source: 'observation', asOf: at(5) };
  const metrics = (period: 'interval' | 'today', extra: object = {}) =>
    derived(`gcstream.queues.${QUEUE}.metrics`, 'gcstream.queues.{id}.metrics', {
      type: 'queueMetrics', queueId: QUEUE, mediaType: 'voice', period, start: Date.UTC(2026, 0, 1, 14, 0), end: Date.UTC(2026, 0, 1, 14, 30),
      nOffered: 26, nAnswered: 24, nAbandoned: 2, serviceLevel: { numerator: 20, denominator: 26, ratio: 20 / 26, target: 0.8, thresholdMs: 20_000 },
      abandonRate: 2 / 26, asaMs: 12_300, ahtMs: 245_000, live, ...extra,
    });

  it('shows a queue interval and today as a supervisor reads them: counts, rates, service level against target, live waiting', () => {
    expect(format(metrics('interval'))).toBe('14:02:05 metrics      Sales  voice  14:00-14:30  offered 26 · answered 24 · abandoned 2 (7.7%) · SL 76.9% (20/26, target 80%) · ASA 12s · AHT 4m05s · now waiting 3 (longest 45s), interacting 5');
    expect(format(metrics('today', { asaMs: null, ahtMs: null, abandonRate: null, serviceLevel: { numerator: 0, denominator: 0, ratio: null, target: 0.8, thresholdMs: 20_000 } }))).toBe('14:02:05 metrics      Sales  voice  today  offered 26 · answered 24 · abandoned 2');
    // Below its target, the service level is red on a terminal.
    const coloured = createPrettyFormatter({ paint: ansi, timeZone: 'utc', maxConversations: 10 })(metrics('interval'));
    expect(coloured).toContain('\u001b[31mSL 76.9%');
  });

  it('says a breach and its recovery with the metric in its own unit', () => {
    const breach = (state: string, metric: string, value: number, threshold: number) =>
      derived(`gcstream.queues.${QUEUE}.breach`, 'gcstream.queues.{id}.breach', { type: 'queueBreach', state, queueId: QUEUE, mediaType: 'chat', metric, value, threshold, intervalStart: at(0), at: at(5) });
    expect(format(breach('breach', 'serviceLevelBelow', 0.625, 0.8))).toBe('14:02:05 breach       BREACH  Sales  chat  service level 62.5% below 80%');
    expect(format(breach('recovered', 'longestWaitAbove', 12_000, 30_000))).toBe('14:02:05 breach       recovered  Sales  chat  longest wait 12s below 30s');
    expect(format(breach('breach', 'waitingAbove', 9, 8))).toBe('14:02:05 breach       BREACH  Sales  chat  waiting 9 above 8');
  });

  it('shows a conversation record by its queue visits, and a window result by its group', () => {
    const record = (kind: string, visits: object[], extra: object = {}) =>
      derived(`gcstream.conversations.${CONV}.${kind}`, `gcstream.conversations.{id}.${kind}`, { conversationId: CONV, kind, ended: kind === 'final', stale: false, visits, transfers: 0, ...extra });
    const answered = { id: 'p-acd', queueId: QUEUE, mediaType: 'voice', outcome: 'answered', tAnswered: 12_000, tTalk: 180_000, tHeld: 10_000, tAcw: 55_000, tHandle: 245_000, nTransferred: 0 };
    expect(format(record('final', [answered]))).toBe('14:02:05 record       conv 3f2a9c1e…  final  Sales voice answered after 12s, handle 4m05s (talk 3m00s, hold 10s, ACW 55s)');
    expect(format(record('snapshot', [{ id: 'p-acd', queueId: QUEUE, mediaType: 'chat', nTransferred: 0 }]))).toBe('14:02:05 record       conv 3f2a9c1e…  snapshot  Sales chat waiting');
    const transferred = [{ ...answered, tHandle: undefined }, { id: 'p-acd2', queueId: 'q-2', mediaType: 'voice', outcome: 'abandoned', tAbandon: 7_000, nTransferred: 0 }];
    expect(format(record('final', transferred, { stale: true, transfers: 1 }))).toBe('14:02:05 record       conv 3f2a9c1e…  final (stale)  Sales voice answered after 12s → queue q-2 voice abandoned after 7s  1 transfer');
    const window = derived('gcstream.window.tumbling', 'gcstream.window.tumbling', { type: 'tumbling', start: Date.UTC(2026, 0, 1, 14, 0), end: Date.UTC(2026, 0, 1, 14, 15), group: { 'eventBody.queuePath.0': QUEUE }, values: { conversations: 5, p90Handle: 245_123.456, avgWait: null }, count: 5, final: true, reason: 'close' });
    expect(format(window)).toBe('14:02:05 window       tumbling 14:00:00-14:15:00  Sales  conversations 5 · p90Handle 245123.46 · avgWait -');
  });

  it("formats every record the real operators make of the example's queue traffic, none left as a bare topic", async () => {
    const { builtinOperator, pipeOperators, runStream } = await import('@gcstream/testkit');
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(new URL('../../../../examples/testdata/queue-traffic.ndjson', import.meta.url), 'utf8').split('\n').filter(Boolean);
    const chain = pipeOperators(
      [builtinOperator('conversationState'), { passThrough: 'others' }],
      [builtinOperator('window'), { type: 'tumbling', size: '15m', topic: 'gcstream.conversations.{id}.final', groupBy: 'eventBody.queuePath.0', aggregate: { n: 'count' }, passThrough: 'all' }],
      [builtinOperator('queueMetrics'), { emitInterval: 0, passThrough: 'all', breaches: { serviceLevelBelow: 0.99 } }],
    );
    const { events: out, error } = runStream(chain, {}, lines.map((frame, i) => ({ at: i * 100, input: { frame } })));
    expect(error).toBeUndefined();
    const lineOf = createPrettyFormatter({ paint: plain, timeZone: 'utc', maxConversations: 100 });
    const own = out.filter((e) => e.topicName.startsWith('gcstream.'));
    const labels = new Set(own.map((e) => lineOf(e).slice(9, 21).trim()));
    expect([...labels].sort()).toEqual(['breach', 'metrics', 'record', 'window']);
    for (const event of own) expect(lineOf(event)).not.toContain(event.topicName);
    expect(own.map(lineOf).some((line) => / final {2}.* answered after \d+s, handle \d+m\d\ds/.test(line))).toBe(true);
  });
});
