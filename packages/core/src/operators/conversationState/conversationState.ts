import { restoredCheckpoint, type Entries } from '../_stageCheckpoint.js';
import { asyncScheduler, Observable, type OperatorFunction } from 'rxjs';
import type { GenesysEvent } from '../../model/events.js';
import { newConversationFacts, RECEIPT_TIME_UNKNOWN, upgradedFacts, type ConversationFacts } from './facts.js';
import { mergeConversationBody, mergeDetail } from './merge.js';
import { buildRecord, conversationEndTime, isConversationEnded } from './record.js';
import { RecencyList, type Linked } from '../_recency.js';
import { CONVERSATION_STATE_DEFAULT_MAX, CONVERSATION_STATE_DEFAULT_STALE_AFTER, type ConversationRecord, type ConversationStateOptions } from './types.js';

type Loose = Record<string, unknown>;

/** The events `conversationState` reads: conversation notifications (live or backfilled) and detail events. */
export const consumesConversationEvent = (event: Pick<GenesysEvent, 'family'>): boolean => event.family === 'conversation' || event.family === 'detail';

/** `v2.detail.events.conversation.{id}.acd.end` → `acd.end`. */
const detailKind = (topicName: string) => topicName.split('.').slice(5).join('.');

interface Held {
  readonly facts: ConversationFacts;
  lastSeen: number;
}

/** An open conversation, linked into the operator's recency list. */
interface OpenConversation extends Held, Linked {
  /** In `ending`: ended, waiting for the watermark to pass its end (a flag, so a change asks no second Map). */
  ending: boolean;
  /** When its last snapshot was emitted (processing time), for `snapshotInterval`. */
  snapshotAt: number;
}

const CHECKPOINT_KIND = 'gcstream.conversationState/1';

/** What a checkpoint holds: the operator's state, with the open conversations' facts as they are. */
interface ConversationStateCheckpoint {
  readonly kind: typeof CHECKPOINT_KIND;
  readonly open: Entries<string, Held>;
  readonly finalized: Entries<string, number>;
  readonly ending: Entries<string, number>;
  readonly watermark: number;
  /** Conversations whose snapshot waited for the end of its interval (`snapshotInterval`). */
  readonly waiting?: readonly string[];
}

/**
 * Rebuilds each conversation from whichever of its notifications arrive: queue and user
 * conversation snapshots, backfilled conversations (same shape, `source: backfill`), and detail
 * events (`acd.start`, `acd.end`, `user.end`, `acw`). Emits a `snapshot` record on every change
 * (or at most one a conversation per `snapshotInterval`, its latest state at the interval's end)
 * and one `final` record when the conversation has ended (every participant disconnected and
 * after-call work done), carrying each queue visit's Genesys metrics (tWait, tAnswered, tAbandon,
 * tFlowOut, tAlert, tTalk, tHeld, tAcw, tHandle). The outcome comes from `acd.end` when the
 * pipeline subscribes to detail events, else it is derived from the participants.
 *
 * State is a set of facts that only grow, so duplicates change nothing and reordered
 * notifications converge; `maxOutOfOrderness` holds the final record back so a reordered
 * notification still lands in it. A conversation silent for `staleAfter` is closed as stale.
 * Non-conversation events are ignored; `queueMetrics` reads the records downstream.
 *
 * @example
 * ```ts
 * events$.pipe(
 *   conversationState({ staleAfter: 4 * 3_600_000, onStale: () => metrics.inc('stale') }),
 *   filter((r) => r.kind === 'final'),
 * ).subscribe((r) => console.log(r.conversationId, r.visits.map((v) => [v.queueId, v.outcome, v.tHandle])));
 * ```
 */
