import type { AccumulatorFactory } from './aggregations.js';
import { addToState, byEnd, newWindowState, type WindowState, type WindowStore } from './windowState.js';

interface Bucket {
  readonly start: number;
  readonly end: number;
  readonly groups: Map<string, WindowState>;
  fired: boolean;
}

/**
 * Tumbling (`slide === size`) and sliding windows, aligned to the epoch so that 30-minute
 * windows fall on Genesys's own half-hour intervals. Open buckets are few (size / slide, plus
 * those kept for lateness), so scanning them when the watermark moves is cheaper than a heap.
 */
export function fixedWindowStore(size: number, slide: number, allowedLateness: number, factories: readonly AccumulatorFactory[]): WindowStore {
  const buckets = new Map<number, Bucket>();
  let size_ = 0;
  /** The earliest end among unfired buckets, or purge time among fired ones: nothing is due before it. */
  let nextDue = Number.POSITIVE_INFINITY;
  /**
   * The latest end of a window the cap evicted from. Such a window takes no new group: a state
   * made anew for an evicted group would emit a smaller result under the evicted one's key. The
   * cap evicts the oldest window first, so one number remembers every window it touched.
   */
  let evictedThrough = Number.NEGATIVE_INFINITY;

  const dueAt = (b: Bucket) => (b.fired ? b.end + allowedLateness : b.end);

  return {
    get size() {
      return size_;
    },
    add(record, time, key, group, watermark) {
      const changedLate: WindowState[] = [];
      let placed = false;
      let evicted = false;
      const lastStart = Math.floor(time / slide) * slide;
      for (let start = lastStart; start > time - size; start -= slide) {
        const end = start + size;
        if (end + allowedLateness <= watermark) continue; // purged (or never opened in time)
        let bucket = buckets.get(start);
        let state = bucket?.groups.get(key);
        if (state === undefined) {
          if (end <= evictedThrough) {
            evicted = true;
            continue;
          }
          if (bucket === undefined) {
            bucket = { start, end, groups: new Map(), fired: end <= watermark };
            buckets.set(start, bucket);
            nextDue = Math.min(nextDue, dueAt(bucket));
          }
          state = newWindowState(start, end, group, factories);
          state.fired = bucket.fired;
          bucket.groups.set(key, state);
          size_++;
        }
        addToState(state, record);
        placed = true;
        if (state.fired) changedLate.push(state);
      }
      return placed ? changedLate : evicted ? 'evicted' : 'late';
    },
    due(watermark) {
      if (watermark < nextDue) return [];
      const fired: WindowState[] = [];
      nextDue = Number.POSITIVE_INFINITY;
      for (const [start, bucket] of buckets) {
        if (!bucket.fired && bucket.end <= watermark) {
          bucket.fired = true;
          for (const state of bucket.groups.values()) {
            state.fired = true;
            fired.push(state);
          }
        }
        if (bucket.fired && bucket.end + allowedLateness <= watermark) {
          buckets.delete(start);
          size_ -= bucket.groups.size;
          continue;
        }
        nextDue = Math.min(nextDue, dueAt(bucket));
      }
      return fired.sort(byEnd);
    },
    evictOldest() {
      let oldest: Bucket | undefined;
      for (const bucket of buckets.values()) if (!bucket.fired && (oldest === undefined || bucket.end < oldest.end)) oldest = bucket;
      // Only fired buckets left: drop the one closest to its purge time; its result went out already.
      if (oldest === undefined) for (const bucket of buckets.values()) if (oldest === undefined || bucket.end < oldest.end) oldest = bucket;
      if (oldest === undefined) return undefined;
      const [key, state] = oldest.groups.entries().next().value as [string, WindowState];
      oldest.groups.delete(key);
      size_--;
      evictedThrough = Math.max(evictedThrough, oldest.end);
      if (oldest.groups.size === 0) buckets.delete(oldest.start);
      return state;
    },
    unfired() {
      const out: WindowState[] = [];
      for (const bucket of buckets.values()) if (!bucket.fired) out.push(...bucket.groups.values());
      return out.sort(byEnd);
    },
    held() {
      const out: [string, WindowState][] = [];
      for (const bucket of buckets.values()) out.push(...bucket.groups);
      return out;
    },
    adopt(key, state) {
      let bucket = buckets.get(state.start);
      if (bucket === undefined) buckets.set(state.start, (bucket = { start: state.start, end: state.end, groups: new Map(), fired: state.fired }));
      bucket.groups.set(key, state);
      size_++;
      nextDue = Math.min(nextDue, dueAt(bucket));
    },
    evictions: () => evictedThrough,
    restoreEvictions(saved) {
      evictedThrough = saved as number;
    },
  };
}
