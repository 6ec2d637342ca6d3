import { Subscription, asyncScheduler, interval, retry, switchMap, throwError, timer, type Subscriber } from 'rxjs';
import { createTokenProvider, type TokenProvider } from '../auth/tokenProvider.js';
import { resolveHosts } from '../auth/regions.js';
import { refreshDelay, tokenRefresh } from '../auth/tokenRefresh.js';
import { errors, isGcsError } from '../errors/errors.js';
import type { RawFrame } from '../model/events.js';
import { createChannel, setSubscriptions, type NotificationChannel } from '../rest/notifications.js';
import { createRestClient, type RestClient } from '../rest/restClient.js';
import { backoffDelay, backoffRetryDelay } from './backoff.js';
import { BackfillRunner } from './backfillRunner.js';
import { ChannelPool, genesysLimits } from './channelPool.js';
import { openChannelSocket, type ChannelSocket } from './channelSocket.js';
import { isQueueConversationFrame } from './frameClassifier.js';
import { GapTracker } from './gapTracker.js';
import type { GenesysSourceConfig } from './genesysOptions.js';
import type { SourceContext, SourceState, SourceStatus } from './genesysSource.js';
import { rollover } from './rollover.js';
import { queuesOfTopics } from './backfill.js';
import { sourceMetricNames } from './sourceMetrics.js';
import { planTopics } from './topicPlan.js';
import { TranscriptionTopics } from './transcriptionTopics.js';

type ReplaceReason = 'start' | 'reconnect' | 'socket_closing' | 'expiry' | 'no_longer_subscribed' | 'token_revoked';

interface Live {
  readonly channel: NotificationChannel;
  readonly socket: ChannelSocket;
  /** Identifies the socket: two sockets may serve one channel in turn. */
  readonly key: string;
}

interface Slot {
  readonly index: number;
  current?: Live;
  /** Keys of the sockets delivering this slot's topics right now (two during an overlap). */
  readonly live: Set<string>;
  replacing?: Subscription;
  expiry?: Subscription;
  syncing: boolean;
  dirty: boolean;
  /** Unplanned losses in a row; reset once a socket stays up longer than the backoff cap. */
  failures: number;
  /** Local ms at which the current socket took over. */
  liveSince: number;
  /** The current channel's lifetime as first granted (server ms); a resubscribe grants it again. */
  ttlMs?: number;
}

const M = sourceMetricNames;

/** Errors a retry cannot fix: the run stops with them. */
function isFatal(error: unknown): boolean {
  if (!isGcsError(error)) return false;
  if (error.code === 'GCS_AUTH_FAILED' || error.code === 'GCS_RATE_LIMITED' || error.usage) return true;
  const status = error.details.status;
  return error.code === 'GCS_HTTP' && (status === 400 || status === 403);
}

/** One subscription of the source: everything it opened, and the bookkeeping to keep it whole. */
export class SourceRun {
  private state: SourceState = 'starting';
  private readonly abort = new AbortController();
  private readonly scheduler;
  private readonly speed: number;
  private readonly subscriptions = new Subscription();
  private readonly slots: Slot[] = [];
  private readonly gaps = new GapTracker();
  /** Subscription id -> the concrete topics it delivers (combined user topics deliver several). */
  private readonly delivers = new Map<string, readonly string[]>();
  private socketSeq = 0;
  /** Frames not yet added to the metric: one Map update per second instead of one per frame. */
  private uncountedFrames = 0;
  private pool = new ChannelPool();
  private tokens!: TokenProvider;
  private rest!: RestClient;
  private transcription!: TranscriptionTopics;
  private backfill?: BackfillRunner;

  constructor(
    private readonly options: GenesysSourceConfig,
    private readonly ctx: SourceContext,
    private readonly out: Subscriber<RawFrame>,
  ) {
    this.scheduler = ctx.scheduler ?? asyncScheduler;
    this.speed = ctx.serverClock?.speed ?? 1;
  }

  static idleStatus(): SourceStatus {
    return { state: 'idle', channels: [], topics: 0, connectedSockets: 0, gaps: { open: 0, closed: 0, totalMs: 0 }, reconnects: 0, rollovers: 0, backfilled: 0, framesReceived: 0 };
  }

  private serverNow(): number {
    return this.ctx.serverClock?.now() ?? Date.now();
  }

