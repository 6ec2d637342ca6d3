import { DDSketch } from '@datadog/sketches-js';
import { fieldPath, type FieldReader } from '../../model/fieldPath.js';

/** What a window computes for one output field. */
export type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'distinct' | `p${number}`;

/** One aggregation: a function and, except for `count`, the field it reads. */
export interface AggregateSpec {
  readonly fn: AggregateFunction;
  /** A dotted field path; `count` without one counts events. */
  readonly field?: string;
}

const SPEC = /^\s*(count|sum|avg|min|max|distinct|p\d{1,2}(?:\.\d+)?)\s*(?:\(\s*([^()\s]*)\s*\))?\s*$/;

/**
 * Reads `count`, `avg(eventBody.waitMs)`, `p90(waitMs)` or `distinct(eventBody.userId)`. Returns
 * `undefined` for anything else, so the config schema can word the error.
 */
export function parseAggregateSpec(text: string): AggregateSpec | undefined {
  const match = SPEC.exec(text);
  if (!match) return undefined;
  const fn = match[1] as AggregateFunction;
  const field = match[2] === undefined || match[2] === '' ? undefined : match[2];
  if (fn !== 'count' && field === undefined) return undefined;
  if (fn.startsWith('p') && !(Number(fn.slice(1)) > 0 && Number(fn.slice(1)) < 100)) return undefined;
  return field === undefined ? { fn } : { fn, field };
}

/**
 * The running state of one aggregation for one window and group. `merge` joins two states of the
 * same spec, which session windows need when an event bridges two sessions.
 */
export interface Accumulator {
  add(record: unknown): void;
  merge(other: Accumulator): void;
  result(): number | null;
  /** What a checkpoint keeps of it (structured-clone data); `restore` takes it back into a fresh one. */
  save(): unknown;
  restore(saved: unknown): void;
}

const numberOf = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
};

type Num = (record: unknown) => number | undefined;

class CountAcc implements Accumulator {
  n = 0;
  constructor(private readonly read: ((r: unknown) => unknown) | undefined) {}
  // count(field) counts events where the field has a value, like SQL's COUNT(column): absent and null are left out.
  add(r: unknown): void {
    if (this.read === undefined) this.n++;
    else {
      const value = this.read(r);
      if (value !== undefined && value !== null) this.n++;
    }
  }
  merge(o: Accumulator): void {
    this.n += (o as CountAcc).n;
  }
  result(): number {
    return this.n;
  }
  save(): number {
    return this.n;
  }
  restore(saved: unknown): void {
    this.n = saved as number;
  }
}

class SumAvgAcc implements Accumulator {
  s = 0;
  n = 0;
  constructor(private readonly num: Num, private readonly avg: boolean) {}
  add(r: unknown): void {
    const v = this.num(r);
    if (v !== undefined) (this.s += v), this.n++;
  }
  merge(o: Accumulator): void {
    (this.s += (o as SumAvgAcc).s), (this.n += (o as SumAvgAcc).n);
  }
  result(): number | null {
    if (!this.avg) return this.s;
    return this.n === 0 ? null : this.s / this.n;
  }
  save(): [number, number] {
    return [this.s, this.n];
  }
  restore(saved: unknown): void {
    [this.s, this.n] = saved as [number, number];
  }
}

class ExtremeAcc implements Accumulator {
  best: number | null = null;
  constructor(private readonly num: Num, private readonly min: boolean) {}
  private offer(v: number | null | undefined): void {
    if (v === undefined || v === null) return;
    if (this.best === null || (this.min ? v < this.best : v > this.best)) this.best = v;
  }
  add(r: unknown): void {
    this.offer(this.num(r));
  }
  merge(o: Accumulator): void {
    this.offer((o as ExtremeAcc).best);
  }
  result(): number | null {
    return this.best;
  }
  save(): number | null {
    return this.best;
  }
  restore(saved: unknown): void {
    this.best = saved as number | null;
  }
}

