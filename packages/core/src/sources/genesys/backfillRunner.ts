import { timer, type SchedulerLike, type Subscription } from 'rxjs';
import type { Logger } from 'pino';
import { isGcsError } from '../../errors/errors.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { RawFrame } from '../../model/events.js';
import { conversationDetailPages, conversationDetailsById, type AnalyticsConversation } from '../../rest/analytics.js';
import type { RestClient } from '../../rest/restClient.js';
import { backoffDelay } from '../../retry/backoff.js';
import { backfillFrame, conversationQueue, queuesOfTopics } from './backfill.js';
import type { ConversationTracker } from './conversationTracker.js';
import type { Gap } from './gapTracker.js';
import type { ServerTime } from './serverTime.js';
import { sourceMetricNames as M } from './sourceMetrics.js';

export interface BackfillDeps {
  readonly rest: RestClient;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly time: ServerTime;
  readonly scheduler: SchedulerLike;
  readonly tracker: ConversationTracker;
  /** Hands a backfilled frame downstream and to what the source tracks, as a live frame would be. */
  emit(frame: RawFrame): void;
  /** Widens each gap on both sides (server ms): a conversation that started just before the gap may have changed in it. */
  readonly marginMs: number;
  /** A gap older than this (server ms) is given up: the analytics API no longer has it. */
  readonly retentionMs: number;
  readonly random?: () => number;
  /** Backoff between attempts at one gap, local ms. */
  readonly retry?: { readonly initialDelay: number; readonly maxDelay: number };
}

interface PendingGap {
  readonly gap: Gap;
  /** Server ms by which the gap's ends may be off. */
  readonly slackMs: number;
  readonly queueIds: readonly string[];
  /** Conversations in progress on the gap's queues when it closed: they may have changed in it. */
  inProgress: readonly string[];
  attempts: number;
  /** Local ms before which it is not tried again. */
  retryAt: number;
}

export interface UnfilledGaps {
  readonly count: number;
  /** Server ms the unfilled gaps cover. */
  readonly ms: number;
  /** Server ms of gaps given up (past retention, or beyond it when they closed). */
  readonly lostMs: number;
}

/**
 * Fills each closed gap, one at a time so backfill never competes with itself for the rate limit:
 * first the conversations the source saw in progress (by id: they may have ended in the gap), then
 * those that started in it (by start time, page by page). A gap whose backfill fails stays pending
 * and is retried with backoff until it is filled or older than the API's retention; the live
 * stream never waits for it.
 */
export class BackfillRunner {
  private readonly pending: PendingGap[] = [];
  private draining = false;
  private stopped = false;
  private wake?: Subscription;
  private lostMs = 0;
  /** The seed's query while it runs. */
  private seeding?: Promise<void>;
  /** Server ms until which the previous run was connected, when this one resumes after it. */
  private resumeFrom?: number;

  constructor(private readonly deps: BackfillDeps) {}

  enqueue(gap: Gap): void {
    const queueIds = queuesOfTopics(gap.topics);
    if (queueIds.length === 0) {
      this.deps.logger.info({ topics: gap.topics.length }, 'gap has no queue topics; nothing to backfill');
      return;
    }
    const oldest = this.deps.time.now() - this.deps.retentionMs;
    let from = gap.from;
    if (from < oldest) {
      const uncovered = Math.min(gap.to, oldest) - from;
      this.lose(uncovered);
      this.deps.logger.warn(
        { from: new Date(from).toISOString(), to: new Date(gap.to).toISOString(), uncoveredMs: uncovered, retentionMs: this.deps.retentionMs },
        'gap reaches back further than backfill can; its start cannot be backfilled and is recorded as lost',
      );
      if (gap.to <= oldest) return;
      from = oldest;
    }
    const inProgress = this.deps.tracker.inProgressOn(new Set(queueIds));
    // the gap's ends are estimates of the server's time: widen them by how far off that may be
    const slack = this.deps.time.errorBoundMs();
    this.pending.push({ gap: { ...gap, from }, slackMs: slack, queueIds, inProgress, attempts: 0, retryAt: 0 });
    this.updateMetrics();
    void this.drain();
  }

