import { restoredCheckpoint, type Entries } from '../_stageCheckpoint.js';
import { asyncScheduler, Observable, type OperatorFunction } from 'rxjs';
import type { GenesysEvent } from '../../model/events.js';
import type { AgentHandle, AgentMessage, ConversationRecord, QueueVisit } from '../conversationState/types.js';
import { newParts, partsOf, rememberHandle, rememberMessage, rememberVisit, restoredApplied, sameHandle, sameMessage, sameMoment, sameVisit, type Applied, type ConversationApplied, type PartList, type Parts } from './applied.js';
import { RecencyList, type Linked } from '../_recency.js';
import { findById, NONE, withAdded } from '../_lists.js';
import { breachTracker } from './breaches.js';
import { liveClock } from './liveClock.js';
import { fixedOffsetDays, KEEP_AT_LEAST, timeZoneDays } from './calendarDay.js';
import { addCounts, emptyCounts, handleContribution, messageContribution, restoredCounts, visitContributions, type Contribution, type Counts } from './counts.js';
import { asConversationRecord, isLiveFamily, queueSettingsOf, type QueueMetricsInput } from './inputs.js';
import { queueRecord } from './queueRecord.js';
import { LiveBoard, liveParticipants, queueIdOfKey, queueMediaKey } from './live.js';
import { DEFAULT_SERVICE_LEVELS, QUEUE_METRICS_DEFAULT_INTERVAL, type QueueMetricsOptions, type QueueMetricsOutput, type QueueMetricsRecord, type ServiceLevelSetting } from './types.js';

type Loose = Record<string, unknown>;

export { asConversationRecord, queueSettingsOf, type QueueMetricsInput } from './inputs.js';

const CHECKPOINT_KIND = 'gcstream.queueMetrics/1';

/** What a checkpoint holds: the counts and the bookkeeping that lets later records correct them. */
interface QueueMetricsCheckpoint {
  readonly kind: typeof CHECKPOINT_KIND;
  readonly intervals: Entries<string, Counts>;
  readonly days: Entries<string, Counts>;
  readonly conversations: Entries<string, ConversationApplied>;
  readonly finished: Entries<string, number>;
  readonly learned: Entries<string, Record<string, ServiceLevelSetting>>;
  readonly parts: number;
  readonly now: number;
  readonly newestInterval: number;
}

/** The last period (an interval, a day) a queue|media key was counted in: its start, its key, and its counts once looked up. */
interface Bucket {
  start: number;
  key: string;
  counts: Counts | undefined;
}

/** A kind of part (visit, message, handle): its id in the record, the setting it is counted against, when it says what it said, and how it counts. */
interface PartKind<T> {
  /** Which of a conversation's lists holds them. */
  readonly list: PartList;
  id(item: T): string;
  /** The service level a visit is measured against; messages and handles have none. */
  setting(item: T): ServiceLevelSetting | undefined;
  /** Whether the part's moments were computed from what `item` says (see `Parts`). */
  same(part: Parts, item: T): boolean;
  /** Keeps in the part what its moments are computed from. */
  remember(part: Parts, item: T): void;
  apply(part: Parts, item: T, setting: ServiceLevelSetting | undefined): void;
}

/** What queueMetrics reads of a conversation record, as it is held until the next emission: replaced in place by the conversation's next record. */
type HeldRecord = { -readonly [K in 'kind' | 'visits' | 'handles' | 'messages' | 'participants']: ConversationRecord[K] } & Pick<ConversationRecord, 'conversationId'>;

/** An open conversation's parts, linked into the operator's recency list by the entry itself. */
interface OpenApplied extends Linked {
  readonly id: string;
  readonly applied: ConversationApplied;
}

/** The last interval and day a queue|media key was counted in. */
interface LastBuckets {
  readonly interval: Bucket;
  readonly day: Bucket;
}

const emptyBucket = (): Bucket => ({ start: Number.NaN, key: '', counts: undefined });