  async start(): Promise<void> {
    const { options, ctx } = this;
    const hosts = resolveHosts(options);
    if (!options.clientId || !options.clientSecret) {
      throw errors.sourceConfig('clientId and clientSecret are required to reach Genesys Cloud. Set them (from the environment: ${GENESYS_CLIENT_ID}), or omit region/baseUrl to use the emulator.');
    }
    const common = { maxRetryWait: options.maxRetryWait, fetch: ctx.fetch, logger: ctx.logger, signal: this.abort.signal, random: ctx.random };
    this.tokens = createTokenProvider({ ...common, loginUrl: hosts.login, clientId: options.clientId, clientSecret: options.clientSecret, registerSecret: ctx.registerSecret, serverSpeed: this.speed });
    this.rest = createRestClient({ ...common, apiUrl: hosts.api, tokens: this.tokens });
    const first = await this.tokens.refresh();
    this.keepTokenWarm(first.expiresInMs);

    const plan = await planTopics(options, this.rest);
    const { subscriptions } = plan;
    for (const s of subscriptions) this.delivers.set(s.id, s.topics);
    this.pool = ChannelPool.plan(subscriptions.map((s) => s.id), { ...genesysLimits, ...ctx.limits });
    this.transcription = new TranscriptionTopics(plan.dynamicTemplates, this.pool);
    if (plan.dynamicTemplates.length && !subscriptions.some((s) => queuesOfTopics(s.topics).length)) {
      ctx.logger.warn({ templates: plan.dynamicTemplates }, 'per-conversation topics are learnt from v2.routing.queues.{queueId}.conversations; add that topic or none will be subscribed');
    }
    if (options.backfill) {
      this.backfill = new BackfillRunner(this.rest, ctx, (frame) => this.emit(frame), options.backfillMargin);
    }
    ctx.metrics.set(M.topics, subscriptions.length);
    ctx.logger.info({ topics: subscriptions.length, channels: this.pool.slotCount, queues: plan.queueIds.length, users: plan.userIds.length }, 'genesys source starting');
    if (this.state !== 'starting') return;
    this.subscriptions.add(interval(1000, this.scheduler).subscribe(() => this.countFrames()));
    for (let i = 0; i < this.pool.slotCount; i++) this.openSlot();
    this.state = 'running';
  }

