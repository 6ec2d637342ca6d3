/**
 * What is known about one conversation, kept as facts that only ever grow: the earliest connect,
 * the most advanced media state, the set of hold starts, each detail event by participant.
 * Merging a notification is then commutative and idempotent, so duplicates change nothing and
 * any arrival order of the same notifications ends in the same state.
 */
import { toEpochMs } from '../../model/schemas/eventTime.js';
import type { ParticipantMemo } from './memo.js';
import { findById, NONE, withAdded, withInsertedById } from '../_lists.js';

export interface MediaFacts {
  readonly id: string;
  /** Genesys analytics media type: voice, callback, chat, email, message, video. */
  readonly mediaType: string;
  state: string;
  connectedTime?: number;
  disconnectedTime?: number;
  disconnectType?: string;
  startAlertingTime?: number;
  /** Hold start times, in the order first seen (`NONE` until the first; replaced, never changed in place). */
  holdStarts: readonly number[];
  /** When notifications that ended a hold showed this media connected and not held: receipt times, a backfill's body time (`NONE` until the first; replaced, never changed in place). */
  unheldAt: readonly number[];
  acwStart?: number;
  acwEnd?: number;
  /** Messages on a messaging media item, by message id. */
  messages?: Map<string, MessageFacts>;
}

/** One message of a messaging conversation: when it was sent and when receipts were first seen. */
export interface MessageFacts {
  readonly id: string;
  time?: number;
  /** The text `time` was read from, so the same text in a later notification is not parsed again. */
  timeText?: string;
  /** Sent by the customer (`received` on Genesys's side). */
  inbound: boolean;
  /**
   * When a notification first showed it delivered (or read): Genesys sends receipts without a
   * time. `RECEIPT_TIME_UNKNOWN` when only backfilled notifications showed it.
   */
  deliveredSeenAt?: number;
  readSeenAt?: number;
}

/**
 * The time of a receipt first seen in a backfilled notification: received when the backfill ran,
 * maybe hours after the message, it says nothing of when the receipt came. The largest time, so a
 * receipt's facts stay a minimum over sightings: any timed sighting wins, whatever the order.
 */
export const RECEIPT_TIME_UNKNOWN = Number.POSITIVE_INFINITY;

/**
 * A detail event's disconnect type (`CONSULT_TRANSFER`, `PEER`) in the conversation
 * notifications' form (`transfer.consult`, `peer`), so the facts hold one spelling whichever
 * event told them. The notifications' own form comes back unchanged.
 */
export const dottedDisconnectType = (type: string | undefined): string | undefined => {
  if (type === undefined) return undefined;
  const lower = type.toLowerCase();
  return lower.endsWith('_transfer') ? `transfer.${lower.slice(0, -'_transfer'.length).replaceAll('_', '')}` : lower;
};

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
  /**
   * The participant's media, one per media type, in the order first seen. A list, not a Map: a
   * participant has one or two, and 50,000 open conversations held a Map each (with its table)
   * per participant, objects that lived just long enough to be copied out of the young generation.
   */
  media: readonly MediaFacts[];
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
  /**
   * The participants in id order, as records list them. A list found by id with a short scan: a
   * conversation has a handful, and a Map per conversation (with its hash table) was among the
   * objects that outlived the young generation only to die in the old one. Kept in id order as
   * they join, rather than in order of arrival with a sorted copy for the records.
   */
  participants: readonly ParticipantFacts[];
  /** The conversation's end as a backfilled (analytics) conversation states it. */
  endTime?: number;
  /** The newest event time merged. */
  lastEventTime: number;
  /** Bumped on every merge that changed a fact: a snapshot is emitted only when it moved. */
  version: number;
  /** The queue path of the last record, which the next shares while it holds (not saved in checkpoints). */
  queuePath?: readonly string[] | undefined;
}

/*
 * Facts are made with every field present (unknown ones undefined), so all participants share one
 * hidden class, and all media another: built up field by field as sightings came, they took dozens
 * of shapes and every read of them went through V8's slow, megamorphic lookups.
 */

export function newConversationFacts(id: string): ConversationFacts {
  return { id, participants: NONE, endTime: undefined, lastEventTime: Number.NEGATIVE_INFINITY, version: 0, queuePath: undefined };
}

/**
 * Media states by how far along they are; a state never goes back. A Map: a plain object's lookup
 * found a function for a state named `toString`, so such a state flip-flopped and two orders of
 * one conversation's notifications ended on different states.
 */