/**
 * Genesys's queue performance numbers, live: per queue, media type and 30-minute interval, and
 * for today (sums of numerators and denominators, never averaged percentages): offered,
 * answered, abandoned, short abandons, flow-outs, service level by Genesys's formula and switches
 * against each queue's own threshold, abandon rate, ASA, AHT, average wait; with the queue's live
 * state (waiting, longest wait, alerting, interacting, agents by routing status) and threshold
 * breaches as events.
 *
 * The chain: `conversationState` turns conversation and detail events into records, each with
 * its queue visits; `queueMetrics` counts each visit's moments once, in the interval Genesys
 * buckets them by (nOffered at entry, tAnswered/tAbandon/tFlowOut and tWait at exit, tHandle when
 * after-call work ended), and takes a count back if a later record of the same conversation
 * changes it. Observation, routing-status and activity events feed the live numbers. Records are
 * applied when the operator next emits (every `emitInterval`), each conversation's latest only.
 *
 * @example
 * ```ts
 * events$.pipe(
 *   conversationState(),
 *   mergeWith(observations$),
 *   queueMetrics({ serviceLevels: { [queueId]: { voice: { durationMs: 30_000, percentage: 0.9 } } }, breaches: { abandonRateAbove: 0.1 } }),
 * ).subscribe((r) => r.type === 'queueMetrics' && console.log(r.queueId, r.period, r.serviceLevel.ratio));
 * ```
 */
