import type { Accumulator, AccumulatorFactory } from './aggregations.js';

export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

/** One window of one group: its bounds, its aggregates, and where it is in its life. */
export interface WindowState {
  start: number;
  end: number;
  readonly group: Readonly<Record<string, unknown>>;
  readonly accs: Accumulator[];
  count: number;
  /** The on-time result has been emitted; the state stays only for allowed lateness. */
  fired: boolean;
  /** Changed since it was last emitted (early updates send only these). */
  dirty: boolean;
  /** The start its last result went out under; a session's start can move earlier after that. */
  emittedStart: number | undefined;
  emittedEnd: number;
  /** Results of sessions merged into this one, whose rows the next result of this one retracts. */
  superseded: WindowBounds[] | undefined;
}

export function newWindowState(start: number, end: number, group: Readonly<Record<string, unknown>>, factories: readonly AccumulatorFactory[]): WindowState {
  return { start, end, group, accs: factories.map((make) => make()), count: 0, fired: false, dirty: false, emittedStart: undefined, emittedEnd: end, superseded: undefined };
}

export function addToState(state: WindowState, record: unknown): void {
  for (const acc of state.accs) acc.add(record);
  state.count++;
  state.dirty = true;
}

/**
 * Where a window type keeps its open states. The operator owns time (the watermark) and
 * emission; a store only answers which states an event belongs to and which are due.
 */
export interface WindowStore {
  /**
   * Counts `record` (at `time`, in group `key`) into its windows. Returns `'late'` when every
   * window it belongs to was already purged, `'evicted'` when it belongs to none but one the cap
   * evicted, else the already-fired states it changed.
   */
  add(record: unknown, time: number, key: string, group: Readonly<Record<string, unknown>>, watermark: number): 'late' | 'evicted' | WindowState[];
  /** Marks and returns the states whose end the watermark reached; forgets those past allowed lateness. */
  due(watermark: number): WindowState[];
  /** The open state that would close first, removed and remembered as evicted; for the memory cap. */
  evictOldest(): WindowState | undefined;
  /** Every state not yet fired, in end order. */
  unfired(): WindowState[];
  /** How many states are held. */
  readonly size: number;
  /** Every state held (fired ones kept for lateness too), with its group key: for a checkpoint. */
  held(): [string, WindowState][];
  /** Takes a state back from a checkpoint, as `held` gave it. */
  adopt(key: string, state: WindowState): void;
  /** What the store remembers of evicted windows (structured-clone data), and taking it back. */
  evictions(): unknown;
  restoreEvictions(saved: unknown): void;
}

export const byEnd = (a: WindowState, b: WindowState): number => a.end - b.end || a.start - b.start;
