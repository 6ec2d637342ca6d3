import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { TopicIndex } from './topicIndex.js';
import { expandTopic } from './topics.js';

/** What the registry needs of a connected socket; the streaming side implements it. */
export interface ChannelConnection {
  readonly open: boolean;
}

export interface Channel {
  readonly id: string;
  readonly clientId: string;
  /** The token that created the channel, for `includechannels=token` and revocation. */
  readonly tokenValue: string;
  readonly connectUri: string;
  /** Simulated epoch ms. */
  expiresAt: number;
  /** A counter, not a time: higher means used more recently (create, subscribe, connect). */
  lastUsed: number;
  /** Topic ids as subscribed (combined ones kept whole) -> the concrete topics they route. */
  readonly topics: Map<string, readonly string[]>;
  connection: ChannelConnection | undefined;
  cancelExpiry: () => void;
}

export type RemovalReason = 'expired' | 'evicted' | 'revoked';

export interface TopicRejection {
  readonly id: string;
  readonly reason: string;
}

export type SubscribeResult =
  | { ok: true; rejected: readonly TopicRejection[] }
  | { ok: false; message: string; rejected: readonly TopicRejection[] };

export interface ChannelRegistryOptions {
  clock: Clock;
  /** Channel lifetime in simulated ms. */
  ttlMs: number;
  maxChannelsPerClient: number;
  maxTopicsPerChannel: number;
  /** `ws://host:port`, read when a channel is made (the port is known only after listen). */
  streamingBase: () => string;
}

/** Every notification channel, per OAuth client, with Genesys's limits and lifetimes. */
export function createChannelRegistry(options: ChannelRegistryOptions) {
  const { clock, ttlMs } = options;
  const channels = new Map<string, Channel>();
  const index = new TopicIndex<Channel>();
  const removalListeners: ((channel: Channel, reason: RemovalReason) => void)[] = [];
  let useCounter = 0;

  function touch(channel: Channel): void {
    channel.lastUsed = ++useCounter;
  }

  function scheduleExpiry(channel: Channel): void {
    channel.cancelExpiry();
    channel.expiresAt = clock.now() + ttlMs;
    channel.cancelExpiry = clock.setTimeout(() => remove(channel, 'expired'), ttlMs);
  }

  function setTopics(channel: Channel, next: Map<string, readonly string[]>): void {
    for (const concrete of channel.topics.values()) for (const t of concrete) index.remove(t, channel);
    channel.topics.clear();
    for (const [id, concrete] of next) {
      channel.topics.set(id, concrete);
      for (const t of concrete) index.add(t, channel);
    }
  }

  function remove(channel: Channel, reason: RemovalReason): void {
    if (channels.get(channel.id) !== channel) return;
    channel.cancelExpiry();
    setTopics(channel, new Map());
    channels.delete(channel.id);
    for (const listener of removalListeners) listener(channel, reason);
  }

  function evictFor(clientId: string): void {
    const owned = [...channels.values()].filter((c) => c.clientId === clientId);
    if (owned.length < options.maxChannelsPerClient) return;
    // Genesys evicts the least recently used channel, preferring one with no connection.
    const idle = owned.filter((c) => !c.connection?.open);
    const pool = idle.length ? idle : owned;
    const victim = pool.reduce((a, b) => (b.lastUsed < a.lastUsed ? b : a));
    remove(victim, 'evicted');
  }

  return {
    index,
    onRemoved(listener: (channel: Channel, reason: RemovalReason) => void): void {
      removalListeners.push(listener);
    },
    /** `streamingBase` overrides the default, e.g. from the request's Host header. */
    create(clientId: string, tokenValue: string, streamingBase = options.streamingBase()): Channel {
      evictFor(clientId);
      const id = `streaming-0-${randomBytes(16).toString('hex').slice(0, 26)}`;
      const channel: Channel = {
        id,
        clientId,
        tokenValue,
        connectUri: `${streamingBase}/channels/${id}`,
        expiresAt: 0,
        lastUsed: 0,
        topics: new Map(),
        connection: undefined,
        cancelExpiry: () => {},
      };
      channels.set(id, channel);
      touch(channel);
      scheduleExpiry(channel);
      return channel;
    },
    /** The live channel, or undefined when unknown or past its lifetime. */
    get(id: string): Channel | undefined {
      const channel = channels.get(id);
      if (channel && clock.now() >= channel.expiresAt) {
        remove(channel, 'expired');
        return undefined;
      }
      return channel;
    },
    list(filter: (c: Channel) => boolean = () => true): Channel[] {
      const now = clock.now();
      for (const c of [...channels.values()]) if (now >= c.expiresAt) remove(c, 'expired');
      return [...channels.values()].filter(filter);
    },
    touch,
    remove,
    /** `mode: 'add'` is POST (merge), `'replace'` is PUT. Both extend the channel's lifetime. */
    subscribe(channel: Channel, ids: readonly string[], mode: 'add' | 'replace', ignoreErrors: boolean): SubscribeResult {
      const rejected: TopicRejection[] = [];
      const next = new Map(mode === 'add' ? channel.topics : []);
      for (const id of ids) {
        const expansion = expandTopic(id);
        if (expansion.ok) next.set(id, expansion.concrete);
        else rejected.push({ id, reason: expansion.reason });
      }
      if (rejected.length && !ignoreErrors) {
        return { ok: false, rejected, message: `${rejected.map((r) => r.reason).join(' ')} Fix the topics, or pass ignoreErrors=true to keep the permitted ones.` };
      }
      if (next.size > options.maxTopicsPerChannel) {
        return {
          ok: false,
          rejected,
          message: `a channel can hold at most ${options.maxTopicsPerChannel} topics; this request would give it ${next.size}. Spread the topics over more channels.`,
        };
      }
      setTopics(channel, next);
      touch(channel);
      scheduleExpiry(channel);
      return { ok: true, rejected };
    },
    unsubscribeAll(channel: Channel): void {
      setTopics(channel, new Map());
      touch(channel);
    },
    get size(): number {
      return channels.size;
    },
  };
}

export type ChannelRegistry = ReturnType<typeof createChannelRegistry>;
