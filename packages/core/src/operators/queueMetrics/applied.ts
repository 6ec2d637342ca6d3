/**
 * What `queueMetrics` remembers of each open conversation: what each of its parts (visits,
 * messages, handles) added and where, so a later record can take it back, and what each was last
 * computed from, so a part a record leaves as it was is skipped.
 */
import type { AgentHandle, AgentMessage, QueueVisit } from '../conversationState/types.js';
import type { Contribution } from './counts.js';
import type { ServiceLevelSetting } from './types.js';

export interface Applied {
  readonly bucket: string;
  readonly day: string;
  readonly at: number;
  readonly delta: Contribution['delta'];
}

export const MOMENTS = ['offered', 'outcome', 'handle', 'message'] as const;
export type Moments<T> = { -readonly [name in (typeof MOMENTS)[number]]?: T };

/**
 * The visit, message or handle a part's moments were last computed from (and the service level
 * they were computed against). Under a symbol, so checkpoints (structured clones, which copy only
 * string keys) do not carry it: a restored part is computed again on its next record.
 */
export const LAST: unique symbol = Symbol('last');
export interface Parts extends Moments<Applied> {
  [LAST]?: { readonly part: QueueVisit | AgentMessage | AgentHandle; readonly setting: ServiceLevelSetting | undefined };
}

/** What `visitContributions` reads of a visit: the same, and it contributes the same. */
export const sameVisit = (a: QueueVisit, b: QueueVisit) =>
  a.enteredAt === b.enteredAt && a.exitedAt === b.exitedAt && a.outcome === b.outcome && a.answeredAt === b.answeredAt && a.tAnswered === b.tAnswered && a.tAbandon === b.tAbandon && a.tFlowOut === b.tFlowOut && a.tWait === b.tWait && a.queueId === b.queueId && a.mediaType === b.mediaType;
export const sameMessage = (a: AgentMessage, b: AgentMessage) => a.sentAt === b.sentAt && a.deliveredSeenAt === b.deliveredSeenAt && a.readSeenAt === b.readSeenAt && a.queueId === b.queueId;
export const sameHandle = (a: AgentHandle, b: AgentHandle) =>
  a.handledAt === b.handledAt && a.tHandle === b.tHandle && a.tTalk === b.tTalk && a.tHeld === b.tHeld && a.tAcw === b.tAcw && a.nTransferred === b.nTransferred && a.queueId === b.queueId && a.mediaType === b.mediaType;

/**
 * What one open conversation's parts added, by the ids its records carry (strings kept by
 * `conversationState`, so lookups hash nothing new): a key built per part and record was the
 * operator's most expensive line.
 */
export interface ConversationApplied {
  readonly visits: Map<string, Parts>;
  /** Made on first use: most conversations in queue have no message or handle yet, and 50,000 of them are held. */
  messages?: Map<string, Parts>;
  handles?: Map<string, Parts>;
}
export const partsOf = (c: ConversationApplied) => c.visits.size + (c.messages?.size ?? 0) + (c.handles?.size ?? 0);

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
