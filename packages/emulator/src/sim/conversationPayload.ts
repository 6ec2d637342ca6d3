import type { Conversation, MediaSession, Participant } from './conversationRecord.js';
import type { MediaKind } from './media.js';
import { compact, iso } from './payloadFields.js';

/** Where each media type lives on a participant, and the per-media topic suffix. */
export const MEDIA_ARRAY: Record<MediaKind, 'calls' | 'chats' | 'messages' | 'callbacks' | 'emails'> = {
  voice: 'calls',
  chat: 'chats',
  message: 'messages',
  callback: 'callbacks',
  email: 'emails',
};

const isoOpt = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : iso(ms));

function mediaBody(session: MediaSession, participant: Participant): Record<string, unknown> {
  return compact({
    id: session.id,
    state: session.state,
    initialState: session.initialState,
    // Genesys's chat media item has no direction (the SDK's *EventTopicChat models).
    direction: session.kind === 'chat' ? undefined : session.direction,
    provider: session.provider,
    held: session.held,
    ...(session.kind === 'voice'
      ? { recording: false, recordingState: 'none', muted: false, confined: false, self: { addressNormalized: participant.address } }
      : {}),
    startHoldTime: isoOpt(session.startHoldTime),
    connectedTime: isoOpt(session.connectedTime),
    disconnectedTime: isoOpt(session.disconnectedTime),
    disconnectType: session.disconnectType,
    peerId: session.peerId,
    afterCallWorkRequired: session.afterCallWorkRequired,
    afterCallWork: session.afterCallWork
      ? compact({ state: session.afterCallWork.state, startTime: iso(session.afterCallWork.startTime), endTime: isoOpt(session.afterCallWork.endTime) })
      : undefined,
    ...session.extra,
  });
}

function participantBody(p: Participant): Record<string, unknown> {
  const media: Record<string, Record<string, unknown>[]> = { calls: [], callbacks: [], chats: [], emails: [], messages: [], videos: [] };
  for (const session of p.sessions) media[MEDIA_ARRAY[session.kind]]!.push(mediaBody(session, p));
  return compact({
    id: p.id,
    connectedTime: isoOpt(p.connectedTime),
    endTime: isoOpt(p.endTime),
    userId: p.userId,
    queueId: p.queueId,
    name: p.name,
    purpose: p.purpose,
    address: p.address,
    wrapupRequired: p.wrapupRequired,
    wrapupExpected: p.wrapupExpected,
    wrapup: p.wrapup
      ? { code: p.wrapup.code, notes: p.wrapup.notes, durationSeconds: p.wrapup.durationSeconds, endTime: iso(p.wrapup.endTime) }
      : undefined,
    startAcwTime: isoOpt(p.startAcwTime),
    endAcwTime: isoOpt(p.endAcwTime),
    conversationRoutingData: p.routing
      ? {
          queue: { id: p.routing.queueId },
          language: { id: p.routing.language },
          priority: p.routing.priority,
          skills: p.routing.skills.map((id) => ({ id })),
        }
      : undefined,
    alertingTimeoutMs: p.alertingTimeoutMs,
    attributes: { ...p.attributes },
    ...media,
  });
}

/**
 * The body of `v2.routing.queues.{id}.conversations` and `v2.users.{id}.conversations` (and their
 * per-media variants): the whole conversation, state on each media item.
 */
export function conversationBody(conversation: Conversation): Record<string, unknown> {
  return {
    id: conversation.id,
    maxParticipants: Math.max(conversation.participants.length, 2),
    participants: conversation.participants.map(participantBody),
    recordingState: 'none',
    divisions: [{ division: { id: conversation.divisionId, selfUri: `/api/v2/authorization/divisions/${conversation.divisionId}` }, entities: [] }],
  };
}
