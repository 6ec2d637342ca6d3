import type { OperatorState } from '../defineOperator.js';
import type { SchedulerLike } from 'rxjs';
import type { DeadLetter } from '../../model/events.js';

/** How a queue visit ended, in Genesys's terms (`acdOutcome` of `acd.end`). */
export type QueueOutcome = 'answered' | 'abandoned' | 'flowOut';

/**
 * One ACD session: the conversation's stay in one queue, from entry to answer, abandon or
 * flow-out. A transfer into another queue starts another visit. Durations are in ms and named
 * as Genesys names the metrics; each `*At` is the epoch-ms time Genesys emits that metric at,
 * which is the time it is bucketed by.
 */
export interface QueueVisit {
  /** The ACD participant's id: stable, so a visit's metrics can be counted once downstream. */
  readonly id: string;
  readonly queueId: string;
  readonly mediaType: string;
  /** Queue entry: nOffered is counted here. */
  readonly enteredAt?: number;
  /** Queue exit: answer, abandon or flow-out. tWait, tAbandon and tFlowOut are emitted here. */
  readonly exitedAt?: number;
  /**
   * Undefined while the visit waits, and after the exit of a visit Genesys gives no outcome: a
   * message (see `messageAbandons`) or an email that left the queue unanswered with the customer
   * gone. `exitedAt` tells the two apart.
   */
  readonly outcome?: QueueOutcome;
  /** `acd.end` when a detail event said so; `derived` when read from the participants. */
  readonly outcomeSource?: 'acd.end' | 'derived';
  /** When the agent connected: tAnswered is emitted here. */
  readonly answeredAt?: number;
  readonly answeredBy?: string;
  readonly tWait?: number;
  readonly tAnswered?: number;
  readonly tAbandon?: number;
  readonly tFlowOut?: number;
  /** Ring time on agents during this visit, answered or not. */
  readonly tAlert?: number;
  /** Ring time on agents who did not answer. */
  readonly tNotResponding?: number;
  readonly tTalk?: number;
  readonly tHeld?: number;
  readonly tAcw?: number;
  /** Talk + hold + after-call work (+ contacting + dialing) of the answering agent. */
  readonly tHandle?: number;
  /** When the answering agent's handling ended (after-call work done): tHandle is emitted here. */
  readonly handledAt?: number;
  readonly wrapupCode?: string;
  /** Transfers the answering agent made out of this visit. */
  readonly nTransferred: number;
}

/** One agent's handling of the conversation (talk, hold, after-call work), as Genesys emits tHandle. */
export interface AgentHandle {
  readonly participantId: string;
  readonly userId?: string;
  readonly queueId: string;
  readonly mediaType: string;
  readonly tTalk?: number;
  readonly tHeld?: number;
  readonly tAcw?: number;
  readonly tHandle: number;
  /** When after-call work ended (or the media, with none to do): tHandle is emitted here. */
  readonly handledAt: number;
  readonly nTransferred: number;
}

/**
 * An agent's message on a messaging conversation, with when its receipts were first seen. A
 * receipt carries no time: it is dated by the first notification that showed it, on the host's
 * clock (its receipt time). One first seen in a backfilled conversation has no such time (the
 * backfill ran long after): `delivered` (`read`) is then true and its `*SeenAt` undefined.
 */
export interface AgentMessage {
  readonly messageId: string;
  readonly participantId: string;
  readonly queueId: string;
  readonly sentAt: number;
  readonly delivered: boolean;
  readonly deliveredSeenAt?: number;
  readonly read: boolean;
  readonly readSeenAt?: number;
}

export interface MediaSummary {
  readonly id: string;
  readonly mediaType: string;
  readonly state: string;
  readonly held: boolean;
  readonly connectedTime?: number;
  readonly disconnectedTime?: number;
  readonly disconnectType?: string;
}

export interface ParticipantSummary {
  readonly id: string;
  readonly purpose?: string;
  readonly userId?: string;
  readonly queueId?: string;
  readonly name?: string;
  readonly connectedTime?: number;
  readonly endTime?: number;
  readonly media: readonly MediaSummary[];
  readonly wrapupCode?: string;
}

/**
 * What `conversationState` emits: the rebuilt conversation, on every change (at most once per
 * `snapshotInterval` when it is set) and once at its end.
 * Immutable: consecutive records may share a list that did not change (the queue path), and
 * every empty list is one frozen array, so a consumer that wants to change a record copies it first.
 */
