/**
 * What gcstream knows about the shape of a Genesys Cloud conversation snapshot (the body of
 * `v2.routing.queues.{id}.conversations`, `v2.users.{id}.conversations` and the backfilled copies):
 * the media lists of a participant, the states a media session ends in, the timestamps it carries,
 * and when a participant or the whole conversation is over. The source, backfill, event times and
 * the console sink all read it from here.
 */

/**
 * A participant's sessions, one list per media, with the media type each list carries. The last
 * item of a list is the participant's current session on that media. In the order a viewer
 * prefers when a participant is on several media at once.
 */
export const CONVERSATION_MEDIA = [
  { list: 'calls', mediaType: 'voice' },
  { list: 'chats', mediaType: 'chat' },
  { list: 'messages', mediaType: 'message' },
  { list: 'callbacks', mediaType: 'callback' },
  { list: 'emails', mediaType: 'email' },
  { list: 'videos', mediaType: 'video' },
] as const;

export type MediaList = (typeof CONVERSATION_MEDIA)[number]['list'];
export type MediaType = (typeof CONVERSATION_MEDIA)[number]['mediaType'];

export const MEDIA_LISTS: readonly MediaList[] = CONVERSATION_MEDIA.map((m) => m.list);

const LIST_OF_TYPE: ReadonlyMap<string, MediaList> = new Map(CONVERSATION_MEDIA.map((m) => [m.mediaType, m.list]));

/** The list a session of `mediaType` (analytics spelling, any case) sits in; voice when unknown. */
export function mediaListOf(mediaType: string | undefined): MediaList {
  return LIST_OF_TYPE.get((mediaType ?? 'voice').toLowerCase()) ?? 'calls';
}

const TYPE_OF_LIST: ReadonlyMap<string, MediaType> = new Map(CONVERSATION_MEDIA.map((m) => [m.list, m.mediaType]));

/**
 * The media type a list's sessions carry (`calls` → `voice`); undefined for a name that is no
 * media list. A Map, like the lookup above: a plain object answered for `toString` too.
 */
export function mediaTypeOfList(list: string): MediaType | undefined {
  return TYPE_OF_LIST.get(list);
}

/** The state a media session ends in; `terminated` is what Genesys writes for a forced end. */
export const MEDIA_STATE_ENDED = 'disconnected';

/*
 * These compare with each value rather than look it up in a Set: the analytics operators ask
 * them for every media and participant of every record, and Set lookups took 2.5% of
 * `conversationState`'s time (a `perf` profile, `bench/README.md`).
 */

export function isEndedMediaState(state: unknown): boolean {
  return state === MEDIA_STATE_ENDED || state === 'terminated';
}

/** A participant that is an agent: `agent`, or `user` as a user's own conversation notifications name them. */
export function isAgentPurpose(purpose: string | undefined): boolean {
  return purpose === 'agent' || purpose === 'user';
}

/** The party who reached the contact center: `customer`, or `external` on an outbound or transferred leg. */
export function isCustomerPurpose(purpose: string | undefined): boolean {
  return purpose === 'customer' || purpose === 'external';
}

/** The timestamps a participant carries, and those each of its media sessions carries. */
export const PARTICIPANT_TIME_FIELDS = ['connectedTime', 'endTime', 'startAcwTime', 'endAcwTime'] as const;
export const MEDIA_TIME_FIELDS = ['connectedTime', 'disconnectedTime', 'startAlertingTime', 'startHoldTime'] as const;
/** The timestamp of each message a messaging session lists (`messages[].messages[]`): a notification that only adds a message changes no other time. */
export const MESSAGE_TIME_FIELDS = ['messageTime'] as const;

type Loose = Record<string, unknown>;

/** Every media session of a participant, across its lists. */
export function mediaSessions(participant: Loose): Loose[] {
  const sessions: Loose[] = [];
  for (const list of MEDIA_LISTS) {
    const items = participant[list];
    if (Array.isArray(items)) for (const item of items) if (typeof item === 'object' && item !== null) sessions.push(item as Loose);
  }
  return sessions;
}

/**
 * A participant's part in the conversation is over when Genesys gave it an end time, or when it
 * has sessions and all have ended. An agent may still be in after-call work then (see below).
 */
export function participantEnded(participant: Loose): boolean {
  if (participant.endTime) return true;
  const sessions = mediaSessions(participant);
  return sessions.length > 0 && sessions.every((s) => isEndedMediaState(s.state));
}

/** An agent doing after-call work: started, not finished, and no wrap-up code given yet. */
export function inAfterCallWork(participant: Loose): boolean {
  const started = participant.startAcwTime;
  const ended = participant.endAcwTime;
  return typeof started === 'string' && started.length > 0 && !(typeof ended === 'string' && ended.length > 0) && !participant.wrapup;
}

/**
 * An agent whose media ended but who still owes after-call work: Genesys Cloud sends the
 * conversation once more when it is done, with the wrap-up code and the ACW times.
 */
export function awaitingWrapup(participant: Loose): boolean {
  if (participant.wrapup) return false;
  if (participant.wrapupExpected === true || inAfterCallWork(participant)) return true;
  return mediaSessions(participant).some((s) => (s.afterCallWork as Loose | undefined)?.state === 'pending');
}

/**
 * A conversation is over when it has participants, every one of them has left and none still
 * owes after-call work. Its media may all have ended before that: the snapshot sent when the
 * customer hangs up is not the last one, the wrap-up's is.
 */
export function conversationEnded(body: { readonly participants?: readonly Loose[] | undefined }): boolean {
  const participants = body.participants ?? [];
  return participants.length > 0 && participants.every((p) => participantEnded(p) && !awaitingWrapup(p));
}
