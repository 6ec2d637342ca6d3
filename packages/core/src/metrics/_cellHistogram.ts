import { Histogram } from 'prom-client';
import type { Labels } from './labels.js';

/** One histogram series: counts per bucket (not cumulative), their sum of values and total. */
export interface HistogramSeries {
  readonly labels: Labels;
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

interface ExportedValue {
  readonly labels: Record<string, string | number>;
  readonly sharedLabels: Labels;
  readonly value: number;
  readonly metricName: string;
}

/**
 * A prom-client Histogram (registered in the pipeline's registry, which writes and escapes it)
 * whose series live in `series` and are recorded by `observeInto`. prom-client's own `observe`
 * hashes the labels and copies objects on each call: about 400 ns measured here, against about
 * 20 ns for `observeInto`, and receive-to-sink latency is observed for every event delivered.
 */
export class CellHistogram extends Histogram<string> {
  readonly bounds: readonly number[];
  readonly #name: string;
  readonly #help: string;

  constructor(
    config: { name: string; help: string; labelNames: string[]; buckets: number[]; registers: NonNullable<ConstructorParameters<typeof Histogram>[0]['registers']> },
    private readonly series: ReadonlyMap<string, HistogramSeries>,
  ) {
    super(config);
    this.#name = config.name;
    this.#help = config.help;
    this.bounds = [...config.buckets].sort((a, b) => a - b);
  }

  newSeries(labels: Labels): HistogramSeries {
    return { labels, counts: new Float64Array(this.bounds.length), sum: 0, count: 0 };
  }

  observeInto(series: HistogramSeries, value: number): void {
    const { bounds } = this;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        series.counts[i]!++;
        break;
      }
    }
    series.sum += value;
    series.count++;
  }

  /** What the registry writes: cumulative buckets, `+Inf`, `_sum` and `_count` per series. */
  async getForPromString() {
    const values: ExportedValue[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += s.counts[i]!;
        values.push({ labels: { le: bound }, sharedLabels: s.labels, value: cumulative, metricName: `${this.#name}_bucket` });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels: s.labels, value: s.count, metricName: `${this.#name}_bucket` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.sum, metricName: `${this.#name}_sum` });
      values.push({ labels: {}, sharedLabels: s.labels, value: s.count, metricName: `${this.#name}_count` });
    }
    return { name: this.#name, help: this.#help, type: 'histogram', values, aggregator: 'sum' };
  }

  /** The same series as JSON (`registry.getMetricsAsJSON()`), each value's labels whole. */
  override async get(): ReturnType<Histogram<string>['get']> {
    const data = await this.getForPromString();
    const values = data.values.map((v) => ({ labels: { ...v.sharedLabels, ...v.labels }, value: v.value, metricName: v.metricName }));
    // prom-client's typings give `type` as an enum, while every metric it makes reports a string.
    return { ...data, values } as unknown as Awaited<ReturnType<Histogram<string>['get']>>;
  }
}
