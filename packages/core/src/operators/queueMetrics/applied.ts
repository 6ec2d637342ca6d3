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
  bucket: string;
  day: string;
  at: number;
  delta: Contribution['delta'];
}

export const MOMENTS = ['offered', 'outcome', 'handle', 'message'] as const;
export type Moments<T> = { -readonly [name in (typeof MOMENTS)[number]]?: T };

/**
 * The visit, message or handle a part's moments were last computed from, and the service level
 * they were computed against. Under symbols, so checkpoints (structured clones, which copy only
 * string keys) do not carry them: a restored part is computed again on its next record.
 */
export const LAST_PART: unique symbol = Symbol('lastPart');
export const LAST_SETTING: unique symbol = Symbol('lastSetting');

/** One visit, message or handle of a conversation (by its id), and what each of its moments added. */
export interface Parts extends Moments<Applied> {
  readonly id: string;
  [LAST_PART]: QueueVisit | AgentMessage | AgentHandle | undefined;
  [LAST_SETTING]: ServiceLevelSetting | undefined;
}

/** A part with every key present from the start, so all parts share one shape. */
export function newParts(id: string, saved?: Moments<Applied>): Parts {
  return { id, offered: saved?.offered, outcome: saved?.outcome, handle: saved?.handle, message: saved?.message, [LAST_PART]: undefined, [LAST_SETTING]: undefined };
}

/** What `visitContributions` reads of a visit: the same, and it contributes the same. */
export const sameVisit = (a: QueueVisit, b: QueueVisit) =>
  a.enteredAt === b.enteredAt && a.exitedAt === b.exitedAt && a.outcome === b.outcome && a.answeredAt === b.answeredAt && a.tAnswered === b.tAnswered && a.tAbandon === b.tAbandon && a.tFlowOut === b.tFlowOut && a.tWait === b.tWait && a.queueId === b.queueId && a.mediaType === b.mediaType;
export const sameMessage = (a: AgentMessage, b: AgentMessage) => a.sentAt === b.sentAt && a.deliveredSeenAt === b.deliveredSeenAt && a.readSeenAt === b.readSeenAt && a.queueId === b.queueId;
export const sameHandle = (a: AgentHandle, b: AgentHandle) =>
  a.handledAt === b.handledAt && a.tHandle === b.tHandle && a.tTalk === b.tTalk && a.tHeld === b.tHeld && a.tAcw === b.tAcw && a.nTransferred === b.nTransferred && a.queueId === b.queueId && a.mediaType === b.mediaType;

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
 * again with all its keys (a clone drops the symbols), and parts that an earlier version saved
 * in Maps by id put in lists.
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
