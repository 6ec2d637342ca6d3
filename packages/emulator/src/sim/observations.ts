import type { AgentDesk, AgentState } from './agents.js';
import { accumulate, aggregateMetrics, type Totals } from './aggregateStats.js';
import type { AnalyticsSettings } from './analyticsSettings.js';
import { iso } from './payloadFields.js';
import type { MetricEmission, MetricLedger } from './metricLedger.js';
import type { Scheduler } from './scheduler.js';
import { conversationObservations, userObservations, type LiveItem, type ObservationMetric } from './liveObservations.js';
import type { MediaKind } from './media.js';
import type { SimQueue } from './directory.js';
import type { QueueObservation } from './types.js';

export const HALF_HOUR = 30 * 60_000;
export type { LiveItem } from './liveObservations.js';

/** One pending notification: a media group (with the interval its totals are for) or the queue's users. */
type Outgoing = { kind: MediaKind; bucket: number } | { kind: 'users' };

/**
 * Queue observations, live and as `v2.analytics.queues.{id}.observations` notifications. A media
 * group's notification carries the observations now (interval start = end) and the running totals
 * of the 30-minute interval, both read from the same records as the query APIs: the live items the
 * flows track and the metric ledger. Genesys sends at most one per second per queue, so changes are
 * coalesced into one outbox per queue, released one notification per interval, each body built
 * when it is sent.
 */
export class ObservationBoard {
  private readonly live = new Map<string, Map<string, LiveItem>>();
  private readonly buckets = new Map<number, Map<string, Totals>>();
  private readonly outbox = new Map<string, Outgoing[]>();
  private readonly lastSent = new Map<string, number>();
  private readonly flushPending = new Set<string>();
  /** Which queue a tracked key is in, so clearing it needs no search. */
  private readonly queueOfKey = new Map<string, string>();
  /**
   * Each queue's members, listed once (membership does not change): a queue's user observations
   * then cost its members, not every agent of a 5,000-agent center.
   */
  private readonly members = new Map<string, AgentState[]>();

  constructor(
    private readonly queues: readonly SimQueue[],
    desk: AgentDesk,
    private readonly scheduler: Scheduler,
    /** The body is built only if it is sent (not while the warm start plays the history). */
    private readonly emit: (topicName: string, eventBody: () => unknown) => void,
    private readonly intervalMs: number,
    ledger: MetricLedger,
    private readonly settings: AnalyticsSettings,
  ) {
    ledger.onRecord((e) => this.recorded(e));
    for (const agent of desk.agents) {
      for (const queueId of agent.user.queueIds) {
        let list = this.members.get(queueId);
        if (!list) this.members.set(queueId, (list = []));
        list.push(agent);
      }
    }
  }

  private membersOf(queueId: string): readonly AgentState[] {
    return this.members.get(queueId) ?? [];
  }

  /** Sets (or with `undefined` clears) what a live session is doing in its queue. */
  track(key: string, item: LiveItem | undefined): void {
    const queueId = item?.queueId ?? this.queueOfKey.get(key);
    if (queueId === undefined) return;
    if (item) this.queueOfKey.set(key, queueId);
    else this.queueOfKey.delete(key);
    let items = this.live.get(queueId);
    if (!items) this.live.set(queueId, (items = new Map()));
    const before = items.get(key);
    if (item) items.set(key, item);
    else items.delete(key);
    const kind = item?.kind ?? before?.kind;
    if (kind) this.enqueue(queueId, { kind, bucket: this.bucketOf(this.scheduler.now) });
  }

  /** Agents of these queues changed routing status or presence. */
  agentsChanged(queueIds: readonly string[]): void {
    for (const queueId of queueIds) this.enqueue(queueId, { kind: 'users' });
  }

