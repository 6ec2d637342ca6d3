import type { SchedulerLike, Subscription } from 'rxjs';
import type { TokenProvider } from '../../auth/tokenProvider.js';
import type { NotificationChannel } from '../../rest/notifications.js';
import type { RestClient } from '../../rest/restClient.js';
import type { ChannelPool } from './channelPool.js';
import type { ChannelSocket } from './channelSocket.js';
import type { Gap, GapTracker } from './gapTracker.js';
import type { GenesysSourceConfig } from './genesysOptions.js';
import type { ServerTime } from './serverTime.js';
import type { SourceContext } from './sourceContext.js';

/** Why a slot gets a new channel or socket: its first connection, a loss, or a planned turnover. */
export type ReplaceReason = 'start' | 'reconnect' | PlannedReason;
/** Turnovers the source sees coming, and makes without a gap. */
export type PlannedReason = 'socket_closing' | 'expiry' | 'no_longer_subscribed' | 'token_revoked';

/** A channel and the socket serving it. */
export interface Live {
  readonly channel: NotificationChannel;
  readonly socket: ChannelSocket;
  /** Identifies the socket: two sockets may serve one channel in turn. */
  readonly key: string;
}

/** One slot of the pool at run time: the channel and socket serving it, and its turnover state. */
export interface Slot {
  readonly index: number;
  current?: Live;
  replacing?: Subscription;
  expiry?: Subscription;
  syncing: boolean;
  /** The current channel's topic list is behind the pool's. */
  dirty: boolean;
  /** The topic list changed after the replacement being made was subscribed: push it again before it takes over. */
  replacementStale: boolean;
  /** Unplanned losses in a row; reset by a loss after a socket stayed up (see `failuresAfterLoss`). */
  failures: number;
  /** Local ms at which the current socket took over. */
  liveSince: number;
  /**
   * Server ms at which the slot's last gap closed, as that gap recorded it: a later gap of the
   * slot starts no later than this, so the two leave no moment between them even when the
   * server clock's estimate moved in between.
   */
  lastGapEnd?: number;
  /** The current channel's lifetime as first granted (server ms); a resubscribe grants it again. */
  ttlMs?: number;
}

export interface ChannelSlotsDeps {
  readonly options: GenesysSourceConfig;
  readonly ctx: SourceContext;
  readonly scheduler: SchedulerLike;
  /** The server's clock (channel expiry and gaps are in it). */
  readonly time: ServerTime;
  /** The host's clock, epoch ms. */
  localNow(): number;
  readonly rest: RestClient;
  readonly tokens: TokenProvider;
  readonly pool: ChannelPool;
  /** Subscription id -> the concrete topics it delivers (combined user topics deliver several). */
  readonly delivers: ReadonlyMap<string, readonly string[]>;
  onData(channelId: string, text: string, topicStart: number, receivedAt: number): void;
  onGapClosed(gap: Gap): void;
  /** How far behind (server ms) the channel's frames arrived lately, if known; forgotten once asked. */
  receiveLag?(channelId: string): number | undefined;
  /** Channel setup of one slot is failing and being retried (text for status), or works again (undefined). */
  onSetupProblem(slot: number, problem: string | undefined): void;
  fail(error: unknown): void;
  isDone(): boolean;
}

/**
 * What each lifecycle (reconnect, turnover, expiry, subscription sync) needs from the set of
 * slots. They reach each other only through it, so none of their files imports another's caller.
 */
export interface SlotHost {
  readonly deps: ChannelSlotsDeps;
  readonly gaps: GapTracker;
  /** Slots open now: at the client's channel limit, a turnover keeps its channel. */
  readonly slotCount: number;
  /** New channels being made while the channel they replace still has its socket (both count against the limit). */
  pendingChannels: number;
  nextSocketKey(channelId: string): string;
  reconnect(slot: Slot): void;
  turnOver(slot: Slot, reason: PlannedReason): void;
  onSystem(slot: Slot, key: string, topicName: string): void;
  onDown(slot: Slot, key: string, why: string, lastFrameAt: number): void;
  sync(slot: Slot): void;
  updateSocketGauge(): void;
}

/** Concrete topics of a slot, for gap records (combined topics expanded). */
export function concreteTopics(deps: ChannelSlotsDeps, slot: Slot): string[] {
  return deps.pool.topicsOf(slot.index).flatMap((id) => deps.delivers.get(id) ?? [id]);
}
