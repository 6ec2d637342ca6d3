import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { from, lastValueFrom, Subject, toArray, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import type { AgentHandle, AgentMessage, ConversationRecord, ParticipantSummary, QueueVisit } from '../conversationState/types.js';
import { queueMetrics } from './queueMetrics.js';
import type { QueueMetricsRecord } from './types.js';

/*
 * queueMetrics takes back what a conversation's earlier record counted whenever a later one says
 * otherwise, so what it ends on may depend only on each conversation's last record: every record
 * before it, in any interleaving with other conversations, must leave no trace. Records here are
 * drawn freely (not rebuilt from notifications), so a later record may move anything an earlier
 * one said: a visit's queue, media type, times or outcome, a handle's or a message's fields.
 */

const HOUR = Date.parse('2026-01-05T09:00:00.000Z');
// Few distinct times and durations, so a later record often says the same of a part but one field (its queue, say).
const arbTime = fc.integer({ min: 0, max: 12 }).map((t) => HOUR + t * 600_000);
const arbQueue = fc.constantFrom('queue-a', 'queue-b');
const arbMedia = fc.constantFrom('voice', 'chat');
const arbDuration = fc.constantFrom(0, 4_000, 20_000, 30_000, 90_000);

const arbVisit = (conversation: string, index: number): fc.Arbitrary<QueueVisit> =>
  fc
    // `left`: out of the queue with no outcome (a message or email whose customer left, unanswered).
    .record({ queueId: arbQueue, mediaType: arbMedia, enteredAt: arbTime, wait: arbDuration, exit: fc.constantFrom(undefined, 'answered', 'abandoned', 'flowOut', 'left') })
    .map(({ queueId, mediaType, enteredAt, wait, exit }) => {
      const exitedAt = exit === undefined ? undefined : enteredAt + wait;
      const outcome = exit === 'left' ? undefined : exit;
      return {
        id: `${conversation}-acd${index}`,
        queueId,
        mediaType,
        enteredAt,
        exitedAt,
        outcome: outcome as QueueVisit['outcome'],
        answeredAt: outcome === 'answered' ? exitedAt : undefined,
        tWait: outcome === undefined ? undefined : wait,
        tAnswered: outcome === 'answered' ? wait : undefined,
        tAbandon: outcome === 'abandoned' ? wait : undefined,
        tFlowOut: outcome === 'flowOut' ? wait : undefined,
        nTransferred: 0,
      };
    });

const arbHandle = (conversation: string, index: number): fc.Arbitrary<AgentHandle> =>
  fc.record({ queueId: arbQueue, mediaType: arbMedia, handledAt: arbTime, tTalk: arbDuration, tHeld: arbDuration, tAcw: arbDuration, nTransferred: fc.constantFrom(0, 1) }).map((h) => ({
    participantId: `${conversation}-agent${index}`,
    ...h,
    tHandle: h.tTalk + h.tHeld + h.tAcw,
  }));

const arbMessage = (conversation: string, index: number): fc.Arbitrary<AgentMessage> =>
  // A receipt not seen (undefined), seen at a time not known (null: first seen in a backfill), or seen that long after sending.
  fc.record({ queueId: arbQueue, sentAt: arbTime, delivered: fc.option(fc.option(arbDuration, { nil: null }), { nil: undefined }), read: fc.option(fc.option(arbDuration, { nil: null }), { nil: undefined }) }).map(({ queueId, sentAt, delivered, read }) => ({
    messageId: `${conversation}-m${index}`,
    participantId: `${conversation}-agent0`,
    queueId,
    sentAt,
    delivered: delivered !== undefined,
    deliveredSeenAt: delivered === undefined || delivered === null ? undefined : sentAt + delivered,
    read: read !== undefined,
    readSeenAt: read === undefined || read === null ? undefined : sentAt + read,
  }));

/** An agent on the conversation, alerting, connected or gone: the live board's alerting, interacting and busy agents. */
const arbAgent = (conversation: string, index: number): fc.Arbitrary<ParticipantSummary> =>
  fc.record({ queueId: arbQueue, mediaType: arbMedia, state: fc.constantFrom('alerting', 'connected', 'disconnected'), user: fc.constantFrom('u1', 'u2', 'u3') }).map(({ queueId, mediaType, state, user }) => ({
    id: `${conversation}-agent${index}`,
    purpose: 'agent',
    userId: user,
    queueId,
    media: [{ id: `${conversation}-agent${index}-media`, mediaType, state, held: false }],
  }));

/** One record of conversation `id`: up to two of each part, each drawn afresh. */
const arbRecord = (id: string, eventTime: number): fc.Arbitrary<ConversationRecord> =>
  fc
    .record({
      visits: fc.tuple(arbVisit(id, 0), arbVisit(id, 1)).chain(([a, b]) => fc.constantFrom([], [a], [a, b])),
      handles: fc.tuple(arbHandle(id, 0), arbHandle(id, 1)).chain(([a, b]) => fc.constantFrom([], [a], [a, b])),
      messages: fc.tuple(arbMessage(id, 0), arbMessage(id, 1)).chain(([a, b]) => fc.constantFrom([], [a], [a, b])),
      participants: fc.tuple(arbAgent(id, 0), arbAgent(id, 1)).chain(([a, b]) => fc.constantFrom([], [a], [a, b])),
    })
    .map((parts) => ({ conversationId: id, kind: 'snapshot', ended: false, stale: false, eventTime, queuePath: parts.visits.map((v) => v.queueId), holds: 0, transfers: 0, ...parts }));

/** A conversation's records, one to four, in order; the last may be its final record. */
const arbConversation = (id: string) =>
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.boolean())
    .chain(([n, ends]) => fc.tuple(...Array.from({ length: n }, (_, i) => arbRecord(id, HOUR + 3 * 3_600_000 + i))).map((records) => (ends ? [...records.slice(0, -1), { ...records.at(-1)!, kind: 'final' as const, ended: true }] : records)));