  /** What `POST /api/v2/analytics/queues/observations/query` answers for these queues. */
  observations(queueIds: readonly string[]): QueueObservation[] {
    const result: QueueObservation[] = [];
    for (const queue of this.queues) {
      if (!queueIds.includes(queue.id)) continue;
      for (const kind of queue.mediaTypes) {
        result.push({ group: { queueId: queue.id, mediaType: kind }, data: conversationObservations(this.itemsOf(queue.id), kind, true) });
      }
      result.push({ group: { queueId: queue.id }, data: userObservations(this.membersOf(queue.id)) });
    }
    return result;
  }

  /** The running totals of one queue and media type in the interval starting at `bucket`. */
  intervalTotals(queueId: string, kind: MediaKind, bucket: number): Totals | undefined {
    return this.buckets.get(bucket)?.get(`${queueId}|${kind}`);
  }

  private recorded(e: MetricEmission): void {
    if (e.queueId === undefined) return;
    const bucket = this.bucketOf(e.time);
    let groups = this.buckets.get(bucket);
    if (!groups) {
      this.buckets.set(bucket, (groups = new Map()));
      // Only the current and the previous interval can still be sent; older totals are let go.
      for (const old of this.buckets.keys()) if (old < bucket - HALF_HOUR) this.buckets.delete(old);
    }
    const key = `${e.queueId}|${e.mediaType}`;
    let totals = groups.get(key);
    if (!totals) groups.set(key, (totals = new Map()));
    accumulate(totals, e);
    this.enqueue(e.queueId, { kind: e.mediaType, bucket });
  }

  private bucketOf(time: number): number {
    return Math.floor(time / HALF_HOUR) * HALF_HOUR;
  }

  private itemsOf(queueId: string): Iterable<LiveItem> {
    return this.live.get(queueId)?.values() ?? [];
  }

  private enqueue(queueId: string, item: Outgoing): void {
    let box = this.outbox.get(queueId);
    if (!box) this.outbox.set(queueId, (box = []));
    const same = (o: Outgoing) => o.kind === item.kind && (item.kind === 'users' || (o as { bucket: number }).bucket === (item as { bucket: number }).bucket);
    if (box.some(same)) return;
    box.push(item);
    this.scheduleFlush(queueId);
  }

  private scheduleFlush(queueId: string): void {
    if (this.flushPending.has(queueId)) return;
    this.flushPending.add(queueId);
    const last = this.lastSent.get(queueId);
    const wait = last === undefined ? 0 : Math.max(0, last + this.intervalMs - this.scheduler.now);
    this.scheduler.after(wait, () => this.flush(queueId));
  }

  private flush(queueId: string): void {
    this.flushPending.delete(queueId);
    const item = this.outbox.get(queueId)?.shift();
    if (!item) return;
    const now = this.scheduler.now;
    this.lastSent.set(queueId, now);
    this.emit(`v2.analytics.queues.${queueId}.observations`, () => this.body(queueId, item, now));
    if ((this.outbox.get(queueId)?.length ?? 0) > 0) this.scheduleFlush(queueId);
  }

  private body(queueId: string, item: Outgoing, now: number): Record<string, unknown> {
    const instant = `${iso(now)}/${iso(now)}`;
    if (item.kind === 'users') return { group: { queueId }, data: [{ interval: instant, metrics: userObservations(this.membersOf(queueId)).map(plain) }] };
    const data: { interval: string; metrics: unknown[] }[] = [
      { interval: instant, metrics: conversationObservations(this.itemsOf(queueId), item.kind, false).map(plain) },
    ];
    const totals = this.intervalTotals(queueId, item.kind, item.bucket);
    if (totals) {
      const metrics = aggregateMetrics(totals, this.settings, this.settings.serviceLevel(queueId, item.kind));
      data.push({ interval: `${iso(item.bucket)}/${iso(item.bucket + HALF_HOUR)}`, metrics });
    }
    return { group: { queueId, mediaType: item.kind }, data };
  }
}

/** The notification form of a metric: no observation details (only the query lists those). */
function plain(m: ObservationMetric): Record<string, unknown> {
  return m.qualifier === undefined ? { metric: m.metric, stats: m.stats } : { metric: m.metric, qualifier: m.qualifier, stats: m.stats };
}
