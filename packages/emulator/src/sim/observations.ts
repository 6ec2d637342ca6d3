import type { AgentDesk } from './agents.js';
import type { Scheduler } from './scheduler.js';
import type { MediaKind, QueueObservation, SimQueue } from './types.js';
import { iso } from './conversationPayload.js';

type Gauge = 'oWaiting' | 'oAlerting' | 'oInteracting';
const HALF_HOUR = 30 * 60_000;
/** Answered within this many ms counts toward the service level. */
const SERVICE_LEVEL_TARGET_MS = 20_000;

interface Totals {
  nOffered: number;
  tAnswered: number[];
  tAbandon: number[];
  tWait: number[];
}

type Outgoing = { kind: MediaKind; live: true } | { kind: MediaKind; live: false; body: Record<string, unknown> };

const stats = (values: number[]) =>
  values.length === 0
    ? { count: 0 }
    : { count: values.length, sum: values.reduce((a, b) => a + b, 0), min: Math.min(...values), max: Math.max(...values) };

/**
 * Live queue observations and their notifications on `v2.analytics.queues.{id}.observations`.
 * Genesys Cloud sends at most one per second per queue, so changes are coalesced: each queue has
 * an outbox released one notification per interval, a live snapshot built when it is sent.
 */
export class ObservationBoard {
  private readonly gauges = new Map<string, Record<Gauge, number>>();
  private readonly totals = new Map<string, Totals>();
  private readonly outbox = new Map<string, Outgoing[]>();
  private readonly lastSent = new Map<string, number>();
  private readonly flushPending = new Set<string>();

  constructor(
    private readonly queues: readonly SimQueue[],
    private readonly desk: AgentDesk,
    private readonly scheduler: Scheduler,
    private readonly emit: (topicName: string, eventBody: unknown) => void,
    private readonly intervalMs: number,
  ) {}

  /** Schedules the half-hour totals; call once at start. */
  start(): void {
    const now = this.scheduler.now;
    this.scheduler.after(Math.ceil((now + 1) / HALF_HOUR) * HALF_HOUR - now, () => this.closeHalfHour());
  }

  add(queueId: string, kind: MediaKind, gauge: Gauge, delta: number): void {
    const g = this.gaugesOf(queueId, kind);
    g[gauge] += delta;
    this.enqueue(queueId, { kind, live: true });
  }

  /** Agents of these queues changed routing status (oOnQueueUsers). */
  agentsChanged(queueIds: readonly string[]): void {
    for (const queueId of queueIds) {
      const queue = this.queues.find((q) => q.id === queueId);
      if (queue?.mediaTypes[0]) this.enqueue(queueId, { kind: queue.mediaTypes[0], live: true });
    }
  }

  offered(queueId: string, kind: MediaKind): void {
    this.totalsOf(queueId, kind).nOffered++;
  }

  answered(queueId: string, kind: MediaKind, waitMs: number): void {
    const t = this.totalsOf(queueId, kind);
    t.tAnswered.push(waitMs);
    t.tWait.push(waitMs);
  }

  abandoned(queueId: string, kind: MediaKind, waitMs: number): void {
    const t = this.totalsOf(queueId, kind);
    t.tAbandon.push(waitMs);
    t.tWait.push(waitMs);
  }

  snapshot(queueId: string, kind: MediaKind): Record<string, number> {
    const g = this.gaugesOf(queueId, kind);
    const users = this.desk.onQueueUsers(queueId);
    const onQueue = Object.values(users).reduce((a, b) => a + b, 0);
    return { oWaiting: g.oWaiting, oAlerting: g.oAlerting, oInteracting: g.oInteracting, oOnQueueUsers: onQueue };
  }

  observations(queueIds: readonly string[]): QueueObservation[] {
    const result: QueueObservation[] = [];
    for (const queue of this.queues) {
      if (!queueIds.includes(queue.id)) continue;
      for (const kind of queue.mediaTypes) result.push({ queueId: queue.id, mediaType: kind, metrics: this.snapshot(queue.id, kind) });
    }
    return result;
  }

  private gaugesOf(queueId: string, kind: MediaKind): Record<Gauge, number> {
    const key = `${queueId}|${kind}`;
    let g = this.gauges.get(key);
    if (!g) this.gauges.set(key, (g = { oWaiting: 0, oAlerting: 0, oInteracting: 0 }));
    return g;
  }

  private totalsOf(queueId: string, kind: MediaKind): Totals {
    const key = `${queueId}|${kind}`;
    let t = this.totals.get(key);
    if (!t) this.totals.set(key, (t = { nOffered: 0, tAnswered: [], tAbandon: [], tWait: [] }));
    return t;
  }

  private enqueue(queueId: string, item: Outgoing): void {
    let box = this.outbox.get(queueId);
    if (!box) this.outbox.set(queueId, (box = []));
    if (item.live && box.some((o) => o.live && o.kind === item.kind)) return;
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
    const body = item.live ? this.liveBody(queueId, item.kind, now) : item.body;
    this.emit(`v2.analytics.queues.${queueId}.observations`, body);
    if ((this.outbox.get(queueId)?.length ?? 0) > 0) this.scheduleFlush(queueId);
  }

  private liveBody(queueId: string, kind: MediaKind, now: number): Record<string, unknown> {
    const g = this.gaugesOf(queueId, kind);
    const from = Math.floor(now / HALF_HOUR) * HALF_HOUR;
    const metrics: Record<string, unknown>[] = [
      { metric: 'oWaiting', stats: { count: g.oWaiting } },
      { metric: 'oInteracting', stats: { count: g.oInteracting } },
      { metric: 'oAlerting', stats: { count: g.oAlerting } },
    ];
    for (const [status, count] of Object.entries(this.desk.onQueueUsers(queueId))) {
      metrics.push({ metric: 'oOnQueueUsers', qualifier: status, stats: { count } });
    }
    return { group: { queueId, mediaType: kind }, data: [{ interval: `${iso(from)}/${iso(from + HALF_HOUR)}`, metrics }] };
  }

  private closeHalfHour(): void {
    const end = this.scheduler.now;
    const start = end - HALF_HOUR;
    for (const queue of this.queues) {
      for (const kind of queue.mediaTypes) {
        const t = this.totalsOf(queue.id, kind);
        this.totals.delete(`${queue.id}|${kind}`);
        if (t.nOffered === 0 && t.tWait.length === 0) continue;
        const withinTarget = t.tAnswered.filter((w) => w <= SERVICE_LEVEL_TARGET_MS).length;
        const denominator = t.tAnswered.length + t.tAbandon.length;
        const metrics = [
          { metric: 'nOffered', stats: { count: t.nOffered } },
          { metric: 'tAnswered', stats: stats(t.tAnswered) },
          { metric: 'tAbandon', stats: stats(t.tAbandon) },
          { metric: 'tWait', stats: stats(t.tWait) },
          {
            metric: 'oServiceLevel',
            stats: { ratio: denominator === 0 ? 1 : withinTarget / denominator, numerator: withinTarget, denominator, target: 0.8 },
          },
        ];
        const body = { group: { queueId: queue.id, mediaType: kind }, data: [{ interval: `${iso(start)}/${iso(end)}`, metrics }] };
        this.enqueue(queue.id, { kind, live: false, body });
      }
    }
    this.scheduler.after(HALF_HOUR, () => this.closeHalfHour());
  }
}
