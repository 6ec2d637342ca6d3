import { describe, expect, it } from 'vitest';
import { from, lastValueFrom, toArray } from 'rxjs';
import type { DeadLetter, GenesysEvent, RawFrame } from '../model/events.js';
import { createMetrics } from '../metrics/metrics.js';
import { decode, decodeFrame, decodeStage, isDeadLetter } from './decode.js';

const Q = '8f1c7a52-4b1e-4a43-9d0e-3f5b2c6a7d10';
const U = 'b2a4f0c1-5d6e-4f70-8a91-0c2d3e4f5a6b';
const C = 'c0ffee00-1234-4abc-8def-001122334455';
const P = 'aa11bb22-3344-4556-8778-99aabbccddee';
const RECEIVED = Date.UTC(2025, 5, 1, 12, 0, 0);

const frame = (value: unknown, extra: Partial<RawFrame> = {}): RawFrame => ({
  data: typeof value === 'string' ? value : JSON.stringify(value),
  channelId: 'streaming-0-abc',
  receivedAt: RECEIVED,
  ...extra,
});

const envelope = (topicName: string, eventBody: unknown, correlationId = 'corr-1') => ({ topicName, version: '2', eventBody, metadata: { CorrelationId: correlationId } });

function decoded(value: unknown, extra: Partial<RawFrame> = {}): GenesysEvent {
  const out = decodeFrame(frame(value, extra));
  if (isDeadLetter(out)) throw new Error(`expected an event, got dead letter: ${out.reason}`);
  return out;
}

function dead(value: unknown): DeadLetter {
  const out = decodeFrame(frame(value));
  if (!isDeadLetter(out)) throw new Error(`expected a dead letter, got ${out.family} event`);
  return out;
}

const conversationBody = {
  id: C,
  maxParticipants: 2,
  recordingState: 'none',
  divisions: [{ division: { id: 'd1' }, entities: [] }],
  participants: [
    {
      id: P,
      purpose: 'customer',
      address: 'tel:+13175550100',
      connectedTime: '2025-06-01T11:58:00.000Z',
      attributes: {},
      calls: [{ id: 'call-1', state: 'connected', initialState: 'offering', held: false, muted: false, direction: 'inbound', connectedTime: '2025-06-01T11:58:00.000Z' }],
    },
    {
      id: 'agent-part',
      purpose: 'agent',
      userId: U,
      queueId: Q,
      wrapupRequired: true,
      calls: [{ id: 'call-2', state: 'disconnected', disconnectType: 'peer', connectedTime: '2025-06-01T11:58:30.000Z', disconnectedTime: '2025-06-01T11:59:45.500Z' }],
    },
  ],
};