/** Exact: a window's distinct values (agents, queues, conversations) stay in the thousands. */
class DistinctAcc implements Accumulator {
  readonly seen = new Set<unknown>();
  constructor(private readonly read: (r: unknown) => unknown) {}
  add(r: unknown): void {
    const v = this.read(r);
    if (v !== undefined && v !== null) this.seen.add(typeof v === 'object' ? JSON.stringify(v) : v);
  }
  merge(o: Accumulator): void {
    for (const v of (o as DistinctAcc).seen) this.seen.add(v);
  }
  result(): number {
    return this.seen.size;
  }
  save(): unknown[] {
    return [...this.seen];
  }
  restore(saved: unknown): void {
    for (const v of saved as unknown[]) this.seen.add(v);
  }
}

type SketchStore = DDSketch['store'];
interface SavedStore {
  readonly bins: number[];
  readonly count: number;
  readonly minKey: number;
  readonly maxKey: number;
  readonly offset: number;
  readonly chunkSize: number;
}
interface SavedSketch {
  readonly positive: SavedStore;
  readonly negative: SavedStore;
  readonly zeroCount: number;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
}
const savedStore = ({ bins, count, minKey, maxKey, offset, chunkSize }: SketchStore): SavedStore => ({ bins: [...bins], count, minKey, maxKey, offset, chunkSize });

/**
 * A DDSketch keeps every quantile within 1% relative error in a few hundred bytes whatever the
 * number of values, where sorting would hold every value until the window closes.
 */
class QuantileAcc implements Accumulator {
  sketch: DDSketch | undefined;
  constructor(private readonly num: Num, private readonly quantile: number) {}
  add(r: unknown): void {
    const v = this.num(r);
    if (v !== undefined) (this.sketch ??= new DDSketch({ relativeAccuracy: 0.01 })).accept(v);
  }
  merge(o: Accumulator): void {
    const other = (o as QuantileAcc).sketch;
    if (other === undefined) return;
    if (this.sketch === undefined) this.sketch = new DDSketch({ relativeAccuracy: 0.01 });
    const negatives = this.sketch.count === 0 ? undefined : this.sketch.negativeStore.count;
    this.sketch.merge(other);
    // sketches-js 2.1.1 counts the other's negative values but leaves out their bins
    // (DataDog/sketches-js#22); merge them here unless the library did.
    if (negatives !== undefined && other.negativeStore.count > 0 && this.sketch.negativeStore.count === negatives) this.sketch.negativeStore.merge(other.negativeStore);
  }
  result(): number | null {
    const sketch = this.sketch;
    if (sketch === undefined || sketch.count === 0) return null;
    // The sketch answers within 1% of a bin's value; the exact min and max bound it, so one value is itself.
    return Math.min(sketch.max, Math.max(sketch.min, sketch.getValueAtQuantile(this.quantile)));
  }
  /**
   * The sketch's two bin stores and summary, through the fields the library declares public: its
   * own `toProto` needs an optional protobuf package, and its `fromProto` loses min, max and sum.
   */
  save(): SavedSketch | null {
    const sketch = this.sketch;
    if (sketch === undefined) return null;
    const { zeroCount, count, min, max, sum } = sketch;
    return { positive: savedStore(sketch.store), negative: savedStore(sketch.negativeStore), zeroCount, count, min, max, sum };
  }
  restore(saved: unknown): void {
    if (saved === null) return;
    const { positive, negative, ...summary } = saved as SavedSketch;
    const sketch = new DDSketch({ relativeAccuracy: 0.01 });
    Object.assign(sketch.store, positive);
    Object.assign(sketch.negativeStore, negative);
    Object.assign(sketch, summary);
    this.sketch = sketch;
  }
}

/** Makes fresh accumulators for each window and group; the field reader is compiled once. */
export type AccumulatorFactory = () => Accumulator;

export function accumulatorFactory(spec: AggregateSpec): AccumulatorFactory {
  const read: FieldReader | undefined = spec.field === undefined ? undefined : fieldPath(spec.field);
  const num: Num = (record) => (read === undefined ? undefined : numberOf(read(record)));
  switch (spec.fn) {
    case 'count':
      return () => new CountAcc(read);
    case 'sum':
    case 'avg':
      return () => new SumAvgAcc(num, spec.fn === 'avg');
    case 'min':
    case 'max':
      return () => new ExtremeAcc(num, spec.fn === 'min');
    case 'distinct':
      return () => new DistinctAcc(read!);
    default: {
      const quantile = Number(spec.fn.slice(1)) / 100;
      return () => new QuantileAcc(num, quantile);
    }
  }
}
