/**
 * What is known about one conversation, kept as facts that only ever grow: the earliest connect,
 * the most advanced media state, the set of hold starts, each detail event by participant.
 * Merging a notification is then commutative and idempotent, so duplicates change nothing and
 * any arrival order of the same notifications ends in the same state.
 */
import { isEndedMediaState } from '../../model/conversation.js';
import { toEpochMs } from '../../model/schemas/eventTime.js';
import type { ParticipantMemo } from './memo.js';

export interface MediaFacts {
  readonly id: string;
  /** Genesys analytics media type: voice, callback, chat, email, message, video. */
  readonly mediaType: string;
  state: string;
  connectedTime?: number;
  disconnectedTime?: number;
  disconnectType?: string;
  startAlertingTime?: number;
  readonly holdStarts: Set<number>;
  /** Event times of notifications that showed this media connected and not held. */
  readonly unheldAt: Set<number>;
  acwStart?: number;
  acwEnd?: number;
  /** Messages on a messaging media item, by message id. */
  messages?: Map<string, MessageFacts>;
}

/** One message of a messaging conversation: when it was sent and when receipts were first seen. */
export interface MessageFacts {
  readonly id: string;
  time?: number;
  /** Sent by the customer (`received` on Genesys's side). */
  inbound: boolean;
  /** When a notification first showed it delivered (or read): Genesys sends receipts without a time. */
  deliveredSeenAt?: number;
  readSeenAt?: number;
}

export interface AcdEndFacts {
  readonly time: number;
  readonly outcome?: string;
  readonly answeredUserId?: string;
  readonly connectedDurationMs?: number;
}

export interface UserEndFacts {
  readonly time: number;
  readonly interactingDurationMs?: number;
  readonly heldDurationMs?: number;
  readonly alertingDurationMs?: number;
  readonly contactingDurationMs?: number;
  readonly dialingDurationMs?: number;
  readonly disconnectType?: string;
}

export interface ParticipantFacts {
  readonly id: string;
  purpose?: string;
  userId?: string;
  queueId?: string;
  name?: string;
  connectedTime?: number;
  endTime?: number;
  startAcwTime?: number;
  endAcwTime?: number;
  wrapupRequired?: boolean;
  wrapupCode?: string;
  wrapupDurationMs?: number;
  readonly media: Map<string, MediaFacts>;
  acdStart?: number;
  acdEnd?: AcdEndFacts;
  userEnd?: UserEndFacts;
  /** From the `acw` detail event: when after-call work ended and how long it took. */
  acw?: { readonly time: number; readonly durationMs?: number; readonly code?: string };
  /** Bumped whenever a fact of this participant (or of its media) changed: keys `memo`. */
  version: number;
  /** What was derived from this participant's facts at `version` (see `memo.ts`). */
  memo?: ParticipantMemo;
}

export interface ConversationFacts {
  readonly id: string;
  readonly participants: Map<string, ParticipantFacts>;
  /** The conversation's end as a backfilled (analytics) conversation states it. */
  endTime?: number;
  /** The newest event time merged. */
  lastEventTime: number;
  /** Bumped on every merge that changed a fact: a snapshot is emitted only when it moved. */
  version: number;
  /**
   * The participants by id, as records list them: made again only when one joins, instead of a
   * copy of the map's values sorted for every record (the sort's work array alone was a fifth of
   * what building a record allocated). Not saved in checkpoints.
   */
  byId?: ParticipantFacts[] | undefined;
}

/*
 * Facts are made with every field present (unknown ones undefined), so all participants share one
 * hidden class, and all media another: built up field by field as sightings came, they took dozens
 * of shapes and every read of them went through V8's slow, megamorphic lookups.
 */

export function newConversationFacts(id: string): ConversationFacts {
  return { id, participants: new Map(), endTime: undefined, lastEventTime: Number.NEGATIVE_INFINITY, version: 0, byId: undefined };
}

/** Media states by how far along they are; a state never goes back. */
const STATE_RANK: Record<string, number> = {
  none: 0,
  scheduled: 1,
  offering: 2,
  dialing: 2,
  contacting: 2,
  alerting: 3,
  parked: 4,
  connected: 5,
  disconnected: 9,
  terminated: 9,
};
const rank = (state: string) => STATE_RANK[state] ?? 4;

/** The smaller of a fact and a new sighting of it (either may be unknown): a fact is kept at its minimum, whatever the order of arrival. */
export function lesser<T extends number | string>(fact: T | undefined, seen: T | undefined): T | undefined {
  return seen === undefined || (fact !== undefined && fact <= seen) ? fact : seen;
}

/** Assigns when unset or when `value` is smaller, so every order of arrival ends on the same value. */
export function keepMin<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): boolean {
  if (value === undefined || value === null) return false;
  const current = target[key];
  if (current === undefined || (value as unknown as number | string) < (current as unknown as number | string)) {
    target[key] = value;
    return true;
  }
  return false;
}

export function participantFacts(facts: ConversationFacts, id: string): ParticipantFacts {
  let p = facts.participants.get(id);
  if (p === undefined) {
    p = {
      id,
      purpose: undefined,
      userId: undefined,
      queueId: undefined,
      name: undefined,
      connectedTime: undefined,
      endTime: undefined,
      startAcwTime: undefined,
      endAcwTime: undefined,
      wrapupRequired: undefined,
      wrapupCode: undefined,
      wrapupDurationMs: undefined,
      media: new Map(),
      acdStart: undefined,
      acdEnd: undefined,
      userEnd: undefined,
      acw: undefined,
      version: 0,
      memo: undefined,
    };
    facts.participants.set(id, p);
    facts.byId = undefined;
  }
  return p;
}

export function mediaFacts(p: ParticipantFacts, id: string, mediaType: string): MediaFacts {
  let m = p.media.get(id);
  if (m === undefined) {
    m = {
      id,
      mediaType,
      state: 'none',
      connectedTime: undefined,
      disconnectedTime: undefined,
      disconnectType: undefined,
      startAlertingTime: undefined,
      holdStarts: new Set(),
      unheldAt: new Set(),
      acwStart: undefined,
      acwEnd: undefined,
      messages: undefined,
    };
    p.media.set(id, m);
  }
  return m;
}

export function advanceState(m: MediaFacts, state: string | undefined): boolean {
  // Most notifications repeat the state the media is in: that is settled before any rank is looked up.
  if (state === undefined || state === m.state) return false;
  const seen = rank(state);
  const kept = rank(m.state);
  // Two states of one rank (disconnected, terminated): keep the smaller name, whatever the order.
  if (seen < kept || (seen === kept && state > m.state)) return false;
  m.state = state;
  return true;
}

/**
 * Epoch ms of a Genesys timestamp. Canonical ISO text is parsed by arithmetic, which costs less
 * than looking the text up in a cache of parsed values (a fresh string from every frame has to be
 * hashed first).
 */
export const ms = toEpochMs;

export const isEndedState = (state: string): boolean => isEndedMediaState(state);