const STATE_RANK: ReadonlyMap<string, number> = new Map([
  ['none', 0],
  ['scheduled', 1],
  ['offering', 2],
  ['dialing', 2],
  ['contacting', 2],
  ['alerting', 3],
  ['parked', 4],
  ['connected', 5],
  ['disconnected', 9],
  ['terminated', 9],
]);
/** A state this version does not know ranks with `parked`. */
const rank = (state: string): number => STATE_RANK.get(state) ?? 4;

/**
 * The smaller of two times or durations, either unknown: a fact and a new sighting of it (a fact
 * is kept at its minimum, whatever the order of arrival), or two times a derivation weighs. Times
 * and texts have a function each: one function for both compared them through V8's generic
 * comparison, which took 3% of `conversationState`'s time (a `perf` profile, `bench/README.md`).
 */
export function lesser(fact: number | undefined, seen: number | undefined): number | undefined {
  return seen === undefined || (fact !== undefined && fact <= seen) ? fact : seen;
}

/** `lesser` for text facts (purpose, ids, names, codes): the one that sorts first. */
export function lesserText<T extends string>(fact: T | undefined, seen: T | undefined): T | undefined {
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

/** The participant with this id, made when first seen. */
export function participantFacts(facts: ConversationFacts, id: string): ParticipantFacts {
  const known = findById(facts.participants, id);
  if (known !== undefined) return known;
  const p: ParticipantFacts = {
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
    media: NONE,
    acdStart: undefined,
    acdEnd: undefined,
    userEnd: undefined,
    acw: undefined,
    version: 0,
    memo: undefined,
  };
  facts.participants = withInsertedById(facts.participants, p);
  return p;
}

const sharedIds = new Map<string, string>();
const MAX_SHARED_IDS = 50_000;

/**
 * One string for each queue and user id: every conversation's notifications bring their own copy
 * of the same few thousand ids, and each copy a conversation kept lived as long as it did.
 * Shared, they are one object each, compared by identity and hashed once. Bounded: past
 * `MAX_SHARED_IDS` (made-up ids) the table starts again.
 */
export function sharedId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const known = sharedIds.get(id);
  if (known !== undefined) return known;
  if (sharedIds.size >= MAX_SHARED_IDS) sharedIds.clear();
  sharedIds.set(id, id);
  return id;
}


/** Adds `t` to a media's list of times unless it is there; returns whether it was added. */
export function addTime(m: MediaFacts, list: 'holdStarts' | 'unheldAt', t: number): boolean {
  const times = m[list];
  if (times.includes(t)) return false;
  m[list] = withAdded(times, t);
  return true;
}

export function mediaFacts(p: ParticipantFacts, id: string, mediaType: string): MediaFacts {
  const known = findById(p.media, id);
  if (known !== undefined) return known;
  const m: MediaFacts = {
    id,
    mediaType,
    state: 'none',
    connectedTime: undefined,
    disconnectedTime: undefined,
    disconnectType: undefined,
    startAlertingTime: undefined,
    holdStarts: NONE,
    unheldAt: NONE,
    acwStart: undefined,
    acwEnd: undefined,
    messages: undefined,
  };
  p.media = withAdded(p.media, m);
  return m;
}

/**
 * Facts as a checkpoint brought them back, in today's shape: facts saved by an earlier version
 * (participants and media in Maps, participants in order of arrival, times in Sets) are made
 * over in place. A checkpoint's lists may be shared (its copy of `NONE` is one array for every
 * media): harmless, since lists are replaced to add to them, never changed in place.
 */
export function upgradedFacts(facts: ConversationFacts): ConversationFacts {
  const participants = facts.participants as unknown;
  // Saved by an earlier version: in a Map, or in order of arrival; kept in id order now.
  const list = participants instanceof Map ? [...(participants as Map<string, ParticipantFacts>).values()] : [...facts.participants];
  facts.participants = list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const p of facts.participants) {
    const media = p.media as unknown;
    if (media instanceof Map) p.media = [...(media as Map<string, MediaFacts>).values()];
    for (const m of p.media) {
      m.holdStarts = restoredTimes(m.holdStarts);
      m.unheldAt = restoredTimes(m.unheldAt);
    }
    // Saved before user.end's disconnect type was kept in the notifications' spelling.
    if (p.userEnd?.disconnectType !== undefined) p.userEnd = { ...p.userEnd, disconnectType: dottedDisconnectType(p.userEnd.disconnectType) };
  }
  return facts;
}

function restoredTimes(times: readonly number[] | Set<number>): readonly number[] {
  return times instanceof Set ? [...times] : times;
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
