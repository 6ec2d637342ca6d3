import type { AccumulatorFactory } from './aggregations.js';
import { addToState, byEnd, newWindowState, type WindowState, type WindowStore } from './windowState.js';

/**
 * Session windows: per group, an event at `t` covers `[t, t + gap)`, and sessions that overlap
 * merge. Each group's sessions are kept sorted by start, and few are open at once (one, plus
 * any kept for out-of-order events or lateness), so a linear pass per event is enough.
 *
 * A merge records the results already emitted for the sessions it absorbs (`superseded`), so that
 * the merged session's next result retracts their rows.
 */
export function sessionWindowStore(gap: number, allowedLateness: number, factories: readonly AccumulatorFactory[], maxEvicted: number): WindowStore {
  const groups = new Map<string, WindowState[]>();
  let size_ = 0;
  let nextDue = Number.POSITIVE_INFINITY;
  /**
   * Per group, the latest end of a session the cap evicted: an event before it would start a
   * second, partial session over the evicted one. The evicted session ended first of all, so the
   * group's other sessions all start after it.
   */
  const evictedUntil = new Map<string, number>();
  /** Past `maxEvicted` groups the oldest is forgotten, and its end holds for every group: coarser, but bounded. */
  let forgottenUntil = Number.NEGATIVE_INFINITY;
  /**
   * Per group, the latest end of a session purged after its allowed lateness. An event before it
   * is late: counted into a new session it could start one at the purged session's own start,
   * whose result would replace the purged one's row (same key) with a smaller count.
   */
  const purgedUntil = new Map<string, number>();
  /**
   * How long the end of a closed span (evicted, purged, forgotten) is remembered: until no event
   * before it could be on time anyway. Until then an event there, merged with a later session,
   * could make one that starts where the closed one did, under its key.
   */
  const heldUntil = (end: number) => end + gap + allowedLateness;
  /** Forgets the ends `heldUntil` lets go by `watermark`; returns the earliest still held. */
  const expire = (ends: Map<string, number>, watermark: number): number => {
    let next = Number.POSITIVE_INFINITY;
    for (const [key, end] of ends) {
      if (heldUntil(end) <= watermark) ends.delete(key);
      else next = Math.min(next, heldUntil(end));
    }
    return next;
  };
  const dueAt = (s: WindowState) => (s.fired ? s.end + allowedLateness : s.end);

  return {
    get size() {
      return size_;
    },
    add(record, time, key, group, watermark) {
      const sessions = groups.get(key) ?? [];
      let start = time;
      let end = time + gap;
      const overlapping: WindowState[] = [];
      const rest: WindowState[] = [];
      for (const s of sessions) {
        if (s.start < end && start < s.end) {
          overlapping.push(s);
          start = Math.min(start, s.start);
          end = Math.max(end, s.end);
        } else rest.push(s);
      }
      // A merge can make the session reach sessions it did not overlap before; take those too.
      for (let grown = true; grown; ) {
        grown = false;
        for (let i = rest.length - 1; i >= 0; i--) {
          const s = rest[i]!;
          if (s.start < end && start < s.end) {
            overlapping.push(s);
            start = Math.min(start, s.start);
            end = Math.max(end, s.end);
            rest.splice(i, 1);
            grown = true;
          }
        }
      }
      if (end + allowedLateness <= watermark) return 'late';
      if (purgedUntil.size > 0 && time < (purgedUntil.get(key) ?? Number.NEGATIVE_INFINITY)) return 'late';
      if (evictedUntil.size > 0 && time < (evictedUntil.get(key) ?? Number.NEGATIVE_INFINITY)) return 'evicted';
      // Any group may have forgotten a session there: start none anew, nor earlier, before its end.
      if (time < forgottenUntil && overlapping.every((s) => time < s.start)) return 'evicted';
      let target: WindowState;
      if (overlapping.length === 0) {
        target = newWindowState(start, end, group, factories);
        target.fired = end <= watermark;
        size_++;
      } else {
        target = overlapping[0]!;
        for (let i = 1; i < overlapping.length; i++) {
          const other = overlapping[i]!;
          target.accs.forEach((acc, j) => acc.merge(other.accs[j]!));
          target.count += other.count;
          target.fired ||= other.fired;
          if (other.emittedStart !== undefined) (target.superseded ??= []).push({ start: other.emittedStart, end: other.emittedEnd });
          if (other.superseded !== undefined) (target.superseded ??= []).push(...other.superseded);
          size_--;
        }
        target.start = start;
        target.end = end;
        // A fired session that grew past the watermark opens again: its next close is on time.
        if (target.fired && end > watermark) target.fired = false;
      }
      addToState(target, record);
      rest.push(target);
      rest.sort((a, b) => a.start - b.start);
      groups.set(key, rest);
      nextDue = Math.min(nextDue, dueAt(target));
      return target.fired ? [target] : [];
    },
    due(watermark) {
      if (watermark < nextDue) return [];
      const fired: WindowState[] = [];
      nextDue = Number.POSITIVE_INFINITY;
      for (const [key, sessions] of groups) {
        const keep: WindowState[] = [];
        for (const s of sessions) {
          if (!s.fired && s.end <= watermark) {
            s.fired = true;
            fired.push(s);
          }
          if (s.fired && s.end + allowedLateness <= watermark) {
            size_--;
            purgedUntil.set(key, Math.max(s.end, purgedUntil.get(key) ?? Number.NEGATIVE_INFINITY));
            continue;
          }
          keep.push(s);
          nextDue = Math.min(nextDue, dueAt(s));
        }
        if (keep.length === 0) groups.delete(key);
        else if (keep.length !== sessions.length) groups.set(key, keep);
      }
      nextDue = Math.min(nextDue, expire(purgedUntil, watermark), expire(evictedUntil, watermark));
      if (heldUntil(forgottenUntil) <= watermark) forgottenUntil = Number.NEGATIVE_INFINITY;
      else nextDue = Math.min(nextDue, heldUntil(forgottenUntil));
      return fired.sort(byEnd);
    },
    evictOldest() {
      let oldest: { key: string; s: WindowState } | undefined;
      for (const [key, sessions] of groups) for (const s of sessions) if (oldest === undefined || byEnd(s, oldest.s) < 0) oldest = { key, s };
      if (oldest === undefined) return undefined;
      const sessions = groups.get(oldest.key)!.filter((s) => s !== oldest!.s);
      if (sessions.length === 0) groups.delete(oldest.key);
      else groups.set(oldest.key, sessions);
      size_--;
      const until = Math.max(oldest.s.end, evictedUntil.get(oldest.key) ?? Number.NEGATIVE_INFINITY);
      evictedUntil.set(oldest.key, until);
      nextDue = Math.min(nextDue, heldUntil(until));
      if (evictedUntil.size > maxEvicted) {
        const [key, forgotten] = evictedUntil.entries().next().value as [string, number];
        evictedUntil.delete(key);
        forgottenUntil = Math.max(forgottenUntil, forgotten);
        nextDue = Math.min(nextDue, heldUntil(forgottenUntil));
      }
      return oldest.s;
    },
    unfired() {
      const out: WindowState[] = [];
      for (const sessions of groups.values()) for (const s of sessions) if (!s.fired) out.push(s);
      return out.sort(byEnd);
    },
    held() {
      const out: [string, WindowState][] = [];
      for (const [key, sessions] of groups) for (const s of sessions) out.push([key, s]);
      return out;
    },
    adopt(key, state) {
      const sessions = groups.get(key) ?? [];
      sessions.push(state);
      sessions.sort((a, b) => a.start - b.start);
      groups.set(key, sessions);
      size_++;
      nextDue = Math.min(nextDue, dueAt(state));
    },
    evictions: () => ({ evictedUntil: [...evictedUntil], forgottenUntil, purgedUntil: [...purgedUntil] }),
    restoreEvictions(saved) {
      const memory = saved as { evictedUntil: [string, number][]; forgottenUntil: number; purgedUntil: [string, number][] };
      for (const [key, until] of memory.purgedUntil) purgedUntil.set(key, until), (nextDue = Math.min(nextDue, heldUntil(until)));
      for (const [key, until] of memory.evictedUntil) evictedUntil.set(key, until), (nextDue = Math.min(nextDue, heldUntil(until)));
      forgottenUntil = memory.forgottenUntil;
      if (Number.isFinite(forgottenUntil)) nextDue = Math.min(nextDue, heldUntil(forgottenUntil));
    },
  };
}
