import type { Conversation, MediaSession, Participant } from './conversationRecord.js';
import { compact } from './payloadFields.js';

/** The detail event kinds, as the last part of `v2.detail.events.conversation.{id}.<kind>`. */
export type DetailEventKind =
  | 'acd.start'
  | 'acd.end'
  | 'user.start'
  | 'user.end'
  | 'customer.start'
  | 'customer.end'
  | 'acw'
  | 'wrapup'
  | 'flow.start'
  | 'flow.end'
  | 'attributes'
  | 'contact'
  | 'voicemail.start'
  | 'voicemail.end'
  | 'outbound';

/**
 * Fields of the common body that some kinds do not carry (the SDK's models of those events have
 * no such field): customer, flow and contact events name no queue, after-call work and wrap-up
 * no division, wrap-up no user, an outbound dial no queue or user, voicemail no addresses.
 */
const NOT_CARRIED: Partial<Record<DetailEventKind, readonly string[]>> = {
  'customer.start': ['queueId'],
  'customer.end': ['queueId'],
  'flow.start': ['queueId'],
  'flow.end': ['queueId'],
  contact: ['queueId'],
  acw: ['divisionId'],
  wrapup: ['userId', 'divisionId'],
  outbound: ['queueId', 'userId'],
  'voicemail.start': ['addressTo', 'addressFrom'],
  'voicemail.end': ['addressTo', 'addressFrom'],
};

export const detailTopic = (conversationId: string, kind: DetailEventKind): string =>
  `v2.detail.events.conversation.${conversationId}.${kind}`;

/**
 * A flat detail event body: epoch-ms `eventTime`, upper-case enums. `extra` carries the fields of
 * the specific kind (acdOutcome, wrapupCode, ...).
 */
export function detailBody(
  kind: DetailEventKind,
  time: number,
  conversation: Conversation,
  participant: Participant,
  session: MediaSession,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const inbound = session.direction === 'inbound';
  const body: Record<string, unknown> = compact({
    eventTime: time,
    conversationId: conversation.id,
    participantId: participant.id,
    sessionId: session.id,
    mediaType: session.kind.toUpperCase(),
    provider: session.provider,
    direction: session.direction.toUpperCase(),
    ani: conversation.ani,
    dnis: conversation.dnis,
    addressTo: inbound ? conversation.dnis : conversation.ani,
    addressFrom: inbound ? conversation.ani : conversation.dnis,
    subject: typeof session.extra['subject'] === 'string' ? session.extra['subject'] : undefined,
    callbackUserName: typeof session.extra['callbackUserName'] === 'string' ? session.extra['callbackUserName'] : undefined,
    callbackNumbers: Array.isArray(session.extra['callbackNumbers']) ? session.extra['callbackNumbers'] : undefined,
    messageType: session.kind === 'message' ? 'WEBMESSAGING' : undefined,
    queueId: participant.queueId,
    userId: participant.userId,
    divisionId: conversation.divisionId,
    ...extra,
  });
  for (const key of NOT_CARRIED[kind] ?? []) delete body[key];
  return body;
}
