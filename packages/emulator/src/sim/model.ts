import type { Random } from './random.js';
import type { MetricEmission } from './metricLedger.js';
import type { QueueVisit } from './queueVisits.js';
import type { MediaKind } from './types.js';

/**
 * The simulation's own record of a conversation. Flows mutate it; payload builders read it to
 * produce notification bodies and analytics, so both views always agree.
 */

export type MediaState = 'alerting' | 'dialing' | 'contacting' | 'offering' | 'connected' | 'disconnected' | 'terminated' | 'none';
export type Purpose = 'customer' | 'external' | 'acd' | 'agent' | 'user' | 'ivr' | 'workflow' | 'voicemail';

/** An analytics segment (alert, interact, hold, wrapup, ivr, dialing, contacting, voicemail). */
export interface Segment {
  readonly type: string;
  readonly start: number;
  end?: number;
  readonly queueId?: string;
  disconnectType?: string;
  wrapUpCode?: string;
}

export interface MediaSession {
  readonly id: string;
  readonly kind: MediaKind;
  state: MediaState;
  readonly initialState: MediaState;
  readonly direction: 'inbound' | 'outbound';
  readonly provider: string;
  held: boolean;
  startHoldTime?: number;
  connectedTime?: number;
  disconnectedTime?: number;
  disconnectType?: string;
  peerId?: string;
  afterCallWorkRequired?: boolean;
  afterCallWork?: { state: 'pending' | 'complete'; startTime: number; endTime?: number };
  /** Fields only this media type carries (subject, callbackNumbers, messages, ...). */
  readonly extra: Record<string, unknown>;
  readonly segments: Segment[];
}

export interface Wrapup {
  code: string;
  name: string;
  notes: string;
  durationSeconds: number;
  endTime: number;
}

export interface Participant {
  readonly id: string;
  readonly purpose: Purpose;
  readonly name: string;
  readonly address: string;
  readonly userId?: string;
  readonly queueId?: string;
  readonly startTime: number;
  connectedTime?: number;
  endTime?: number;
  wrapupRequired: boolean;
  wrapupExpected?: boolean;
  wrapup?: Wrapup;
  startAcwTime?: number;
  endAcwTime?: number;
  alertingTimeoutMs?: number;
  readonly attributes: Record<string, string>;
  readonly routing?: { queueId: string; skills: readonly string[]; priority: number; language: string };
  readonly sessions: MediaSession[];
}

export interface Conversation {
  readonly id: string;
  /** The media being routed now: a voice call that flows out to a callback becomes a callback. */
  kind: MediaKind;
  readonly start: number;
  end?: number;
  readonly ani: string;
  readonly dnis: string;
  readonly divisionId: string;
  readonly participants: Participant[];
  /** Every queue the conversation has been in, in order: its events go to each queue's topic. */
  readonly queueIds: Set<string>;
  /** Every agent that has taken part: its events go to each user's topic. */
  readonly userIds: Set<string>;
  /** For routing: skills the conversation needs. */
  readonly requiredSkills: readonly string[];
  language: string;
  /** Each time the conversation entered a queue, with the one outcome decided for it. */
  readonly visits: QueueVisit[];
  /** Every analytics metric the conversation emitted, in emission order (see `metricLedger.ts`). */
  readonly metrics: MetricEmission[];
}

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
