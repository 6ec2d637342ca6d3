import { asyncScheduler, Observable, type OperatorFunction, type Subscription } from 'rxjs';
import { accumulatorFactory, parseAggregateSpec, type AggregateSpec } from './aggregations.js';
import { toEpochMs } from '../../model/schemas/eventTime.js';
import { fieldPath } from '../../model/fieldPath.js';
import { fixedWindowStore } from './fixedWindowStore.js';
import { sessionWindowStore } from './sessionWindowStore.js';
import { WINDOW_DEFAULT_MAX_OPEN, type WindowEmitReason, type WindowOptions, type WindowResult } from './types.js';
import { newWindowState, type WindowBounds, type WindowState, type WindowStore } from './windowState.js';
import { restoredCheckpoint } from '../_stageCheckpoint.js';
import { NONE } from '../_lists.js';

const CHECKPOINT_KIND = 'gcstream.window/1';

/** One window of one group as a checkpoint keeps it. */
interface SavedState {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly group: Readonly<Record<string, unknown>>;
  readonly count: number;
  readonly fired: boolean;
  readonly dirty: boolean;
  readonly emittedStart: number | undefined;
  readonly emittedEnd: number;
  readonly superseded: WindowBounds[] | undefined;
  readonly accs: unknown[];
}

interface WindowCheckpoint {
  readonly kind: typeof CHECKPOINT_KIND;
  /** The options the states were made under: another window's states would not fit. */
  readonly shape: string;
  readonly watermark: number;
  readonly evictions: unknown;
  readonly states: SavedState[];
}

function resolveSpecs(aggregate: WindowOptions<unknown>['aggregate']): [string, AggregateSpec][] {
  const entries = Object.entries(aggregate ?? { count: 'count' });
  return entries.map(([name, spec]) => {
    const parsed = typeof spec === 'string' ? parseAggregateSpec(spec) : spec;
    if (parsed === undefined) throw new TypeError(`[gcstream] [operator:window] aggregate "${name}: ${String(spec)}" is not understood; write count, sum(field), avg(field), min(field), max(field), p90(field) or distinct(field)`);
    return [name, parsed];
  });
}

/** Sliding windows that start further apart than they last leave gaps: events there would count in no window, silently. */
export const SLIDE_PAST_SIZE = (slide: number, size: number) =>
  `slide (${slide} ms) is longer than size (${size} ms), so events between two windows would be counted in none; make slide at most size`;

function checkShape(options: WindowOptions<unknown>): void {
  const positive = (v: number | undefined) => v !== undefined && Number.isFinite(v) && v > 0;
  if (options.type === 'session' ? !positive(options.gap) : !positive(options.size)) {
    throw new TypeError(`[gcstream] [operator:window] a ${options.type} window needs a positive ${options.type === 'session' ? 'gap' : 'size'} (ms)`);
  }
  if (options.type === 'sliding' && options.slide !== undefined && !positive(options.slide)) throw new TypeError('[gcstream] [operator:window] slide must be a positive number of ms');
  for (const key of ['earlyUpdates', 'idleTimeout'] as const) {
    if (options[key] !== undefined && !positive(options[key])) throw new TypeError(`[gcstream] [operator:window] ${key} must be a positive number of ms; leave it out to turn it off`);
  }
  if (options.type === 'sliding' && options.slide !== undefined && options.slide > options.size!) throw new TypeError(`[gcstream] [operator:window] ${SLIDE_PAST_SIZE(options.slide, options.size!)}`);
}

/**
 * Aggregates events into tumbling, sliding or session windows over **event time**.
 *
 * The watermark is the newest event time seen minus `maxOutOfOrderness`; a window is emitted once
 * the watermark passes its end, so events reordered within that bound land where they belong and
 * the results do not depend on arrival order. A window is kept `allowedLateness` longer, and a
 * late event within it re-emits the window (reason `late`). An event later than that goes to
 * `onLate`: a side output the pipeline wires to a sink or to dead letters, never dropped.
 *
 * @example
 * ```ts
 * events$.pipe(
 *   window({
 *     type: 'tumbling', size: 60_000, maxOutOfOrderness: 5_000,
 *     groupBy: 'eventBody.queueId',
 *     aggregate: { offered: 'count', p90Wait: 'p90(eventBody.waitMs)', agents: 'distinct(eventBody.userId)' },
 *     onLate: ({ event }) => deadLetters.next(event),
 *   }),
 * ); // { type, start, end, group: { 'eventBody.queueId': 'q1' }, values: { offered: 12, ... }, final: true, reason: 'close' }
 * ```
 */
