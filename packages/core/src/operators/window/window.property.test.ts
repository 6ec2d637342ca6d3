import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { from } from 'rxjs';
import { window } from './window.js';
import type { WindowOptions, WindowResult } from './types.js';

interface Ev {
  readonly id: number;
  readonly t: number;
  readonly q: string;
  readonly v: number;
}

const arbEvents = fc.array(fc.record({ t: fc.integer({ min: 0, max: 300 }), q: fc.constantFrom('a', 'b', 'c'), v: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 80 }).map((xs) => xs.map((x, id) => ({ ...x, id })));

function run(events: readonly Ev[], options: Omit<WindowOptions<Ev>, 'onLate'>): { results: WindowResult[]; late: Ev[] } {
  const results: WindowResult[] = [];
  const late: Ev[] = [];
  from(events)
    .pipe(window<Ev>({ ...options, eventTime: 't', onLate: (l) => late.push(l.event) }))
    .subscribe((r) => results.push(r));
  return { results, late };
}

/** The newest result for each window and group: a late update replaces the window's earlier result. */
const lastPerWindow = (results: readonly WindowResult[]) => {
  const last = new Map<string, WindowResult>();
  for (const r of results) last.set(`${r.start}/${r.end}/${JSON.stringify(r.group)}`, r);
  return [...last.values()];
};

const sum = (rs: readonly WindowResult[]) => rs.reduce((n, r) => n + r.count, 0);

describe('window properties', () => {
  it('conserves events in tumbling windows: on time plus late equals input, in any arrival order', () => {
    fc.assert(
      fc.property(arbEvents, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 60 }), (events, ooo, lateness, size) => {
        const { results, late } = run(events, { type: 'tumbling', size, maxOutOfOrderness: ooo, allowedLateness: lateness, groupBy: 'q' });
        expect(sum(lastPerWindow(results)) + late.length).toBe(events.length);
      }),
    );
  });

  it('conserves events in session windows', () => {
    fc.assert(
      fc.property(arbEvents, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 30 }), (events, ooo, gap) => {
        const { results, late } = run(events, { type: 'session', gap, maxOutOfOrderness: ooo, groupBy: 'q' });
        expect(sum(results) + late.length).toBe(events.length);
      }),
    );
  });

  it('counts every on-time event in size / slide sliding windows', () => {
    fc.assert(
      fc.property(arbEvents, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 20 }), (events, k, slide) => {
        const sorted = [...events].sort((a, b) => a.t - b.t);
        const { results, late } = run(sorted, { type: 'sliding', size: slide * k, slide });
        expect(late).toEqual([]);
        expect(sum(results)).toBe(events.length * k);
      }),
    );
  });

  it('does not depend on arrival order within the watermark', () => {
    // Arrival order sorted by time plus a jitter of at most `ooo`: no event is ever more than
    // `ooo` behind the newest one before it, so every order is "within the watermark".
    const arbJittered = (ooo: number) =>
      arbEvents.chain((events) => fc.array(fc.integer({ min: 0, max: ooo }), { minLength: events.length, maxLength: events.length }).map((jitter) => ({ events, jitter })));
    const normal = (rs: readonly WindowResult[]) => rs.map((r) => JSON.stringify(r)).sort();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }).chain((ooo) => arbJittered(ooo).map((x) => ({ ...x, ooo }))),
        fc.constantFrom<WindowOptions<Ev>['type']>('tumbling', 'sliding', 'session'),
        ({ events, jitter, ooo }, type) => {
          const shuffled = events.map((e, i) => ({ e, key: e.t + jitter[i]! })).sort((a, b) => a.key - b.key || a.e.id - b.e.id).map((x) => x.e);
          const inOrder = [...events].sort((a, b) => a.t - b.t);
          const options = { type, size: 25, slide: 10, gap: 7, maxOutOfOrderness: ooo, groupBy: 'q', aggregate: { n: 'count', total: 'sum(v)', hi: 'max(v)', p90: 'p90(v)', distinct: 'distinct(v)' } } as const;
          const a = run(shuffled, options);
          const b = run(inOrder, options);
          expect(a.late).toEqual([]);
          expect(normal(a.results)).toEqual(normal(b.results));
        },
      ),
    );
  });
});
