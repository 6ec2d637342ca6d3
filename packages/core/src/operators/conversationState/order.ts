/**
 * `list.sort(compare)` when the list is not in order already. A record's lists (a participant's
 * media, the visits, handles and messages) are nearly always in order as the facts give them, and
 * `Array.prototype.sort` copies its list into a work array first, on every record of every change.
 * The comparators here never tie (they end on an id), so a list in order is what sort would return.
 */
export function sortedIn<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  for (let i = 1; i < list.length; i++) if (compare(list[i - 1]!, list[i]!) > 0) return list.length <= SHORT ? insertionSorted(list, compare, i) : list.sort(compare);
  return list;
}

/** Lists this long or shorter are sorted in place by insertion: nothing allocated, and as fast as `sort` at this size. */
const SHORT = 16;

/** `list` sorted in place by insertion, the items before `from` being in order already. */
function insertionSorted<T>(list: T[], compare: (a: T, b: T) => number, from: number): T[] {
  for (let i = from; i < list.length; i++) {
    const item = list[i]!;
    let j = i - 1;
    while (j >= 0 && compare(list[j]!, item) > 0) (list[j + 1] = list[j]!), j--;
    list[j + 1] = item;
  }
  return list;
}