export interface ConversationRecord {
  readonly conversationId: string;
  /** `snapshot` on every change (or per `snapshotInterval`); `final` once, when the conversation ended or went stale. */
  readonly kind: 'snapshot' | 'final';
  readonly ended: boolean;
  /** Closed because no event came for `staleAfter` (or the `maxConversations` cap), not because it ended. */
  readonly stale: boolean;
  readonly mediaType?: string;
  readonly startTime?: number;
  readonly endTime?: number;
  /** The newest event time merged into this record. */
  readonly eventTime: number;
  readonly participants: readonly ParticipantSummary[];
  /** Queue ids in the order the conversation entered them. */
  readonly queuePath: readonly string[];
  readonly visits: readonly QueueVisit[];
  /** Every agent who handled it, with their handle time: queueMetrics counts tHandle from these. */
  readonly handles: readonly AgentHandle[];
  /** Messages agents sent, for delivery and read service levels. */
  readonly messages: readonly AgentMessage[];
  readonly holds: number;
  readonly transfers: number;
}

export interface ConversationStateOptions {
  /**
   * A conversation with no event for this long (ms of processing time) is closed as stale: a
   * final record with `stale: true`. Bounds memory when an end is never seen. @default 14400000 (4 h)
   */
  readonly staleAfter?: number;
  /** The most conversations held; past it the least recently updated is closed as stale. @default 100000 */
  readonly maxConversations?: number;
  /**
   * How far (ms of event time) notifications may arrive out of order. The final record waits
   * until the newest event time seen is this far past the conversation's end, so a reordered
   * notification still counts. @default 0
   */
  readonly maxOutOfOrderness?: number;
  /** Emit snapshots (on every change, or as `snapshotInterval` bounds them), not only final records. @default true */
  readonly snapshots?: boolean;
  /**
   * At most one snapshot of a conversation per this many ms of processing time (0: one on every
   * change). A conversation's first change after a quiet interval is emitted at once; the changes
   * that follow within the interval are emitted as one snapshot of its latest state when the
   * interval ends, and a final record replaces a snapshot still waiting. For consumers that keep
   * only each conversation's latest state (queueMetrics, an upserting table), a pipeline catching
   * up then builds a record per conversation per interval instead of one per notification. @default 0
   */
  readonly snapshotInterval?: number;
  /**
   * Whether a message visit that ends unanswered with the customer gone (or that `acd.end` calls
   * ABANDON) is an abandon. Genesys: "For the Web messaging media type, the concept of an abandoned
   * interaction does not apply"; whether that holds for SMS and other message types is not
   * documented (genesys-analytics.md §4), so by default it holds for every message visit: it leaves
   * the queue with no outcome (offered, no longer waiting, neither answered, abandoned nor a
   * flow-out). An email is never an abandon ("emails cannot be placed on hold or abandoned"),
   * whatever this says. @default false
   */
  readonly messageAbandons?: boolean;
  /** Called for each conversation closed as stale (for a counter). */
  readonly onStale?: (record: ConversationRecord) => void;
  /** Called with the number of conversations held whenever it changes (for a gauge). */
  readonly onOpenConversations?: (open: number) => void;
  /**
   * Called for each change that gets no snapshot of its own under `snapshotInterval` (for a
   * counter): folded into the snapshot waiting for its interval's end, or, with that snapshot,
   * into the final record. Changes are then the snapshots emitted plus the folded ones.
   */
  readonly onSnapshotFolded?: () => void;
  /** Receives a notification for a conversation already finalized (a straggler or a replay). */
  readonly onAfterFinal?: (event: unknown) => void;
  /** Receives a conversation event it cannot read. Without it, the error travels down the stream. */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  /** Where processing time comes from, for the stale sweep. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /**
   * Keeps the open conversations (and the recently finished ids) across restarts: restored from
   * `state.restored` when it is this operator's, saved through `state.save`. Within the pipeline
   * it is `ctx.state` (with `--spool`).
   */
  readonly state?: OperatorState;
}

export const CONVERSATION_STATE_DEFAULT_STALE_AFTER = 4 * 3_600_000;
export const CONVERSATION_STATE_DEFAULT_MAX = 100_000;