  /**
   * Learns the conversations already in progress on `queueIds` when the source starts (those
   * that started in the last `windowMs` and have not ended): the live stream says nothing of a
   * conversation until it changes, and a gap before that would otherwise lose its end. Resuming,
   * it looks at the `windowMs` before the last run's position instead, for those in progress then:
   * what began after it is the resume gap's, which its own query by start time finds (a window up
   * to now paged through the whole downtime a second time, and the resume gap waited for it).
   */
  seed(queueIds: readonly string[], windowMs: number, resumeFrom?: number): Promise<void> {
    this.resumeFrom = resumeFrom;
    this.seeding = this.learn(queueIds, windowMs, resumeFrom).finally(() => {
      this.seeding = undefined;
      // The gap since the last run waited for the conversations in progress the seed found.
      for (const p of this.pending) if (this.isResumeGap(p)) p.inProgress = this.deps.tracker.inProgressOn(new Set(p.queueIds));
      void this.drain();
    });
    return this.seeding;
  }

  private async learn(queueIds: readonly string[], windowMs: number, resumeFrom: number | undefined): Promise<void> {
    const { deps } = this;
    if (queueIds.length === 0) return;
    const preferred = new Set(queueIds);
    const until = resumeFrom ?? deps.time.now();
    let found = 0;
    try {
      for await (const page of conversationDetailPages(deps.rest, { from: until - windowMs, to: until + 60_000, queueIds })) {
        for (const c of page) {
          // After a restart, one that ended while no run was connected counts as in progress: its end is in the gap.
          const endedWhileDown = resumeFrom !== undefined && c.conversationEnd !== undefined && Date.parse(c.conversationEnd) > resumeFrom;
          if ((c.conversationEnd !== undefined && !endedWhileDown) || deps.tracker.hasEnded(c.conversationId) || deps.tracker.isOpen(c.conversationId)) continue;
          deps.tracker.observe(c.conversationId, conversationQueue(c, preferred), false);
          found++;
        }
        if (this.stopped) return;
      }
      deps.logger.info({ conversations: found, windowMs }, 'conversations in progress at start learnt for backfill');
    } catch (error) {
      if (!this.stopped) deps.logger.warn({ err: error }, 'could not learn the conversations in progress at start; a gap may miss how they end');
    }
  }

  unfilled(): UnfilledGaps {
    return { count: this.pending.length, ms: this.pending.reduce((n, p) => n + (p.gap.to - p.gap.from), 0), lostMs: this.lostMs };
  }

  /** The start of the oldest gap not yet backfilled (queued, running or waiting for a retry). */
  oldestUnfilled(): number | undefined {
    let oldest: number | undefined;
    for (const p of this.pending) if (oldest === undefined || p.gap.from < oldest) oldest = p.gap.from;
    return oldest;
  }

  /** Resolves when nothing is pending (tests). */
  async idle(): Promise<void> {
    while (this.pending.length && !this.stopped) await new Promise((r) => setTimeout(r, 20));
  }