describe('decodeFrame: families', () => {
  it('decodes a queue conversation, eventTime from the latest media time', () => {
    const e = decoded(envelope(`v2.routing.queues.${Q}.conversations`, conversationBody));
    expect(e).toMatchObject({
      topicName: `v2.routing.queues.${Q}.conversations`,
      version: '2',
      topic: 'v2.routing.queues.{id}.conversations',
      family: 'conversation',
      ids: [Q],
      eventTime: Date.parse('2025-06-01T11:59:45.500Z'),
      receivedAt: RECEIVED,
      source: 'websocket',
      key: `v2.routing.queues.${Q}.conversations|corr-1`,
      channelId: 'streaming-0-abc',
    });
    expect(e.eventBody).toEqual(conversationBody);
  });

  it('falls back to receive time for a conversation snapshot with no timestamp yet', () => {
    const body = { id: C, participants: [{ id: P, purpose: 'acd', calls: [{ id: 'x', state: 'alerting' }] }] };
    expect(decoded(envelope(`v2.users.${U}.conversations.calls`, body)).eventTime).toBe(RECEIVED);
  });

  it('decodes a transcription, eventTime from its eventTime (ISO or epoch)', () => {
    const body = {
      eventTime: '2025-06-01T11:59:00.000Z',
      organizationId: 'org',
      conversationId: C,
      communicationId: 'comm',
      sessionStartTimeMs: 1,
      transcriptionStartTimeMs: 2,
      transcripts: [{ utteranceId: 'u1', isFinal: true, channel: 'EXTERNAL', alternatives: [{ confidence: 0.9, offsetMs: 10, durationMs: 500, transcript: 'hello', words: [] }], engineId: 'e', dialect: 'en-US' }],
      status: { offsetMs: 0, status: 'SESSION_ONGOING' },
    };
    const e = decoded(envelope(`v2.conversations.${C}.transcription`, body));
    expect(e).toMatchObject({ family: 'transcription', topic: 'v2.conversations.{id}.transcription', eventTime: Date.parse('2025-06-01T11:59:00.000Z') });
    expect(decoded(envelope(`v2.conversations.${C}.transcription`, { ...body, eventTime: 1_700_000_000_000 })).eventTime).toBe(1_700_000_000_000);
  });

  it('decodes a detail event with epoch-ms eventTime', () => {
    const body = { eventTime: 1_748_779_200_123, conversationId: C, participantId: P, sessionId: 's', mediaType: 'VOICE', provider: 'Edge', direction: 'INBOUND', ani: 'tel:+1', dnis: 'tel:+2', queueId: Q, acdOutcome: 'ANSWERED', answeredUserId: U, connectedDurationMs: 1000, disconnectType: 'PEER' };
    const e = decoded(envelope(`v2.detail.events.conversation.${C}.acd.end`, body));
    expect(e).toMatchObject({ family: 'detail', topic: 'v2.detail.events.conversation.{id}.acd.end', ids: [C], eventTime: 1_748_779_200_123 });
  });

  it('decodes an observation, eventTime the interval end capped at receipt', () => {
    const body = {
      group: { queueId: Q, mediaType: 'voice' },
      data: [{ interval: '2025-06-01T11:30:00.000Z/2025-06-01T12:00:00.000Z', metrics: [{ metric: 'oWaiting', qualifier: null, stats: { count: 3 } }, { metric: 'oServiceLevel', stats: { ratio: 0.8, numerator: 8, denominator: 10, target: 0.8 } }] }],
    };
    const e = decoded(envelope(`v2.analytics.queues.${Q}.observations`, body), { receivedAt: Date.parse('2025-06-01T12:00:05.000Z') });
    expect(e).toMatchObject({ family: 'observation', eventTime: Date.parse('2025-06-01T12:00:00.000Z') });
    const early = decoded(envelope(`v2.analytics.queues.${Q}.observations`, body), { receivedAt: Date.parse('2025-06-01T11:40:00.000Z') });
    expect(early.eventTime).toBe(Date.parse('2025-06-01T11:40:00.000Z'));
  });

  it('decodes presence (modifiedDate), routingStatus (startTime) and activity', () => {
    const presence = decoded(envelope(`v2.users.${U}.presence`, { source: 'PURECLOUD', presenceDefinition: { id: 'p', systemPresence: 'Away' }, primary: true, message: '', modifiedDate: '2025-06-01T10:00:00.000Z' }));
    expect(presence).toMatchObject({ family: 'presence', eventTime: Date.parse('2025-06-01T10:00:00.000Z') });
    const routing = decoded(envelope(`v2.users.${U}.routingStatus`, { id: U, routingStatus: { status: 'IDLE', startTime: '2025-06-01T09:00:00.000Z' } }));
    expect(routing).toMatchObject({ family: 'routing-status', topic: 'v2.users.{id}.routingStatus', eventTime: Date.parse('2025-06-01T09:00:00.000Z') });
    const activity = decoded(envelope(`v2.users.${U}.activity`, { id: U, routingStatus: { status: 'IDLE', startTime: '2025-06-01T08:00:00.000Z' }, presence: {}, outOfOffice: {}, activeQueueIds: [Q], dateActiveQueuesChanged: 'x' }));
    expect(activity).toMatchObject({ family: 'activity', eventTime: Date.parse('2025-06-01T08:00:00.000Z') });
  });

  it('passes unknown topics through as family unknown, eventTime = receipt', () => {
    const e = decoded(envelope(`v2.users.${U}.geolocation`, { anything: [1, 2] }));
    expect(e).toMatchObject({ family: 'unknown', topic: 'v2.users.{id}.geolocation', eventTime: RECEIVED, eventBody: { anything: [1, 2] } });
  });

  it('accepts extra fields Genesys adds without notice, and keeps them', () => {
    const body = { ...conversationBody, brandNewField: { nested: true }, participants: conversationBody.participants.map((p) => ({ ...p, futureFlag: 1 })) };
    const e = decoded(envelope(`v2.routing.queues.${Q}.conversations`, body));
    expect((e.eventBody as Record<string, unknown>).brandNewField).toEqual({ nested: true });
    expect(decoded({ ...envelope(`v2.users.${U}.presence`, { presenceDefinition: { systemPresence: 'Busy' } }), extraTopLevel: 1 }).family).toBe('presence');
  });
});

