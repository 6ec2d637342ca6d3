/**
 * What `queueMetrics` remembers of each open conversation: what each of its parts (visits,
 * messages, handles) added and where, so a later record can take it back, and what each was last
 * computed from, so a part a record leaves as it was is skipped.
 */
import type { AgentHandle, AgentMessage, QueueVisit } from '../conversationState/types.js';
import type { Contribution } from './counts.js';
import type { ServiceLevelSetting } from './types.js';

/** Where one moment of a part was counted, and what it added. Updated in place when the moment moves. */
export interface Applied {
  /** The queue|media key it was counted under (undefined in checkpoints of earlier versions). */
  qm: string | undefined;
  bucket: string;
  day: string;
  at: number;
  delta: Contribution['delta'];
}

/** A part's moments: a visit's offer and outcome, a message, an agent's handle. */
export interface Moments<T> {
  offered?: T;
  outcome?: T;
  handle?: T;
  message?: T;
}

/**
 * One visit, message or handle of a conversation (by its id), what each of its moments added,
 * and what they were last computed from: the fields its kind's contributions read, copied into
 * the part (`rememberVisit`, ...), and the service level they were measured against. A record
 * that leaves a part as it was (most do) is then skipped with a few comparisons. The part keeps
 * copies, not the record's visit itself: a kept visit outlived the young generation only to be
 * replaced by the next record's (4.9 MB a pass of what outlived a scavenge, `bench/README.md`).
 */
export interface Parts extends Moments<Applied> {
  readonly id: string;
  /** The last record (its number in `queueMetrics`' count) that named this part. */
  record: number;
  setting: ServiceLevelSetting | undefined;
  /** Whether the fields below hold what the moments were computed from (false until the first). */
  seen: boolean;
  seenQueueId: string | undefined;
  seenMediaType: string | undefined;
  seenOutcome: string | undefined;
  /**
   * Times and durations, by kind: a visit's enteredAt, exitedAt, answeredAt, tAnswered, tAbandon,
   * tFlowOut, tWait; a handle's handledAt, tHandle, tTalk, tHeld, tAcw, nTransferred; a
   * message's sentAt, deliveredSeenAt, readSeenAt, delivered and read (1 or 0).
   */
  seen0: number | undefined;
  seen1: number | undefined;
  seen2: number | undefined;
  seen3: number | undefined;
  seen4: number | undefined;
  seen5: number | undefined;
  seen6: number | undefined;
}

/** A part with every key present from the start, so all parts share one shape. */
export function newParts(id: string, saved?: Moments<Applied>): Parts {
  return {
    id,
    offered: saved?.offered,
    outcome: saved?.outcome,
    handle: saved?.handle,
    message: saved?.message,
    record: 0,
    setting: undefined,
    seen: false,
    seenQueueId: undefined,
    seenMediaType: undefined,
    seenOutcome: undefined,
    seen0: undefined,
    seen1: undefined,
    seen2: undefined,
    seen3: undefined,
    seen4: undefined,
    seen5: undefined,
    seen6: undefined,
  };
}

/** Whether `visitContributions` would read the same of `v` as it last did for this part. */
export const sameVisit = (p: Parts, v: QueueVisit) =>
  p.seen0 === v.enteredAt && p.seen1 === v.exitedAt && p.seenOutcome === v.outcome && p.seen2 === v.answeredAt && p.seen3 === v.tAnswered && p.seen4 === v.tAbandon && p.seen5 === v.tFlowOut && p.seen6 === v.tWait && p.seenQueueId === v.queueId && p.seenMediaType === v.mediaType;