  stop(): void {
    this.stopped = true;
    this.wake?.unsubscribe();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (;;) {
        if (this.stopped) return;
        const now = this.localNow();
        const next = this.pending.find((p) => p.retryAt <= now && !this.waitsForSeed(p));
        if (!next) break;
        try {
          await this.fill(next);
          this.pending.splice(this.pending.indexOf(next), 1);
        } catch (error) {
          // stopping aborts the requests in flight: that is not a failed backfill
          if (this.stopped) return;
          this.failed(next, error);
        }
        this.updateMetrics();
      }
    } finally {
      this.draining = false;
      this.scheduleWake();
    }
  }

  private isResumeGap(p: PendingGap): boolean {
    return this.resumeFrom !== undefined && p.gap.from <= this.resumeFrom;
  }

  /** The gap since the last run waits for the start-up seed (its conversations in progress); other gaps do not. */
  private waitsForSeed(p: PendingGap): boolean {
    return this.seeding !== undefined && this.isResumeGap(p);
  }

  private failed(p: PendingGap, error: unknown): void {
    const age = this.deps.time.now() - p.gap.from;
    const refused = isGcsError(error) && error.code === 'GCS_HTTP' && (error.details.status === 400 || error.details.status === 404);
    if (age > this.deps.retentionMs || refused) {
      this.pending.splice(this.pending.indexOf(p), 1);
      this.lose(p.gap.to - p.gap.from);
      const why = refused ? 'the analytics API refused the request; a retry would fail the same way' : 'the gap is now older than backfill can reach';
      this.deps.logger.error({ err: error, from: new Date(p.gap.from).toISOString(), to: new Date(p.gap.to).toISOString(), attempts: p.attempts + 1 }, `backfill failed and ${why}; it stays unfilled`);
      return;
    }
    const retry = this.deps.retry ?? { initialDelay: 1000, maxDelay: 60_000 };
    const delay = backoffDelay(p.attempts++, { ...retry, random: this.deps.random }) + retry.initialDelay;
    p.retryAt = this.localNow() + delay;
    this.deps.logger.warn({ err: error, from: new Date(p.gap.from).toISOString(), to: new Date(p.gap.to).toISOString(), attempt: p.attempts, retryInMs: delay }, 'backfill failed; retrying');
  }

  private scheduleWake(): void {
    this.wake?.unsubscribe();
    // A gap waiting for the seed is woken by the seed's end, not by a timer.
    const waiting = this.pending.filter((p) => !this.waitsForSeed(p));
    if (this.stopped || waiting.length === 0) return;
    const soonest = Math.min(...waiting.map((p) => p.retryAt));
    this.wake = timer(Math.max(0, soonest - this.localNow()), this.deps.scheduler).subscribe(() => void this.drain());
  }

  private localNow(): number {
    return this.deps.scheduler.now();
  }

  private async fill(p: PendingGap): Promise<void> {
    const { deps } = this;
    const preferred = new Set(p.queueIds);
    const seen = new Set<string>();
    let emitted = 0;
    const emit = (conversations: readonly AnalyticsConversation[]) => {
      const receivedAt = Date.now();
      const before = emitted;
      for (const conversation of conversations) {
        const id = conversation.conversationId;
        if (seen.has(id)) continue;
        seen.add(id);
        // Its final state already came live: a backfilled copy would only repeat it.
        if (deps.tracker.hasEnded(id)) continue;
        deps.emit(backfillFrame(conversation, conversationQueue(conversation, preferred) ?? p.queueIds[0]!, receivedAt));
        emitted++;
      }
      if (emitted > before) deps.metrics.inc(M.backfilled, undefined, emitted - before);
    };
    const stillOpen = p.inProgress.filter((id) => !deps.tracker.hasEnded(id));
    let updated = 0;
    for await (const page of conversationDetailsById(deps.rest, stillOpen)) {
      const before = emitted;
      emit(page);
      updated += emitted - before;
    }
    for await (const page of conversationDetailPages(deps.rest, { from: p.gap.from - deps.marginMs - p.slackMs, to: p.gap.to + deps.marginMs + p.slackMs, queueIds: p.queueIds })) emit(page);
    deps.logger.info({ conversations: emitted, inProgress: updated, from: new Date(p.gap.from).toISOString(), to: new Date(p.gap.to).toISOString() }, 'backfill done');
  }

  private lose(ms: number): void {
    this.lostMs += ms;
    this.deps.metrics.inc(M.lostGapMs, undefined, ms);
  }

  private updateMetrics(): void {
    const u = this.unfilled();
    this.deps.metrics.set(M.unfilledGaps, u.count);
    this.deps.metrics.set(M.unfilledGapMs, u.ms);
  }
}