export function queueMetrics(options: QueueMetricsOptions = {}): OperatorFunction<QueueMetricsInput, QueueMetricsOutput> {
  const interval = options.interval ?? QUEUE_METRICS_DEFAULT_INTERVAL;
  const calendar = options.timeZone !== undefined ? timeZoneDays(options.timeZone) : fixedOffsetDays(options.dayStartOffset ?? 0);
  const switches = options.switches ?? {};
  const emitInterval = options.emitInterval ?? 1000;
  const maxVisits = options.maxVisits ?? 200_000;
  // A day of intervals at least, whatever their length: "today" counts only moments in kept intervals.
  const keepIntervals = options.keepIntervals ?? Math.ceil(KEEP_AT_LEAST / interval);
  const scheduler = options.scheduler ?? asyncScheduler;
  const deliveredWithin = options.messaging?.deliveredWithin ?? 30_000;
  const readWithin = options.messaging?.readWithin ?? 300_000;
  const defaults = { ...DEFAULT_SERVICE_LEVELS, ...options.defaultServiceLevel };
  /** Thresholds read from queues' own `mediaSettings` (a queue entity passing by): they win over config. */
  const learned = new Map<string, Record<string, ServiceLevelSetting>>();
  /** Answers of `queueServiceLevels`, kept once given: a queue not yet discovered is asked again. */
  const discovered = new Map<string, Readonly<Record<string, ServiceLevelSetting>>>();
  const discoveredFor = (queueId: string) => {
    let levels = discovered.get(queueId);
    if (levels === undefined && options.queueServiceLevels !== undefined) {
      levels = options.queueServiceLevels(queueId);
      if (levels !== undefined) discovered.set(queueId, levels);
    }
    return levels;
  };
  /** The config's setting for a queue, by its id or else by its name. */
  const configured = (queueId: string) => {
    const byId = options.serviceLevels?.[queueId];
    if (byId !== undefined || options.serviceLevels === undefined) return byId;
    const name = options.queueName?.(queueId);
    return name === undefined ? undefined : options.serviceLevels[name];
  };
  /** The queue's own setting, from its mediaSettings or the config; undefined when only a default applies. */
  const ownSetting = (queueId: string, mediaType: string): ServiceLevelSetting | undefined => learned.get(queueId)?.[mediaType] ?? discoveredFor(queueId)?.[mediaType] ?? configured(queueId)?.[mediaType];
  const defaultSetting = (mediaType: string): ServiceLevelSetting => defaults[mediaType] ?? DEFAULT_SERVICE_LEVELS.voice!;
  const settingFor = (queueId: string, mediaType: string): ServiceLevelSetting => ownSetting(queueId, mediaType) ?? defaultSetting(mediaType);
  const shortAbandonThreshold = options.shortAbandonThreshold ?? 0;
  const boundary = options.serviceLevelBoundary ?? 'inclusive';
  const intervalOf = (t: number) => Math.floor(t / interval) * interval;
  const dayOf = calendar.dayOf;

  return (source) =>
    new Observable<QueueMetricsOutput>((subscriber) => {
      const intervals = new Map<string, Counts>();
      const days = new Map<string, Counts>();
      /**
       * Per open conversation, what each moment of its parts added, so it can be taken back;
       * `recency` orders them, least recently updated first. Relinking an entry on each record
       * replaces deleting it from the map and setting it again, which rehashed the map's table.
       */
      const conversations = new Map<string, OpenApplied>();
      const recency = new RecencyList<OpenApplied>();
      const openApplied = (id: string, applied: ConversationApplied) => {
        const entry: OpenApplied = { id, applied, older: undefined, newer: undefined };
        conversations.set(id, entry);
        recency.touch(entry);
        return entry;
      };
      const forget = (entry: OpenApplied) => {
        conversations.delete(entry.id);
        recency.remove(entry);
      };
      /** Parts (visits, messages, handles) remembered over all conversations, against `maxVisits`. */
      let parts = 0;
      /** Records applied so far: each part is stamped with the last that named it. */
      let records = 0;
      const live = new LiveBoard();
      const breaches = breachTracker(options.breaches);
      const longestWaitAbove = options.breaches?.longestWaitAbove;
      /** The time live numbers are as of: event time, moved on at ticks while no event moves it (with `longestWaitAbove` only). */
      const clock = liveClock(scheduler);
      /** queue|media|intervalStart keys with something new to emit. */
      const changed = new Set<string>();
      const known = new Set<string>();
      /** queueId → its known queue|media keys, so a record touching a queue finds them without a scan of all. */
      const knownByQueue = new Map<string, Set<string>>();
      /** queue|media keys whose live numbers changed; their current interval is emitted. */
      const liveChanged = new Set<string>();
      /**
       * Keys a conversation touched since the last flush, whose queue's keys are all in
       * `liveChanged` already: most records touch the keys the previous ones did. Cleared when a
       * new key becomes known, which the next touch must add.
       */
      const liveExpanded = new Set<string>();
      /** The first routing status came: agents are counted by status from now on, on every queue. */
      let agentsChanged = false;
      let now = Number.NEGATIVE_INFINITY;
      let newestInterval = Number.NEGATIVE_INFINITY;

      const counts = (map: Map<string, Counts>, key: string) => {
        let c = map.get(key);
        if (c === undefined) map.set(key, (c = emptyCounts()));
        return c;
      };
      /**
       * `queue|media|start` of the last interval and day each queue|media key was counted in, the
       * same string while they last: a key built anew for every moment had to be hashed before
       * each of its lookups.
       */
      const lastBuckets = new Map<string, LastBuckets>();
      const bucketsOf = (qm: string) => {
        let b = lastBuckets.get(qm);
        if (b === undefined) lastBuckets.set(qm, (b = { interval: emptyBucket(), day: emptyBucket() }));
        return b;
      };
      /** `bucket` moved to the period starting at `start`, if it is not there yet. */
      const moveTo = (bucket: Bucket, qm: string, start: number) => {
        if (start !== bucket.start) (bucket.start = start), (bucket.key = `${qm}|${start}`), (bucket.counts = undefined);
        return bucket;
      };
      const intervalKey = (qm: string, time: number) => moveTo(bucketsOf(qm).interval, qm, intervalOf(time)).key;
      const touch = (qm: string, at: number) => {
        if (!known.has(qm)) {
          known.add(qm);
          const queueId = qm.slice(0, qm.indexOf('|'));
          let set = knownByQueue.get(queueId);
          if (set === undefined) knownByQueue.set(queueId, (set = new Set()));
          set.add(qm);
          liveExpanded.clear();
        }
        changed.add(intervalKey(qm, at));
      };
      /**
       * Conversations whose final record was counted, with the newest interval when it was: a
       * replayed final must not count twice. Kept as long as the intervals it counted into
       * (`keepIntervals` of event time, and at most `maxVisits`).
       */
      const finished = new Map<string, number>();
      /** The start of the oldest interval kept. */
      const oldestKept = () => newestInterval - keepIntervals * interval;
      const prune = () => {
        const oldest = oldestKept();
        for (const key of intervals.keys()) if (Number(key.slice(key.lastIndexOf('|') + 1)) < oldest) intervals.delete(key);
        const today = dayOf(newestInterval);
        const yesterday = dayOf(today - 1);
        for (const key of days.keys()) if (Number(key.slice(key.lastIndexOf('|') + 1)) < yesterday) days.delete(key);
        // Counts held with their keys may have been among those forgotten.
        lastBuckets.clear();
        for (const [id, at] of finished) {
          if (at >= oldest) break;
          finished.delete(id);
        }
      };

      /** The part with this id, made when first seen; `at` (its index in the record) is tried first. */
      const partOf = (conversation: ConversationApplied, kind: PartList, id: string, at: number) => {
        const list = conversation[kind] ?? NONE;
        const known = findById(list, id, at);
        if (known !== undefined) return known;
        const part = newParts(id);
        conversation[kind] = withAdded(list, part);
        parts++;
        return part;
      };
      /**
       * Moments in intervals older than the kept ones count nowhere: their buckets are gone, and
       * re-creating one would show a partial interval. So a final record replayed after its
       * conversation was forgotten (see `finished`) adds nothing.
       */
      const tooOld = (at: number) => intervalOf(at) < oldestKept();
      /** Takes back what a moment added. Its buckets gone, a moment too old is dropped without taking it back. */
      const takeBack = (moment: Applied) => {
        if (tooOld(moment.at)) return;
        addCounts(counts(intervals, moment.bucket), moment.delta, -1);
        addCounts(counts(days, moment.day), moment.delta, -1);
        changed.add(moment.bucket);
      };
      /**
       * Applies one moment of a part (a visit's offer or outcome, a message, a handle): takes back
       * what it added before if it no longer says that, adds what it says now, and returns where
       * it now counts. Each moment is applied by name, not by a loop over every moment's name
       * through computed keys.
       */
      const applyMoment = (prev: Applied | undefined, qm: string, said: Contribution | undefined): Applied | undefined => {
        const next = said !== undefined && tooOld(said.at) ? undefined : said;
        // The same moment counted under another queue or media type (a visit's queue corrected) moves too.
        if (sameMoment(prev, next) && (prev === undefined || prev.qm === qm)) return prev;
        if (prev !== undefined) takeBack(prev);
        if (next === undefined) return undefined;
        // The counts are held with their keys (`prune` forgets them all).
        const last = bucketsOf(qm);
        const bucket = moveTo(last.interval, qm, intervalOf(next.at));
        const day = moveTo(last.day, qm, dayOf(next.at));
        addCounts((bucket.counts ??= counts(intervals, bucket.key)), next.delta, 1);
        addCounts((day.counts ??= counts(days, day.key)), next.delta, 1);
        touch(qm, next.at);
        if (intervalOf(next.at) > newestInterval) (newestInterval = intervalOf(next.at)), prune();
        // The moment's record is updated in place: a new one per change lived until the next, long enough to be promoted.
        if (prev === undefined) return { qm, bucket: bucket.key, day: day.key, at: next.at, delta: next.delta };
        (prev.qm = qm), (prev.bucket = bucket.key), (prev.day = day.key), (prev.at = next.at), (prev.delta = next.delta);
        return prev;
      };

      /** A conversation's live part touched a queue|media key. */
      const liveTouched = (qm: string) => {
        if (liveExpanded.has(qm)) return;
        liveExpanded.add(qm);
        liveChanged.add(qm);
        // Agent counts are per queue and shown on each of its media types' records: all of them changed.
        const sameQueue = knownByQueue.get(queueIdOfKey(qm));
        if (sameQueue !== undefined) for (const other of sameQueue) liveChanged.add(other);
      };

      /** How a visit, a message and a handle is told apart, compared with the one before, and counted. */
      const visitParts: PartKind<QueueVisit> = {
        list: 'visits',
        id: (v) => v.id,
        setting: (v) => settingFor(v.queueId, v.mediaType),
        same: sameVisit,
        remember: rememberVisit,
        apply: (part, v, serviceLevel) => {
          const qm = queueMediaKey(v.queueId, v.mediaType);
          const said = visitContributions(v, { serviceLevel: serviceLevel!, shortAbandonThreshold, boundary });
          part.offered = applyMoment(part.offered, qm, said.offered);
          part.outcome = applyMoment(part.outcome, qm, said.outcome);
        },
      };
      const messageParts: PartKind<AgentMessage> = {
        list: 'messages',
        id: (m) => m.messageId,
        setting: () => undefined,
        same: sameMessage,
        remember: rememberMessage,
        apply: (part, m) => void (part.message = applyMoment(part.message, queueMediaKey(m.queueId, 'message'), messageContribution(m, deliveredWithin, readWithin))),
      };
      const handleParts: PartKind<AgentHandle> = {
        list: 'handles',
        id: (h) => h.participantId,
        setting: () => undefined,
        same: sameHandle,
        remember: rememberHandle,
        apply: (part, h) => void (part.handle = applyMoment(part.handle, queueMediaKey(h.queueId, h.mediaType), handleContribution(h))),
      };
      /**
       * Applies each of a record's visits (messages, handles) that says something its last one did
       * not, against the same setting: most records of a conversation change one of its parts, or
       * none (an agent's state, a hold). Then takes back those of the list the record no longer names.
       */
      const applyParts = <T extends QueueVisit | AgentMessage | AgentHandle>(conversation: ConversationApplied, items: readonly T[], kind: PartKind<T>) => {
        /** Parts of the list this record names (a record might name one twice). */
        let named = 0;
        for (let i = 0; i < items.length; i++) {
          const item = items[i]!;
          const part = partOf(conversation, kind.list, kind.id(item), i);
          if (part.record !== records) (part.record = records), named++;
          const setting = kind.setting(item);
          if (part.seen && part.setting === setting && kind.same(part, item)) continue;
          part.seen = true;
          part.setting = setting;
          kind.remember(part, item);
          kind.apply(part, item, setting);
        }
        const list = conversation[kind.list];
        if (list !== undefined && named < list.length) dropUnnamed(conversation, kind.list, list);
      };
      /**
       * Takes back the parts an earlier record had and this one does not: what a conversation adds
       * is what its last record says. (conversationState's records keep every part once it is
       * there, but a derived one can go: a handle whose agent turns out to owe after-call work, a
       * message found to be the customer's.)
       */
      const dropUnnamed = (conversation: ConversationApplied, kind: PartList, list: readonly Parts[]) => {
        const kept: Parts[] = [];
        for (const part of list) {
          if (part.record === records) {
            kept.push(part);
            continue;
          }
          for (const moment of [part.offered, part.outcome, part.handle, part.message]) if (moment !== undefined) takeBack(moment);
          parts--;
        }
        conversation[kind] = kept.length === 0 ? NONE : kept;
      };

      const applyRecord = (record: HeldRecord) => {
        const id = record.conversationId;
        // A conversation is never both open here and finished: most records find theirs open and
        // skip the lookup among the finished ones.
        let open = conversations.get(id);
        if (open === undefined) {
          if (finished.has(id)) return;
          open = openApplied(id, { visits: NONE });
        } else recency.touch(open);
        const conversation = open.applied;
        records++;
        applyParts(conversation, record.visits, visitParts);
        applyParts(conversation, record.messages, messageParts);
        applyParts(conversation, record.handles, handleParts);
        // A final record settles the conversation: nothing of it can be taken back any more.
        if (record.kind === 'final') {
          forget(open);
          parts -= partsOf(conversation);
          // Stamped after its moments moved the newest interval on, so it is kept as long as they are.
          finished.set(id, newestInterval);
          if (finished.size > maxVisits) finished.delete(finished.keys().next().value as string);
        }
        // Over the cap, the least recently updated conversations are forgotten whole.
        while (parts > maxVisits && recency.oldest !== undefined) {
          const oldest = recency.oldest;
          forget(oldest);
          parts -= partsOf(oldest.applied);
        }
        live.applyRecord(record, liveTouched);
      };

      /** A queue's agent counts changed: they are shown on each of its media types' records. */
      const agentsOf = (queueId: string) => {
        for (const qm of knownByQueue.get(queueId) ?? NONE) liveChanged.add(qm);
      };
      const applyEvent = (event: GenesysEvent) => {
        const body = event.eventBody as Loose;
        if (event.family === 'observation') {
          const qm = live.applyObservation(body, event.eventTime, agentsOf);
          if (qm !== undefined) liveChanged.add(qm);
        } else if (event.family === 'routing-status' || event.family === 'activity') {
          const userId = event.family === 'activity' && typeof body.id === 'string' ? body.id : event.ids[0];
          if (userId === undefined) return;
          const status = (body.routingStatus as Loose | undefined)?.status;
          const queues = live.applyUser(userId, typeof status === 'string' ? status : undefined, Array.isArray(body.activeQueueIds) ? (body.activeQueueIds as string[]) : undefined);
          if (queues === 'all') agentsChanged = true;
          else for (const queueId of queues) agentsOf(queueId);
        } else {
          const settings = queueSettingsOf(body);
          if (settings !== undefined) learned.set(settings.queueId, settings.levels);
        }
      };

      /**
       * Records not applied yet: the latest of each conversation since the last emission. What a
       * conversation counts is what its latest record says, and nothing is emitted in between, so
       * its earlier records there would only be applied to be taken back. Live, an emission holds
       * a record or two of a conversation; catching up (a backfill, a spool replayed), it holds
       * dozens, applied once. A final record stays: nothing after it counts (as `finished`
       * ensures once it is applied).
       */
      const pending = new Map<string, HeldRecord>();
      const hold = (record: ConversationRecord) => {
        const id = record.conversationId;
        const held = pending.get(id);
        if (held?.kind === 'final') return;
        // What is read, not the record: a record held at a scavenge was copied with every
        // participant's summary, then promoted. One lookup: a conversation already waiting has
        // its entry updated in place.
        const { kind, visits } = record;
        const handles = record.handles ?? NONE;
        const messages = record.messages ?? NONE;
        const participants = liveParticipants(record.participants ?? NONE);
        if (held === undefined) pending.set(id, { conversationId: id, kind, visits, handles, messages, participants });
        else (held.kind = kind), (held.visits = visits), (held.handles = handles), (held.messages = messages), (held.participants = participants);
      };
      const applyPending = () => {
        if (pending.size === 0) return;
        for (const record of pending.values()) applyRecord(record);
        pending.clear();
      };

      const build = (qm: string, start: number, period: 'interval' | 'today', c: Counts): QueueMetricsRecord => {
        const [queueId, mediaType] = qm.split('|') as [string, string];
        const own = ownSetting(queueId, mediaType);
        const setting = own ?? defaultSetting(mediaType);
        // The target Genesys observes is the queue's own: it wins over a default's, never over the queue's setting.
        const target = own?.percentage ?? live.target(qm) ?? setting.percentage ?? null;
        return queueRecord({ queueId, mediaType, period, start, end: period === 'today' ? calendar.nextDay(start) : start + interval, counts: c, thresholdMs: setting.durationMs, target, switches, live: live.snapshot(queueId, mediaType, clock.at(now)) });
      };

      const flush = () => {
        applyPending();
        if (Number.isFinite(now)) {
          for (const qm of agentsChanged ? known : liveChanged) touch(qm, now);
          if (agentsChanged) for (const qm of liveChanged) touch(qm, now);
        }
        liveChanged.clear();
        liveExpanded.clear();
        agentsChanged = false;
        if (changed.size === 0) return;
        const keys = [...changed].sort();
        changed.clear();
        const current = intervalOf(clock.at(now));
        const todays = new Set<string>();
        for (const key of keys) {
          const cut = key.lastIndexOf('|');
          const qm = key.slice(0, cut);
          const start = Number(key.slice(cut + 1));
          if (!Number.isFinite(start)) continue;
          const record = build(qm, start, 'interval', intervals.get(key) ?? emptyCounts());
          subscriber.next(record);
          if (start === current) for (const b of breaches(record)) subscriber.next(b);
          todays.add(`${qm}|${dayOf(start)}`);
        }
        for (const key of todays) {
          const cut = key.lastIndexOf('|');
          subscriber.next(build(key.slice(0, cut), Number(key.slice(cut + 1)), 'today', days.get(key) ?? emptyCounts()));
        }
      };

      /**
       * A wait grows with time, not with events: a caller left waiting while none comes would never
       * trip `longestWaitAbove`. So at each tick, a queue whose longest wait has passed it (and is
       * not in breach yet) is emitted, with its breach, as of the live clock. Only the queues
       * something waits in are looked at, once a tick; nothing is added per event.
       */
      const recheckLongestWait = () => {
        if (longestWaitAbove === undefined || !Number.isFinite(now)) return;
        const at = clock.tick(now);
        live.forEachWaiting((qm, since) => {
          if (at - since > longestWaitAbove && !breaches.longestWaitBreached(qm)) touch(qm, at);
        });
        flush();
      };
      // Every emission; with every change emitted at once, every second for the longest wait alone.
      const tickEvery = emitInterval > 0 ? emitInterval : longestWaitAbove !== undefined ? 1000 : 0;
      const ticker =
        tickEvery > 0
          ? scheduler.schedule(function (this: { schedule(state?: unknown, delay?: number): unknown }) {
              if (emitInterval > 0) flush();
              recheckLongestWait();
              this.schedule(undefined, tickEvery);
            }, tickEvery)
          : undefined;

      const restored = restoredCheckpoint<QueueMetricsCheckpoint>(options.state, CHECKPOINT_KIND);
      if (restored !== undefined) {
        for (const [key, c] of restored.intervals) intervals.set(key, restoredCounts(c));
        for (const [key, c] of restored.days) days.set(key, restoredCounts(c));
        for (const [id, c] of restored.conversations) openApplied(id, restoredApplied(c));
        for (const [id, at] of restored.finished) finished.set(id, at);
        for (const [queueId, levels] of restored.learned) learned.set(queueId, levels);
        parts = restored.parts;
        now = restored.now;
        newestInterval = restored.newestInterval;
        for (const key of intervals.keys()) touch(key.slice(0, key.lastIndexOf('|')), Number(key.slice(key.lastIndexOf('|') + 1)));
        changed.clear();
      }
      options.state?.save((): QueueMetricsCheckpoint => {
        applyPending();
        return {
          kind: CHECKPOINT_KIND,
          intervals: [...intervals],
          days: [...days],
          conversations: [...recency].map((open) => [open.id, open.applied]),
          finished: [...finished],
          learned: [...learned],
          parts,
          now,
          newestInterval,
        };
      });

      const subscription = source.subscribe({
        next(input) {
          // Observations and routing statuses (most inputs) are told by their family, without asking whether their bodies are records.
          const record = isLiveFamily((input as Partial<GenesysEvent>).family) ? undefined : asConversationRecord(input);
          const time = record !== undefined ? record.eventTime : (input as GenesysEvent).eventTime;
          if (typeof time === 'number' && time > now) now = time;
          if (record !== undefined) hold(record);
          else applyEvent(input as GenesysEvent);
          if (emitInterval <= 0) flush();
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        ticker?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
