/**
 * fast-check arbitraries for Genesys Cloud notification envelopes, shaped as the protocol notes
 * describe them: realistic enough that a valid one decodes, random enough to find edge cases.
 */
import fc from 'fast-check';
import type { GenesysEnvelope } from '@gcstream/core';

/** Start of 2024 to the end of 2030, in epoch ms: plausible Genesys timestamps. */
const MIN_MS = Date.UTC(2024, 0, 1);
const MAX_MS = Date.UTC(2030, 11, 31);

export const arbUuid = (): fc.Arbitrary<string> => fc.uuid({ version: 4 });
export const arbEpochMs = (): fc.Arbitrary<number> => fc.integer({ min: MIN_MS, max: MAX_MS });
export const arbIsoTime = (): fc.Arbitrary<string> => arbEpochMs().map((ms) => new Date(ms).toISOString());

/** Extra fields Genesys may add at any time; decode must let them through. */
export const arbExtraFields = (): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(fc.constantFrom('selfUri', 'divisionId', 'newField', 'externalTag', 'utilizationLabelId', 'x_future'), fc.jsonValue(), { maxKeys: 3 });

const envelope = <T>(topicName: string, eventBody: T, correlationId: string): GenesysEnvelope<T> => ({
  topicName,
  version: '2',
  eventBody,
  metadata: { CorrelationId: correlationId },
});

const MEDIA_STATES = ['alerting', 'dialing', 'contacting', 'offering', 'connected', 'disconnected', 'terminated', 'none'] as const;
const PURPOSES = ['customer', 'external', 'acd', 'agent', 'user', 'ivr', 'workflow'] as const;
const MEDIA_KINDS = ['calls', 'chats', 'messages', 'emails', 'callbacks'] as const;

export const arbMediaItem = () =>
  fc.record(
    {
      id: arbUuid(),
      state: fc.constantFrom(...MEDIA_STATES),
      initialState: fc.constantFrom(...MEDIA_STATES),
      held: fc.boolean(),
      direction: fc.constantFrom('inbound', 'outbound'),
      connectedTime: arbIsoTime(),
      disconnectedTime: arbIsoTime(),
      disconnectType: fc.constantFrom('endpoint', 'client', 'system', 'timeout', 'transfer', 'error', 'peer', 'other'),
    },
    { requiredKeys: ['id', 'state'] },
  );

export const arbParticipant = () =>
  fc
    .record(
      {
        id: arbUuid(),
        purpose: fc.constantFrom(...PURPOSES),
        userId: arbUuid(),
        queueId: arbUuid(),
        name: fc.string({ maxLength: 20 }),
        address: fc.string({ maxLength: 20 }),
        connectedTime: arbIsoTime(),
        endTime: arbIsoTime(),
        wrapupRequired: fc.boolean(),
        attributes: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 2 }),
        media: fc.constantFrom(...MEDIA_KINDS),
        items: fc.array(arbMediaItem(), { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: ['id', 'purpose', 'media', 'items'] },
    )
    .map(({ media, items, ...participant }) => ({ ...participant, [media]: items }));

/** `v2.routing.queues.{id}.conversations` (or a user's, or a per-media variant). */
export const arbConversationEvent = () =>
  fc
    .record({
      owner: fc.constantFrom('v2.routing.queues', 'v2.users'),
      ownerId: arbUuid(),
      suffix: fc.constantFrom('', '.calls', '.chats', '.messages', '.emails', '.callbacks'),
      id: arbUuid(),
      participants: fc.array(arbParticipant(), { minLength: 1, maxLength: 4 }),
      recordingState: fc.constantFrom('none', 'active', 'paused'),
      extra: arbExtraFields(),
      correlationId: arbUuid(),
    })
    .map((r) =>
      envelope(`${r.owner}.${r.ownerId}.conversations${r.suffix}`, { ...r.extra, id: r.id, maxParticipants: r.participants.length, participants: r.participants, recordingState: r.recordingState }, r.correlationId),
    );

export const arbTranscriptionEvent = () =>
  fc
    .record({
      conversationId: arbUuid(),
      eventTime: fc.oneof(arbEpochMs(), arbIsoTime()),
      communicationId: arbUuid(),
      transcript: fc.string({ maxLength: 40 }),
      isFinal: fc.boolean(),
      channel: fc.constantFrom('INTERNAL', 'EXTERNAL'),
      ended: fc.boolean(),
      extra: arbExtraFields(),
      correlationId: arbUuid(),
    })
    .map((r) =>
      envelope(`v2.conversations.${r.conversationId}.transcription`, {
        ...r.extra,
        eventTime: r.eventTime,
        conversationId: r.conversationId,
        communicationId: r.communicationId,
        transcripts: [{ utteranceId: r.communicationId, isFinal: r.isFinal, channel: r.channel, alternatives: [{ confidence: 0.9, offsetMs: 0, durationMs: 800, transcript: r.transcript, words: [] }] }],
        status: { offsetMs: 0, status: r.ended ? 'SESSION_ENDED' : 'SESSION_ONGOING' },
      }, r.correlationId),
    );