describe('decodeFrame: dead letters', () => {
  it('names the missing field and keeps the raw text', () => {
    const text = JSON.stringify(envelope(`v2.routing.queues.${Q}.conversations`, { id: C }));
    const letter = dead(text);
    expect(letter.stage).toBe('decode');
    expect(letter.payload).toBe(text);
    expect(letter.reason).toContain('conversation event');
    expect(letter.reason).toContain('eventBody.participants');
  });

  it.each([
    ['detail without eventTime', envelope(`v2.detail.events.conversation.${C}.acd.start`, { conversationId: C }), 'eventBody.eventTime'],
    ['detail with ISO eventTime', envelope(`v2.detail.events.conversation.${C}.acd.start`, { conversationId: C, eventTime: '2025-01-01T00:00:00Z' }), 'eventBody.eventTime'],
    ['transcription without conversationId', envelope(`v2.conversations.${C}.transcription`, { eventTime: 1 }), 'eventBody.conversationId'],
    ['presence without systemPresence', envelope(`v2.users.${U}.presence`, { presenceDefinition: {} }), 'eventBody.presenceDefinition.systemPresence'],
    ['routingStatus without status', envelope(`v2.users.${U}.routingStatus`, { routingStatus: {} }), 'eventBody.routingStatus.status'],
    ['observation with bad data', envelope(`v2.analytics.queues.${Q}.observations`, { group: {}, data: 'x' }), 'eventBody.data'],
    ['participant without id', envelope(`v2.users.${U}.conversations`, { id: C, participants: [{ purpose: 'agent' }] }), 'eventBody.participants.0.id'],
  ])('%s', (_name, value, where) => {
    expect(dead(value).reason).toContain(where);
  });

  it.each([
    ['not JSON', '{"topicName": ', 'not JSON'],
    ['an array', '[1,2]', 'not an object'],
    ['null', 'null', 'not an object'],
    ['no topicName', '{"eventBody":{}}', 'no topicName'],
    ['no eventBody', JSON.stringify({ topicName: `v2.users.${U}.presence`, version: '2' }), 'no eventBody'],
    ['foreign EventBridge source', JSON.stringify({ source: 'aws.ec2', detail: envelope(`v2.users.${U}.presence`, {}) }), 'not from Genesys'],
    ['EventBridge without topic', JSON.stringify({ source: 'aws.partner/genesys.com/cloud/o/n', detail: {} }), 'detail.topicName'],
  ])('%s', (_name, text, reason) => {
    const letter = dead(text);
    expect(letter.reason).toContain(reason);
    expect(letter.payload).toBe(text);
  });
});

describe('decodeFrame: sources and keys', () => {
  const env = envelope(`v2.detail.events.conversation.${C}.customer.start`, { eventTime: 1_748_779_200_000, conversationId: C }, 'corr-eb');
  const bridge = {
    version: '0',
    id: 'eb-1',
    'detail-type': env.topicName,
    source: 'aws.partner/genesys.com/cloud/org-1/gcstream',
    account: '1',
    time: '2025-06-01T12:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { ...env, timestamp: '2025-06-01T12:00:00.000Z' },
  };

  it('unwraps the EventBridge form; its key equals the WebSocket copy', () => {
    const viaBridge = decoded(bridge);
    const viaSocket = decoded(env);
    expect(viaBridge).toMatchObject({ family: 'detail', source: 'eventbridge', eventTime: 1_748_779_200_000 });
    expect(viaSocket.source).toBe('websocket');
    expect(viaBridge.key).toBe(viaSocket.key);
  });

  it('respects RawFrame.source', () => {
    expect(decoded(env, { source: 'backfill' }).source).toBe('backfill');
    expect(decoded(bridge, { source: 'eventbridge' }).source).toBe('eventbridge');
  });

  it('uses the EventBridge timestamp for families without their own time', () => {
    const e = decoded({ ...bridge, detail: { ...envelope(`v2.users.${U}.geolocation`, {}), timestamp: '2025-06-01T12:00:00.000Z' } });
    expect(e.eventTime).toBe(Date.parse('2025-06-01T12:00:00.000Z'));
  });

  it('without CorrelationId, keys by topic and body content, identical across channels', () => {
    const noCorr = { topicName: `v2.users.${U}.presence`, version: '2', eventBody: { presenceDefinition: { systemPresence: 'Away' } } };
    const a = decoded(noCorr, { channelId: 'one' });
    const b = decoded(noCorr, { channelId: 'two' });
    const c = decoded({ ...noCorr, eventBody: { presenceDefinition: { systemPresence: 'Busy' } } });
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(c.key);
    expect(a.key.startsWith(`v2.users.${U}.presence|#`)).toBe(true);
    expect(a.metadata).toEqual({});
  });

  it('returns heartbeats as system events', () => {
    const e = decoded({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } });
    expect(e).toMatchObject({ family: 'system', version: '' });
  });
});

