// A window restarted from its checkpoint ends where an uninterrupted one does: the rows an
// upserting sink holds, and the late events, are the same wherever the run was cut.
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concat, from, NEVER } from 'rxjs';
import type { OperatorState } from '../defineOperator.js';
import { windowResultKey } from './definition.js';
import { window } from './window.js';
import type { WindowOptions, WindowResult } from './types.js';

interface Ev {
  readonly t: number;
  readonly q: string;
  readonly v: number;
}

type Shape = Omit<WindowOptions<Ev>, 'onLate' | 'eventTime' | 'state'>;

const AGGREGATE = { n: 'count', total: 'sum(v)', mean: 'avg(v)', lo: 'min(v)', p90: 'p90(v)', kinds: 'distinct(v)' } as const;

/** Feeds `events` through a window; with `stop`, the run ends without completing (a crash) and the checkpoint it saved is returned. */
function run(events: readonly Ev[], shape: Shape, restored: unknown, stop: boolean) {
  const results: WindowResult[] = [];
  let late = 0;
  let snapshot: (() => unknown) | undefined;
  const refused: string[] = [];
  const state: OperatorState = { restored, save: (s) => void (snapshot = s), refuse: (reason) => void refused.push(reason) };
  const input = stop ? concat(from(events), NEVER) : from(events);
  input
    .pipe(window<Ev>({ ...shape, eventTime: 't', onLate: () => late++, state }))
    .subscribe((r) => results.push(r))
    .unsubscribe();
  // Through the structured clone the spool writes checkpoints with.
  return { results, late, refused, checkpoint: snapshot === undefined ? undefined : deserialize(serialize(snapshot())) };
}

/** The rows an upserting sink ends with: key -> count and values. */
const rows = (results: readonly WindowResult[]) => {
  const table = new Map<string, unknown>();
  for (const r of results) table.set(windowResultKey(r), { count: r.count, values: r.values });
  return Object.fromEntries([...table].sort(([a], [b]) => (a < b ? -1 : 1)));
};

const arbEvents = fc.array(fc.record({ t: fc.integer({ min: 0, max: 60 }), q: fc.constantFrom('a', 'b'), v: fc.integer({ min: -5, max: 40 }) }), { maxLength: 50 });

function cutAnywhere(shapeOf: (ooo: number, lateness: number, extra: number) => Shape) {
  fc.assert(
    fc.property(arbEvents, fc.nat(), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 12 }), (events, at, ooo, lateness, extra) => {
      const shape = shapeOf(ooo, lateness, extra);
      const whole = run(events, shape, undefined, false);
      const cut = at % (events.length + 1);
      const first = run(events.slice(0, cut), shape, undefined, true);
      const second = run(events.slice(cut), shape, first.checkpoint, false);
      expect(second.refused).toEqual([]);
      expect(rows([...first.results, ...second.results])).toEqual(rows(whole.results));
      expect(first.late + second.late).toBe(whole.late);
    }),
  );
}

describe('a window restarted from its checkpoint', () => {
  it('ends with the rows and late events of an uncut run, wherever the run was cut (tumbling and sliding)', () => {
    cutAnywhere((ooo, lateness, extra) => ({ type: 'sliding', size: 10, slide: 5 + (extra % 6), groupBy: 'q', aggregate: AGGREGATE, maxOutOfOrderness: ooo, allowedLateness: lateness, maxOpenWindows: 2 + extra }));
  });

  it('ends with the rows and late events of an uncut run, wherever the run was cut (sessions, merges and the cap included)', () => {
    cutAnywhere((ooo, lateness, extra) => ({ type: 'session', gap: extra, groupBy: 'q', aggregate: AGGREGATE, maxOutOfOrderness: ooo, allowedLateness: lateness, maxOpenWindows: 1 + (extra % 4) }));
  });

  it('refuses a checkpoint written for other options, saying so, and starts empty', () => {
    const shape: Shape = { type: 'tumbling', size: 10, aggregate: { n: 'count' } };
    const { checkpoint } = run([{ t: 1, q: 'a', v: 1 }], shape, undefined, true);
    const other = run([{ t: 2, q: 'a', v: 1 }], { ...shape, size: 20 }, checkpoint, false);
    expect(other.refused).toEqual([expect.stringContaining('other window options')]);
    expect(other.results.map((r) => r.count)).toEqual([1]);
    // The same options take it up: the first run's event is still counted.
    expect(run([{ t: 2, q: 'a', v: 1 }], shape, checkpoint, false).results.map((r) => r.count)).toEqual([2]);
  });
});