export function conversationState(options: ConversationStateOptions = {}): OperatorFunction<GenesysEvent, ConversationRecord> {
  const staleAfter = options.staleAfter ?? CONVERSATION_STATE_DEFAULT_STALE_AFTER;
  const maxConversations = Math.max(1, options.maxConversations ?? CONVERSATION_STATE_DEFAULT_MAX);
  const ooo = Math.max(0, options.maxOutOfOrderness ?? 0);
  const snapshots = options.snapshots ?? true;
  const snapshotInterval = Math.max(0, options.snapshotInterval ?? 0);
  const messageAbandons = options.messageAbandons ?? false;
  const scheduler = options.scheduler ?? asyncScheduler;
  const { onStale, onOpenConversations, onAfterFinal, onDeadLetter, onSnapshotFolded } = options;

  return (source) =>
    new Observable<ConversationRecord>((subscriber) => {
      /** Open conversations by id; `recency` orders them, least recently updated first. */
      const open = new Map<string, OpenConversation>();
      const recency = new RecencyList<OpenConversation>();
      const opened = (id: string, held: Held) => {
        const entry: OpenConversation = { facts: held.facts, lastSeen: held.lastSeen, ending: false, snapshotAt: Number.NEGATIVE_INFINITY, older: undefined, newer: undefined };
        open.set(id, entry);
        recency.touch(entry);
        return entry;
      };
      /**
       * Recently finalized ids with the event time they closed at (the watermark then), oldest
       * first, so stragglers do not reopen them. Kept for `staleAfter` of event time (and at most
       * `maxConversations`): a straggler later than that would have opened a stale conversation
       * anyway. Event time, not the host's clock, so a replay or a fast emulator holds as many
       * ids as a live day of the same traffic would.
       */
      const finalized = new Map<string, number>();
      /**
       * Ended conversations waiting for the watermark to pass their end, with that end (kept up to
       * date as they change). `nextDue` is at most the earliest end, so most events settle nothing
       * without looking: recomputing every waiting end on every event took 12% of the pipeline's CPU.
       */
      const ending = new Map<string, number>();
      let nextDue = Number.POSITIVE_INFINITY;
      let watermark = Number.NEGATIVE_INFINITY;
      /**
       * Conversations changed since their last snapshot, within `snapshotInterval` of it: each is
       * emitted once, as it is then, when the interval ends (in the order they first changed).
       */
      const waiting = new Set<OpenConversation>();
      const restored = restoredCheckpoint<ConversationStateCheckpoint>(options.state, CHECKPOINT_KIND);
      if (restored !== undefined) {
        for (const [id, held] of restored.open) opened(id, { facts: upgradedFacts(held.facts), lastSeen: held.lastSeen });
        for (const [id, at] of restored.finalized) finalized.set(id, at);
        for (const [id, end] of restored.ending) {
          const held = open.get(id);
          if (held === undefined) continue;
          held.ending = true;
          ending.set(id, end);
          if (end < nextDue) nextDue = end;
        }
        watermark = restored.watermark;
        for (const id of restored.waiting ?? []) {
          const held = open.get(id);
          if (held !== undefined) waiting.add(held);
        }
      }
      options.state?.save((): ConversationStateCheckpoint => {
        // The per-participant memo and the last record's queue path are caches (the memo holds a symbol, which cannot be saved): dropped, they are rebuilt on use.
        const saved: [string, Held][] = [];
        for (const held of recency) {
          held.facts.queuePath = undefined;
          for (const p of held.facts.participants) p.memo = undefined;
          saved.push([held.facts.id, { facts: held.facts, lastSeen: held.lastSeen }]);
        }
        return { kind: CHECKPOINT_KIND, open: saved, finalized: [...finalized], ending: [...ending], watermark, waiting: [...waiting].map((held) => held.facts.id) };
      });
      let lastOpen = 0;

      const reportOpen = () => {
        if (onOpenConversations !== undefined && open.size !== lastOpen) onOpenConversations((lastOpen = open.size));
      };
      /** Event time now: the watermark, or the host's clock before any event had a time. */
      const eventNow = () => (Number.isFinite(watermark) ? watermark : scheduler.now());
      /** Forgets finalized ids more than `staleAfter` of event time old. */
      const forgetFinalized = () => {
        const horizon = eventNow() - staleAfter;
        for (const [id, at] of finalized) {
          if (at > horizon) break;
          finalized.delete(id);
        }
      };
      const close = (id: string, stale: boolean) => {
        const held = open.get(id);
        if (held === undefined) return;
        open.delete(id);
        recency.remove(held);
        ending.delete(id);
        // The final record is its latest state: a snapshot still waiting would only come after it.
        if (waiting.delete(held)) onSnapshotFolded?.();
        finalized.set(id, eventNow());
        while (finalized.size > maxConversations) finalized.delete(finalized.keys().next().value as string);
        forgetFinalized();
        const record = buildRecord(held.facts, 'final', stale, messageAbandons);
        if (stale) onStale?.(record);
        subscriber.next(record);
      };
      const awaitEnd = (id: string, held: OpenConversation) => {
        const end = conversationEndTime(held.facts) ?? Number.NEGATIVE_INFINITY;
        held.ending = true;
        ending.set(id, end);
        if (end < nextDue) nextDue = end;
      };
      const settleOne = (end: number, id: string) => {
        if (end <= watermark) close(id, false);
        else if (end < nextDue) nextDue = end;
      };
      const settle = () => {
        if (watermark < nextDue) return;
        nextDue = Number.POSITIVE_INFINITY;
        // forEach, not `for (const [id, end] of ending)`, whose entry arrays were allocated for
        // every waiting conversation on every settle. Deleting the entry being visited is allowed.
        ending.forEach(settleOne);
      };
      const sweep = () => {
        const now = scheduler.now();
        for (let held = recency.oldest; held !== undefined; held = recency.oldest) {
          if (held.lastSeen > now - staleAfter) break;
          close(held.facts.id, true);
        }
        forgetFinalized();
        reportOpen();
      };
      /** A snapshot of the conversation as it is now. */
      const snapshot = (held: OpenConversation) => {
        held.snapshotAt = scheduler.now();
        subscriber.next(buildRecord(held.facts, 'snapshot', false, messageAbandons));
      };
      /** The snapshots that waited for the end of their interval. */
      const emitWaiting = () => {
        if (waiting.size === 0) return;
        const due = [...waiting];
        waiting.clear();
        for (const held of due) snapshot(held);
      };
      const snapshotTicker =
        snapshots && snapshotInterval > 0
          ? scheduler.schedule(function (this: { schedule(state?: unknown, delay?: number): unknown }) {
              emitWaiting();
              this.schedule(undefined, snapshotInterval);
            }, snapshotInterval)
          : undefined;
      const sweeper = scheduler.schedule(function (this: { schedule(state?: unknown, delay?: number): unknown }) {
        sweep();
        this.schedule(undefined, Math.min(staleAfter, 60_000));
      }, Math.min(staleAfter, 60_000));

      const subscription = source.subscribe({
        next(event) {
          if (!consumesConversationEvent(event)) return;
          const body = event.eventBody as Loose;
          const id = event.family === 'conversation' ? body?.id : body?.conversationId;
          if (typeof id !== 'string' || id === '') {
            const reason = 'conversation event without a conversation id';
            if (onDeadLetter === undefined) return subscriber.error(new TypeError(`[gcstream] [operator:conversationState] ${reason}`));
            return onDeadLetter({ stage: 'operator:conversationState', reason, payload: event, at: scheduler.now() });
          }
          // An open conversation is never among the finalized ones: most events find theirs open
          // and skip that second lookup.
          let held = open.get(id);
          if (held === undefined) {
            const closedAt = finalized.get(id);
            if (closedAt !== undefined) {
              if (closedAt > eventNow() - staleAfter) return onAfterFinal?.(event);
              finalized.delete(id);
            }
            held = opened(id, { facts: newConversationFacts(id), lastSeen: 0 });
          } else recency.touch(held);
          held.lastSeen = scheduler.now();
          const facts = held.facts;
          // A message receipt is dated by the notification that first shows it, when it was received:
          // a backfilled one was received when the backfill ran, so it dates nothing.
          const receiptSeenAt = event.source === 'backfill' ? RECEIPT_TIME_UNKNOWN : Math.max(event.eventTime, event.receivedAt);
          const changed = event.family === 'conversation' ? mergeConversationBody(facts, body, event.eventTime, event.topic, receiptSeenAt) : mergeDetail(facts, detailKind(event.topicName), body);
          if (event.eventTime > facts.lastEventTime) facts.lastEventTime = event.eventTime;
          if (changed) {
            facts.version++;
            if (snapshots) {
              if (snapshotInterval === 0) subscriber.next(buildRecord(facts, 'snapshot', false, messageAbandons));
              else if (waiting.has(held)) onSnapshotFolded?.();
              else if (scheduler.now() - held.snapshotAt >= snapshotInterval) snapshot(held);
              else waiting.add(held);
            }
            if (held.ending || isConversationEnded(facts)) awaitEnd(id, held);
          }
          if (event.eventTime - ooo > watermark) watermark = event.eventTime - ooo;
          if (ending.size > 0) settle();
          while (open.size > maxConversations) close(recency.oldest!.facts.id, true);
          reportOpen();
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          watermark = Number.POSITIVE_INFINITY;
          settle();
          emitWaiting();
          subscriber.complete();
        },
      });
      return () => {
        sweeper.unsubscribe();
        snapshotTicker?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
