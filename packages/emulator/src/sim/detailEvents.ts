import type { Conversation, MediaSession, Participant } from './model.js';
import { compact } from './conversationPayload.js';

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

export const detailTopic = (conversationId: string, kind: DetailEventKind): string =>
  `v2.detail.events.conversation.${conversationId}.${kind}`;

/**
 * A flat detail event body: epoch-ms `eventTime`, upper-case enums. `extra` carries the fields of
 * the specific kind (acdOutcome, wrapupCode, ...).
 */
export function detailBody(
  time: number,
  conversation: Conversation,
  participant: Participant,
  session: MediaSession,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const inbound = session.direction === 'inbound';
  return compact({
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
}