export const DETAIL_EVENT_SUFFIXES = ['acd.start', 'acd.end', 'user.start', 'user.end', 'customer.start', 'customer.end', 'acw', 'wrapup', 'flow.start', 'flow.end', 'attributes', 'contact', 'voicemail.start', 'voicemail.end', 'outbound'] as const;

export const arbDetailEvent = () =>
  fc
    .record({
      conversationId: arbUuid(),
      suffix: fc.constantFrom(...DETAIL_EVENT_SUFFIXES),
      eventTime: arbEpochMs(),
      participantId: arbUuid(),
      queueId: arbUuid(),
      extra: arbExtraFields(),
      correlationId: arbUuid(),
    })
    .map((r) =>
      envelope(`v2.detail.events.conversation.${r.conversationId}.${r.suffix}`, {
        ...r.extra,
        eventTime: r.eventTime,
        conversationId: r.conversationId,
        participantId: r.participantId,
        sessionId: r.participantId,
        mediaType: 'VOICE',
        direction: 'INBOUND',
        queueId: r.queueId,
      }, r.correlationId),
    );

export const arbObservationEvent = () =>
  fc
    .record({ queueId: arbUuid(), start: arbEpochMs(), waiting: fc.nat(50), interacting: fc.nat(50), correlationId: arbUuid() })
    .map((r) =>
      envelope(`v2.analytics.queues.${r.queueId}.observations`, {
        group: { queueId: r.queueId, mediaType: 'voice' },
        data: [
          {
            interval: `${new Date(r.start).toISOString()}/${new Date(r.start + 1_800_000).toISOString()}`,
            metrics: [
              { metric: 'oWaiting', stats: { count: r.waiting } },
              { metric: 'oInteracting', stats: { count: r.interacting } },
            ],
          },
        ],
      }, r.correlationId),
    );

export const arbPresenceEvent = () =>
  fc
    .record({ userId: arbUuid(), presence: fc.constantFrom('Available', 'Away', 'Busy', 'Offline', 'Meal', 'Training', 'On Queue'), modifiedDate: arbIsoTime(), correlationId: arbUuid() })
    .map((r) =>
      envelope(`v2.users.${r.userId}.presence`, { source: 'PURECLOUD', presenceDefinition: { id: r.userId, systemPresence: r.presence }, primary: true, message: '', modifiedDate: r.modifiedDate }, r.correlationId),
    );

export const arbRoutingStatusEvent = () =>
  fc
    .record({ userId: arbUuid(), status: fc.constantFrom('OFF_QUEUE', 'IDLE', 'INTERACTING', 'NOT_RESPONDING', 'COMMUNICATING'), startTime: arbIsoTime(), correlationId: arbUuid() })
    .map((r) => envelope(`v2.users.${r.userId}.routingStatus`, { id: r.userId, routingStatus: { status: r.status, startTime: r.startTime } }, r.correlationId));

export const arbActivityEvent = () =>
  fc
    .record({ userId: arbUuid(), status: fc.constantFrom('OFF_QUEUE', 'IDLE', 'INTERACTING'), startTime: arbIsoTime(), queueIds: fc.array(arbUuid(), { maxLength: 3 }), correlationId: arbUuid() })
    .map((r) =>
      envelope(`v2.users.${r.userId}.activity`, { id: r.userId, routingStatus: { status: r.status, startTime: r.startTime }, presence: { presenceDefinition: { systemPresence: 'On Queue' } }, activeQueueIds: r.queueIds }, r.correlationId),
    );

/** Heartbeats and pongs: `channel.metadata` frames without version or metadata. */
export const arbHeartbeat = () =>
  fc.constantFrom('WebSocket Heartbeat', 'pong').map((message) => ({ topicName: 'channel.metadata', eventBody: { message } }));

/** A notification of any known family. */
export const arbGenesysEnvelope = (): fc.Arbitrary<GenesysEnvelope> =>
  fc.oneof(
    arbConversationEvent(),
    arbTranscriptionEvent(),
    arbDetailEvent(),
    arbObservationEvent(),
    arbPresenceEvent(),
    arbRoutingStatusEvent(),
    arbActivityEvent(),
  ) as fc.Arbitrary<GenesysEnvelope>;
