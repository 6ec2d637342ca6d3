/**
 * `list.sort(compare)` when the list is not in order already. A record's lists (a participant's
 * media, the visits, handles and messages) are nearly always in order as the facts give them, and
 * `Array.prototype.sort` copies its list into a work array first, on every record of every change.
 * The comparators here never tie (they end on an id), so a list in order is what sort would return.
 */
export function sortedIn<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1]!, list[i]!) > 0) return list.sort(compare);
  return list;
}