/** Several conversations, their records interleaved in a drawn order (each conversation's in its own order). */
const arbRun = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbConversation(`c${i}`))))
  .chain((conversations) =>
    fc.shuffledSubarray(
      conversations.flatMap((records, c) => records.map((_, i) => [c, i] as const)),
      { minLength: conversations.reduce((sum, r) => sum + r.length, 0) },
    ).map((order) => {
      // The drawn order of slots, each conversation's records dealt into its slots in their own order.
      const next = conversations.map(() => 0);
      const interleaved = order.map(([c]) => conversations[c]![next[c]!++]!);
      return { interleaved, last: conversations.map((records) => records.at(-1)!) };
    }),
  );

/** The options every run here is given (with its own `emitInterval`). */
const OPTIONS = { serviceLevels: { 'queue-b': { voice: { durationMs: 30_000 } } }, shortAbandonThreshold: 5_000 } as const;

/** A metrics record's identity (queue, media, period, start); its counts; its queue and media type; its live numbers, but the moment they are of. */
const keyOf = (r: QueueMetricsRecord) => `${r.queueId}|${r.mediaType}|${r.period}|${r.start}`;
const countsOf = ({ live: _, ...counts }: QueueMetricsRecord) => counts;
const queueMediaOf = (r: QueueMetricsRecord) => `${r.queueId}|${r.mediaType}`;
const liveOf = ({ live: { asOf: _, longestWaitMs: __, ...live } }: QueueMetricsRecord) => live;
/** Nothing counted: what a queue and media type no record touched would show. */
const countsNothing = (r: QueueMetricsRecord) => r.nOffered + r.nAnswered + r.nAbandoned + r.nFlowOut + r.tHandle.count + r.messaging.sent === 0;

/**
 * What the run ends on: per queue, media type, period and start, every count; per queue and media
 * type, the live numbers its latest record showed; and per queue, its agents by status, which
 * every media type's record of the queue shows. Live numbers are as of when a record was emitted,
 * so an earlier interval's last record keeps what they were then: they are compared as the
 * latest of any period.
 */