export function window<T>(options: WindowOptions<T>): OperatorFunction<T, WindowResult> {
  checkShape(options as WindowOptions<unknown>);
  const specs = resolveSpecs(options.aggregate);
  const names = specs.map(([name]) => name);
  const factories = specs.map(([, spec]) => accumulatorFactory(spec));
  const ooo = Math.max(0, options.maxOutOfOrderness ?? 0);
  const lateness = Math.max(0, options.allowedLateness ?? 0);
  const maxOpen = Math.max(1, options.maxOpenWindows ?? WINDOW_DEFAULT_MAX_OPEN);
  const scheduler = options.scheduler ?? asyncScheduler;
  const groupPaths = options.groupBy === undefined ? [] : typeof options.groupBy === 'string' ? [options.groupBy] : [...options.groupBy];
  const groupReaders = groupPaths.map(fieldPath);
  const timeOf: (event: T) => unknown =
    typeof options.eventTime === 'function' ? options.eventTime : fieldPath(options.eventTime ?? 'eventTime');
  const { onLate, onOpenWindows, onEvicted, onDeadLetter } = options;
  const tick = Math.min(options.earlyUpdates ?? Number.POSITIVE_INFINITY, options.idleTimeout ?? Number.POSITIVE_INFINITY);

  // What a checkpoint's states depend on: they fit only a window of the same type, sizes, groups and aggregations.
  const shape = JSON.stringify([options.type, options.size, options.slide, options.gap, groupPaths, specs]);

  const makeStore = (): WindowStore =>
    options.type === 'session'
      ? sessionWindowStore(options.gap!, lateness, factories, maxOpen)
      : fixedWindowStore(options.size!, options.type === 'tumbling' ? options.size! : (options.slide ?? options.size!), lateness, factories);

  const toResult = (s: WindowState, reason: WindowEmitReason): WindowResult => {
    const values: Record<string, number | null> = {};
    for (let i = 0; i < names.length; i++) values[names[i]!] = s.accs[i]!.result();
    s.dirty = false;
    s.emittedStart = s.start;
    s.emittedEnd = s.end;
    return { type: options.type, start: s.start, end: s.end, group: s.group, values, count: s.count, final: reason !== 'early', reason };
  };
  /** What a retracted result carries: the values of a window without events, so a sink's row adds nothing. */
  const emptyValues: Readonly<Record<string, number | null>> = Object.freeze(Object.fromEntries(names.map((name, i) => [name, factories[i]!().result()])));
  /**
   * The results a session's next one replaces under another key: those of the sessions merged
   * into it, and its own if its start moved earlier. Empty for tumbling and sliding windows.
   */
  const retractionsOf = (s: WindowState): readonly WindowResult[] => {
    // Most results replace none: no list is made for them.
    if (s.superseded === undefined && (s.emittedStart === undefined || s.emittedStart === s.start)) return NONE;
    const stale = s.superseded ?? [];
    s.superseded = undefined;
    if (s.emittedStart !== undefined && s.emittedStart !== s.start) stale.push({ start: s.emittedStart, end: s.emittedEnd });
    return stale.filter((b) => b.start !== s.start).map((b) => ({ type: options.type, start: b.start, end: b.end, group: s.group, values: emptyValues, count: 0, final: true, reason: 'retracted' }));
  };

  return (source) =>
    new Observable<WindowResult>((subscriber) => {
      const store = makeStore();
      let watermark = Number.NEGATIVE_INFINITY;
      const restored = restoredCheckpoint<WindowCheckpoint>(options.state, CHECKPOINT_KIND);
      if (restored !== undefined && restored.shape !== shape) {
        options.state?.refuse?.("it was written for other window options (type, size, slide, gap, groupBy or aggregate changed)");
      } else if (restored !== undefined) {
        watermark = restored.watermark;
        store.restoreEvictions(restored.evictions);
        for (const saved of restored.states) {
          const state = newWindowState(saved.start, saved.end, saved.group, factories);
          saved.accs.forEach((acc, i) => state.accs[i]!.restore(acc));
          Object.assign(state, { count: saved.count, fired: saved.fired, dirty: saved.dirty, emittedStart: saved.emittedStart, emittedEnd: saved.emittedEnd, superseded: saved.superseded });
          store.adopt(saved.key, state);
        }
      }
      options.state?.save(
        (): WindowCheckpoint => ({
          kind: CHECKPOINT_KIND,
          shape,
          watermark,
          evictions: store.evictions(),
          states: store.held().map(([key, s]) => ({ key, start: s.start, end: s.end, group: s.group, count: s.count, fired: s.fired, dirty: s.dirty, emittedStart: s.emittedStart, emittedEnd: s.emittedEnd, superseded: s.superseded, accs: s.accs.map((acc) => acc.save()) })),
        }),
      );
      let lastEventAt = scheduler.now();
      let lastOpen = 0;
      let ticker: Subscription | undefined;

      const reportOpen = () => {
        if (onOpenWindows !== undefined && store.size !== lastOpen) onOpenWindows((lastOpen = store.size));
      };
      const emit = (s: WindowState, reason: WindowEmitReason): WindowResult => {
        for (const r of retractionsOf(s)) subscriber.next(r);
        const result = toResult(s, reason);
        subscriber.next(result);
        return result;
      };
      const fireDue = () => {
        for (const s of store.due(watermark)) emit(s, 'close');
      };
      const deadLetter = (event: T, reason: string) => {
        if (onDeadLetter === undefined) subscriber.error(new TypeError(`[gcstream] [operator:window] ${reason}`));
        else onDeadLetter({ stage: 'operator:window', reason, payload: event, at: scheduler.now() });
      };

      if (Number.isFinite(tick)) {
        ticker = scheduler.schedule(function (this: { schedule(state?: unknown, delay?: number): unknown }) {
          const now = scheduler.now();
          if (options.idleTimeout !== undefined && now - lastEventAt >= options.idleTimeout && Number.isFinite(watermark)) {
            // Event time moves on with the clock while nothing arrives, so quiet windows still close.
            watermark += now - lastEventAt;
            lastEventAt = now;
            fireDue();
            reportOpen();
          }
          if (options.earlyUpdates !== undefined) for (const s of store.unfired()) if (s.dirty) emit(s, 'early');
          this.schedule(undefined, tick);
        }, tick);
      }

      const subscription = source.subscribe({
        next(event) {
          const read = timeOf(event);
          // Genesys writes times as ISO 8601 text (connectedTime, startTime, ...): either is read.
          const time = toEpochMs(read);
          if (time === undefined) return deadLetter(event, `event time is neither epoch ms nor an ISO 8601 time (${String(read)})`);
          lastEventAt = scheduler.now();
          let key = '';
          let group: Record<string, unknown> = {};
          if (groupReaders.length > 0) {
            const values = groupReaders.map((read) => read(event) ?? null);
            // Object values as JSON: String() would make every object one group, "[object Object]".
            key = values.length === 1 && (typeof values[0] !== 'object' || values[0] === null) ? `${typeof values[0]}:${String(values[0])}` : JSON.stringify(values);
            group = Object.fromEntries(groupPaths.map((path, i) => [path, values[i]]));
          }
          const added = store.add(event, time, key, group, watermark);
          if (typeof added === 'string') onLate({ event, eventTime: time, watermark, reason: added });
          else for (const s of added) emit(s, 'late');
          const next = time - ooo;
          if (next > watermark) {
            watermark = next;
            fireDue();
          }
          // After the windows this event closed: a window about to close on time is not split.
          while (store.size > maxOpen) {
            const evicted = store.evictOldest();
            if (evicted === undefined) break;
            const result = emit(evicted, 'evicted');
            onEvicted?.(result);
          }
          reportOpen();
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          for (const s of store.unfired()) emit(s, 'complete');
          subscriber.complete();
        },
      });
      return () => {
        ticker?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