  stop(): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.state = 'stopped';
    this.teardown();
  }

  fail(error: unknown): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    this.state = 'failed';
    this.teardown();
    this.ctx.logger.error({ err: error }, 'genesys source stopped');
    this.out.error(error);
  }

  private get done(): boolean {
    return this.state === 'stopped' || this.state === 'failed';
  }

  private countFrames(): void {
    if (this.uncountedFrames === 0) return;
    this.ctx.metrics.inc(M.frames, undefined, this.uncountedFrames);
    this.uncountedFrames = 0;
  }

  private teardown(): void {
    this.countFrames();
    this.abort.abort();
    this.subscriptions.unsubscribe();
    for (const slot of this.slots) {
      slot.replacing?.unsubscribe();
      slot.expiry?.unsubscribe();
      slot.current?.socket.close();
      slot.live.clear();
    }
    this.ctx.metrics.set(M.sockets, 0);
  }

  private emit(frame: RawFrame): void {
    if (!this.done) this.out.next(frame);
  }

  private keepTokenWarm(expiresInMs: number): void {
    const retryDelay = backoffRetryDelay({ initialDelay: 1000, maxDelay: 60_000, random: this.ctx.random, scheduler: this.scheduler });
    this.subscriptions.add(
      timer(refreshDelay(expiresInMs) / this.speed, this.scheduler)
        .pipe(
          switchMap(() => tokenRefresh(() => this.tokens.refresh(), { serverSpeed: this.speed, scheduler: this.scheduler })),
          retry({ delay: (error, n) => (isFatal(error) ? throwError(() => error) : retryDelay(error, n)) }),
        )
        .subscribe({ error: (error: unknown) => this.fail(error) }),
    );
  }

  private openSlot(): Slot {
    const slot: Slot = { index: this.slots.length, live: new Set(), syncing: false, dirty: false, failures: 0, liveSince: 0 };
    this.slots.push(slot);
    this.replace(slot, 'start');
    return slot;
  }

  /** Concrete topics of a slot, for gap records (combined topics expanded). */
  private concreteTopics(slot: Slot): string[] {
    return this.pool.topicsOf(slot.index).flatMap((id) => this.delivers.get(id) ?? [id]);
  }

  /**
   * Brings up a new channel for the slot and only then lets the current one go (see `rollover`).
   * Used for the first connection, reconnects and planned turnover alike; retried with backoff.
   */
  private replace(slot: Slot, reason: ReplaceReason): void {
    if (slot.replacing || this.done) return;
    const retryDelay = backoffRetryDelay({
      initialDelay: this.options.reconnect.initialDelay,
      maxDelay: this.options.reconnect.maxDelay,
      random: this.ctx.random,
      scheduler: this.scheduler,
    });
    // An unplanned loss waits a jittered backoff before the first attempt too: after a mass drop
    // (maintenance) every client reconnecting at once would hit the service in lockstep.
    const pause = reason === 'reconnect' ? backoffDelay(slot.failures++, { initialDelay: this.options.reconnect.initialDelay, maxDelay: this.options.reconnect.maxDelay, random: this.ctx.random }) : 0;
    // With every channel of the client in use, a new one would evict one of our own (Genesys
    // removes the least recently used). A socket turnover or an expiry then keeps the channel: a
    // second socket takes over from the first, and the resubscribe renews the channel's lifetime.
    let reuse = slot.current && (reason === 'socket_closing' || reason === 'expiry') && this.slots.length >= this.pool.limits.maxChannels ? slot.current.channel : undefined;
    const attempt = rollover<NotificationChannel, Live>({
      open: async () => {
        if (reuse && slot.ttlMs !== undefined) return { ...reuse, expires: new Date(this.serverNow() + slot.ttlMs).toISOString() };
        if (reason === 'token_revoked') await this.tokens.refresh();
        this.pool.abortRollover(slot.index);
        const channel = await createChannel(this.rest);
        this.pool.beginRollover(slot.index, channel.id);
        return channel;
      },
      makeLive: (channel) => this.makeLive(slot, channel),
      release: (live) => this.install(slot, live, reason),
    });
    const sub = timer(pause, this.scheduler)
      .pipe(
        switchMap(() => attempt),
        retry({
          delay: (error: unknown, n) => {
            if (isFatal(error)) return throwError(() => error);
            reuse = undefined; // the kept channel may be what failed: the next attempt makes a new one
            this.ctx.logger.warn({ err: error, slot: slot.index, attempt: n, reason }, 'channel setup failed; retrying');
            return retryDelay(error, n);
          },
        }),
      )
      .subscribe({
        error: (error: unknown) => this.fail(error),
        complete: () => {
          slot.replacing = undefined;
          if (slot.dirty) this.sync(slot);
          if (!slot.current && !this.done) this.replace(slot, 'reconnect');
        },
      });
    if (!sub.closed) slot.replacing = sub;
  }

  private async makeLive(slot: Slot, channel: NotificationChannel): Promise<Live> {
    slot.dirty = false;
    const rejected = await setSubscriptions(this.rest, channel.id, this.pool.topicsOf(slot.index));
    if (rejected.length) this.ctx.logger.warn({ channel: channel.id, rejected: rejected.map((t) => ({ id: t.id, reason: t.rejectionReason })) }, 'topics rejected by Genesys Cloud');
    const key = `${channel.id}#${++this.socketSeq}`;
    const id = channel.id;
    const socket = await openChannelSocket({
      connectUri: channel.connectUri,
      channelId: id,
      pingIntervalMs: this.options.pingInterval,
      heartbeatTimeoutMs: this.options.heartbeatTimeout,
      scheduler: this.scheduler,
      onData: (text, start) => this.onData(id, text, start),
      onSystem: (envelope) => this.onSystem(slot, key, envelope.topicName),
      onDown: (why) => this.onDown(slot, key, why),
    });
    if (this.done) {
      // unsubscribed while connecting: nobody will install this socket
      socket.close();
      throw errors.channel('the source stopped while connecting');
    }
    return { channel, socket, key };
  }

  /** The replacement is live: count it, then let the old socket go. */
  private install(slot: Slot, live: Live, reason: ReplaceReason): void {
    if (this.done) {
      live.socket.close();
      return;
    }
    if (live.socket.closed) throw errors.channel(`channel ${live.channel.id} closed before it could take over; trying another`);
    const old = slot.current;
    slot.current = live;
    slot.liveSince = Date.now();
    if (old?.channel.id !== live.channel.id) {
      this.pool.completeRollover(slot.index);
      const expires = Date.parse(live.channel.expires);
      if (!Number.isNaN(expires)) slot.ttlMs = expires - this.serverNow();
    }
    this.markLive(slot, live.key);
    if (old) {
      slot.live.delete(old.key);
      old.socket.close();
    }
    this.scheduleExpiry(slot);
    this.updateSocketGauge();
    if (reason === 'reconnect') this.ctx.metrics.inc(M.reconnects);
    else if (reason !== 'start') this.ctx.metrics.inc(M.rollovers);
    this.ctx.logger.info({ slot: slot.index, channel: live.channel.id, replaced: old?.channel.id, reason }, 'channel live');
  }

  private markLive(slot: Slot, key: string): void {
    const wasDown = slot.live.size === 0;
    slot.live.add(key);
    if (!wasDown) return;
    const gap = this.gaps.up(slot.index, this.serverNow());
    if (!gap) return;
    this.ctx.metrics.inc(M.gaps);
    this.ctx.metrics.inc(M.gapMs, undefined, gap.to - gap.from);
    this.ctx.logger.warn({ slot: slot.index, from: new Date(gap.from).toISOString(), ms: gap.to - gap.from, topics: gap.topics.length }, 'gap closed');
    this.backfill?.enqueue(gap);
  }

  private markDown(slot: Slot, key: string): void {
    if (!slot.live.delete(key) || slot.live.size > 0) return;
    this.gaps.down(slot.index, this.concreteTopics(slot), this.serverNow());
  }

  private updateSocketGauge(): void {
    this.ctx.metrics.set(M.sockets, this.slots.reduce((n, s) => n + s.live.size, 0));
  }

  private scheduleExpiry(slot: Slot): void {
    slot.expiry?.unsubscribe();
    const expires = Date.parse(slot.current?.channel.expires ?? '');
    if (Number.isNaN(expires)) return;
    const remaining = expires - this.serverNow();
    // A channel shorter-lived than rolloverBefore (the emulator's) still gets half its life.
    const lead = Math.min(this.options.rolloverBefore, remaining / 2);
    slot.expiry = timer(Math.max(0, (remaining - lead) / this.speed), this.scheduler).subscribe(() => this.replace(slot, 'expiry'));
  }

  private onData(channelId: string, text: string, start: number): void {
    this.uncountedFrames++;
    this.emit({ data: text, channelId, receivedAt: Date.now() });
    if (this.transcription.enabled && isQueueConversationFrame(text, start)) {
      const { changed, overflow } = this.transcription.observe(text);
      if (overflow.length) this.ctx.logger.warn({ overflow }, 'no channel has room for these topics; they are not watched');
      for (const index of changed) {
        const slot = this.slots[index] ?? this.openSlot();
        this.sync(slot);
      }
      if (changed.size) this.ctx.metrics.set(M.topics, this.pool.size);
    }
  }

  private onSystem(slot: Slot, key: string, topicName: string): void {
    const current = slot.current?.key === key;
    this.ctx.logger.info({ slot: slot.index, socket: key, topicName, current }, 'system notification');
    if (topicName === 'v2.system.socket_closing') {
      if (current) this.replace(slot, 'socket_closing');
    } else if (topicName.startsWith('v2.system.no_longer_subscribed')) {
      // The channel delivers nothing more: its topics are down until the replacement is live.
      this.markDown(slot, key);
      if (current) this.replace(slot, 'no_longer_subscribed');
    } else if (topicName.startsWith('v2.system.token_revoked')) {
      if (current) this.replace(slot, 'token_revoked');
    }
  }

  private onDown(slot: Slot, key: string, why: string): void {
    if (this.done) return;
    this.markDown(slot, key);
    this.updateSocketGauge();
    if (slot.current?.key !== key) return;
    if (Date.now() - slot.liveSince > this.options.reconnect.maxDelay) slot.failures = 0;
    this.ctx.logger.warn({ slot: slot.index, socket: key, why }, 'socket down; reconnecting');
    slot.current = undefined;
    slot.expiry?.unsubscribe();
    this.replace(slot, 'reconnect');
  }

  /** Pushes a slot's topic list to its channel; changes made meanwhile are coalesced into one more PUT. */
  private sync(slot: Slot): void {
    slot.dirty = true;
    if (slot.syncing || slot.replacing || !slot.current) return;
    slot.syncing = true;
    void (async () => {
      try {
        while (slot.dirty && slot.current && !slot.replacing && !this.done) {
          slot.dirty = false;
          await setSubscriptions(this.rest, slot.current.channel.id, this.pool.topicsOf(slot.index));
        }
      } catch (error) {
        if (!this.done) this.ctx.logger.warn({ err: error, slot: slot.index }, 'subscription update failed; it is retried with the next change or rollover');
      } finally {
        slot.syncing = false;
      }
    })();
  }

  status(): SourceStatus {
    this.countFrames();
    const m = this.ctx.metrics;
    const gaps = this.gaps.stats();
    return {
      state: this.state,
      channels: this.slots.map((s) => ({
        slot: s.index,
        channelId: s.current?.channel.id,
        topics: this.pool.topicsOf(s.index).length,
        connected: s.live.size > 0,
        expires: s.current?.channel.expires,
      })),
      topics: this.pool.allTopics().length,
      connectedSockets: this.slots.reduce((n, s) => n + s.live.size, 0),
      gaps: { open: gaps.open, closed: gaps.closed, totalMs: gaps.totalMs },
      reconnects: m.get(M.reconnects),
      rollovers: m.get(M.rollovers),
      backfilled: m.get(M.backfilled),
      framesReceived: m.get(M.frames),
    };
  }
}
