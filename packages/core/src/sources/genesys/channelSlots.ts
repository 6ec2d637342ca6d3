import { Subscription, retry, switchMap, throwError, timer, type SchedulerLike } from 'rxjs';
import type { TokenProvider } from '../../auth/tokenProvider.js';
import { errors } from '../../errors/errors.js';
import { createChannel, setSubscriptions, type NotificationChannel } from '../../rest/notifications.js';
import type { RestClient } from '../../rest/restClient.js';
import { isFatal } from './_isFatal.js';
import { backoffDelay, backoffRetryDelay } from '../../retry/backoff.js';
import type { ChannelPool } from './channelPool.js';
import { openChannelSocket, type ChannelSocket } from './channelSocket.js';
import { GapTracker, type Gap } from './gapTracker.js';
import type { GenesysSourceConfig } from './genesysOptions.js';
import type { SourceContext } from './sourceContext.js';
import type { ChannelStatus } from './sourceStatus.js';
import { rollover } from './rollover.js';
import { sourceMetricNames as M } from './sourceMetrics.js';

type ReplaceReason = 'start' | 'reconnect' | 'socket_closing' | 'expiry' | 'no_longer_subscribed' | 'token_revoked';

interface Live {
  readonly channel: NotificationChannel;
  readonly socket: ChannelSocket;
  /** Identifies the socket: two sockets may serve one channel in turn. */
  readonly key: string;
}

/** One slot of the pool at run time: the channel and socket serving it, and its turnover state. */
export interface Slot {
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

export interface ChannelSlotsDeps {
  readonly options: GenesysSourceConfig;
  readonly ctx: SourceContext;
  readonly scheduler: SchedulerLike;
  /** Server ms per local ms. */
  readonly speed: number;
  serverNow(): number;
  readonly rest: RestClient;
  readonly tokens: TokenProvider;
  readonly pool: ChannelPool;
  /** Subscription id -> the concrete topics it delivers (combined user topics deliver several). */
  readonly delivers: ReadonlyMap<string, readonly string[]>;
  onData(channelId: string, text: string, topicStart: number): void;
  onGapClosed(gap: Gap): void;
  fail(error: unknown): void;
  isDone(): boolean;
}

/**
 * Keeps every slot of the pool served by a live socket: first connection, reconnects with
 * backoff, planned turnover (new channel live before the old socket goes), expiry timers,
 * subscription updates, and the gap record of every moment a slot had no live socket.
 */
export class ChannelSlots {
  private readonly slots: Slot[] = [];
  readonly gaps = new GapTracker();
  private socketSeq = 0;

  constructor(private readonly deps: ChannelSlotsDeps) {}

  get(index: number): Slot | undefined {
    return this.slots[index];
  }

  /** Closes every socket and cancels every timer. */
  closeAll(): void {
    for (const slot of this.slots) {
      slot.replacing?.unsubscribe();
      slot.expiry?.unsubscribe();
      slot.current?.socket.close();
      slot.live.clear();
    }
    this.deps.ctx.metrics.set(M.sockets, 0);
  }

  connectedSockets(): number {
    return this.slots.reduce((n, s) => n + s.live.size, 0);
  }

  status(): ChannelStatus[] {
    return this.slots.map((s) => ({
      slot: s.index,
      channelId: s.current?.channel.id,
      topics: this.deps.pool.topicsOf(s.index).length,
      connected: s.live.size > 0,
      expires: s.current?.channel.expires,
    }));
  }

  open(): Slot {
    const slot: Slot = { index: this.slots.length, live: new Set(), syncing: false, dirty: false, failures: 0, liveSince: 0 };
    this.slots.push(slot);
    this.replace(slot, 'start');
    return slot;
  }

  /** Concrete topics of a slot, for gap records (combined topics expanded). */
  private concreteTopics(slot: Slot): string[] {
    return this.deps.pool.topicsOf(slot.index).flatMap((id) => this.deps.delivers.get(id) ?? [id]);
  }

