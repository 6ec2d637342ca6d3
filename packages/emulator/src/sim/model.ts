// How flows change the simulation's record of a conversation (its types are in `conversationRecord.ts`,
// which the payload builders read without depending on these changes).
import type { Random } from './random.js';
import type { MediaKind } from './media.js';
import type { Conversation, MediaSession, MediaState, Participant } from './conversationRecord.js';

export type { Conversation, MediaSession, MediaState, Participant, Purpose, Segment, Wrapup } from './conversationRecord.js';

export const PROVIDERS: Record<MediaKind, string> = {
  voice: 'Edge',
  chat: 'PureCloud Webchat v2',
  message: 'PureCloud Messaging',
  callback: 'PureCloud Callback',
  email: 'PureCloud Email',
};

type ParticipantInit = Omit<Participant, 'id' | 'sessions' | 'attributes' | 'wrapupRequired'> &
  Partial<Pick<Participant, 'attributes' | 'wrapupRequired'>>;

export function addParticipant(conversation: Conversation, random: Random, init: ParticipantInit): Participant {
  const participant: Participant = { id: random.uuid(), sessions: [], attributes: {}, wrapupRequired: false, ...init };
  conversation.participants.push(participant);
  if (participant.userId) conversation.userIds.add(participant.userId);
  if (participant.queueId) conversation.queueIds.add(participant.queueId);
  return participant;
}

export interface SessionInit {
  kind: MediaKind;
  state: MediaState;
  direction: 'inbound' | 'outbound';
  time: number;
  extra?: Record<string, unknown>;
  /** Analytics segment to open at once. */
  segment?: { type: string; queueId?: string };
}

export function addSession(participant: Participant, random: Random, init: SessionInit): MediaSession {
  const session: MediaSession = {
    id: random.uuid(),
    kind: init.kind,
    state: init.state,
    initialState: init.state,
    direction: init.direction,
    provider: PROVIDERS[init.kind],
    held: false,
    extra: { ...init.extra },
    segments: [],
  };
  if (init.state === 'connected') {
    session.connectedTime = init.time;
    participant.connectedTime ??= init.time;
  }
  if (init.segment) openSegment(session, init.segment.type, init.time, init.segment.queueId);
  participant.sessions.push(session);
  return session;
}

/** Closes the open segment (if any) and opens a new one. */
export function openSegment(session: MediaSession, type: string, time: number, queueId?: string): void {
  closeSegment(session, time);
  session.segments.push(queueId === undefined ? { type, start: time } : { type, start: time, queueId });
}

export function closeSegment(session: MediaSession, time: number, disconnectType?: string): void {
  const open = session.segments[session.segments.length - 1];
  if (!open || open.end !== undefined) return;
  open.end = time;
  if (disconnectType) open.disconnectType = disconnectType;
}

export function connect(participant: Participant, session: MediaSession, time: number, segmentType = 'interact'): void {
  session.state = 'connected';
  session.connectedTime = time;
  participant.connectedTime ??= time;
  openSegment(session, segmentType, time, participant.queueId);
}

/** Ends a media session: state, times, the open segment; the participant ends when all its media have. */
export function disconnect(participant: Participant, session: MediaSession, time: number, disconnectType: string): void {
  if (session.state === 'disconnected' || session.state === 'terminated') return;
  session.state = 'disconnected';
  session.disconnectedTime = time;
  session.disconnectType = disconnectType;
  if (session.held) {
    session.held = false;
    delete session.startHoldTime;
  }
  closeSegment(session, time, disconnectType);
  if (participant.sessions.every((s) => s.state === 'disconnected' || s.state === 'terminated')) participant.endTime ??= time;
}

export function isActive(session: MediaSession): boolean {
  return session.state !== 'disconnected' && session.state !== 'terminated';
}

/** The participant's session of a kind (the latest one). */
export function sessionOf(participant: Participant, kind: MediaKind): MediaSession | undefined {
  for (let i = participant.sessions.length - 1; i >= 0; i--) if (participant.sessions[i]!.kind === kind) return participant.sessions[i];
  return undefined;
}