describe('decode operator', () => {
  const frames = [
    frame({ topicName: 'channel.metadata', eventBody: { message: 'WebSocket Heartbeat' } }),
    frame(envelope(`v2.users.${U}.presence`, { presenceDefinition: { systemPresence: 'Away' } })),
    frame('not json'),
    frame(envelope(`v2.users.${U}.routingStatus`, { routingStatus: { status: 'IDLE' } }, 'corr-2')),
    frame({ topicName: 'v2.system.socket_closing', eventBody: {} }),
  ];

  it('emits events, drops system frames, sends bad frames to dead letters and counts', async () => {
    const letters: DeadLetter[] = [];
    const metrics = createMetrics();
    const out = await lastValueFrom(from(frames).pipe(decode({ onDeadLetter: (l) => letters.push(l), metrics }), toArray()));
    expect(out.map((e) => e.family)).toEqual(['presence', 'routing-status']);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.payload).toBe('not json');
    expect(metrics.get('gcstream_dead_letters_total', { stage: 'decode' })).toBe(1);
    expect(metrics.get('gcstream_events_decoded_total', { family: 'presence' })).toBe(1);
    expect(metrics.get('gcstream_events_decoded_total', { family: 'routing-status' })).toBe(1);
  });

  it('keeps system frames when asked', async () => {
    const out = await lastValueFrom(from(frames).pipe(decode({ keepSystem: true }), toArray()));
    expect(out.map((e) => e.family)).toEqual(['system', 'presence', 'routing-status', 'system']);
  });

  it('survives a dead-letter handler that throws', async () => {
    const out = await lastValueFrom(
      from(frames).pipe(
        decode({
          onDeadLetter: () => {
            throw new Error('handler broke');
          },
        }),
        toArray(),
      ),
    );
    expect(out).toHaveLength(2);
  });

  it('as a pipeline stage, sends dead letters to the context without counting them twice', async () => {
    const letters: DeadLetter[] = [];
    const metrics = createMetrics();
    await lastValueFrom(from(frames).pipe(decodeStage.create({ metrics, deadLetter: (l) => letters.push(l) }), toArray()));
    expect(letters).toHaveLength(1);
    expect(metrics.get('gcstream_dead_letters_total', { stage: 'decode' })).toBe(0);
  });
});

describe('decodeFrame: a frame the source already parsed', () => {
  it('uses `parsed` instead of parsing `data` again', () => {
    const value = envelope(`v2.users.${U}.presence`, { id: U, presenceDefinition: { id: P, systemPresence: 'Available' }, modifiedDate: '2025-06-01T11:59:00.000Z' });
    const parsed = JSON.parse(JSON.stringify(value)) as { eventBody: unknown };
    // `data` is the text as received; decode must take the body from `parsed`, not re-read `data`.
    const event = decoded('{"not":"read"}', { parsed });
    expect(event.topicName).toBe(`v2.users.${U}.presence`);
    expect(event.eventBody).toBe(parsed.eventBody);
  });

  it('parses `data` when `parsed` is undefined', () => {
    const value = envelope(`v2.users.${U}.presence`, { id: U, presenceDefinition: { id: P, systemPresence: 'Available' }, modifiedDate: '2025-06-01T11:59:00.000Z' });
    expect(decoded(value, { parsed: undefined }).eventBody).toEqual(value.eventBody);
  });
});