  /**
   * Brings up a new channel for the slot and only then lets the current one go (see `rollover`).
   * Used for the first connection, reconnects and planned turnover alike; retried with backoff.
   */
  private replace(slot: Slot, reason: ReplaceReason): void {
    if (slot.replacing || this.deps.isDone()) return;
    const retryDelay = backoffRetryDelay({
      initialDelay: this.deps.options.reconnect.initialDelay,
      maxDelay: this.deps.options.reconnect.maxDelay,
      random: this.deps.ctx.random,
      scheduler: this.deps.scheduler,
    });
    // An unplanned loss waits a jittered backoff before the first attempt too: after a mass drop
    // (maintenance) every client reconnecting at once would hit the service in lockstep.
    const pause = reason === 'reconnect' ? backoffDelay(slot.failures++, { initialDelay: this.deps.options.reconnect.initialDelay, maxDelay: this.deps.options.reconnect.maxDelay, random: this.deps.ctx.random }) : 0;
    // With every channel of the client in use, a new one would evict one of our own (Genesys
    // removes the least recently used). A socket turnover or an expiry then keeps the channel: a
    // second socket takes over from the first, and the resubscribe renews the channel's lifetime.
    let reuse = slot.current && (reason === 'socket_closing' || reason === 'expiry') && this.slots.length >= this.deps.pool.limits.maxChannels ? slot.current.channel : undefined;
    const attempt = rollover<NotificationChannel, Live>({
      open: async () => {
        if (reuse && slot.ttlMs !== undefined) return { ...reuse, expires: new Date(this.deps.serverNow() + slot.ttlMs).toISOString() };
        if (reason === 'token_revoked') await this.deps.tokens.refresh();
        this.deps.pool.abortRollover(slot.index);
        const channel = await createChannel(this.deps.rest);
        this.deps.pool.beginRollover(slot.index, channel.id);
        return channel;
      },
      makeLive: (channel) => this.makeLive(slot, channel),
      release: (live) => this.install(slot, live, reason),
    });
    const sub = timer(pause, this.deps.scheduler)
      .pipe(
        switchMap(() => attempt),
        retry({
          delay: (error: unknown, n) => {
            if (isFatal(error)) return throwError(() => error);
            reuse = undefined; // the kept channel may be what failed: the next attempt makes a new one
            this.deps.ctx.logger.warn({ err: error, slot: slot.index, attempt: n, reason }, 'channel setup failed; retrying');
            return retryDelay(error, n);
          },
        }),
      )
      .subscribe({
        error: (error: unknown) => this.deps.fail(error),
        complete: () => {
          slot.replacing = undefined;
          if (slot.dirty) this.sync(slot);
          if (!slot.current && !this.deps.isDone()) this.replace(slot, 'reconnect');
        },
      });
    if (!sub.closed) slot.replacing = sub;
  }

  private async makeLive(slot: Slot, channel: NotificationChannel): Promise<Live> {
    slot.dirty = false;
    const rejected = await setSubscriptions(this.deps.rest, channel.id, this.deps.pool.topicsOf(slot.index));
    if (rejected.length) this.deps.ctx.logger.warn({ channel: channel.id, rejected: rejected.map((t) => ({ id: t.id, reason: t.rejectionReason })) }, 'topics rejected by Genesys Cloud');
    const key = `${channel.id}#${++this.socketSeq}`;
    const id = channel.id;
    const socket = await openChannelSocket({
      connectUri: channel.connectUri,
      channelId: id,
      pingIntervalMs: this.deps.options.pingInterval,
      heartbeatTimeoutMs: this.deps.options.heartbeatTimeout,
      scheduler: this.deps.scheduler,
      onData: (text, start) => this.deps.onData(id, text, start),
      onSystem: (topicName) => this.onSystem(slot, key, topicName),
      onDown: (why) => this.onDown(slot, key, why),
    });
    if (this.deps.isDone()) {
      // unsubscribed while connecting: nobody will install this socket
      socket.close();
      throw errors.channel('the source stopped while connecting');
    }
    return { channel, socket, key };
  }