export function rememberVisit(p: Parts, v: QueueVisit): void {
  (p.seenQueueId = v.queueId), (p.seenMediaType = v.mediaType), (p.seenOutcome = v.outcome);
  (p.seen0 = v.enteredAt), (p.seen1 = v.exitedAt), (p.seen2 = v.answeredAt), (p.seen3 = v.tAnswered), (p.seen4 = v.tAbandon), (p.seen5 = v.tFlowOut), (p.seen6 = v.tWait);
}
export const sameMessage = (p: Parts, m: AgentMessage) => p.seen0 === m.sentAt && p.seen1 === m.deliveredSeenAt && p.seen2 === m.readSeenAt && p.seen3 === (m.delivered ? 1 : 0) && p.seen4 === (m.read ? 1 : 0) && p.seenQueueId === m.queueId;
export function rememberMessage(p: Parts, m: AgentMessage): void {
  (p.seenQueueId = m.queueId), (p.seen0 = m.sentAt), (p.seen1 = m.deliveredSeenAt), (p.seen2 = m.readSeenAt), (p.seen3 = m.delivered ? 1 : 0), (p.seen4 = m.read ? 1 : 0);
}
export const sameHandle = (p: Parts, h: AgentHandle) =>
  p.seen0 === h.handledAt && p.seen1 === h.tHandle && p.seen2 === h.tTalk && p.seen3 === h.tHeld && p.seen4 === h.tAcw && p.seen5 === h.nTransferred && p.seenQueueId === h.queueId && p.seenMediaType === h.mediaType;
export function rememberHandle(p: Parts, h: AgentHandle): void {
  (p.seenQueueId = h.queueId), (p.seenMediaType = h.mediaType);
  (p.seen0 = h.handledAt), (p.seen1 = h.tHandle), (p.seen2 = h.tTalk), (p.seen3 = h.tHeld), (p.seen4 = h.tAcw), (p.seen5 = h.nTransferred);
}

/**
 * What one open conversation's parts added. Lists found by id with a short scan (a conversation
 * has a visit or two, a handle per agent): a Map per conversation, with its table, outlived the
 * young generation only to die in the old one.
 */
export interface ConversationApplied {
  /** Each list is replaced by a longer one when a part joins (see `withAdded`). */
  visits: readonly Parts[];
  /** Made on first use: most conversations in queue have no message or handle yet, and 50,000 of them are held. */
  messages?: readonly Parts[];
  handles?: readonly Parts[];
}

/** The lists of parts a conversation has. */
export type PartList = 'visits' | 'messages' | 'handles';
export const partsOf = (c: ConversationApplied) => c.visits.length + (c.messages?.length ?? 0) + (c.handles?.length ?? 0);

type SavedParts = readonly Parts[] | Map<string, Moments<Applied>> | undefined;

/**
 * A conversation's parts as a checkpoint brought them back, in today's shape: each part made
 * again with all its keys and nothing remembered (its next record computes it again), and
 * parts that an earlier version saved in Maps by id put in lists.
 */
export function restoredApplied(saved: { visits: SavedParts; messages?: SavedParts; handles?: SavedParts }): ConversationApplied {
  const list = (parts: SavedParts): Parts[] | undefined => {
    if (parts === undefined) return undefined;
    if (parts instanceof Map) return [...parts].map(([id, p]) => newParts(id, p));
    return parts.map((p) => newParts(p.id, p));
  };
  const c: ConversationApplied = { visits: list(saved.visits) ?? [] };
  const messages = list(saved.messages);
  const handles = list(saved.handles);
  if (messages !== undefined) c.messages = messages;
  if (handles !== undefined) c.handles = handles;
  return c;
}

/** Whether a moment says what it said before: most records of a conversation leave most moments as they were. */
export function sameMoment(prev: Applied | undefined, next: Contribution | undefined): boolean {
  if (prev === undefined || next === undefined) return prev === next;
  if (prev.at !== next.at) return false;
  const a = prev.delta as Record<string, number | undefined>;
  const b = next.delta as Record<string, number | undefined>;
  let n = 0;
  for (const key in b) {
    if (!Object.is(a[key], b[key])) return false;
    n++;
  }
  for (const _ in a) n--;
  return n === 0;
}
