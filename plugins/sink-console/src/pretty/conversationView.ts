import { awaitingWrapup, CONVERSATION_MEDIA, inAfterCallWork, isCustomerPurpose, isEndedMediaState, participantEnded } from '@gcstream/core';

/**
 * Reads the parts of a Genesys conversation body that a person watching the stream cares about:
 * who is on it, in what role, in what state, on which media. State lives on each media item
 * (calls[], chats[], ...), not on the participant.
 */

export interface ParticipantView {
  readonly id: string;
  /** customer, agent, acd, ivr, ... */
  readonly role: string;
  /** A phone number, a person's name, a queue name. */
  readonly label: string;
  /** The current state in words: alerting, connected, held, wrap-up, disconnected, ... */
  readonly state: string;
  /** voice, chat, message, callback, email, video. */
  readonly media?: string;
  readonly ended: boolean;
  /** Genesys has the participant's wrap-up (its code): after-call work is done. */
  readonly wrappedUp: boolean;
  readonly disconnectType?: string;
  readonly queueId?: string;
  /** The messages on the participant's current messaging session, when it is one. */
  readonly messages?: MessageTally;
}

/**
 * How many messages a messaging session lists, and how many of them Genesys has marked delivered
 * (or read) and read: a notification that only adds a message, or a receipt, changes nothing else.
 */
export interface MessageTally {
  readonly count: number;
  readonly delivered: number;
  readonly read: number;
}

type Json = Record<string, unknown>;

/** Where names come from when a participant does not carry one. */
export interface NameLookup {
  queueName(queueId: string): string | undefined;
  userName(userId: string): string | undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const obj = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);

function latestMedia(participant: Json): { item: Json; media: string } | undefined {
  let found: { item: Json; media: string } | undefined;
  for (const { list, mediaType: media } of CONVERSATION_MEDIA) {
    const items = participant[list];
    if (!Array.isArray(items)) continue;
    // The last item of an array is the participant's current session on that media.
    const item = obj(items[items.length - 1]);
    if (item) found ??= { item, media };
    if (item && !isEndedMediaState(item.state)) return { item, media };
  }
  return found;
}

function tallyMessages(item: Json): MessageTally | undefined {
  const list = item.messages;
  if (!Array.isArray(list)) return undefined;
  let delivered = 0;
  let read = 0;
  for (const m of list) {
    const status = obj(m)?.messageStatus;
    if (status === 'delivered' || status === 'read') delivered++;
    if (status === 'read') read++;
  }
  return { count: list.length, delivered, read };
}

function stateOf(participant: Json, item: Json | undefined): string {
  // An agent whose media ended still owes the wrap-up until Genesys sends the conversation with it.
  if (inAfterCallWork(participant) || (participantEnded(participant) && awaitingWrapup(participant))) return 'wrap-up';
  const state = str(item?.state)?.toLowerCase();
  if (!state) return str(participant.endTime) ? 'disconnected' : 'unknown';
  if (state === 'connected' && item?.held === true) return 'held';
  return state;
}

export function viewParticipant(participant: Json, names: NameLookup): ParticipantView {
  const role = str(participant.purpose)?.toLowerCase() ?? 'participant';
  const found = latestMedia(participant);
  const state = stateOf(participant, found?.item);
  const queueId = str(participant.queueId) ?? str(obj(obj(participant.conversationRoutingData)?.queue)?.id);
  const name = str(participant.name);
  let label: string;
  if (isCustomerPurpose(role)) label = str(participant.address) ?? name ?? '';
  else if (role === 'acd') label = name ?? (queueId ? (names.queueName(queueId) ?? queueId.slice(0, 8)) : '');
  else {
    const userId = str(participant.userId);
    label = name ?? (userId ? (names.userName(userId) ?? userId.slice(0, 8)) : '');
  }
  const messages = found?.media === 'message' ? tallyMessages(found.item) : undefined;
  return {
    id: str(participant.id) ?? `${role}:${label}`,
    role,
    label,
    state,
    ...(found ? { media: found.media } : {}),
    // a participant in wrap-up has ended its media but is shown in wrap-up, not as having left
    ended: isEndedMediaState(state) || (found === undefined && str(participant.endTime) !== undefined),
    wrappedUp: obj(participant.wrapup) !== undefined,
    ...(str(found?.item.disconnectType) ? { disconnectType: str(found?.item.disconnectType) } : {}),
    ...(queueId ? { queueId } : {}),
    ...(messages ? { messages } : {}),
  };
}

export function viewParticipants(body: unknown, names: NameLookup): ParticipantView[] {
  const participants = obj(body)?.participants;
  if (!Array.isArray(participants)) return [];
  return participants.flatMap((p) => {
    const participant = obj(p);
    return participant ? [viewParticipant(participant, names)] : [];
  });
}