  /** The replacement is live: count it, then let the old socket go. */
  private install(slot: Slot, live: Live, reason: ReplaceReason): void {
    if (this.deps.isDone()) {
      live.socket.close();
      return;
    }
    if (live.socket.closed) throw errors.channel(`channel ${live.channel.id} closed before it could take over; trying another`);
    const old = slot.current;
    slot.current = live;
    slot.liveSince = Date.now();
    if (old?.channel.id !== live.channel.id) {
      this.deps.pool.completeRollover(slot.index);
      const expires = Date.parse(live.channel.expires);
      if (!Number.isNaN(expires)) slot.ttlMs = expires - this.deps.serverNow();
    }
    this.markLive(slot, live.key);
    if (old) {
      slot.live.delete(old.key);
      old.socket.close();
    }
    this.scheduleExpiry(slot);
    this.updateSocketGauge();
    if (reason === 'reconnect') this.deps.ctx.metrics.inc(M.reconnects);
    else if (reason !== 'start') this.deps.ctx.metrics.inc(M.rollovers);
    this.deps.ctx.logger.info({ slot: slot.index, channel: live.channel.id, replaced: old?.channel.id, reason }, 'channel live');
  }

  private markLive(slot: Slot, key: string): void {
    const wasDown = slot.live.size === 0;
    slot.live.add(key);
    if (!wasDown) return;
    const gap = this.gaps.up(slot.index, this.deps.serverNow());
    if (!gap) return;
    this.deps.ctx.metrics.inc(M.gaps);
    this.deps.ctx.metrics.inc(M.gapMs, undefined, gap.to - gap.from);
    this.deps.ctx.logger.warn({ slot: slot.index, from: new Date(gap.from).toISOString(), ms: gap.to - gap.from, topics: gap.topics.length }, 'gap closed');
    this.deps.onGapClosed(gap);
  }

  private markDown(slot: Slot, key: string): void {
    if (!slot.live.delete(key) || slot.live.size > 0) return;
    this.gaps.down(slot.index, this.concreteTopics(slot), this.deps.serverNow());
  }

  private updateSocketGauge(): void {
    this.deps.ctx.metrics.set(M.sockets, this.connectedSockets());
  }

  private scheduleExpiry(slot: Slot): void {
    slot.expiry?.unsubscribe();
    const expires = Date.parse(slot.current?.channel.expires ?? '');
    if (Number.isNaN(expires)) return;
    const remaining = expires - this.deps.serverNow();
    // A channel shorter-lived than rolloverBefore (the emulator's) still gets half its life.
    const lead = Math.min(this.deps.options.rolloverBefore, remaining / 2);
    slot.expiry = timer(Math.max(0, (remaining - lead) / this.deps.speed), this.deps.scheduler).subscribe(() => this.replace(slot, 'expiry'));
  }

  private onSystem(slot: Slot, key: string, topicName: string): void {
    const current = slot.current?.key === key;
    this.deps.ctx.logger.info({ slot: slot.index, socket: key, topicName, current }, 'system notification');
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
    if (this.deps.isDone()) return;
    this.markDown(slot, key);
    this.updateSocketGauge();
    if (slot.current?.key !== key) return;
    if (Date.now() - slot.liveSince > this.deps.options.reconnect.maxDelay) slot.failures = 0;
    this.deps.ctx.logger.warn({ slot: slot.index, socket: key, why }, 'socket down; reconnecting');
    slot.current = undefined;
    slot.expiry?.unsubscribe();
    this.replace(slot, 'reconnect');
  }

  /** Pushes a slot's topic list to its channel; changes made meanwhile are coalesced into one more PUT. */
  sync(slot: Slot): void {
    slot.dirty = true;
    if (slot.syncing || slot.replacing || !slot.current) return;
    slot.syncing = true;
    void (async () => {
      try {
        while (slot.dirty && slot.current && !slot.replacing && !this.deps.isDone()) {
          slot.dirty = false;
          await setSubscriptions(this.deps.rest, slot.current.channel.id, this.deps.pool.topicsOf(slot.index));
        }
      } catch (error) {
        if (!this.deps.isDone()) this.deps.ctx.logger.warn({ err: error, slot: slot.index }, 'subscription update failed; it is retried with the next change or rollover');
      } finally {
        slot.syncing = false;
      }
    })();
  }
}
