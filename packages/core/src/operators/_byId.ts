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
