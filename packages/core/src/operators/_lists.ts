/**
 * Short lists that live as long as their conversation: a conversation's participants, a
 * participant's media, hold times, `queueMetrics`' parts and live lists. They are never changed
 * in place: adding makes a copy one longer, so a list can be shared (by consecutive records, by
 * every empty one) without anyone seeing it change.
 */

/** The one empty list: frozen, shared by every list with nothing in it. */
export const NONE: readonly never[] = Object.freeze([]);

/**
 * The item with this id in a short list, or undefined. Operators keep a conversation's
 * participants, media and parts in lists rather than Maps (a Map per conversation, with its table,
 * outlived the young generation only to die in the old one); a list is found by a short scan.
 * `at`, when given, is tried first: lists are kept in the order their items were first seen, which
 * is the order Genesys and records list them in, so the item is nearly always there.
 */
export function findById<T extends { readonly id: string }>(list: readonly T[], id: string, at = -1): T | undefined {
  if (at >= 0 && at < list.length && list[at]!.id === id) return list[at];
  for (let i = 0; i < list.length; i++) if (list[i]!.id === id) return list[i];
  return undefined;
}

/**
 * `list` with `item` added at the end, as a new array of exactly that length. Such lists live as
 * long as their conversation: an array grown by `push` reserves 17 slots at its first item, four
 * times what a participant's media or a conversation's parts ever need, and every slot was copied
 * out of the young generation and held in the old one.
 */
export function withAdded<T>(list: readonly T[], item: T): T[] {
  // `concat` makes the array at its length; a copy grown by one (`slice`, spread) reserves 16 more.
  return list.length === 0 ? [item] : list.concat([item]);
}

/** `list`, in id order, with `item` inserted where its id belongs, as a new array of exactly that length (see `withAdded`). */
export function withInsertedById<T extends { readonly id: string }>(list: readonly T[], item: T): T[] {
  let at = list.length;
  while (at > 0 && list[at - 1]!.id > item.id) at--;
  if (at === list.length) return withAdded(list, item);
  return list.slice(0, at).concat([item], list.slice(at));
}
