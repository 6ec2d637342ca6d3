/**
 * Many conversations at once, as a queue-conversations subscription receives them: interleaved
 * by time, and optionally with the duplicates (a channel rollover's overlap) and the reordering
 * (notifications overtaking each other in flight) that a real stream has.
 */
import fc from 'fast-check';
import { arbConversationLife, LIFE_EPOCH, playLife, type ConversationLife, type LifeOptions, type TimedNotification } from './conversationLife.js';

export interface TrafficOptions extends LifeOptions {
  /** @default 1 */
  readonly minConversations?: number;
  /** @default 8 */
  readonly maxConversations?: number;
  /** Some notifications arrive twice (a rollover's overlap). @default false */
  readonly duplicates?: boolean;
  /** Notifications spend up to this long in flight, overtaking each other by up to it. @default 0 */
  readonly delayBoundMs?: number;
}

/** Plays each life and interleaves their notifications by the time Genesys sent them. */
export function playTraffic(lives: readonly ConversationLife[], epoch = LIFE_EPOCH): TimedNotification[] {
  return lives
    .flatMap((life, n) => playLife(life, n, epoch))
    .map((notification, index) => ({ notification, index }))
    .sort((a, b) => a.notification.at - b.notification.at || a.notification.conversation - b.notification.conversation || a.index - b.index)
    .map(({ notification }) => notification);
}

/** Lives of several conversations; `playTraffic` turns them into the notifications. */
export function arbConversationLives(options: TrafficOptions = {}): fc.Arbitrary<ConversationLife[]> {
  return fc.array(arbConversationLife(options), { minLength: options.minConversations ?? 1, maxLength: options.maxConversations ?? 8 });
}

/** The interleaved notifications of several conversations, in arrival order: as sent, or with duplicates and delays when asked. */
export function arbConversationTraffic(options: TrafficOptions = {}): fc.Arbitrary<TimedNotification[]> {
  if (options.duplicates || (options.delayBoundMs ?? 0) > 0) {
    return arbPerturbedLives(options).map((lives) => deliver(lives, { duplicates: options.duplicates ?? false, delays: (options.delayBoundMs ?? 0) > 0 }));
  }
  return arbConversationLives(options).map((lives) => playTraffic(lives));
}

/**
 * A long day: `conversations` arrivals spread so that about `concurrent` are live at once, for
 * bounded-state properties (state must follow what is live, not what has been seen).
 */
export function arbLongTraffic(options: { conversations: number; concurrent?: number; media?: LifeOptions['media'] }): fc.Arbitrary<TimedNotification[]> {
  const gap = Math.ceil(1_800_000 / (options.concurrent ?? 5));
  return fc
    .array(arbConversationLife({ spreadMs: 0, ...(options.media ? { media: options.media } : {}) }), { minLength: options.conversations, maxLength: options.conversations })
    .map((lives) => playTraffic(lives.map((life, i) => ({ ...life, startAt: i * gap }))));
}

/** Sends each picked notification twice, the copy right after the original (same CorrelationId). */
export function withDuplicates(stream: readonly TimedNotification[], picks: readonly number[]): TimedNotification[] {
  const twice = new Set(picks.filter((i) => i < stream.length));
  return stream.flatMap((n, i) => (twice.has(i) ? [n, n] : [n]));
}

/**
 * Swaps neighbours whose send times are at most `boundMs` apart, at the picked positions in turn.
 * The delivery slots keep their times, so a notification moves to a neighbour's slot: it arrives
 * up to `boundMs` early or late, and never further.
 */
export function withReordering(stream: readonly TimedNotification[], swaps: readonly number[], boundMs: number): TimedNotification[] {
  const order = stream.map((n) => n);
  for (const s of swaps) {
    const i = stream.length < 2 ? -1 : s % (stream.length - 1);
    if (i < 0) break;
    const [a, b] = [order[i]!, order[i + 1]!];
    if (Math.abs(a.at - stream[i + 1]!.at) <= boundMs && Math.abs(b.at - stream[i]!.at) <= boundMs) [order[i], order[i + 1]] = [b, a];
  }
  return order.map((n, i) => ({ ...n, at: stream[i]!.at }));
}

/** Positions for `withDuplicates` / `withReordering`: shrink to none. */
export const arbPicks = (max = 20): fc.Arbitrary<number[]> => fc.array(fc.nat(10_000), { maxLength: max });

/** One conversation's life and what happens to its notifications in flight. */
export interface PerturbedLife {
  readonly life: ConversationLife;
  /** Indexes of its notifications that arrive twice. */
  readonly duplicates: readonly number[];
  /** Per notification, in order: ms it spends in flight (missing: none). */
  readonly delays: readonly number[];
}

/**
 * Lives with their duplicates and in-flight delays drawn per conversation, so that when fast-check
 * shrinks away a conversation, the others keep exactly what happened to them.
 */
export function arbPerturbedLives(options: TrafficOptions & { readonly delayBoundMs?: number } = {}): fc.Arbitrary<PerturbedLife[]> {
  const bound = options.delayBoundMs ?? 0;
  return fc.array(
    fc.record({
      life: arbConversationLife(options),
      duplicates: fc.array(fc.nat(40), { maxLength: 3 }),
      delays: bound > 0 ? fc.array(fc.nat(bound), { maxLength: 40 }) : fc.constant([]),
    }),
    { minLength: options.minConversations ?? 1, maxLength: options.maxConversations ?? 8 },
  );
}

/**
 * What a subscriber receives: every notification at its send time plus its delay (when `delays`),
 * twice where picked (when `duplicates`), in arrival order. Notifications delayed by at most `d`
 * overtake each other by at most `d`.
 */
export function deliver(items: readonly PerturbedLife[], perturb: { readonly duplicates?: boolean; readonly delays?: boolean } = {}): TimedNotification[] {
  const arrivals: { n: TimedNotification; sentAt: number; order: number }[] = [];
  let order = 0;
  items.forEach((item, conversation) => {
    const twice = new Set(perturb.duplicates ? item.duplicates : []);
    playLife(item.life, conversation).forEach((n, k) => {
      const at = n.at + (perturb.delays ? (item.delays[k] ?? 0) : 0);
      for (let copy = twice.has(k) ? 2 : 1; copy > 0; copy--) arrivals.push({ n: { ...n, at }, sentAt: n.at, order: order++ });
    });
  });
  return arrivals.sort((a, b) => a.n.at - b.n.at || a.sentAt - b.sentAt || a.n.conversation - b.n.conversation || a.order - b.order).map((a) => a.n);
}