async function endState(records: readonly ConversationRecord[]) {
  const out = (await lastValueFrom(from(records).pipe(queueMetrics({ ...OPTIONS, emitInterval: 0 }), toArray()))) as QueueMetricsRecord[];
  const counts = new Map<string, QueueMetricsRecord>();
  const live = new Map<string, readonly number[]>();
  const agents = new Map<string, Record<string, number>>();
  for (const r of out) {
    if (r.type !== 'queueMetrics') continue;
    counts.set(keyOf(r), r);
    live.set(queueMediaOf(r), [r.live.waiting, r.live.alerting, r.live.interacting]);
    agents.set(r.queueId, r.live.agents);
  }
  const sorted = <T>(entries: Iterable<readonly [string, T]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    counts: sorted([...counts].filter(([, r]) => !countsNothing(r)).map(([key, r]) => [key, countsOf(r)] as const)),
    live: sorted([...live].filter(([, numbers]) => numbers.some((n) => n > 0))),
    agents: sorted([...agents].filter(([, a]) => Object.keys(a).length > 0)),
  };
}

/**
 * Emitting on every input (`emitInterval: 0`), queueMetrics applies each record as it comes. After
 * input `i`: the counts it last emitted for each key, and the live numbers it last emitted for
 * each queue and media type (with any period: live numbers are those of the moment a record is
 * emitted, and a change to them emits the current interval only). What the batched run must match.
 */
function emittedAfterEach(records: readonly ConversationRecord[]) {
  const input = new Subject<ConversationRecord>();
  const counts = new Map<string, QueueMetricsRecord>();
  const live = new Map<string, QueueMetricsRecord>();
  const after: { counts: ReadonlyMap<string, QueueMetricsRecord>; live: ReadonlyMap<string, QueueMetricsRecord> }[] = [];
  input.pipe(queueMetrics({ ...OPTIONS, emitInterval: 0 })).subscribe((r) => r.type === 'queueMetrics' && (counts.set(keyOf(r), r), live.set(queueMediaOf(r), r)));
  for (const record of records) input.next(record), after.push({ counts: new Map(counts), live: new Map(live) });
  return after;
}

describe('queueMetrics properties', () => {
  it('emits at each tick what applying every record as it came would say by then', () => {
    fc.assert(
      fc.property(
        arbRun.chain(({ interleaved }) => fc.tuple(fc.constant(interleaved), fc.array(fc.boolean(), { minLength: interleaved.length, maxLength: interleaved.length }))),
        ([records, ticks]) => {
          const reference = emittedAfterEach(records);
          // Emitting every second of virtual time: each tick drawn after an input runs one emission.
          const scheduler = new VirtualTimeScheduler(VirtualAction, 0);
          const input = new Subject<ConversationRecord>();
          let emitted: QueueMetricsRecord[] = [];
          input.pipe(queueMetrics({ ...OPTIONS, emitInterval: 1000, scheduler })).subscribe((r) => r.type === 'queueMetrics' && emitted.push(r));
          let lastTick = new Map<string, QueueMetricsRecord>();
          const check = (at: number) => {
            const now = reference[at]!;
            for (const r of emitted) {
              // A key never emitted by the reference may come with nothing counted: its live numbers
              // reached it through its queue's other media types, which the reference knew of later.
              const counts = now.counts.get(keyOf(r));
              if (counts === undefined) expect(countsNothing(r)).toBe(true);
              else expect(countsOf(r)).toEqual(countsOf(counts));
              const live = now.live.get(queueMediaOf(r));
              expect(live).toBeDefined();
              expect(liveOf(r)).toEqual(liveOf(live!));
            }
            // No counts that changed since the last emission are missing from this one. (A key
            // whose counts only came and went in between the batched run never knew.)
            const keys = new Set(emitted.map(keyOf));
            for (const [key, r] of now.counts) {
              const before = lastTick.get(key);
              if (before === undefined ? !countsNothing(r) : JSON.stringify(countsOf(before)) !== JSON.stringify(countsOf(r))) expect(keys).toContain(key);
            }
            (lastTick = now.counts), (emitted = []);
          };
          records.forEach((record, i) => {
            input.next(record);
            if (!ticks[i]) return;
            scheduler.maxFrames += 1000;
            scheduler.flush();
            check(i);
          });
          input.complete();
          check(records.length - 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("ends on what each conversation's last record says, whatever came before it and in whatever interleaving", async () => {
    await fc.assert(
      fc.asyncProperty(arbRun, async ({ interleaved, last }) => {
        expect(await endState(interleaved)).toEqual(await endState(last));
      }),
      { numRuns: 300 },
    );
  });
});
